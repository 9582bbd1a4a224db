"""One year's taxes as the IRS forms figure them, for the household planner.

Pure: figures come in as :class:`formhelper.years.plan_params.PlanParams` and the
bracket figures of :mod:`formhelper.calc.plan_figures`.  Each function is one worksheet or
form, line by line, citing it; amounts are whole dollars (``money.whole_dollars``).

* :func:`qdcg_tax` — Qualified Dividends and Capital Gain Tax Worksheet, Form 1040 line 16.
* :func:`taxable_social_security` — Pub. 915 Worksheet 1 (same lines as the Social Security
  Benefits Worksheet of the Form 1040 instructions, lines 6a-6b).
* :func:`niit` — Form 8960 lines 8, 13-17 (3.8% of the lesser of net investment income and
  MAGI over the threshold).
* :func:`standard_deduction` — IRC 63(c) and the age-65 additions of 63(f) (Form 1040 line 12).
* :func:`senior_deduction` — OBBBA §70103, IRC 151(d)(5)(C) (Form 1040 line 13b, 2025-2028).
* :func:`rmd` — IRC 401(a)(9) with the SECURE 2.0 ages and the Uniform Lifetime Table.
* :func:`irmaa_tier` / :func:`irmaa_surcharge` — Medicare Part B and D adjustments.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from formhelper.calc.ages import rmd_due
from formhelper.calc.plan_figures import PlanError
from formhelper.calc.tax import line_16_tax
from formhelper.models import FilingStatus
from formhelper.money import ZERO, clamp0, whole_dollars
from formhelper.years.params import Bracket, RmdWaiver, TaxTable
from formhelper.years.plan_params import Irmaa, PlanParams, Rmd, SeniorDeduction

JOINT = (FilingStatus.MARRIED_FILING_JOINTLY,)
#: IRMAA uses the joint figures for a joint return only; single, head of household and
#: qualifying surviving spouse use the individual figures (42 CFR 418.115).
MONTHS = Decimal(12)


def qdcg_tax(taxable_income: Decimal, qualified_dividends: Decimal, capital_gain: Decimal,
             status: FilingStatus, table: Sequence[Bracket], tax_table: TaxTable,
             params: PlanParams) -> Decimal:
    """Form 1040 line 16 by the Qualified Dividends and Capital Gain Tax Worksheet.

    ``capital_gain`` is Schedule D line 15 (or Form 1040 line 7 without Schedule D), 0 or
    more; the worksheet's line 3 is the smaller of Schedule D lines 15 and 16, so a net
    loss is refused by the caller.  Lines 22 and 24 use the Tax Table below its ceiling and
    the Tax Computation Worksheet above it (:func:`formhelper.calc.tax.line_16_tax`).
    """
    line_1 = clamp0(taxable_income)
    line_2 = qualified_dividends
    line_3 = capital_gain
    # Line 4: "Add lines 2 and 3."
    line_4 = line_2 + line_3
    # Line 5: "Subtract line 4 from line 1. If zero or less, enter -0-."
    line_5 = clamp0(line_1 - line_4)
    # Line 6: $48,350 single/MFS, $96,700 MFJ/QSS, $64,750 HOH (2025): the year's data.
    line_6 = params.capital_gains.zero_rate_top.of(status)
    # Line 7: "Enter the smaller of line 1 or line 6."
    line_7 = min(line_1, line_6)
    # Line 8: "Enter the smaller of line 5 or line 7."
    line_8 = min(line_5, line_7)
    # Line 9: "Subtract line 8 from line 7. This amount is taxed at 0%."
    line_9 = line_7 - line_8
    # Line 10: "Enter the smaller of line 1 or line 4."
    line_10 = min(line_1, line_4)
    # Line 11: "Enter the amount from line 9."
    line_11 = line_9
    # Line 12: "Subtract line 11 from line 10."
    line_12 = line_10 - line_11
    # Line 13: $533,400 single, $300,000 MFS, $600,050 MFJ/QSS, $566,700 HOH (2025).
    line_13 = params.capital_gains.fifteen_rate_top.of(status)
    # Line 14: "Enter the smaller of line 1 or line 13."
    line_14 = min(line_1, line_13)
    # Line 15: "Add lines 5 and 9."
    line_15 = line_5 + line_9
    # Line 16: "Subtract line 15 from line 14. If zero or less, enter -0-."
    line_16 = clamp0(line_14 - line_15)
    # Line 17: "Enter the smaller of line 12 or line 16."
    line_17 = min(line_12, line_16)
    # Line 18: "Multiply line 17 by 15% (0.15)."
    line_18 = line_17 * Decimal("0.15")
    # Line 19: "Add lines 9 and 17."
    line_19 = line_9 + line_17
    # Line 20: "Subtract line 19 from line 10."
    line_20 = line_10 - line_19
    # Line 21: "Multiply line 20 by 20% (0.20)."
    line_21 = line_20 * Decimal("0.20")
    # Line 22: tax on line 5 (Tax Table or Tax Computation Worksheet).
    line_22 = line_16_tax(line_5, table, tax_table)
    # Line 23: "Add lines 18, 21, and 22."
    line_23 = line_18 + line_21 + line_22
    # Line 24: tax on line 1 (Tax Table or Tax Computation Worksheet).
    line_24 = line_16_tax(line_1, table, tax_table)
    # Line 25: "Tax on all taxable income. Enter the smaller of line 23 or line 24."
    return whole_dollars(min(line_23, line_24))


def income_tax(taxable_income: Decimal, qualified_dividends: Decimal, capital_gain: Decimal,
               status: FilingStatus, table: Sequence[Bracket], tax_table: TaxTable,
               params: PlanParams) -> Decimal:
    """Form 1040 line 16: the worksheet when there are qualified dividends or capital gain
    ("If you have qualified dividends or capital gain distributions ... use the Qualified
    Dividends and Capital Gain Tax Worksheet"), else the Tax Table / Tax Computation
    Worksheet."""
    if qualified_dividends > 0 or capital_gain > 0:
        return qdcg_tax(taxable_income, qualified_dividends, capital_gain, status, table,
                        tax_table, params)
    return line_16_tax(taxable_income, table, tax_table)


def taxable_social_security(benefits: Decimal, other_income: Decimal, tax_exempt_interest: Decimal,
                            adjustments: Decimal, status: FilingStatus,
                            params: PlanParams) -> Decimal:
    """The taxable part of Social Security benefits, Pub. 915 Worksheet 1 (Form 1040 line 6b).

    ``other_income``: line 3, the income on Form 1040 lines 1z, 2b, 3b, 4b, 5b, 7 and 8
    (everything in AGI but the benefits); ``adjustments``: line 6 (Schedule 1 adjustments).
    Married filing separately who lived apart from the spouse all year use the single
    figures; the caller refuses the lived-together case (not in the planner).
    """
    ss = params.social_security
    joint = status in JOINT
    # Line 1: total benefits (box 5 of all Forms SSA-1099 and RRB-1099).
    line_1 = benefits
    if line_1 <= 0:
        return ZERO
    # Line 2: "Multiply line 1 by 50% (0.50)."
    line_2 = line_1 * ss.rate_lower
    # Lines 3-4: other income; tax-exempt interest.
    line_3 = other_income
    line_4 = tax_exempt_interest
    # Line 5: "Combine lines 2, 3, and 4."
    line_5 = line_2 + line_3 + line_4
    # Line 6: adjustments to income.
    line_6 = adjustments
    # Line 7: "Is the amount on line 6 less than the amount on line 5? No: none of your
    # benefits are taxable. Yes: subtract line 6 from line 5."
    if line_6 >= line_5:
        return ZERO
    line_7 = line_5 - line_6
    # Line 8: $32,000 married filing jointly; $25,000 single, HOH, QSS or MFS who lived
    # apart from the spouse all year.
    line_8 = Decimal(ss.base_joint if joint else ss.base_single)
    # Line 9: "Is the amount on line 8 less than the amount on line 7? No: none of your
    # benefits are taxable. Yes: subtract line 8 from line 7."
    if line_8 >= line_7:
        return ZERO
    line_9 = line_7 - line_8
    # Line 10: $12,000 married filing jointly; $9,000 the others.
    line_10 = Decimal(ss.step_joint if joint else ss.step_single)
    # Line 11: "Subtract line 10 from line 9. If zero or less, enter -0-."
    line_11 = clamp0(line_9 - line_10)
    # Line 12: "Enter the smaller of line 9 or line 10."
    line_12 = min(line_9, line_10)
    # Line 13: "Enter one-half of line 12."
    line_13 = line_12 * ss.rate_lower
    # Line 14: "Enter the smaller of line 2 or line 13."
    line_14 = min(line_2, line_13)
    # Line 15: "Multiply line 11 by 85% (0.85). If line 11 is zero, enter -0-."
    line_15 = line_11 * ss.rate_upper
    # Line 16: "Add lines 14 and 15."
    line_16 = line_14 + line_15
    # Line 17: "Multiply line 1 by 85% (0.85)."
    line_17 = line_1 * ss.rate_upper
    # Line 18: "Taxable benefits. Enter the smaller of line 16 or line 17."
    return whole_dollars(min(line_16, line_17))


def niit(net_investment_income: Decimal, magi: Decimal, status: FilingStatus,
         params: PlanParams) -> Decimal:
    """Form 8960: line 16 is the smaller of line 8 (net investment income) and line 15
    (MAGI, line 13, over the line 14 threshold); line 17 = line 16 x 3.8%."""
    line_8 = clamp0(net_investment_income)
    line_13 = magi
    line_14 = params.niit.threshold(status)
    # Line 15: "Subtract line 14 from line 13. If zero or less, enter -0-."
    line_15 = clamp0(line_13 - line_14)
    # Line 16: "Enter the smaller of line 8 or line 15."
    line_16 = min(line_8, line_15)
    # Line 17: "Net investment income tax for individuals. Multiply line 16 by 3.8%."
    return whole_dollars(line_16 * params.niit.rate)


def standard_deduction(base: Decimal, aged: int, status: FilingStatus,
                       married_addition: Decimal, unmarried_addition: Decimal) -> Decimal:
    """Form 1040 line 12: the basic standard deduction plus the IRC 63(f) additional amount
    for each box checked "born before January 2, 1961" (2025; you and, on a joint return,
    your spouse), $1,600 married / $2,000 unmarried and not a surviving spouse (2025).
    Blindness is not asked by the planner."""
    married = status in (FilingStatus.MARRIED_FILING_JOINTLY,
                         FilingStatus.MARRIED_FILING_SEPARATELY,
                         FilingStatus.QUALIFYING_SURVIVING_SPOUSE)
    return base + aged * (married_addition if married else unmarried_addition)


def senior_deduction(tax_year: int, aged: int, magi: Decimal, status: FilingStatus,
                     rule: SeniorDeduction | None) -> Decimal:
    """OBBBA §70103 (IRC 151(d)(5)(C)): $6,000 for each qualified individual (65 or older by
    the end of the year), each reduced but not below zero by 6% of MAGI over $75,000
    ($150,000 on a joint return); none on a separate return; years 2025-2028 only."""
    if rule is None or tax_year > rule.last_year or aged == 0:
        return ZERO
    if status == FilingStatus.MARRIED_FILING_SEPARATELY:
        return ZERO
    threshold = Decimal(rule.threshold_joint if status in JOINT else rule.threshold_single)
    reduction = clamp0(magi - threshold) * rule.rate
    each = clamp0(Decimal(rule.amount) - reduction)
    return whole_dollars(each * aged)


def rmd(prior_year_end_balance: Decimal, born: date, tax_year: int, rule: Rmd,
        waiver: RmdWaiver | None) -> Decimal:
    """The year's required minimum distribution from traditional IRAs, whole dollars.

    Pub. 590-B: divide the account balance as of December 31 of the year before by the
    distribution period in the Uniform Lifetime Table for the age reached in the year; none
    before the applicable age, and none in a year the data waives (2020): both decided by
    :func:`formhelper.calc.ages.rmd_due`.  Ages past the table's last row use its last
    ("and over")."""
    if prior_year_end_balance <= 0 or not rmd_due(born, tax_year, waiver):
        return ZERO
    age = tax_year - born.year
    rows = rule.uniform_lifetime
    row = rows[min(max(age - rows[0].age, 0), len(rows) - 1)]
    return whole_dollars(prior_year_end_balance / row.period)


def irmaa_tier(magi: Decimal, joint: bool, table: Irmaa) -> int:
    """The IRMAA tier (0: standard premium) for a MAGI: a tier applies when MAGI is
    greater than its figure, or greater than or equal for the top tier."""
    tier = 0
    for n, row in enumerate(table.tiers, start=1):
        edge = Decimal(row.joint if joint else row.single)
        if magi > edge or (row.at_least and magi >= edge):
            tier = n
    return tier


def irmaa_surcharge(magi: Decimal, joint: bool, people: int, months: Decimal,
                    table: Irmaa) -> Decimal:
    """The yearly Part B + Part D adjustments for ``people`` on Medicare ``months`` each,
    from the MAGI of ``table.lookback_years`` before (whole dollars)."""
    tier = irmaa_tier(magi, joint, table)
    if tier == 0 or people == 0:
        return ZERO
    row = table.tiers[tier - 1]
    return whole_dollars((row.part_b + row.part_d) * months * people)


def irmaa_edge(tier: int, joint: bool, table: Irmaa) -> Decimal:
    """The most MAGI that stays at or below ``tier`` (0: the standard premium)."""
    if tier >= len(table.tiers):
        raise PlanError(f"there is no IRMAA tier above {tier}")
    row = table.tiers[tier]
    edge = Decimal(row.joint if joint else row.single)
    return edge - 1 if row.at_least else edge
