"""The objects the access table fills URLs with: the demo, plus what the demo
lacks (values to review, jobs, a run, a withdrawn consent…), built once per
module through the services (`url_access.py` names them as targets)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from suivi.accounts.tests.factories import SYSTEM
from suivi.demo.tests import url_access_users as access_users
from suivi.demo.tests.url_access_visibility import visibility


def _today() -> str:
    return timezone.localdate().isoformat()


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("preuve.pdf", b"%PDF-1.4\n% test\n", content_type="application/pdf")


def _xlsx(kind: str) -> SimpleUploadedFile:
    from suivi.interop.records.template import write_template

    return SimpleUploadedFile(
        f"{kind}.xlsx",
        write_template(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@dataclass
class World:
    """The demo data plus what it lacks (values waiting for review, a sent
    referral, import jobs, a recomputation, supporting files, extra users), the
    users' sessions, and what each user may see."""

    users: dict[str, Any] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    names: dict[str, frozenset[str]] = field(default_factory=dict)
    refs: dict[str, frozenset[str]] = field(default_factory=dict)
    prefixes: dict[str, frozenset[str]] = field(default_factory=dict)
    codes: dict[str, frozenset[str]] = field(default_factory=dict)
    all_names: frozenset[str] = frozenset()
    all_refs: frozenset[str] = frozenset()
    all_prefixes: frozenset[str] = frozenset()
    all_codes: frozenset[str] = frozenset()
    cache: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: int = 0

    def target(self, name: str) -> dict[str, Any]:
        if name not in self.cache:
            kind, _sep, label = name.partition(":")
            if kind not in TARGETS:
                raise LookupError(f"no target kind {kind!r}: add it to TARGETS")
            self.cache[name] = TARGETS[kind](self, label)
        return self.cache[name]


def _one(queryset, what: str):
    found = queryset.first()
    if found is None:
        raise LookupError(f"the demo has no {what}")
    return found


def _organisation(w: World, code: str) -> dict[str, Any]:
    from suivi.accounts.models import Organisation

    return {"pk": Organisation.objects.get(code=code).pk}


def _membership(w: World, username: str) -> dict[str, Any]:
    return {"pk": w.users[username].memberships.get().pk}


def _indicator(w: World, code: str) -> dict[str, Any]:
    from suivi.indicators.models import Indicator

    return {"pk": Indicator.objects.get(code=code).pk}


def _entry(w: World, label: str) -> dict[str, Any]:
    code, year = label.split("/")
    return {**_indicator(w, code), "year": int(year)}


def _value(w: World, code: str) -> dict[str, Any]:
    """The total of the indicator's latest yearly value (2020 where measured)."""
    from suivi.indicators.models import MeasurementValue

    value = _one(
        MeasurementValue.objects.filter(
            measurement__indicator__code=code,
            measurement__period__quarter=0,
            measurement__period__year__lte=2020,
            cell_key="",
        ).order_by("-measurement__period__year"),
        f"value of {code}",
    )
    return {"pk": value.pk}


def _person(w: World, label: str) -> dict[str, Any]:
    from suivi.beneficiaries.models import JourneyEvent

    person = w.objects[f"person:{label}"]
    enrolment = (
        JourneyEvent.objects.filter(
            person__identity_key=person.identity_key, event_type__code="training_enrolment"
        )
        .order_by("occurred_on")
        .first()
    )
    return {"pk": person.pk, "enrolment": enrolment.pk if enrolment else ""}


def _consent(w: World, label: str) -> dict[str, Any]:
    """`person label/organisation code`: that person's consent to share with it."""
    person_label, _slash, code = label.partition("/")
    person = w.objects[f"person:{person_label}"]
    consent = person.consents.get(kind="share", organisation__code=code)
    return {"pk": person.pk, "consent": consent.pk}


def _referral(w: World, label: str) -> dict[str, Any]:
    return w.objects[f"referral:{label}"]


def _admin_object(w: World, label: str) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType

    from suivi.accounts.models import Organisation
    from suivi.core.models import AuditEvent

    if label == "organisation":
        organisation = Organisation.objects.get(code="en")
        content_type = ContentType.objects.get_for_model(Organisation)
        return {"object_id": organisation.pk, "content_type_id": content_type.pk}
    if label == "user":
        return {"object_id": w.users["pf.en"].pk, "id": w.users["pf.en"].pk}
    if label == "totpdevice":
        device = w.objects["device:responsable"]
        return {"object_id": device.pk, "pk": device.pk}
    if label == "auditevent":
        return {"object_id": AuditEvent.objects.order_by("occurred_at").first().pk}
    # Models without rows in the demo: an id that does not exist.
    return {"object_id": 999999 if label != "dbtaskresult" else uuid.uuid4()}


