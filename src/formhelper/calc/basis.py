"""The basis record: every basis and 5-year clock a person carries into next year.

Pure: no I/O, no PDF library.  :func:`build_record` turns one computed return
into the record that next year's return starts from; :func:`next_year_case`
turns a record back into next year's case file (as a dict); :func:`ledger`
says, on a date, which amounts could come out of a Roth IRA free of income tax
and of the 10% additional tax under the ordering rules.  Reading and writing
(JSON, the one-page PDF, the attachment in the filled Form 8606) is in
:mod:`formhelper.files.basis_record`.

What is carried, per person (domain-spec §3.2 and E8):

* traditional IRA basis: Form 8606 line 14, next year's line 2 (Total Basis
  Chart in the Form 8606 instructions); with no form this year, last year's;
* Roth IRA contribution basis: next year's line 22 is this year's line 22 less
  this year's line 19 (not below zero), plus later regular contributions
  (Form 8606 instructions, line 22);
* each conversion (Part II, lines 16-18) and each plan rollover to a Roth IRA
  as a layer: the taxable and nontaxable parts still in the Roth IRAs after
  this year's line 23 took from them, oldest first, taxable part first
  (Pub. 590-B, "Ordering Rules for Distributions"), with the last day of its
  5-year recapture window (IRC 408A(d)(3)(F): January 1 of the conversion
  year plus five years, so December 31 of year + 4);
* the first year any Roth IRA was funded (the qualified-distribution clock,
  IRC 408A(d)(2)(B)) and the first year of designated Roth contributions
  (Form 1099-R box 11);
* the Forms 8606 behind it (lines 1, 2, 13, 14, 16-18, 19-25c by year).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from formhelper.calc import ReturnResult, roth
from formhelper.calc.f8606 import F8606Lines
from formhelper.calc.roth import Layer, LedgerSlice
from formhelper.models import CaseFile, FilingStatus, Owner, Person, RothLayerKind
from formhelper.models.types import AsciiAmount
from formhelper.money import ZERO, fmt_dollars

#: The value of ``format`` in every record; a file without it is not a record.
RECORD_FORMAT: Final = "formhelper-basis-record"
RECORD_VERSION: Final = 1


def _number(amount: Decimal) -> int | float:
    """Whole dollars as a JSON integer; an amount with cents as a number with cents."""
    if amount == amount.to_integral_value():
        return int(amount)
    return float(amount)


#: Every amount in a record is 0 or more (no Form 8606 line, basis or layer is
#: negative), finite, and, when given as text, written with the digits 0-9.
Amount = Annotated[
    Decimal,
    Field(ge=0, lt=Decimal("1e12"), decimal_places=2, allow_inf_nan=False),
    AsciiAmount,
    PlainSerializer(_number, return_type=Any, when_used="json"),
]
#: A Form 8606 line as filed (blank is ``None``); no line of the form is negative.
LineAmount = Annotated[
    Annotated[Decimal, Field(ge=0, allow_inf_nan=False), AsciiAmount] | None,
    PlainSerializer(lambda v: None if v is None else _number(v), return_type=Any,
                    when_used="json"),
]
RecordYear = Annotated[int, Field(ge=1974, le=2100)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Form8606Facts(_Frozen):
    """The lines of one filed Form 8606 that later years depend on.

    Line 1 (nondeductible contributions) and line 2 (basis brought in) show how
    the basis was built; line 13 (nontaxable part of distributions and
    conversions) what was used; line 14 the basis carried out (Total Basis
    Chart).  Lines 16-18 are the year's conversion layer; lines 19-25c the
    year's nonqualified Roth IRA distributions (the line 22 and line 24 charts
    of the next year start from them).
    """

    year: RecordYear
    line_1: LineAmount = None
    line_2: LineAmount = None
    line_13: LineAmount = None
    line_14: LineAmount = None
    line_16: LineAmount = None
    line_17: LineAmount = None
    line_18: LineAmount = None
    line_19: LineAmount = None
    line_20: LineAmount = None
    line_21: LineAmount = None
    line_22: LineAmount = None
    line_23: LineAmount = None
    line_24: LineAmount = None
    line_25a: LineAmount = None
    line_25b: LineAmount = None
    line_25c: LineAmount = None
    #: Where the figures came from: ``formhelper`` (computed), ``pdf`` (read
    #: from a filled Form 8606) or ``entered``.
    source: Literal["formhelper", "pdf", "entered"] = "formhelper"

    def filled(self) -> dict[str, Decimal]:
        """The lines that hold a value, by name."""
        return {k: v for k, v in self.__dict__.items() if k.startswith("line_") and v is not None}


class RothLayerRecord(_Frozen):
    """A conversion (Form 8606 lines 16-18) or a plan rollover to a Roth IRA, still there.

    ``taxable`` and ``nontaxable`` are what remains at the end of the record's
    year; ``taxable_taken`` and ``nontaxable_taken`` what that year's Roth IRA
    distributions took from it (Form 8606 line 23 under the ordering rules).
    """

    year: RecordYear
    kind: RothLayerKind = RothLayerKind.CONVERSION
    taxable: Amount = ZERO
    nontaxable: Amount = ZERO
    taxable_taken: Amount = ZERO
    nontaxable_taken: Amount = ZERO
    #: Last day of the 5-year recapture window: December 31 of year + 4.
    window_ends: date

    @property
    def remaining(self) -> Decimal:
        return self.taxable + self.nontaxable


class PersonRecord(_Frozen):
    """One person's basis and clocks at the end of the record's year."""

    owner: Owner
    name: str
    date_of_birth: date | None = None
    #: Form 8606 line 14 of the record's year (next year's line 2).
    traditional_ira_basis: Amount = ZERO
    #: The year of the Form 8606 whose line 14 that is; ``None`` when it was
    #: carried without a form and the earlier year is not known.
    traditional_ira_basis_year: RecordYear | None = None
    #: Regular Roth IRA contributions less what Roth distributions took (line 22).
    roth_contribution_basis: Amount = ZERO
    roth_layers: list[RothLayerRecord] = Field(default_factory=list)
    #: First year any Roth IRA was funded: the qualified-distribution clock.
    roth_first_contribution_year: RecordYear | None = None
    #: First year of designated Roth account contributions (Form 1099-R box 11).
    designated_roth_first_year: RecordYear | None = None
    #: Qualified first-time homebuyer distributions so far (line 20's $10,000 limit).
    prior_first_time_homebuyer: Amount = ZERO
    history: list[Form8606Facts] = Field(default_factory=list)

    @property
    def roth_conversion_basis(self) -> Decimal:
        """Next year's Form 8606 line 24 before next year's own conversions."""
        return sum((layer.remaining for layer in self.roth_layers), ZERO)

    def facts(self, year: int) -> Form8606Facts | None:
        return next((h for h in self.history if h.year == year), None)


class BasisRecord(_Frozen):
    """``basis-<year>.json``: what the return of ``tax_year`` carries to ``for_tax_year``."""

    format: Literal["formhelper-basis-record"] = RECORD_FORMAT
    version: Literal[1] = RECORD_VERSION
    tax_year: RecordYear
    for_tax_year: RecordYear
    filing_status: FilingStatus
    people: list[PersonRecord]

    def person(self, owner: Owner) -> PersonRecord | None:
        return next((p for p in self.people if p.owner == owner), None)


def window_ends(year: int) -> date:
    """Last day of a conversion's 5-year recapture window (:mod:`formhelper.calc.roth`)."""
    return roth.recapture_window_ends(year)


