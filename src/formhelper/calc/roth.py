"""Roth IRA rules stated once: the ordering rules and the two 5-year clocks.

Every other module asks here: Form 8606 Part III (:mod:`formhelper.calc.f8606`),
the recapture amounts of Form 5329 line 1 (:mod:`formhelper.calc.f5329`), whether a
code T distribution is qualified (:mod:`formhelper.calc`), and the basis record and
its ledger (:mod:`formhelper.calc.basis`).

* Ordering rules (Pub. 590-B, "Ordering Rules for Distributions"; IRC 408A(d)(4);
  Reg. 1.408A-6 Q&A-8): a nonqualified distribution comes out of "1. Regular
  contributions. 2. Conversion and rollover contributions, on a first-in, first-out
  basis (generally, total conversions and rollovers from the earliest year first) ...
  a. Taxable portion (the amount required to be included in gross income because of
  the conversion or rollover) first, and then the b. Nontaxable portion. 3. Earnings
  on contributions."
* The qualified-distribution 5-year period (IRC 408A(d)(2)(B); Pub. 590-B, "What Are
  Qualified Distributions?"): a distribution "made after the 5-year period beginning
  with the first tax year for which a contribution was made to a Roth IRA set up for
  your benefit" (one clock for all Roth IRAs, January 1 of that year).
* The recapture window of each conversion or plan rollover (IRC 408A(d)(3)(F); Form
  5329 line 1 instructions): five years from January 1 of the conversion year, so
  December 31 of the year + 4; within it, the taxable part that a distribution takes
  is subject to the 10% additional tax.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from formhelper.calc.ages import birthday_at
from formhelper.calc.findings import Finding, Severity, path
from formhelper.models import Form1099R, Owner, Person, RothLayerKind
from formhelper.money import ZERO, clamp0

#: The qualified-distribution period and each recapture window run five tax years.
FIVE_YEARS = 5
#: "The aggregate amount of distributions received by an individual which may be
#: treated as qualified first-time homebuyer distributions ... shall not exceed
#: $10,000" (IRC 72(t)(8)(B); not indexed): one lifetime limit for Form 8606 line 20
#: ("Do not enter more than $10,000 reduced by the total of all your prior qualified
#: first-time homebuyer distributions") and Form 5329 exception 09, for all IRAs.
FIRST_TIME_HOMEBUYER_LIFETIME_LIMIT = Decimal(10_000)


# ------------------------------------------------------------------ the two 5-year clocks


def qualified_period_met(first_year: int | None, tax_year: int) -> bool | None:
    """Is every distribution of ``tax_year`` after the qualified-distribution 5-year period?

    The period begins January 1 of ``first_year`` (the first year any Roth IRA was
    funded, by a regular contribution or a conversion) and runs five years, so it is
    met from January 1 of ``first_year + 5`` on.  ``None`` when the first year is not
    known.
    """
    if first_year is None:
        return None
    return tax_year >= first_year + FIVE_YEARS


def period_met(person: Person, tax_year: int) -> bool | None:
    """Is the qualified-distribution 5-year period over for one person in ``tax_year``?

    From the first Roth year the case gives; without it, the oldest conversion or plan
    rollover still in the Roth IRAs (``roth.layers``) bounds it: a conversion funds a Roth
    IRA and starts the period like a regular contribution (Reg. 1.408A-6, Q&A-2,
    paraphrased), so the period began no later than that year and is known to be over when
    five years have passed since.  ``None`` when it cannot be told.
    """
    first = person.roth.first_contribution_year
    if first is not None:
        return qualified_period_met(first, tax_year)
    years = [layer.year for layer in person.roth.layers]
    if years and qualified_period_met(min(years), tax_year):
        return True
    return None


def at_59_half_all_year(born: date, tax_year: int) -> bool:
    """59½ on January 1 of ``tax_year``, so at every distribution of the year (Pub.
    590-B, "Age 59½ Rule": 59½ six calendar months after the 59th birthday)."""
    return birthday_at(born, 59, 6) <= date(tax_year, 1, 1)


def is_qualified(form: Form1099R, person: Person, tax_year: int) -> bool | None:
    """Is a Roth IRA distribution a qualified distribution (not on Form 8606 Part III,
    not taxable)?

    Pub. 590-B, "What Are Qualified Distributions?": "1. It is made after the 5-year
    period beginning with the first tax year for which a contribution was made to a
    Roth IRA set up for your benefit. 2. The payment or distribution is: a. Made on or
    after the date you reach age 59½, b. Made because you are disabled, c. Made to a
    beneficiary or to your estate after your death, or d. One that meets the
    requirements listed under First home" (IRC 408A(d)(2)).  Code Q: the payer knows
    both are met.  Code T: the payer knows an event applies (59½, death or
    disability), not the 5-year period.  Code J: the event must come from the case:
    59½ before the year began (code J says the payer took it as paid before 59½), or
    ``disabled`` on the form.  A first home is judged with Form 8606 line 20, not here.
    ``None``: an event applies but the first Roth year is not known.  Code Q is trusted
    unless the first Roth year given shows the 5-year period is not over.
    """
    codes = set(form.codes)
    if "Q" in codes:
        # The payer's code Q says both conditions are met, but the case's first Roth year
        # can show the 5-year period is not over: then the distribution is not qualified
        # whatever the code (IRC 408A(d)(2)(B)), and :func:`qualification_findings` blocks.
        return period_met(person, tax_year) is not False
    event = ("T" in codes or form.disabled
             or at_59_half_all_year(person.date_of_birth, tax_year))
    if not event:
        return False
    return period_met(person, tax_year)


def designated_roth_qualified(form: Form1099R, person: Person, tax_year: int) -> bool | None:
    """Is a designated Roth account distribution (codes B, H) a qualified distribution?

    IRC 402A(d)(2): made after the 5-taxable-year period that begins with the first year of
    designated Roth contributions (Form 1099-R box 11: "the first year of the 5-tax-year
    period for determining qualified distributions", Instructions for Forms 1099-R) and on
    or after 59½, after death (code 4) or on disability.  ``None`` when it cannot be told:
    box 11 blank, or 59½ reached during the year (the payment date is not known).
    """
    if form.box_11 is None:
        return None
    if tax_year < form.box_11 + FIVE_YEARS:
        return False
    if "4" in form.codes or form.disabled or at_59_half_all_year(person.date_of_birth,
                                                                 tax_year):
        return True
    if birthday_at(person.date_of_birth, 59, 6) <= date(tax_year, 12, 31):
        return None
    return False


def designated_roth_rollover_basis(form: Form1099R, person: Person,
                                   tax_year: int) -> Decimal | None:
    """Roth IRA contribution basis (Form 8606 line 22) from a direct rollover of a
    designated Roth account to a Roth IRA (code H).

    Form 8606 instructions, line 22: "Increase the amount on line 22 by any amount rolled in
    from a designated Roth account that is treated as investment in the contract" (as quoted
    from the IRS text; line 24: "Don't include amounts rolled in from a designated Roth
    ... account because these amounts are included on line 22").  Reg. 1.408A-10, Q&A-3
    (paraphrased, the regulation text was not at hand): the investment in the contract is
    the designated Roth contributions (box 5) of a nonqualified distribution, and the whole
    amount rolled over of a qualified one.  ``None`` when qualification cannot be told.
    """
    qualified = designated_roth_qualified(form, person, tax_year)
    if qualified is None:
        return None
    return clamp0(form.box_1 - form.box_4) if qualified else form.box_5


def qualification_findings(index: int, form: Form1099R, owner: Owner, person: Person,
                           tax_year: int, qualified: bool | None) -> list[Finding]:
    """What the user should know about how :func:`is_qualified` judged one Roth IRA
    distribution."""
    codes = set(form.codes)
    where = path("forms_1099r", index)
    you = "you" if owner == Owner.TAXPAYER else "your spouse"
    first = person.roth.first_contribution_year
    if "Q" in codes and qualified is False and first is not None:
        return [Finding(
            id="roth-q-five-years-not-met", severity=Severity.ERROR, blocking=True,
            field=path(owner.value, "roth", "first_contribution_year"),
            message=(f"{where}: coded Q (qualified distribution), but the first year a Roth "
                     f"IRA of {'yours' if you == 'you' else 'your spouse'} was funded is "
                     f"{first}, so the 5-year period runs until January 1, "
                     f"{first + FIVE_YEARS}: a distribution in {tax_year} cannot be qualified "
                     "(Pub. 590-B, What Are Qualified Distributions?). It is figured as "
                     "nonqualified (Form 8606 Part III), without the 10% additional tax, "
                     "which may apply before 59½. Check the first year (any Roth IRA, "
                     "regular contribution or conversion), or ask the payer for a corrected "
                     "Form 1099-R (code J or T)."),
        )]
    if qualified is None:
        what = ("code T" if "T" in codes
                else f"code J, and {you} {'were disabled' if form.disabled else 'were 59½'}")
        return [Finding(
            id="code-t-first-year-unknown" if "T" in codes else "roth-first-year-unknown",
            field=path(owner.value, "roth", "first_contribution_year"),
            message=(f"{where}: {what}, but the first year a Roth IRA was funded is not "
                     "given; the distribution is treated as nonqualified (Form 8606 Part "
                     "III). Enter the year to check the 5-year period."),
        )]
    if qualified and "J" in codes and first is not None:
        why = (f"{you} were 59½ before {tax_year}"
               if at_59_half_all_year(person.date_of_birth, tax_year)
               else f"{you} were disabled when it was paid")
        return [Finding(
            id="roth-j-qualified", severity=Severity.INFO, field=path(where, "box_7"),
            message=(f"{where}: coded J, but this is a qualified distribution: the 5-year "
                     f"period that began January 1, {first} was over before {tax_year} and "
                     f"{why} (Pub. 590-B, What Are Qualified Distributions?). It is not "
                     "taxable: Form 1040 line 4a only, line 4b 0, no Form 8606 Part III and "
                     "no additional tax. The payer may correct the code to Q."),
        )]
    half = birthday_at(person.date_of_birth, 59, 6)
    if ("J" in codes and not qualified and qualified_period_met(first, tax_year)
            and half.year == tax_year and half > date(tax_year, 1, 1)):
        return [Finding(
            id="roth-j-59-half-during-year", field=path(where, "box_7"),
            message=(f"{where}: coded J, and {you} reached 59½ on {half.isoformat()}. "
                     "Code J says it was paid before that date, so it is taken as "
                     "nonqualified (Form 8606 Part III). If it was paid on or after that "
                     "date it is a qualified distribution (the 5-year period is over): ask "
                     "the payer for a corrected Form 1099-R with code Q."),
        )]
    return []


def qualified_period_ends(first_year: int) -> date:
    """The first day after the qualified-distribution 5-year period."""
    return date(first_year + FIVE_YEARS, 1, 1)


def recapture_last_year(layer_year: int) -> int:
    """The last tax year inside a conversion's or plan rollover's 5-year window."""
    return layer_year + FIVE_YEARS - 1


def recapture_window_ends(layer_year: int) -> date:
    """Last day of a conversion's 5-year window: it starts January 1 of the conversion
    year and runs five years (IRC 408A(d)(3)(F); Form 5329 line 1 instructions)."""
    return date(recapture_last_year(layer_year), 12, 31)


def in_recapture_window(layer_year: int, tax_year: int) -> bool:
    """Is ``tax_year`` within the 5-year window of a conversion or rollover of
    ``layer_year`` ("conversions or rollovers to your Roth IRAs in 2012 through 2016"
    for a 2016 distribution, i5329 2016 line 1)?"""
    return tax_year <= recapture_last_year(layer_year)


# ------------------------------------------------------------------ the ordering rules


@dataclass(frozen=True)
class Layer:
    """A Roth IRA conversion or plan rollover, for the Part III ordering rules."""

    year: int
    kind: RothLayerKind
    taxable: Decimal
    nontaxable: Decimal


class OrderingStep(BaseModel):
    """One slice of a Roth IRA distribution under the ordering rules (Pub. 590-B)."""

    model_config = ConfigDict(frozen=True)

    source: str
    amount: Decimal
    year: int | None = None
    #: True for the part of a conversion or rollover that was taxable when
    #: converted: the part the 5-year recapture rule (IRC 408A(d)(3)(F)) reaches.
    taxable_when_converted: bool = False
    #: Last year of this layer's 5-year window (conversion year + 4).
    window_ends: int | None = None


class CarriedLayer(BaseModel):
    """One year's conversions and plan rollovers still in the Roth IRAs after this
    year's distributions took from them, and what they took."""

    model_config = ConfigDict(frozen=True)

    year: int
    kind: RothLayerKind
    taxable: Decimal
    nontaxable: Decimal
    taxable_taken: Decimal = ZERO
    nontaxable_taken: Decimal = ZERO


def _label(kinds: set[RothLayerKind]) -> str:
    if kinds == {RothLayerKind.CONVERSION}:
        return "conversion"
    if kinds == {RothLayerKind.PLAN_ROLLOVER}:
        return "plan rollover"
    return "conversions and plan rollovers"


def by_year(layers: Sequence[Layer]) -> tuple[tuple[Layer, str], ...]:
    """One layer per year, oldest first, with its label.

    Pub. 590-B, "Aggregation (grouping and adding) rules": "Add all conversion and
    rollover contributions made during the year together" (Reg. 1.408A-6 Q&A-9:
    all conversion contributions received during the same taxable year are
    aggregated).  So the taxable part of all of one year's conversions and plan
    rollovers comes out before any of their nontaxable part.  A year holding both a
    conversion and a plan rollover keeps the kind ``conversion``.
    """
    years: dict[int, list[Layer]] = {}
    for layer in layers:
        years.setdefault(layer.year, []).append(layer)
    out: list[tuple[Layer, str]] = []
    for year in sorted(years):
        group = years[year]
        kinds = {lay.kind for lay in group}
        kind = (RothLayerKind.PLAN_ROLLOVER if kinds == {RothLayerKind.PLAN_ROLLOVER}
                else RothLayerKind.CONVERSION)
        out.append((Layer(year, kind, sum((lay.taxable for lay in group), ZERO),
                          sum((lay.nontaxable for lay in group), ZERO)), _label(kinds)))
    return tuple(out)


def _parts_in_order(layers: Sequence[Layer]) -> Iterator[tuple[Layer, str, bool]]:
    """The conversion and rollover parts in ordering-rule order: each year's
    aggregate (:func:`by_year`), oldest year first, its taxable part before its
    nontaxable part.  Yields (the year's layer, its label, taxable?)."""
    for layer, label in by_year(layers):
        yield layer, label, True
        yield layer, label, False


def roth_ordering(
    amount: Decimal, contribution_basis: Decimal, layers: tuple[Layer, ...]
) -> tuple[OrderingStep, ...]:
    """Split a year's Roth IRA distributions by the ordering rules (Pub. 590-B,
    "Ordering Rules for Distributions"): regular contributions first; then
    conversion and rollover contributions, oldest year first, and within each
    year the part that was taxable before the part that was not; then earnings."""
    steps: list[OrderingStep] = []
    left = amount
    take = min(left, contribution_basis)
    if take > 0:
        steps.append(OrderingStep(source="regular contributions", amount=take))
        left -= take
    for layer, label, taxable in _parts_in_order(layers):
        take = min(left, layer.taxable if taxable else layer.nontaxable)
        if take > 0:
            steps.append(OrderingStep(
                source=f"{layer.year} {label}, {'taxable' if taxable else 'nontaxable'} part",
                amount=take, year=layer.year, taxable_when_converted=taxable,
                window_ends=recapture_last_year(layer.year),
            ))
            left -= take
    if left > 0:
        steps.append(OrderingStep(source="earnings", amount=left))
    return tuple(steps)


def recapture_steps(ordering: Sequence[OrderingStep], tax_year: int) -> list[OrderingStep]:
    """The slices of a Roth IRA distribution that the 5-year recapture rule reaches:
    the taxable part of a conversion or plan rollover (IRC 408A(d)(3)(F)) made this
    year or in the 4 years before it ("conversions or rollovers to your Roth IRAs in
    2012 through 2016" for 2016, i5329 2016 line 1)."""
    return [s for s in ordering
            if s.taxable_when_converted and s.year is not None
            and in_recapture_window(s.year, tax_year)]


def take_in_order(amount: Decimal, layers: Sequence[Layer]
                  ) -> tuple[tuple[CarriedLayer, ...], Decimal]:
    """Take ``amount`` (Form 8606 line 23) from ``layers`` by the ordering rules: each
    year's conversions and rollovers together, oldest year first, the taxable part
    before the nontaxable part.  Returns what is left of each year (next year's line 24
    chart starts from it) and what the layers could not cover (earnings)."""
    left = amount
    out: list[CarriedLayer] = []
    for layer, _label_text in by_year(layers):
        taxable_taken = min(left, layer.taxable)
        left -= taxable_taken
        nontaxable_taken = min(left, layer.nontaxable)
        left -= nontaxable_taken
        out.append(CarriedLayer(year=layer.year, kind=layer.kind,
                                taxable=layer.taxable - taxable_taken,
                                nontaxable=layer.nontaxable - nontaxable_taken,
                                taxable_taken=taxable_taken, nontaxable_taken=nontaxable_taken))
    return tuple(out), left


# ------------------------------------------------------------------ the ledger


@dataclass(frozen=True)
class LedgerSlice:
    """One slice of the Roth IRAs in ordering-rule order, judged on a date."""

    source: str
    amount: Decimal | None
    tax_free: bool
    penalty_free: bool
    why: str


def ledger(contribution_basis: Decimal, layers: Sequence[Layer], first_year: int | None,
           date_of_birth: date | None, as_of: date) -> list[LedgerSlice]:
    """Pub. 590-B ordering rules on ``as_of``: regular contributions (always free),
    then each layer oldest first, taxable part first (income-tax free; free of the 10%
    additional tax after its window or at 59½, IRC 408A(d)(3)(F)), then earnings
    (free only in a qualified distribution: 5 years since January 1 of the first
    Roth year and 59½, IRC 408A(d)(2); death, disability and first-time homebuyer
    are not judged here)."""
    age_ok = date_of_birth is not None and birthday_at(date_of_birth, 59, 6) <= as_of
    out = [LedgerSlice("regular contributions", contribution_basis, True, True,
                       "contributions always come out tax- and penalty-free")]
    for lay, label, taxable in _parts_in_order(layers):
        ends = recapture_window_ends(lay.year)
        if taxable and lay.taxable > 0:
            window_over = as_of > ends
            if window_over:
                why = f"5-year window ended {ends.isoformat()}"
            elif age_ok:
                why = f"window runs to {ends.isoformat()}, but age 59½ is an exception"
            else:
                why = (f"10% additional tax (Form 5329) until {ends.isoformat()} "
                       "unless 59½ or another exception")
            out.append(LedgerSlice(f"{lay.year} {label}, taxable part", lay.taxable, True,
                                   window_over or age_ok, why))
        if not taxable and lay.nontaxable > 0:
            out.append(LedgerSlice(f"{lay.year} {label}, nontaxable part", lay.nontaxable,
                                   True, True, "basis: never taxed, no 10%"))
    out.append(_earnings(first_year, date_of_birth, as_of, age_ok))
    return out


def _earnings(first: int | None, date_of_birth: date | None, as_of: date,
              age_ok: bool) -> LedgerSlice:
    if first is None:
        return LedgerSlice("earnings", None, False, False,
                           "taxable: the first year a Roth IRA was funded is not known")
    five = qualified_period_ends(first)
    if date_of_birth is None:
        return LedgerSlice("earnings", None, False, False,
                           f"5-year period met on {five.isoformat()}; qualified only at 59½, "
                           "and the date of birth is not known")
    half = birthday_at(date_of_birth, 59, 6)
    if as_of >= five and age_ok:
        return LedgerSlice("earnings", None, True, True,
                           f"qualified distribution (5 years from {first}, 59½ on "
                           f"{half.isoformat()})")
    when = max(five, half)
    return LedgerSlice("earnings", None, False, age_ok,
                       f"taxable{'' if age_ok else ' and 10% additional tax'}; qualified from "
                       f"{when.isoformat()} (5 years from {first} and 59½)")


def free_amount(slices: list[LedgerSlice]) -> Decimal | None:
    """What can come out with no tax and no 10%: the slices in order up to the first
    that is not free (``None``: everything, earnings included)."""
    total = ZERO
    for piece in slices:
        if not (piece.tax_free and piece.penalty_free):
            return total
        if piece.amount is None:
            return None
        total += piece.amount
    return total
