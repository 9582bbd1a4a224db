"""The planner's year figures (forms/<year>/plan.toml) against the text they were read in.

Each expected figure below is copied from the document named beside it, not from the data:

* 2026 capital gain tops: Rev. Proc. 2025-32 §4.03 as the IRS's own Tax Withholding
  Estimator states them (github.com/IRS-Public/tax-withholding-estimator,
  qualifiedDividendsCapitalGainsWorksheet.xml, TaxYear 2026: "Line 6" 49450.00 single or
  MFS, 98900.00 MFJ or QSS, 66200.00 HOH; "Line 13" 545500.00 single, 613700.00 MFJ or QSS,
  579600.00 HOH, 306850.00 MFS).
* The senior deduction: IRC 151(d)(5)(C) as added by Pub. L. 119-21 §70103: "$6,000 for
  each qualified individual", "reduced (but not below zero) by 6 percent of so much of the
  taxpayer's modified adjusted gross income as exceeds $75,000 ($150,000 in the case of a
  joint return)", for "a taxable year beginning before January 1, 2029".
* 2025 additional standard deduction: Rev. Proc. 2024-40 §2.15(3) as the same IRS
  estimator states it (standardDeduction.xml, TaxYear 2025: 1600 married, 2000 single/HOH).
* 2024 capital gain tops (secondary: Form 6251 (2024) lines 19 and 25 as quoted): the
  married-filing-separately 15% top is $291,850, not half of $583,750.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from formhelper.files.years import load, load_plan, plan_years
from formhelper.models import FilingStatus

S, J, MFS, HOH, QSS = (FilingStatus.SINGLE, FilingStatus.MARRIED_FILING_JOINTLY,
                       FilingStatus.MARRIED_FILING_SEPARATELY, FilingStatus.HEAD_OF_HOUSEHOLD,
                       FilingStatus.QUALIFYING_SURVIVING_SPOUSE)


def test_2026_capital_gain_tops_as_the_irs_states_them() -> None:
    gains = load_plan(2026).capital_gains
    zero = {S: 49450, MFS: 49450, J: 98900, QSS: 98900, HOH: 66200}
    fifteen = {S: 545500, J: 613700, QSS: 613700, HOH: 579600, MFS: 306850}
    assert {s: gains.zero_rate_top.of(s) for s in zero} == {s: Decimal(v) for s, v in zero.items()}
    assert ({s: gains.fifteen_rate_top.of(s) for s in fifteen}
            == {s: Decimal(v) for s, v in fifteen.items()})
    assert gains.zero_rate_top.verified and gains.fifteen_rate_top.verified


def test_2024_separate_return_fifteen_top_is_not_half_of_joint() -> None:
    top = load_plan(2024).capital_gains.fifteen_rate_top
    assert top.of(MFS) == 291850
    assert top.of(J) == 583750 and top.of(MFS) != top.of(J) / 2


@pytest.mark.parametrize("year", [2025, 2026])
def test_senior_deduction_as_the_statute_says(year: int) -> None:
    rule = load_plan(year).senior_deduction
    assert rule is not None and rule.verified
    assert (rule.amount, rule.threshold_single, rule.threshold_joint) == (6000, 75000, 150000)
    assert rule.rate == Decimal("0.06")
    assert rule.last_year == 2028  # "beginning before January 1, 2029"


def test_2025_additional_standard_deduction() -> None:
    extra = load(2025).additional_standard_deduction
    assert (extra.married.value, extra.unmarried.value) == (1600, 2000)
    assert extra.married.verified and extra.unmarried.verified


@pytest.mark.parametrize("year", plan_years())
def test_every_unverified_planner_figure_names_its_secondary_copy(year: int) -> None:
    """plan.toml: 'verified = false' means seen only in secondary copies, named."""
    params = load_plan(year)
    cited: list[tuple[bool, str]] = [
        (item.verified, item.source)
        for item in (params.capital_gains.zero_rate_top, params.capital_gains.fifteen_rate_top,
                     params.social_security, params.niit, params.rmd, params.irmaa)]
    if params.senior_deduction is not None:
        cited.append((params.senior_deduction.verified, params.senior_deduction.source))
    for verified, source in cited:
        assert verified or "[secondary]" in source, source
