"""``formhelper precheck``'s use case: from the options or a case file (and a basis
record) to :func:`formhelper.calc.precheck.compute` with the year's figures.

The options describe this year as planned, one person (and a spouse) at a time;
they become a case whose Forms 1099-R are the conversions already made, with the
planned conversions kept apart so that the "do nothing" remedy can drop them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from formhelper.calc.basis import BasisRecord
from formhelper.calc.precheck import (
    DONE_PAYER,
    Details,
    Precheck,
    PrecheckError,
    PrecheckInput,
    changed,
)
from formhelper.calc.precheck import compute as compute_precheck
from formhelper.files.basis_record import load_record
from formhelper.files.casefile import load_case
from formhelper.files.years import load as load_params
from formhelper.models import CaseFile, FilingStatus, Owner
from formhelper.money import ZERO, typed_amount

__all__ = ["PersonOptions", "PrecheckError", "Prepared", "amount", "from_case", "from_options",
           "read_record"]

#: The largest amount precheck takes: the case file's limit (below a trillion dollars).
MAX_AMOUNT = Decimal("999999999999.99")


def amount(text: str) -> Decimal:
    """An amount as typed ("7000", "$7,000.50"): 0 to 999,999,999,999.99, cents at most;
    ``ValueError`` says what is wrong."""
    value = typed_amount(text)
    if value is None:
        raise ValueError(f"{text!r} is not an amount")
    if value < 0:
        raise ValueError("must not be negative")
    if value > MAX_AMOUNT:
        raise ValueError("must be less than $1,000,000,000,000")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("at most 2 decimal places (cents)")
    return value


@dataclass(frozen=True)
class PersonOptions:
    """One person's options (``--contribution`` ... or ``--spouse-contribution`` ...)."""

    #: Form 8606 line 1: nondeductible contributions for the year.
    contribution: Decimal = ZERO
    #: Form 8606 line 4: the part of line 1 made January 1 - April 15 next year.
    contribution_next_year: Decimal = ZERO
    #: Conversion still planned before December 31.
    convert: Decimal = ZERO
    #: Conversions already made this year.
    converted: Decimal = ZERO
    #: Form 8606 line 6: all traditional, SEP and SIMPLE IRAs expected on December 31.
    year_end_value: Decimal = ZERO
    outstanding_rollovers: Decimal = ZERO
    #: Form 8606 line 2 (last year's line 14); ``None``: not given.
    basis: Decimal | None = None
    sep: Decimal = ZERO
    simple: Decimal = ZERO
    rolled_in: Decimal = ZERO
    last_year_contribution: Decimal = ZERO
    date_of_birth: date | None = None


@dataclass(frozen=True)
class Prepared:
    """What the command renders."""

    case: CaseFile
    precheck: Precheck
    notes: list[str] = field(default_factory=list)
    #: People with SIMPLE IRA money (a remedy note).
    simple: set[Owner] = field(default_factory=set)


def placeholder_birth(tax_year: int) -> date:
    """A date of birth when none is given: 40 at the end of the year (under 50 and under
    59½; the output says so)."""
    return date(tax_year - 40, 1, 1)


def _person_data(name: str, o: PersonOptions, tax_year: int, prior: Any) -> dict[str, Any]:
    basis = o.basis
    if basis is None and prior is not None:
        basis = prior.traditional_ira_basis
    born = o.date_of_birth or (prior.date_of_birth if prior is not None else None)
    return {
        "name": name,
        "date_of_birth": (born or placeholder_birth(tax_year)).isoformat(),
        "ira": {
            "nondeductible_contributions": o.contribution,
            "contributions_made_next_year": o.contribution_next_year,
            "prior_basis": basis or ZERO,
            "year_end_value": o.year_end_value,
            "outstanding_rollovers": o.outstanding_rollovers,
        },
    }


