"""The planner's year figures: the types of ``forms/<year>/plan.toml`` (:class:`PlanParams`).

Read by :func:`formhelper.files.years.load_plan`; every figure carries its source and a
``verified`` flag (false: seen only in a secondary copy).  For a year the IRS and CMS have
not published, :func:`formhelper.calc.plan_index.index_plan_params` makes estimates.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from formhelper.models.types import FilingStatus


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatusAmounts(_Frozen):
    """One dollar figure per filing status."""

    source: str = Field(min_length=3)
    verified: bool = True
    single: int
    married_filing_jointly: int
    married_filing_separately: int
    head_of_household: int
    qualifying_surviving_spouse: int

    def of(self, status: FilingStatus) -> Decimal:
        value: int = getattr(self, status.value)
        return Decimal(value)


class CapitalGains(_Frozen):
    """Qualified Dividends and Capital Gain Tax Worksheet lines 6 and 13."""

    zero_rate_top: StatusAmounts
    fifteen_rate_top: StatusAmounts


class SocialSecurity(_Frozen):
    """Pub. 915 Worksheet 1 lines 8 and 10, and the 50% / 85% of lines 2, 13, 15, 17."""

    source: str = Field(min_length=3)
    verified: bool = True
    base_single: int
    base_joint: int
    base_separate_lived_together: int
    step_single: int
    step_joint: int
    step_separate_lived_together: int
    rate_lower: Decimal
    rate_upper: Decimal


class Niit(_Frozen):
    """Form 8960 line 14 thresholds and line 17 rate."""

    source: str = Field(min_length=3)
    verified: bool = True
    rate: Decimal
    single: int
    married_filing_jointly: int
    married_filing_separately: int
    head_of_household: int
    qualifying_surviving_spouse: int

    def threshold(self, status: FilingStatus) -> Decimal:
        value: int = getattr(self, status.value)
        return Decimal(value)


class SeniorDeduction(_Frozen):
    """OBBBA §70103 (IRC 151(d)(5)(C)): per person 65+, phased out by MAGI."""

    source: str = Field(min_length=3)
    verified: bool = True
    amount: int
    threshold_single: int
    threshold_joint: int
    rate: Decimal
    #: The last taxable year the deduction exists.
    last_year: int


class LifetimeRow(_Frozen):
    age: int
    period: Decimal


class Rmd(_Frozen):
    """The Uniform Lifetime Table (the starting age is the statute's, by date of birth:
    :func:`formhelper.calc.ages.rmd_age`; whether one is due in a year:
    :func:`formhelper.calc.ages.rmd_due`)."""

    source: str = Field(min_length=3)
    verified: bool = True
    uniform_lifetime: list[LifetimeRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Rmd:
        ages = [r.age for r in self.uniform_lifetime]
        if ages != list(range(ages[0], ages[0] + len(ages))):
            raise ValueError("rmd.uniform_lifetime: one row per age, ascending, no gaps")
        return self


class IrmaaTier(_Frozen):
    """One IRMAA tier: MAGI greater than ``single``/``joint`` (``at_least``: greater than
    or equal) adds ``part_b`` and ``part_d`` dollars a month per person."""

    single: int
    joint: int
    part_b: Decimal
    part_d: Decimal
    at_least: bool = False
    #: The income figures stay as they are through this year (not indexed until after it).
    fixed_through: int | None = None


class Irmaa(_Frozen):
    """The Medicare income-related monthly adjustment amounts of one premium year."""

    source: str = Field(min_length=3)
    verified: bool = True
    standard_part_b: Decimal
    lookback_years: int = Field(ge=1, le=3)
    tiers: list[IrmaaTier] = Field(min_length=1)


class PlanParams(_Frozen):
    """The figures of one year the household planner needs beyond ``params.toml``."""

    tax_year: int
    capital_gains: CapitalGains
    social_security: SocialSecurity
    niit: Niit
    senior_deduction: SeniorDeduction | None = None
    rmd: Rmd
    irmaa: Irmaa
