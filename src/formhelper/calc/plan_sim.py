"""The household plan year by year: RMDs, conversions split by Form 8606 per person, every
tax of the year (:mod:`formhelper.calc.plan_tax`), the accounts, and what is left at the
horizon after the heirs' tax.

Pure: the caller passes the year figures (:class:`YearData`).  The model, stated on every
report (:func:`model_notes`):

* Balances are on December 31 of the year before.  Each year the RMD (Pub. 590-B: that
  balance over the Uniform Lifetime Table's period) comes out, the rest grows, and the
  conversion is made at the end of the year; Form 8606 of each person then has line 6 =
  what is left, line 7 = the RMD, line 8 = the conversion, line 2 = the basis, so the
  pro-rata rule is the form's, per person (:func:`formhelper.calc.f8606.compute`).
* All the year's taxes depend on one figure, the taxable IRA money X (Form 1040 line 4b):
  income tax (line 16, with the capital gain worksheet), NIIT, the flat state rate on
  taxable income, and the IRMAA that MAGI causes two years later.
* The household's other income pays its living costs and the taxes it would owe with no
  IRA money; the RMDs go to the taxable account, which pays every tax the IRA money adds
  (IRMAA when it is billed) and the premium tax credit it loses in a year of Marketplace
  coverage (:mod:`formhelper.calc.plan_aca`; the credit is a negative tax of the year).
  Accounts grow at one rate.
* After-tax wealth at the horizon: Roth + taxable account + traditional IRAs less the
  heirs' rate on their taxable part (balance less basis), less the IRMAA still to be billed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from formhelper.calc import f8606
from formhelper.calc.plan_aca import Form8962, cliff, floor, form_8962
from formhelper.calc.plan_figures import PlanError, YearFigures
from formhelper.calc.plan_household import Household, at
from formhelper.calc.plan_household import medicare_months as medicare_months
from formhelper.calc.plan_tax import (
    income_tax,
    irmaa_surcharge,
    niit,
    rmd,
    senior_deduction,
    standard_deduction,
    taxable_social_security,
)
from formhelper.calc.tax import marginal_rate
from formhelper.models import FilingStatus
from formhelper.money import ONE, ZERO, clamp0, whole_dollars
from formhelper.years.aca_params import AcaParams
from formhelper.years.plan_params import Irmaa, PlanParams


@dataclass(frozen=True)
class YearData:
    """The published or estimated figures of one year: brackets (``figures``), the planner
    figures (``params``) and the IRMAA table billed ``lookback`` years later (``irmaa``)."""

    figures: YearFigures
    params: PlanParams
    irmaa: Irmaa
    #: True when any figure of the year is an estimate.
    estimated: bool
    #: The premium tax credit figures of the year (years of Marketplace coverage only).
    aca: AcaParams | None = None


@dataclass(frozen=True)
class YearTax:
    """Every tax of a year for one amount of taxable IRA money."""

    ira_taxable: Decimal
    ss_taxable: Decimal
    agi: Decimal
    magi: Decimal
    deduction: Decimal
    senior: Decimal
    taxable_income: Decimal
    income_tax: Decimal
    niit: Decimal
    state: Decimal
    #: IRMAA billed ``lookback`` years later for this year's MAGI.
    irmaa: Decimal
    marginal: Decimal
    #: Form 8962 in a year of Marketplace coverage (``None`` in the others).
    form_8962: Form8962 | None = None

    @property
    def aca_credit(self) -> Decimal:
        """The premium tax credit of the year (Form 8962 line 24), 0 without coverage."""
        return ZERO if self.form_8962 is None else self.form_8962.line_24

    @property
    def now(self) -> Decimal:
        """The taxes paid for the year itself (IRMAA comes later), less the premium tax
        credit (a refundable credit: Form 1040 via Schedule 3 line 9)."""
        return self.income_tax + self.niit + self.state - self.aca_credit

    @property
    def total(self) -> Decimal:
        return self.now + self.irmaa


def birthday_65_by_year_end(birth: date, year: int) -> bool:
    """Form 1040 age box: 65 or older if born before January 2 of ``year`` - 64 (one is
    65 on the day before the 65th birthday)."""
    return birth < date(year - 64, 1, 2)


class YearModel:
    """The fixed part of one year (income, ages, figures) and its taxes as a function of the
    taxable IRA money, memoized."""

    def __init__(self, household: Household, year: int, data: YearData) -> None:
        self.year = year
        self.data = data
        self.status = household.filing_status
        self.joint = self.status == FilingStatus.MARRIED_FILING_JOINTLY
        scale = household.scale(year)

        def amount(value: Decimal) -> Decimal:
            return whole_dollars(value * scale)

        people = household.people
        self.birth_dates = tuple(p.birth_date for p in people)
        self.aged = sum(1 for p in people if birthday_65_by_year_end(p.birth_date, year))
        premium_year = year + data.irmaa.lookback_years
        self.medicare = [medicare_months(p.birth_date, premium_year) if p.medicare else ZERO
                         for p in people]
        self.wages = sum((amount(at(p.wages, year)) for p in people), ZERO)
        self.pensions = sum((amount(at(p.pension, year)) for p in people), ZERO)
        self.benefits = sum((amount(at(p.social_security, year)) for p in people), ZERO)
        self.interest = amount(at(household.interest, year))
        self.tax_exempt = amount(at(household.tax_exempt_interest, year))
        self.qualified = amount(at(household.qualified_dividends, year))
        self.dividends = self.qualified + amount(at(household.other_dividends, year))
        self.gains = amount(at(household.capital_gains, year))
        self.other = amount(at(household.other_income, year))
        self.itemized = amount(at(household.itemized, year))
        self.state_rate = household.state_rate
        # Marketplace coverage: Form 8962 lines 1, 11(a) and 11(b) and the figures.
        self.aca: AcaParams | None = None
        aca = household.aca
        if aca is not None and aca.covers(year, household.tax_year):
            if data.aca is None:
                raise PlanError(f"no premium tax credit figures for {year} "
                                "(forms/<year>/aca.toml)")
            self.aca = data.aca
            self.family_size = household.family_size()
            self.region = aca.region
            self.premium = amount(aca.paid(year))
            self.benchmark = amount(at(aca.benchmark, year))
        figures = data.figures
        self.table = figures.table(self.status)
        add = figures.additional
        if add is None:
            raise PlanError(f"no additional standard deduction figures for {year}")
        self.standard = standard_deduction(
            figures.standard(self.status), self.aged, self.status,
            Decimal(add.married.value), Decimal(add.unmarried.value))
        self._memo: dict[Decimal, YearTax] = {}
        self.baseline = self.tax(ZERO)

    def tax(self, ira_taxable: Decimal) -> YearTax:
        """The year's taxes with ``ira_taxable`` dollars of taxable IRA money (line 4b)."""
        found = self._memo.get(ira_taxable)
        if found is None:
            found = self._tax(ira_taxable)
            self._memo[ira_taxable] = found
        return found

    def _tax(self, x: Decimal) -> YearTax:
        params = self.data.params
        # Form 1040 lines 1z, 2b, 3b, 4b, 5b, 7, 8: income other than Social Security.
        other = (self.wages + self.interest + self.dividends + x + self.pensions + self.gains
                 + self.other)
        ss_taxable = taxable_social_security(self.benefits, other, self.tax_exempt, ZERO,
                                             self.status, params)
        # Line 11: adjusted gross income (no adjustments in the planner).
        agi = other + ss_taxable
        # MAGI for IRMAA: AGI plus tax-exempt interest (42 U.S.C. 1395r(i)(4)(A)); for the
        # senior deduction and NIIT: AGI (no foreign earned income in the planner).
        magi = agi + self.tax_exempt
        deduction = max(self.standard, self.itemized)
        senior = senior_deduction(self.year, self.aged, agi, self.status,
                                  params.senior_deduction)
        # Line 15: "Subtract line 14 from line 11. If zero or less, enter -0-."
        taxable = clamp0(agi - deduction - senior)
        fig = self.data.figures
        tax = income_tax(taxable, self.qualified, self.gains, self.status, self.table,
                         fig.tax_table, params)
        nii = self.interest + self.dividends + self.gains
        investment = niit(nii, agi, self.status, params)
        state = whole_dollars(taxable * self.state_rate)
        people = sum(1 for m in self.medicare if m > 0)
        months = max(self.medicare) if people else ZERO
        irmaa = (irmaa_surcharge(magi, self.joint, 1, self.medicare[0], self.data.irmaa)
                 + (irmaa_surcharge(magi, self.joint, 1, self.medicare[1], self.data.irmaa)
                    if len(self.medicare) > 1 else ZERO)) if months > 0 else ZERO
        form = None
        if self.aca is not None:
            form = form_8962(agi, self.tax_exempt, self.benefits, ss_taxable, self.family_size,
                             self.region, self.premium, self.benchmark, self.aca)
        return YearTax(ira_taxable=x, ss_taxable=ss_taxable, agi=agi, magi=magi,
                       deduction=deduction, senior=senior, taxable_income=taxable,
                       income_tax=tax, niit=investment, state=state, irmaa=irmaa,
                       marginal=marginal_rate(taxable, self.table), form_8962=form)

    def aca_cliff(self) -> Decimal | None:
        """The most household income (Form 8962 line 3) that keeps the premium tax credit
        this year: 400% of the poverty line in a covered year with the cliff; else ``None``."""
        if self.aca is None:
            return None
        return cliff(self.family_size, self.region, self.aca)

    def aca_floor(self) -> Decimal | None:
        """The least household income (Form 8962 line 3) with the premium tax credit this
        year (100% of the poverty line) when the year's income without IRA money is below
        it; else ``None``."""
        if self.aca is None:
            return None
        least = floor(self.family_size, self.region, self.aca)
        f = self.baseline.form_8962
        return least if f is not None and f.line_3 < least else None


