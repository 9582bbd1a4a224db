"""Rebuilding the traditional IRA basis year by year when Forms 8606 were not filed.

Pure: no I/O.  Each year's Form 8606 is figured by :func:`formhelper.calc.f8606.compute`
(the one statement of the Part I pro-rata rule), and line 14 is carried to the next
year's line 2 ("Total Basis Chart" in the Instructions for Form 8606, line 2: the last
Form 8606 filed for a year after 2000, line 14).

Who had to file (Instructions for Form 8606, "Who Must File"): a year with nondeductible
contributions to a traditional IRA, a year with distributions from traditional IRAs
while there was basis, and a year with a conversion to a Roth IRA.  A year that needed a
Form 8606 and has none on record is *missing*: without it, "all of the contributions to
your traditional IRA will be treated as deductible" and later distributions are taxed
in full (Pub. 590-A, "Failure to report nondeductible contributions").

A missing year is filed late, by itself, when nothing on that year's return changes,
and with Form 1040-X when the rebuilt basis lowers a taxable amount already reported
(Instructions for Form 8606, "Amending Form 8606", 2010 wording: "complete a new Form
8606 showing the revised information and file it with Form 1040X").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from formhelper.calc.f8606 import F8606Inputs, F8606Lines, compute
from formhelper.calc.findings import Finding
from formhelper.models.types import AsciiAmount, social_security_number
from formhelper.money import ZERO, whole_dollars

Amount = Annotated[
    Decimal,
    Field(ge=0, lt=Decimal("1e12"), decimal_places=2, allow_inf_nan=False),
    AsciiAmount,
]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contribution(_Frozen):
    """One nondeductible contribution to a traditional IRA for the year (Form 5498 box 1,
    or the bank record): the amount and the day it was made."""

    amount: Amount
    made: date


class HistoryYear(_Frozen):
    """What one person can gather about one year, without any Form 8606."""

    year: int = Field(ge=1987, le=2100)
    #: Form 8606 line 1: nondeductible contributions for the year (those made by the due
    #: date next year included).  Give either this total or ``contributions`` with dates.
    nondeductible_contributions: Amount = ZERO
    #: Form 8606 line 4: the part of line 1 made in the next calendar year.
    contributions_made_next_year: Amount = ZERO
    contributions: tuple[Contribution, ...] = ()
    #: Form 8606 line 7: traditional, SEP and SIMPLE IRA distributions, not counting
    #: rollovers, QCDs, conversions, recharacterizations or returned contributions
    #: (Forms 1099-R).
    distributions: Amount = ZERO
    #: Form 8606 line 8: the net amount converted to Roth IRAs (Forms 1099-R; the Roth
    #: IRA's Form 5498 box 3).
    conversions: Amount = ZERO
    #: Form 8606 line 6: value of all traditional, SEP and SIMPLE IRAs on December 31
    #: (Forms 5498 box 5) plus outstanding rollovers.
    year_end_value: Amount = ZERO
    #: A Form 8606 was filed for this year (with the return or by itself).
    form_8606_filed: bool = False
    #: The taxable amount reported for these distributions and conversions on that
    #: year's Form 1040 (line 4b), when known.
    taxable_reported: Amount | None = None

    @model_validator(mode="after")
    def _contributions(self) -> HistoryYear:
        if self.contributions:
            if self.nondeductible_contributions or self.contributions_made_next_year:
                raise ValueError(
                    f"{self.year}: give the contributions either as a list with dates or as "
                    "nondeductible_contributions, not both")
            for c in self.contributions:
                # A contribution for a year is made in that year or by the return's due
                # date in the next one (Pub. 590-A, "When Can Contributions Be Made?").
                if c.made.year not in (self.year, self.year + 1):
                    raise ValueError(
                        f"{self.year}: a contribution made on {c.made.isoformat()} cannot be "
                        f"for {self.year} (it must be made in {self.year} or by the due date "
                        f"of the {self.year} return in {self.year + 1})")
        elif self.contributions_made_next_year > self.nondeductible_contributions:
            raise ValueError(f"{self.year}: contributions_made_next_year is more than "
                             "nondeductible_contributions (Form 8606 line 4 is part of line 1)")
        return self

    @property
    def line_1(self) -> Decimal:
        if self.contributions:
            return sum((c.amount for c in self.contributions), ZERO)
        return self.nondeductible_contributions

    @property
    def line_4(self) -> Decimal:
        if self.contributions:
            return sum((c.amount for c in self.contributions if c.made.year > self.year), ZERO)
        return self.contributions_made_next_year


class History(_Frozen):
    """One person's years, in any order; each year at most once."""

    name: str = ""
    #: Basis before the first year listed (line 14 of the last Form 8606 before it).
    starting_basis: Amount = ZERO
    years: tuple[HistoryYear, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> History:
        seen = [y.year for y in self.years]
        dupes = sorted({y for y in seen if seen.count(y) > 1})
        if dupes:
            raise ValueError(f"year {dupes[0]} is listed more than once")
        return self


class RebuiltYear(BaseModel):
    """One year of the rebuilt chain."""

    model_config = ConfigDict(frozen=True)

    year: int
    lines: F8606Lines
    #: A Form 8606 was required for the year (Part I or Part II has an entry).
    needed: bool
    filed: bool
    #: Taxable amount of the year's traditional IRA distributions and conversions with
    #: the rebuilt basis: Form 8606 lines 15c + 18 (what goes on Form 1040 line 4b).
    taxable: Decimal
    #: Gross amount of those distributions and conversions (Form 1040 line 4a part).
    gross: Decimal
    taxable_reported: Decimal | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def missing(self) -> bool:
        """Needed and not filed: the late Form 8606 to file."""
        return self.needed and not self.filed

    @property
    def taxable_change(self) -> Decimal | None:
        """How much the rebuilt basis changes the taxable amount reported (negative:
        less tax); ``None`` when what was reported is not known."""
        if self.taxable_reported is None:
            return None
        return self.taxable - whole_dollars(self.taxable_reported)

    @property
    def amend(self) -> bool:
        """The return's taxable amount changes: Form 1040-X with this Form 8606."""
        change = self.taxable_change
        return change is not None and change != 0


def rebuilt(year: int, lines: F8606Lines, *, filed: bool, taxable_reported: Decimal | None,
            findings: Sequence[Finding] = ()) -> RebuiltYear:
    """One year of the chain from its computed Form 8606 lines."""
    # Gross: line 7 plus line 16 (line 16 is line 8 when Part I is completed).
    gross = (lines.line_7 or ZERO) + (lines.line_16 or ZERO)
    return RebuiltYear(
        year=year, lines=lines, needed=lines.required, filed=filed,
        taxable=lines.taxable_to_line_4b, gross=gross, taxable_reported=taxable_reported,
        findings=tuple(findings))


def rebuild_year(item: HistoryYear, prior_basis: Decimal) -> RebuiltYear:
    """One year's Form 8606 from the history and the basis carried into it."""
    lines, findings = compute(F8606Inputs(
        tax_year=item.year,
        nondeductible_contributions=item.line_1,
        contributions_made_next_year=item.line_4,
        prior_basis=prior_basis,
        year_end_value=item.year_end_value,
        distributions=item.distributions,
        conversions=item.conversions,
    ))
    return rebuilt(item.year, lines, filed=item.form_8606_filed,
                   taxable_reported=item.taxable_reported, findings=findings)


def rebuild(history: History) -> tuple[RebuiltYear, ...]:
    """The chain, oldest year first: each year's line 2 is the line 14 carried from the
    year before (Total Basis Chart); a year without a form carries its basis unchanged
    (:attr:`F8606Lines.basis_carried`)."""
    out: list[RebuiltYear] = []
    basis = whole_dollars(history.starting_basis)
    for item in sorted(history.years, key=lambda y: y.year):
        done = rebuild_year(item, basis)
        out.append(done)
        basis = done.lines.basis_carried
    return tuple(out)


def gaps(chain: Sequence[RebuiltYear]) -> list[int]:
    """Years between the first and the last of the chain that the history leaves out.
    A year left out is taken as a year with no contribution, distribution or conversion;
    the report says so."""
    years = [r.year for r in chain]
    return [y for y in range(min(years), max(years) + 1) if y not in years]




class Identity(BaseModel):
    """Who the late forms are for: name, SSN and the address block."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(default="", max_length=100)
    ssn: str | None = None
    home_address: str = Field(default="", max_length=200)
    apartment: str = Field(default="", max_length=20)
    city_state_zip: str = Field(default="", max_length=200)

    @field_validator("ssn")
    @classmethod
    def _ssn(cls, value: str | None) -> str | None:
        return social_security_number(value)


@dataclass(frozen=True)
class Chain:
    """One person's rebuilt years, oldest first."""

    identity: Identity
    years: tuple[RebuiltYear, ...]
    #: Years between the first and the last that no history entry or case file covers.
    gaps: tuple[int, ...] = ()
    #: Where a case file's own figures differ from the rebuilt chain.
    notes: tuple[str, ...] = ()

    @property
    def to_file(self) -> list[RebuiltYear]:
        """The years of the packet: a Form 8606 missing, or a taxable amount that changes."""
        return [r for r in self.years if r.missing or r.amend]

    @property
    def basis_after(self) -> Decimal:
        """Line 14 carried out of the last year (next year's line 2)."""
        return self.years[-1].lines.basis_carried if self.years else ZERO
