"""Roth IRA ordering rules: each year's conversions and plan rollovers are added together.

Pub. 590-B (2024/2025), "Ordering Rules for Distributions": "2. Conversion and rollover
contributions, on a first-in, first-out basis (generally, total conversions and
rollovers from the earliest year first). See Aggregation (grouping and adding) rules
... a. Taxable portion ... first, and then the b. Nontaxable portion"; and the
aggregation rules: "Add all conversion and rollover contributions made during the year
together" (Reg. 1.408A-6 Q&A-9).  Form 5329 line 1 (i5329 2016/2017): "Recapture amounts
attributable to any conversions or rollovers to your Roth IRAs" of this year and the 4
before it, "An early distribution allocated to a conversion or rollover is first
allocated to the taxable portion" (i5329 2011, line 1).  Every figure below is worked
by hand from those rules.
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from formhelper.calc.basis import build_record
from formhelper.calc.roth import Layer, by_year, roth_ordering, take_in_order
from formhelper.files.casefile import parse_case
from formhelper.models import RothLayerKind
from support import base_case, run, run_json

CONVERSION = RothLayerKind.CONVERSION
ROLLOVER = RothLayerKind.PLAN_ROLLOVER


def _person(**roth: Any) -> dict[str, Any]:
    return {"name": "Ex Ample", "date_of_birth": "1985-05-01", "roth": roth}


def test_issue_example_a_years_conversion_and_plan_rollover_are_one_layer() -> None:
    # 2024: a conversion of 8,000 (2,000 taxable, 6,000 basis: that year's Form 8606
    # lines 18 and 17) and a plan rollover of 10,000 of pre-tax money. Added together,
    # the 2024 layer is 12,000 taxable + 6,000 nontaxable. 2025, age 40, no regular
    # contributions: an 11,000 code J distribution. Line 19 11,000, line 22 0, line 23
    # 11,000, line 24 18,000, line 25a 0. All 11,000 comes from the 2024 taxable part,
    # inside its window (2024-2028): Form 5329 line 1 11,000, line 4 1,100 (not the
    # 5,000 = 2,000 + 3,000 that a layer-by-layer order would give). Left of 2024:
    # 1,000 taxable + 6,000 nontaxable.
    case = base_case(taxpayer=_person(
        first_contribution_year=2024,
        layers=[{"year": 2024, "kind": "conversion", "taxable": 2000, "nontaxable": 6000},
                {"year": 2024, "kind": "plan_rollover", "taxable": 10000, "nontaxable": 0}]),
        forms_1099r=[{"box_1": 11000, "box_7": "J"}])
    out = run_json(case)
    f8606 = out["f8606"]["taxpayer"]
    assert (f8606["line_19"], f8606["line_22"], f8606["line_23"], f8606["line_24"],
            f8606["line_25a"]) == (11000, 0, 11000, 18000, 0)
    assert out["f5329"]["taxpayer"] == {"line_1": 11000, "line_3": 11000, "line_4": 1100,
                                        "required": True}
    assert out["roth_next_year"] == {"taxpayer": {"contribution_basis": 0, "layers": [
        {"year": 2024, "kind": "conversion", "taxable": 1000, "nontaxable": 6000}]}}
    parsed = parse_case(case)
    [layer] = build_record(parsed, run(parsed)).people[0].roth_layers
    assert (layer.year, layer.taxable, layer.nontaxable) == (2024, D(1000), D(6000))
    assert (layer.taxable_taken, layer.nontaxable_taken) == (D(11000), D(0))


def test_two_conversions_of_one_year_give_their_taxable_parts_first() -> None:
    # 2023: one conversion with 3,000 taxable and 4,000 basis, a second with 5,000
    # taxable; regular contributions 1,000. 2025, age 40: 10,000 taken (J).
    # Contributions 1,000; then the 2023 total taxable 8,000; then 1,000 of its
    # nontaxable 4,000. Recapture (2023 window runs to 2027) 8,000: Form 5329 line 1
    # 8,000, line 4 800. Line 23 9,000, line 24 12,000, line 25a 0. Left of 2023:
    # 0 taxable, 3,000 nontaxable.
    case = base_case(taxpayer=_person(
        first_contribution_year=2023, contribution_basis=1000,
        layers=[{"year": 2023, "taxable": 3000, "nontaxable": 4000},
                {"year": 2023, "taxable": 5000, "nontaxable": 0}]),
        forms_1099r=[{"box_1": 10000, "box_7": "J"}])
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_23"] == 9000
    assert out["f8606"]["taxpayer"]["line_24"] == 12000
    assert out["f5329"]["taxpayer"]["line_1"] == 8000
    assert out["f5329"]["taxpayer"]["line_4"] == 800
    parsed = parse_case(case)
    [layer] = build_record(parsed, run(parsed)).people[0].roth_layers
    assert (layer.year, layer.kind, layer.taxable, layer.nontaxable) == (
        2023, CONVERSION, D(0), D(3000))


def test_this_years_conversion_and_plan_rollover_are_added_together() -> None:
    # 2025, age 40, no Roth IRA before: a conversion of 6,000 that is all basis
    # (prior basis 6,000, nothing left in traditional IRAs at year end: line 10 1.000,
    # line 17 6,000, line 18 0) and a direct rollover of 4,000 pre-tax plan money to a
    # Roth IRA (code G, box 2a 4,000: Form 1040 line 5b). Then 5,000 taken (J).
    # The 2025 layer is 4,000 taxable + 6,000 nontaxable; the 5,000 takes the 4,000
    # taxable first, then 1,000 nontaxable: recapture 4,000 (window 2025-2029), Form
    # 5329 line 1 4,000, line 4 400. Line 24 = line 16 6,000 + the rollover 4,000 =
    # 10,000; line 23 5,000; line 25a 0. Form 1040: 4a 6,000 + 5,000 = 11,000, 4b 0;
    # 5a 4,000, 5b 4,000.
    case = base_case(
        taxpayer={"name": "Ex Ample", "date_of_birth": "1985-05-01",
                  "ira": {"prior_basis": 6000, "year_end_value": 0}},
        forms_1099r=[
            {"box_1": 6000, "box_7": "2", "ira_sep_simple": True,
             "disposition": {"converted_to_roth_ira": 6000}},
            {"box_1": 4000, "box_2a": 4000, "box_7": "G",
             "disposition": {"converted_to_roth_ira": 4000}},
            {"box_1": 5000, "box_7": "J"}])
    out = run_json(case)
    f8606 = out["f8606"]["taxpayer"]
    assert (f8606["line_17"], f8606["line_18"]) == (6000, 0)
    assert (f8606["line_23"], f8606["line_24"], f8606["line_25a"]) == (5000, 10000, 0)
    assert out["f5329"]["taxpayer"]["line_1"] == 4000
    assert out["f5329"]["taxpayer"]["line_4"] == 400
    assert (out["f1040"]["line_4a"], out["f1040"]["line_4b"]) == (11000, 0)
    assert (out["f1040"]["line_5a"], out["f1040"]["line_5b"]) == (4000, 4000)
    parsed = parse_case(case)
    [layer] = build_record(parsed, run(parsed)).people[0].roth_layers
    assert (layer.year, layer.taxable, layer.nontaxable) == (2025, D(0), D(5000))


def test_ordering_steps_are_per_year_and_oldest_year_first() -> None:
    # Layers given out of order: 2022 plan rollover (1,000 taxable), 2021 conversion
    # (2,000 / 500), 2022 conversion (3,000 / 700). 2021 first (taxable 2,000 then
    # nontaxable 500), then 2022 as one layer (taxable 4,000, nontaxable 700).
    layers = (Layer(2022, ROLLOVER, D(1000), D(0)), Layer(2021, CONVERSION, D(2000), D(500)),
              Layer(2022, CONVERSION, D(3000), D(700)))
    assert [(lay.year, lay.taxable, lay.nontaxable, label) for lay, label in by_year(layers)] \
        == [(2021, D(2000), D(500), "conversion"),
            (2022, D(4000), D(700), "conversions and plan rollovers")]
    steps = roth_ordering(D(7000), D(0), layers)
    assert [(s.source, s.amount) for s in steps] == [
        ("2021 conversion, taxable part", D(2000)),
        ("2021 conversion, nontaxable part", D(500)),
        ("2022 conversions and plan rollovers, taxable part", D(4000)),
        ("2022 conversions and plan rollovers, nontaxable part", D(500))]
    carried, earnings = take_in_order(D(7000), layers)
    assert earnings == 0
    assert [(c.year, c.taxable, c.nontaxable) for c in carried] == [
        (2021, D(0), D(0)), (2022, D(0), D(200))]
    _carried, more = take_in_order(D(9000), layers)
    assert more == D(1800)  # 9,000 less all 7,200 of the layers: earnings
