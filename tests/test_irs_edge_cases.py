"""Red-team cases: `compute --json` against IRS examples and figures worked by hand.

Each test names its source: an IRS worked example (Pub. 590-B, Instructions for Form
8606, 5329, 1040), or the line texts of Form 8606 / 5329 / 1040 applied by hand in the
test.  Test vectors T1-T7 and edge cases E1-E20 are those of
shared/reference/domain-spec.md sections 8 and 9; every figure was checked against the
IRS line texts, which win over that document.
"""

from __future__ import annotations

from typing import Any

import pytest

from formhelper.files.casefile import CaseFileError, parse_case
from support import base_case, run_json


def ira(box_1: int, box_7: str = "2", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"box_1": box_1, "box_2a": box_1, "box_7": box_7,
                            "ira_sep_simple": True, "box_2b_taxable_not_determined": True}
    data.update(extra)
    return data


def roth(box_1: int, box_7: str = "J", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"box_1": box_1, "box_7": box_7,
                            "box_2b_taxable_not_determined": True}
    data.update(extra)
    return data


def ids(out: dict[str, Any]) -> set[str]:
    return {w["id"] for w in out["warnings"]}


def errors(out: dict[str, Any]) -> set[str]:
    return {w["id"] for w in out["warnings"] if w["severity"] == "error"}


# ---------------------------------------------------------------------------
# Form 8606 Part I and II (pro-rata rule).


def test_t1_backdoor_with_10_of_earnings() -> None:
    # domain-spec T1, by hand from the Form 8606 line texts: 1 7,000; 3 7,000; 5 7,000;
    # 6 0; 8 7,010; 9 7,010; 10 = 7,000 / 7,010 = 0.99857; 11 = 7,010 x 0.99857 =
    # 6,999.98 -> 7,000; 13 7,000; 14 0; 16 7,010; 17 7,000; 18 10. Form 1040: 4a 7,010
    # (Exception 2, item 3: a conversion), 4b 10.
    case = base_case(forms_1099r=[ira(7010, disposition={"converted_to_roth_ira": 7010})])
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 7000, "year_end_value": 0}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_3"], f["line_5"], f["line_9"], f["line_10"], f["line_11"], f["line_13"],
            f["line_14"], f["line_16"], f["line_17"], f["line_18"]) == (
        7000, 7000, 7010, 0.99857, 7000, 7000, 0, 7010, 7000, 10)
    assert out["f1040"] == {"line_4a": 7010, "line_4b": 10}


def test_t2_pro_rata_conversion() -> None:
    # domain-spec T2, by hand: line 9 = 93,000 + 7,000 = 100,000; line 10 = 7,000 /
    # 100,000 = 0.07; line 11 = 490; line 14 = 7,000 - 490 = 6,510; line 18 = 6,510.
    case = base_case(forms_1099r=[ira(7000, disposition={"converted_to_roth_ira": 7000})])
    case["taxpayer"]["ira"] = {"prior_basis": 7000, "year_end_value": 93000}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_9"], f["line_10"], f["line_11"], f["line_14"], f["line_18"]) == (
        100000, 0.07, 490, 6510, 6510)
    assert out["f1040"] == {"line_4a": 7000, "line_4b": 6510}


def test_t3_e2_distribution_and_conversion_share_one_fraction() -> None:
    # domain-spec T3 / E2, by hand: both on one line 10 over line 9 = 80,000 + 5,000 +
    # 15,000 = 100,000 (the December 31 value, IRC 408(d)(2)); 10 = 0.1; 11 1,500;
    # 12 500; 13 2,000; 14 8,000; 15c 4,500; 18 13,500; 1040 4a 20,000, 4b 18,000.
    # The cash part is coded 1 at 50: Form 5329 line 1 4,500 (the taxable part: "early
    # distributions included in income"), line 4 450.
    case = base_case(forms_1099r=[ira(5000, "1"),
                                  ira(15000, disposition={"converted_to_roth_ira": 15000})])
    case["taxpayer"]["ira"] = {"prior_basis": 10000, "year_end_value": 80000}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_9"], f["line_10"], f["line_11"], f["line_12"], f["line_13"],
            f["line_14"], f["line_15c"], f["line_18"]) == (
        100000, 0.1, 1500, 500, 2000, 8000, 4500, 13500)
    assert out["f1040"] == {"line_4a": 20000, "line_4b": 18000}
    assert (out["f5329"]["taxpayer"]["line_1"], out["f5329"]["taxpayer"]["line_4"]) == (4500, 450)


