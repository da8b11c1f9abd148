from decimal import Decimal

from suivi.indicators.cells import DimensionSpec, additivity_gaps, all_cells, make_key, parse_key

SEX = DimensionSpec("sex", ("women", "men"))
CATEGORY = DimensionSpec("category", ("refugee", "regularised"))


def test_keys_are_canonical_and_round_trip():
    key = make_key({"sex": "women", "category": "refugee"})
    assert key == "category=refugee|sex=women"
    assert parse_key(key) == {"sex": "women", "category": "refugee"}
    assert parse_key("") == {}


def test_all_cells_has_total_margins_and_crossings():
    cells = all_cells([SEX, CATEGORY])
    assert cells[0] == ""
    assert "sex=women" in cells and "category=refugee" in cells
    assert "category=regularised|sex=men" in cells
    assert len(cells) == 1 + 2 + 2 + 4


def test_gap_when_women_and_men_do_not_make_the_total():
    values = {"": Decimal(185), "sex=women": Decimal(126), "sex=men": Decimal(58)}
    (gap,) = additivity_gaps(values, [SEX])
    assert (gap.whole, gap.parts_sum, gap.dimension) == (Decimal(185), Decimal(184), "sex")


def test_no_gap_when_parts_add_up_or_are_incomplete():
    assert (
        additivity_gaps(
            {"": Decimal(185), "sex=women": Decimal(126), "sex=men": Decimal(59)}, [SEX]
        )
        == []
    )
    assert additivity_gaps({"": Decimal(185), "sex=women": Decimal(126)}, [SEX]) == []


def test_crossed_cells_must_add_up_to_their_margin():
    values = {
        "sex=women": Decimal(10),
        "category=refugee|sex=women": Decimal(4),
        "category=regularised|sex=women": Decimal(5),
    }
    (gap,) = additivity_gaps(values, [SEX, CATEGORY])
    assert gap.whole_key == "sex=women" and gap.dimension == "category"


def test_non_exhaustive_dimensions_are_not_checked():
    partial = DimensionSpec("disability", ("yes",), is_exhaustive=False)
    assert additivity_gaps({"": Decimal(10), "disability=yes": Decimal(3)}, [partial]) == []