def _steering(w: World, slug: str) -> dict[str, Any]:
    """The first record of a steering register (demo data), by its URL segment."""
    from suivi.governance.registers import BY_SLUG
    from suivi.governance.selectors import MODELS

    model = MODELS[BY_SLUG[slug].kind]
    return {"kind": slug, "pk": _one(model._default_manager.order_by("created_at"), slug).pk}


def _capacity(w: World, slug: str) -> dict[str, Any]:
    """The first record of a capacity register (demo data), by its URL segment."""
    from suivi.capacity.registers import BY_SLUG
    from suivi.capacity.selectors import MODELS

    model = MODELS[BY_SLUG[slug].kind]
    return {"kind": slug, "pk": _one(model._default_manager.order_by("created_at"), slug).pk}


def _participant(w: World, label: str) -> dict[str, Any]:
    from suivi.capacity.models import Participant

    return {"pk": _one(Participant.objects.order_by("created_at"), "participant").pk}


def _definition(w: World, code: str) -> dict[str, Any]:
    from suivi.capacity.models import CapacityDefinition

    return {"pk": _one(CapacityDefinition.objects.filter(indicator__code=code), code).pk}


def _steering_action(w: World, slug: str) -> dict[str, Any]:
    """An open action of a risk or a decision, and the step that completes it."""
    from suivi.governance.models import DecisionAction, RiskAction

    model = RiskAction if slug == "risques" else DecisionAction
    action = _one(model.objects.filter(status="in_progress").order_by("created_at"), slug)
    return {"kind": slug, "pk": action.pk, "step": "complete"}


TARGETS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "organisation": _organisation,
    "membership": _membership,
    "intervention": lambda w, code: {"code": code},
    "indicator": _indicator,
    "entry": _entry,
    "measurement": lambda w, code: {"pk": w.objects[f"measurement:{code}"].pk},
    "evidence": lambda w, code: {"pk": w.objects[f"evidence:{code}"].pk},
    "period": lambda w, label: {"pk": w.objects[f"period:{label}"].pk},
    "value": _value,
    "run": lambda w, code: {"pk": w.objects[f"run:{code}"].pk},
    "job": lambda w, label: {"pk": w.objects[f"job:{label}"].pk},
    "kind": lambda w, kind: {"kind": kind},
    "centre": lambda w, code: {"code": code},
    "service": lambda w, code: {"code": code},
    "trade": lambda w, code: {"code": code},
    "person": _person,
    "referral": _referral,
    "candidate": lambda w, label: {"pk": w.objects["candidate:phone"].pk},
    "consent": _consent,
    "version": lambda w, label: {"pk": w.objects[f"version:{label}"].pk},
    "line": lambda w, code: {"pk": w.objects["version:original"].lines.get(code=code).pk},
    "expense": lambda w, label: {"pk": w.objects[f"expense:{label}"].pk},
    "output": lambda w, code: {"code": "MOR1605211", "output": code},
    "grant": lambda w, label: {"pk": w.objects[f"grant:{label}"].pk},
    # A tranche in the status the step `label` leaves (request, pay).
    "tranche": lambda w, label: {"pk": w.objects[f"tranche:{label}"].pk, "step": label},
    "report": lambda w, label: {"pk": w.objects[f"report:{label}"].pk},
    "procurement": lambda w, label: {"pk": w.objects[f"procurement:{label}"].pk},
    "admin": _admin_object,
    "admin-app": lambda w, label: {"app_label": label},
    "admin-url": lambda w, label: {"url": f"{label}/"},
    "steering": _steering,
    "steering-action": _steering_action,
    "minutes": lambda w, label: {"pk": w.objects[f"minutes:{label}"].pk},
    "capacity": _capacity,
    "participant": _participant,
    "definition": _definition,
}

# Values "@name" of a POST body that do not come from the target.
GLOBAL_VALUES: dict[str, Callable[[World], Any]] = {
    "today": lambda w: _today(),
    "unique": lambda w: uuid.uuid4().hex,
    "pdf": lambda w: _pdf(),
    "xlsx:persons": lambda w: _xlsx("persons"),
    "org:care": lambda w: _organisation(w, "care")["pk"],
}


