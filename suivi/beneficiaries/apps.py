from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeneficiariesConfig(AppConfig):
    name = "suivi.beneficiaries"
    label = "beneficiaries"
    verbose_name = _("Beneficiaries and their journeys")
    home_panels = "suivi.beneficiaries.home.panels"
    # Computes indicators from person records, through the indicators app's
    # service (suivi.indicators.services.computed).
    indicator_sources = {"beneficiaries": "suivi.beneficiaries.computation.source.SOURCE"}
    audit_actions = {
        "beneficiaries.person.registered": _("Person registered"),
        "beneficiaries.people.registered": _("Persons registered from a spreadsheet"),
        "beneficiaries.import_batch.published": _("Imported records shown (import finished)"),
        "beneficiaries.import_batch.discarded": _("Imported records removed (import failed)"),
        "beneficiaries.events.recorded": _("Services recorded from a spreadsheet"),
        "beneficiaries.person.viewed": _("Person record viewed"),
        "beneficiaries.person.contacts_changed": _("Contacts changed"),
        "beneficiaries.person.registration_moved": _(
            "Registration moved to the date of an earlier service"
        ),
        "beneficiaries.consent.given": _("Consent recorded"),
        "beneficiaries.consent.withdrawn": _("Consent withdrawn"),
        "beneficiaries.event.recorded": _("Service recorded"),
        "beneficiaries.centre.created": _("Centre created"),
        "beneficiaries.grid.created": _("Vulnerability grid created"),
        "beneficiaries.grid.changed": _("Vulnerability grid changed"),
        "beneficiaries.trade.created": _("Trade created"),
        "beneficiaries.event_type.created": _("Service type created"),
        "beneficiaries.event_type.changed": _("Service type changed"),
        "beneficiaries.centre.changed": _("Centre changed"),
        "beneficiaries.trade.changed": _("Trade changed"),
        "beneficiaries.indicators.computed": _("Indicators computed from records"),
        "beneficiaries.recomputation.requested": _("Recomputation requested"),
        "beneficiaries.computation.defined": _("Indicator computation defined"),
        "beneficiaries.records.listed": _("Records behind a figure listed"),
        "beneficiaries.duplicate.linked": _("Records linked as the same person"),
        "beneficiaries.duplicate.rejected": _("Records kept as different persons"),
        "beneficiaries.duplicates.reviewed": _("Possible duplicates reviewed"),
        "beneficiaries.duplicates.exported": _("Possible duplicates exported"),
        "beneficiaries.persons.exported": _("Persons exported"),
        "beneficiaries.persons.searched_by_contact": _(
            "Persons searched by phone or document number"
        ),
        "beneficiaries.services.exported": _("Services exported"),
        "beneficiaries.services.searched_by_contact": _(
            "Services searched by phone or document number"
        ),
        "beneficiaries.referrals.exported": _("Referrals exported"),
        "beneficiaries.duplicate.unlinked": _("Link between two records undone"),
        "beneficiaries.duplicates.proposed": _("Possible duplicates of a registration proposed"),
        "beneficiaries.duplicates.not_compared": _(
            "Registrations the matching model could not compare"
        ),
        "beneficiaries.duplicates.record_viewed": _("Record viewed by a duplicates reviewer"),
        "beneficiaries.referral.sent": _("Referral sent"),
        "beneficiaries.referral.accepted": _("Referral accepted"),
        "beneficiaries.referral.declined": _("Referral declined"),
        "beneficiaries.referral.withdrawn": _("Referral withdrawn"),
        "beneficiaries.referral.served": _("Referral served"),
    }