_HISTORY_LINES = ("line_1", "line_2", "line_13", "line_14", "line_16", "line_17", "line_18",
                  "line_19", "line_20", "line_21", "line_22", "line_23", "line_24", "line_25a",
                  "line_25b", "line_25c")


def facts_of(year: int, lines: F8606Lines) -> Form8606Facts:
    """The history entry for one computed Form 8606."""
    values = lines.lines()
    return Form8606Facts(year=year, **{k: values[k] for k in _HISTORY_LINES})


def _designated_roth_year(case: CaseFile, owner: Owner, prior: int | None) -> int | None:
    years = [form.box_11 for _i, form in case.forms_of(owner) if form.box_11 is not None]
    if prior is not None:
        years.append(prior)
    return min(years) if years else None


def person_record(case: CaseFile, owner: Owner, person: Person, lines: F8606Lines,
                  prior: PersonRecord | None = None,
                  homebuyer_09: Decimal = ZERO) -> PersonRecord:
    """One person's record at the end of ``case.tax_year``.

    ``prior`` is the same person's record of last year, for the history and
    the clocks the case file does not hold; ``homebuyer_09`` the first-time homebuyer
    distributions of Form 5329 exception 09 this year (beyond Form 8606 line 20).
    """
    year = case.tax_year
    # Line 22 chart: next year's basis is this year's line 22 less line 19 (not below zero)
    # plus later contributions (Form 8606 lines).
    contribution_basis = lines.roth_contribution_basis_carried
    # Line 20 (the distributions it made qualified, not more than line 19) and exception
    # 09 on Form 5329 count toward the $10,000 lifetime limit (IRC 72(t)(8)(B)).
    homebuyer = (person.roth.prior_first_time_homebuyer
                 + min(lines.line_20 or ZERO, lines.line_19 or ZERO) + homebuyer_09)
    if prior is not None:
        homebuyer = max(homebuyer, prior.prior_first_time_homebuyer)
    # The first year any Roth IRA was funded is a fact only the person knows: a Roth IRA
    # funded this year may not be the first (Pub. 590-B, "Qualified distributions": the
    # 5-year period begins with the first year a contribution was made to any Roth IRA).
    # Carried when given (this year, or last year's record), never inferred.
    first_roth = person.roth.first_contribution_year
    if prior is not None and prior.roth_first_contribution_year is not None:
        first_roth = min(first_roth or prior.roth_first_contribution_year,
                         prior.roth_first_contribution_year)
    if lines.line_14 is not None:
        basis_year: int | None = year
    elif prior is not None and prior.traditional_ira_basis == person.ira.prior_basis:
        basis_year = prior.traditional_ira_basis_year
    else:
        basis_year = None
    history = [h for h in (prior.history if prior is not None else []) if h.year < year]
    if lines.required:
        history.append(facts_of(year, lines))
    return PersonRecord(
        owner=owner,
        name=person.name,
        date_of_birth=person.date_of_birth,
        traditional_ira_basis=lines.basis_carried,
        traditional_ira_basis_year=basis_year,
        roth_contribution_basis=contribution_basis,
        roth_layers=[
            RothLayerRecord(year=lay.year, kind=lay.kind, taxable=lay.taxable,
                            nontaxable=lay.nontaxable, taxable_taken=lay.taxable_taken,
                            nontaxable_taken=lay.nontaxable_taken,
                            window_ends=window_ends(lay.year))
            # Earlier years' layers (the case file's, net of earlier distributions), this
            # year's conversion (Part II) and plan rollovers, one per year, less what this
            # year's line 23 took (Form 8606 line 24 chart; Pub. 590-B ordering rules).
            for lay in lines.roth_layers_carried
            if lay.taxable + lay.nontaxable + lay.taxable_taken + lay.nontaxable_taken > 0
        ],
        roth_first_contribution_year=first_roth,
        designated_roth_first_year=_designated_roth_year(
            case, owner, prior.designated_roth_first_year if prior is not None else None),
        prior_first_time_homebuyer=homebuyer,
        history=history,
    )


