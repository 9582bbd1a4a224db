"""Checks across a case: each Form 1099-R against the person's ages, what happened to
the money and the computed Form 8606 (Instructions for Forms 1099-R and 5498; Form
8606 instructions, lines 7, 8, 16 and 19; Instructions for Form 5329, line 2).

Pure; the year's code table is passed in.  Finding ids are stable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from formhelper.calc.ages import reached
from formhelper.calc.box7_checks import CONVERSION_CODES, at_form, check_form, field_of, usd
from formhelper.calc.f8606 import F8606Lines
from formhelper.calc.findings import Finding, Severity, path
from formhelper.calc.route import Returned, Route, Source, route_case, routes_of
from formhelper.models import CaseFile, Form1099R, Owner, Person
from formhelper.models.box7 import DIRECT_ROLLOVER
from formhelper.money import ZERO, whole_dollars
from formhelper.years.codes import CodeTable

# ---------------------------------------------------------------------------
# The case: dispositions and Form 8606


def _under_59_half_all_year(person: Person, tax_year: int) -> bool:
    return not reached(person.date_of_birth, 59, 6, date(tax_year, 12, 31))


def _disposition_findings(
    case: CaseFile, route: Route, form: Form1099R, person: Person
) -> list[Finding]:
    """One form's disposition against its codes and boxes."""
    out: list[Finding] = []
    d = form.disposition
    codes = set(form.codes)
    index = route.index
    where = at_form(index)
    source = route.source
    if (source == Source.TRADITIONAL_IRA and d.converted_to_roth_ira > 0 and form.box_4 > 0
            and route.line_7 > 0):
        # Withholding made up from other money within 60 days was converted too: then
        # converted_to_roth_ira covers box 1 and nothing was kept (line 7 is 0).
        early = _under_59_half_all_year(person, case.tax_year)
        tail = (" Under age 59½, the 10% additional tax may apply to it too (Form 5329)."
                if early else "")
        out.append(Finding(
            id="withholding-on-conversion", box="4", field=field_of(index, "box_4"),
            severity=Severity.WARNING if early else Severity.INFO,
            message=(f"{where}{usd(form.box_4)} of federal tax was withheld from a conversion. The "
                     "withheld part never reached the Roth IRA: it is a distribution, taxable "
                     "on Form 1040 line 4b (through Form 8606 line 7 when Part I is used), and "
                     f"the tax withheld counts as paid on line 25b.{tail}"),
        ))
    if (source == Source.PLAN and d.converted_to_roth_ira > 0 and codes & CONVERSION_CODES
            and not codes & (DIRECT_ROLLOVER | {"B"})):
        # Not "check the box": the box is the payer's. Following such advice would turn an
        # employer plan's rollover to a Roth IRA (line 5) into an IRA conversion (Form 8606).
        out.append(Finding(
            id="ira-box-unchecked-conversion", box="7", field=field_of(index, "ira_sep_simple"),
            severity=Severity.INFO,
            message=(f"{where}{usd(d.converted_to_roth_ira)} reached a Roth IRA, the code is "
                     f"{form.box_7} and the IRA/SEP/SIMPLE box is not checked: formhelper "
                     "treats it, as the form says, as an employer-plan distribution rolled "
                     "over to a Roth IRA (Form 1040 line 5, no Form 8606), which is right for "
                     "a 401(k), 403(b) or 457(b). Only if the money came from a traditional, "
                     "SEP or SIMPLE IRA is the form wrong: then ask the payer for a corrected "
                     "Form 1099-R with the box checked."),
        ))
    no_basis = person.ira.prior_basis == 0 and person.ira.nondeductible_contributions == 0
    if (source == Source.TRADITIONAL_IRA and route.inherited_from is None and no_basis
            and route.returned is None and form.box_2a is not None
            and form.box_2a < route.line_7):
        # Without basis a traditional IRA distribution is fully taxable: "leave line 4a
        # blank and enter the total distribution (from Form 1099-R, box 1) on line 4b"
        # (Instructions for Form 1040, lines 4a-4b); the payer's smaller box 2a is not used.
        out.append(Finding(
            id="ira-box-2a-below-taxable", box="2a", field=field_of(index, "box_2a"),
            message=(f"{where}box 2a ({usd(form.box_2a)}) is less than the "
                     f"{usd(route.line_7)} taxed here. With no basis in your traditional "
                     "IRAs (no nondeductible contributions on any Form 8606), all of a "
                     "traditional IRA distribution is taxable and Form 1040 line 4b takes "
                     "box 1, not box 2a. If part of it is after-tax money, enter your basis "
                     "(line 14 of your last Form 8606)."),
        ))
    if "Y" in codes and d.qcd == 0 and form.box_1 > 0:
        out.append(Finding(
            id="code-y-without-qcd", box="7", field=field_of(index, "disposition", "qcd"),
            message=(f"{where}code Y says a qualified charitable distribution was claimed, but "
                     "the disposition records no QCD, so the whole amount is treated as taxable. "
                     "If it was paid directly to a charity, record it as disposition.qcd."),
        ))
    return out


