from decimal import Decimal

from suivi.indicators import cells
from suivi.indicators.disclosure import SUPPRESSED
from suivi.indicators.progress_export import _breakdown, _value
from suivi.indicators.selectors.progress import YearValue, protected


def _year_value(total, breakdown):
    flat = {}
    for group, parts in breakdown.items():
        for part, number in parts.items():
            flat[part if group == "crossed" else cells.make_key({group: part})] = Decimal(number)
    ids = {key: f"id-{key}" for key in ["", *flat]}
    return YearValue(Decimal(total), flat, source="computed", value_ids=ids)


def protect_record(record):
    """What an export prints of a computed count once the selector protected it."""
    value = protected(_year_value(record["reporting_year"], record["breakdown"]))
    previous = protected(_year_value(record["previous_year"], {}))
    return {
        "previous_year": _value(previous, "count"),
        "reporting_year": _value(value, "count"),
        "breakdown": _breakdown(value, "count"),
        "value_ids": value.value_ids,
    }


def _record(**fields):
    base = {
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
    # Nothing hidden can be linked to (the records behind it would count it).
    assert protected["value_ids"] == {}


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


def test_sheet_cells_hide_small_counts_and_their_complements():
    from suivi.indicators.disclosure import suppressed_cells

    values = {
        "": 40,
        "sex=women": 37,
        "sex=men": 3,
        "category=refugee": 10,
        "category=regularised": 30,
        "category=refugee|sex=women": 8,
        "category=refugee|sex=men": 2,
        "category=regularised|sex=women": 29,
        "category=regularised|sex=men": 1,
    }
    hidden = suppressed_cells(values)
    assert {"sex=men", "category=refugee|sex=men", "category=regularised|sex=men"} <= hidden
    # Each family (a parent and the cells splitting it along one dimension)
    # has either none or at least two hidden members: nothing can be derived.
    for parent, children in [
        ("", ["sex=women", "sex=men"]),
        ("", ["category=refugee", "category=regularised"]),
        ("sex=men", ["category=refugee|sex=men", "category=regularised|sex=men"]),
        ("sex=women", ["category=refugee|sex=women", "category=regularised|sex=women"]),
        ("category=refugee", ["category=refugee|sex=women", "category=refugee|sex=men"]),
        (
            "category=regularised",
            ["category=regularised|sex=women", "category=regularised|sex=men"],
        ),
    ]:
        assert len(hidden.intersection([parent, *children])) != 1, (parent, hidden)
    assert "" not in hidden  # the total of 40 stays visible


def test_sheet_cells_without_small_counts_hide_nothing():
    from suivi.indicators.disclosure import suppressed_cells

    assert suppressed_cells({"": 12, "sex=women": 7, "sex=men": 5, "sex=other": 0}) == set()
    assert suppressed_cells({"": 3, "sex=women": 3, "sex=men": 0}) == {"", "sex=women"}


def test_a_hidden_margin_cannot_be_rebuilt_from_its_crossings():
    protected = protect_record(
        _record(
            reporting_year=40,
            breakdown={
                "sex": {"women": 37, "men": 3},
                "crossed": {
                    "category=refugee|sex=women": 8,
                    "category=regularised|sex=women": 29,
                    "category=refugee|sex=men": 0,
                    "category=regularised|sex=men": 3,
                },
            },
        )
    )
    assert protected["breakdown"]["sex"] == {"women": SUPPRESSED, "men": SUPPRESSED}
    # 8 + 29 would give the 37 women back: one of them is hidden too.
    crossed = protected["breakdown"]["crossed"]
    assert SUPPRESSED in (
        crossed["category=refugee|sex=women"],
        crossed["category=regularised|sex=women"],
    )
    assert crossed["category=regularised|sex=men"] == SUPPRESSED
    assert crossed["category=refugee|sex=men"] == 0


def test_entered_values_are_shown_as_they_are():
    entered = YearValue(Decimal(3), {"sex=women": Decimal(3)}, value_ids={"": "id"})
    assert protected(entered) is entered