def test_t4_e3_contribution_made_next_year_is_line_4() -> None:
    # domain-spec T4 / E3; Form 8606 line 4: "Enter those contributions included on line 1
    # that were made from January 1, 2026, through April 15, 2026"; line 5 = line 3 -
    # line 4 = 3,000; line 10 = 3,000 / 100,000 = 0.03; line 12 = 300; line 14 = 10,000 -
    # 300 = 9,700 (the March contribution stays basis); line 15c 9,700.
    case = base_case(forms_1099r=[ira(10000, "1")])
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 7000,
                               "contributions_made_next_year": 7000,
                               "prior_basis": 3000, "year_end_value": 90000}
    f = run_json(case)["f8606"]["taxpayer"]
    assert (f["line_3"], f["line_4"], f["line_5"], f["line_10"], f["line_12"], f["line_14"],
            f["line_15c"]) == (10000, 7000, 3000, 0.03, 300, 9700, 9700)


def test_t5_basis_carried_with_no_distribution() -> None:
    # domain-spec T5; Form 8606 after line 3: "In 2025, did you take a distribution ...
    # or make a Roth IRA conversion? No: Enter the amount from line 3 on line 14. Do not
    # complete the rest of Part I." Lines 4-13 and 15 blank.
    case = base_case()
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 7000, "prior_basis": 4000,
                               "year_end_value": 50000}
    out = run_json(case)
    assert out["f8606"]["taxpayer"] == {"line_1": 7000, "line_2": 4000, "line_3": 11000,
                                        "line_14": 11000}
    assert out["f1040"] == {}
    assert out["basis_next_year"] == {"taxpayer": 11000}


def test_e6_each_spouse_has_own_form_8606() -> None:
    # domain-spec E6; Form 8606: "If married, file a separate form for each spouse".
    # You: clean backdoor (10 = 1.000, 18 0). Your spouse: basis 6,000, December 31 value
    # 24,000, converts 6,000: 10 = 6,000 / 30,000 = 0.2; 17 1,200; 18 4,800; 14 4,800.
    # Form 1040: 4a 13,000, 4b 4,800 (never pooled: pooled it would be 13,000 / 37,000).
    case = base_case(
        filing_status="married_filing_jointly",
        spouse={"name": "S", "date_of_birth": "1978-01-01",
                "ira": {"prior_basis": 6000, "year_end_value": 24000}},
        forms_1099r=[ira(7000, disposition={"converted_to_roth_ira": 7000}),
                     ira(6000, owner="spouse", disposition={"converted_to_roth_ira": 6000})])
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 7000, "year_end_value": 0}
    out = run_json(case)
    you, spouse = out["f8606"]["taxpayer"], out["f8606"]["spouse"]
    assert (you["line_10"], you["line_18"], you["line_14"]) == (1, 0, 0)
    assert (spouse["line_10"], spouse["line_17"], spouse["line_18"], spouse["line_14"]) == (
        0.2, 1200, 4800, 4800)
    assert out["f1040"] == {"line_4a": 13000, "line_4b": 4800}


def test_e10_qcd_with_basis_is_left_off_line_7() -> None:
    # domain-spec E10. Form 8606 line 7 leaves out qualified charitable distributions; the
    # QCD comes out of the taxable money first (IRC 408(d)(8)(D)). At 75: 10,000 out,
    # 4,000 of it a QCD; basis 5,000; December 31 value 40,000. Line 7 6,000; line 9
    # 46,000; line 10 = 5,000 / 46,000 = 0.10870 (0.1087); line 12 = 652; line 14 4,348;
    # line 15c 5,348. Form 1040: 4a 10,000, 4b 5,348, line 4c box 2 "QCD" (Exception 3).
    case = base_case(forms_1099r=[ira(10000, "7", disposition={"qcd": 4000})])
    case["taxpayer"]["date_of_birth"] = "1950-01-01"
    case["taxpayer"]["ira"] = {"prior_basis": 5000, "year_end_value": 40000}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_7"], f["line_9"], f["line_10"], f["line_12"], f["line_14"],
            f["line_15c"]) == (6000, 46000, 0.1087, 652, 4348, 5348)
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 5348, "line_4c": ["qcd"]}


