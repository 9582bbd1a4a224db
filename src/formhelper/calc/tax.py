"""Form 1040 line 16 on ordinary income: the Tax Table below its ceiling, the Tax
Computation Worksheet (the rate schedules) at or above it, and the bracket a
taxable income falls in.  Used by the conversion planner; the year's brackets and
table are data (``forms/<year>/params.toml``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from formhelper.calc.plan_figures import PlanError, pct
from formhelper.money import ZERO, clamp0, round_down_to, whole_dollars
from formhelper.years.params import Bracket, TaxTable


def bracket_top(table: Sequence[Bracket], target_rate: Decimal) -> Decimal:
    """The top of the bracket taxed at ``target_rate`` (its ``upper`` figure)."""
    for bracket in table:
        if bracket.rate == target_rate:
            if bracket.upper is None:
                raise PlanError(f"the {pct(target_rate)}% bracket has no top")
            return Decimal(bracket.upper)
    raise PlanError(f"no {pct(target_rate)}% bracket in this year's table")


def bracket_tax(taxable_income: Decimal, table: Sequence[Bracket]) -> Decimal:
    """Tax on ``taxable_income`` by the Tax Rate Schedules, in cents (not rounded).

    Each rate applies to the income over the previous bracket's top up to its own
    top (Rev. Proc. tables: "Over $X but not over $Y: ... plus R% of the excess
    over $X").
    """
    tax = ZERO
    lower = ZERO
    for bracket in table:
        if taxable_income <= lower:
            break
        top = taxable_income if bracket.upper is None else min(taxable_income,
                                                                Decimal(bracket.upper))
        tax += (top - lower) * bracket.rate
        if bracket.upper is None:
            break
        lower = Decimal(bracket.upper)
    return tax


def tax_table_row(taxable_income: Decimal, tax_table: TaxTable) -> tuple[Decimal, Decimal]:
    """The Tax Table row holding ``taxable_income`` (0 or more, under the ceiling): its
    "At least" and "But less than" amounts."""
    if not ZERO <= taxable_income < tax_table.ceiling.value:
        raise PlanError(f"{taxable_income} is not in the Tax Table (0 to under "
                        f"{tax_table.ceiling.value})")
    rows = [r for r in tax_table.rows if r.at_least <= taxable_income][-1]
    width = Decimal(rows.width)
    at_least = rows.at_least + round_down_to(taxable_income - rows.at_least, width)
    return at_least, at_least + width


def table_tax(taxable_income: Decimal, table: Sequence[Bracket], tax_table: TaxTable) -> Decimal:
    """The Tax Table's tax on ``taxable_income``, whole dollars: the rate schedule's tax on
    the middle of the row holding it, rounded to whole dollars (50 cents up).

    The IRS prints the table without saying how its amounts are figured; this is the
    construction that gives the published rows (2025 single, 48,450-48,500: the tax on
    48,475 is 1,192.50 + 12% x 36,550 = 5,578.50, printed 5,579; tests/test_plan.py).
    """
    at_least, less_than = tax_table_row(taxable_income, tax_table)
    return whole_dollars(bracket_tax((at_least + less_than) / 2, table))


def line_16_tax(taxable_income: Decimal, table: Sequence[Bracket],
                tax_table: TaxTable) -> Decimal:
    """Tax on ``taxable_income`` (Form 1040 line 15) as Form 1040 line 16 figures it
    without capital gains, whole dollars: below the ceiling the Tax Table
    (:func:`table_tax`), at or above it the Tax Computation Worksheet, which is the rate
    schedule (:func:`bracket_tax`) rounded to whole dollars.

    Instructions for Form 1040, line 16: "If your taxable income is less than $100,000,
    you must use the Tax Table ... If your taxable income is $100,000 or more, use the Tax
    Computation Worksheet" (the $100,000 is ``tax_table.ceiling``).
    """
    income = clamp0(taxable_income)
    if income < tax_table.ceiling.value:
        return table_tax(income, table, tax_table)
    return whole_dollars(bracket_tax(income, table))


def marginal_rate(taxable_income: Decimal, table: Sequence[Bracket]) -> Decimal:
    """The rate on the last dollar of ``taxable_income`` (the bracket it falls in)."""
    for bracket in table:
        if bracket.upper is None or taxable_income <= bracket.upper:
            return bracket.rate
    raise PlanError("the rate table has no top bracket")