def _line_7_and_8(lines: F8606Lines | None) -> tuple[Decimal | None, Decimal]:
    """What reached Form 8606 as distributions (line 7) and conversions (line 8,
    or line 16 when Part I was not needed).  ``None`` for distributions when
    the form does not show them (no Part I: they go to Form 1040 line 4b)."""
    if lines is None:
        return None, ZERO
    conversions = lines.line_16 or lines.line_8 or ZERO
    if lines.line_7 is not None:
        return lines.line_7, conversions
    if lines.worksheet_1_1 is not None:
        # Worksheet 1-1 line 5 holds distributions plus conversions.
        return lines.worksheet_1_1.line_5 - conversions, conversions
    return None, conversions


def _ira_cross_findings(
    case: CaseFile, owner: Owner, routes: Sequence[Route], lines: F8606Lines | None
) -> list[Finding]:
    """Traditional, SEP and SIMPLE IRA forms against Form 8606 lines 7 and 8.

    Line 7 (Form 8606 instructions): distributions, not including rollovers,
    QCDs, HSA funding distributions, conversions, returned contributions or
    recharacterizations; line 8: the net amount converted.  Tax withheld from
    a conversion was distributed, not converted (domain-spec §5.6).
    """
    out: list[Finding] = []
    who = owner.value
    ira = [r for r in routes_of(routes, owner, Source.TRADITIONAL_IRA) if r.returned is None]
    forms = [(r.index or 0, case.forms_1099r[r.index or 0]) for r in ira]
    if not forms:
        return out
    line_7, line_8 = _line_7_and_8(lines)

    # A form that was partly converted, whose rest nothing explains.
    for index, form in forms:
        d = form.disposition
        if set(form.codes) & DIRECT_ROLLOVER or d.converted_to_roth_ira <= 0:
            continue
        rest = form.kept - form.box_4
        if whole_dollars(rest) < 1:
            continue
        landing = (f"Form 8606 line 7 ({who}'s line 7 is {usd(line_7)})" if line_7 is not None
                   else "Form 1040 line 4b as a fully taxable distribution")
        if "7" in form.codes:
            # A normal distribution at 59½ or older holding both the part kept (often the
            # year's RMD, taken first) and a conversion is how custodians report it: one
            # Form 1099-R, code 7, for the whole amount; nothing to cross-check.
            out.append(Finding(
                id="cross-ira-vs-8606", box="1", field=field_of(index, "disposition"),
                severity=Severity.INFO,
                message=(f"{at_form(index)}of box 1 ({usd(form.box_1)}), "
                         f"{usd(d.converted_to_roth_ira)} was converted (Form 8606 Part II) and "
                         f"{usd(rest)} kept (a distribution, for example the year's RMD): it "
                         f"goes on {landing}."),
            ))
            continue
        out.append(Finding(
            id="cross-ira-vs-8606", box="1", field=field_of(index, "disposition"),
            message=(f"{at_form(index)}box 1 is {usd(form.box_1)} but "
                     f"{usd(d.converted_to_roth_ira)} was converted (Form 8606 Part II), and "
                     "nothing else (tax withheld, a rollover, a QCD or an HSA funding "
                     f"distribution) accounts for the other {usd(rest)}. It is treated as a "
                     f"distribution you kept: it goes on {landing}. If that money also "
                     "reached a Roth IRA or was rolled over, record it in the form's "
                     "disposition."),
        ))

    # The person's totals: every dollar of box 1 must land somewhere.
    gross = sum((f.box_1 for _i, f in forms), ZERO)
    excluded = sum(
        (case.forms_1099r[r.index or 0].box_1 if r.direct_rollover
         else (case.forms_1099r[r.index or 0].disposition.rolled_over
               + case.forms_1099r[r.index or 0].disposition.rolled_to_employer_plan
               + r.qcd + case.forms_1099r[r.index or 0].disposition.hsa_funding)
         for r in ira),
        ZERO,
    )
    distributed = line_7 if line_7 is not None else whole_dollars(
        sum((r.line_7 for r in ira), ZERO))
    missing = gross - excluded - distributed - line_8
    if abs(missing) > 1:  # lines 7 and 8 are each rounded to whole dollars once
        in_plan = [i for i, f in forms if f.disposition.in_plan_roth_rollover > 0]
        hint = (f" forms_1099r[{in_plan[0]}] records an in-plan Roth rollover, which happens "
                "inside an employer plan, never from an IRA: record a traditional-to-Roth IRA "
                "move as converted_to_roth_ira, or a move to another traditional IRA as "
                "rolled_over." if in_plan else "")
        out.append(Finding(
            id="cross-ira-unreconciled", severity=Severity.ERROR, box="1",
            field=field_of(in_plan[0], "disposition") if in_plan else path(who, "ira"),
            message=(f"{who}: box 1 of the traditional, SEP and SIMPLE IRA Forms 1099-R adds up "
                     f"to {usd(gross)}. Rollovers, QCDs, HSA funding and direct rollovers account "
                     f"for {usd(excluded)}, distributions (Form 8606 line 7) for "
                     f"{usd(distributed)} and conversions (line 8/16) for {usd(line_8)}: "
                     f"{usd(abs(missing))} is on neither Form 8606 nor Form 1040 line 4b.{hint}"),
        ))
    return out


