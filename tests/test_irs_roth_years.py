"""Red-team cases: Roth IRA distributions (Form 8606 Part III, Form 5329 line 1), Form
8606 Part I contributions, and the year-specific rules of 2019-2026.

Each test names its source and works its figures by hand from the line texts of Form
8606 (lines 1-25c), Form 5329 line 1-4 and Form 1040 lines 4a/4b, Pub. 590-A and
Pub. 590-B ("Ordering Rules for Distributions", "What Are Qualified Distributions?").
"""

from __future__ import annotations

from typing import Any

import pytest

from formhelper.files.casefile import CaseFileError, parse_case
from support import base_case, run_json


def roth(box_1: int, box_7: str = "J", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"box_1": box_1, "box_7": box_7,
                            "box_2b_taxable_not_determined": True}
    data.update(extra)
    return data


def conversion(box_1: int) -> dict[str, Any]:
    return {"box_1": box_1, "box_2a": box_1, "box_7": "2", "ira_sep_simple": True,
            "box_2b_taxable_not_determined": True,
            "disposition": {"converted_to_roth_ira": box_1}}


def ids(out: dict[str, Any]) -> set[str]:
    return {w["id"] for w in out["warnings"]}


# ---------------------------------------------------------------------------
# A. Roth IRA distributions.


def test_first_home_qualified_with_prior_homebuyer_and_recapture() -> None:
    # Born 1980 (45), first Roth year 2015 (5-year period met), $15,000 of first-home
    # expenses, $2,000 of earlier first-home distributions, a 2022 conversion taxable
    # $6,000, contribution basis $5,000, $20,000 distributed (code J).
    # Form 8606: 19 20,000; 20 = min(15,000, 10,000 - 2,000) = 8,000 ("Do not enter more
    # than $10,000 reduced by ... prior qualified first-time homebuyer distributions");
    # 21 12,000; 22 5,000; 23 7,000; 24 6,000; 25a/25c 1,000.
    # Form 5329 line 1 (Instructions for Form 5329, line 1, Roth IRAs): 25c 1,000 + line
    # 20 8,000 + the 2022 conversion's taxable part reached (ordering rules: 5,000
    # contributions, then 6,000 of 2022) 6,000 = 15,000; line 2 exception 09 8,000; line 3
    # 7,000; line 4 700.
    case = base_case(forms_1099r=[roth(20000)])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1980-06-01", "roth": {
        "first_contribution_year": 2015, "contribution_basis": 5000,
        "first_time_homebuyer_expenses": 15000, "prior_first_time_homebuyer": 2000,
        "layers": [{"year": 2022, "taxable": 6000}]}}
    out = run_json(case)
    assert out["f8606"]["taxpayer"] == {
        "line_19": 20000, "line_20": 8000, "line_21": 12000, "line_22": 5000,
        "line_23": 7000, "line_24": 6000, "line_25a": 1000, "line_25c": 1000}
    assert out["f1040"] == {"line_4a": 20000, "line_4b": 1000}
    f5329 = out["f5329"]["taxpayer"]
    assert (f5329["line_1"], f5329["line_2_number"], f5329["line_2"], f5329["line_3"],
            f5329["line_4"]) == (15000, "09", 8000, 7000, 700)


def test_this_years_conversion_and_distribution_under_59_half() -> None:
    # Born 1980, first Roth year 2025: a $20,000 conversion (no basis: line 18 20,000) and
    # $7,000 of Roth contributions for 2025, then $30,000 from the Roth IRA of which
    # $2,000 was rolled back within 60 days. Line 19 28,000 (rollovers excluded); 22
    # 7,000; 23 21,000; 24 20,000 (this year's line 16); 25a/25c 1,000. Form 1040 4a
    # 20,000 + 30,000 = 50,000; 4b 20,000 (line 18) + 1,000 (line 25c) = 21,000.
    # Form 5329 line 1: 1,000 + 20,000 (2025 conversion, inside its window) = 21,000; 10%
    # 2,100.
    case = base_case(forms_1099r=[conversion(20000),
                                  roth(30000, disposition={"rolled_over": 2000})])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1980-06-01",
                        "ira": {"prior_basis": 0, "year_end_value": 0},
                        "roth": {"first_contribution_year": 2025,
                                 "contributions_this_year": 7000}}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_18"], f["line_19"], f["line_22"], f["line_23"], f["line_24"],
            f["line_25c"]) == (20000, 28000, 7000, 21000, 20000, 1000)
    assert out["f1040"]["line_4a"] == 50000 and out["f1040"]["line_4b"] == 21000
    assert (out["f5329"]["taxpayer"]["line_1"], out["f5329"]["taxpayer"]["line_4"]) == (
        21000, 2100)
    assert out["roth_next_year"]["taxpayer"] == {"contribution_basis": 0, "layers": []}


