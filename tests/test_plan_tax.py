"""The household planner's tax pieces, each against the IRS worksheet it follows.

Every expected figure is worked by hand below, line by line, from the worksheet named:
the Qualified Dividends and Capital Gain Tax Worksheet (2025 Instructions for Form 1040,
line 16), Pub. 915 Worksheet 1 (same lines as the Social Security Benefits Worksheet of the
Form 1040 instructions), Form 8960 lines 8 and 13-17, the Standard Deduction Chart for
People Born Before January 2, 1961 (2025 Form 1040 instructions), OBBBA §70103 (IRC
151(d)(5)(C)), Pub. 590-B (RMD = December 31 balance / Uniform Lifetime Table period) and
the CMS 2025 IRMAA table (figures in forms/2025/plan.toml).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from formhelper.calc.ages import rmd_age
from formhelper.calc.plan_figures import YearFigures, index_figures
from formhelper.calc.plan_index import index_plan_params
from formhelper.calc.plan_sim import birthday_65_by_year_end, ira_year, medicare_months
from formhelper.calc.plan_tax import (
    irmaa_edge,
    irmaa_surcharge,
    irmaa_tier,
    niit,
    qdcg_tax,
    rmd,
    senior_deduction,
    standard_deduction,
    taxable_social_security,
)
from formhelper.files.years import load, load_plan
from formhelper.models import FilingStatus

D = Decimal
S, J = FilingStatus.SINGLE, FilingStatus.MARRIED_FILING_JOINTLY


def _qdcg(year: int, status: FilingStatus, taxable: int, qualified: int, gains: int) -> D:
    figures = YearFigures.published(load(year))
    return qdcg_tax(D(taxable), D(qualified), D(gains), status, figures.table(status),
                    figures.tax_table, load_plan(year))


def test_qdcg_worksheet_0_and_15_percent() -> None:
    # 2025, single: taxable income 60,000 with 5,000 qualified dividends and 10,000 gain.
    # 1: 60,000; 2: 5,000; 3: 10,000; 4: 15,000; 5: 45,000; 6: 48,350; 7: 48,350;
    # 8: 45,000; 9: 3,350 (0%); 10: 15,000; 11: 3,350; 12: 11,650; 13: 533,400;
    # 14: 60,000; 15: 48,350; 16: 11,650; 17: 11,650; 18: 1,747.50; 19: 15,000; 20: 0;
    # 21: 0; 22: Tax Table 45,000-45,050 (mid 45,025: 1,192.50 + 12% x 33,100 = 5,164.50)
    # = 5,165; 23: 6,912.50; 24: Tax Table 60,000-60,050 (mid 60,025: 5,578.50 + 22% x
    # 11,550 = 8,119.50) = 8,120; 25: smaller = 6,912.50 -> 6,913.
    assert _qdcg(2025, S, 60000, 5000, 10000) == 6913


def test_qdcg_worksheet_20_percent() -> None:
    # 2025, single: taxable income 600,000 with 100,000 gain.
    # 5: 500,000; 7: 48,350; 8: 48,350; 9: 0; 10: 100,000; 12: 100,000; 14: 533,400;
    # 15: 500,000; 16: 33,400; 17: 33,400; 18: 5,010; 19: 33,400; 20: 66,600; 21: 13,320;
    # 22: Tax Computation Worksheet on 500,000 = 57,231 + 35% x 249,475 = 144,547.25;
    # 23: 162,877.25; 24: on 600,000 = 57,231 + 35% x 349,475 = 179,547.25; 25: 162,877.
    assert _qdcg(2025, S, 600000, 0, 100000) == 162877


def test_qdcg_worksheet_all_at_0_percent_joint() -> None:
    # 2025, married filing jointly: taxable income 90,000, all of it qualified dividends
    # and gain (line 5 = 0): line 9 = smaller of 90,000 and 96,700 = 90,000 at 0%;
    # line 22 = tax on 0 = 0, so the tax is 0.
    assert _qdcg(2025, J, 90000, 40000, 50000) == 0


def test_taxable_social_security_pub_915_example() -> None:
    # Pub. 915 (2024), the example with a filled-in Worksheet 1 (single: benefits 5,980;
    # taxable pension 18,600, wages 9,400, taxable interest 990): taxable benefits 2,990.
    # [secondary] figures as transcribed in a public test suite ("IRS Pub 915 (2024),
    # Worksheet 1, Example 1"); the lines: 2: 2,990; 3: 28,990; 5 and 7: 31,980;
    # 9: 6,980; 11: 0; 12: 6,980; 13: 3,490; 14: 2,990; 16: 2,990; 17: 5,083; 18: 2,990.
    params = load_plan(2024)
    assert taxable_social_security(D(5980), D(28990), D(0), D(0), S, params) == 2990


def test_taxable_social_security_85_percent_zone() -> None:
    # Pub. 915 Worksheet 1, married filing jointly: benefits 30,000; other income 40,000;
    # tax-exempt interest 2,000.  2: 15,000; 3: 40,000; 4: 2,000; 5: 57,000; 6: 0;
    # 7: 57,000; 8: 32,000; 9: 25,000; 10: 12,000; 11: 13,000; 12: 12,000; 13: 6,000;
    # 14: 6,000; 15: 11,050; 16: 17,050; 17: 25,500; 18: 17,050.
    params = load_plan(2025)
    assert taxable_social_security(D(30000), D(40000), D(2000), D(0), J, params) == 17050


def test_taxable_social_security_50_percent_zone_and_none() -> None:
    params = load_plan(2025)
    # Single: benefits 20,000, other income 20,000.  2: 10,000; 5: 30,000; 7: 30,000;
    # 8: 25,000; 9: 5,000; 10: 9,000; 11: 0; 12: 5,000; 13: 2,500; 14: 2,500; 15: 0;
    # 16: 2,500; 17: 17,000; 18: 2,500.
    assert taxable_social_security(D(20000), D(20000), D(0), D(0), S, params) == 2500
    # Single: benefits 20,000, other income 14,000: line 7 = 24,000 is not more than
    # line 8 (25,000): none taxable.
    assert taxable_social_security(D(20000), D(14000), D(0), D(0), S, params) == 0


def test_taxable_social_security_capped_at_85_percent_of_benefits() -> None:
    # Single: benefits 10,000, other income 200,000.  2: 5,000; 7: 205,000; 9: 180,000;
    # 11: 171,000; 13: 4,500; 14: 4,500; 15: 145,350; 16: 149,850; 17: 8,500; 18: 8,500.
    params = load_plan(2025)
    assert taxable_social_security(D(10000), D(200000), D(0), D(0), S, params) == 8500


def test_niit_form_8960() -> None:
    params = load_plan(2025)
    # Single: line 8 NII 30,000; line 13 MAGI 220,000; line 14 200,000; line 15 20,000;
    # line 16 20,000; line 17 = 3.8% = 760.
    assert niit(D(30000), D(220000), S, params) == 760
    # Joint: NII 10,000; MAGI 300,000; line 15 50,000; line 16 = 10,000; 3.8% = 380.
    assert niit(D(10000), D(300000), J, params) == 380
    # MAGI under the threshold: line 15 = 0.
    assert niit(D(50000), D(240000), J, params) == 0


def test_standard_deduction_chart_born_before_1961() -> None:
    # 2025 Standard Deduction Chart for People Born Before January 2, 1961: married
    # filing jointly, both boxes: 31,500 + 2 x 1,600 = 34,700; single, one box: 15,750 +
    # 2,000 = 17,750.
    p = load(2025).additional_standard_deduction
    married, unmarried = D(p.married.value), D(p.unmarried.value)
    assert standard_deduction(D(31500), 2, J, married, unmarried) == 34700
    assert standard_deduction(D(15750), 1, S, married, unmarried) == 17750
    assert standard_deduction(D(15750), 0, S, married, unmarried) == 15750


def test_age_65_the_day_before_the_birthday() -> None:
    # Form 1040 (2025): "born before January 2, 1961".
    assert birthday_65_by_year_end(date(1961, 1, 1), 2025)
    assert not birthday_65_by_year_end(date(1961, 1, 2), 2025)


def test_senior_deduction_obbba_70103() -> None:
    rule = load_plan(2025).senior_deduction
    # Joint, both 65+, MAGI 200,000: 6% x (200,000 - 150,000) = 3,000 off each 6,000.
    assert senior_deduction(2025, 2, D(200000), J, rule) == 6000
    # Single, MAGI 100,000: 6,000 - 6% x 25,000 = 4,500.
    assert senior_deduction(2025, 1, D(100000), S, rule) == 4500
    # Single, MAGI 175,000: 6% x 100,000 = 6,000: nothing left.
    assert senior_deduction(2025, 1, D(175000), S, rule) == 0
    # Separate returns get none; nor does 2029 (the deduction ends after 2028).
    assert senior_deduction(2025, 1, D(50000), FilingStatus.MARRIED_FILING_SEPARATELY,
                            rule) == 0
    assert senior_deduction(2029, 1, D(50000), S, rule) == 0
    # No deduction in 2024 (the law starts with 2025): no figures in forms/2024/plan.toml.
    assert senior_deduction(2024, 1, D(50000), S, load_plan(2024).senior_deduction) == 0


def test_rmd_secure_2_ages_and_uniform_lifetime_table() -> None:
    rule = load_plan(2025).rmd
    # SECURE 2.0 §107: born 1951-1959 -> 73; born 1960 or later -> 75.
    assert rmd_age(date(1951, 12, 31)) == (73, 0)
    assert rmd_age(date(1959, 12, 31)) == (73, 0)
    assert rmd_age(date(1960, 1, 1)) == (75, 0)
    # Pub. 590-B: December 31 balance / period for the age reached in the year.
    # Born 1952, 2025: age 73, period 26.5: 100,000 / 26.5 = 3,773.58 -> 3,774.
    assert rmd(D(100000), date(1952, 3, 1), 2025, rule, None) == 3774
    # Age 80: period 20.2: 500,000 / 20.2 = 24,752.48 -> 24,752.
    assert rmd(D(500000), date(1945, 3, 1), 2025, rule, None) == 24752
    # Born 1960, age 74 in 2034: none yet.
    assert rmd(D(500000), date(1960, 3, 1), 2034, rule, None) == 0


def test_no_rmd_in_a_waived_year() -> None:
    """CARES Act §2203(a), IRC 401(a)(9)(I)(i): the RMD requirements "shall not apply for
    calendar year 2020 to ... an individual retirement plan". The waiver is the 2020 data
    (forms/2020/params.toml), carried by the year's figures; a year without it requires the
    RMD. (The 2020 Uniform Lifetime Table was the one before Reg. 1.401(a)(9)-9 as amended
    for 2022: the planner has no 2020 figures, so only the waiver is tested for 2020.)"""
    rule = load_plan(2025).rmd
    waiver = YearFigures.published(load(2020)).rmd_waiver
    assert waiver is not None
    assert rmd(D(500000), date(1945, 3, 1), 2020, rule, waiver) == 0
    assert YearFigures.published(load(2025)).rmd_waiver is None
    # A waiver is a law for its own year: an estimated later year never carries it.
    assert index_figures(YearFigures.published(load(2020)), 2021, D("0.03")).rmd_waiver is None


def test_irmaa_2025_tiers() -> None:
    table = load_plan(2025).irmaa
    # "Less than or equal to $106,000": standard premium.
    assert irmaa_tier(D(106000), False, table) == 0
    assert irmaa_tier(D(106001), False, table) == 1
    # Top tier "greater than or equal to $750,000" (joint).
    assert irmaa_tier(D(749999), True, table) == 4
    assert irmaa_tier(D(750000), True, table) == 5
    # Tier 1, one person all year: (74.00 + 13.70) x 12 = 1,052.40 -> 1,052.
    assert irmaa_surcharge(D(120000), False, 1, D(12), table) == 1052
    # Tier 2 joint, two people: (185.00 + 35.30) x 12 x 2 = 5,287.20 -> 5,287.
    assert irmaa_surcharge(D(300000), True, 2, D(12), table) == 5287
    assert irmaa_edge(0, True, table) == 212000
    assert irmaa_edge(4, True, table) == 749999


def test_medicare_months_from_the_65th_birthday() -> None:
    # Born May 15, 1960: Part B from May 2025, 8 months; born May 1: from April, 9.
    assert medicare_months(date(1960, 5, 15), 2025) == 8
    assert medicare_months(date(1960, 5, 1), 2025) == 9
    assert medicare_months(date(1960, 5, 15), 2024) == 0
    assert medicare_months(date(1960, 5, 15), 2026) == 12


def test_estimated_years_are_indexed_and_marked() -> None:
    base = load_plan(2026)
    later = index_plan_params(base, 2028, D("0.025"))
    # 49,450 x 1.025^2 = 51,952.9: increase 2,502.9 rounded down to 2,500 -> 51,950.
    assert later.capital_gains.zero_rate_top.single == 51950
    assert not later.capital_gains.zero_rate_top.verified
    assert "estimate" in later.irmaa.source
    # IRMAA tiers to the nearest $1,000: 109,000 x 1.050625 = 114,518 -> 115,000.
    assert later.irmaa.tiers[0].single == 115000
    # Statutory figures do not move.
    assert later.niit.single == base.niit.single


def test_pro_rata_per_person_through_form_8606() -> None:
    # Form 8606 with line 2 basis 20,000, line 6 = what is left after the conversion, no
    # RMD: balance 100,000 grown 0% -> line 9 = 100,000; line 10 = 0.2; converting
    # 30,000: line 17 = 6,000, line 18 = 24,000, line 14 = 14,000.
    row = ira_year(2025, D(100000), D(20000), D(0), D(30000), D(0))
    assert (row.taxable_conversion, row.basis_after, row.year_end) == (24000, 14000, 70000)
    # Without basis every dollar is taxable.
    row = ira_year(2025, D(100000), D(0), D(3774), D(30000), D(0))
    assert (row.taxable_rmd, row.taxable_conversion) == (3774, 30000)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_plan_year_file_loads_with_sources(year: int) -> None:
    params = load_plan(year)
    assert params.tax_year == year
    assert params.irmaa.source and params.rmd.source and params.capital_gains.zero_rate_top.source


def test_irmaa_top_tier_not_indexed_before_2028() -> None:
    # 42 U.S.C. 1395r(i)(5): the $500,000 / $750,000 tier stays until 2027, then is indexed.
    base = load_plan(2026)
    assert index_plan_params(base, 2027, D("0.025")).irmaa.tiers[-1].single == 500000
    # 2029: two years of 2.5% after 2027: 500,000 x 1.050625 = 525,312.5 -> 525,000.
    assert index_plan_params(base, 2029, D("0.025")).irmaa.tiers[-1].single == 525000