def build(w: World) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from suivi.accounts.models import Organisation, User
    from suivi.accounts.roles import Role
    from suivi.accounts.tests.factories import member
    from suivi.beneficiaries.models import JourneyEvent, MatchCandidate, Person, Referral
    from suivi.beneficiaries.services import computation, persons, referrals
    from suivi.indicators.models import Indicator, ReportingPeriod
    from suivi.indicators.services import measurements, periods
    from suivi.indicators.services.measurements import CellValue
    from suivi.interop import services as interop
    from suivi.interop.logframe.exporter import write_workbook
    from suivi.interop.logframe.selectors import framework_for_export
    from suivi.programmes.models import Intervention

    orgs = {o.code: o for o in Organisation.objects.all()}
    for username in access_users.USERS:
        if username == access_users.ANONYMOUS:
            continue
        if username in access_users.EXTRA_USERS:
            code, role = access_users.EXTRA_USERS[username]
            w.users[username] = member(
                Role(role), orgs[code], username=username, first_name="Test", last_name=username
            )
        else:
            w.users[username] = User.objects.get(username=username)
    u = w.users
    admin_device = TOTPDevice.objects.create(user=u["admin"], name="test", confirmed=True)
    w.objects["device:responsable"] = TOTPDevice.objects.create(
        user=u["responsable"], name="phone", confirmed=True
    )
    for username, user in u.items():
        client = Client()
        client.force_login(user)
        if username == "admin":  # a session that passed the second factor
            session = client.session
            session["otp_device_id"] = admin_device.persistent_id
            session.save()
        w.sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value

    amuddu = Intervention.objects.get(code="MOR1605211")
    w.objects["period:MOR1605211/2020"] = ReportingPeriod.objects.get(
        intervention=amuddu, year=2020, quarter=0
    )
    # Values waiting for review, each with a supporting file.
    # Ind1.6 is computed from 2020 on (capacity): its entry is for 2018.
    for code, username, year in (
        ("MAR1605211_Ind1.6", "pf.en", 2018),
        ("MAR1605211_Ind2.4", "pf.anapec", 2021),
    ):
        measurement, _gaps = measurements.save_values(
            actor=u[username],
            indicator=Indicator.objects.get(code=code),
            period=periods.ensure_period(actor=SYSTEM, intervention=amuddu, year=year),
            values=[CellValue(value=Decimal(4))],
            comment="Quatre seulement cette année : le relais a changé.",
        )
        w.objects[f"evidence:{code}"] = measurements.add_evidence(
            actor=u[username], measurement=measurement, upload=_pdf()
        )
        w.objects[f"measurement:{code}"] = measurements.submit(
            actor=u[username], measurement=measurement
        )
    # Import jobs and a recomputation (their tasks run after a commit that never comes).
    w.objects["job:records by pf.en"] = interop.start_records_import(
        actor=u["pf.en"], organisation=orgs["en"], kind="persons", upload=_xlsx("persons")
    )
    w.objects["job:logframe by suivi"] = interop.start_logframe_import(
        actor=u["suivi"],
        intervention=amuddu,
        upload=SimpleUploadedFile(
            "cadre.xlsx", write_workbook(framework_for_export(SYSTEM, amuddu))
        ),
    )
    w.objects["job:expenses by finances"] = interop.start_finance_import(
        actor=u["finances"],
        intervention=amuddu,
        kind="expenses",
        upload=SimpleUploadedFile("depenses.csv", "N° pièce\n".encode()),
    )
    _finance(w, amuddu)
    w.objects["run:MOR1605211"] = computation.request_run(
        actor=u["suivi"], intervention=amuddu, rebuild=False
    )

    # Persons.
    candidate = _one(
        MatchCandidate.objects.filter(status="candidate", reason="phone").order_by(
            "person_a__partner_record_id"
        ),
        "possible duplicate",
    )
    w.objects["candidate:phone"] = candidate
    in_pairs = {
        pk for pair in MatchCandidate.objects.values_list("person_a", "person_b") for pk in pair
    }
    for person in (candidate.person_a, candidate.person_b):
        w.objects[f"person:{person.organisation.code} duplicate"] = person
    people = Person.objects.exclude(pk__in=in_pairs).order_by("partner_record_id")
    to_anapec = Q(referrals__to_organisation__code="anapec")
    to_amappe = Q(referrals__to_organisation__code="amappe")
    enrolled = Q(events__event_type__code="training_enrolment")
    en = people.filter(organisation__code="en")
    w.objects["person:en"] = _one(
        en.filter(enrolled).exclude(referrals__isnull=False).distinct(), "EN person"
    )
    w.objects["person:en>anapec+amappe"] = _one(
        en.filter(to_anapec).filter(to_amappe).distinct(), "EN person referred to both"
    )
    w.objects["person:en>amappe"] = _one(
        en.filter(to_amappe).exclude(to_anapec).distinct(), "EN person referred to AMAPPE"
    )
    for code in ("anapec", "amappe", "care", "remess"):
        w.objects[f"person:{code}"] = _one(people.filter(organisation__code=code), code)
    # Referred to ANAPEC (accepted), then the person withdrew the consent to share with it.
    withdrawn = _one(
        en.filter(to_anapec).exclude(to_amappe).distinct(), "EN person referred to ANAPEC"
    )
    persons.withdraw_consent(
        actor=u["pf.en"],
        consent=withdrawn.consents.get(kind="share", organisation=orgs["anapec"]),
        withdrawn_on=timezone.localdate(),
    )
    w.objects["person:en>anapec withdrawn"] = withdrawn

    # Referrals: one sent and waiting, two accepted with a service of the receiver.
    waiting = _one(
        en.exclude(referrals__isnull=False).exclude(pk=w.objects["person:en"].pk), "person"
    )
    persons.give_consent(
        actor=u["pf.en"],
        person=waiting,
        kind="share",
        given_on=timezone.localdate(),
        organisation=orgs["anapec"],
    )
    sent = referrals.send(
        actor=u["pf.en"],
        person=waiting,
        from_organisation=orgs["en"],
        to_organisation=orgs["anapec"],
        purpose="employment",
        recompute=False,
    )
    w.objects["referral:en>anapec sent"] = {"pk": sent.pk}
    for code in ("anapec", "amappe"):
        referral = _one(
            Referral.objects.filter(
                from_organisation__code="en", to_organisation__code=code, status="accepted"
            ).order_by("sent_on", "person__partner_record_id"),
            f"referral to {code}",
        )
        service = _one(
            JourneyEvent.objects.filter(person=referral.person, organisation__code=code).order_by(
                "occurred_on", "partner_record_id"
            ),
            f"service of {code}",
        )
        w.objects[f"referral:en>{code} accepted"] = {"pk": referral.pk, "service": service.pk}

    # Minutes attached to the last COPIL of the demo.
    from suivi.governance.models import Meeting
    from suivi.governance.services import meetings

    copil = _one(Meeting.objects.filter(kind="copil").order_by("-held_on"), "COPIL")
    w.objects["minutes:copil"] = meetings.attach_minutes(actor=SYSTEM, meeting=copil, upload=_pdf())

    # A file attached to the first deliverable of the demo (capacity).
    from suivi.capacity.models import Deliverable
    from suivi.capacity.services import registers as capacity

    first = _one(Deliverable.objects.order_by("created_at"), "deliverable")
    capacity.attach_file(actor=SYSTEM, deliverable=first, upload=_pdf())

    visibility(w)


