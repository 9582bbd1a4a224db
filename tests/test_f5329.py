"""Form 5329 Part I (additional tax on early distributions) and Schedule 2 line 8.

Expected figures come from the Instructions for Form 5329 line 1 example (recapture)
or are worked by hand in each test from the line texts of the 2025 Form 5329:
line 3 = line 1 - line 2; line 4 = 10% of line 3 (25% for the SIMPLE IRA part,
the line 4 caution).
"""

from __future__ import annotations

from typing import Any

import pytest

from formhelper.files.casefile import CaseFileError, parse_case
from formhelper.files.years import load, supported_years
from formhelper.models import Owner
from support import base_case, run, run_json, sample


def ira(box_1: int, box_7: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"box_1": box_1, "box_2a": box_1, "box_7": box_7,
                            "ira_sep_simple": True, "box_2b_taxable_not_determined": True}
    data.update(extra)
    return data


def f5329(data: dict[str, Any], who: str = "taxpayer") -> dict[str, Any]:
    result: dict[str, Any] = run_json(data)["f5329"][who]
    return result


def ids(data: dict[str, Any]) -> list[str]:
    return [w["id"] for w in run_json(data)["warnings"]]


def test_recapture_example_reaches_two_conversion_layers() -> None:
    # Instructions for Form 5329 (2016 and 2017), line 1 example, moved forward 9
    # years so that it is a 2025 return: conversions in 2021 (8606 line 17 5,000,
    # line 18 15,000) and 2022 (3,000 / 7,000); Roth contributions of 2,000 for each
    # year (line 22 4,000); a 33,000 distribution at 53. Ordering: 4,000 contributions,
    # 15,000 from the 2021 line 18, 5,000 from its line 17, 7,000 from the 2022 line 18.
    # Both windows (2021-2025, 2022-2026) include 2025, so line 1 = 15,000 + 7,000 =
    # 22,000 (the instructions' $22,000); line 4 = 2,200.
    case = base_case(forms_1099r=[{"box_1": 33000, "box_7": "J",
                                   "box_2b_taxable_not_determined": True}])
    case["taxpayer"] = {"name": "Ex Ample", "date_of_birth": "1972-03-01", "roth": {
        "first_contribution_year": 2021, "contribution_basis": 4000,
        "layers": [{"year": 2021, "taxable": 15000, "nontaxable": 5000},
                   {"year": 2022, "taxable": 7000, "nontaxable": 3000}]}}
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_23"] == 29000
    assert out["f5329"]["taxpayer"] == {"line_1": 22000, "line_3": 22000, "line_4": 2200,
                                        "required": True}
    lines = run(parse_case(case)).f5329[Owner.TAXPAYER]
    assert [(i.what.split(",")[0], i.amount) for i in lines.items] == [
        ("recapture: 2021 conversion", 15000), ("recapture: 2022 conversion", 7000)]
    assert out["schedule_2"] == {"line_8": 2200, "line_8_not_required": False}


def test_recapture_outside_the_window_is_not_on_line_1() -> None:
    # Same case, but the first conversion was in 2020: its window (2020-2024) ended
    # before 2025, so only the 2022 layer's 7,000 is recaptured.
    case = base_case(forms_1099r=[{"box_1": 33000, "box_7": "J"}])
    case["taxpayer"] = {"name": "Ex Ample", "date_of_birth": "1972-03-01", "roth": {
        "first_contribution_year": 2020, "contribution_basis": 4000,
        "layers": [{"year": 2020, "taxable": 15000, "nontaxable": 5000},
                   {"year": 2022, "taxable": 7000, "nontaxable": 3000}]}}
    assert f5329(case)["line_1"] == 7000


def test_sample_early_roth_distribution_domain_spec_t6() -> None:
    # domain-spec T6 (the sample's header): 15,000 from the 2021 layer and 5,000 from
    # the 2023 layer, both in their windows: line 1 20,000, line 4 2,000.
    result = run(sample("early-roth-distribution-2025"))
    lines = result.f5329[Owner.TAXPAYER]
    assert (lines.line_1, lines.line_2, lines.line_3, lines.line_4) == (20000, None, 20000, 2000)
    assert result.schedule_2.line_8 == 2000


def test_roth_earnings_line_25c_are_on_line_1() -> None:
    # Roth contributions 5,000, no conversions, 8,000 taken at 45 (code J): line 23
    # 3,000, line 24 0, line 25c 3,000 taxable; "You will find this amount on line 25c"
    # -> line 1 3,000, line 4 300.
    case = base_case(forms_1099r=[{"box_1": 8000, "box_7": "J"}])
    case["taxpayer"]["roth"] = {"first_contribution_year": 2022, "contribution_basis": 5000}
    assert run_json(case)["f8606"]["taxpayer"]["line_25c"] == 3000
    assert f5329(case) == {"line_1": 3000, "line_3": 3000, "line_4": 300, "required": True}