def test_e11_withholding_from_a_conversion_with_basis() -> None:
    # domain-spec E11 / §5.6: 10,000 out, 2,000 withheld, 8,000 reached the Roth IRA; at
    # 45 with basis 5,000 and 40,000 on December 31. The withheld part is a distribution:
    # line 7 2,000, line 8 8,000, line 9 50,000, line 10 0.1; 11 800; 12 200; 15c 1,800;
    # 18 7,200; 4a 10,000, 4b 9,000; 25b 2,000. Form 5329 line 1 1,800 (its taxable
    # part), line 4 180.
    case = base_case(forms_1099r=[ira(10000, box_4=2000,
                                      disposition={"converted_to_roth_ira": 8000})])
    case["taxpayer"]["date_of_birth"] = "1980-01-01"
    case["taxpayer"]["ira"] = {"prior_basis": 5000, "year_end_value": 40000}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_7"], f["line_8"], f["line_11"], f["line_12"], f["line_15c"],
            f["line_18"]) == (2000, 8000, 800, 200, 1800, 7200)
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 9000, "line_25b": 2000}
    assert (out["f5329"]["taxpayer"]["line_1"], out["f5329"]["taxpayer"]["line_4"]) == (1800, 180)


def test_t7_withholding_from_a_conversion_without_basis() -> None:
    # domain-spec T7: Part II only, 16 7,500, 18 7,500; 4a 10,000, 4b 10,000 (the 2,500
    # withheld is taxable too); Form 5329 line 1 2,500, line 4 250; 25b 2,500.
    case = base_case(forms_1099r=[ira(10000, box_4=2500,
                                      disposition={"converted_to_roth_ira": 7500})])
    case["taxpayer"]["date_of_birth"] = "1980-01-01"
    out = run_json(case)
    assert out["f8606"]["taxpayer"] == {"line_16": 7500, "line_17": 0, "line_18": 7500}
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 10000, "line_25b": 2500}
    assert (out["f5329"]["taxpayer"]["line_1"], out["f5329"]["taxpayer"]["line_4"]) == (2500, 250)


def test_e15_outstanding_rollover_is_on_line_6_with_a_conversion() -> None:
    # Form 8606 instructions, line 6: "Enter the total value of all your traditional, SEP,
    # and SIMPLE IRAs as of December 31 ... plus any outstanding rollovers"; line 7 leaves
    # out rollovers. 20,000 taken out in December and rolled over in January; 10,000
    # converted; basis 6,000; 30,000 on December 31. Line 6 50,000; line 9 60,000;
    # line 10 0.1; line 11 1,000; line 18 9,000. 4a 30,000, 4b 9,000, line 4c Rollover.
    case = base_case(forms_1099r=[ira(20000, "7", disposition={"rolled_over": 20000}),
                                  ira(10000, disposition={"converted_to_roth_ira": 10000})])
    case["taxpayer"]["date_of_birth"] = "1960-01-01"
    case["taxpayer"]["ira"] = {"prior_basis": 6000, "year_end_value": 30000,
                               "outstanding_rollovers": 20000}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_6"], f["line_7"], f["line_9"], f["line_10"], f["line_11"],
            f["line_18"]) == (50000, 0, 60000, 0.1, 1000, 9000)
    assert out["f1040"] == {"line_4a": 30000, "line_4b": 9000, "line_4c": ["rollover"]}
    assert not errors(out)


def test_e15_outstanding_rollover_not_marked_rolled_over_blocks() -> None:
    # The same 20,000 on line 6 as an outstanding rollover, but its Form 1099-R not
    # marked rolled over: it would be on line 6 and, as money kept, on line 7 too (line
    # 10 = 5,000 / 70,000 and 18,571 taxed). An outstanding rollover is "the amount of
    # any distribution received in [the year] after November 1 ... that was rolled over
    # in [the next year]" (Form 8606 instructions, line 6): a blocking error names it.
    case = base_case(forms_1099r=[ira(20000, "7")])
    case["taxpayer"]["date_of_birth"] = "1960-01-01"
    case["taxpayer"]["ira"] = {"prior_basis": 5000, "year_end_value": 30000,
                               "outstanding_rollovers": 20000}
    out = run_json(case)
    (finding,) = [w for w in out["warnings"]
                  if w["id"] == "outstanding-rollover-not-rolled-over"]
    assert finding["severity"] == "error"
    assert finding["field"] == "taxpayer.ira.outstanding_rollovers"
    # Marked rolled over, it is consistent: no Form 8606 needed (line 7 0, no conversion).
    case["forms_1099r"][0]["disposition"] = {"rolled_over": 20000}
    out = run_json(case)
    assert "outstanding-rollover-not-rolled-over" not in ids(out)
    assert out["f1040"] == {"line_4a": 20000, "line_4b": 0, "line_4c": ["rollover"]}


