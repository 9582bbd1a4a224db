"""Where each Form 1099-R goes: Form 8606 Part I/II/III, or Form 1040 line 5 directly.

Instructions for Form 1040, lines 4a-4b ("IRA Distributions") and 5a-5b
("Pensions and Annuities"): an IRA includes a traditional, Roth, SEP and
SIMPLE IRA; everything else (401(k), 403(b), 457(b), pensions, designated
Roth accounts) is line 5.  The codes decide first, the IRA/SEP/SIMPLE box
second (domain-spec §4.4).
"""

from __future__ import annotations

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


def plan_line_5b(form: Form1099R) -> Decimal:
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