def test_code_t_inside_five_years_is_nonqualified_without_additional_tax() -> None:
    # Code T: "Roth IRA distribution, exception applies" (the payer knows of 59½, death
    # or disability, not whether the 5-year period is met). First Roth year 2023, so in
    # 2025 the period is not met (Pub. 590-B: "after the 5-year period beginning with the
    # first tax year"): Part III. 19 20,000; 22 5,000; 23 15,000; 24 6,000; 25c 9,000. No
    # Form 5329: an exception applies.
    case = base_case(forms_1099r=[roth(20000, "T")])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1966-03-01", "roth": {
        "first_contribution_year": 2023, "contribution_basis": 5000,
        "layers": [{"year": 2023, "taxable": 6000}]}}
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_25c"] == 9000
    assert out["f1040"] == {"line_4a": 20000, "line_4b": 9000}
    assert not out.get("f5329")


# ---------------------------------------------------------------------------
# Returned contributions (codes 8 and P) are not basis.


def test_returned_roth_contribution_warns_about_contribution_basis() -> None:
    # A 2025 Roth IRA contribution of $7,000 returned with $300 of earnings (code J8):
    # the earnings are taxable (4a 7,300, 4b 300) and, from 2023, exception 21 covers
    # the 10% (Instructions for Form 5329, line 2, exception 21; SECURE 2.0 §333). The
    # returned $7,000 is not Roth contribution basis (Form 8606 line 22 excludes returned
    # contributions), so a contributions_this_year entered beside it is named.
    case = base_case(forms_1099r=[{"box_1": 7300, "box_2a": 300, "box_7": "J8"}])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1980-06-01", "roth": {
        "first_contribution_year": 2015, "contribution_basis": 20000,
        "contributions_this_year": 7000}}
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 7300, "line_4b": 300}
    f5329 = out["f5329"]["taxpayer"]
    assert (f5329["line_1"], f5329["line_2_number"], f5329["line_3"]) == (300, "21", 0)
    assert "returned-contribution-in-contributions" in ids(out)
    case["taxpayer"]["roth"]["contributions_this_year"] = 0
    out = run_json(case)
    assert "returned-contribution-in-contributions" not in ids(out)
    assert out["roth_next_year"]["taxpayer"]["contribution_basis"] == 20000


@pytest.mark.parametrize(("year", "line_3", "line_4"), [
    (2022, 300, 30), (2023, 0, 0), (2026, 0, 0)])
def test_corrective_roth_distribution_exception_21_only_from_2023(
        year: int, line_3: int, line_4: int) -> None:
    # Exception 21 (corrective distributions of excess IRA contributions and their
    # earnings) is in the line 2 list from the 2023 Instructions for Form 5329 (SECURE
    # 2.0 §333); before, the earnings were an early distribution: 10% of 300 = 30.
    case = base_case(tax_year=year, forms_1099r=[{"box_1": 7300, "box_2a": 300,
                                                  "box_7": "J8"}])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1980-06-01",
                        "roth": {"first_contribution_year": 2015}}
    f5329 = run_json(case)["f5329"]["taxpayer"]
    assert (f5329["line_1"], f5329["line_3"], f5329["line_4"]) == (300, line_3, line_4)


# ---------------------------------------------------------------------------
# B. Form 8606 Part I contributions.