def test_e5_recharacterized_contribution_then_converted() -> None:
    # domain-spec E5; Form 8606 instructions, Recharacterizations: a Roth IRA contribution
    # recharacterized to a traditional IRA is treated as made to the traditional IRA
    # (line 1, nondeductible), and the recharacterization is not a line 7 distribution.
    # 7,000 contributed to a Roth IRA, recharacterized with 200 of earnings (code N,
    # 7,200), then 7,200 converted. Line 1 7,000; line 8 7,200; line 10 = 7,000 / 7,200 =
    # 0.97222; line 11 7,000; line 18 200. Form 1040 Exception 2 (items 3 and 6): the
    # total of both forms on 4a, 14,400; 4b 200.
    case = base_case(forms_1099r=[
        {"box_1": 7200, "box_2a": 0, "box_7": "N"},
        ira(7200, disposition={"converted_to_roth_ira": 7200})])
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 7000, "year_end_value": 0}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_1"], f["line_7"], f["line_8"], f["line_10"], f["line_11"], f["line_18"]) == (
        7000, 0, 7200, 0.97222, 7000, 200)
    assert out["f1040"] == {"line_4a": 14400, "line_4b": 200}


def test_e14_inherited_ira_has_its_own_form_8606() -> None:
    # domain-spec E14; Pub. 590-B, "IRA with basis": "you must complete separate Forms
    # 8606". Inherited basis 3,000, 27,000 on December 31, 3,000 out (code 4): line 9
    # 30,000; line 10 0.1; line 12 300; line 15c 2,700. Your own basis 1,000 is carried
    # unchanged; no 10% (death, code 4).
    case = base_case(forms_1099r=[ira(3000, "4", inherited_from="Alex")])
    case["taxpayer"]["inherited_iras"] = [{"decedent": "Alex", "basis": 3000,
                                           "year_end_value": 27000}]
    case["taxpayer"]["ira"] = {"prior_basis": 1000, "year_end_value": 9000}
    out = run_json(case)
    f = out["f8606_inherited"]["taxpayer"]["Alex"]
    assert (f["line_9"], f["line_10"], f["line_12"], f["line_14"], f["line_15c"]) == (
        30000, 0.1, 300, 2700, 2700)
    assert out["f8606"] == {}
    assert out["f1040"] == {"line_4a": 3000, "line_4b": 2700}
    assert out["basis_next_year"] == {"taxpayer": 1000}
    assert out["f5329"] == {}


# ---------------------------------------------------------------------------
# Roth IRA distributions (Form 8606 Part III, Form 1040 line 4).


def test_t6_roth_ordering_and_recapture() -> None:
    # domain-spec T6, at 52: 40,000 out (code J); contributions 20,000; conversions of
    # 2021 (15,000 taxable) and 2023 (10,000 taxable). Line 21 40,000; 22 20,000; 23
    # 20,000; 24 25,000; 25a 0. The ordering rules take 15,000 of 2021 and 5,000 of
    # 2023, both within their 5-year windows: Form 5329 line 1 20,000, line 4 2,000.
    case = base_case(forms_1099r=[roth(40000)])
    case["taxpayer"]["date_of_birth"] = "1973-03-01"
    case["taxpayer"]["roth"] = {
        "first_contribution_year": 2015, "contribution_basis": 20000,
        "layers": [{"year": 2021, "kind": "conversion", "taxable": 15000, "nontaxable": 0},
                   {"year": 2023, "kind": "conversion", "taxable": 10000, "nontaxable": 0}]}
    out = run_json(case)
    assert out["f8606"]["taxpayer"] == {"line_19": 40000, "line_21": 40000, "line_22": 20000,
                                        "line_23": 20000, "line_24": 25000, "line_25a": 0}
    assert out["f1040"] == {"line_4a": 40000, "line_4b": 0}
    assert (out["f5329"]["taxpayer"]["line_1"], out["f5329"]["taxpayer"]["line_4"]) == (
        20000, 2000)
    assert out["schedule_2"]["line_8"] == 2000


