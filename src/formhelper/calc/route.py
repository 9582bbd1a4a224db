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
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from formhelper.calc.ages import reached, year_end
from formhelper.calc.roth import is_qualified
from formhelper.models import CaseFile, Form1099R, Owner, Person
from formhelper.models.box7 import (
    DIRECT_ROLLOVER,
    EXCESS_RETURN,
    PLAN_ONLY,
    RECHARACTERIZATION,
    ROTH_IRA,
)
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
    #: A next year's form coded R: a contribution for this year recharacterized next
    #: year, reported "only in the attached statement, and not on your [year] or [next
    #: year] tax return" (Form 8606 instructions, Recharacterizations).
    STATEMENT_ONLY = "statement-only"


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
    #: The decedent whose inherited IRA this came from: it goes on that IRA's own Form
    #: 8606, never pooled with the person's own IRAs (Pub. 590-B, "IRA with basis").
    inherited_from: str | None = None
    #: The year printed on the form (the tax year unless the case says otherwise).
    form_year: int | None = None
    #: Money that reached a Roth IRA from a SIMPLE IRA inside its 2-year period (code S):
    #: not a conversion (IRC 408(d)(3)(G); Reg. 1.408A-4, Q&A-4), a distribution.
    simple_not_converted: Decimal = ZERO
    #: The qualified charitable distribution that counts, after the age and the year's
    #: limit (IRC 408(d)(8)); ``qcd_taxable`` is the rest of what went to charity.
    qcd: Decimal = ZERO
    qcd_taxable: Decimal = ZERO
    #: Rolled over into an employer plan (a 60-day rollover, or code G on an IRA form):
    #: the Form 1040 instructions ask for a statement (lines 4a-4b, Exception 1).
    to_employer_plan: bool = False
    #: Code G paid to a Roth IRA with box 2a 0 although box 5 is less than box 1: box 2a
    #: cannot be right; the taxable amount is box 1 less box 5 (less what went to a
    #: traditional IRA or plan).
    box_2a_implausible: bool = False

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
    """Roth IRA codes J, Q, T first; then the plan-only codes (``PLAN_ONLY``); then the
    IRA/SEP/SIMPLE box.

    Codes N and R (recharacterized IRA contributions) are IRA forms even
    though "it is not necessary to check the box ... for an IRA
    recharacterization" (Instructions for Forms 1099-R and 5498, box 7).  A form the
    case ties to an inherited IRA (``inherited_from``) is an IRA form too.
    """
    codes = set(form.codes)
    if codes & ROTH_IRA:
        return Source.ROTH_IRA
    if codes & PLAN_ONLY:
        # Codes first (domain-spec §4.4): a code used only for plans (B, H, L, M, ...) puts
        # the form on line 5 even with the IRA/SEP/SIMPLE box checked.
        return Source.PLAN
    if form.ira_sep_simple or codes & RECHARACTERIZATION or form.inherited_from is not None:
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
    """Taxable (pre-tax) amount of a plan distribution before any rollover.

    The payer's box 2a.  Left blank, the taxable amount is box 1 less the
    employee's after-tax contributions recovered (box 5).  A box 2a of 0 on a direct
    rollover (code G) that reached a Roth account while box 5 is less than box 1 cannot
    be right (:func:`box_2a_implausible`): box 1 less box 5 is used.
    """
    if form.box_2a is not None and not box_2a_implausible(form):
        return form.box_2a
    return clamp0(form.box_1 - form.box_5)


def box_2a_implausible(form: Form1099R) -> bool:
    """Code G paid to a Roth IRA (or rolled in-plan) with box 2a 0 while box 5 is less than
    box 1.

    Instructions for Forms 1099-R and 5498, "Direct rollovers": for a direct rollover to a
    Roth IRA "report the total amount rolled over in box 1, the taxable amount in box 2a,
    and any basis recovery amount in box 5".  Box 1 less box 5 is the pre-tax money; a
    box 2a of 0 leaves it untaxed, which a rollover to a Roth account cannot do (IRC
    408A(d)(3)(A), 402(c)).  Unless the pre-tax money all went to a traditional IRA or
    plan in the same distribution (the rollover takes it first, IRC 402(c)(2), Notice
    2014-54): then only after-tax money reached the Roth account and box 2a 0 is right.
    """
    d = form.disposition
    return ("G" in form.codes and form.box_2a == 0
            and d.converted_to_roth_ira + d.in_plan_roth_rollover > 0
            and form.box_5 < form.box_1
            and form.box_1 - form.box_5 > _to_traditional(form))


