from suivi.indicators.disclosure import SUPPRESSED, protect_record


def _record(**fields):
    base = {
        "source": "computed",
        "unit": "count",
        "previous_year": 0,
        "reporting_year": 3,
        "breakdown": {"sex": {"women": 2, "men": 1}},
    }
    return base | fields


def test_small_counts_and_their_parts_are_suppressed():
    protected = protect_record(_record())
    assert protected["reporting_year"] == SUPPRESSED
    assert protected["previous_year"] == 0  # zero reveals nobody
    assert protected["breakdown"]["sex"] == {"women": SUPPRESSED, "men": SUPPRESSED}


def test_one_small_part_drags_the_next_smallest_with_it():
    protected = protect_record(
        _record(
            reporting_year=185,
            breakdown={
                "category": {"regularised": 120, "refugee": 40, "student": 22, "irregular": 3}
            },
        )
    )
    assert protected["reporting_year"] == 185
    assert protected["breakdown"]["category"] == {
        "regularised": 120,
        "refugee": 40,
        "student": SUPPRESSED,
        "irregular": SUPPRESSED,
    }


def test_entered_values_and_rates_are_left_alone():
    assert protect_record(_record(source="entered"))["reporting_year"] == 3
    assert protect_record(_record(unit="percentage"))["reporting_year"] == 3