def _finance(w: World, amuddu: Any) -> None:
    """The demo's budget, expenses, grants and procurement, and a proposed revision."""
    from suivi.finance.models import Expense, Grant, GrantReport, ProcurementItem, Tranche
    from suivi.finance.services import budget, tranches

    w.objects["version:original"] = amuddu.budget_versions.get(number=1)
    w.objects["version:revision"] = budget.propose_revision(
        actor=SYSTEM, intervention=amuddu, label="Révision (test)", reason="Test"
    )
    w.objects["expense:first"] = _one(
        Expense.objects.order_by("date", "document_number"), "expense"
    )
    w.objects["grant:amappe"] = _one(Grant.objects.filter(grantee__code="amappe"), "grant")
    planned = Tranche.objects.filter(status="planned").order_by("planned_date")
    w.objects["tranche:request"] = _one(planned, "planned tranche")
    w.objects["tranche:pay"] = tranches.take_step(
        actor=SYSTEM,
        tranche=_one(planned.exclude(pk=w.objects["tranche:request"].pk), "planned tranche"),
        step="request",
        on=timezone.localdate(),
    )
    w.objects["report:unreceived"] = _one(
        GrantReport.objects.filter(received_on__isnull=True).order_by("due_on"), "report due"
    )
    w.objects["procurement:launched"] = _one(
        ProcurementItem.objects.filter(status="launched"), "procurement item"
    )
