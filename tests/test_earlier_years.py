"""Tax years 2019-2023 (issue 21): each year's figures against the document they come
from, the rules that differ (the age-70½ limit on traditional IRA contributions before
2020), and a return of each year computed and filled."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from formhelper.calc.findings import Severity
from formhelper.cli import main
from formhelper.files.casefile import parse_case
from formhelper.files.years import load, load_codes
from pdfsupport import blank_path, forms_root
from support import base_case, run

EARLIER = (2019, 2020, 2021, 2022, 2023)

# (IRA limit, catch-up) from each year's COLA notice: Notice 2018-83 (2019), 2019-59
# (2020), 2020-79 (2021), 2021-61 (2022): $6,000 and $1,000; Notice 2022-55 (2023): "The
# limit on annual contributions to an IRA increased to $6,500 ... The IRA catch-up
# contribution limit ... remains $1,000" (as quoted in the sources of params.toml).
IRA = {2019: (6000, 1000), 2020: (6000, 1000), 2021: (6000, 1000), 2022: (6000, 1000),
       2023: (6500, 1000)}
# Standard deduction (single, married filing jointly, head of household) and the additional
# amount (married, unmarried): Rev. Proc. 2018-57, 2019-44, 2020-45, 2021-45, 2022-38.
STANDARD = {2019: (12200, 24400, 18350, 1300, 1650), 2020: (12400, 24800, 18650, 1300, 1650),
            2021: (12550, 25100, 18800, 1350, 1700), 2022: (12950, 25900, 19400, 1400, 1750),
            2023: (13850, 27700, 20800, 1500, 1850)}
# Roth IRA phase-out (single/HOH low-high, joint low-high), from the same COLA notices.
ROTH = {2019: (122000, 137000, 193000, 203000), 2020: (124000, 139000, 196000, 206000),
        2021: (125000, 140000, 198000, 208000), 2022: (129000, 144000, 204000, 214000),
        2023: (138000, 153000, 218000, 228000)}
# First and top bracket thresholds, single (Rev. Procs above, §3.01 Table 3).
SINGLE_10_AND_35 = {2019: (9700, 510300), 2020: (9875, 518400), 2021: (9950, 523600),
                    2022: (10275, 539900), 2023: (11000, 578125)}


@pytest.mark.parametrize("year", EARLIER)
def test_figures_from_the_documents(year: int) -> None:
    p = load(year)
    assert (p.ira.contribution_limit.value, p.ira.catch_up_50.value) == IRA[year]
    single, joint, hoh, add_married, add_unmarried = STANDARD[year]
    assert (p.standard_deduction.single.value, p.standard_deduction.married_filing_jointly.value,
            p.standard_deduction.head_of_household.value) == (single, joint, hoh)
    assert p.standard_deduction.qualifying_surviving_spouse.value == joint
    assert p.standard_deduction.married_filing_separately.value == single
    assert (p.additional_standard_deduction.married.value,
            p.additional_standard_deduction.unmarried.value) == (add_married, add_unmarried)
    assert (p.roth_phaseout.single_or_hoh.low, p.roth_phaseout.single_or_hoh.high,
            p.roth_phaseout.joint.low, p.roth_phaseout.joint.high) == ROTH[year]
    brackets = p.brackets.single
    assert (brackets[0].upper, brackets[5].upper) == SINGLE_10_AND_35[year]
    # QCD: IRC 408(d)(8)(A) $100,000, indexed only from 2024 (SECURE 2.0 §307); the
    # one-time split-interest QCD exists from 2023 ($50,000).
    assert p.qcd.annual_limit.value == 100000
    assert p.qcd.split_interest_limit.value == (50000 if year >= 2023 else 0)
    # Every figure of these years is marked as not read in an IRS copy here.
    assert not p.ira.contribution_limit.verified


@pytest.mark.parametrize("year", EARLIER)
def test_code_tables_and_form_5329_numbers(year: int) -> None:
    codes = load_codes(year)
    assert "Y" not in codes.codes  # code Y (QCD) begins with the 2025 Instructions
    f5329 = load(year).f5329
    if year <= 2022:
        # i5329 (2019, 2020) line 2: "enter the applicable exception number (01-12). If
        # more than one exception applies, enter 12" (as quoted by TaxAct).
        assert f5329.line_2.more_than_one == "12"
        assert sorted(f5329.exceptions) == [f"{n:02d}" for n in range(1, 13)]
    else:
        assert f5329.line_2.more_than_one == "99"
        assert max(f5329.exceptions) == "21"  # 22 and 23 begin after December 31, 2023


def test_only_the_2023_form_8606_has_its_own_map() -> None:
    """The layout of a year is its own; the years without a blank at hand have no map,
    so `prepare` writes their lines in the summary (test_rebuild covers the packet)."""
    assert [y for y in EARLIER if load(y).layout_year != y] == []


def _contributor(year: int, born: str) -> dict[str, object]:
    return base_case(tax_year=year, taxpayer={
        "name": "Lee Old", "date_of_birth": born,
        "ira": {"nondeductible_contributions": 6000, "year_end_value": 6000}})


def test_no_traditional_contribution_at_70_and_a_half_before_2020() -> None:
    """Pub. 590-A (2019): you can contribute to a traditional IRA if "You weren't age 70½
    by the end of the year"; the SECURE Act removed the limit from 2020. Born January 1,
    1949: 70½ on July 1, 2019."""
    found = run(parse_case(_contributor(2019, "1949-01-01"))).findings
    hit = [f for f in found if f.id == "traditional-contribution-over-age"]
    assert len(hit) == 1 and hit[0].severity == Severity.ERROR
    assert "70½" in hit[0].message
    # The same person contributing for 2020: no limit any more.
    later = run(parse_case(_contributor(2020, "1949-01-01"))).findings
    assert not [f for f in later if f.id == "traditional-contribution-over-age"]
    # Born July 2, 1949: 70½ on January 2, 2020, so a 2019 contribution is allowed.
    younger = run(parse_case(_contributor(2019, "1949-07-02"))).findings
    assert not [f for f in younger if f.id == "traditional-contribution-over-age"]


def test_limit_is_data_not_a_year_check() -> None:
    assert load(2019).ira.traditional_contribution_age is not None
    assert all(load(y).ira.traditional_contribution_age is None for y in EARLIER[1:])


def _converter(year: int) -> dict[str, object]:
    """Born January 1, 1946: 74 in 2020, 75 in 2021, past every RMD starting age (70½ for
    a birth before July 1, 1949: IRC 401(a)(9)(C) before the SECURE Act §114). 20,000 out
    of a traditional IRA, 15,000 of it converted to a Roth IRA."""
    return base_case(tax_year=year, taxpayer={"name": "Lee Old", "date_of_birth": "1946-01-01"},
                     forms_1099r=[{"box_1": 20000, "box_7": "7", "ira_sep_simple": True,
                                   "disposition": {"converted_to_roth_ira": 15000}}])


def test_no_rmd_year_warning_in_2020_the_waiver_year() -> None:
    """CARES Act §2203(a), IRC 401(a)(9)(I)(i): "The requirements of this paragraph shall
    not apply for calendar year 2020 to ... an individual retirement plan" (Notice 2020-51):
    a conversion in 2020 by someone past the RMD age is not a conversion in a year an RMD
    is due. The same conversion in 2021 is (Reg. 1.408A-4, Q&A-6(a))."""
    in_2020 = run(parse_case(_converter(2020))).findings
    assert not [f for f in in_2020 if f.id == "conversion-in-rmd-year"]
    in_2021 = [f for f in run(parse_case(_converter(2021))).findings
               if f.id == "conversion-in-rmd-year"]
    assert len(in_2021) == 1
    assert "$15,000 converted in 2021" in in_2021[0].message
    assert "70½" in in_2021[0].message


def test_rmd_waiver_is_data_not_a_year_check() -> None:
    waiver = load(2020).rmd_waiver
    assert waiver is not None and "401(a)(9)(I)" in waiver.source
    assert all(load(y).rmd_waiver is None for y in (2019, 2021, 2022, 2023, 2024, 2025, 2026))


def test_2023_backdoor_computed_and_filled(tmp_path: Path) -> None:
    """6,500 nondeductible for 2023, converted at 6,520: line 10 = 6,500 / 6,520 =
    0.99693; line 11 = 6,499.98 -> 6,500; line 18 = 20 (Form 1040 line 4b)."""
    blank_path(2023, "f8606")
    conversion = {"payer": "Broker", "box_1": 6520, "box_2a": 6520,
                  "box_2b_taxable_not_determined": True, "box_7": "2",
                  "ira_sep_simple": True, "disposition": {"converted_to_roth_ira": 6520}}
    data = base_case(tax_year=2023, forms_1099r=[conversion], taxpayer={
        "name": "Alex Backdoor", "date_of_birth": "1988-07-02",
        "ira": {"nondeductible_contributions": 6500, "year_end_value": 0}})
    result = run(parse_case(data))
    lines = result.f8606[next(iter(result.f8606))]
    assert (lines.line_10, lines.line_11, lines.line_18) == (Decimal("0.99693"), 6500, 20)
    assert (result.f1040.line_4a, result.f1040.line_4b) == (6520, 20)
    case = tmp_path / "c.json"
    case.write_text(json.dumps(data))
    out = tmp_path / "out"
    assert main(["prepare", str(case), "-o", str(out), "--forms-dir", str(forms_root())]) == 0
    assert (out / "f8606-taxpayer.pdf").is_file()
    assert not (out / "f1040.pdf").exists()  # no 2023 Form 1040 map: lines in summary.md


def test_2019_plan_distribution_is_refused_by_name() -> None:
    """The 2019 Form 1040 has pensions and annuities on lines 4c/4d (lines 5a/5b from
    2020): a 2019 plan distribution is an error finding, not lines 5a/5b."""
    plan = {"payer": "Plan", "box_1": 1000, "box_2a": 1000, "box_7": "7"}
    data = base_case(tax_year=2019, forms_1099r=[plan])
    hit = [f for f in run(parse_case(data)).findings if f.id == "pension-lines-of-this-year"]
    assert len(hit) == 1 and hit[0].severity == Severity.ERROR and "4c and 4d" in hit[0].message
    data2020 = base_case(tax_year=2020, forms_1099r=[plan])
    assert not [f for f in run(parse_case(data2020)).findings
                if f.id == "pension-lines-of-this-year"]
