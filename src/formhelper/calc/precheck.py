"""Before December 31: project this year's Form 8606 and Form 1040 lines 4a/4b of a
planned backdoor Roth or conversion, name what makes it taxable, and project the
remedies that can still be done this year.

Pure: a case (what happened so far and the December 31 balances expected) plus the
conversions still planned -> scenarios, each a :class:`formhelper.calc.ReturnResult`
from :func:`formhelper.calc.compute_return`, the same code ``compute`` runs; no
second copy of the pro-rata rule lives here.  Words are in
:mod:`formhelper.render.precheck_text`.

The rules the scenarios rest on:

* The pro-rata rule takes the December 31 value: Form 8606 line 6 is "the value
  of all your traditional, SEP, and SIMPLE IRAs as of December 31 ... plus any
  outstanding rollovers" (Form 8606 instructions, line 6), divided into the basis on
  line 5 with the year's distributions and conversions added back (lines 7-10).
  So money that reaches a traditional, SEP or SIMPLE IRA later in the year (a
  rollover from a 401(k), an employer's SEP contribution) makes a conversion done
  earlier taxable, and a conversion cannot be undone: "a conversion ... made after
  2017 can't be recharacterized" (Pub. 590-A, "Recharacterizations").
* Each spouse's IRAs are apart: "If married, file a separate form for each spouse"
  (Form 8606 instructions), and line 6 is "your" IRAs only.
* Rolling IRA money into an employer plan: "you can roll over tax free a
  distribution from your traditional IRA into a qualified plan ... The part of the
  distribution that you can roll over is the part that would otherwise be taxable";
  "Qualified plans may, but aren't required to, accept such rollovers"; and "a
  special rule treats a distribution you roll over into an eligible retirement plan
  as including only otherwise taxable amounts if the amount you either leave in your
  IRAs or do not roll over is at least equal to your basis" (Pub. 590-A, "Rollover
  From Traditional IRAs Into an Eligible Retirement Plan Other Than an IRA"; IRC
  408(d)(3)(H)).  The rollover is not a line 7 distribution ("Do not include
  rollovers", Form 8606 line 7) and what was rolled is gone from line 6.
* Last year's basis: line 2 is last year's line 14 (Total Basis Chart); a
  contribution for last year made January 1 - April 15 of this year is on last
  year's lines 1 and 4 and in its line 14 (Form 8606 instructions, lines 1, 4, 14).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from formhelper.calc import ReturnResult, compute_return
from formhelper.calc.ages import reached
from formhelper.calc.basis import window_ends
from formhelper.calc.deadlines import contribution_deadline, year_end
from formhelper.calc.f8606 import F8606Lines
from formhelper.models import CaseFile, Disposition, Form1099R, Owner, Person
from formhelper.money import ZERO, clamp0
from formhelper.years.params import YearParams

#: Payer names of the Forms 1099-R that stand for conversions not reported yet.
PLANNED_PAYER = "Planned conversion (precheck)"
DONE_PAYER = "Conversion made this year (precheck)"


class PrecheckError(ValueError):
    """A situation precheck does not support, named."""


@dataclass(frozen=True)
class Details:
    """What one person's December 31 value holds, to name what makes a conversion
    taxable.  ``sep``, ``simple`` and ``rolled_in`` are parts of the year-end value."""

    sep: Decimal = ZERO
    simple: Decimal = ZERO
    #: Money rolled into a traditional IRA this year (from a 401(k), 403(b) ...).
    rolled_in: Decimal = ZERO
    #: A contribution for last year made January 1 - April 15 of this year: on last
    #: year's Form 8606 lines 1 and 4, so part of last year's line 14 (this line 2).
    last_year_contribution: Decimal = ZERO
    #: Whether line 2 (last year's line 14) was given; ``False``: taken as 0.
    basis_given: bool = True


@dataclass(frozen=True)
class PrecheckInput:
    #: What happened so far this year, with the December 31 values expected after
    #: the planned moves (``ira.year_end_value``).
    case: CaseFile
    #: Conversions still planned before December 31, per person.
    planned: dict[Owner, Decimal] = field(default_factory=dict)
    details: dict[Owner, Details] = field(default_factory=dict)
    #: Years of earlier conversions and plan rollovers to Roth IRAs (a basis record),
    #: besides the case's own Roth layers: their 5-year windows.
    layer_years: dict[Owner, tuple[int, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Move:
    """One thing to do: ``convert``, ``roll_to_plan`` or ``skip_conversion``."""

    kind: str
    owner: Owner
    amount: Decimal


@dataclass(frozen=True)
class Scenario:
    """A way the year can end, with its projected return."""

    #: ``as_planned``, ``roll_to_plan``, ``convert_all`` or ``do_nothing``.
    id: str
    owner: Owner | None
    moves: tuple[Move, ...]
    #: The day the moves must be done by (``None``: nothing to do).
    by: date | None
    result: ReturnResult

    @property
    def taxable(self) -> Decimal:
        """Form 1040 line 4b (0 when blank)."""
        return self.result.f1040.line_4b or ZERO


@dataclass(frozen=True)
class Spoiler:
    """Something that makes the conversion taxable, or that does not (the spouse's IRAs).

    ``cost``: how much lower Form 1040 line 4b would be without it (``None`` when it
    is not one amount that could be taken away).
    """

    #: ``sep``, ``simple``, ``rolled_in``, ``other_ira``, ``outstanding_rollover``,
    #: ``basis_short``, ``basis_not_given``, ``year_end_decides``, ``spouse_apart``.
    id: str
    owner: Owner
    amount: Decimal
    cost: Decimal | None


@dataclass(frozen=True)
class KeyDate:
    #: ``year_end``, ``contribution_deadline`` or ``window_ends``.
    id: str
    day: date
    owner: Owner | None = None
    #: For ``window_ends``: the year of the conversion or plan rollover.
    year: int | None = None


@dataclass(frozen=True)
class Precheck:
    tax_year: int
    planned: Scenario
    spoilers: tuple[Spoiler, ...]
    remedies: tuple[Scenario, ...]
    dates: tuple[KeyDate, ...]


def conversion_form(case: CaseFile, owner: Owner, amount: Decimal, payer: str) -> Form1099R:
    """The Form 1099-R a conversion will bring: box 1 and box 2a the amount, box 2b
    "taxable amount not determined", the IRA/SEP/SIMPLE box, code 2 under 59½ and
    code 7 from 59½ (Instructions for Forms 1099-R and 5498, box 7: "Use Code 2 ...
    for a Roth IRA conversion ... if the participant is under age 59½"; code 7
    otherwise), and all of it converted (Form 5498 box 3)."""
    person = _person(case, owner)
    code = "7" if reached(person.date_of_birth, 59, 6, year_end(case.tax_year)) else "2"
    return Form1099R(
        owner=owner, payer=payer, box_1=amount, box_2a=amount,
        box_2b_taxable_not_determined=True, box_7=code, ira_sep_simple=True,
        disposition=Disposition(converted_to_roth_ira=amount),
    )


def _person(case: CaseFile, owner: Owner) -> Person:
    people = dict(case.people())
    if owner not in people:
        raise PrecheckError(f"{owner.value}: the spouse's IRAs are on this return only when "
                            "married filing jointly and the spouse is described")
    return people[owner]


def year_end_value(case: CaseFile, owner: Owner) -> Decimal:
    return _person(case, owner).ira.year_end_value or ZERO


def changed(
    case: CaseFile,
    owner: Owner,
    *,
    convert: Decimal = ZERO,
    year_end_change: Decimal = ZERO,
    outstanding_change: Decimal = ZERO,
    prior_basis: Decimal | None = None,
    payer: str = PLANNED_PAYER,
) -> CaseFile:
    """``case`` with one person's moves: a conversion added (a Form 1099-R), the
    December 31 value and outstanding rollovers changed, or line 2 replaced."""
    person = _person(case, owner)
    ira = person.ira
    update: dict[str, object] = {}
    if year_end_change:
        value = (ira.year_end_value or ZERO) + year_end_change
        if value < 0:
            raise PrecheckError(f"{owner.value}: the December 31 value would be below zero")
        update["year_end_value"] = value
    if outstanding_change:
        update["outstanding_rollovers"] = clamp0(ira.outstanding_rollovers + outstanding_change)
    if prior_basis is not None:
        update["prior_basis"] = prior_basis
    new_person = person.model_copy(update={"ira": ira.model_copy(update=update)})
    forms = list(case.forms_1099r)
    if convert > 0:
        forms.append(conversion_form(case, owner, convert, payer))
    return case.model_copy(update={owner.value: new_person, "forms_1099r": forms})


def rollable(lines: F8606Lines, value: Decimal) -> Decimal:
    """How much of the December 31 value ``value`` can roll into an employer plan: what
    leaves the basis behind (Pub. 590-A: what you "leave in your IRAs or do not roll
    over is at least equal to your basis").  With Part I, the basis in the year is line
    5 and everything that was in the IRAs during the year is line 9 (the year-end value
    and outstanding rollovers, the distributions, the conversions); without Part I
    there is no basis."""
    if lines.line_9 is not None and lines.line_5 is not None:
        return min(value, clamp0(lines.line_9 - lines.line_5))
    if lines.line_3 is None:
        return value
    return clamp0(value - (lines.line_3 - (lines.line_4 or ZERO)))


def _taxable(result: ReturnResult) -> Decimal:
    return result.f1040.line_4b or ZERO


def _conversion_taxable(lines: F8606Lines) -> Decimal:
    """Form 8606 lines 15c and 18: the taxable part of the traditional IRA money."""
    return clamp0(lines.line_15c or ZERO) + clamp0(lines.line_18 or ZERO)


def compute(inp: PrecheckInput, params: YearParams) -> Precheck:
    """The planned year, what spoils it, and the remedies, each projected."""
    case = inp.case
    planned_case = case
    for owner, amount in inp.planned.items():
        if amount > 0:
            planned_case = changed(planned_case, owner, convert=amount)
    base = compute_return(planned_case, params)
    # Before December 31 the Form 1099-R of a planned outstanding rollover does not exist
    # yet: that its amount is not on a form is expected here, not an input error.
    base = base.model_copy(update={"findings": tuple(
        f for f in base.findings if f.id != "outstanding-rollover-not-rolled-over")})
    planned = Scenario("as_planned", None, tuple(
        Move("convert", owner, amount) for owner, amount in inp.planned.items() if amount > 0
    ), year_end(case.tax_year), base)
    spoilers: list[Spoiler] = []
    remedies: list[Scenario] = []
    people = planned_case.people()
    for owner, person in people:
        lines = base.f8606[owner]
        if lines.worksheet_1_1 is not None:
            raise PrecheckError(
                f"{owner.value}: deductible and nondeductible contributions with a "
                "distribution or conversion (Pub. 590-B Worksheet 1-1) are not supported "
                "by precheck; use compute with a case file")
        details = inp.details.get(owner, Details())
        if details.sep + details.simple + details.rolled_in > (person.ira.year_end_value or ZERO):
            raise PrecheckError(
                f"{owner.value}: the SEP, SIMPLE and rolled-in parts add up to more than the "
                "December 31 value of all traditional, SEP and SIMPLE IRAs (they are parts "
                "of it)")
        spoilers += _basis_spoilers(planned_case, owner, person, details, base, params)
        if _conversion_taxable(lines) <= 0:
            continue
        found = _value_spoilers(planned_case, owner, person, details, lines, base, params)
        spoilers += found
        for other, other_person in people:
            if other != owner and (other_person.ira.year_end_value or ZERO) > 0:
                # Form 8606: "file a separate form for each spouse"; line 6 is your IRAs.
                spoilers.append(Spoiler("spouse_apart", owner,
                                        other_person.ira.year_end_value or ZERO, ZERO))
        if any(s.cost is not None and s.cost > 0 for s in found):
            # Without basis the conversion is taxable by design: nothing to remedy.
            remedies += _remedies(case, planned_case, inp, owner, lines, params)
    return Precheck(case.tax_year, planned, tuple(spoilers), tuple(remedies),
                    _dates(planned_case, base, inp))


def _basis_spoilers(case: CaseFile, owner: Owner, person: Person, details: Details,
                    base: ReturnResult, params: YearParams) -> list[Spoiler]:
    out: list[Spoiler] = []
    basis = person.ira.prior_basis
    if details.last_year_contribution > basis:
        # Last year's line 14 holds at least last year's line 4 (line 14 = line 3 -
        # line 13, and line 13 is at most line 5 = line 3 - line 4).
        fixed = compute_return(changed(case, owner, prior_basis=details.last_year_contribution),
                               params)
        out.append(Spoiler("basis_short", owner, details.last_year_contribution - basis,
                           _taxable(base) - _taxable(fixed)))
    elif not details.basis_given:
        out.append(Spoiler("basis_not_given", owner, ZERO, None))
    return out


def _value_spoilers(case: CaseFile, owner: Owner, person: Person, details: Details,
                    lines: F8606Lines, base: ReturnResult, params: YearParams) -> list[Spoiler]:
    """The parts of line 6 that make the conversion taxable, each with what line 4b
    would lose without it (the same Form 8606, computed again)."""
    out: list[Spoiler] = []
    value = person.ira.year_end_value or ZERO

    def cost(year_end_change: Decimal = ZERO, outstanding_change: Decimal = ZERO) -> Decimal:
        other_case = changed(case, owner, year_end_change=year_end_change,
                             outstanding_change=outstanding_change)
        return _taxable(base) - _taxable(compute_return(other_case, params))

    other = value - details.sep - details.simple - details.rolled_in
    for spoiler_id, amount in (("sep", details.sep), ("simple", details.simple),
                               ("rolled_in", details.rolled_in), ("other_ira", other)):
        if amount > 0:
            saved = cost(year_end_change=-amount)
            if saved > 0 or spoiler_id != "other_ira":
                out.append(Spoiler(spoiler_id, owner, amount, saved))
    outstanding = person.ira.outstanding_rollovers
    if outstanding > 0:
        out.append(Spoiler("outstanding_rollover", owner, outstanding,
                           cost(outstanding_change=-outstanding)))
    if (lines.line_8 or ZERO) > 0 and value > 0:
        out.append(Spoiler("year_end_decides", owner, value, None))
    return out


def _remedies(case: CaseFile, planned_case: CaseFile, inp: PrecheckInput, owner: Owner,
              lines: F8606Lines, params: YearParams) -> list[Scenario]:
    out: list[Scenario] = []
    end = year_end(case.tax_year)
    value = year_end_value(planned_case, owner)
    rolled = rollable(lines, value)
    if rolled > 0:
        # Roll the pre-tax money into the plan; convert what is left (the basis).
        rest = value - rolled
        moves = [Move("roll_to_plan", owner, rolled)]
        if rest > 0:
            moves.append(Move("convert", owner, rest))
        result = compute_return(changed(planned_case, owner, convert=rest,
                                        year_end_change=-value), params)
        out.append(Scenario("roll_to_plan", owner, tuple(moves), end, result))
    if value > 0:
        result = compute_return(changed(planned_case, owner, convert=value,
                                        year_end_change=-value), params)
        out.append(Scenario("convert_all", owner, (Move("convert", owner, value),), end, result))
    amount = inp.planned.get(owner, ZERO)
    if amount > 0:
        # Without the conversion its money stays in the IRAs on December 31.
        kept = case
        for other, other_amount in inp.planned.items():
            if other != owner and other_amount > 0:
                kept = changed(kept, other, convert=other_amount)
        kept = changed(kept, owner, year_end_change=amount)
        out.append(Scenario("do_nothing", owner, (Move("skip_conversion", owner, amount),),
                            contribution_deadline(case.tax_year),
                            compute_return(kept, params)))
    return out


def _dates(case: CaseFile, base: ReturnResult, inp: PrecheckInput) -> tuple[KeyDate, ...]:
    year = case.tax_year
    out = [KeyDate("year_end", year_end(year)),
           KeyDate("contribution_deadline", contribution_deadline(year))]
    for owner, person in case.people():
        years = {layer.year for layer in person.roth.layers} | set(inp.layer_years.get(owner, ()))
        if (base.f8606[owner].line_16 or ZERO) > 0:
            years.add(year)
        for layer_year in sorted(years):
            ends = window_ends(layer_year)
            if ends.year >= year:
                out.append(KeyDate("window_ends", ends, owner, layer_year))
    return tuple(sorted(out, key=lambda d: (d.day, d.id)))