def test_first_time_homebuyer_line_20_is_on_lines_1_and_2_with_exception_09() -> None:
    # i5329 line 1: "A qualified first-time homebuyer distribution from line 20 of your
    # Form 8606. Also include this amount on line 2 and enter exception number 09."
    # First Roth year 2019, so the 5-year period is over in 2025 and the distribution
    # is a qualified first-time homebuyer distribution (Pub. 590-B). 12,000 taken (J),
    # 10,000 homebuyer expenses (line 20), contributions 2,000: line 21 2,000, line 22
    # 2,000, line 23 0. Line 1 10,000, line 2 10,000 (09), line 4 0.
    case = base_case(forms_1099r=[{"box_1": 12000, "box_7": "J"}])
    case["taxpayer"]["roth"] = {"first_contribution_year": 2019, "contribution_basis": 2000,
                                "first_time_homebuyer_expenses": 10000}
    assert run_json(case)["f8606"]["taxpayer"]["line_20"] == 10000
    assert f5329(case) == {"line_1": 10000, "line_2_number": "09", "line_2": 10000,
                           "line_3": 0, "line_4": 0, "required": True}
    assert run_json(case)["schedule_2"] == {}


def test_first_time_homebuyer_before_the_5_year_period_is_exception_09_only() -> None:
    # The same, but the first Roth year is 2024: the 5-year period is not over, the
    # distribution is not qualified, line 20 stays blank (Form 8606 instructions, line
    # 20; Pub. 590-B). Line 21 12,000, line 22 2,000, line 23 10,000, line 24 0, line
    # 25c 10,000 (taxable, Form 1040 line 4b 10,000). Exception 09 covers the 10% on
    # it: Form 5329 line 1 10,000, line 2 10,000 (09), line 3 0.
    case = base_case(forms_1099r=[{"box_1": 12000, "box_7": "J"}])
    case["taxpayer"]["roth"] = {"first_contribution_year": 2024, "contribution_basis": 2000,
                                "first_time_homebuyer_expenses": 10000}
    out = run_json(case)
    assert "line_20" not in out["f8606"]["taxpayer"]
    assert out["f8606"]["taxpayer"]["line_25c"] == 10000
    assert out["f1040"]["line_4b"] == 10000
    assert f5329(case) == {"line_1": 10000, "line_2_number": "09", "line_2": 10000,
                           "line_3": 0, "line_4": 0, "required": True}
    assert "homebuyer-not-qualified" in ids(case)


def test_conversion_withholding_domain_spec_t7() -> None:
    # domain-spec T7: age 45, no basis, box 1 10,000, box 4 2,500, code 2, 7,500
    # reached the Roth IRA. The 2,500 withheld was distributed, not converted: line 1
    # 2,500, line 4 250. Not coded 1, so Form 5329 is filed.
    case = base_case(forms_1099r=[ira(10000, "2", box_4=2500,
                                      disposition={"converted_to_roth_ira": 7500})])
    out = run_json(case)
    assert out["f1040"]["line_4b"] == 10000
    assert out["f5329"]["taxpayer"] == {"line_1": 2500, "line_3": 2500, "line_4": 250,
                                        "required": True}
    assert "conversion-withholding-early" in ids(case)


def test_conversions_themselves_are_not_subject() -> None:
    # A conversion with nothing withheld (code 2): nothing on Form 5329.
    case = base_case(forms_1099r=[ira(10000, "2", disposition={"converted_to_roth_ira": 10000})])
    assert run_json(case)["f5329"] == {}


def test_ira_with_basis_uses_the_taxable_part_from_form_8606() -> None:
    # Basis 10,000; IRAs worth 80,000 on Dec 31; 20,000 taken, code 1, at 45. Form 8606:
    # line 9 100,000, line 10 0.1, line 12 2,000, line 15c 18,000. Line 1 = 18,000 (what
    # went into income), line 4 1,800. The tax is not owed on the 20,000 shown in box
    # 2a, so Form 5329 is filed.
    case = base_case(forms_1099r=[ira(20000, "1")])
    case["taxpayer"]["ira"] = {"prior_basis": 10000, "year_end_value": 80000}
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_15c"] == 18000
    assert out["f5329"]["taxpayer"] == {"line_1": 18000, "line_3": 18000, "line_4": 1800,
                                        "required": True}