def test_pub_590b_justin_ordering_example() -> None:
    # Pub. 590-B (2020), Ordering Rules for Distributions, example: Justin converted
    # $80,000 ($20,000 of it basis, $60,000 included in income) in 2016; made a $5,000
    # regular contribution in 2020; took $7,000 at age 60 in 2020. "The first $5,000 of
    # the distribution is a return of Justin's regular contribution and isn't includible
    # in his income. The next $2,000 ... isn't includible in income because it was
    # included previously." Years moved by 5 (2016 -> 2021, 2020 -> 2025) so that the
    # 5-year period is still running as in the example; figures unchanged. Code T (59½,
    # 5-year period unknown to the payer). Line 19 7,000; 22 5,000; 23 2,000; 24 80,000;
    # 25a 0: Form 1040 4a 7,000, 4b 0; no 10% at 60.
    case = base_case(forms_1099r=[roth(7000, "T")])
    case["taxpayer"]["date_of_birth"] = "1965-01-01"
    case["taxpayer"]["roth"] = {
        "first_contribution_year": 2021, "contributions_this_year": 5000,
        "layers": [{"year": 2021, "kind": "conversion", "taxable": 60000,
                    "nontaxable": 20000}]}
    out = run_json(case)
    assert out["f8606"]["taxpayer"] == {"line_19": 7000, "line_21": 7000, "line_22": 5000,
                                        "line_23": 2000, "line_24": 80000, "line_25a": 0}
    assert out["f1040"] == {"line_4a": 7000, "line_4b": 0}
    assert out["f5329"] == {}
    # Line 24 chart: next year's line 24 is 80,000 - 2,000 (the taxable part went first).
    assert out["roth_next_year"]["taxpayer"]["layers"] == [
        {"year": 2021, "kind": "conversion", "taxable": 58000, "nontaxable": 20000}]


def test_e12_code_t_with_a_contribution_for_2020_needs_no_form_8606() -> None:
    # Instructions for Form 1040 (2025), lines 4a-4b, Exception 2, item 2(a): "Distribution
    # code T is shown in box 7 of Form 1099-R and you made a contribution (including a
    # conversion) to a Roth IRA for 2020 or an earlier year": enter -0- on line 4b, no
    # Form 8606. With the first contribution for 2021 the 5-year period is not over:
    # Part III, 23 = 10,000 - 4,000 = 6,000, no conversions, 25c 6,000.
    case = base_case(forms_1099r=[roth(10000, "T")])
    case["taxpayer"]["date_of_birth"] = "1960-01-01"
    case["taxpayer"]["roth"] = {"first_contribution_year": 2020, "contribution_basis": 4000}
    out = run_json(case)
    assert out["f8606"] == {}
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 0}
    case["taxpayer"]["roth"]["first_contribution_year"] = 2021
    out = run_json(case)
    assert (out["f8606"]["taxpayer"]["line_23"], out["f8606"]["taxpayer"]["line_25c"]) == (
        6000, 6000)
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 6000}


def test_roth_distribution_and_same_year_conversion() -> None:
    # Form 8606 line 24 includes this year's line 16; Pub. 590-B ordering rules: regular
    # contributions (2,000), then conversions. 10,000 converted (no basis: 18 10,000) and
    # 5,000 taken from the Roth IRA at 40: 22 2,000; 23 3,000; 24 10,000; 25a 0. The 3,000
    # comes from this year's conversion, within its 5-year window: Form 5329 line 1 3,000
    # (i5329 line 1, recapture), line 4 300. 4a 15,000, 4b 10,000.
    case = base_case(forms_1099r=[ira(10000, disposition={"converted_to_roth_ira": 10000}),
                                  roth(5000)])
    case["taxpayer"]["date_of_birth"] = "1985-01-01"
    case["taxpayer"]["roth"] = {"first_contribution_year": 2018, "contribution_basis": 2000}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_18"], f["line_22"], f["line_23"], f["line_24"], f["line_25a"]) == (
        10000, 2000, 3000, 10000, 0)
    assert out["f1040"] == {"line_4a": 15000, "line_4b": 10000}
    assert (out["f5329"]["taxpayer"]["line_1"], out["f5329"]["taxpayer"]["line_4"]) == (3000, 300)


# ---------------------------------------------------------------------------
# Form 5329 Part I.


def test_e13_code_1_at_59_half_or_older_is_exception_12() -> None:
    # Instructions for Form 5329, line 2, exception 12: distributions incorrectly coded 1
    # "Include on line 2 the amount you received when you were age 59½ or older". Fully
    # taxable: Form 1040 line 4b only ("leave line 4a blank"). Line 3 0, no tax.
    case = base_case(forms_1099r=[ira(10000, "1")])
    case["taxpayer"]["date_of_birth"] = "1960-01-01"
    out = run_json(case)
    assert out["f1040"] == {"line_4b": 10000}
    f = out["f5329"]["taxpayer"]
    assert (f["line_1"], f["line_2_number"], f["line_2"], f["line_3"], f["line_4"]) == (
        10000, "12", 10000, 0, 0)
    assert out["schedule_2"] == {}


