"""Plan money rolled to a Roth account: withholding, and a split of after-tax money.

* Withholding (issue 14 rule 4): only the amount transferred is a rollover (IRC
  402(c)(1)); tax withheld from a direct rollover to a Roth IRA or an in-plan Roth
  rollover is paid out: taxable on Form 1040 line 5b and, under 59½, an early
  distribution on Form 5329 line 1 (Instructions for Form 5329, line 1: "early
  distributions included in income"; 10% on line 4).
* A split (issue 14 rule 6): IRC 402(c)(2), the amount rolled over consists first of
  the taxable part; Notice 2014-54, the pre-tax amount goes to the rollovers first and
  the recipient chooses among them: formhelper puts it in the traditional rollover
  first, so the Roth IRA holds only the pre-tax money that reached it (its layer's
  taxable part, the only part the 5-year recapture reaches).

Every figure is worked by hand in the test from those rules.
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from formhelper.calc.basis import build_record
from formhelper.files.casefile import parse_case
from support import base_case, run, run_json


def _record_layers(case: dict[str, Any]) -> list[tuple[int, D, D]]:
    parsed = parse_case(case)
    person = build_record(parsed, run(parsed)).people[0]
    return [(lay.year, lay.taxable, lay.nontaxable) for lay in person.roth_layers]


def test_issue_example_withholding_from_an_in_plan_roth_rollover() -> None:
    # Code G, box 1 30,000, box 2a 30,000 (all pre-tax), box 4 3,000; 27,000 reached the
    # designated Roth account; age 45 (born 1980). 5a 30,000; 5b = 27,000 rolled in-plan
    # (taxable) + 3,000 withheld (taxable) = 30,000; 25b 3,000. The 3,000 is an early
    # distribution: Form 5329 line 1 3,000, line 3 3,000, line 4 = 10% = 300.
    case = base_case(
        taxpayer={"name": "Ex Ample", "date_of_birth": "1980-02-01"},
        forms_1099r=[{"box_1": 30000, "box_2a": 30000, "box_4": 3000, "box_7": "G",
                      "disposition": {"in_plan_roth_rollover": 27000}}])
    out = run_json(case)
    f1040 = out["f1040"]
    assert (f1040["line_5a"], f1040["line_5b"], f1040["line_25b"]) == (30000, 30000, 3000)
    assert out["f5329"]["taxpayer"] == {"line_1": 3000, "line_3": 3000, "line_4": 300,
                                        "required": True}
    assert out["schedule_2"]["line_8"] == 300
    assert "rollover-withholding-early" in [w["id"] for w in out["warnings"]]


def test_withholding_from_a_direct_rollover_to_a_roth_ira_box_2a_blank() -> None:
    # Code G to a Roth IRA, box 1 10,000, box 2a blank, box 5 0 (taxable = box 1 - box 5
    # = 10,000), box 4 1,000, 9,000 reached the Roth IRA, age 40. 5b 10,000 (9,000 rolled
    # to Roth + 1,000 withheld); Form 5329 line 1 1,000, line 4 100. The Roth IRA layer:
    # 9,000 taxable.
    case = base_case(
        taxpayer={"name": "Ex Ample", "date_of_birth": "1985-07-01"},
        forms_1099r=[{"box_1": 10000, "box_4": 1000, "box_7": "G",
                      "disposition": {"converted_to_roth_ira": 9000}}])
    out = run_json(case)
    assert out["f1040"]["line_5b"] == 10000
    assert out["f5329"]["taxpayer"]["line_1"] == 1000
    assert out["f5329"]["taxpayer"]["line_4"] == 100
    assert _record_layers(case) == [(2025, D(9000), D(0))]


def test_withholding_paid_from_after_tax_money_is_not_taxed() -> None:
    # Code G, box 1 20,000, box 2a 15,000, box 5 5,000, box 4 2,000; 18,000 reached the
    # Roth IRA; age 40. Notice 2014-54: the 15,000 pre-tax goes to the direct rollover
    # first, so the 2,000 withheld is after-tax money: 5b 15,000, nothing on Form 5329.
    # The Roth IRA layer: 15,000 taxable + 3,000 nontaxable.
    case = base_case(
        taxpayer={"name": "Ex Ample", "date_of_birth": "1985-07-01"},
        forms_1099r=[{"box_1": 20000, "box_2a": 15000, "box_5": 5000, "box_4": 2000,
                      "box_7": "G", "disposition": {"converted_to_roth_ira": 18000}}])
    out = run_json(case)
    assert out["f1040"]["line_5b"] == 15000
    assert out["f5329"] == {}
    assert _record_layers(case) == [(2025, D(15000), D(3000))]


def test_withholding_from_a_rollover_at_60_is_taxable_but_not_early() -> None:
    # The in-plan Roth rollover of the issue example at age 60 (59½ before 2025): 5b
    # 30,000, no additional tax (IRC 72(t)(2)(A)(i)).
    case = base_case(
        taxpayer={"name": "Ex Ample", "date_of_birth": "1965-02-01"},
        forms_1099r=[{"box_1": 30000, "box_2a": 30000, "box_4": 3000, "box_7": "G",
                      "disposition": {"in_plan_roth_rollover": 27000}}])
    out = run_json(case)
    assert out["f1040"]["line_5b"] == 30000
    assert out["f5329"] == {}


@pytest.mark.parametrize("box_7", ["G", "1"])
def test_issue_example_after_tax_split_pre_tax_goes_to_the_traditional_ira(box_7: str) -> None:
    # 40,000 from an after-tax subaccount: box 2a 6,000 (earnings), box 5 34,000. 6,000
    # rolled to a traditional IRA, 34,000 to a Roth IRA (direct, code G; or paid out,
    # code 1, and rolled within 60 days). The 6,000 pre-tax goes to the traditional
    # rollover: 5b 0, no early distribution (nothing kept); the Roth IRA layer is 0
    # taxable + 34,000 nontaxable, so no recapture ever.
    case = base_case(
        taxpayer={"name": "Ex Ample", "date_of_birth": "1985-07-01"},
        forms_1099r=[{"box_1": 40000, "box_2a": 6000, "box_5": 34000, "box_7": box_7,
                      "disposition": {"rolled_over": 6000, "converted_to_roth_ira": 34000}}])
    out = run_json(case)
    assert out["f1040"]["line_5b"] == 0
    assert out["f1040"]["line_5a"] == 40000
    assert out["f5329"] == {}
    assert _record_layers(case) == [(2025, D(0), D(34000))]


def test_split_with_more_pre_tax_than_the_traditional_rollover() -> None:
    # Box 1 50,000, box 2a 30,000, box 5 20,000, code G: 25,000 to a traditional IRA,
    # 25,000 to a Roth IRA. Pre-tax 30,000: 25,000 to the traditional IRA, the other
    # 5,000 to the Roth IRA. 5b 5,000; the Roth IRA layer 5,000 taxable + 20,000
    # nontaxable.
    case = base_case(
        taxpayer={"name": "Ex Ample", "date_of_birth": "1985-07-01"},
        forms_1099r=[{"box_1": 50000, "box_2a": 30000, "box_5": 20000, "box_7": "G",
                      "disposition": {"rolled_over": 25000, "converted_to_roth_ira": 25000}}])
    assert run_json(case)["f1040"]["line_5b"] == 5000
    assert _record_layers(case) == [(2025, D(5000), D(20000))]
    # 2026, age 41: 6,000 taken (J), no regular contributions. The 2025 layer's taxable
    # 5,000 first (its window runs to 2029), then 1,000 nontaxable: Form 5329 line 1
    # 5,000, line 4 500; Form 8606 line 25a 0.
    nxt = base_case(
        tax_year=2026,
        taxpayer={"name": "Ex Ample", "date_of_birth": "1985-07-01",
                  "roth": {"first_contribution_year": 2025,
                           "layers": [{"year": 2025, "kind": "plan_rollover",
                                       "taxable": 5000, "nontaxable": 20000}]}},
        forms_1099r=[{"box_1": 6000, "box_7": "J"}])
    out = run_json(nxt)
    assert out["f8606"]["taxpayer"]["line_25a"] == 0
    assert (out["f5329"]["taxpayer"]["line_1"], out["f5329"]["taxpayer"]["line_4"]) == (5000, 500)