def build_record(case: CaseFile, result: ReturnResult,
                 prior: BasisRecord | None = None) -> BasisRecord:
    """The basis record of a computed return (``prior``: last year's record, if known)."""
    people = []
    for owner, person in case.people():
        lines = result.f8606[owner]
        before = prior.person(owner) if prior is not None else None
        lines_5329 = result.f5329.get(owner)
        people.append(person_record(
            case, owner, person, lines, before,
            lines_5329.first_time_homebuyer if lines_5329 is not None else ZERO))
    return BasisRecord(tax_year=case.tax_year, for_tax_year=case.tax_year + 1,
                       filing_status=case.filing_status, people=people)


def prior_mismatches(case: CaseFile, prior: BasisRecord) -> list[str]:
    """Where the case's starting figures differ from last year's record."""
    notes: list[str] = []
    if prior.for_tax_year != case.tax_year:
        notes.append(f"the basis record is for tax year {prior.for_tax_year}, the case for "
                     f"{case.tax_year}")
        return notes
    for owner, person in case.people():
        rec = prior.person(owner)
        if rec is None:
            continue
        if person.ira.prior_basis != rec.traditional_ira_basis:
            notes.append(
                f"{owner.value}.ira.prior_basis is {fmt_dollars(person.ira.prior_basis)}, last "
                f"year's record carries {fmt_dollars(rec.traditional_ira_basis)} (Form 8606 "
                "line 2 is last year's line 14)")
        if person.roth.contribution_basis != rec.roth_contribution_basis:
            notes.append(
                f"{owner.value}.roth.contribution_basis is "
                f"{fmt_dollars(person.roth.contribution_basis)}, last year's record carries "
                f"{fmt_dollars(rec.roth_contribution_basis)}")
        carried = sum((lay.taxable + lay.nontaxable for lay in person.roth.layers), ZERO)
        if carried != rec.roth_conversion_basis:
            notes.append(
                f"{owner.value}.roth.layers add up to {fmt_dollars(carried)}, last year's "
                f"record carries {fmt_dollars(rec.roth_conversion_basis)}")
    return notes