def test_code_1_with_an_exception_claimed() -> None:
    # Form 5329 lines 1-4 by hand: 10,000 coded 1 at 50, exception 05 (medical) for
    # 3,000: line 3 7,000, line 4 700; filed (an exception is claimed).
    case = base_case(forms_1099r=[ira(10000, "1",
                                      early_exceptions=[{"number": "05", "amount": 3000}])])
    f = run_json(case)["f5329"]["taxpayer"]
    assert (f["line_1"], f["line_2_number"], f["line_2"], f["line_3"], f["line_4"],
            f["required"]) == (10000, "05", 3000, 7000, 700, True)


def test_e16_simple_ira_in_its_first_two_years_is_25_percent() -> None:
    # domain-spec E16; Form 5329 line 4: "If any amount on line 3 was a distribution from a
    # SIMPLE IRA, you may have to include an additional 25%"; code S at 40: 10,000 ->
    # 2,500. Money sent to a Roth IRA inside the 2 years is not a conversion (IRC
    # 408(d)(3)(G)): the same 2,500, and no Form 8606 Part II.
    case = base_case(forms_1099r=[ira(10000, "S")])
    case["taxpayer"]["date_of_birth"] = "1985-01-01"
    out = run_json(case)
    assert out["f1040"] == {"line_4b": 10000}
    assert (out["f5329"]["taxpayer"]["line_1"], out["f5329"]["taxpayer"]["line_4"]) == (
        10000, 2500)
    case["forms_1099r"][0]["disposition"] = {"converted_to_roth_ira": 10000}
    out = run_json(case)
    assert out["f8606"] == {}
    assert out["f5329"]["taxpayer"]["line_4"] == 2500
    assert "simple-not-converted" in ids(out)


def test_ira_code_7_before_59_half_is_an_early_distribution() -> None:
    # Code 7 is the payer's "normal distribution" code (59½ or older), but whether a
    # distribution is early is a matter of age (IRC 72(t)(1)); Instructions for Form
    # 5329, Who Must File: you file when you received an early distribution and the code
    # in box 7 is incorrect. At 50 all year: 10,000 on line 1, line 4 1,000; Form 5329
    # filed (not coded 1). Before this fix formhelper put no additional tax at all.
    case = base_case(forms_1099r=[ira(10000, "7")])
    out = run_json(case)
    f = out["f5329"]["taxpayer"]
    assert (f["line_1"], f["line_3"], f["line_4"], f["required"]) == (10000, 10000, 1000, True)
    assert out["schedule_2"]["line_8"] == 1000
    # An exception the person has is claimed as usual (disabled: exception 03).
    case["forms_1099r"][0]["disabled"] = True
    f = run_json(case)["f5329"]["taxpayer"]
    assert (f["line_2_number"], f["line_2"], f["line_4"]) == ("03", 10000, 0)


def test_ira_code_7_with_basis_only_the_taxable_part_is_early() -> None:
    # As above with basis 5,000 and 40,000 on December 31: Form 8606 line 10 0.1, 15c
    # 9,000; Form 5329 line 1 9,000 (the part "included in income"), line 4 900.
    case = base_case(forms_1099r=[ira(10000, "7")])
    case["taxpayer"]["ira"] = {"prior_basis": 5000, "year_end_value": 40000}
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_15c"] == 9000
    assert (out["f5329"]["taxpayer"]["line_1"], out["f5329"]["taxpayer"]["line_4"]) == (9000, 900)


def test_returned_roth_excess_contribution_earnings_take_exception_21() -> None:
    # A Roth IRA excess contribution of 1,000 returned with 100 of earnings before the due
    # date (code 8J): 4a 1,100, 4b 100 (Form 1040 Exception 2, item 4). The earnings are
    # an early distribution on Form 5329 line 1 and exception 21 covers them ("corrective
    # distributions (and associated earnings) of excess IRA contributions", IRC
    # 72(t)(2)(A)(ix), SECURE 2.0 §333), as for the traditional IRA's code 81.
    case = base_case(forms_1099r=[{"box_1": 1100, "box_2a": 100, "box_7": "8J"}])
    case["taxpayer"]["roth"] = {"first_contribution_year": 2018, "contribution_basis": 2000}
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 1100, "line_4b": 100}
    f = out["f5329"]["taxpayer"]
    assert (f["line_1"], f["line_2_number"], f["line_2"], f["line_4"]) == (100, "21", 100, 0)
    traditional = run_json(base_case(forms_1099r=[
        {"box_1": 1100, "box_2a": 100, "box_7": "81", "ira_sep_simple": True}]))
    assert traditional["f5329"] == out["f5329"]


# ---------------------------------------------------------------------------
# Form 1040 lines 5a-5c.


