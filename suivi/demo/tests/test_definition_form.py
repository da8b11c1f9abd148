"""Every Amuddu rule is shown whole by the indicator sheet's rule form, and
sending the form back unchanged gives the same rule: the form covers what
the « Définitions » sheet says for the demo (two groups of services, the
service that precedes them, the service an exam result is linked to)."""

import pytest

from suivi.accounts.models import User
from suivi.beneficiaries.computation import flat
from suivi.beneficiaries.forms.definition import DefinitionForm, initial_of
from suivi.beneficiaries.models import IndicatorComputation
from suivi.beneficiaries.selectors.definitions import definition_page

pytestmark = pytest.mark.django_db


def _posted(initial: dict) -> dict:
    """What the browser sends for a form showing `initial`."""
    data = {}
    for name, value in initial.items():
        if value is True:
            data[name] = "on"
        elif value not in (None, False, "", []):
            data[name] = value
    return data


def test_each_amuddu_rule_goes_through_the_form_unchanged(demo_data):
    officer = User.objects.get(username="suivi")
    computations = IndicatorComputation.objects.select_related("indicator").order_by(
        "indicator__code"
    )
    seen = set()
    for computation in computations:
        page = definition_page(officer, computation.indicator)
        assert page is not None and page.spec is not None
        initial, whole = initial_of(page.spec)
        code = computation.indicator.code
        assert whole, code
        form = DefinitionForm(
            _posted(initial),
            catalogue=page.catalogue,
            service_choices=page.service_choices,
            organisation_choices=page.organisation_choices,
        )
        assert form.is_valid(), (code, form.errors)
        assert form.spec == flat.canonical(page.spec, page.catalogue), code
        seen.add(code)
    # The three that need more than one group or the linked service are among them.
    assert {"MAR1605211_OS1", "MAR1605211_Ind2.3", "MAR1605211_Ind1.7"} <= seen
