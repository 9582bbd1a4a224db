"""What the household planner is told: the people, their income by year, their accounts,
the assumptions and the limits (:class:`Household`).

Pure (the plan file is read by :mod:`formhelper.files.plan_file`).  Unsupported situations
are refused by name with a :class:`ValueError` naming the field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from formhelper.calc.plan import TARGET_RATES
from formhelper.calc.plan_figures import pct
from formhelper.models import FilingStatus
from formhelper.money import ONE, ZERO
from formhelper.years.aca_params import Region

#: Filing statuses the household planner supports.
STATUSES: Final = (FilingStatus.SINGLE, FilingStatus.MARRIED_FILING_JOINTLY,
                   FilingStatus.HEAD_OF_HOUSEHOLD, FilingStatus.QUALIFYING_SURVIVING_SPOUSE)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: An amount by year: a number (every year) or ``{year: amount}``, each amount holding from
#: its year until the next one given (0 before the first).
Series = Decimal | dict[int, Decimal]


def at(series: Series, year: int) -> Decimal:
    """The amount of ``series`` in ``year``."""
    if isinstance(series, Decimal):
        return series
    value = ZERO
    for start in sorted(series):
        if start <= year:
            value = series[start]
    return value


def _check_series(series: Series) -> Series:
    values = [series] if isinstance(series, Decimal) else list(series.values())
    for v in values:
        if not v.is_finite() or v < 0:
            raise ValueError(f"must be an amount of 0 or more (got {v})")
    return series


def medicare_months(birth: date, year: int) -> Decimal:
    """Months of Part B in ``year`` when enrolled from the 65th birthday's month (the month
    before when born on the 1st)."""
    start_year, start_month = birth.year + 65, birth.month
    if birth.day == 1:
        start_month -= 1
        if start_month == 0:
            start_year, start_month = start_year - 1, 12
    if year < start_year:
        return ZERO
    if year > start_year:
        return Decimal(12)
    return Decimal(13 - start_month)


class Person(_Frozen):
    """One spouse: date of birth, traditional IRAs and their basis, Roth IRAs, income."""

    name: str = Field(default="you", min_length=1, max_length=40)
    birth_date: date
    #: All traditional, SEP and SIMPLE IRAs on December 31 of the year before the plan.
    ira_balance: Decimal = ZERO
    #: Basis in those IRAs (Form 8606 line 14 of the year before).
    ira_basis: Decimal = ZERO
    roth_balance: Decimal = ZERO
    wages: Series = ZERO
    pension: Series = ZERO
    #: Social Security benefits (Form SSA-1099 box 5) a year.
    social_security: Series = ZERO
    #: Enrolled in Medicare Part B and D from the month of the 65th birthday.
    medicare: bool = True

    @field_validator("ira_balance", "ira_basis", "roth_balance")
    @classmethod
    def _amount(cls, value: Decimal) -> Decimal:
        if not value.is_finite() or value < 0:
            raise ValueError(f"must be an amount of 0 or more (got {value})")
        return value

    @field_validator("wages", "pension", "social_security")
    @classmethod
    def _series(cls, value: Series) -> Series:
        return _check_series(value)

    @model_validator(mode="after")
    def _basis_within_balance(self) -> Person:
        if self.ira_basis > self.ira_balance:
            raise ValueError(f"ira_basis ({self.ira_basis}) is more than ira_balance "
                             f"({self.ira_balance}); the basis of Form 8606 cannot exceed "
                             "what is in the IRAs")
        return self


class Aca(_Frozen):
    """Health coverage bought through the Marketplace with the premium tax credit
    (Form 8962): the years covered and the yearly premiums, in first-year dollars."""

    #: The first and last year of Marketplace coverage (default first: the plan's first).
    first: int | None = None
    last: int
    #: The yearly premium of the benchmark plan, the second lowest cost silver plan for
    #: the people covered (Form 1095-A line 33B; Form 8962 line 11(b)).
    benchmark: Series
    #: The yearly premium of the plan bought (Form 1095-A line 33A; line 11(a));
    #: default: the benchmark.
    premium: Series | None = None
    #: Form 8962 line 1, the tax family (default: the people of the plan).
    family_size: int | None = Field(default=None, ge=1, le=20)
    #: The poverty line table of line 4: "48 states" (and DC), "alaska" or "hawaii".
    region: Region = Region.STATES_48

    @field_validator("benchmark", "premium")
    @classmethod
    def _series(cls, value: Series | None) -> Series | None:
        return None if value is None else _check_series(value)

    def covers(self, year: int, first_plan_year: int) -> bool:
        """True when ``year`` is a year of Marketplace coverage."""
        first = first_plan_year if self.first is None else self.first
        return first <= year <= self.last

    def paid(self, year: int) -> Decimal:
        """The yearly premium of the plan bought, first-year dollars."""
        return at(self.benchmark if self.premium is None else self.premium, year)


class Limits(_Frozen):
    """What the user allows a conversion to do."""

    #: Taxable income stays within this bracket (``None``: no limit).
    bracket: Decimal | None = None
    #: MAGI stays at or below this IRMAA tier (0: the standard premium; ``None``: no limit).
    irmaa_tier: int | None = Field(default=None, ge=0, le=5)
    #: The tax a conversion adds is paid from the taxable account, which may not go below 0.
    cash: bool = True
    #: Household income stays at or below the ACA cliff (400% of the poverty line) in the
    #: years of Marketplace coverage that have one.
    aca_cliff: bool = False

    @field_validator("bracket")
    @classmethod
    def _known_rate(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value not in TARGET_RATES:
            allowed = ", ".join(pct(r) for r in TARGET_RATES)
            raise ValueError(f"{pct(value)}% is not a bracket; choose one of {allowed}")
        return value


class Household(_Frozen):
    """A household over a horizon of ``years`` tax years from ``tax_year``."""

    tax_year: int = Field(ge=2024, le=2100)
    years: int = Field(default=30, ge=1, le=60)
    filing_status: FilingStatus
    people: list[Person] = Field(min_length=1, max_length=2)
    interest: Series = ZERO
    tax_exempt_interest: Series = ZERO
    qualified_dividends: Series = ZERO
    #: Ordinary dividends that are not qualified (Form 1040 line 3b less line 3a).
    other_dividends: Series = ZERO
    #: Net long-term capital gain (Schedule D line 15), 0 or more.
    capital_gains: Series = ZERO
    other_income: Series = ZERO
    #: Itemized deductions (Schedule A); the larger of them and the standard deduction is used.
    itemized: Series = ZERO
    #: Income amounts are in first-year dollars and grow with ``inflation`` when true.
    index_income: bool = True
    taxable_balance: Decimal = ZERO
    growth: Decimal = Decimal("0.05")
    inflation: Decimal = Decimal("0.025")
    heirs_rate: Decimal = Decimal("0.24")
    state_rate: Decimal = ZERO
    #: Health coverage bought through the Marketplace (``[aca]``); ``None``: none.
    aca: Aca | None = None
    limits: Limits = Limits()

    @field_validator("interest", "tax_exempt_interest", "qualified_dividends", "other_dividends",
                     "capital_gains", "other_income", "itemized")
    @classmethod
    def _series(cls, value: Series) -> Series:
        return _check_series(value)

    @field_validator("filing_status")
    @classmethod
    def _supported_status(cls, value: FilingStatus) -> FilingStatus:
        if value not in STATUSES:
            raise ValueError("married filing separately is not supported by the household "
                             "planner (Social Security, IRMAA and the senior deduction follow "
                             "other rules on separate returns)")
        return value

    @field_validator("growth")
    @classmethod
    def _growth(cls, value: Decimal) -> Decimal:
        if not Decimal("-0.5") <= value <= Decimal("0.5"):
            raise ValueError(f"{pct(value)}% a year is outside -50% to 50%")
        return value

    @field_validator("inflation")
    @classmethod
    def _inflation(cls, value: Decimal) -> Decimal:
        if not ZERO <= value <= Decimal("0.2"):
            raise ValueError(f"{pct(value)}% a year is outside 0% to 20%")
        return value

    @field_validator("heirs_rate", "state_rate")
    @classmethod
    def _rate(cls, value: Decimal) -> Decimal:
        if not ZERO <= value < ONE:
            raise ValueError(f"{pct(value)}% is outside 0% to under 100%")
        return value

    @field_validator("taxable_balance")
    @classmethod
    def _balance(cls, value: Decimal) -> Decimal:
        if not value.is_finite() or value < 0:
            raise ValueError(f"must be an amount of 0 or more (got {value})")
        return value

    @field_validator("aca", mode="before")
    @classmethod
    def _aca(cls, value: object) -> object:
        if value is True:
            raise ValueError("'aca = true' does not say enough: write an [aca] table with "
                             "'last' (the last year of Marketplace coverage) and 'benchmark' "
                             "(the yearly premium of the second lowest cost silver plan), and "
                             "if they differ 'premium', 'first', 'family_size' and 'region' "
                             "(docs/plan-file.md)")
        if value is False:
            return None
        return value

    @model_validator(mode="after")
    def _people_match_status(self) -> Household:
        joint = self.filing_status == FilingStatus.MARRIED_FILING_JOINTLY
        if joint and len(self.people) != 2:
            raise ValueError("people: married filing jointly needs both spouses")
        if not joint and len(self.people) != 1:
            raise ValueError(f"people: {self.filing_status.value.replace('_', ' ')} is one "
                             "person")
        if len(self.people) == 2:
            a, b = (p.birth_date.year for p in self.people)
            if abs(a - b) > 10:
                raise ValueError(
                    "people: a spouse more than 10 years younger may make the Joint Life "
                    "and Last Survivor table apply to RMDs (Pub. 590-B Table II); the "
                    "planner has only the Uniform Lifetime Table")
            if self.people[0].name == self.people[1].name:
                raise ValueError("people: give the two spouses different names")
        return self

    @model_validator(mode="after")
    def _aca_years(self) -> Household:
        aca = self.aca
        if aca is None:
            return self
        first = self.tax_year if aca.first is None else aca.first
        last_plan = self.tax_year + self.years - 1
        if not self.tax_year <= first <= last_plan:
            raise ValueError(f"aca.first: {first} is not a year of the plan "
                             f"({self.tax_year}-{last_plan})")
        if aca.last < first:
            raise ValueError(f"aca.last: {aca.last} is before the first year of coverage "
                             f"({first})")
        if aca.family_size is not None and aca.family_size < len(self.people):
            raise ValueError(f"aca.family_size: {aca.family_size} is fewer than the "
                             f"{len(self.people)} people of the return (Form 8962 line 1 "
                             "counts you, your spouse and your dependents)")
        for year in range(first, min(aca.last, last_plan) + 1):
            # Form 8962 line 11 (annual totals) needs someone covered all 12 months (line
            # 10: "enrolled ... for all 12 months"); Medicare from the 65th birthday's month
            # ends the credit for that person (Instructions: not eligible for other
            # minimum essential coverage).
            if all(p.medicare and medicare_months(p.birth_date, year) > 0
                   for p in self.people):
                who = "you are" if len(self.people) == 1 else "both of you are"
                raise ValueError(f"aca.last: in {year} {who} on Medicare from the month of "
                                 "the 65th birthday, and the planner figures only whole years "
                                 "of Marketplace coverage (Form 8962 line 11); end the "
                                 f"coverage by {year - 1}")
            if at(aca.benchmark, year) <= 0:
                raise ValueError(f"aca.benchmark: no benchmark premium in {year}, a year of "
                                 "coverage (give the yearly premium of the second lowest "
                                 "cost silver plan)")
        return self

    def aca_years(self) -> list[int]:
        """The plan's years of Marketplace coverage."""
        aca = self.aca
        if aca is None:
            return []
        return [y for y in self.plan_years() if aca.covers(y, self.tax_year)]

    def family_size(self) -> int:
        """Form 8962 line 1: the tax family (the people unless the ``[aca]`` table says)."""
        if self.aca is not None and self.aca.family_size is not None:
            return self.aca.family_size
        return len(self.people)

    def plan_years(self) -> list[int]:
        return list(range(self.tax_year, self.tax_year + self.years))

    def scale(self, year: int) -> Decimal:
        """The inflation factor for income amounts in ``year``."""
        if not self.index_income:
            return ONE
        return (ONE + self.inflation) ** (year - self.tax_year)