@dataclass(frozen=True)
class PersonYear:
    """One person's IRAs in one year (Form 8606 lines 2, 6, 7, 8, 15c, 18, 14)."""

    balance: Decimal
    basis: Decimal
    rmd: Decimal
    conversion: Decimal
    year_end: Decimal
    taxable_rmd: Decimal
    taxable_conversion: Decimal
    basis_after: Decimal


@lru_cache(maxsize=65536)
def ira_year(tax_year: int, balance: Decimal, basis: Decimal, required: Decimal,
             conversion: Decimal, growth: Decimal) -> PersonYear:
    """One person's RMD and conversion through Form 8606 (pro-rata rule per person).

    Without basis every dollar is taxable and no Form 8606 Part I is needed (its
    instructions: complete Part I only with basis); with basis, lines 6-15c and 16-18 of
    :func:`formhelper.calc.f8606.compute`."""
    available = whole_dollars((balance - required) * (ONE + growth))
    conversion = min(conversion, available)
    year_end = available - conversion
    if basis <= 0:
        return PersonYear(balance, basis, required, conversion, year_end, required,
                          conversion, ZERO)
    lines, _ = f8606.compute(f8606.F8606Inputs(
        tax_year=tax_year, prior_basis=basis, year_end_value=year_end,
        distributions=required, conversions=conversion))
    taxable_rmd = lines.line_15c if lines.line_15c is not None else required
    taxable_conv = lines.line_18 if lines.line_18 is not None else conversion
    return PersonYear(balance, basis, required, conversion, year_end, clamp0(taxable_rmd),
                      clamp0(taxable_conv), lines.basis_carried)