# ------------------------------------------------------------------ next year's case


def _amount(value: Decimal) -> int | str:
    """A case-file amount: an integer when whole, else the decimal text."""
    return int(value) if value == value.to_integral_value() else str(value)


def person_case(rec: PersonRecord, date_of_birth: date | None = None) -> dict[str, Any]:
    """The case-file ``taxpayer``/``spouse`` table that starts from ``rec``."""
    born = date_of_birth or rec.date_of_birth
    if born is None:
        raise ValueError(f"{rec.owner.value}: the date of birth is not known")
    ira: dict[str, Any] = {"prior_basis": _amount(rec.traditional_ira_basis)}
    roth: dict[str, Any] = {}
    if rec.roth_first_contribution_year is not None:
        roth["first_contribution_year"] = rec.roth_first_contribution_year
    if rec.roth_contribution_basis > 0:
        roth["contribution_basis"] = _amount(rec.roth_contribution_basis)
    if rec.prior_first_time_homebuyer > 0:
        roth["prior_first_time_homebuyer"] = _amount(rec.prior_first_time_homebuyer)
    layers = [
        {"year": lay.year, "kind": lay.kind.value, "taxable": _amount(lay.taxable),
         "nontaxable": _amount(lay.nontaxable)}
        for lay in rec.roth_layers if lay.remaining > 0
    ]
    if layers:
        roth["layers"] = layers
    out: dict[str, Any] = {"name": rec.name, "date_of_birth": born, "ira": ira}
    if roth:
        out["roth"] = roth
    return out


def next_year_case(record: BasisRecord, *, date_of_birth: date | None = None) -> dict[str, Any]:
    """Next year's case file (as a dict, ready for ``parse_case``) from ``record``.

    Form 8606 line 2 is the record's line 14; the Roth history is what the
    ordering rules left.  Forms 1099-R and this year's contributions are for the
    user to add.
    """
    case: dict[str, Any] = {"schema_version": 1, "tax_year": record.for_tax_year,
                            "filing_status": record.filing_status.value}
    for rec in record.people:
        case[rec.owner.value] = person_case(
            rec, date_of_birth if rec.owner == Owner.TAXPAYER else None)
    case["forms_1099r"] = []
    return case


# ------------------------------------------------------------------ the ledger


def ledger(rec: PersonRecord, as_of: date) -> list[LedgerSlice]:
    """The ordering rules on ``as_of`` for one person's record (:func:`roth.ledger`)."""
    layers = [Layer(lay.year, lay.kind, lay.taxable, lay.nontaxable) for lay in rec.roth_layers]
    return roth.ledger(rec.roth_contribution_basis, layers, rec.roth_first_contribution_year,
                       rec.date_of_birth, as_of)


# ------------------------------------------------------------------ missing Forms 8606