def test_e20_code_g_with_box_2a_blank() -> None:
    # domain-spec E20; Instructions for Form 1040, lines 5a-5b: a direct rollover to a
    # traditional IRA or plan: 5a the total, 5b 0, line 5c "Rollover". To a Roth IRA the
    # pre-tax money is taxable: box 1 less box 5 (the after-tax money), 5b 40,000.
    case = base_case(forms_1099r=[{"box_1": 50000, "box_7": "G",
                                   "disposition": {"rolled_over": 50000}}])
    out = run_json(case)
    assert out["f1040"] == {"line_5a": 50000, "line_5b": 0, "line_5c": ["rollover"]}
    case = base_case(forms_1099r=[{"box_1": 50000, "box_5": 10000, "box_7": "G",
                                   "disposition": {"converted_to_roth_ira": 50000}}])
    out = run_json(case)
    assert out["f1040"] == {"line_5a": 50000, "line_5b": 40000, "line_5c": ["rollover"]}
    assert out["roth_next_year"]["taxpayer"]["layers"] == [
        {"year": 2025, "kind": "plan_rollover", "taxable": 40000, "nontaxable": 10000}]


def test_split_direct_rollover_pre_tax_to_traditional_after_tax_to_roth() -> None:
    # One 401(k) distribution of 100,000 (box 2a 0, box 5 20,000 after-tax) split by direct
    # rollover: 80,000 to a traditional IRA, 20,000 to a Roth IRA. IRC 402(c)(2) and Notice
    # 2014-54: the pre-tax money goes to the traditional rollover first, so only after-tax
    # money reached the Roth IRA and box 2a 0 is right: 5a 100,000, 5b 0, Rollover; the
    # Roth IRA layer is 20,000 nontaxable. No "box 2a cannot be right" error (it was raised
    # before, saying 0 was "box 1 less box 5"). With only 50,000 to the traditional IRA,
    # 30,000 of pre-tax money reached the Roth IRA: 5b 30,000 and the error stands.
    case = base_case(forms_1099r=[{"box_1": 100000, "box_2a": 0, "box_5": 20000, "box_7": "G",
                                   "disposition": {"rolled_over": 80000,
                                                   "converted_to_roth_ira": 20000}}])
    out = run_json(case)
    assert out["f1040"] == {"line_5a": 100000, "line_5b": 0, "line_5c": ["rollover"]}
    assert out["roth_next_year"]["taxpayer"]["layers"] == [
        {"year": 2025, "kind": "plan_rollover", "taxable": 0, "nontaxable": 20000}]
    assert "code-g-box-2a-zero-to-roth" not in ids(out)
    case["forms_1099r"][0]["disposition"] = {"rolled_over": 50000,
                                             "converted_to_roth_ira": 50000}
    out = run_json(case)
    assert out["f1040"]["line_5b"] == 30000
    assert "code-g-box-2a-zero-to-roth" in ids(out)


def test_ira_box_2a_below_box_1_without_basis_is_fully_taxable() -> None:
    # Instructions for Form 1040, lines 4a-4b: "Except as provided next, leave line 4a blank
    # and enter the total distribution (from Form 1099-R, box 1) on line 4b"; only basis
    # (Form 8606, Exception 2) makes part of it nontaxable. Box 2a 8,000 of 10,000 with no
    # basis: 4b 10,000, with a warning naming box 2a.
    case = base_case(forms_1099r=[{"box_1": 10000, "box_2a": 8000, "box_7": "7",
                                   "ira_sep_simple": True}])
    case["taxpayer"]["date_of_birth"] = "1950-01-01"
    out = run_json(case)
    assert out["f1040"] == {"line_4b": 10000}
    assert "ira-box-2a-below-taxable" in ids(out)


def test_qcd_in_the_year_of_70_half_names_the_day() -> None:
    # Pub. 590-B, Qualified charitable distributions: "You must be at least age 70½ when
    # the distribution was made" (IRC 408(d)(8)(B)(ii)). Born March 1, 1955: 70½ on
    # September 1, 2025. The payment date is not in the case, so the 10,000 is taken as a
    # QCD (4a 10,000, 4b 0, QCD box) and a warning names the day.
    case = base_case(forms_1099r=[ira(10000, "7", disposition={"qcd": 10000})])
    case["taxpayer"]["date_of_birth"] = "1955-03-01"
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 0, "line_4c": ["qcd"]}
    (finding,) = [w for w in out["warnings"] if w["id"] == "qcd-before-70-half-date"]
    assert "September 1, 2025" in finding["message"]
    # 70½ on January 1 or earlier: nothing to say.
    case["taxpayer"]["date_of_birth"] = "1954-07-01"
    assert "qcd-before-70-half-date" not in ids(run_json(case))


