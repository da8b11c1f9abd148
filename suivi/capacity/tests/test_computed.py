"""The capacity indicators: each measure from records, written through the
indicators app, and the blank-or-0 rule."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from suivi.accounts.models import Organisation
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.capacity.services import definitions, registers
from suivi.capacity.tests import factories
from suivi.governance.services import meetings
from suivi.governance.tests import factories as governance
from suivi.indicators.models import Measurement, MeasurementSource

pytestmark = pytest.mark.django_db


def _value(indicator, year):
    measurement = (
        Measurement.objects.filter(indicator=indicator, period__year=year, period__quarter=0)
        .prefetch_related("values")
        .first()
    )
    if measurement is None:
        return None
    assert measurement.source == MeasurementSource.COMPUTED
    return {v.cell_key: (v.value, v.numerator, v.denominator) for v in measurement.values.all()}


def test_knowledge_mean_post_score_by_sex_and_the_value_follows_a_new_participant():
    indicator, _definition = factories.computed_indicator(by_sex=True)
    training = factories.training(indicator.intervention)
    assert _value(indicator, 2020) is None  # nobody tested: not measured
    factories.participant(training, pre_score=8, post_score=12, sex="women")
    factories.participant(training, pre_score=6, post_score=9, sex="men")
    factories.participant(training, sex="men")  # not tested: outside the base
    cells = _value(indicator, 2020)
    assert cells[""] == (Decimal("52.50"), Decimal(21), Decimal(40))
    assert cells["sex=women"] == (Decimal("60.00"), Decimal(12), Decimal(20))
    assert cells["sex=men"] == (Decimal("45.00"), Decimal(9), Decimal(20))
    assert _value(indicator, 2019) is None and _value(indicator, 2021) is None


def test_other_audiences_do_not_count():
    indicator, _definition = factories.computed_indicator()
    other = factories.training(indicator.intervention, audience="en_staff")
    factories.participant(other, pre_score=1, post_score=20)
    assert _value(indicator, 2020) is None


def test_share_improved_and_threshold():
    indicator, _definition = factories.computed_indicator(measure="knowledge_improved")
    training = factories.training(indicator.intervention)
    factories.participant(training, pre_score=8, post_score=12)
    factories.participant(training, pre_score=10, post_score=10)
    assert _value(indicator, 2020)[""][1:] == (Decimal(1), Decimal(2))
    definitions.define(
        actor=SYSTEM,
        indicator=indicator,
        measure="knowledge_threshold",
        scope=["cp3"],
        threshold=Decimal(60),
        from_year=2019,
        reason="Seuil",
    )
    assert _value(indicator, 2020)[""][1:] == (Decimal(1), Decimal(2))  # 12/20 = 60 % reaches 60


def test_a_threshold_measure_needs_its_threshold():
    indicator, _definition = factories.computed_indicator()
    with pytest.raises(ValidationError) as refused:
        definitions.define(
            actor=SYSTEM,
            indicator=indicator,
            measure="knowledge_threshold",
            from_year=2019,
            reason="x",
        )
    assert "threshold" in refused.value.error_dict


def test_a_measure_must_fit_the_indicator_unit():
    indicator, _definition = factories.computed_indicator()
    with pytest.raises(ValidationError) as refused:
        definitions.define(
            actor=SYSTEM,
            indicator=indicator,
            measure="state_institutions",
            from_year=2019,
            reason="x",
        )
    assert "measure" in refused.value.error_dict


def test_satisfaction_share_of_respondents():
    indicator, _definition = factories.computed_indicator(code="X3.5", measure="satisfaction")
    training = factories.training(indicator.intervention)
    factories.participant(training, satisfaction="very_satisfied")
    factories.participant(training, satisfaction="neutral")
    factories.participant(training)  # did not answer
    assert _value(indicator, 2020)[""] == (Decimal("50.00"), Decimal(1), Decimal(2))


def test_state_institutions_distinct_and_zero_when_trainings_were_held():
    indicator, _definition = factories.computed_indicator(
        code="X3.3", unit="count", measure="state_institutions"
    )
    en = OrganisationFactory(code="en-test", kind="public_agency")
    training = factories.training(indicator.intervention)
    factories.participant(training, organisation=en, institution="")
    factories.participant(training, organisation=en, institution="")
    factories.participant(training, institution="  ofppt ")
    factories.participant(training, institution="OFPPT")
    factories.participant(training, institution="AMAPPE", state_institution=False)
    assert _value(indicator, 2020)[""] == (Decimal(2), None, None)
    # A year with a training of another audience: a measured 0.
    factories.training(
        indicator.intervention,
        audience="community",
        starts_on=date(2021, 3, 1),
        ends_on=date(2021, 3, 2),
    )
    assert _value(indicator, 2021)[""] == (Decimal(0), None, None)
    assert _value(indicator, 2022) is None


def test_focal_points_mean_over_fully_counted_meetings():
    indicator, _definition = factories.computed_indicator(
        code="X3.1",
        unit="count",
        measure="focal_points_mean",
        scope=["cp3_national", "cp3_regional"],
    )
    intervention = indicator.intervention
    for held_on, lines in (
        (
            date(2020, 3, 1),
            [("MDCMRE", True, 3, 2), ("EN", True, 2, 1), ("Enabel", False, 2, None)],
        ),
        (date(2020, 6, 1), [("MDCMRE", True, 1, 1), ("ANAPEC", True, 1, 1)]),
        (date(2020, 9, 1), [("MDCMRE", True, 1, None)]),  # uncounted: left out
    ):
        meeting = governance.meeting(
            intervention, kind="cp3_regional", held_on=held_on, number=None
        )
        for name, state, people, focal in lines:
            meetings.add_participation(
                actor=SYSTEM,
                meeting=meeting,
                institution=name,
                state_institution=state,
                attendees=people,
                focal_points=focal,
            )
    governance.meeting(intervention, kind="copil", held_on=date(2020, 4, 1), number=1)
    definitions.refresh(actor=SYSTEM, intervention=intervention)
    assert _value(indicator, 2020)[""] == (Decimal("2.50"), None, None)


def test_company_shares_and_unknown_recruitment_is_not_measured():
    requests, _d = factories.computed_indicator(
        code="X2.6", measure="requests_share", scope=[], cumulative=True
    )
    intervention = requests.intervention
    recruitment, _d2 = factories.computed_indicator(
        intervention, code="X2.7", measure="recruitment_share", scope=[], cumulative=True
    )
    anapec = OrganisationFactory(code="anapec-test", kind="public_agency")
    factories.outreach(intervention, anapec, company="A")
    factories.outreach(
        intervention, anapec, company="B", requests=2, first_request_on=date(2021, 2, 1)
    )
    assert _value(requests, 2020)[""][1:] == (Decimal(0), Decimal(2))
    assert _value(requests, 2021)[""][1:] == (Decimal(1), Decimal(2))  # cumulative cohort
    # Nothing dated in 2022 in the register: not measured, not a cumulative 50 %.
    assert _value(requests, 2022) is None
    assert _value(recruitment, 2020) is None  # nobody knows who recruited
    factories.outreach(
        intervention, anapec, company="C", recruited=1, first_recruited_on=date(2020, 7, 1)
    )
    assert _value(recruitment, 2020)[""][1:] == (Decimal(1), Decimal(1))


def test_outreach_dates_are_checked():
    intervention = factories.training().intervention
    anapec = OrganisationFactory(code="anapec-x", kind="public_agency")
    with pytest.raises(ValidationError) as refused:
        factories.outreach(intervention, anapec, requests=1)
    assert "first_request_on" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        factories.outreach(intervention, anapec, requests=1, first_request_on=date(2020, 1, 1))
    assert "first_request_on" in refused.value.error_dict


def test_deliverables_count_validated_tools_for_migrants_cumulatively():
    indicator, _definition = factories.computed_indicator(
        code="X2.5",
        unit="count",
        measure="deliverables",
        scope=["guide", "tool"],
        migrants_only=True,
        cumulative=True,
    )
    intervention = indicator.intervention
    factories.deliverable(intervention, kind="communication", validated_on=date(2020, 3, 2))
    factories.deliverable(
        intervention, title="Guide interne", for_migrants=False, validated_on=date(2020, 3, 2)
    )
    factories.deliverable(intervention, title="En validation")
    assert _value(indicator, 2020)[""] == (Decimal(0), None, None)
    factories.deliverable(intervention, title="Outil", kind="tool", validated_on=date(2020, 5, 1))
    factories.deliverable(
        intervention, title="Autre", produced_on=date(2021, 1, 5), validated_on=date(2021, 2, 1)
    )
    assert _value(indicator, 2020)[""] == (Decimal(1), None, None)
    assert _value(indicator, 2021)[""] == (Decimal(2), None, None)


def test_scores_are_checked_against_the_maximum():
    training = factories.training(max_score=Decimal(20))
    with pytest.raises(ValidationError) as refused:
        factories.participant(training, pre_score=21)
    assert "pre_score" in refused.value.error_dict
    untested = factories.training(training.intervention, max_score=None)
    with pytest.raises(ValidationError):
        factories.participant(untested, post_score=5)


def test_an_entered_value_is_never_replaced():
    indicator, _definition = factories.computed_indicator(from_year=2021)
    training = factories.training(indicator.intervention)
    factories.participant(training, pre_score=1, post_score=2)
    assert _value(indicator, 2020) is None  # before the declared year


def test_only_writers_write():
    training = factories.training()
    reader = member(Role.STEERING_READER, Organisation.objects.first() or OrganisationFactory())
    with pytest.raises(PermissionDenied):
        registers.save_participant(actor=reader, training=training, institution="X")
    indicator, _definition = factories.computed_indicator(training.intervention, code="X9")
    with pytest.raises(PermissionDenied):
        definitions.define(
            actor=member(Role.PARTNER_FOCAL_POINT),
            indicator=indicator,
            measure="satisfaction",
            from_year=2019,
            reason="x",
        )


def test_the_note_in_three_languages_and_a_changed_french_note_clears_the_others():
    from django.utils import translation

    indicator, _definition = factories.computed_indicator()
    terms = {"actor": SYSTEM, "indicator": indicator, "measure": "knowledge_post_mean"}
    terms |= {"scope": ["cp3"], "from_year": 2019, "reason": "x"}
    definition = definitions.define(
        **terms, note="Moyenne par réunion.", note_ar="متوسط لكل اجتماع.", note_en="Per meeting."
    )
    with translation.override("ar"):
        assert definition.shown_note == "متوسط لكل اجتماع."
    # Saved again from the form (French only), the same note keeps its versions...
    definition = definitions.define(**terms, note="Moyenne par réunion.")
    assert (definition.note_ar, definition.note_en) == ("متوسط لكل اجتماع.", "Per meeting.")
    # ...a changed one drops them: they would translate the older note.
    definition = definitions.define(**terms, note="Moyenne annuelle.")
    assert (definition.note_ar, definition.note_en) == ("", "")
    with translation.override("ar"):
        assert definition.shown_note == "Moyenne annuelle."