def _to_traditional(form: Form1099R) -> Decimal:
    """What a plan form rolled to a traditional IRA or plan: ``rolled_over``, and for a
    direct rollover (G, H) the money the disposition does not account for apart from the
    tax withheld (box 4): it went where the code says."""
    rolled = form.disposition.rolled_over
    if set(form.codes) & DIRECT_ROLLOVER:
        rolled += clamp0(form.kept - form.box_4)
    return rolled


@dataclass(frozen=True)
class PlanSplit:
    """Where the pre-tax (taxable) money of one plan distribution went.

    IRC 402(c)(2): the amount rolled over is treated "as consisting first of the
    portion of such distribution that is includible in gross income"; Notice 2014-54:
    all disbursements of one distribution are one distribution, the pre-tax amount is
    assigned to the rollovers first and, among them, as the recipient chooses.
    formhelper assigns it first to the rollover to a traditional IRA or plan (the
    reason for splitting one distribution), then to a Roth IRA, then to an in-plan
    Roth rollover; what is left was paid out and kept (tax withheld included).
    """

    #: To a traditional IRA or plan: not taxed.
    rolled_over: Decimal
    #: Reached a Roth IRA: taxable, and the taxable part of the Roth IRA layer.
    roth_ira: Decimal
    #: Rolled into the plan's designated Roth account: taxable.
    in_plan_roth: Decimal
    #: Paid out and kept, tax withheld included: taxable, and an early distribution
    #: under 59½ (Form 5329 line 1).
    kept: Decimal

    @property
    def taxable(self) -> Decimal:
        """Form 1040 line 5b for the form."""
        return self.roth_ira + self.in_plan_roth + self.kept


def plan_split(form: Form1099R) -> PlanSplit:
    """Split a plan form's pre-tax money (box 2a, or box 1 less box 5) by destination.

    Direct rollovers (code G, H): the money the disposition does not account for,
    apart from the tax withheld (box 4), went where the code says, to a traditional
    IRA or plan (box 2a 0: "a direct rollover to ... a traditional IRA" is not taxable,
    Instructions for Forms 1099-R and 5498, "Direct rollovers").  Tax withheld from a
    direct rollover or an in-plan Roth rollover was paid to the IRS for you: a
    distribution that reached no account.
    """
    d = form.disposition
    rolled = _to_traditional(form)
    left = plan_taxable(form)
    to_rolled = min(left, rolled)
    left -= to_rolled
    to_roth = min(left, d.converted_to_roth_ira)
    left -= to_roth
    to_irr = min(left, d.in_plan_roth_rollover)
    left -= to_irr
    return PlanSplit(rolled_over=to_rolled, roth_ira=to_roth, in_plan_roth=to_irr, kept=left)


def after_tax_rolled_over(form: Form1099R) -> Decimal:
    """The after-tax money of a plan form that was rolled to a traditional IRA or plan.

    The rollover takes the pre-tax money first (IRC 402(c)(2); :func:`plan_split`); what
    it moved beyond that was after-tax money (box 5; box 1 less box 5 is the pre-tax money
    whatever box 2a says: a direct rollover to a traditional IRA shows box 2a 0 because it
    is not taxed, not because it was after-tax).  In a traditional IRA it is basis:
    "The instructions for line 2 of [Form 8606] explain that any nontaxable portion of a
    rollover" counts (IRS Information Letter INFO 2017-0028, on after-tax 401(k) money
    rolled to a traditional IRA).  Designated Roth forms (codes B, H) hold no such money.
    """
    if set(form.codes) & {"B", "H"} or form.box_5 <= 0:
        return ZERO
    return min(form.box_5, clamp0(_to_traditional(form) - (form.box_1 - form.box_5)))


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


def _ira_items(form: Form1099R, qcd: Decimal, to_plan: bool) -> tuple[str, ...]:
    """Line 4c: "Check if" 1 Rollover, 2 QCD, 3 (other, with the write-in HFD).

    A rollover into an employer plan is a rollover like any other (Exception 1: "IRA to
    a qualified plan other than an IRA"); only the QCD that counts is a QCD."""
    d = form.disposition
    present = {"rollover": d.rolled_over > 0 or to_plan, "qcd": qcd > 0,
               "hfd": d.hsa_funding > 0}
    return tuple(item for item in LINE_4C_ITEMS if present[item])


