"""The service form asks for a centre only for a type given at a centre."""

import pytest

from suivi.accounts.models import OrganisationKind
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory
from suivi.beneficiaries.forms.person import ServiceForm
from suivi.beneficiaries.services import reference
from suivi.beneficiaries.tests.factories import event_type

pytestmark = pytest.mark.django_db


def test_the_centre_is_asked_and_required_only_at_a_centre():
    en = OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)
    rabat = reference.put_centre(
        actor=SYSTEM, organisation=en, code="en-rabat", name="EN Rabat", city="Rabat"
    )
    at_a_centre = event_type("information_session", needs_centre=True)
    elsewhere = event_type("exam_result")

    form = ServiceForm(event_type=at_a_centre, organisation=en)
    assert form.fields["centre"].required
    assert list(form.fields["centre"].queryset) == [rabat]
    refused = ServiceForm({"occurred_on": "2020-03-01"}, event_type=at_a_centre, organisation=en)
    assert not refused.is_valid() and "centre" in refused.errors

    form = ServiceForm({"occurred_on": "2020-03-01"}, event_type=elsewhere, organisation=en)
    assert "centre" not in form.fields
    assert 'name="centre"' not in form.as_div()
    assert form.is_valid() and form.cleaned_data["centre"] is None
