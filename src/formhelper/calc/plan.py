"""Staged Roth conversions: how much to convert each year to fill a tax bracket.

Pure: the caller passes the year figures (:class:`YearFigures`, built from
``forms/<year>/params.toml`` or indexed from the latest published year by
:func:`index_figures`); nothing here reads a file.

The rules, each with its source:

* Room in the target bracket: the top of the bracket (the ``upper`` figure of
  the year's rate table, Rev. Proc. 2023-34 §3.01 for 2024, Rev. Proc. 2024-40
  §2.01 for 2025, Rev. Proc. 2025-32 §4.01 for 2026) less the taxable income
  before the conversion (domain-spec §7.7, "Headroom").  Taxable income is
  income less the deduction (Form 1040 line 15 = line 11 - line 14), so an
  unused deduction adds to the room.
* Pro-rata rule: the taxable part of a conversion is Form 8606 line 18, figured
  by :func:`formhelper.calc.f8606.compute` with the conversion on line 8, the
  balance left on line 6 and the basis on line 2 (lines 6-11 and 16-18; no other
  distributions).  Line 9 is then the balance before the conversion, so the
  nontaxable fraction (line 10) is basis / balance, and the largest gross
  conversion whose line 18 fits the room is about room / (1 - basis/balance),
  capped at the balance, in whole dollars and never over the room.
* Tax: as Form 1040 line 16 figures it when no worksheet replaces it (no
  capital gains): "If your taxable income is less than $100,000, you must use the
  Tax Table ... If your taxable income is $100,000 or more, use the Tax
  Computation Worksheet" (Instructions for Form 1040, line 16; the $100,000 and
  the table's rows are year data, ``tax_table`` in ``params.toml``).  The
  worksheet is the Tax Rate Schedules (each rate on the income over the previous
  top up to its own top, IRC 1(j)(2) as tabulated in the Rev. Procs.); a Tax
  Table amount is the schedule's tax on the middle of the table's row, rounded to
  whole dollars (the construction that reproduces the published rows; the IRS
  does not state it).  Figured with and without the conversion, in whole dollars;
  the tax added is the difference.
* Years after the latest published: each bracket top and standard deduction is
  the latest published figure plus its increase at the assumed inflation rate,
  the increase rounded down to a multiple of $50 (IRC 1(f)(7)(A)), $25 for the
  brackets of married filing separately (IRC 1(f)(7)(B); the standard
  deduction keeps $50).  The IRS indexes the statute's base-year figures by the
  chained CPI (IRC 1(f)(3)), so these are estimates and are marked as such.
* Schedule: conversions are taken as made at the end of each year from the
  balance on that date (so Form 8606 line 6 + line 8 is the balance); what is
  left grows by the assumed growth rate to the next year's balance, and the
  basis left (Form 8606 line 14) is next year's line 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Final

from pydantic import Field, ValidationInfo, field_validator

from formhelper.calc import f8606
from formhelper.calc.plan_figures import PlanError, YearFigures, _Frozen, pct
from formhelper.calc.tax import bracket_top, line_16_tax, marginal_rate
from formhelper.models import FilingStatus
from formhelper.money import ONE, ZERO, clamp0, rate, ratio, round_down_to, whole_dollars
from formhelper.years.params import (
    YearParams,
)

#: The brackets a plan may fill, as the issue lists them (the 35% bracket also has a
#: top, but filling it is not a conversion strategy anyone asked for).
TARGET_RATES: Final = tuple(Decimal(r) for r in ("0.10", "0.12", "0.22", "0.24", "0.32"))

#: What the plan leaves out; stated on every run (domain-spec §7.7).
LIMITS: Final = (
    "Federal income tax only: no state or local income tax.",
    "No IRMAA: Medicare premiums rise with MAGI two years later; not counted.",
    "No Social Security taxation: a conversion can make up to 85% of benefits taxable; "
    "not counted.",
    "No NIIT: the 3.8% net investment income tax is not counted.",
    "No capital-gain stacking: qualified dividends and long-term gains are left out; a "
    "conversion can push them from 0% to 15%.",
    "No other deductions or credits change with the conversion (phase-outs, the senior "
    "deduction, credits): only the ordinary-income brackets are applied.",
)


class PlanInput(_Frozen):
    """What the planner is told.  Amounts in dollars; rates as decimals (0.05 = 5%).

    Give either ``taxable_income`` (Form 1040 line 15 before any conversion) or its
    parts: ``wages``, ``other_income`` and ``deduction`` (``None``: the standard
    deduction of each year and filing status).
    """

    tax_year: int = Field(ge=1900, le=2200)
    filing_status: FilingStatus
    #: Traditional IRA balance at the time of the first conversion (Form 8606 line 6
    #: before it, all of the person's traditional, SEP and SIMPLE IRAs).
    balance: Decimal
    #: Nondeductible basis, Form 8606 line 2.
    basis: Decimal = ZERO
    target_rate: Decimal
    wages: Decimal | None = None
    other_income: Decimal | None = None
    deduction: Decimal | None = None
    taxable_income: Decimal | None = Field(default=None, validate_default=True)
    years: int = Field(default=1, ge=1, le=60)
    #: Yearly growth of the balance not yet converted.
    growth: Decimal = Decimal("0.05")
    #: Yearly inflation assumed for the brackets of years not yet published.
    inflation: Decimal = Decimal("0.025")

    @field_validator("balance")
    @classmethod
    def _positive_balance(cls, value: Decimal) -> Decimal:
        _finite(value)
        if value <= 0:
            raise ValueError(f"must be more than 0 (got {value})")
        return value

    @field_validator("basis")
    @classmethod
    def _basis_within_balance(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        _finite(value)
        if value < 0:
            raise ValueError(f"must not be negative (got {value})")
        balance = info.data.get("balance")
        if balance is not None and value > balance:
            raise ValueError(f"the basis ({value}) is more than the balance ({balance}); "
                             "Form 8606 basis cannot exceed what is in the IRAs")
        return value

    @field_validator("target_rate")
    @classmethod
    def _known_rate(cls, value: Decimal) -> Decimal:
        if value not in TARGET_RATES:
            allowed = ", ".join(pct(r) for r in TARGET_RATES)
            raise ValueError(f"{pct(value)}% is not a bracket to fill; choose one of "
                             f"{allowed} (percent)")
        return value

    @field_validator("wages", "deduction")
    @classmethod
    def _not_negative(cls, value: Decimal | None) -> Decimal | None:
        if value is not None:
            _finite(value)
            if value < 0:
                raise ValueError(f"must not be negative (got {value})")
        return value

    @field_validator("other_income")
    @classmethod
    def _finite_income(cls, value: Decimal | None) -> Decimal | None:
        if value is not None:
            _finite(value)
        return value

    @field_validator("taxable_income")
    @classmethod
    def _income_given_once(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        parts = [n for n in ("wages", "other_income", "deduction") if info.data.get(n) is not None]
        if value is None:
            if not any(info.data.get(n) is not None for n in ("wages", "other_income")):
                raise ValueError("give the taxable income before the conversion, or wages "
                                 "and/or other income")
            return value
        _finite(value)
        if value < 0:
            raise ValueError(f"must not be negative (got {value})")
        if parts:
            raise ValueError("give the taxable income or its parts ("
                             + ", ".join(parts) + "), not both")
        return value

    @field_validator("growth")
    @classmethod
    def _sane_growth(cls, value: Decimal) -> Decimal:
        _finite(value)
        if not Decimal("-0.5") <= value <= Decimal("0.5"):
            raise ValueError(f"{pct(value)}% a year is outside -50% to 50%")
        return value

    @field_validator("inflation")
    @classmethod
    def _sane_inflation(cls, value: Decimal) -> Decimal:
        _finite(value)
        if not ZERO <= value <= Decimal("0.2"):
            raise ValueError(f"{pct(value)}% a year is outside 0% to 20%")
        return value

    def plan_years(self) -> list[int]:
        """The tax years the plan may cover, first to last."""
        return list(range(self.tax_year, self.tax_year + self.years))


def _finite(value: Decimal) -> None:
    if not value.is_finite():
        raise ValueError(f"{value} is not an amount")


class Split(_Frozen):
    """A conversion split by the pro-rata rule (Form 8606 lines 10, 17, 18, 14)."""

    fraction: Decimal
    nontaxable: Decimal
    taxable: Decimal
    basis_left: Decimal


def split(conversion: Decimal, balance: Decimal, basis: Decimal, tax_year: int) -> Split:
    """Form 8606 for a conversion of ``conversion`` out of ``balance`` with ``basis``.

    Line 2 basis, line 6 = balance - conversion, line 8 = conversion, no other
    distributions: line 10 = basis / balance, line 17 (= line 11) the nontaxable
    part, line 18 the taxable part, line 14 the basis left.
    """
    lines, _ = f8606.compute(f8606.F8606Inputs(
        tax_year=tax_year, prior_basis=basis, year_end_value=balance - conversion,
        conversions=conversion))
    fraction = lines.line_10 if lines.line_10 is not None else (
        ratio(basis, balance) if basis > 0 else ZERO)
    return Split(
        fraction=fraction,
        nontaxable=lines.line_17 or ZERO,
        taxable=lines.line_18 or ZERO,
        basis_left=lines.basis_carried,
    )


def largest_conversion(room: Decimal, balance: Decimal, basis: Decimal, tax_year: int) -> Decimal:
    """The largest whole-dollar conversion, at most ``balance``, whose taxable part
    (Form 8606 line 18) is at most ``room``.

    About ``room / (1 - basis / balance)``; found exactly by bisection because line 11
    is rounded to whole dollars.  Line 18 never falls as the conversion grows.
    """
    low, high = ZERO, round_down_to(balance, ONE)
    if split(high, balance, basis, tax_year).taxable <= room:
        return high
    # Invariant: taxable(low) <= room < taxable(high).
    while high - low > 1:
        middle = round_down_to((low + high) / 2, ONE)
        if split(middle, balance, basis, tax_year).taxable <= room:
            low = middle
        else:
            high = middle
    return low


class PlanYear(_Frozen):
    """One year of the plan.  Amounts are whole dollars; rates are decimals."""

    tax_year: int
    #: True when the year's brackets are estimates (indexed, not published).
    estimated: bool
    bracket_top: Decimal
    #: The deduction used (``None`` when the taxable income was given directly).
    deduction: Decimal | None
    #: Taxable income before the conversion (Form 1040 line 15, at least 0).
    income_before: Decimal
    #: Taxable room left in the target bracket (an unused deduction adds to it).
    room: Decimal
    #: Traditional IRA balance before the conversion (Form 8606 line 9).
    balance: Decimal
    #: Basis before the conversion (Form 8606 line 2).
    basis: Decimal
    #: Form 8606 line 10.
    nontaxable_fraction: Decimal
    #: Gross conversion (Form 8606 lines 8 and 16).
    conversion: Decimal
    #: Form 8606 line 17.
    nontaxable: Decimal
    #: Form 8606 line 18 (also in Form 1040 line 4b).
    taxable: Decimal
    income_after: Decimal
    #: Form 1040 line 16 before and after the conversion (Tax Table below its ceiling,
    #: Tax Computation Worksheet at or above it).
    tax_before: Decimal
    tax_after: Decimal
    #: Federal income tax the conversion adds (line 16 after less line 16 before).
    added_tax: Decimal
    #: Rate on the last taxable dollar converted; ``None`` when nothing is taxable.
    marginal_rate: Decimal | None
    #: Added tax / gross conversion; ``None`` when nothing is converted.
    average_rate: Decimal | None
    #: Left in the traditional IRAs after the conversion (Form 8606 line 6).
    balance_after: Decimal
    #: Basis carried to next year (Form 8606 line 14).
    basis_after: Decimal


class Plan(_Frozen):
    """The schedule and its totals, with the assumptions and limits to state."""

    inputs: PlanInput
    years: tuple[PlanYear, ...]
    total_converted: Decimal
    total_taxable: Decimal
    total_added_tax: Decimal
    #: Balance at the end of the plan (after the last year's growth).
    balance_left: Decimal
    basis_left: Decimal
    estimated_years: tuple[int, ...]
    assumptions: tuple[str, ...]
    limits: tuple[str, ...] = LIMITS


def plan_year(inputs: PlanInput, figures: YearFigures, balance: Decimal,
              basis: Decimal) -> PlanYear:
    """One year: the room in the target bracket, the conversion that fills it, its tax."""
    status = inputs.filing_status
    table = figures.table(status)
    top = bracket_top(table, inputs.target_rate)
    deduction: Decimal | None
    if inputs.taxable_income is not None:
        deduction = None
        income = whole_dollars(inputs.taxable_income)
    else:
        deduction = (figures.standard(status) if inputs.deduction is None
                     else whole_dollars(inputs.deduction))
        # Form 1040 line 15: "Subtract line 14 from line 11" (may be below zero here:
        # the unused deduction then shelters part of the conversion).
        income = whole_dollars((inputs.wages or ZERO) + (inputs.other_income or ZERO)) - deduction
    before = clamp0(income)
    room = clamp0(top - income)
    conversion = largest_conversion(room, balance, basis, figures.tax_year)
    parts = split(conversion, balance, basis, figures.tax_year)
    after = clamp0(income + parts.taxable)
    tax_before = line_16_tax(before, table, figures.tax_table)
    tax_after = line_16_tax(after, table, figures.tax_table)
    added = tax_after - tax_before
    return PlanYear(
        tax_year=figures.tax_year,
        estimated=figures.estimated,
        bracket_top=top,
        deduction=deduction,
        income_before=before,
        room=room,
        balance=balance,
        basis=basis,
        nontaxable_fraction=parts.fraction,
        conversion=conversion,
        nontaxable=parts.nontaxable,
        taxable=parts.taxable,
        income_after=after,
        tax_before=tax_before,
        tax_after=tax_after,
        added_tax=added,
        marginal_rate=marginal_rate(after, table) if parts.taxable > 0 else None,
        average_rate=rate(added, conversion) if conversion > 0 else None,
        balance_after=balance - conversion,
        basis_after=parts.basis_left,
    )


def plan(inputs: PlanInput, figures: Mapping[int, YearFigures | YearParams]) -> Plan:
    """The conversion schedule over ``inputs.years`` years, stopping once the balance
    is converted.  ``figures`` must hold every year of ``inputs.plan_years()``: the
    :class:`YearFigures` of :func:`formhelper.app.plan.figures_for`, or a year's
    :class:`YearParams` (published figures) as they are."""
    missing = [y for y in inputs.plan_years() if y not in figures]
    if missing:
        raise PlanError("no bracket figures for " + ", ".join(str(y) for y in missing))
    by_year: dict[int, YearFigures] = {
        year: f if isinstance(f, YearFigures) else YearFigures.published(f)
        for year, f in figures.items()}
    balance = whole_dollars(inputs.balance)
    basis = whole_dollars(inputs.basis)
    rows: list[PlanYear] = []
    for year in inputs.plan_years():
        if balance <= 0:
            break
        row = plan_year(inputs, by_year[year], balance, basis)
        rows.append(row)
        # What is left grows until next year's conversion.
        balance = whole_dollars(row.balance_after * (ONE + inputs.growth))
        basis = row.basis_after
    estimated = tuple(r.tax_year for r in rows if r.estimated)
    return Plan(
        inputs=inputs,
        years=tuple(rows),
        total_converted=sum((r.conversion for r in rows), ZERO),
        total_taxable=sum((r.taxable for r in rows), ZERO),
        total_added_tax=sum((r.added_tax for r in rows), ZERO),
        balance_left=balance,
        basis_left=basis,
        estimated_years=estimated,
        assumptions=_assumptions(inputs, [by_year[r.tax_year] for r in rows]),
    )


def _assumptions(inputs: PlanInput, used: list[YearFigures]) -> tuple[str, ...]:
    out = [
        "Each conversion is taken as made at the end of the year from the balance then "
        "(Form 8606 line 6 + line 8); the rest grows "
        f"{pct(inputs.growth)}% a year to the next year's conversion.",
        "Income before the conversion is the same every year"
        + ("; the deduction is each year's standard deduction."
           if inputs.taxable_income is None and inputs.deduction is None else "."),
        _tax_method(used),
    ]
    estimated = [f for f in used if f.indexed_from is not None]
    if estimated:
        first, last = estimated[0].tax_year, estimated[-1].tax_year
        years = (f"{first}-{last}" if len(estimated) > 2
                 else ", ".join(str(f.tax_year) for f in estimated))
        base = estimated[0].indexed_from
        out.append(
            f"ESTIMATED brackets for {years}: the IRS has not published them. They are the "
            f"{base} figures indexed at an assumed {pct(inputs.inflation)}% inflation a "
            "year, each increase rounded down to a multiple of $50 ($25 for married filing "
            "separately brackets) as IRC 1(f)(7) rounds, and the Tax Table is taken to be "
            f"cut as in {base}; the IRS will publish different figures.")
    return tuple(out)


def _tax_method(used: list[YearFigures]) -> str:
    """How the tax is figured, with the Tax Table ceiling of the years used."""
    ceilings = sorted({f.tax_table.ceiling.value for f in used})
    below = " or ".join(f"${c:,}" for c in ceilings) if ceilings else "the ceiling"
    return ("Tax as Form 1040 line 16 figures it (no capital gains): with taxable income "
            f"below {below} it is the Tax Table's (the amount printed for the income's "
            "row, which is the rate schedule's tax on the row's middle), at or above it the "
            "Tax Computation Worksheet's (the rate schedules); whole dollars, before and "
            "after the conversion.")