def _plan_route(base: Route, form: Form1099R) -> Route:
    """Line 5: the pre-tax money less what was rolled to a traditional IRA or plan
    (:func:`plan_split`; Notice 2014-54), with a box 2a that cannot be right replaced
    by box 1 less box 5 (:func:`box_2a_implausible`)."""
    items = LINE_5C_ITEMS if _plan_is_rollover(form) else ()
    return base.model_copy(update={"taxable": plan_split(form).taxable, "items": items,
                                   "box_2a_implausible": box_2a_implausible(form)})


def route_form(form: Form1099R, index: int | None = None, *, person: Person | None = None,
               tax_year: int | None = None, inherited_from: str | None = None,
               qcd: Decimal | None = None) -> Route:
    """The route of one form.

    ``person`` and ``tax_year`` (the recipient and the return's year) decide whether a
    code T distribution is qualified and whether a code P or R form is for this return;
    without them the first is unknown and P/R is taken as a form of the tax year.
    ``inherited_from`` is the decedent of an inherited IRA (:func:`route_case` resolves
    it); ``qcd`` the part of ``disposition.qcd`` that counts as a QCD (default: all).
    """
    codes = set(form.codes)
    source = source_of(form)
    form_year = form.form_year if form.form_year is not None else tax_year
    qcd_counted = form.disposition.qcd if qcd is None else qcd
    qcd_taxable = form.disposition.qcd - qcd_counted
    base = Route(index=index, owner=form.owner, source=source,
                 returned=_returned(form), direct_rollover=bool(codes & DIRECT_ROLLOVER),
                 inherited_from=inherited_from, form_year=form_year)
    if codes & PRIOR_YEAR_CODES and (tax_year is None or form_year == tax_year):
        # "Taxable in [the year before the form's year]": a form of the tax year coded P or
        # R belongs on last year's return; a next-year form coded P or R on this one.
        return base.model_copy(update={"off_return": OffReturn.PRIOR_YEAR})
    if "R" in codes and tax_year is not None and form_year == tax_year + 1:
        # Form 8606 instructions, Recharacterizations (2015 text, the same since): "If the
        # recharacterization occurred in [the year], include the amount transferred ... on
        # Form 1040, line [4a]. If the recharacterization occurred in [the next year],
        # report the amount transferred only in the attached statement, and not on your
        # [year] or [next year] tax return."  The contribution itself is treated as made
        # to the second IRA (Form 8606 line 1 when it is a nondeductible traditional one).
        return base.model_copy(update={"off_return": OffReturn.STATEMENT_ONLY})
    if source == Source.PLAN:
        return _plan_route(base, form)
    d = form.disposition
    to_plan = d.rolled_to_employer_plan > 0 or (
        source == Source.TRADITIONAL_IRA and "G" in codes)
    items = _ira_items(form, qcd_counted, to_plan)
    base = base.model_copy(update={"items": items, "qcd": qcd_counted,
                                   "qcd_taxable": qcd_taxable, "to_employer_plan": to_plan})
    if source == Source.ROTH_IRA:
        if base.returned == Returned.EXCESS:
            return base.model_copy(update={"taxable": form.box_2a or ZERO})
        qualified: bool | None = "Q" in codes
        if person is not None and tax_year is not None:
            # Pub. 590-B, "What Are Qualified Distributions?" (calc.roth.is_qualified).
            qualified = is_qualified(form, person, tax_year)
        elif "T" in codes:
            qualified = None
        if qualified:
            return base.model_copy(update={"roth_qualified": True, "taxable": ZERO})
        return base.model_copy(update={
            "roth_qualified": qualified,
            "line_19": (form.box_1 - d.rolled_over - d.rolled_to_employer_plan - qcd_counted
                        - d.hsa_funding)})
    # Traditional, SEP or SIMPLE IRA.
    if base.returned == Returned.RECHARACTERIZATION:
        return base.model_copy(update={"taxable": ZERO})
    if base.returned == Returned.EXCESS:
        # Corrective distribution: the earnings (box 2a) are taxable on this return.
        return base.model_copy(update={"taxable": form.box_2a or ZERO})
    line_7 = _line_7_part(form) + qcd_taxable
    line_8 = d.converted_to_roth_ira
    if "S" in codes and line_8 > 0:
        # A SIMPLE IRA inside its 2-year period may move only to another SIMPLE IRA (IRC
        # 408(d)(3)(G)); Reg. 1.408A-4, Q&A-4(b) lets a SIMPLE IRA amount be converted only
        # on the terms of 408(d)(3)(G), i.e. after that period (paraphrased: the regulation
        # text was not at hand).  A conversion that fails is a taxable distribution and a
        # regular contribution to the Roth IRA (Reg. 1.408A-4, Q&A-3): Form 8606 line 7
        # (code S: 25% under 59½), not line 8.
        return base.model_copy(update={"line_7": line_7 + line_8,
                                       "simple_not_converted": line_8})
    return base.model_copy(update={"line_7": line_7, "line_8": line_8})


