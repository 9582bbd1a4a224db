"""Qualified Roth IRA distributions and the $10,000 first-time homebuyer limit.

Pub. 590-B, "What Are Qualified Distributions?": "A qualified distribution is any
payment or distribution from your Roth IRA that meets the following requirements. 1. It
is made after the 5-year period beginning with the first tax year for which a
contribution was made to a Roth IRA set up for your benefit. 2. The payment or
distribution is: a. Made on or after the date you reach age 59½, b. Made because you are
disabled, c. Made to a beneficiary or to your estate after your death, or d. One that
meets the requirements listed under First home (up to a $10,000 lifetime limit)."
(IRC 408A(d)(2).)  A qualified distribution is not taxable and is not entered on Form
8606 Part III (line 19: "total nonqualified distributions ... including any qualified
first-time homebuyer distributions"); Form 1040 line 4a only.

First home: Form 8606 line 20 ("Do not enter more than $10,000 reduced by the total of
all your prior qualified first-time homebuyer distributions") only when the 5-year
period is over; otherwise the distribution goes through lines 21-25c and Form 5329
exception 09 covers the 10% (i5329, line 2). IRC 72(t)(8)(B): one $10,000 lifetime
limit for all of them.  Every figure is worked by hand in the test from these texts.
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from formhelper.calc.basis import build_record
from formhelper.files.casefile import parse_case
from support import base_case, run, run_json


def _case(born: str, roth: dict[str, Any], *forms: dict[str, Any]) -> dict[str, Any]:
    return base_case(taxpayer={"name": "Ex Ample", "date_of_birth": born, "roth": roth},
                     forms_1099r=list(forms))


def _ids(out: dict[str, Any]) -> list[str]:
    return [w["id"] for w in out["warnings"]]


def _homebuyer_carried(case: dict[str, Any]) -> D:
    parsed = parse_case(case)
    return build_record(parsed, run(parsed)).people[0].prior_first_time_homebuyer


def test_code_j_at_60_after_the_5_year_period_is_qualified() -> None:
    # Born January 15, 1960: 59½ on July 15, 2019, so 59½ all of 2025. First Roth year
    # 2018: the 5-year period (2018-2022) is over. A 20,000 distribution coded J is
    # qualified: Form 1040 4a 20,000, 4b 0; no Form 8606 Part III, no Form 5329.
    out = run_json(_case("1960-01-15", {"first_contribution_year": 2018,
                                        "contribution_basis": 5000},
                         {"box_1": 20000, "box_7": "J"}))
    assert (out["f1040"]["line_4a"], out["f1040"]["line_4b"]) == (20000, 0)
    assert out["f8606"] == {}
    assert out["f5329"] == {}
    assert "roth-j-qualified" in _ids(out)


def test_code_j_at_60_inside_the_5_year_period_is_not_qualified() -> None:
    # Same person, first Roth year 2021: the 5-year period runs 2021-2025, so a 2025
    # distribution is not after it (met from January 1, 2026). 4,000 taken (J),
    # contributions 1,000: line 19 4,000, line 22 1,000, line 23 3,000, line 24 0, line
    # 25c 3,000 -> 4b 3,000. Form 5329: line 1 3,000; exception 12 (coded J at 59½ or
    # older all year) 3,000; line 3 0.
    out = run_json(_case("1960-01-15", {"first_contribution_year": 2021,
                                        "contribution_basis": 1000},
                         {"box_1": 4000, "box_7": "J"}))
    assert out["f8606"]["taxpayer"]["line_25c"] == 3000
    assert out["f1040"]["line_4b"] == 3000
    assert out["f5329"]["taxpayer"] == {"line_1": 3000, "line_2_number": "12", "line_2": 3000,
                                        "line_3": 0, "line_4": 0, "required": True}


def test_first_year_2020_is_enough_for_2025() -> None:
    # 5-year period beginning January 1, 2020: 2020, 2021, 2022, 2023, 2024; a 2025
    # distribution at 60 is after it: qualified.
    out = run_json(_case("1960-01-15", {"first_contribution_year": 2020},
                         {"box_1": 7000, "box_7": "J"}))
    assert (out["f1040"]["line_4a"], out["f1040"]["line_4b"]) == (7000, 0)
    assert out["f8606"] == {}


def test_code_j_disabled_after_the_5_year_period_is_qualified() -> None:
    # Age 40, disabled when paid ("Made because you are disabled"), first Roth year
    # 2015: qualified. 9,000 coded J: 4a 9,000, 4b 0, nothing else.
    out = run_json(_case("1985-03-01", {"first_contribution_year": 2015},
                         {"box_1": 9000, "box_7": "J", "disabled": True}))
    assert (out["f1040"]["line_4a"], out["f1040"]["line_4b"]) == (9000, 0)
    assert out["f8606"] == {} and out["f5329"] == {}


def test_code_j_disabled_inside_the_5_year_period_has_exception_03() -> None:
    # Age 40, disabled, first Roth year 2022 (period to 2026): nonqualified. 10,000
    # taken, contributions 4,000: line 23 6,000, line 25c 6,000 -> 4b 6,000. Form 5329:
    # line 1 6,000, line 2 6,000 with exception 03 (disability), line 3 0, line 4 0.
    out = run_json(_case("1985-03-01", {"first_contribution_year": 2022,
                                        "contribution_basis": 4000},
                         {"box_1": 10000, "box_7": "J", "disabled": True}))
    assert out["f8606"]["taxpayer"]["line_25c"] == 6000
    assert out["f5329"]["taxpayer"] == {"line_1": 6000, "line_2_number": "03", "line_2": 6000,
                                        "line_3": 0, "line_4": 0, "required": True}


def test_code_j_in_the_year_of_59_half_is_taken_as_before_it() -> None:
    # Born March 10, 1966: 59½ on September 10, 2025. Code J says paid before 59½, so
    # nonqualified (with a finding). 5,000 taken, contributions 2,000: line 25c 3,000;
    # Form 5329 line 1 3,000, line 4 300 (not 59½ all year: no exception 12).
    out = run_json(_case("1966-03-10", {"first_contribution_year": 2010,
                                        "contribution_basis": 2000},
                         {"box_1": 5000, "box_7": "J"}))
    assert out["f8606"]["taxpayer"]["line_25c"] == 3000
    assert out["f5329"]["taxpayer"]["line_4"] == 300
    assert "roth-j-59-half-during-year" in _ids(out)


def test_first_year_unknown_at_60_is_treated_as_nonqualified_with_a_finding() -> None:
    out = run_json(_case("1960-01-15", {"contribution_basis": 1000},
                         {"box_1": 4000, "box_7": "J"}))
    assert out["f8606"]["taxpayer"]["line_25c"] == 3000
    assert "roth-first-year-unknown" in _ids(out)


def test_qualified_first_home_line_20_and_the_rest_by_the_ordering_rules() -> None:
    # Age 35, first Roth year 2019 (period over), first-time homebuyer expenses 10,000,
    # none before. 15,000 taken (J), contributions 3,000. Line 19 15,000; line 20 10,000;
    # line 21 5,000; line 22 3,000; line 23 2,000; line 24 0; line 25c 2,000 (4b 2,000).
    # Form 5329 line 1 = 10,000 (line 20) + 2,000 (line 25c) = 12,000; line 2 10,000
    # (09); line 3 2,000; line 4 200. The 10,000 is used up for later years.
    case = _case("1990-06-01", {"first_contribution_year": 2019, "contribution_basis": 3000,
                                "first_time_homebuyer_expenses": 10000},
                 {"box_1": 15000, "box_7": "J"})
    out = run_json(case)
    f8606 = out["f8606"]["taxpayer"]
    assert (f8606["line_19"], f8606["line_20"], f8606["line_21"], f8606["line_23"],
            f8606["line_25c"]) == (15000, 10000, 5000, 2000, 2000)
    assert out["f1040"]["line_4b"] == 2000
    assert out["f5329"]["taxpayer"] == {"line_1": 12000, "line_2_number": "09", "line_2": 10000,
                                        "line_3": 2000, "line_4": 200, "required": True}
    assert _homebuyer_carried(case) == D(10000)


def test_lifetime_limit_left_from_earlier_years_limits_line_20() -> None:
    # 7,000 used in an earlier year; first Roth year 2019; 8,000 taken (J), expenses
    # 8,000, no contributions. Line 20 = 10,000 - 7,000 = 3,000; line 21 5,000; line 25c
    # 5,000. Form 5329 line 1 = 3,000 + 5,000 = 8,000; line 2 3,000 (09); line 3 5,000;
    # line 4 500. Carried: 10,000.
    case = _case("1990-06-01", {"first_contribution_year": 2019,
                                "first_time_homebuyer_expenses": 8000,
                                "prior_first_time_homebuyer": 7000},
                 {"box_1": 8000, "box_7": "J"})
    out = run_json(case)
    assert (out["f8606"]["taxpayer"]["line_20"], out["f8606"]["taxpayer"]["line_25c"]) == (
        3000, 5000)
    assert out["f5329"]["taxpayer"] == {"line_1": 8000, "line_2_number": "09", "line_2": 3000,
                                        "line_3": 5000, "line_4": 500, "required": True}
    assert _homebuyer_carried(case) == D(10000)


def test_lifetime_limit_left_from_earlier_years_limits_exception_09() -> None:
    # The same, but the first Roth year is 2023 (period not over): line 20 blank, line
    # 21 8,000, line 25c 8,000 (4b 8,000); exception 09 only for the 3,000 left of the
    # $10,000: Form 5329 line 1 8,000, line 2 3,000 (09), line 3 5,000, line 4 500.
    case = _case("1990-06-01", {"first_contribution_year": 2023,
                                "first_time_homebuyer_expenses": 8000,
                                "prior_first_time_homebuyer": 7000},
                 {"box_1": 8000, "box_7": "J"})
    out = run_json(case)
    assert "line_20" not in out["f8606"]["taxpayer"]
    assert out["f1040"]["line_4b"] == 8000
    assert out["f5329"]["taxpayer"] == {"line_1": 8000, "line_2_number": "09", "line_2": 3000,
                                        "line_3": 5000, "line_4": 500, "required": True}
    assert _homebuyer_carried(case) == D(10000)


def test_exception_09_on_a_traditional_ira_shares_the_limit() -> None:
    # Age 35. A nonqualified Roth IRA distribution (first Roth year 2023) of 10,000, all
    # earnings, paid 10,000 of first-home expenses: line 25c 10,000, exception 09 10,000.
    # A traditional IRA distribution coded 1 of 6,000 (no basis) also claims 09 for
    # 6,000, but the $10,000 is used up: not allowed (finding). Form 5329 line 1 16,000,
    # line 2 10,000 (09), line 3 6,000, line 4 600.
    case = _case("1990-06-01", {"first_contribution_year": 2023,
                                "first_time_homebuyer_expenses": 10000},
                 {"box_1": 10000, "box_7": "J"},
                 {"box_1": 6000, "box_2a": 6000, "box_7": "1", "ira_sep_simple": True,
                  "early_exceptions": [{"number": "09", "amount": 6000}]})
    out = run_json(case)
    assert out["f5329"]["taxpayer"] == {"line_1": 16000, "line_2_number": "09",
                                        "line_2": 10000, "line_3": 6000, "line_4": 600,
                                        "required": True}
    assert "homebuyer-lifetime-limit" in _ids(out)


def test_at_60_the_homebuyer_limit_is_not_spent_where_exception_12_applies() -> None:
    # Age 65, first Roth year 2023 (period not over): 5,000 taken (J), all earnings, used
    # for a first home. Not qualified: line 25c 5,000. At 59½ or older all year the
    # additional tax does not apply (exception 12), so the $10,000 first-home limit is
    # left untouched: line 2 5,000 with exception 12; nothing carried as used.
    case = _case("1960-01-15", {"first_contribution_year": 2023,
                                "first_time_homebuyer_expenses": 5000},
                 {"box_1": 5000, "box_7": "J"})
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_25c"] == 5000
    assert out["f5329"]["taxpayer"] == {"line_1": 5000, "line_2_number": "12", "line_2": 5000,
                                        "line_3": 0, "line_4": 0, "required": True}
    assert _homebuyer_carried(case) == 0


def test_expenses_above_the_distribution_put_only_the_distribution_on_form_5329() -> None:
    # Age 35, first Roth year 2018 (period over), expenses 12,000, 8,000 taken (J), no
    # contributions. Line 19 8,000; line 20 10,000 (the expenses, within the $10,000);
    # line 21 0: "If line 21 is zero, stop here" after line 22; 4b 0. The qualified
    # first-time homebuyer distribution is the 8,000 that was paid: Form 5329 line 1
    # 8,000, line 2 8,000 (09), line 3 0; 8,000 of the lifetime limit used.
    case = _case("1990-06-01", {"first_contribution_year": 2018,
                                "first_time_homebuyer_expenses": 12000},
                 {"box_1": 8000, "box_7": "J"})
    out = run_json(case)
    f8606 = out["f8606"]["taxpayer"]
    assert (f8606["line_19"], f8606["line_20"], f8606["line_21"]) == (8000, 10000, 0)
    assert out["f1040"]["line_4b"] == 0
    assert out["f5329"]["taxpayer"] == {"line_1": 8000, "line_2_number": "09", "line_2": 8000,
                                        "line_3": 0, "line_4": 0, "required": True}
    assert _homebuyer_carried(case) == D(8000)
