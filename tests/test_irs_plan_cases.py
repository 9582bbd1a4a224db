"""Red-team cases for employer-plan Forms 1099-R and Form 5329 Part I.

`compute --json` against figures worked by hand in each test from the IRS text it names:
Instructions for Forms 1099-R and 5498 (boxes 2a, 5, 10; codes 1, 2, 4, 7, B, G, H, L, M,
S), Instructions for Form 1040 lines 5a-5c, Instructions for Form 5329 (Who Must File;
line 1; line 2 exceptions; line 4), IRC 402(c)(2) and Notice 2014-54 (where the pre-tax
money of one distribution goes), Pub. 575.  The IRA-side Form 8606 cases are in
tests/test_irs_edge_cases.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from formhelper.files.casefile import CaseFileError, parse_case
from support import base_case, run_json

UNDER_55 = "1980-06-01"
OVER_59_HALF = "1960-01-01"


def plan(box_1: int, box_7: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"box_1": box_1, "box_2a": box_1, "box_7": box_7}
    data.update(extra)
    return data


def run(forms: list[dict[str, Any]], dob: str = UNDER_55, **person: Any) -> dict[str, Any]:
    case = base_case(forms_1099r=forms)
    case["taxpayer"]["date_of_birth"] = dob
    case["taxpayer"].update(person)
    return run_json(case)


def ids(out: dict[str, Any]) -> set[str]:
    return {w["id"] for w in out["warnings"]}


def f5329(out: dict[str, Any]) -> dict[str, Any]:
    return dict(out["f5329"]["taxpayer"])


# ---------------------------------------------------------------------------
# Form 1040 lines 5a-5c.


def test_indirect_rollover_of_the_80_percent_left_the_withheld_20_taxable_and_early() -> None:
    # Pub. 575, Rollovers ("Withholding requirement" / "the 20% withheld ... if you don't
    # roll over that amount, it is taxable and may be subject to the 10% additional tax"),
    # by hand: box 1 10,000, box 2a 10,000, box 4 2,000, code 1; the 8,000 received was
    # rolled over within 60 days. Form 1040 5a 10,000, 5b 2,000, 5c Rollover; 25b 2,000.
    # Form 5329 line 1 2,000, line 4 10% = 200; the additional tax is not owed on the full
    # 10,000 shown, so Form 5329 must be filed (i5329, Who Must File).
    out = run([plan(10000, "1", box_4=2000, disposition={"rolled_over": 8000})])
    assert out["f1040"] == {"line_5a": 10000, "line_5b": 2000, "line_5c": ["rollover"],
                            "line_25b": 2000}
    assert f5329(out) == {"line_1": 2000, "line_3": 2000, "line_4": 200, "required": True}
    assert out["schedule_2"] == {"line_8": 200, "line_8_not_required": False}


def test_withheld_20_percent_made_up_from_other_money_is_all_rolled_over() -> None:
    # Pub. 575, Rollovers: the withheld 20% may be made up from other funds within 60 days;
    # then all 10,000 is rolled over: 5a 10,000, 5b 0, Rollover; no Form 5329.
    out = run([plan(10000, "1", box_4=2000, disposition={"rolled_over": 10000})])
    assert out["f1040"] == {"line_5a": 10000, "line_5b": 0, "line_5c": ["rollover"],
                            "line_25b": 2000}
    assert out["f5329"] == {}


def test_notice_2014_54_split_pre_tax_to_traditional_after_tax_to_roth() -> None:
    # Notice 2014-54 / IRC 402(c)(2), by hand: box 1 50,000 (box 2a 10,000 pre-tax
    # earnings, box 5 40,000 after-tax), code G; 10,000 to a traditional IRA, 40,000 to a
    # Roth IRA. The rollover to the traditional IRA takes the pre-tax money first: 5b 0.
    # The Roth IRA holds 40,000 of after-tax money (Form 8606 line 24 basis, nothing
    # taxable to recapture).
    out = run([plan(50000, "G", box_2a=10000, box_5=40000,
                    disposition={"rolled_over": 10000, "converted_to_roth_ira": 40000})])
    assert out["f1040"] == {"line_5a": 50000, "line_5b": 0, "line_5c": ["rollover"]}
    assert out["f5329"] == {}
    assert out["roth_next_year"]["taxpayer"]["layers"] == [
        {"year": 2025, "kind": "plan_rollover", "taxable": 0, "nontaxable": 40000}]
    assert "plan-after-tax-rolled-over" not in ids(out)


def test_direct_rollover_of_pre_tax_money_to_a_roth_ira_is_taxable_not_early() -> None:
    # Instructions for Forms 1099-R, Direct rollovers: "report the total amount rolled over
    # in box 1, the taxable amount in box 2a ... Use Code G"; i5329 ("Qualified retirement
    # plan or in-plan Roth rollover"): the amount rolled to a Roth IRA is included in income
    # but "Generally, the 10% additional tax on early distributions does not apply".
    # 5a 20,000, 5b 20,000, Rollover; no Form 5329 at 45.
    out = run([plan(20000, "G", disposition={"converted_to_roth_ira": 20000})])
    assert out["f1040"] == {"line_5a": 20000, "line_5b": 20000, "line_5c": ["rollover"]}
    assert out["f5329"] == {}
    assert out["roth_next_year"]["taxpayer"]["layers"] == [
        {"year": 2025, "kind": "plan_rollover", "taxable": 20000, "nontaxable": 0}]


def test_in_plan_roth_rollover_is_taxable_not_early_and_no_roth_ira_layer() -> None:
    # Instructions for Forms 1099-R: an IRR is reported with box 1 the amount rolled over,
    # box 2a the taxable amount, code G. 5a 20,000, 5b 20,000, Rollover. It stays in the
    # plan: no Roth IRA layer; no 10% (i5329, as above).
    out = run([plan(20000, "G", disposition={"in_plan_roth_rollover": 20000})])
    assert out["f1040"] == {"line_5a": 20000, "line_5b": 20000, "line_5c": ["rollover"]}
    assert out["f5329"] == {}
    assert out["roth_next_year"]["taxpayer"]["layers"] == []


def test_tax_withheld_from_a_direct_rollover_to_a_roth_ira_is_an_early_distribution() -> None:
    # IRC 402(c)(1): only the amount transferred is rolled over; the 2,000 withheld was paid
    # out. By hand: 5b 20,000 (18,000 rolled to Roth + 2,000 withheld, all pre-tax), Form
    # 5329 line 1 2,000 (under 59½), line 4 200.
    out = run([plan(20000, "G", box_4=2000, disposition={"converted_to_roth_ira": 18000})])
    assert out["f1040"]["line_5b"] == 20000
    assert f5329(out)["line_1"] == 2000 and f5329(out)["line_4"] == 200
    assert "rollover-withholding-early" in ids(out)


def test_code_h_designated_roth_to_roth_ira_not_taxable_box_5_is_contribution_basis() -> None:
    # Instructions for Forms 1099-R, code H: direct rollover of a designated Roth account
    # distribution to a Roth IRA; box 2a 0. Form 1040 5a 30,000, 5b 0, Rollover. The
    # designated Roth contributions (box 5, 20,000) become Roth IRA contribution basis (Form
    # 8606 line 22 instructions).
    out = run([plan(30000, "H", box_2a=0, box_5=20000)])
    assert out["f1040"] == {"line_5a": 30000, "line_5b": 0, "line_5c": ["rollover"]}
    assert out["roth_next_year"]["taxpayer"]["contribution_basis"] == 20000


def test_plan_distribution_with_after_tax_box_5_on_line_5a_and_5b() -> None:
    # Instructions for Form 1040, lines 5a-5b: "enter the total pension or annuity payments
    # ... on line 5a and the taxable part on line 5b"; box 2a 7,000 of box 1 10,000 (box 5
    # 3,000 after-tax). Code 1 at 45, the full 7,000 shown taxable: 10% = 700 straight to
    # Schedule 2 line 8 without Form 5329 (i5329, Who Must File: "if distribution code 1 is
    # correctly shown ... and you owe the additional tax on the full amount shown").
    out = run([plan(10000, "1", box_2a=7000, box_5=3000)])
    assert out["f1040"] == {"line_5a": 10000, "line_5b": 7000}
    assert f5329(out) == {"line_1": 7000, "line_3": 7000, "line_4": 700, "required": False}
    assert out["schedule_2"] == {"line_8": 700, "line_8_not_required": True}


def test_fully_taxable_plan_distribution_goes_on_line_5b_only() -> None:
    # Instructions for Form 1040, lines 5a-5b: "If your pension or annuity is fully taxable,
    # enter it on line 5b; don't make an entry on line 5a."
    out = run([plan(10000, "4")])
    assert out["f1040"] == {"line_5b": 10000}
    assert out["f5329"] == {}


def test_code_4_direct_rollover_from_a_plan() -> None:
    # Code 4 with G: a direct rollover for a beneficiary (Instructions for Forms 1099-R,
    # code G). 5a 10,000, 5b 0, Rollover; death is no early distribution.
    out = run([plan(10000, "4G", box_2a=0)])
    assert out["f1040"] == {"line_5a": 10000, "line_5b": 0, "line_5c": ["rollover"]}
    assert out["f5329"] == {}


@pytest.mark.parametrize("box_7", ["L1", "M1"])
def test_deemed_loan_and_loan_offset_coded_1_are_early(box_7: str) -> None:
    # Codes L (deemed distribution of a loan) and M (loan offset) with 1: taxable and early
    # (Instructions for Forms 1099-R, codes L, M). 5b 10,000; 10% 1,000 without Form 5329.
    out = run([plan(10000, box_7)])
    assert out["f1040"] == {"line_5b": 10000}
    assert f5329(out)["line_4"] == 1000


def test_loan_offset_rolled_over_is_not_taxed() -> None:
    # Code M: a qualified plan loan offset can be rolled over (Pub. 575): 5a 10,000, 5b 0.
    out = run([plan(10000, "M1", disposition={"rolled_over": 10000})])
    assert out["f1040"] == {"line_5a": 10000, "line_5b": 0, "line_5c": ["rollover"]}
    assert out["f5329"] == {}


# ---------------------------------------------------------------------------
# Designated Roth accounts (code B).


def test_nonqualified_designated_roth_distribution_earnings_taxable_and_early() -> None:
    # Instructions for Forms 1099-R, Designated Roth account distributions: "the taxable
    # portion of the distribution in box 2a, the basis included in the distributed amount in
    # box 5". Code 1B: 5a 10,000, 5b 2,000; Form 5329 line 1 2,000, line 4 200, no form
    # needed (code 1, full amount shown).
    out = run([plan(10000, "1B", box_2a=2000, box_5=8000, box_11=2022)])
    assert out["f1040"] == {"line_5a": 10000, "line_5b": 2000}
    assert f5329(out) == {"line_1": 2000, "line_3": 2000, "line_4": 200, "required": False}


def test_box_10_in_plan_roth_rollover_recapture_goes_on_line_1() -> None:
    # Instructions for Forms 1099-R: a distribution "allocable to the taxable amount of an
    # IRR, made within the 5-year period ... is treated as includible in gross income for
    # purposes of applying section 72(t) ... reported in box 10". By hand: line 1 = box 2a
    # 2,000 + box 10 3,000 = 5,000; line 4 500; Form 5329 required (the amount is not what
    # box 2a shows). Line 5b stays 2,000 (box 10 is not income again).
    out = run([plan(10000, "1B", box_2a=2000, box_5=8000, box_10=3000, box_11=2022)])
    assert out["f1040"]["line_5b"] == 2000
    assert f5329(out) == {"line_1": 5000, "line_3": 5000, "line_4": 500, "required": True}


def test_an_exception_can_cover_the_box_10_amount_too() -> None:
    # Box 10 is on line 1 beside box 2a, and "unless an exception to section 72(t) applies"
    # (box 10 text) an exception covers it: 05 claimed on all 5,000 -> line 2 5,000,
    # line 3 0. (Before the fix the case file refused an exception above box 2a.)
    out = run([plan(10000, "1B", box_2a=2000, box_5=8000, box_10=3000, box_11=2022,
                    early_exceptions=[{"number": "05", "amount": 5000}])])
    assert f5329(out) == {"line_1": 5000, "line_2_number": "05", "line_2": 5000,
                          "line_3": 0, "line_4": 0, "required": True}


def test_exceptions_above_box_2a_and_box_10_are_still_refused() -> None:
    with pytest.raises(CaseFileError):
        parse_case(base_case(forms_1099r=[plan(
            10000, "1B", box_2a=2000, box_5=8000, box_10=3000,
            early_exceptions=[{"number": "05", "amount": 5001}])]))


def test_qualified_designated_roth_distribution_is_not_taxed() -> None:
    # Code 7B, box 2a 0 (qualified: 5 years and 59½). 5a 10,000, 5b 0, no Form 5329.
    out = run([plan(10000, "7B", box_2a=0, box_5=8000, box_11=2015)], dob=OVER_59_HALF)
    assert out["f1040"] == {"line_5a": 10000, "line_5b": 0}
    assert out["f5329"] == {}


def test_code_2b_box_10_is_not_on_line_1() -> None:
    # Code 2: an exception applies (Instructions for Forms 1099-R), so neither box 2a nor
    # box 10 is an early distribution subject to the tax.
    out = run([plan(10000, "2B", box_2a=2000, box_5=8000, box_10=3000, box_11=2022)])
    assert out["f5329"] == {}


@pytest.mark.parametrize("disposition", [{"converted_to_roth_ira": 10000},
                                         {"in_plan_roth_rollover": 10000}])
def test_designated_roth_rolled_to_a_roth_ira_or_in_plan_is_refused(
        disposition: dict[str, int]) -> None:
    # A designated Roth distribution rolled to a Roth IRA is not taxed (Pub. 575,
    # Rollovers); formhelper taxed its box 2a as pre-tax money rolled to Roth (5b 2,000).
    # Refused by name, the field named.
    with pytest.raises(CaseFileError) as info:
        parse_case(base_case(forms_1099r=[plan(10000, "1B", box_2a=2000, box_5=8000,
                                               disposition=disposition)]))
    assert f"disposition.{next(iter(disposition))}" in str(info.value)
    assert "designated Roth" in str(info.value)


# ---------------------------------------------------------------------------
# Form 5329 Part I.


def test_code_2_separation_from_service_at_55_no_additional_tax() -> None:
    # Code 2: "Early distribution, exception applies" (the payer knows of exception 01).
    out = run([plan(10000, "2")], dob="1968-01-01")
    assert out["f1040"] == {"line_5b": 10000}
    assert out["f5329"] == {}


def test_exception_01_on_a_plan_form_coded_1() -> None:
    # i5329 line 2, exception 01 "Qualified retirement plan distributions (doesn't apply to
    # IRAs) you receive after separation from service ... in or after the year you reach
    # age 55": line 1 10,000, line 2 10,000 (01), line 3 0, line 4 0; Form 5329 required.
    out = run([plan(10000, "1", early_exceptions=[{"number": "01", "amount": 10000}])],
              dob="1968-01-01")
    assert f5329(out) == {"line_1": 10000, "line_2_number": "01", "line_2": 10000,
                          "line_3": 0, "line_4": 0, "required": True}
    assert out["schedule_2"] == {}


@pytest.mark.parametrize(("number", "ira_box", "box_7"), [
    ("01", True, "1"), ("06", True, "1"), ("01", False, "J"),
    ("07", False, "1"), ("08", False, "1"), ("09", False, "1")])
def test_an_exception_on_the_wrong_kind_of_account_is_refused(
        number: str, ira_box: bool, box_7: str) -> None:
    # i5329 line 2: 01 and 06 "(doesn't apply to IRAs)"; 07, 08, 09 are "IRA
    # distributions". Before the fix, exception 01 on an IRA form took the 10% (1,000) off.
    form = plan(10000, box_7, ira_sep_simple=ira_box,
                early_exceptions=[{"number": number, "amount": 5000}])
    if box_7 == "J":
        form.pop("box_2a")
    with pytest.raises(CaseFileError) as info:
        parse_case(base_case(forms_1099r=[form]))
    assert "forms_1099r[0].early_exceptions[0].number" in str(info.value)
    assert f"exception {number}" in str(info.value)


def test_two_exceptions_enter_99() -> None:
    # i5329 line 2: "If more than one exception applies, enter 99." 05 3,000 + 19 5,000 of
    # 20,000: line 2 8,000, line 3 12,000, line 4 1,200.
    out = run([plan(20000, "1", early_exceptions=[{"number": "05", "amount": 3000},
                                                  {"number": "19", "amount": 5000}])])
    assert f5329(out) == {"line_1": 20000, "line_2_number": "99", "line_2": 8000,
                          "line_3": 12000, "line_4": 1200, "required": True}


def test_simple_ira_code_s_25_percent_with_an_exception() -> None:
    # Form 5329 line 4 caution: 25% of the SIMPLE IRA part of line 3 (code S). 10,000 with
    # 05 on 3,000: line 3 7,000, line 4 25% = 1,750.
    out = run([plan(10000, "S", ira_sep_simple=True,
                    early_exceptions=[{"number": "05", "amount": 3000}])])
    assert f5329(out) == {"line_1": 10000, "line_2_number": "05", "line_2": 3000,
                          "line_3": 7000, "line_4": 1750, "required": True}


def test_simple_at_25_and_plan_at_10_percent_on_one_form_5329() -> None:
    # Line 4: 25% x 10,000 (code S) + 10% x 5,000 (plan, code 1) = 2,500 + 500 = 3,000.
    out = run([plan(10000, "S", ira_sep_simple=True), plan(5000, "1")])
    assert out["f1040"] == {"line_4b": 10000, "line_5b": 5000}
    assert f5329(out) == {"line_1": 15000, "line_3": 15000, "line_4": 3000, "required": True}


def test_code_1_from_a_plan_at_59_half_or_older_exception_12() -> None:
    # i5329 line 2, 12: "Distributions incorrectly indicated as early distributions by code
    # 1, J, or S in box 7 of Form 1099-R. Include on line 2 the amount you received when you
    # were age 59½ or older." Line 3 0, line 4 0; the code 7 form is not on line 1.
    out = run([plan(10000, "1"), plan(4000, "7")], dob=OVER_59_HALF)
    assert out["f1040"] == {"line_5b": 14000}
    assert f5329(out) == {"line_1": 10000, "line_2_number": "12", "line_2": 10000,
                          "line_3": 0, "line_4": 0, "required": True}


def test_after_tax_money_rolled_to_a_traditional_ira_is_named() -> None:
    # IRC 402(c)(2): the rollover takes the pre-tax 40,000 first; the other 10,000 (box 5)
    # is after-tax money, basis in a traditional IRA (Form 8606 line 2, IRS letter INFO
    # 2017-0028). formhelper does not add it to basis by itself, and says so.
    out = run([plan(50000, "G", box_2a=40000, box_5=10000)])
    assert out["f1040"] == {"line_5a": 50000, "line_5b": 0, "line_5c": ["rollover"]}
    (finding,) = [w for w in out["warnings"] if w["id"] == "plan-after-tax-rolled-over"]
    assert finding["severity"] == "error" and "$10,000" in finding["message"]


def test_code_7_from_a_plan_under_59_half_says_the_10_percent_is_not_in_the_figures() -> None:
    # Instructions for Forms 1099-R, code 7: also for annuity contracts and "Generally ...
    # if no other code applies" (a governmental 457(b) plan, not subject to the 10%:
    # i5329 "Other", section 457). formhelper cannot tell, leaves the plan form off Form
    # 5329 and must say that the 10% is not in its figures, not that it applies.
    out = run([plan(10000, "7")])
    assert out["f1040"] == {"line_5b": 10000}
    assert out["f5329"] == {}
    (finding,) = [w for w in out["warnings"] if w["id"] == "age-code-7-under-59-half"]
    assert "NOT in these figures" in finding["message"] and "457(b)" in finding["message"]


def test_a_direct_rollover_with_box_2a_0_and_no_box_5_holds_no_after_tax_money() -> None:
    # Instructions for Forms 1099-R, Direct rollovers: box 2a is 0 for a direct rollover to
    # a traditional IRA because it is not taxed; box 5 (after-tax money) is 0: nothing to
    # add to IRA basis, no finding.
    out = run([plan(20000, "G", box_2a=0, disposition={"rolled_over": 20000})])
    assert out["f1040"] == {"line_5a": 20000, "line_5b": 0, "line_5c": ["rollover"]}
    assert "plan-after-tax-rolled-over" not in ids(out)


def test_after_tax_money_in_a_60_day_rollover_comes_after_the_pre_tax() -> None:
    # IRC 402(c)(2), by hand: box 1 50,000, box 5 10,000 after-tax, box 4 8,000 withheld;
    # 42,000 rolled over within 60 days. The rollover is pre-tax first: 40,000 pre-tax +
    # 2,000 after-tax rolled; the 8,000 kept is after-tax: 5b 0, no Form 5329.
    out = run([plan(50000, "1", box_2a=40000, box_5=10000, box_4=8000,
                    disposition={"rolled_over": 42000})])
    assert out["f1040"] == {"line_5a": 50000, "line_5b": 0, "line_5c": ["rollover"],
                            "line_25b": 8000}
    assert out["f5329"] == {}
    (finding,) = [w for w in out["warnings"] if w["id"] == "plan-after-tax-rolled-over"]
    assert "$2,000" in finding["message"]


def test_code_h_qualified_rollover_is_all_contribution_basis() -> None:
    # Form 8606 instructions, line 22: "Increase the amount on line 22 by any amount rolled
    # in from a designated Roth account that is treated as investment in the contract";
    # Reg. 1.408A-10 Q&A-3: all of a qualified distribution is. Box 11 2010, tax year 2025
    # (5-taxable-year period over, IRC 402A(d)(2)), 59½ before 2025: qualified, so all
    # 30,000 is Roth IRA contribution basis (not only box 5's 20,000).
    out = run([plan(30000, "H", box_2a=0, box_5=20000, box_11=2010)], dob=OVER_59_HALF)
    assert out["f1040"] == {"line_5a": 30000, "line_5b": 0, "line_5c": ["rollover"]}
    assert out["roth_next_year"]["taxpayer"]["contribution_basis"] == 30000
    assert "code-h-qualified-unknown" not in ids(out)


def test_code_h_nonqualified_rollover_counts_box_5_on_line_22() -> None:
    # Same rule, nonqualified (under 59½): box 5 only. With a Roth IRA distribution (code J)
    # of 25,000 the same year, by hand: line 19 25,000; line 22 20,000 (box 5 of the code H
    # rollover); line 23 5,000; line 24 0; line 25c 5,000 -> 4b 5,000; Form 5329 line 1
    # 5,000 (line 25c), line 4 500.
    out = run([plan(30000, "H", box_2a=0, box_5=20000, box_11=2022),
               {"box_1": 25000, "box_7": "J"}], roth={"first_contribution_year": 2025})
    f = out["f8606"]["taxpayer"]
    assert (f["line_19"], f["line_22"], f["line_23"], f["line_25c"]) == (25000, 20000, 5000,
                                                                          5000)
    assert out["f1040"]["line_4b"] == 5000
    assert f5329(out)["line_1"] == 5000 and f5329(out)["line_4"] == 500


def test_code_h_with_box_11_blank_counts_box_5_and_says_so() -> None:
    out = run([plan(30000, "H", box_2a=0, box_5=20000)], dob=OVER_59_HALF)
    assert out["roth_next_year"]["taxpayer"]["contribution_basis"] == 20000
    assert "code-h-qualified-unknown" in ids(out)


# ---------------------------------------------------------------------------
# Routing: the codes first, the IRA/SEP/SIMPLE box second.


def test_plan_only_codes_are_line_5_codes_in_every_year_table_that_says() -> None:
    from formhelper.files.years import load_codes
    from formhelper.models.box7 import PLAN_ONLY

    for year in (2024, 2025):
        table = load_codes(year)
        assert {c for c in PLAN_ONLY if table.codes[c].f1040_line == "5"} == PLAN_ONLY


def test_code_b_with_the_ira_box_checked_goes_by_the_code() -> None:
    # Instructions for Forms 1099-R, code B "Designated Roth account distribution": only
    # employer plans have designated Roth accounts (IRC 402A), so a checked IRA/SEP/SIMPLE
    # box is the payer's slip; Form 1040 lines 5a/5b (Instructions for Form 1040: IRA
    # distributions are line 4, everything else line 5). Before the fix: line 4b 10,000 and
    # a 1,000 additional tax, instead of 5b 2,000 and 200.
    out = run([plan(10000, "1B", box_2a=2000, box_5=8000, box_11=2022, ira_sep_simple=True)])
    assert out["f1040"] == {"line_5a": 10000, "line_5b": 2000}
    assert f5329(out)["line_4"] == 200
    assert "ira-box-with-plan-code" in ids(out) and "box-5-on-ira" not in ids(out)


def test_code_h_with_the_ira_box_checked_goes_by_the_code() -> None:
    out = run([plan(30000, "H", box_2a=0, box_5=20000, box_11=2022, ira_sep_simple=True)])
    assert out["f1040"] == {"line_5a": 30000, "line_5b": 0, "line_5c": ["rollover"]}
    assert out["roth_next_year"]["taxpayer"]["contribution_basis"] == 20000


def test_code_g_with_the_ira_box_checked_is_an_ira_rolled_into_a_plan() -> None:
    # Code G is used for IRAs too (a direct rollover from an IRA to a plan): the box decides.
    # Form 1040 line 4a 10,000, 4b 0, Rollover (Exception 1).
    out = run([plan(10000, "G", box_2a=0, ira_sep_simple=True)])
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 0, "line_4c": ["rollover"]}


# ---------------------------------------------------------------------------
# Code 4 (death) from a plan.


def test_code_4_plan_money_that_reached_a_roth_ira_is_refused() -> None:
    # Instructions for Forms 1099-R, code G: a direct rollover for a nonspouse beneficiary
    # is also coded 4, and goes to an inherited IRA (IRC 402(c)(11)): an inherited Roth IRA,
    # not the beneficiary's own Roth IRA history. formhelper added it to the person's own
    # Roth IRA layers (a wrong later Form 8606 line 24): refused by name.
    with pytest.raises(CaseFileError) as info:
        parse_case(base_case(forms_1099r=[plan(20000, "4G", disposition={
            "converted_to_roth_ira": 20000})]))
    assert "forms_1099r[0].disposition.converted_to_roth_ira" in str(info.value)


def test_code_4_plan_60_day_rollover_is_questioned() -> None:
    # IRC 402(c)(11): a nonspouse beneficiary can move plan money only by a direct transfer;
    # a 60-day rollover (no code G) is for a surviving spouse: the figures follow the case
    # (5b 0) and a warning says what is taxable if not.
    out = run([plan(20000, "4", disposition={"rolled_over": 20000})])
    assert out["f1040"] == {"line_5a": 20000, "line_5b": 0, "line_5c": ["rollover"]}
    assert "inherited-plan-60-day-rollover" in ids(out)


def test_the_account_kind_of_each_exception_agrees_with_every_year_list() -> None:
    # The numbers calc.scope refuses on the wrong kind of account must mean the same thing
    # in every year's line 2 list (forms/<year>/f5329.toml).
    from formhelper.calc.scope import IRA_ONLY_EXCEPTIONS, PLAN_ONLY_EXCEPTIONS
    from formhelper.files.years import load

    for year in range(2019, 2027):
        exceptions = load(year).f5329.exceptions
        for number in PLAN_ONLY_EXCEPTIONS:
            assert "not IRAs" in exceptions[number].short, (year, number)
        for number in IRA_ONLY_EXCEPTIONS:
            assert exceptions[number].short.startswith("IRA distributions"), (year, number)


def test_code_4h_designated_roth_rollover_for_a_beneficiary_is_refused() -> None:
    # Code 4 with H: a beneficiary's direct rollover of a designated Roth account to a Roth
    # IRA (an inherited one for a nonspouse); its box 5 would have joined the person's own
    # Roth IRA contribution basis (Form 8606 line 22).
    with pytest.raises(CaseFileError) as info:
        parse_case(base_case(forms_1099r=[plan(30000, "4H", box_2a=0, box_5=20000)]))
    assert "forms_1099r[0].box_7" in str(info.value)


def test_exception_01_claimed_before_the_year_you_turn_55_is_questioned() -> None:
    # i5329 line 2, exception 01: separation from service "in or after the year you reach
    # age 55 (age 50 for qualified public safety employees)". Claimed at 45: the claim is
    # kept (a public safety employee may have it) and a warning says when it applies.
    out = run([plan(10000, "1", early_exceptions=[{"number": "01", "amount": 10000}])])
    assert f5329(out)["line_4"] == 0
    assert "exception-01-under-55" in ids(out)
    out = run([plan(10000, "1", early_exceptions=[{"number": "01", "amount": 10000}])],
              dob="1970-12-31")  # turns 55 on December 31, 2025
    assert "exception-01-under-55" not in ids(out)