def _inherited_from(form: Form1099R, person: Person | None) -> str | None:
    """The decedent of an IRA form from an inherited IRA: ``inherited_from``, or, for a
    form coded 4 (death), the person's only inherited IRA."""
    if person is None:
        return None
    if form.inherited_from is not None:
        entry = person.inherited(form.inherited_from)
        return entry.decedent if entry is not None else form.inherited_from
    if (source_of(form) == Source.TRADITIONAL_IRA and "4" in form.codes
            and len(person.inherited_iras) == 1):
        return person.inherited_iras[0].decedent
    return None


def _qcds_that_count(case: CaseFile, owner: Owner, person: Person,
                     limit: Decimal | None) -> dict[int, Decimal]:
    """Each IRA form's ``disposition.qcd`` that counts as a qualified charitable
    distribution.

    IRC 408(d)(8)(B)(ii): a QCD is made "on or after the date that the individual for
    whose benefit the plan is maintained has attained age 70½"; someone not 70½ by
    December 31 made none.  IRC 408(d)(8)(A): the exclusion "shall not exceed"
    the year's limit per person (2025: $108,000, Instructions for Form 1040, lines
    4a-4b, Exception 3); what is above it is a taxable distribution, taken here from the
    last forms of the case first.
    """
    forms = [(i, f) for i, f in case.forms_of(owner)
             if f.disposition.qcd > 0 and source_of(f) != Source.PLAN]
    if not reached(person.date_of_birth, 70, 6, year_end(case.tax_year)):
        return {i: ZERO for i, _f in forms}
    counted = {i: f.disposition.qcd for i, f in forms}
    if limit is None:
        return counted
    excess = clamp0(sum(counted.values(), ZERO) - limit)
    for i, _f in reversed(forms):
        take = min(excess, counted[i])
        counted[i] -= take
        excess -= take
    return counted


def route_case(case: CaseFile, qcd_limit: Decimal | None = None) -> tuple[Route, ...]:
    """The route of every Form 1099-R of the case, in the case's order.

    ``qcd_limit`` is the year's QCD limit per person (``YearParams.qcd.annual_limit``);
    without it no limit is applied.
    """
    people = dict(case.people())
    qcds: dict[int, Decimal] = {}
    for owner, person in people.items():
        qcds.update(_qcds_that_count(case, owner, person, qcd_limit))
    routes = []
    for index, form in enumerate(case.forms_1099r):
        recipient = people.get(form.owner)
        routes.append(route_form(form, index, person=recipient, tax_year=case.tax_year,
                                 inherited_from=_inherited_from(form, recipient),
                                 qcd=qcds.get(index)))
    return tuple(routes)


def routes_of(routes: Sequence[Route], owner: Owner,
              source: Source | None = None) -> list[Route]:
    """One person's routes on this return from their own accounts (not inherited IRAs),
    optionally of one source."""
    return [r for r in routes if r.owner == owner and r.on_return and r.inherited_from is None
            and (source is None or r.source == source)]


def inherited_routes(routes: Sequence[Route], owner: Owner, decedent: str) -> list[Route]:
    """The routes on this return from the IRA ``owner`` inherited from ``decedent``."""
    return [r for r in routes if r.owner == owner and r.on_return
            and r.inherited_from == decedent]