@dataclass
class State:
    balances: list[Decimal]
    bases: list[Decimal]
    roth: Decimal
    taxable: Decimal
    #: Extra IRMAA (over the no-IRA-money baseline) billed in a later year: year -> amount.
    irmaa_due: dict[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class SimYear:
    year: int
    people: tuple[PersonYear, ...]
    tax: YearTax
    baseline: YearTax
    #: Tax the IRA money adds this year, paid from the taxable account (with the IRMAA
    #: billed this year for earlier years).
    paid: Decimal
    irmaa_billed: Decimal
    roth: Decimal
    taxable: Decimal
    #: The taxable account would have gone below 0 (the cash limit).
    short: bool


def step(model: YearModel, state: State, conversions: Sequence[Decimal],
         growth: Decimal) -> tuple[SimYear, State]:
    """One year: RMDs, conversions, taxes, accounts."""
    rows = []
    for n, balance in enumerate(state.balances):
        required = rmd(balance, model.birth_dates[n], model.year, model.data.params.rmd,
                       model.data.figures.rmd_waiver)
        rows.append(ira_year(model.year, balance, state.bases[n], required, conversions[n],
                             growth))
    x = sum((r.taxable_rmd + r.taxable_conversion for r in rows), ZERO)
    tax = model.tax(x)
    base = model.baseline
    due = dict(state.irmaa_due)
    billed = due.pop(model.year, ZERO)
    lookback = model.data.irmaa.lookback_years
    extra_irmaa = tax.irmaa - base.irmaa
    if extra_irmaa:
        due[model.year + lookback] = due.get(model.year + lookback, ZERO) + extra_irmaa
    paid = tax.now - base.now + billed
    cash = whole_dollars(state.taxable * (ONE + growth)) + sum((r.rmd for r in rows), ZERO) - paid
    roth = whole_dollars(state.roth * (ONE + growth)) + sum((r.conversion for r in rows), ZERO)
    new = State([r.year_end for r in rows], [r.basis_after for r in rows], roth, cash, due)
    return (SimYear(model.year, tuple(rows), tax, base, paid, billed, roth, cash, cash < 0),
            new)


def start_state(household: Household) -> State:
    return State([whole_dollars(p.ira_balance) for p in household.people],
                 [whole_dollars(p.ira_basis) for p in household.people],
                 whole_dollars(sum((p.roth_balance for p in household.people), ZERO)),
                 whole_dollars(household.taxable_balance))


def wealth(state: State, heirs_rate: Decimal) -> Decimal:
    """After-tax wealth: Roth + taxable account + traditional IRAs less the heirs' rate on
    their taxable part (balance less basis, IRC 691 / Form 8606 basis carried to the
    beneficiary), less IRMAA still to be billed."""
    traditional = sum((b - whole_dollars(clamp0(b - basis) * heirs_rate)
                       for b, basis in zip(state.balances, state.bases, strict=True)), ZERO)
    pending = sum(state.irmaa_due.values(), ZERO)
    return state.roth + state.taxable + traditional - pending


#: How the household plan is figured; stated on every report.
MODEL_NOTES = (
    "Balances are those of December 31 of the year before the plan. Each year the RMD "
    "(Pub. 590-B: that balance over the Uniform Lifetime Table period, from the SECURE 2.0 "
    "starting age; the first one taken in its own year, not delayed to April 1) comes out, "
    "the rest grows, and the conversion is made at the end of the year.",
    "The pro-rata rule is Form 8606's, per person: line 2 basis, line 6 what is left at "
    "the end of the year, line 7 the RMD, line 8 the conversion.",
    "Taxes are figured as the forms do: Form 1040 line 16 with the Qualified Dividends and "
    "Capital Gain Tax Worksheet, the taxable Social Security of Pub. 915 Worksheet 1, the "
    "standard deduction with the age-65 additions (or your itemized deductions if larger), "
    "the 2025-2028 senior deduction, NIIT (Form 8960), the flat state rate on federal "
    "taxable income, and IRMAA (Medicare Part B and D from the month you turn 65) billed "
    "two years after the MAGI that sets it.",
    "Your other income pays your living costs and the taxes you would owe without IRA "
    "money (and, with Marketplace coverage, the premium less the credit you would have "
    "without it); the RMDs go to the taxable account, which pays every tax the IRA money "
    "adds and any premium tax credit it costs. All accounts grow at the same rate.",
    "After-tax wealth at the horizon: Roth + taxable account + traditional IRAs less the "
    "heirs' rate on their taxable part (balance less basis), less IRMAA still to be billed.",
)

#: What the household plan leaves out; stated on every report.
NOT_COUNTED = (
    "The ACA premium tax credit unless the plan has an [aca] table, AMT, other credits, "
    "the QBI, tips, overtime and car-loan deductions, and the additional standard deduction "
    "for blindness.",
    "IRMAA billed in the first two years (set by MAGI before the plan), IRMAA appeals for "
    "a life-changing event, and Medicare premiums other than the income-related amounts.",
    "Early-distribution and 5-year rules for Roth withdrawals (the plan withdraws nothing "
    "from Roth IRAs), workplace plans and inherited IRAs, capital losses, estate tax, and a "
    "change of filing status when a spouse dies.",
)