def test_both_spouses_each_with_their_own_limit() -> None:
    # 2025 limit $7,000, $8,000 at 50 or older by December 31 (IRC 219(b)(5); Pub.
    # 590-A). Taxpayer born 1975-06-01 (50): $8,000 fits; $3,000 of it made in 2026
    # (line 4). 1 8,000; 2 1,000; 3 9,000; 4 3,000; 5 6,000; 6 0; 8 7,000; 9 7,000;
    # 10 = 6,000 / 7,000 = 0.85714; 11 = 7,000 x 0.85714 = 5,999.98 -> 6,000; 13 6,000;
    # 14 = 9,000 - 6,000 = 3,000; 16 7,000; 17 6,000; 18 1,000.
    # Spouse born 1976-01-02 (49 on December 31): limit 7,000, so $8,000 gives line 1
    # 7,000 and a blocking excess-contribution finding (Pub. 590-A, Excess Contributions).
    case = base_case(filing_status="married_filing_jointly", forms_1099r=[conversion(7000)])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1975-06-01", "ira": {
        "nondeductible_contributions": 8000, "contributions_made_next_year": 3000,
        "prior_basis": 1000, "year_end_value": 0}}
    case["spouse"] = {"name": "B", "date_of_birth": "1976-01-02", "ira": {
        "nondeductible_contributions": 8000, "year_end_value": 100}}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_1"], f["line_3"], f["line_4"], f["line_5"], f["line_9"], f["line_10"],
            f["line_11"], f["line_14"], f["line_17"], f["line_18"]) == (
        8000, 9000, 3000, 6000, 7000, 0.85714, 6000, 3000, 6000, 1000)
    assert out["f8606"]["spouse"]["line_1"] == 7000
    assert out["basis_next_year"] == {"taxpayer": 3000, "spouse": 7000}
    over = [w for w in out["warnings"] if w["id"] == "contribution-over-limit"]
    assert [w["field"] for w in over] == ["spouse.ira.nondeductible_contributions"]


def test_line_4_never_more_than_line_1_when_contributions_exceed_the_limit() -> None:
    # Form 8606 line 4: "those contributions included on line 1" made January 1 - April 15
    # of the next year, so line 4 <= line 1. Born 1980 (45): limit 7,000, all $9,000 made
    # in 2026: line 1 7,000 (blocking excess finding), line 4 7,000 (not 9,000, which
    # gave line 5 -1,000 and line 10 -0.1). 2 1,000; 3 8,000; 5 1,000; 6 5,000; 8 5,000;
    # 9 10,000; 10 0.1; 11 500; 13 500; 14 7,500; 17 500; 18 4,500.
    case = base_case(forms_1099r=[conversion(5000)])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1980-06-01", "ira": {
        "nondeductible_contributions": 9000, "contributions_made_next_year": 9000,
        "prior_basis": 1000, "year_end_value": 5000}}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_1"], f["line_4"], f["line_5"], f["line_10"], f["line_11"], f["line_14"],
            f["line_18"]) == (7000, 7000, 1000, 0.1, 500, 7500, 4500)
    assert out["f1040"]["line_4b"] == 4500
    assert "contribution-over-limit" in ids(out)


# ---------------------------------------------------------------------------
# C. Year-specific figures.


@pytest.mark.parametrize(("year", "limit"), [
    (2019, 7000), (2022, 7000), (2023, 7500), (2024, 8000), (2025, 8000), (2026, 8600)])
def test_contribution_limit_of_each_year_at_50(year: int, limit: int) -> None:
    # The limit and catch-up of each year (Pub. 590-A of the year; IRS news releases
    # and Notice 2025-67 for 2026: $7,500 and a $1,100 catch-up, indexed by SECURE 2.0
    # §108): 2019-2022 6,000 + 1,000; 2023 6,500 + 1,000; 2024-2025 7,000 + 1,000. Born
    # 1960 (59 at the end of 2019: under 70½, so 2019 allows a contribution).
    case = base_case(tax_year=year)
    case["taxpayer"] = {"name": "A", "date_of_birth": "1960-06-01",
                        "ira": {"nondeductible_contributions": 9000, "year_end_value": 0}}
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_1"] == limit
    assert out["basis_next_year"]["taxpayer"] == limit
    assert "contribution-over-limit" in ids(out)


