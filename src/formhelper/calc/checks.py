"""Warnings about legal but suspicious input, found while computing a return."""

from __future__ import annotations

from decimal import Decimal

from formhelper.calc.ages import reached, year_end
from formhelper.calc.f8606 import F8606Inputs, F8606Lines
from formhelper.calc.findings import Finding, Severity, path
from formhelper.calc.roth import recapture_steps
from formhelper.calc.route import Source, source_of
from formhelper.models import CaseFile, Owner, Person
from formhelper.money import ZERO, fmt_dollars
from formhelper.years.params import YearParams


def _d(amount: Decimal) -> str:
    return "$" + fmt_dollars(amount)


def person_findings(
    case: CaseFile,
    owner: Owner,
    person: Person,
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

    # Before 2020 (the year's data says so): "You can open and make contributions to a
    # traditional IRA if ... You weren't age 70½ by the end of the year" (Pub. 590-A (2019);
    # IRC 219(d)(1), repealed by the SECURE Act §107 for 2020 and later).
    age_limit = params.ira.traditional_contribution_age
    traditional = person.ira.nondeductible_contributions + person.ira.deductible_contributions
    if (age_limit is not None and traditional > 0
            and reached(person.date_of_birth, age_limit.years, age_limit.months, end)):
        out.append(Finding(
            id="traditional-contribution-over-age", severity=Severity.ERROR,
            field=path(who, "ira", "nondeductible_contributions"),
            message=(f"{who}: reached age {age_limit.years}"
                     f"{'½' if age_limit.months == 6 else ''} by the end of {case.tax_year}, "
                     f"and no contribution to a traditional IRA can be made for that year or "
                     "any later one "
                     f"({age_limit.source.split(':')[0]}). The {_d(traditional)} is an excess "
                     "contribution (Form 5329 Part III), not basis for Form 8606 line 1."),
        ))

    # formhelper names the pension lines 5a/5b (Form 1040 from 2020). The 2019 Form 1040
    # has them on lines 4c/4d (its [reporting] data puts the plan write-ins next to 4d):
    # refuse rather than print lines that do not exist on that form.
    pension_line = params.f1040_reporting.line_5c.line
    plan_forms = [i for i, f in case.forms_of(owner) if source_of(f) == Source.PLAN]
    if plan_forms and pension_line not in ("5b", "5c"):
        out.append(Finding(
            id="pension-lines-of-this-year", severity=Severity.ERROR,
            field=path("forms_1099r", plan_forms[0]),
            message=(f"the {case.tax_year} Form 1040 reports pensions and annuities on lines "
                     f"4c and {pension_line}, not 5a and 5b; formhelper does not prepare "
                     f"plan distributions for {case.tax_year} (IRA distributions, lines "
                     "4a/4b, are supported)."),
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

    for index, form in case.forms_of(owner):
        if (source_of(form) == Source.TRADITIONAL_IRA and form.disposition.converted_to_roth_ira
                and form.box_4 > 0 and under_59_half):
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
