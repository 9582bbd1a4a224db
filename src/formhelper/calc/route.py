"""Where each Form 1099-R goes, decided once per form: a :class:`Route`.

Instructions for Form 1040, lines 4a-4b ("IRA Distributions") and 5a-5b
("Pensions and Annuities"): an IRA includes a traditional, Roth, SEP and
SIMPLE IRA; everything else (401(k), 403(b), 457(b), pensions, designated
Roth accounts) is line 5.  The codes decide first, the IRA/SEP/SIMPLE box
second (domain-spec §4.4).

:func:`route_case` decides every form of a case (it needs the case: a person's
Roth IRA history, the tax year); :func:`route_form` decides one form alone (the
``check-1099r`` command, the wizard's form screen).  The routes are carried on
:class:`formhelper.calc.ReturnResult` and every consumer (Form 8606 inputs, Form
1040, Form 5329, the checks, the worksheets and summaries, the wizard) reads the
decision instead of testing the codes again.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from formhelper.models import CaseFile, Form1099R, Owner, Person
from formhelper.models.box7 import DIRECT_ROLLOVER, EXCESS_RETURN, RECHARACTERIZATION, ROTH_IRA
from formhelper.money import ZERO, clamp0

#: The items Form 1040 line 4c takes (formhelper's names), each with the part of an
#: IRA Form 1099-R's disposition that puts it there; line 5c takes a plan rollover.
#: Every year's ``f1040_reporting`` has words for each (tests/test_line_4c_reporting.py).
LINE_4C_ITEMS = {"rollover": "rolled_over", "qcd": "qcd", "hfd": "hsa_funding"}
LINE_5C_ITEMS = ("rollover",)

#: Codes P and R: "taxable in [the year before the form's year]" (excess contributions
#: returned) and "recharacterized IRA contribution made for [the year before]"
#: (Instructions for Forms 1099-R and 5498, Table 1).
PRIOR_YEAR_CODES = frozenset("PR")


class Source(StrEnum):
    TRADITIONAL_IRA = "traditional_ira"
    ROTH_IRA = "roth_ira"
    PLAN = "plan"


class Returned(StrEnum):
    """A Form 1099-R that returns a contribution rather than distributing savings."""

    #: Codes 8, P: corrective distribution of an excess contribution and its earnings.
    EXCESS = "excess"
    #: Codes N, R: a recharacterized IRA contribution.
    RECHARACTERIZATION = "recharacterization"


class OffReturn(StrEnum):
    """Why a Form 1099-R is left off this return."""

    #: Codes P and R report an amount for the year before the form's year.
    PRIOR_YEAR = "prior-year"


class Route(BaseModel):
    """The decision for one Form 1099-R: where its amounts go on this return."""

    model_config = ConfigDict(frozen=True)

    #: The form's place in the case (``None``: a form checked on its own).
    index: int | None
    owner: Owner
    #: Traditional (incl. SEP and SIMPLE) IRA, Roth IRA, or employer plan.
    source: Source
    #: Why the form is not on this return (``None``: it is).
    off_return: OffReturn | None = None
    #: Returned contribution (excess or recharacterized), if it is one.
    returned: Returned | None = None
    #: A direct rollover (codes G, H).
    direct_rollover: bool = False
    #: Form 8606 line 7: a traditional IRA distribution "not including rollovers, QCDs,
    #: HSA funding distributions, conversions, returned contributions or
    #: recharacterizations".
    line_7: Decimal = ZERO
    #: Form 8606 line 8 (or 16): the amount converted from a traditional IRA.
    line_8: Decimal = ZERO
    #: Form 8606 line 19: a nonqualified Roth IRA distribution after its exclusions.
    line_19: Decimal = ZERO
    #: Roth IRA: qualified (True), not (False), unknown (None: code T with no first year).
    roth_qualified: bool | None = None
    #: The taxable amount when the form alone decides it (Form 1040 line 4b or 5b);
    #: ``None`` when Form 8606 figures it (pro-rata rule, Part III), or, without Part I,
    #: the line 7 amount is fully taxable.
    taxable: Decimal | None = None
    #: Form 1040 line 4c (IRA) or 5c (plan) items this form puts on the return.
    items: tuple[str, ...] = ()

    @property
    def on_return(self) -> bool:
        return self.off_return is None

    @property
    def f1040_line(self) -> str | None:
        """"4" (lines 4a-4c), "5" (lines 5a-5c), or ``None`` (not on this return)."""
        if not self.on_return:
            return None
        return "5" if self.source == Source.PLAN else "4"

    @property
    def fully_taxable_without_8606(self) -> bool:
        """A traditional IRA line 7 amount whose taxable part Form 8606 Part I figures
        when it is filed; without Part I (no basis) all of it is taxable."""
        return self.source == Source.TRADITIONAL_IRA and self.taxable is None


def source_of(form: Form1099R) -> Source:
    """Roth IRA codes J, Q, T first; then the IRA/SEP/SIMPLE box.

    Codes N and R (recharacterized IRA contributions) are IRA forms even
    though "it is not necessary to check the box ... for an IRA
    recharacterization" (Instructions for Forms 1099-R and 5498, box 7).
    """
    codes = set(form.codes)
    if codes & ROTH_IRA:
        return Source.ROTH_IRA
    if form.ira_sep_simple or codes & RECHARACTERIZATION:
        return Source.TRADITIONAL_IRA
    return Source.PLAN


def _returned(form: Form1099R) -> Returned | None:
    """Recharacterizations (N, R) and corrective distributions of excess
    contributions (8, P): not "distributions" for Form 8606 line 7 ("certain
    returned contributions; or recharacterizations")."""
    codes = set(form.codes)
    if codes & RECHARACTERIZATION:
        return Returned.RECHARACTERIZATION
    if codes & EXCESS_RETURN:
        return Returned.EXCESS
    return None


def _line_7_part(form: Form1099R) -> Decimal:
    """The part of a traditional IRA form that belongs on Form 8606 line 7.

    Line 7 (2025): "Do not include rollovers ... qualified charitable
    distributions; a one-time distribution to fund an HSA; conversions to a
    Roth IRA; certain returned contributions; or recharacterizations".  Tax
    withheld from a conversion was distributed, not converted, so it stays
    here (domain-spec §5.6).
    """
    if _returned(form) is not None or set(form.codes) & DIRECT_ROLLOVER:
        return ZERO
    return form.kept


def plan_taxable(form: Form1099R) -> Decimal:
    """Taxable amount of a plan distribution before any rollover.

    The payer's box 2a.  Left blank, the taxable amount is box 1 less the
    employee's after-tax contributions recovered (box 5).
    """
    if form.box_2a is not None:
        return form.box_2a
    return clamp0(form.box_1 - form.box_5)


def _plan_line_5b(form: Form1099R) -> Decimal:
    """Form 1040 line 5b for one plan form.

    Direct rollovers (code G, H): the payer's box 2a is the taxable amount:
    0 for a rollover to a traditional IRA or plan, the taxable amount for a
    rollover to a Roth IRA or an in-plan Roth rollover (Instructions for Forms
    1099-R and 5498, "Direct rollovers"; In-plan Roth rollovers).  Otherwise
    the part rolled over to a traditional IRA or plan is not taxable and is
    treated as coming from the pre-tax money first (Notice 2014-54); money
    rolled to a Roth IRA or in-plan stays taxable.
    """
    taxable = plan_taxable(form)
    if set(form.codes) & DIRECT_ROLLOVER:
        if form.box_2a is None:
            return min(taxable, form.disposition.converted_to_roth_ira
                       + form.disposition.in_plan_roth_rollover)
        return form.box_2a
    return clamp0(taxable - form.disposition.rolled_over)


def _plan_is_rollover(form: Form1099R) -> bool:
    """Does a plan form report a rollover (Form 1040 line 5c box 1 "Rollover")?

    Direct rollovers (G, H), 60-day rollovers, rollovers to a Roth IRA and in-plan
    Roth rollovers all are.
    """
    d = form.disposition
    return bool(
        set(form.codes) & DIRECT_ROLLOVER
        or d.rolled_over
        or d.converted_to_roth_ira
        or d.in_plan_roth_rollover
    )


def roth_t_is_qualified(person: Person, tax_year: int) -> bool | None:
    """A code T distribution is qualified when the 5-year period has passed.

    IRC 408A(d)(2)(B); Pub. 590-B, "What Are Qualified Distributions?": the
    5-year period begins January 1 of the first year a contribution
    (including a conversion) was made to any Roth IRA.  Code T says the
    payer knows an age, death or disability exception applies but not the
    5-year period.  ``None`` when the first year is unknown.
    """
    first = person.roth.first_contribution_year
    if first is None:
        return None
    return tax_year >= first + 5


def _ira_items(form: Form1099R) -> tuple[str, ...]:
    """Line 4c: "Check if" 1 Rollover, 2 QCD, 3 (other, with the write-in HFD)."""
    return tuple(item for item, part in LINE_4C_ITEMS.items()
                 if getattr(form.disposition, part) > 0)


def route_form(form: Form1099R, index: int | None = None, *, person: Person | None = None,
               tax_year: int | None = None) -> Route:
    """The route of one form.  ``person`` and ``tax_year`` (the recipient and the
    return's year) decide whether a code T distribution is qualified; without them
    it is unknown."""
    codes = set(form.codes)
    source = source_of(form)
    base = Route(index=index, owner=form.owner, source=source,
                 returned=_returned(form), direct_rollover=bool(codes & DIRECT_ROLLOVER))
    if codes & PRIOR_YEAR_CODES:
        return base.model_copy(update={"off_return": OffReturn.PRIOR_YEAR})
    if source == Source.PLAN:
        return base.model_copy(update={
            "taxable": _plan_line_5b(form),
            "items": LINE_5C_ITEMS if _plan_is_rollover(form) else ()})
    items = _ira_items(form)
    if source == Source.ROTH_IRA:
        if base.returned == Returned.EXCESS:
            return base.model_copy(update={"taxable": form.box_2a or ZERO, "items": items})
        qualified: bool | None = "Q" in codes
        if "T" in codes:
            qualified = (roth_t_is_qualified(person, tax_year)
                         if person is not None and tax_year is not None else None)
        if qualified:
            return base.model_copy(update={"roth_qualified": True, "taxable": ZERO,
                                           "items": items})
        d = form.disposition
        return base.model_copy(update={
            "roth_qualified": qualified,
            "line_19": form.box_1 - d.rolled_over - d.qcd - d.hsa_funding,
            "items": items})
    # Traditional, SEP or SIMPLE IRA.
    if base.returned == Returned.RECHARACTERIZATION:
        return base.model_copy(update={"taxable": ZERO, "items": items})
    if base.returned == Returned.EXCESS:
        # Corrective distribution: the earnings (box 2a) are taxable this year.
        return base.model_copy(update={"taxable": form.box_2a or ZERO, "items": items})
    return base.model_copy(update={
        "line_7": _line_7_part(form),
        "line_8": form.disposition.converted_to_roth_ira,
        "items": items})


def route_case(case: CaseFile) -> tuple[Route, ...]:
    """The route of every Form 1099-R of the case, in the case's order."""
    people = dict(case.people())
    routes = []
    for index, form in enumerate(case.forms_1099r):
        routes.append(route_form(form, index, person=people.get(form.owner),
                                 tax_year=case.tax_year))
    return tuple(routes)


def routes_of(routes: Sequence[Route], owner: Owner,
              source: Source | None = None) -> list[Route]:
    """One person's routes on this return, optionally of one source."""
    return [r for r in routes if r.owner == owner and r.on_return
            and (source is None or r.source == source)]
