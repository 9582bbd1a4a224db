"""Per-year figures: the types of ``forms/<year>/params.toml`` (:class:`YearParams`).

Read by :mod:`formhelper.files.years`.

Every figure carries the document it comes from.  The calculation receives a
``YearParams`` and never reads files itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from formhelper.models.types import FilingStatus


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


class TableRows(_Frozen):
    """Rows of the Tax Table from ``at_least`` on, each ``width`` dollars wide ("At least
    ... But less than"), up to the next entry's ``at_least`` (the last: up to the
    ceiling)."""

    at_least: int = Field(ge=0)
    width: int = Field(gt=0)
    source: str = Field(min_length=3)
    verified: bool = True


class TaxTable(_Frozen):
    """Form 1040 line 16: the Tax Table below ``ceiling``, the Tax Computation Worksheet
    (the rate schedules of ``brackets``) at or above it.  ``rows`` say how wide the
    table's rows are and where the width changes, bottom up from $0."""

    ceiling: Cited
    rows: list[TableRows] = Field(min_length=1)

    @model_validator(mode="after")
    def _rows_tile_the_table(self) -> TaxTable:
        if self.rows[0].at_least != 0:
            raise ValueError("tax_table.rows: the first rows start at 0")
        ends = [r.at_least for r in self.rows[1:]] + [self.ceiling.value]
        for rows, end in zip(self.rows, ends, strict=True):
            span = end - rows.at_least
            if span <= 0 or span % rows.width:
                raise ValueError(
                    f"tax_table.rows: rows of {rows.width} from {rows.at_least} do not end "
                    f"exactly at {end}")
        return self


class AgeLimit(_Frozen):
    """An age (years and months, e.g. 70 and 6 for 70½) with its source."""

    years: int = Field(ge=0, le=120)
    months: int = Field(ge=0, le=11)
    source: str = Field(min_length=3)
    verified: bool = True


class RmdWaiver(_Frozen):
    """A year for which no required minimum distribution is required: 2020, by section 2203
    of the CARES Act (IRC 401(a)(9)(I)).  The year's data holds it with its source; a year
    without it requires RMDs from the applicable age on (:func:`formhelper.calc.ages.rmd_due`)."""

    source: str = Field(min_length=3)
    verified: bool = True


class IraLimits(_Frozen):
    contribution_limit: Cited
    catch_up_50: Cited
    #: Before 2020: no traditional IRA contribution for the year the person reaches this
    #: age or any later year (IRC 219(d)(1), repealed by the SECURE Act §107 from 2020).
    #: Absent when there is no such limit.
    traditional_contribution_age: AgeLimit | None = None


class QcdLimits(_Frozen):
    annual_limit: Cited
    split_interest_limit: Cited


class HsaLimits(_Frozen):
    """HSA contribution limits that bound a qualified HSA funding distribution (IRC
    408(d)(9)(C): not more than the year's HSA contribution limit, IRC 223(b))."""

    #: IRC 223(b)(2)(B), family coverage, as indexed: the largest limit there is.
    family: Cited
    #: IRC 223(b)(3)(B): the additional contribution at 55 or older.
    catch_up_55: Cited


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
    #: The most one person may claim under this exception in a calendar year, all forms
    #: together (``None``: no yearly dollar limit formhelper applies).
    annual_limit: Decimal | None = None


class CoronavirusRelatedDistributions(_Frozen):
    """A year whose distributions may be coronavirus-related distributions (2020: CARES Act
    §2202): reported on Form 8915-E, taxed over 3 years and free of the 10% additional tax,
    which formhelper does not figure.  The year's data holds it with its source."""

    #: The most that could be treated as coronavirus-related distributions.
    limit: Decimal
    source: str = Field(min_length=3)
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
        # Before 2023 the number for "more than one exception" was also the number of
        # "Other" (12): it may be in the list only when its entry says so.
        shared = self.exceptions.get(self.line_2.more_than_one)
        if bad or (shared is not None and "more than one" not in shared.short):
            raise ValueError(f"f5329.toml: exception numbers must be two digits, not "
                             f"{bad or self.line_2.more_than_one}")
        return self

    def description(self, number: str) -> str:
        entry = self.exceptions.get(number)
        return entry.short if entry is not None else ""


class CheckItem(_Frozen):
    """How one item of formhelper's ``line_4c``/``line_5c`` (``"rollover"``, ``"qcd"``,
    ``"hfd"``, ``"pso"``) is reported on one Form 1040 layout."""

    #: The word as the form prints it (a box's label) or as it is written by hand.
    word: str = Field(min_length=2)
    #: The box of line 4c/5c ("1", "2", "3"); none when the word is written next to a line.
    box: str | None = Field(default=None, pattern=r"^[1-3]$")
    #: The word is written by hand: in the entry space next to box 3, or next to the line.
    write: bool = False
    #: Where this item's wording comes from, when not the line's ``source``.
    source: str = ""
    #: False when this item's wording was not checked against the IRS text.
    verified: bool = True