def from_options(
    tax_year: int,
    filing_status: FilingStatus,
    taxpayer: PersonOptions,
    spouse: PersonOptions | None,
    record: BasisRecord | None = None,
) -> Prepared:
    """The precheck of this year as the options describe it."""
    people = {Owner.TAXPAYER: taxpayer}
    if spouse is not None:
        people[Owner.SPOUSE] = spouse
    names = {Owner.TAXPAYER: "You", Owner.SPOUSE: "Your spouse"}
    data: dict[str, Any] = {"tax_year": tax_year, "filing_status": filing_status.value}
    priors = {owner: record.person(owner) if record is not None else None for owner in people}
    for owner, options in people.items():
        data[owner.value] = _person_data(names[owner], options, tax_year, priors[owner])
    case = CaseFile.model_validate(data)
    for owner, options in people.items():
        if options.converted > 0:
            case = changed(case, owner, convert=options.converted, payer=DONE_PAYER)
    notes: list[str] = []
    details: dict[Owner, Details] = {}
    for owner, options in people.items():
        prior = priors[owner]
        details[owner] = Details(
            sep=options.sep, simple=options.simple, rolled_in=options.rolled_in,
            last_year_contribution=options.last_year_contribution,
            basis_given=options.basis is not None or prior is not None,
        )
        if options.date_of_birth is None and (prior is None or prior.date_of_birth is None):
            whose = "your" if owner == Owner.TAXPAYER else "your spouse's"
            notes.append(f"No date of birth for {whose} return: taken as under 50 (no catch-up "
                         "contribution in the limit check) and under 59½ (the conversion's "
                         "Form 1099-R code 2).")
    inp = PrecheckInput(
        case=case,
        planned={owner: o.convert for owner, o in people.items() if o.convert > 0},
        details=details,
        layer_years=_layer_years(record),
    )
    return _run(inp, notes, {o for o, opt in people.items() if opt.simple > 0})


def _layer_years(record: BasisRecord | None) -> dict[Owner, tuple[int, ...]]:
    if record is None:
        return {}
    return {p.owner: tuple(layer.year for layer in p.roth_layers) for p in record.people}


def from_case(
    path: Path,
    planned: dict[Owner, Decimal],
    record: BasisRecord | None = None,
    details: dict[Owner, dict[str, Decimal]] | None = None,
) -> Prepared:
    """The precheck of a case file for the current year holding what happened so far
    and today's balances (expected on December 31), plus conversions still planned and
    the parts of the year-end value (``sep``, ``simple``, ``rolled_in``) and of the basis
    (``last_year_contribution``) that name the spoilers.
    Raises :class:`formhelper.files.casefile.CaseFileError`."""
    case = load_case(path)
    parts = details or {}
    inp = PrecheckInput(case=case, planned={o: a for o, a in planned.items() if a > 0},
                        details={o: _details(d) for o, d in parts.items()},
                        layer_years=_layer_years(record))
    return _run(inp, [], {o for o, d in parts.items() if d.get("simple", ZERO) > 0})


def _details(parts: dict[str, Decimal]) -> Details:
    return Details(sep=parts.get("sep", ZERO), simple=parts.get("simple", ZERO),
                   rolled_in=parts.get("rolled_in", ZERO),
                   last_year_contribution=parts.get("last_year_contribution", ZERO))


def _run(inp: PrecheckInput, notes: list[str], simple: set[Owner],
         today: date | None = None) -> Prepared:
    params = load_params(inp.case.tax_year)
    year = inp.case.tax_year
    if (today or date.today()) > date(year, 12, 31):
        notes = [f"December 31, {year} has passed: the remedies can no longer be done for "
                 f"{year}. For the return, use compute with the Forms 1099-R and the "
                 "December 31 values of the Forms 5498.", *notes]
    return Prepared(inp.case, compute_precheck(inp, params), notes, simple)


def read_record(path: Path, tax_year: int) -> BasisRecord:
    """Last year's basis record (JSON or a filled Form 8606 carrying it); raises
    :class:`formhelper.files.basis_record.RecordError`, or ``ValueError`` when it is
    not the record for ``tax_year``."""
    record = load_record(path, form_year=tax_year - 1).record
    if record.for_tax_year != tax_year:
        raise ValueError(f"is the record for {record.for_tax_year}, not {tax_year}")
    return record
