"""Warnings about legal but suspicious input, found while computing a return."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from formhelper.calc.ages import reached, year_end
from formhelper.calc.f5329 import recapture_steps
from formhelper.calc.f8606 import F8606Inputs, F8606Lines
from formhelper.calc.findings import Finding, Severity, path
from formhelper.calc.route import Route, Source, routes_of
from formhelper.models import CaseFile, Owner, Person
from formhelper.money import ZERO, fmt_dollars
from formhelper.years.params import YearParams


def _d(amount: Decimal) -> str:
    return "$" + fmt_dollars(amount)


def person_findings(
    case: CaseFile,
    owner: Owner,
    person: Person,
    routes: Sequence[Route],
    inputs: F8606Inputs,
    lines: F8606Lines,
    params: YearParams,
) -> list[Finding]:
    out: list[Finding] = []
    who = owner.value
    end = year_end(case.tax_year)
    under_59_half = not reached(person.date_of_birth, 59, 6, end)

    if person.ira.year_end_value is None and (lines.line_6 is not None or lines.worksheet_1_1):
        out.append(Finding(
            id="year-end-value-missing", field=path(who, "ira", "year_end_value"),
            message=(f"{who}: the December 31 value of all traditional, SEP and SIMPLE IRAs "
                     "(Form 8606 line 6) is missing and was taken as 0. If any of them held "
                     "money on December 31, the pro-rata rule needs it (Form 5498 box 5)."),
        ))

    # Contribution limit: IRC 219(b)(5); traditional and Roth contributions share it.
    limit = params.ira.contribution_limit.value
    if reached(person.date_of_birth, 50, 0, end):
        limit += params.ira.catch_up_50.value
    contributed = (person.ira.nondeductible_contributions + person.ira.deductible_contributions
                   + person.roth.contributions_this_year)
    if contributed > limit:
        out.append(Finding(
            id="contribution-over-limit", field=path(who, "ira", "nondeductible_contributions"),
            message=(f"{who}: IRA contributions for {case.tax_year} add up to {_d(contributed)}, "
                     f"more than the {_d(Decimal(limit))} limit "
                     f"({params.ira.contribution_limit.source}). The excess is subject to a 6% "
                     "tax each year until it is withdrawn (Form 5329 Part III)."),
        ))

    qcds = [(i, f) for i, f in case.forms_of(owner) if f.disposition.qcd > 0]
    qcd_total = sum((f.disposition.qcd for _i, f in qcds), ZERO)
    if qcd_total > params.qcd.annual_limit.value:
        out.append(Finding(
            id="qcd-over-limit", field=path("forms_1099r", qcds[0][0], "disposition", "qcd"),
            message=(f"{who}: qualified charitable distributions of {_d(qcd_total)} exceed the "
                     f"{_d(Decimal(params.qcd.annual_limit.value))} limit for {case.tax_year} "
                     f"({params.qcd.annual_limit.source}); the excess is a taxable distribution."),
        ))
    if qcds and not reached(person.date_of_birth, 70, 6, end):
        out.append(Finding(
            id="qcd-under-70-half", field=path("forms_1099r", qcds[0][0], "disposition", "qcd"),
            message=(f"{who}: a qualified charitable distribution must be made at age 70½ or "
                     f"older, and {who} is not 70½ by December 31, {case.tax_year}."),
        ))

    if lines.worksheet_1_1 is not None:
        out.append(Finding(
            id="worksheet-1-1", severity=Severity.INFO, field=path(who, "ira"),
            message=(f"{who}: contributions for {case.tax_year} are partly deductible and there "
                     "were distributions or conversions, so the taxable part comes from Pub. "
                     "590-B Worksheet 1-1 (Form 8606 lines 13, 15a and 18); lines 6-12 are left "
                     "blank."),
        ))

    for route in routes_of(routes, owner, Source.TRADITIONAL_IRA):
        index = route.index or 0
        form = case.forms_1099r[index]
        if route.line_8 and form.box_4 > 0 and under_59_half:
            out.append(Finding(
                id="conversion-withholding-early", field=path("forms_1099r", index, "box_4"),
                message=(f"forms_1099r[{index}]: {_d(form.box_4)} was withheld from a conversion. "
                         "The withheld part was distributed, not converted: it is taxable and, "
                         "under age 59½, the 10% additional tax may apply (Form 5329)."),
            ))

    if under_59_half:
        recapture = sum((s.amount for s in recapture_steps(lines.roth_ordering, case.tax_year)),
                        ZERO)
        if recapture > 0:
            out.append(Finding(
                id="roth-recapture", field=path(who, "roth", "layers"),
                message=(f"{who}: {_d(recapture)} of the Roth IRA distribution comes from the "
                         "taxable part of conversions or rollovers made within the last 5 years. "
                         "It is not taxed again, but under age 59½ the 10% additional tax applies "
                         "unless an exception does (Form 5329 line 1)."),
            ))
        if lines.line_25c:
            out.append(Finding(
                id="roth-earnings-early", field=path(who, "roth"),
                message=(f"{who}: {_d(lines.line_25c)} of Roth IRA earnings (Form 8606 line 25c) "
                         "is taxable and, under age 59½, the 10% additional tax may apply "
                         "(Form 5329)."),
            ))

    if not lines.required and inputs.prior_basis > 0:
        out.append(Finding(
            id="basis-carried", severity=Severity.INFO, field=path(who, "ira", "prior_basis"),
            message=(f"{who}: no Form 8606 is needed for {case.tax_year}; the basis of "
                     f"{_d(lines.basis_carried)} carries unchanged to next year's line 2."),
        ))
    return out


def form_findings(case: CaseFile) -> list[Finding]:
    out: list[Finding] = []
    for index, form in enumerate(case.forms_1099r):
        net = form.box_1 - form.box_4
        converted = form.disposition.converted_to_roth_ira
        if converted > net:
            out.append(Finding(
                id="conversion-exceeds-net",
                field=path("forms_1099r", index, "disposition", "converted_to_roth_ira"),
                message=(f"forms_1099r[{index}]: converted {_d(converted)} is more than box 1 less "
                         f"the tax withheld in box 4 ({_d(net)}). Check the Roth custodian's Form "
                         "5498 box 3; replacing withheld tax from other money within 60 days is "
                         "the only way to convert more."),
            ))
    return out