def test_2019_no_traditional_contribution_at_70_half() -> None:
    # Pub. 590-A (2019): a traditional IRA contribution only if "You weren't age 70½ by
    # the end of the year" (repealed from 2020 by the SECURE Act §107). Born 1949-05-01:
    # 70½ on 2019-11-01. 2019: no line 1, the $10,000 is fully taxable (4b 10,000).
    # 2020: line 1 7,000; 6 50,000; 7 10,000; 9 60,000; 10 = 7,000 / 60,000 = 0.11667;
    # 12 = 10,000 x 0.11667 = 1,166.70 -> 1,167; 14 5,833; 15c 8,833.
    case = base_case(tax_year=2019, forms_1099r=[
        {"box_1": 10000, "box_7": "7", "ira_sep_simple": True,
         "box_2b_taxable_not_determined": True}])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1949-05-01",
                        "ira": {"nondeductible_contributions": 7000, "year_end_value": 50000}}
    out = run_json(case)
    assert out["f1040"]["line_4b"] == 10000
    assert out["basis_next_year"]["taxpayer"] == 0
    assert "traditional-contribution-over-age" in ids(out)
    case["tax_year"] = 2020
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_1"], f["line_10"], f["line_12"], f["line_14"], f["line_15c"]) == (
        7000, 0.11667, 1167, 5833, 8833)


@pytest.mark.parametrize(("year", "taxable"), [
    (2023, 12000), (2024, 7000), (2025, 4000), (2026, 1000)])
def test_qcd_limit_of_each_year(year: int, taxable: int) -> None:
    # IRC 408(d)(8)(A): $100,000 through 2023, indexed from 2024 (SECURE 2.0 §307):
    # $105,000 (2024, Notice 2023-75), $108,000 (2025, Notice 2024-80), $111,000 (2026,
    # Notice 2025-67). $112,000 paid to charity at 75: the rest is taxable (line 4b).
    case = base_case(tax_year=year, forms_1099r=[
        {"box_1": 112000, "box_7": "7", "ira_sep_simple": True,
         "box_2b_taxable_not_determined": True, "disposition": {"qcd": 112000}}])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1950-01-01",
                        "ira": {"year_end_value": 100000}}
    out = run_json(case)
    assert out["f1040"]["line_4a"] == 112000
    assert out["f1040"]["line_4b"] == taxable


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_emergency_personal_expense_exception_at_most_1000_a_year(year: int) -> None:
    # Exception 23, emergency personal expense distributions (from 2024, SECURE 2.0 §115):
    # "Up to a maximum of $1,000 may be treated as an emergency personal expense
    # distribution in any calendar year" (Notice 2024-55; IRC 72(t)(2)(I)), one person's
    # forms together. $3,000 and $500 early (code 1) at 45, 23 claimed on both: line 1
    # 3,500; line 2 1,000; line 3 2,500; line 4 250.
    def early(amount: int) -> dict[str, Any]:
        return {"box_1": amount, "box_2a": amount, "box_7": "1", "ira_sep_simple": True,
                "early_exceptions": [{"number": "23", "amount": amount}]}
    case = base_case(tax_year=year, forms_1099r=[early(3000), early(500)])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1980-01-01",
                        "ira": {"year_end_value": 0}}
    out = run_json(case)
    f5329 = out["f5329"]["taxpayer"]
    assert (f5329["line_1"], f5329["line_2_number"], f5329["line_2"], f5329["line_3"],
            f5329["line_4"]) == (3500, "23", 1000, 2500, 250)
    assert "exception-yearly-limit" in ids(out)


def test_2020_distributions_name_coronavirus_related_distributions() -> None:
    # CARES Act §2202: a 2020 coronavirus-related distribution (up to $100,000) has no 10%
    # additional tax and is taxed over 3 years on Form 8915-E, which formhelper does not
    # figure; the case cannot mark one, so a 2020 return with a taxed distribution says
    # so. The figures stay those of an ordinary distribution: $10,000 code 1 at 40, no
    # basis: 4b 10,000; Form 5329 line 1 10,000, line 4 1,000. 2021 has no such note.
    case = base_case(tax_year=2020, forms_1099r=[
        {"box_1": 10000, "box_2a": 10000, "box_7": "1", "ira_sep_simple": True}])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1980-01-01",
                        "ira": {"year_end_value": 0}}
    out = run_json(case)
    assert out["f1040"]["line_4b"] == 10000
    assert out["f5329"]["taxpayer"]["line_4"] == 1000
    assert "coronavirus-related-distribution" in ids(out)
    case["tax_year"] = 2021
    assert "coronavirus-related-distribution" not in ids(run_json(case))