def test_code_1_in_full_needs_no_form_5329() -> None:
    # i5329 Who Must File: "if distribution code 1 is correctly shown in box 7 of all
    # your Forms 1099-R and you owe the additional tax on the full amount shown on each
    # Form 1099-R, you don't have to file Form 5329". 401(k) 6,000 / 6,000, code 1:
    # 10% = 600 straight to Schedule 2 line 8, its "If not required, check here" box.
    case = base_case(forms_1099r=[{"box_1": 6000, "box_2a": 6000, "box_7": "1"}])
    out = run_json(case)
    assert out["f5329"]["taxpayer"] == {"line_1": 6000, "line_3": 6000, "line_4": 600,
                                        "required": False}
    assert out["schedule_2"] == {"line_8": 600, "line_8_not_required": True}
    assert run(parse_case(case)).filed_5329 == {}


def test_plan_rollover_part_is_not_subject() -> None:
    # 401(k) 10,000 / 10,000, code 1, 4,000 rolled over within 60 days: line 5b 6,000;
    # "the part rolled over isn't subject to the 10% additional tax": line 1 6,000.
    case = base_case(forms_1099r=[{"box_1": 10000, "box_2a": 10000, "box_7": "1",
                                   "disposition": {"rolled_over": 4000}}])
    assert f5329(case) == {"line_1": 6000, "line_3": 6000, "line_4": 600, "required": True}


def test_simple_ira_code_s_is_taxed_at_25_percent() -> None:
    # Code S 4,000 (SIMPLE IRA, first 2 years) and code 1 2,000: line 1 6,000;
    # line 4 = 10% x 2,000 + 25% x 4,000 = 200 + 1,000 = 1,200.
    case = base_case(forms_1099r=[ira(4000, "S"), ira(2000, "1")])
    assert f5329(case) == {"line_1": 6000, "line_3": 6000, "line_4": 1200, "required": True}


def test_exception_on_the_simple_form_reduces_the_25_percent_part() -> None:
    # Code S 4,000 with exception 03 (disability) for 1,000: line 1 4,000, line 2 1,000
    # (03), line 3 3,000, all of it SIMPLE: line 4 = 25% x 3,000 = 750.
    case = base_case(forms_1099r=[ira(4000, "S",
                                      early_exceptions=[{"number": "03", "amount": 1000}])])
    assert f5329(case) == {"line_1": 4000, "line_2_number": "03", "line_2": 1000,
                           "line_3": 3000, "line_4": 750, "required": True}


def test_more_than_one_exception_number_is_99() -> None:
    # i5329 line 2: "If more than one exception applies, enter 99." 10,000 code 1 with
    # 05 for 2,000 and 08 for 3,000: line 2 5,000 (99), line 3 5,000, line 4 500.
    case = base_case(forms_1099r=[ira(10000, "1", early_exceptions=[
        {"number": "05", "amount": 2000}, {"number": 8, "amount": 3000}])])
    assert f5329(case) == {"line_1": 10000, "line_2_number": "99", "line_2": 5000,
                           "line_3": 5000, "line_4": 500, "required": True}


def test_coded_early_at_59_half_gets_exception_12() -> None:
    # Born 1960: 59½ in 2019, so all of 2025. A code 1 form of 5,000 goes on line 1
    # and on line 2 with exception 12 ("Distributions incorrectly indicated as early
    # distributions by code 1, J, or S ... received when you were age 59½ or older").
    case = base_case(forms_1099r=[ira(5000, "1")])
    case["taxpayer"]["date_of_birth"] = "1960-05-01"
    assert f5329(case) == {"line_1": 5000, "line_2_number": "12", "line_2": 5000,
                           "line_3": 0, "line_4": 0, "required": True}
    assert "f5329-exception-12" in ids(case)


def test_exception_above_the_taxable_part_is_limited() -> None:
    # Basis case above (taxable part 18,000 of the 20,000 shown): exception 03 claimed
    # for 20,000 (allowed by the case file: not above box 2a) is limited to 18,000.
    case = base_case(forms_1099r=[ira(20000, "1",
                                      early_exceptions=[{"number": "03", "amount": 20000}])])
    case["taxpayer"]["ira"] = {"prior_basis": 10000, "year_end_value": 80000}
    assert f5329(case) == {"line_1": 18000, "line_2_number": "03", "line_2": 18000,
                           "line_3": 0, "line_4": 0, "required": True}
    assert "early-exception-over-amount" in ids(case)


