import pytest
from django.utils import translation

from suivi.accounts.models import OrganisationKind
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory
from suivi.beneficiaries.services import reference
from suivi.beneficiaries.tests.factories import categories
from suivi.demo import catalogue


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests match messages in the source language (English)."""
    with translation.override("en"):
        yield


@pytest.fixture
def en():
    categories()
    catalogue.install(SYSTEM)
    organisation = OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)
    reference.put_centre(
        actor=SYSTEM, organisation=organisation, code="en-rabat", name="EN Rabat", city="Rabat"
    )
    return organisation
