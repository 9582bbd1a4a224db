"""Per-year figures: ``forms/<year>/params.toml`` read into :class:`YearParams`.

Every figure carries the document it comes from.  The calculation receives a
``YearParams`` and never reads files itself.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from formhelper.models.case import FilingStatus
from formhelper.resources import forms_dir


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cited(_Frozen):
    value: int
    source: str = Field(min_length=3)
    verified: bool = True


class Range(_Frozen):
    low: int
    high: int
    source: str = Field(min_length=3)
    verified: bool = True


class Bracket(_Frozen):
    rate: Decimal
    upper: int | None = None


class Brackets(_Frozen):
    source: str = Field(min_length=3)
    single: list[Bracket]
    married_filing_jointly: list[Bracket]
    married_filing_separately: list[Bracket]
    head_of_household: list[Bracket]
    qualifying_surviving_spouse: list[Bracket]

    def for_status(self, status: FilingStatus) -> list[Bracket]:
        table: list[Bracket] = getattr(self, status.value)
        return table


class IraLimits(_Frozen):
    contribution_limit: Cited
    catch_up_50: Cited


class QcdLimits(_Frozen):
    annual_limit: Cited
    split_interest_limit: Cited


class ByStatus(_Frozen):
    single: Cited
    married_filing_jointly: Cited
    married_filing_separately: Cited
    head_of_household: Cited
    qualifying_surviving_spouse: Cited


class AdditionalStandardDeduction(_Frozen):
    married: Cited
    unmarried: Cited


class IraDeductionPhaseout(_Frozen):
    single_or_hoh_covered: Range
    joint_contributor_covered: Range
    joint_spouse_covered: Range
    separate_covered: Range


class RothPhaseout(_Frozen):
    single_or_hoh: Range
    joint: Range
    separate_lived_with_spouse: Range


class YearParams(_Frozen):
    """The figures of one tax year.  Keys are the same every year."""

    tax_year: int
    #: Which year's form layout (PDF field maps) applies: the IRS publishes a
    #: year's forms late, so a new year may use the previous layout.
    layout_year: int
    ira: IraLimits
    qcd: QcdLimits
    standard_deduction: ByStatus
    additional_standard_deduction: AdditionalStandardDeduction
    brackets: Brackets
    ira_deduction_phaseout: IraDeductionPhaseout
    roth_phaseout: RothPhaseout


def supported_years() -> list[int]:
    """Tax years that have a ``forms/<year>/params.toml``."""
    return sorted(
        int(p.parent.name) for p in forms_dir().glob("*/params.toml") if p.parent.name.isdigit()
    )


@cache
def load(year: int) -> YearParams:
    """Read and validate ``forms/<year>/params.toml``."""
    path = forms_dir() / str(year) / "params.toml"
    if not path.is_file():
        years = ", ".join(str(y) for y in supported_years())
        raise LookupError(f"tax year {year} is not supported (supported: {years})")
    with path.open("rb") as handle:
        raw: dict[str, Any] = tomllib.load(handle)
    raw.setdefault("layout_year", year)
    params = YearParams.model_validate(raw)
    if params.tax_year != year:
        raise ValueError(f"{path}: tax_year is {params.tax_year}, expected {year}")
    return params