def history_gaps(rec: PersonRecord, tax_year: int, prior_basis: Decimal | None = None
                 ) -> list[str]:
    """Where the basis cannot be traced to a filed Form 8606 in the history.

    Each Form 8606 line 2 is line 14 of the last Form 8606 filed before it
    (Total Basis Chart).  A line 2 with no earlier form in the history, or
    different from it, is either a form not in the record or a nondeductible
    contribution for a year without a Form 8606 (domain-spec E9).
    """
    notes: list[str] = []
    entries = sorted(rec.history, key=lambda h: h.year)
    checks: list[tuple[int, Decimal]] = [
        (h.year, h.line_2) for h in entries if h.line_2 is not None and h.line_2 > 0]
    if prior_basis is not None and prior_basis > 0 and not any(
            h.year == tax_year for h in entries):
        checks.append((tax_year, prior_basis))
    for year, line_2 in checks:
        before = [h for h in entries if h.year < year and h.line_14 is not None]
        if not before:
            notes.append(
                f"The {year} Form 8606 line 2 ({fmt_dollars(line_2)}) should be line 14 of "
                f"your last Form 8606 before {year}, which is not in this record. Keep that "
                "form. If part of the basis is a nondeductible contribution for a year you "
                "filed no Form 8606 for, see `formhelper basis show --missing-8606 YEAR "
                "AMOUNT`.")
            continue
        last = before[-1]
        assert last.line_14 is not None
        if last.line_14 != line_2:
            notes.append(
                f"The {year} Form 8606 line 2 ({fmt_dollars(line_2)}) is not the {last.year} "
                f"line 14 ({fmt_dollars(last.line_14)}). If the difference "
                f"({fmt_dollars(abs(line_2 - last.line_14))}) is a nondeductible contribution "
                "for a year with no Form 8606, file that year's form (`formhelper basis show "
                "--missing-8606 YEAR AMOUNT`); otherwise correct line 2.")
    return notes


def missing_8606(rec: PersonRecord, year: int, amount: Decimal) -> list[str]:
    """What to do about a nondeductible contribution of ``amount`` for ``year`` that was
    never reported on a Form 8606 (Form 8606 instructions, "Who Must File", line 2
    Total Basis Chart; domain-spec E9).  One paragraph per item."""
    before = [h for h in sorted(rec.history, key=lambda h: h.year)
              if h.year < year and h.line_14 is not None]
    basis_before = before[-1].line_14 if before else None
    assert basis_before is None or isinstance(basis_before, Decimal)
    later = [h for h in rec.history if h.year > year]
    took_out = [h.year for h in later if (h.line_13 or ZERO) > 0 or h.line_16 is not None]
    out = [
        f"Without a Form 8606 for {year}, the IRS treats the {fmt_dollars(amount)} as "
        "deductible: every later distribution or conversion of it would be taxed again. "
        f"File Form 8606 for {year} now, by itself (not with an amended return if nothing "
        f"else on that return changes): the {year} form, your name, SSN and address at the "
        "top, signed and dated, mailed to where you would file that year's Form 1040. The "
        "penalty for not filing it is $50, waived for reasonable cause.",
    ]
    if basis_before is None:
        line_2 = ("line 2: line 14 of your last Form 8606 before "
                  f"{year} (0 if you never filed one)")
        line_3 = f"line 3: {fmt_dollars(amount)} plus line 2"
    else:
        line_2 = (f"line 2: {fmt_dollars(basis_before)} (line 14 of your {before[-1].year} "
                  "Form 8606)")
        line_3 = f"line 3: {fmt_dollars(amount + basis_before)}"
    out.append(f"On it: line 1: {fmt_dollars(amount)}; {line_2}; {line_3}. If you took no "
               f"distribution and made no conversion in {year}, line 14 is line 3; otherwise "
               "complete lines 4-13 with that year's figures.")
    out.append(
        "Then rebuild the basis year by year (Total Basis Chart in the Form 8606 "
        "instructions: all nondeductible contributions through the year, less the "
        "nontaxable parts, lines 13, of all earlier distributions and conversions): each "
        f"later Form 8606 line 2 goes up by what the {year} form adds, until a distribution "
        "or conversion uses part of it.")
    if took_out:
        listed = ", ".join(str(y) for y in sorted(took_out))
        out.append(
            f"Your record shows distributions or conversions in {listed}: refigure those "
            "Forms 8606 in order with the higher basis; where the taxable amount drops, amend "
            "with Form 1040-X and the corrected Form 8606 (within the refund time limit).")
    else:
        out.append(
            f"No distribution or conversion after {year} is in the record, so next year's "
            f"line 2 becomes {fmt_dollars(rec.traditional_ira_basis + amount)} "
            f"({fmt_dollars(rec.traditional_ira_basis)} + {fmt_dollars(amount)}).")
    return out