def test_exception_on_a_form_not_on_line_1_is_not_used() -> None:
    # Code 7 at 59½ or older all year: not an early distribution, nothing on line 1.
    # (Under 59½ a code 7 IRA form is on line 1: test_irs_examples.)
    case = base_case(forms_1099r=[ira(5000, "7", early_exceptions=[
        {"number": "03", "amount": 1000}])])
    case["taxpayer"]["date_of_birth"] = "1960-01-01"
    assert run_json(case)["f5329"] == {}
    assert "early-exception-not-used" in ids(case)


def test_spouses_each_have_their_own_form_5329() -> None:
    # samples/early-distribution-5329-2025.toml (header): taxpayer 12,000 - 3,000 (05)
    # = 9,000 -> 900, filed; spouse 5,000 code 1 in full -> 500 without Form 5329.
    # Schedule 2 line 8 = 1,400; a Form 5329 is attached, so its box is not checked.
    result = run(sample("early-distribution-5329-2025"))
    mine, theirs = result.f5329[Owner.TAXPAYER], result.f5329[Owner.SPOUSE]
    assert (mine.line_1, mine.line_2_number, mine.line_2, mine.line_3, mine.line_4) == (
        12000, "05", 3000, 9000, 900)
    assert (theirs.line_1, theirs.line_2, theirs.line_4, theirs.required) == (
        5000, None, 500, False)
    assert list(result.filed_5329) == [Owner.TAXPAYER]
    assert (result.schedule_2.line_8, result.schedule_2.line_8_not_required) == (1400, False)


# ------------------------------------------------------------------ case file checks

def _problems(exceptions: list[dict[str, Any]], **form: Any) -> list[str]:
    data = base_case(forms_1099r=[{**ira(5000, "1"), **form, "early_exceptions": exceptions}])
    with pytest.raises(CaseFileError) as caught:
        parse_case(data)
    return caught.value.problems


def test_exception_number_must_be_on_the_years_list() -> None:
    assert _problems([{"number": "30", "amount": 10}]) == [
        "forms_1099r[0].early_exceptions[0].number: 30 is not an exception number of the "
        "Instructions for Form 5329 for 2025 (01-23)"]
    assert _problems([{"number": "99", "amount": 10}]) == [
        "forms_1099r[0].early_exceptions[0].number: 99 means 'more than one exception' on "
        "Form 5329; list each exception with its own number"]
    assert _problems([{"number": "1a", "amount": 10}]) == [
        "forms_1099r[0].early_exceptions[0].number: must be a two-digit exception number, "
        "like '12'"]


def test_exception_amounts_within_the_taxable_amount_and_listed_once() -> None:
    assert _problems([{"number": "03", "amount": 3000}], box_2a=2000) == [
        "forms_1099r[0].early_exceptions: the exception amounts add up to 3000, more than "
        "box 2a (2000), the taxable amount they are part of"]
    assert _problems([{"number": "03", "amount": 1}, {"number": 3, "amount": 1}]) == [
        "forms_1099r[0].early_exceptions: exception 03 is listed twice; add the amounts"]
    assert _problems([{"number": "03", "amount": -1}]) == [
        "forms_1099r[0].early_exceptions[0].amount: must not be negative"]


def test_one_digit_number_is_padded() -> None:
    case = parse_case(base_case(forms_1099r=[ira(5000, "1", early_exceptions=[
        {"number": 5, "amount": 100}])]))
    assert case.forms_1099r[0].early_exceptions[0].number == "05"


# ------------------------------------------------------------------ the year's list

@pytest.mark.parametrize("year", [y for y in supported_years() if y >= 2024])
def test_exception_list_is_data_with_sources(year: int) -> None:
    # 2025 i5329 line 2: "enter the applicable exception number (01-23). If more than
    # one exception applies, enter 99." 2024 and 2026 borrow the 2025 list (same_as).
    # The earlier lists (01-12 before 2023, 01-21 in 2023) are in test_earlier_years.py.
    table = load(year).f5329
    assert sorted(table.exceptions) == [f"{n:02d}" for n in range(1, 24)]
    assert table.line_2.more_than_one == "99"
    assert table.table_year == 2025
    assert all(len(e.source) > 5 and len(e.short) > 5 for e in table.exceptions.values())
    assert (table.rates.additional_tax.value, table.rates.simple_ira_first_two_years.value) == (
        load(2025).f5329.rates.additional_tax.value, 25 * load(2025).f5329.rates
        .additional_tax.value / 10)
    assert table.description("12").startswith("Coded 1, J or S")
    assert ("borrow" in table.source or "used" in table.source) == (year != 2025)
