"""Configuration records: centres, trades, service types."""

from datetime import date

import pytest

from suivi.accounts.models import OrganisationKind
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory
from suivi.beneficiaries.services import catalogue as service_catalogue
from suivi.beneficiaries.services import reference
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_centre_created_with_a_targeting_period_names_it_in_the_audit_trail():
    en = OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)
    centre = reference.put_centre(
        actor=SYSTEM,
        organisation=en,
        code="en-oujda",
        name="EN Oujda",
        city="Oujda",
        targeted_from=date(2018, 1, 1),
        targeted_until=date(2020, 12, 31),
    )
    event = AuditEvent.objects.get(action="beneficiaries.centre.created", object_id=str(centre.pk))
    assert "periods" in event.changed_fields
    assert not centre.is_targeted_on(date(2021, 1, 1))
    assert centre.is_targeted_on(date(2020, 12, 31))
    assert {"code", "name", "city", "organisation"} <= set(event.changed_fields)


def test_a_trade_and_a_service_type_name_what_they_were_created_with():
    reference.put_trade(actor=SYSTEM, code="elec", name="Électricité", is_technical=True)
    assert set(AuditEvent.objects.get(action="beneficiaries.trade.created").changed_fields) == {
        "code",
        "name",
        "is_technical",
    }
    service_catalogue.put_service_type(
        actor=SYSTEM,
        code="coaching",
        name="Coaching",
        attributes=[{"name": "hours", "type": "number", "labels": {"fr": "Heures"}}],
    )
    created = AuditEvent.objects.get(action="beneficiaries.event_type.created")
    assert {"code", "name", "attributes"} <= set(created.changed_fields)
    assert "name_ar" not in created.changed_fields  # left empty: not recorded