def _roth_cross_findings(
    case: CaseFile, owner: Owner, routes: Sequence[Route], lines: F8606Lines | None
) -> list[Finding]:
    """Roth IRA forms (codes J, Q, T) against Form 8606 line 19.

    Line 19: nonqualified distributions from Roth IRAs, not including
    rollovers, QCDs, HSA funding distributions or returned contributions.
    Code Q, and code T once the 5-year period has passed, are qualified and
    stay off line 19 (Form 1040 instructions, line 4b, Exception 2).  Money
    moved from a Roth IRA to another Roth IRA is a rollover, never a
    conversion or an in-plan Roth rollover.
    """
    nonqualified = [
        (r.index or 0, case.forms_1099r[r.index or 0])
        for r in routes_of(routes, owner, Source.ROTH_IRA)
        if r.returned != Returned.EXCESS and not r.roth_qualified
    ]
    if not nonqualified:
        return []
    expected = whole_dollars(sum((f.kept for _i, f in nonqualified), ZERO))
    line_19 = (lines.line_19 if lines is not None else None) or ZERO
    if abs(line_19 - expected) <= 1:
        return []
    odd = [i for i, f in nonqualified
           if f.disposition.converted_to_roth_ira > 0 or f.disposition.in_plan_roth_rollover > 0]
    hint = (f" forms_1099r[{odd[0]}] records Roth IRA money as converted or rolled in-plan; "
            "moving it to another Roth IRA is a rollover: record it as rolled_over."
            if odd else "")
    return [Finding(
        id="cross-roth-vs-line-19", box="1",
        field=field_of(odd[0], "disposition") if odd else path(owner.value, "roth"),
        message=(f"{owner.value}: box 1 of the nonqualified Roth IRA Forms 1099-R, less what "
                 f"their dispositions say went elsewhere, is {usd(expected)}, but Form 8606 line "
                 f"19 is {usd(line_19)}.{hint}"),
    )]