def test_contribution_recharacterized_next_year_goes_in_the_statement_only() -> None:
    # Instructions for Form 8606 (2015), Recharacterizations, item 2: "If the
    # recharacterization occurred in 2015, include the amount transferred from the
    # traditional IRA on Form 1040, line 15a. If the recharacterization occurred in 2016,
    # report the amount transferred only in the attached statement, and not on your 2015
    # or 2016 tax return." (Line 15a is today's line 4a.) A 6,000 Roth IRA contribution
    # for 2025 recharacterized as a nondeductible traditional one in 2026 (a 2026 Form
    # 1099-R coded R, 6,500 with earnings): Form 8606 line 1 6,000, line 14 6,000, and
    # nothing on Form 1040 line 4a (before this fix formhelper put 6,500 there).
    case = base_case(forms_1099r=[{"box_1": 6500, "box_2a": 0, "box_7": "R",
                                   "ira_sep_simple": True, "form_year": 2026}])
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 6000, "year_end_value": 10000}
    out = run_json(case)
    assert out["f8606"]["taxpayer"] == {"line_1": 6000, "line_2": 0, "line_3": 6000,
                                        "line_14": 6000}
    assert out["f1040"] == {}
    assert ids(out) == {"recharacterization-statement-only"}


def test_contribution_recharacterized_this_year_same_year_is_on_line_4a() -> None:
    # The same instructions: recharacterized in the year of the contribution (code N), the
    # amount transferred is on line 4a (Form 1040 Exception 2, item 6), 4b 0. Instructions
    # for Form 8606 (2010) example: 4,000 contributed to a Roth IRA, recharacterized with
    # 200 of earnings, 4,200 transferred, the 4,000 deducted: "You are not required to
    # file Form 8606"; 4,200 on line 4a.
    case = base_case(forms_1099r=[{"box_1": 4200, "box_2a": 0, "box_7": "N"}])
    case["taxpayer"]["ira"] = {"deductible_contributions": 4000, "year_end_value": 4200}
    out = run_json(case)
    assert out["f8606"] == {}
    assert out["f1040"] == {"line_4a": 4200, "line_4b": 0}


def test_tax_withheld_on_a_next_year_form_is_credited_next_year() -> None:
    # IRC 31(a)(2): "The amount so withheld during any calendar year shall be allowed as a
    # credit for the taxable year beginning in such calendar year." A 2026 Form 1099-R
    # coded P1 (an excess contribution for 2025 returned in 2026, 100 of earnings taxable
    # in 2025) with 110 withheld: 4a 1,100 and 4b 100 on the 2025 return, but line 25b
    # stays blank (the 110 goes on the 2026 return). A 2025 form coded P1 belongs to the
    # 2024 return, but its 110 was withheld in 2025: line 25b 110 here.
    case = base_case(forms_1099r=[{"box_1": 1100, "box_2a": 100, "box_4": 110, "box_7": "P1",
                                   "ira_sep_simple": True, "form_year": 2026}])
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 1100, "line_4b": 100}
    assert "withheld-next-year" in ids(out)
    del case["forms_1099r"][0]["form_year"]
    out = run_json(case)
    assert out["f1040"] == {"line_25b": 110}


def test_first_roth_year_after_the_tax_year_is_refused() -> None:
    # Pub. 590-B, "What Are Qualified Distributions?": the 5-year period begins "with the
    # first taxable year for which a contribution was made to a Roth IRA"; a year after the
    # return's cannot be it (a typing mistake that would decide line 19).
    case = base_case(forms_1099r=[roth(15000)])
    case["taxpayer"]["roth"] = {"first_contribution_year": 2027}
    with pytest.raises(CaseFileError, match=r"taxpayer\.roth\.first_contribution_year"):
        parse_case(case)


def test_roth_distribution_without_any_roth_history_is_named() -> None:
    # Pub. 590-B, Ordering Rules for Distributions: regular contributions, then conversions,
    # then earnings. With no Roth IRA history in the case, Form 8606 lines 22 and 24 are 0
    # and the whole 5,000 is taxed (25c 5,000; at 50, 500 on Form 5329): the figure follows
    # the lines, and a warning says the history is missing. Given as 0 explicitly, no
    # warning.
    case = base_case(forms_1099r=[roth(5000)])
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_25c"] == 5000
    assert "roth-history-missing" in ids(out)
    case["taxpayer"]["roth"] = {"contribution_basis": 0}
    assert "roth-history-missing" not in ids(run_json(case))
