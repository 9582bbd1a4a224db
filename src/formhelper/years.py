"""Per-year figures: ``forms/<year>/params.toml`` read into :class:`YearParams`.

Every figure carries the document it comes from.  The calculation receives a
``YearParams`` and never reads files itself.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

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


class Rate(_Frozen):
    value: Decimal = Field(gt=0, lt=1)
    source: str = Field(min_length=3)


class EarlyRates(_Frozen):
    #: Form 5329 line 4: 10% of line 3 (IRC 72(t)(1)).
    additional_tax: Rate
    #: Form 5329 line 4 caution: 25% for a SIMPLE IRA in its first 2 years (IRC 72(t)(6)).
    simple_ira_first_two_years: Rate


class Line2(_Frozen):
    #: The number written when more than one exception applies.
    more_than_one: str = Field(pattern=r"^\d\d$")
    source: str = Field(min_length=3)


class ExceptionInfo(_Frozen):
    """One exception number of the Form 5329 line 2 list."""

    #: A short plain-English description (for the wizard and the summaries).
    short: str = Field(min_length=3)
    source: str = Field(min_length=3)
    #: False when the description was not checked against the IRS text.
    verified: bool = True


class F5329Params(_Frozen):
    """Form 5329 Part I figures and the line 2 exception numbers of one year
    (``forms/<year>/f5329.toml``; ``same_as`` borrows another year's)."""

    #: The year whose file holds the entries (differs when ``same_as`` is used).
    table_year: int
    source: str = ""
    rates: EarlyRates
    line_2: Line2
    exceptions: dict[str, ExceptionInfo]

    @model_validator(mode="after")
    def _numbers(self) -> F5329Params:
        bad = [n for n in self.exceptions if not (len(n) == 2 and n.isdigit())]
        if bad or self.line_2.more_than_one in self.exceptions:
            raise ValueError(f"f5329.toml: exception numbers must be two digits, not "
                             f"{bad or self.line_2.more_than_one}")
        return self

    def description(self, number: str) -> str:
        entry = self.exceptions.get(number)
        return entry.short if entry is not None else ""


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
    #: Form 5329 Part I: rates and the line 2 exception numbers.
    f5329: F5329Params


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
    raw["f5329"] = _f5329_raw(year)
    params = YearParams.model_validate(raw)
    if params.tax_year != year:
        raise ValueError(f"{path}: tax_year is {params.tax_year}, expected {year}")
    return params


def _f5329_raw(year: int) -> dict[str, Any]:
    """``forms/<year>/f5329.toml``, following ``same_as`` to the year that holds the list."""
    seen: list[int] = []
    target = year
    notes: list[str] = []
    while True:
        path = forms_dir() / str(target) / "f5329.toml"
        if not path.is_file():
            raise LookupError(f"no Form 5329 figures for {target} ({path})")
        with path.open("rb") as handle:
            raw: dict[str, Any] = tomllib.load(handle)
        if raw.get("tax_year") != target:
            raise ValueError(f"{path}: tax_year is {raw.get('tax_year')}, expected {target}")
        seen.append(target)
        if "same_as" not in raw:
            break
        notes.append(str(raw.get("source", "")))
        target = raw["same_as"]
        if not isinstance(target, int) or target in seen:
            raise ValueError(f"f5329.toml for {year}: same_as chain {[*seen, target]} is invalid")
    raw.pop("tax_year")
    raw["table_year"] = target
    raw["source"] = "; ".join(n for n in [*notes, str(raw.get("source", ""))] if n)
    return raw