def _conversion_not_recorded(case: CaseFile, owner: Owner, person: Person,
                             routes: Sequence[Route]) -> list[Finding]:
    """A traditional IRA form coded 1, 2 or 7 whose disposition is empty, while the
    case says money went into a Roth IRA this year some other way: a conversion
    left out of the disposition is taxed as a cash distribution (line 7)."""
    forms = case.forms_of(owner)
    roth_funded = any(f.disposition.converted_to_roth_ira > 0 or "H" in f.codes
                      for _i, f in forms)
    evidence = ""
    if (person.roth.first_contribution_year == case.tax_year
            and person.roth.contributions_this_year == 0 and not roth_funded):
        evidence = (f"the case says {owner.value}'s first Roth IRA was funded in {case.tax_year}, "
                    "with no regular contribution and no conversion or rollover recorded")
    elif (person.ira.nondeductible_contributions > 0 and person.ira.year_end_value == 0
          and not roth_funded):
        evidence = (f"{owner.value} made a nondeductible contribution and had nothing left in "
                    "traditional IRAs on December 31, the pattern of a backdoor Roth conversion")
    if not evidence:
        return []
    out: list[Finding] = []
    for route in routes_of(routes, owner, Source.TRADITIONAL_IRA):
        index = route.index or 0
        form = case.forms_1099r[index]
        if form.disposition.accounted == 0 and set(form.codes) & CONVERSION_CODES:
            out.append(Finding(
                id="cross-conversion-not-recorded", box="1",
                field=field_of(index, "disposition", "converted_to_roth_ira"),
                message=(f"{at_form(index)}nothing in the disposition says where the "
                         f"{usd(form.box_1)} went, so it is treated as a distribution kept in "
                         f"cash (Form 8606 line 7), but {evidence}. If it was converted, record "
                         "disposition.converted_to_roth_ira (the Roth custodian's Form 5498 box "
                         "3)."),
            ))
    return out


def check_case(
    case: CaseFile, table: CodeTable, f8606: Mapping[Owner, F8606Lines],
    routes: Sequence[Route] | None = None,
) -> list[Finding]:
    """Every Form 1099-R of the case, then each person's forms against Form 8606.

    ``f8606`` is the computed Form 8606 of each person and ``routes`` where each
    form went (:attr:`formhelper.calc.ReturnResult.f8606` and ``.routes``).
    """
    if routes is None:
        routes = route_case(case)
    out: list[Finding] = []
    for index, form in enumerate(case.forms_1099r):
        person = case.spouse if form.owner == Owner.SPOUSE else case.taxpayer
        born = person.date_of_birth if person is not None else None
        out += check_form(form, table, case.tax_year, born, index)
        if person is not None:
            out += _disposition_findings(case, routes[index], form, person)
    for owner, person in case.people():
        lines = f8606.get(owner)
        out += _ira_cross_findings(case, owner, routes, lines)
        out += _roth_cross_findings(case, owner, routes, lines)
        out += _conversion_not_recorded(case, owner, person, routes)
    return out


#: A check whose point the calculation already makes, for the same field,
#: under its own id: ``compute`` shows the calculation's finding only.
_SAID_BY_COMPUTE: Mapping[str, str] = {
    "withholding-on-conversion": "conversion-withholding-early",
}


def merge(computed: Sequence[Finding], checked: Sequence[Finding]) -> list[Finding]:
    """The checks that add something to the calculation's own findings.

    A check with the same id and field as a computed finding (code G with
    box 2a blank is found by both), or one the calculation states in other
    words (:data:`_SAID_BY_COMPUTE`), is left out.
    """
    said = {(f.id, f.field) for f in computed}
    return [
        f for f in checked
        if (f.id, f.field) not in said and (_SAID_BY_COMPUTE.get(f.id), f.field) not in said
    ]
