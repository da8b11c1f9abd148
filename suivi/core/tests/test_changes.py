"""Changed fields come from the record's actual diff, not a typed list."""

import pytest
from django.core.exceptions import ValidationError

from suivi.accounts.models import Organisation, OrganisationKind
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory
from suivi.beneficiaries.models import Centre, EventType
from suivi.core import changes
from suivi.core.models import AuditEvent
from suivi.indicators.models import Evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return Centre.objects.create(
        organisation=OrganisationFactory(), code="en-fes", name="EN Fès", city="Fès"
    )


def test_only_the_fields_whose_value_moved_are_named(centre):
    before = changes.snapshot(centre)
    centre.name = "EN Fès"  # the same value: not a change
    centre.region = "Fès-Meknès"
    centre.city = "Fès-Médina"
    assert changes.changed_fields(centre, before) == ["city", "region"]


def test_foreign_keys_compare_by_id_and_are_named_by_field(centre):
    before = changes.snapshot(centre)
    centre.organisation = Organisation.objects.get(pk=centre.organisation_id)  # same row
    assert changes.changed_fields(centre, before) == []
    centre.organisation = OrganisationFactory()
    assert changes.changed_fields(centre, before) == ["organisation"]


def test_key_and_timestamps_never_count_and_deferred_fields_are_not_read(centre):
    assert not {"id", "created_at", "updated_at"} & set(changes.snapshot(centre))
    partial = Centre.objects.only("name").get(pk=centre.pk)
    assert set(changes.snapshot(partial)) == {"name"}


def test_a_change_made_in_place_to_a_json_value_is_seen():
    kind = EventType.objects.create(code="coaching", name="Coaching", attributes=[])
    before = changes.snapshot(kind)
    kind.attributes.append({"name": "hours", "type": "number"})
    assert changes.changed_fields(kind, before) == ["attributes"]


def test_files_compare_by_stored_name():
    evidence = Evidence(file="evidence/a/1", original_name="pv.pdf")
    before = changes.snapshot(evidence)
    assert before["file"] == "evidence/a/1"
    evidence.file = "evidence/a/2"
    assert changes.changed_fields(evidence, before) == ["file"]


def test_created_fields_are_those_holding_a_value():
    organisation = Organisation(code="amappe", name="AMAPPE", short_name="", kind="ngo")
    assert changes.created_fields(organisation) == ["code", "name", "kind", "is_active"]


def test_save_changes_cleans_and_writes_only_the_changed_fields(centre):
    stale = Centre.objects.get(pk=centre.pk)
    Centre.objects.filter(pk=centre.pk).update(city="Meknès")  # written meanwhile
    before = changes.snapshot(stale)
    stale.name = "EN Fès 2"
    assert changes.save_changes(stale, before) == ["name"]
    centre.refresh_from_db()
    assert (centre.name, centre.city) == ("EN Fès 2", "Meknès")  # city not overwritten


def test_save_changes_refuses_an_invalid_change_and_writes_nothing(centre):
    before = changes.snapshot(centre)
    centre.name = ""
    with pytest.raises(ValidationError) as refused:
        changes.save_changes(centre, before)
    assert list(refused.value.message_dict) == ["name"]
    assert Centre.objects.get(pk=centre.pk).name == "EN Fès"


def test_a_value_that_cleans_to_the_same_is_no_change():
    kind = EventType.objects.create(code="coaching", name="Coaching", order=3)
    before = changes.snapshot(kind)
    kind.order = "3"
    assert changes.save_changes(kind, before) == []
    assert kind.order == 3


def test_update_audits_the_names_and_nothing_when_nothing_changed(centre):
    before = changes.snapshot(centre)
    assert changes.update(centre, before, actor=SYSTEM, action="beneficiaries.centre.created") == []
    assert not AuditEvent.objects.exists()
    centre.region = "Oriental 2019"
    changes.update(centre, before, actor=SYSTEM, action="beneficiaries.centre.created")
    event = AuditEvent.objects.get()
    assert event.changed_fields == ["region"]
    assert "2019" not in str(event.detail)  # names, never values


def test_create_cleans_saves_and_audits_what_the_record_holds():
    organisation = Organisation(code="remess", name="REMESS", short_name="", kind="ngo")
    with pytest.raises(ValidationError):  # a short name is required
        changes.create(organisation, actor=SYSTEM, action="accounts.organisation.created")
    assert not Organisation.objects.filter(code="remess").exists()
    organisation.short_name = "REMESS"
    organisation.kind = OrganisationKind.NGO
    changes.create(
        organisation, actor=SYSTEM, action="accounts.organisation.created", also=["members"]
    )
    event = AuditEvent.objects.get(action="accounts.organisation.created")
    assert event.changed_fields == sorted(
        ["code", "name", "short_name", "kind", "is_active", "members"]
    )
