"""Where each Form 1099-R goes: Form 8606 Part I/II/III, or Form 1040 line 5 directly.

Instructions for Form 1040, lines 4a-4b ("IRA Distributions") and 5a-5b
("Pensions and Annuities"): an IRA includes a traditional, Roth, SEP and
SIMPLE IRA; everything else (401(k), 403(b), 457(b), pensions, designated
Roth accounts) is line 5.  The codes decide first, the IRA/SEP/SIMPLE box
second (domain-spec §4.4).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from formhelper.models import Form1099R
from formhelper.models.box7 import DIRECT_ROLLOVER, EXCESS_RETURN, RECHARACTERIZATION, ROTH_IRA
from formhelper.money import ZERO, clamp0


class Source(StrEnum):
    TRADITIONAL_IRA = "traditional_ira"
    ROTH_IRA = "roth_ira"
    PLAN = "plan"


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


def is_returned_contribution(form: Form1099R) -> bool:
    """Recharacterizations (N, R) and corrective distributions of excess
    contributions (8, P): not "distributions" for Form 8606 line 7 ("certain
    returned contributions; or recharacterizations")."""
    return bool(set(form.codes) & (RECHARACTERIZATION | EXCESS_RETURN))


def line_7_part(form: Form1099R) -> Decimal:
    """The part of a traditional IRA form that belongs on Form 8606 line 7.

    Line 7 (2025): "Do not include rollovers ... qualified charitable
    distributions; a one-time distribution to fund an HSA; conversions to a
    Roth IRA; certain returned contributions; or recharacterizations".  Tax
    withheld from a conversion was distributed, not converted, so it stays
    here (domain-spec §5.6).
    """
    if is_returned_contribution(form) or set(form.codes) & DIRECT_ROLLOVER:
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
    rolled = d.rolled_over
    if set(form.codes) & DIRECT_ROLLOVER:
        rolled += clamp0(form.kept - form.box_4)
    left = plan_taxable(form)
    to_rolled = min(left, rolled)
    left -= to_rolled
    to_roth = min(left, d.converted_to_roth_ira)
    left -= to_roth
    to_irr = min(left, d.in_plan_roth_rollover)
    left -= to_irr
    return PlanSplit(rolled_over=to_rolled, roth_ira=to_roth, in_plan_roth=to_irr, kept=left)


def plan_line_5b(form: Form1099R) -> Decimal:
    """Form 1040 line 5b for one plan form: its pre-tax money less the part rolled over
    to a traditional IRA or plan (:func:`plan_split`).

    Money rolled to a Roth IRA and in-plan Roth rollovers stay taxable (Instructions for
    Forms 1099-R and 5498, "Direct rollovers"; In-plan Roth rollovers), and so does tax
    withheld from them.  For a direct rollover the payer's box 2a is the pre-tax amount
    (0 for a rollover to a traditional IRA or plan); when one form reports a split
    between a traditional and a Roth destination, the pre-tax money goes to the
    traditional rollover first (Notice 2014-54).
    """
    return plan_split(form).taxable


def plan_is_rollover(form: Form1099R) -> bool:
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
