"""An intervention's dates keep the years its indicators hold values or
targets of (programmes' `years_in_use` hook, answered by the indicators)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from suivi.accounts.tests.factories import SYSTEM
from suivi.indicators.selectors.years import years_in_use
from suivi.indicators.tests.factories import computed_measurement, indicator
from suivi.programmes import services

pytestmark = pytest.mark.django_db


def _dates(intervention, start, end):
    return services.update_intervention(
        actor=SYSTEM,
        intervention=intervention,
        short_name=intervention.short_name,
        title=intervention.title,
        start_date=start,
        end_date=end,
    )


def test_dates_that_leave_out_a_year_with_values_or_targets_are_refused():
    item = indicator(targets=((2020, "150"), (0, "200")))
    computed_measurement(item, 2019, {"": 12})
    intervention = item.intervention  # 2018–2022
    assert set(years_in_use(intervention)) == {2019, 2020}
    with pytest.raises(ValidationError) as ended_early:
        _dates(intervention, date(2018, 1, 1), date(2019, 12, 31))
    assert "2020" in ended_early.value.message_dict["end_date"][0]
    with pytest.raises(ValidationError) as started_late:
        _dates(intervention, date(2020, 1, 1), date(2022, 12, 31))
    assert "2019" in started_late.value.message_dict["start_date"][0]
    intervention.refresh_from_db()
    assert intervention.end_date == date(2022, 12, 31)  # nothing written
    # Years without records may go: 2018 and 2021–2022 hold nothing.
    assert set(_dates(intervention, date(2019, 3, 1), date(2020, 12, 31))) == {
        "start_date",
        "end_date",
    }