def test_code_q_inside_the_five_year_period_is_not_qualified_and_blocks() -> None:
    # Pub. 590-B, What Are Qualified Distributions?: qualified only if "made after the
    # 5-year period beginning with the first tax year for which a contribution was made
    # to a Roth IRA set up for your benefit". First Roth year 2023: the period is over on
    # January 1, 2028, so a 2025 distribution coded Q is not qualified whatever the code.
    # Part III by hand: 19 10,000; 22 1,000; 23 9,000; 24 0; 25a/25c 9,000; 4b 9,000;
    # a blocking error names the conflict. With the first year 2020 the code Q stands:
    # 4a 10,000, 4b 0, no Part III.
    case = base_case(forms_1099r=[roth(10000, "Q")])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1960-01-01", "roth": {
        "first_contribution_year": 2023, "contribution_basis": 1000}}
    out = run_json(case)
    assert out["f8606"]["taxpayer"] == {
        "line_19": 10000, "line_21": 10000, "line_22": 1000, "line_23": 9000,
        "line_24": 0, "line_25a": 9000, "line_25c": 9000}
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 9000}
    blocking = [w for w in out["warnings"] if w["id"] == "roth-q-five-years-not-met"]
    assert blocking and blocking[0]["severity"] == "error"
    case["taxpayer"]["roth"]["first_contribution_year"] = 2020
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 0}
    assert not out["f8606"] and "roth-q-five-years-not-met" not in ids(out)


@pytest.mark.parametrize("form", [
    {"box_1": 7300, "box_7": "J8"},
    {"box_1": 7300, "box_7": "8", "ira_sep_simple": True}])
def test_corrective_distribution_with_box_2a_blank_blocks(form: dict[str, Any]) -> None:
    # Codes 8/P: a contribution returned with its earnings; "you must include in your
    # gross income the interest or other income that was earned on the excess
    # contribution" (Pub. 590-A, Excess Contributions), which the payer reports in box
    # 2a. Box 2a blank: the taxable amount is unknown, so the return is blocked rather
    # than showing line 4b 0 as if the earnings were nothing. With box 2a 300: 4b 300.
    case = base_case(forms_1099r=[dict(form)])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1980-06-01",
                        "roth": {"first_contribution_year": 2015}}
    out = run_json(case)
    found = [w for w in out["warnings"] if w["id"] == "corrective-box-2a-blank"]
    assert found and found[0]["severity"] == "error"
    case["forms_1099r"][0]["box_2a"] = 300
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 7300, "line_4b": 300}
    assert "corrective-box-2a-blank" not in ids(out)


def test_first_roth_year_after_a_conversion_layer_is_refused() -> None:
    # The 5-year period of qualified distributions starts with the first year a Roth IRA
    # was funded, by a regular contribution or a conversion (Reg. 1.408A-6, Q&A-2; Pub.
    # 590-B, What Are Qualified Distributions?). A 2019 conversion still in the Roth IRA
    # with a first year of 2022: at 65 in 2025 the distribution is qualified (period over
    # January 1, 2024), but 2022 would tax 5,000 of earnings. Refused by name.
    case = base_case(forms_1099r=[roth(10000)])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1960-01-01", "roth": {
        "first_contribution_year": 2022, "contribution_basis": 1000,
        "layers": [{"year": 2019, "taxable": 4000}]}}
    with pytest.raises(CaseFileError, match="first_contribution_year"):
        parse_case(case)
    case["taxpayer"]["roth"]["first_contribution_year"] = 2019
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 0}


def test_first_year_unknown_but_an_old_conversion_proves_the_period_over() -> None:
    # First Roth year not given, but a 2019 conversion is still in the Roth IRA: a Roth
    # IRA was funded in 2019 or earlier, so the 5-year period was over by January 1,
    # 2024 (Reg. 1.408A-6, Q&A-2; Pub. 590-B, What Are Qualified Distributions?). At 65 in
    # 2025 the distribution is qualified: 4a 10,000, 4b 0, no Part III. With only a 2022
    # conversion the first year may be 2022 (period not over): Part III, earnings taxed.
    case = base_case(forms_1099r=[roth(10000)])
    case["taxpayer"] = {"name": "A", "date_of_birth": "1960-01-01", "roth": {
        "contribution_basis": 1000, "layers": [{"year": 2019, "taxable": 4000}]}}
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 0}
    assert not out["f8606"]
    case["taxpayer"]["roth"]["layers"] = [{"year": 2022, "taxable": 4000}]
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_25c"] == 5000
    assert "roth-first-year-unknown" in ids(out)
