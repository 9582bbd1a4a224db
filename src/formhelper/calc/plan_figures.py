"""The year figures the conversion planner uses (brackets, standard deduction, Tax
Table), published or indexed for a year the IRS has not published yet (IRC 1(f)(3)
and the rounding of 1(f)(7)), marked as estimates.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from pydantic import BaseModel, ConfigDict

from formhelper.models import FilingStatus
from formhelper.money import ONE, round_down_to
from formhelper.years.params import (
    AdditionalStandardDeduction,
    Bracket,
    Brackets,
    ByStatus,
    Cited,
    RmdWaiver,
    TableRows,
    TaxTable,
    YearParams,
)


class PlanError(ValueError):
    """The figures given cannot answer the plan (a missing year, a rate with no top)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def pct(value: Decimal) -> str:
    """A rate as a percentage for messages and reports: ``0.025`` -> ``2.5``."""
    return f"{(value * 100).normalize():f}"


#: IRC 1(f)(7)(A): increases rounded down to a multiple of $50; (B): $25 for the
#: married-filing-separately table, but not for the standard deduction (63(c)(4)).
ROUNDING_STEP: Final = Decimal(50)
ROUNDING_STEP_MFS_BRACKETS: Final = Decimal(25)

class YearFigures(_Frozen):
    """The figures of one year the planner uses, with their sources."""

    tax_year: int
    brackets: Brackets
    standard_deduction: ByStatus
    #: Form 1040 line 16: the Tax Table's ceiling and rows.
    tax_table: TaxTable
    #: The published year these figures were indexed from; ``None`` when published.
    indexed_from: int | None = None
    inflation: Decimal | None = None
    #: IRC 63(f) additional standard deduction for age 65 (the household planner).
    additional: AdditionalStandardDeduction | None = None
    #: Present in a year no RMD is required (2020, ``[rmd_waiver]`` of params.toml); an
    #: estimated year has none: a waiver is a law for its own year, never presumed.
    rmd_waiver: RmdWaiver | None = None

    @property
    def estimated(self) -> bool:
        return self.indexed_from is not None

    @classmethod
    def published(cls, params: YearParams) -> YearFigures:
        """The figures of a year with a ``forms/<year>/params.toml``."""
        return cls(tax_year=params.tax_year, brackets=params.brackets,
                   standard_deduction=params.standard_deduction,
                   tax_table=params.tax_table,
                   additional=params.additional_standard_deduction,
                   rmd_waiver=params.rmd_waiver)

    def table(self, status: FilingStatus) -> list[Bracket]:
        return self.brackets.for_status(status)

    def standard(self, status: FilingStatus) -> Decimal:
        cited: Cited = getattr(self.standard_deduction, status.value)
        return Decimal(cited.value)


def indexed_amount(amount: int, factor: Decimal, step: Decimal) -> int:
    """``amount`` plus its inflation increase rounded down to a multiple of ``step``.

    IRC 1(f)(7)(A): "If any increase determined under paragraph (2)(A), section
    63(c)(4) ... is not a multiple of $50, such increase shall be rounded to the next
    lowest multiple of $50."
    """
    increase = round_down_to(Decimal(amount) * (factor - ONE), step)
    return int(Decimal(amount) + increase)


def index_figures(base: YearFigures, year: int, inflation: Decimal) -> YearFigures:
    """Estimated figures for ``year`` from the published figures of ``base``.

    Each bracket top and standard deduction grows by ``(1 + inflation)`` a year from
    ``base.tax_year``; the increase is rounded down to $50, or $25 for the brackets
    of married filing separately (IRC 1(f)(7)).  An estimate: the IRS indexes the
    statute's base-year amounts by the chained CPI (IRC 1(f)(3)).
    """
    if base.estimated:
        raise PlanError("index from published figures, not from an estimate")
    if year <= base.tax_year:
        raise PlanError(f"{year} is not after {base.tax_year}")
    count = year - base.tax_year
    factor = (ONE + inflation) ** count
    note = (f"estimate: {base.tax_year} figures indexed {count} year(s) at "
            f"{pct(inflation)}% a year, increases rounded down to $50 ($25 for married "
            f"filing separately brackets) as IRC 1(f)(7)")
    tables: dict[str, list[Bracket]] = {}
    for status in FilingStatus:
        step = (ROUNDING_STEP_MFS_BRACKETS if status == FilingStatus.MARRIED_FILING_SEPARATELY
                else ROUNDING_STEP)
        tables[status.value] = [
            Bracket(rate=b.rate,
                    upper=None if b.upper is None else indexed_amount(b.upper, factor, step))
            for b in base.table(status)
        ]
    deductions = {
        status.value: Cited(
            value=indexed_amount(int(base.standard(status)), factor, ROUNDING_STEP),
            source=f"{note}; from {getattr(base.standard_deduction, status.value).source}",
            verified=False)
        for status in FilingStatus
    }
    assumed = (f"assumed: the {base.tax_year} Tax Table's ceiling and rows (the IRS has not "
               f"published the {year} table)")
    tax_table = TaxTable(
        ceiling=base.tax_table.ceiling.model_copy(update={
            "source": f"{assumed}; from {base.tax_table.ceiling.source}", "verified": False}),
        rows=[TableRows(at_least=r.at_least, width=r.width,
                        source=f"{assumed}; from {r.source}", verified=False)
              for r in base.tax_table.rows])
    additional = None
    if base.additional is not None:
        additional = AdditionalStandardDeduction(**{
            kind: Cited(value=indexed_amount(getattr(base.additional, kind).value, factor,
                                             ROUNDING_STEP),
                        source=f"{note}; from {getattr(base.additional, kind).source}",
                        verified=False)
            for kind in ("married", "unmarried")})
    return YearFigures(
        tax_year=year,
        additional=additional,
        brackets=Brackets(source=f"{note}; from {base.brackets.source}", **tables),
        standard_deduction=ByStatus(**deductions),
        tax_table=tax_table,
        indexed_from=base.tax_year,
        inflation=inflation,
    )