class LineReporting(_Frozen):
    """How the items of one of formhelper's lines ``line_4c``/``line_5c`` are reported:
    check boxes on line 4c/5c (the 2025 form), or a word written next to line 4b/5b
    (the 2024 form, which has no lines 4c and 5c)."""

    #: ``"box"``: check the item's box on ``line``; ``"write_in"``: write the word next
    #: to ``line``.
    how: Literal["box", "write_in"]
    #: The printed line the user reports the items on ("4c", or "4b" for a write-in).
    line: str = Field(pattern=r"^[45][a-d]$")
    source: str = Field(min_length=3)
    verified: bool = True
    items: dict[str, CheckItem]

    @model_validator(mode="after")
    def _consistent(self) -> LineReporting:
        for name, item in self.items.items():
            if (item.box is None) != (self.how == "write_in"):
                raise ValueError(f"item {name}: `box` goes with how = \"box\", and only it")
            if self.how == "write_in" and not item.write:
                raise ValueError(f"item {name}: a write-in item has write = true")
        return self

    def item(self, name: str) -> CheckItem:
        entry = self.items.get(name)
        if entry is None:
            raise LookupError(f"no wording for item {name!r} of line {self.line} "
                              f"(items: {', '.join(self.items)})")
        return entry

    def instruction(self, names: Sequence[str], conj: str = "and", form: str = "") -> str:
        """What to do for ``names``, lower case: ``check box 2 "QCD" on line 4c``, ``check
        box 3 on line 4c and enter "HFD" in the entry space next to box 3`` (the words of
        the 2025 instructions), ``write "QCD" next to line 4b``.  ``form`` follows the line
        number (" of Form 1040")."""
        items = [self.item(n) for n in names]
        if self.how == "write_in":
            words = _join([f'"{i.word}"' for i in items], conj)
            return f"write {words} next to line {self.line}{form}"
        parts = [f"box {i.box}" if i.write else f'box {i.box} "{i.word}"' for i in items]
        text = f"check {_join(parts, conj)} on line {self.line}{form}"
        for i in items:
            if i.write:
                text += f' and enter "{i.word}" in the entry space next to box {i.box}'
        return text

    @property
    def filled(self) -> bool:
        """The filled Form 1040 shows the items (a box); a write-in is left to the user."""
        return self.how == "box"

    def verified_for(self, names: Sequence[str]) -> bool:
        return self.verified and all(self.item(n).verified for n in names)


def _join(parts: list[str], conj: str) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {conj} {parts[-1]}"


class F1040Reporting(_Frozen):
    """How the line 4c and 5c items are reported on the Form 1040 of one layout year
    (``[reporting]`` of ``forms/<layout year>/f1040.toml``)."""

    layout_year: int
    line_4c: LineReporting
    line_5c: LineReporting

    def of(self, key: str) -> LineReporting:
        """``"line_4c"`` or ``"line_5c"``."""
        if key not in ("line_4c", "line_5c"):
            raise KeyError(key)
        found: LineReporting = getattr(self, key)
        return found

    def not_filled(self, key: str, count: int = 1) -> str:
        """Why formhelper leaves the items off the filled form ("" when it fills them)."""
        if self.of(key).filled:
            return ""
        return (f"not filled by formhelper: the {self.layout_year} form has no box for "
                f"{'it' if count == 1 else 'them'}")

    def sentence(self, key: str, names: Sequence[str]) -> str:
        """The whole instruction for the user, lower case: ``write "Rollover" next to line
        4b of Form 1040 (not filled by formhelper: the 2024 form has no box for it)``."""
        text = self.of(key).instruction(names, form=" of Form 1040")
        why = self.not_filled(key, len(names))
        return f"{text} ({why})" if why else text


class YearParams(_Frozen):
    """The figures of one tax year.  Keys are the same every year."""

    tax_year: int
    #: Which year's form layout (PDF field maps) applies: the IRS publishes a
    #: year's forms late, so a new year may use the previous layout.
    layout_year: int
    #: True for a year whose figures the IRS has not published yet (copied from the
    #: last published year, ``verified = false``): the planner indexes such a year
    #: from the last published one and marks it as an estimate.
    estimate: bool = False
    ira: IraLimits
    qcd: QcdLimits
    #: The HSA limits (years with data only): the largest an HSA funding distribution can be.
    hsa: HsaLimits | None = None
    #: Present in a year no required minimum distribution is required (2020); absent in
    #: every year RMDs are required.
    rmd_waiver: RmdWaiver | None = None
    #: Present in a year whose distributions may be coronavirus-related (2020).
    coronavirus_related_distributions: CoronavirusRelatedDistributions | None = None
    standard_deduction: ByStatus
    additional_standard_deduction: AdditionalStandardDeduction
    brackets: Brackets
    #: Form 1040 line 16: where the Tax Table stops and how its rows are cut.
    tax_table: TaxTable
    ira_deduction_phaseout: IraDeductionPhaseout
    roth_phaseout: RothPhaseout
    #: Form 5329 Part I: rates and the line 2 exception numbers.
    f5329: F5329Params
    #: How the line 4c/5c items are reported on the ``layout_year`` Form 1040.
    f1040_reporting: F1040Reporting
