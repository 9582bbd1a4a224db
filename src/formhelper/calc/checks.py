"""Warnings about legal but suspicious input, found while computing a return."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from formhelper.calc.ages import birthday_at, reached, rmd_age, rmd_due, year_end
from formhelper.calc.contributions import contributions
from formhelper.calc.f8606 import F8606Inputs, F8606Lines
from formhelper.calc.findings import Finding, Severity, path
from formhelper.calc.roth import recapture_steps
from formhelper.calc.route import Returned, Route, Source, after_tax_rolled_over, routes_of
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

    out += _contribution_findings(case, owner, person, params)
    out += _returned_contribution_findings(case, owner, person, routes)
    out += _corrective_box_2a_blank(case, owner, routes)
    # Before 2020 (the year's data says so): "You can open and make contributions to a
    # traditional IRA if ... You weren't age 70½ by the end of the year" (Pub. 590-A (2019);
    # IRC 219(d)(1), repealed by the SECURE Act §107 for 2020 and later).
    age_limit = params.ira.traditional_contribution_age
    traditional = person.ira.nondeductible_contributions + person.ira.deductible_contributions
    if (age_limit is not None and traditional > 0
            and reached(person.date_of_birth, age_limit.years, age_limit.months, end)):
        out.append(Finding(
            id="traditional-contribution-over-age", severity=Severity.ERROR, blocking=True,
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
    plan_forms = [r.index for r in routes_of(routes, owner, Source.PLAN) if r.index is not None]
    if plan_forms and pension_line not in ("5b", "5c"):
        out.append(Finding(
            id="pension-lines-of-this-year", severity=Severity.ERROR,
            field=path("forms_1099r", plan_forms[0]),
            message=(f"the {case.tax_year} Form 1040 reports pensions and annuities on lines "
                     f"4c and {pension_line}, not 5a and 5b; formhelper does not prepare "
                     f"plan distributions for {case.tax_year} (IRA distributions, lines "
                     "4a/4b, are supported)."),
        ))

    out += _qcd_findings(case, owner, person, routes, params)
    out += _hfd_over_limit(case, owner, person, routes, params)
    out += _coronavirus_related(case, owner, routes, params)

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
        # Only when some of box 1 was kept: withholding made up from other money within
        # 60 days was converted too (converted_to_roth_ira covers all of box 1).
        if route.line_8 and form.box_4 > 0 and route.line_7 > 0 and under_59_half:
            out.append(Finding(
                id="conversion-withholding-early", field=path("forms_1099r", index, "box_4"),
                message=(f"forms_1099r[{index}]: {_d(form.box_4)} was withheld from a conversion. "
                         "The withheld part was distributed, not converted: it is taxable and, "
                         "under age 59½, the 10% additional tax may apply (Form 5329)."),
            ))

    if (lines.line_19 and not lines.line_22 and not lines.line_24
            and "roth" not in person.model_fields_set):
        # Pub. 590-B, Ordering Rules for Distributions: regular contributions come out
        # first, then conversions, and only then earnings. With no Roth IRA history given,
        # lines 22 and 24 are 0 and all of line 19 is taxed as earnings: say so.
        out.append(Finding(
            id="roth-history-missing", field=path(who, "roth"),
            message=(f"{who}: a Roth IRA distribution of {_d(lines.line_19)}, but no Roth IRA "
                     "history is given: Form 8606 line 22 (your regular contributions) and "
                     "line 24 (your conversions) are 0, so all of it is taxed as earnings "
                     "(line 25c). Regular contributions and conversions come out first, "
                     "untaxed (Pub. 590-B, Ordering Rules for Distributions): enter them, "
                     "and the first year a Roth IRA of yours was funded."),
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


def _contribution_findings(case: CaseFile, owner: Owner, person: Person,
                           params: YearParams) -> list[Finding]:
    """Contributions above the year's limit are excess contributions, not basis
    (:mod:`formhelper.calc.contributions`; Pub. 590-A, "Excess Contributions"; IRC 4973).
    Their 6% tax (Form 5329 Parts III and IV) is not computed: blocking."""
    who = owner.value
    c = contributions(person, params, case.tax_year)
    out: list[Finding] = []
    source = f"IRC 219(b)(5); {case.tax_year}"
    if c.traditional_excess > 0 and not c.over_age:  # over age: its own finding
        out.append(Finding(
            id="contribution-over-limit", severity=Severity.ERROR, blocking=True,
            field=path(who, "ira", "nondeductible_contributions"),
            message=(f"{who}: traditional IRA contributions for {case.tax_year} of "
                     f"{_d(c.traditional)} are more than the {_d(c.limit)} limit ({source}). "
                     f"The {_d(c.traditional_excess)} above it is an excess contribution, not "
                     f"basis: Form 8606 line 1 takes {_d(c.nondeductible_allowed)} (Pub. 590-A, "
                     "'Excess Contributions'; Form 8606 instructions, line 1). Withdraw the "
                     "excess with its earnings by the due date of the return and leave it out "
                     "of the case (the earnings are taxable; that Form 1099-R is coded 8 or "
                     "P); otherwise a 6% tax applies each year on Form 5329 Part III, which "
                     "formhelper does not fill. The limit is also never more than your "
                     "taxable compensation."),
        ))
    if c.roth_excess > 0:
        out.append(Finding(
            id="roth-contribution-over-limit", severity=Severity.ERROR, blocking=True,
            field=path(who, "roth", "contributions_this_year"),
            message=(f"{who}: Roth IRA contributions for {case.tax_year} are "
                     f"{_d(c.roth_excess)} more than the {_d(c.limit)} limit leaves after the "
                     "traditional IRA contributions (Pub. 590-A, 'Can You Contribute to a Roth "
                     "IRA?'). That is an excess contribution: withdraw it with its earnings by "
                     "the due date and leave it out of the case, or the 6% tax applies on Form "
                     "5329 Part IV, which formhelper does not fill."),
        ))
    return out


def _corrective_box_2a_blank(case: CaseFile, owner: Owner,
                             routes: Sequence[Route]) -> list[Finding]:
    """A corrective distribution of an excess IRA contribution (code 8 or P) with box 2a
    blank: its earnings ("net income attributable to the excess", Pub. 590-A, Excess
    Contributions) are taxable, and box 2a is where the payer reports them (Instructions
    for Forms 1099-R, box 2a and codes 8/P).  Left blank, the taxable amount is unknown,
    so Form 1040 line 4b would show 0 for it: blocking."""
    out: list[Finding] = []
    for route in routes_of(routes, owner):
        if route.returned != Returned.EXCESS or route.index is None:
            continue
        form = case.forms_1099r[route.index]
        if form.box_2a is not None:
            continue
        out.append(Finding(
            id="corrective-box-2a-blank", severity=Severity.ERROR, blocking=True,
            field=path("forms_1099r", route.index, "box_2a"),
            message=(f"forms_1099r[{route.index}]: coded {form.box_7}, a contribution "
                     "returned with its earnings, but box 2a (the earnings, taxable) is "
                     "blank, so line 4b cannot be figured; it is taken as 0 here. Enter box "
                     "2a from the form (0 when the contribution lost value), or ask the "
                     "payer for the earnings."),
        ))
    return out


def _returned_contribution_findings(case: CaseFile, owner: Owner, person: Person,
                                   routes: Sequence[Route]) -> list[Finding]:
    """A contribution returned with its earnings by the due date (a Form 1099-R coded 8
    or P) is treated as never made, so it is not basis: Form 8606 line 1 "Do not include
    contributions returned" (domain-spec section 1, line 1; Instructions for Form 8606,
    line 1) and line 22 excludes "returned contributions" (Instructions for Form 8606,
    line 22; Pub. 590-A, "Contributions Returned Before Due Date of Return").  The case
    gives the contributions for the year as made; formhelper takes them to leave the
    returned one out, as the case file says, and warns when a return of the same kind of
    IRA is on the return while contributions are entered, since a returned contribution
    left in would be carried to next year as basis (``roth_next_year`` or line 14)."""
    who = owner.value
    out: list[Finding] = []
    kinds = ((Source.ROTH_IRA, person.roth.contributions_this_year,
              path(who, "roth", "contributions_this_year"), "Roth IRA", "line 22"),
             (Source.TRADITIONAL_IRA, person.ira.nondeductible_contributions,
              path(who, "ira", "nondeductible_contributions"), "traditional IRA", "line 1"))
    for source, entered, field, kind, line in kinds:
        if entered <= 0:
            continue
        for route in routes_of(routes, owner, source):
            if route.returned != Returned.EXCESS or route.index is None:
                continue
            form = case.forms_1099r[route.index]
            returned = form.box_1 - (form.box_2a if form.box_2a is not None else ZERO)
            if returned <= 0:
                continue
            out.append(Finding(
                id="returned-contribution-in-contributions", field=field,
                message=(f"{who}: a {kind} Form 1099-R coded {form.box_7} returned "
                         f"{_d(returned)} of contributions (box 1 less the earnings in box "
                         f"2a). A contribution returned by the due date counts as never made "
                         f"and is not basis (Form 8606 {line}). The {kind} contributions for "
                         f"{case.tax_year} you entered ({_d(entered)}) are taken to leave it "
                         f"out; if they include it, subtract {_d(returned)}, or the basis "
                         "carried to next year is too high."),
            ))
    return out


def _coronavirus_related(case: CaseFile, owner: Owner, routes: Sequence[Route],
                         params: YearParams) -> list[Finding]:
    """2020 (the year's data says so): a coronavirus-related distribution (CARES Act §2202,
    up to $100,000) is exempt from the 10% additional tax and its income is spread over 3
    years on Form 8915-E, which formhelper does not figure.  The case cannot say a
    distribution was one, so every distribution taxed on the return is named: if it was,
    the lines 4b/5b and Form 5329 shown are not right."""
    crd = params.coronavirus_related_distributions
    if crd is None:
        return []
    taxed = [r.index for r in routes_of(routes, owner)
             if r.index is not None and (r.line_7 > 0 or r.line_19 > 0
                                         or (r.source == Source.PLAN and (r.taxable or ZERO) > 0))]
    if not taxed:
        return []
    return [Finding(
        id="coronavirus-related-distribution", field=path("forms_1099r", taxed[0]),
        message=(f"{owner.value}: in {case.tax_year} a distribution of up to "
                 f"{_d(crd.limit)} could be a coronavirus-related distribution (CARES Act "
                 "§2202): no 10% additional tax, and its income spread over 3 years on Form "
                 "8915-E, which formhelper does not figure. If any of these distributions "
                 "was one, do not use the Form 1040 line 4b/5b and Form 5329 figures shown "
                 "here: complete Form 8915-E."),
    )]


def _hfd_over_limit(case: CaseFile, owner: Owner, person: Person, routes: Sequence[Route],
                    params: YearParams) -> list[Finding]:
    """HSA funding distributions above the largest HSA contribution limit of the year.

    IRC 408(d)(9)(C): the amount excluded "shall not exceed" the HSA contribution limit
    of IRC 223(b) for the year (family coverage, IRC 223(b)(2)(B), plus the additional
    $1,000 at 55 or older, IRC 223(b)(3), is the largest there is); what is above it is a
    taxable distribution, not an HFD (Instructions for Form 1040, lines 4a-4b, Exception 4:
    only the HFD is left out of line 4b).  formhelper knows neither the coverage nor the
    other HSA contributions, so it cannot figure the taxable part: blocking.
    """
    if params.hsa is None:
        return []
    mine = [r for r in routes if r.owner == owner and r.on_return and r.index is not None
            and case.forms_1099r[r.index].disposition.hsa_funding > 0]
    if not mine:
        return []
    total = sum((case.forms_1099r[r.index or 0].disposition.hsa_funding for r in mine), ZERO)
    limit = Decimal(params.hsa.family.value)
    if reached(person.date_of_birth, 55, 0, year_end(case.tax_year)):
        limit += params.hsa.catch_up_55.value
    if total <= limit:
        return []
    return [Finding(
        id="hfd-over-limit", severity=Severity.ERROR, blocking=True,
        field=path("forms_1099r", mine[0].index or 0, "disposition", "hsa_funding"),
        message=(f"{owner.value}: HSA funding distributions of {_d(total)} are more than the "
                 f"largest HSA contribution limit for {case.tax_year} ({_d(limit)}, family "
                 "coverage" + (" and the $1,000 at 55 or older" if limit > params.hsa.family.value
                               else "") + "). Only up to the limit for your coverage, less "
                 "your other HSA contributions, is a qualified HSA funding distribution (IRC "
                 "408(d)(9)(C)); the rest is a taxable distribution on line 4b, which "
                 "formhelper does not figure. Enter only the qualifying amount as the HSA "
                 "funding distribution; the rest is kept."),
    )]


def _qcd_findings(case: CaseFile, owner: Owner, person: Person, routes: Sequence[Route],
                  params: YearParams) -> list[Finding]:
    """What :mod:`formhelper.calc.route` did with QCDs above the limit or before 70½."""
    who = owner.value
    end = year_end(case.tax_year)
    mine = [r for r in routes if r.owner == owner and r.on_return
            and r.index is not None and case.forms_1099r[r.index].disposition.qcd > 0]
    if not mine:
        return []
    field = path("forms_1099r", mine[0].index or 0, "disposition", "qcd")
    claimed = sum((case.forms_1099r[r.index or 0].disposition.qcd for r in mine), ZERO)
    taxable = sum((r.qcd_taxable for r in mine), ZERO)
    limit = Decimal(params.qcd.annual_limit.value)
    if not reached(person.date_of_birth, 70, 6, end):
        return [Finding(
            id="qcd-under-70-half", field=field,
            message=(f"{who}: a qualified charitable distribution must be made at age 70½ or "
                     f"older (IRC 408(d)(8)(B)(ii)), and {who} is not 70½ by December 31, "
                     f"{case.tax_year}: the {_d(claimed)} paid to charity is a taxable "
                     "distribution (line 4b), not a QCD. A charitable deduction may be "
                     "claimed on Schedule A instead."),
        )]
    out: list[Finding] = []
    turns = birthday_at(person.date_of_birth, 70, 6)
    if turns.year == case.tax_year and (turns.month, turns.day) != (1, 1):
        # "You must be at least age 70½ when the distribution was made" (Pub. 590-B,
        # Qualified charitable distributions; IRC 408(d)(8)(B)(ii)): in the year you turn
        # 70½ only what was paid on or after that day is a QCD. The payment date is not in
        # the case, so the whole amount is taken as a QCD and the date is named.
        out.append(Finding(
            id="qcd-before-70-half-date", field=field,
            message=(f"{who}: reaches 70½ on {turns:%B} {turns.day}, {turns.year}. Only "
                     "what was paid to charity on or after that day is a qualified "
                     "charitable distribution (IRC 408(d)(8)(B)(ii)); formhelper took all "
                     f"{_d(claimed)} as one. Anything paid before that day is a taxable "
                     "distribution: leave it out of the QCD amount."),
        ))
    if taxable > 0:
        out.append(Finding(
            id="qcd-over-limit", field=field,
            message=(f"{who}: qualified charitable distributions of {_d(claimed)} exceed the "
                     f"{_d(limit)} limit for {case.tax_year} ({params.qcd.annual_limit.source}); "
                     f"the {_d(taxable)} above it is a taxable distribution and is included on "
                     "line 4b (through Form 8606 line 7 when you have basis)."),
        ))
    if person.ira.deductible_contributions > 0:
        out.append(Finding(
            id="qcd-reduced-by-deductions", field=path(who, "ira", "deductible_contributions"),
            message=(f"{who}: the QCD exclusion is reduced by the IRA contributions deducted "
                     "for years in which you were 70½ or older (IRC 408(d)(8)(A); Pub. 590-B, "
                     "'Qualified charitable distributions'). formhelper does not reduce it: "
                     "if you deducted contributions after reaching 70½, that much of the QCD "
                     "is taxable."),
        ))
    return out


def route_findings(case: CaseFile, routes: Sequence[Route],
                   params: YearParams) -> list[Finding]:
    """What a form's route changed from what its entries suggest, in words."""
    out: list[Finding] = []
    for route in routes:
        if route.index is None or not route.on_return:
            continue
        index = route.index
        form = case.forms_1099r[index]
        where = f"forms_1099r[{index}]"
        if route.simple_not_converted > 0:
            out.append(Finding(
                id="simple-not-converted",
                field=path("forms_1099r", index, "disposition", "converted_to_roth_ira"),
                message=(f"{where}: code S is a SIMPLE IRA distribution inside the 2-year "
                         "period that starts when your employer first deposited to it. "
                         "During that period the money may go only to another SIMPLE IRA "
                         "(IRC 408(d)(3)(G)), and it can be converted only after that period "
                         f"(Reg. 1.408A-4, Q&A-4): the {_d(route.simple_not_converted)} that "
                         "reached the "
                         "Roth IRA is a taxable distribution (line 4b), under 59½ with the 25% "
                         "additional tax (Form 5329), not a conversion (no Form 8606 Part II). "
                         "In the Roth IRA it is a regular contribution for the year (Reg. "
                         "1.408A-4, Q&A-3: a failed conversion; record "
                         "it in roth.contributions_this_year); above the year's limit it is an "
                         "excess contribution to withdraw by the due date."),
            ))
        if ("S" in form.codes and route.source == Source.TRADITIONAL_IRA
                and form.disposition.rolled_over > 0):
            out.append(Finding(
                id="simple-rollover", field=path("forms_1099r", index, "disposition",
                                                 "rolled_over"),
                message=(f"{where}: code S: inside the SIMPLE IRA's 2-year period a rollover is "
                         "tax-free only into another SIMPLE IRA (IRC 408(d)(3)(G)). If the "
                         f"{_d(form.disposition.rolled_over)} went to a traditional IRA, it is "
                         "a taxable distribution (25% under 59½) and an excess contribution "
                         "there: record it as kept (remove it from rolled_over)."),
            ))
        if route.box_2a_implausible:
            out.append(Finding(
                id="code-g-box-2a-zero-to-roth", severity=Severity.ERROR, box="2a",
                field=path("forms_1099r", index, "box_2a"),
                message=(f"{where}: a direct rollover (code G) to a Roth IRA with box 2a 0, but "
                         f"box 5 ({_d(form.box_5)}) is less than box 1 ({_d(form.box_1)}). "
                         "For a direct rollover to a Roth IRA the payer reports 'the taxable "
                         "amount in box 2a, and any basis recovery amount in box 5' "
                         "(Instructions for Forms 1099-R and 5498, Direct rollovers): the "
                         "pre-tax money rolled to a Roth IRA is taxable. formhelper reports "
                         f"{_d(route.taxable or ZERO)} (box 1 less box 5) on line 5b. Ask the "
                         "payer for a corrected Form 1099-R."),
            ))
        if (route.source == Source.PLAN and "4" in form.codes and "G" not in form.codes
                and form.disposition.rolled_over > 0):
            # IRC 402(c)(11): a nonspouse designated beneficiary may move plan money only by
            # a direct trustee-to-trustee transfer to an inherited IRA (Pub. 575, Rollovers,
            # "Rollovers by nonspouse beneficiary"); a 60-day rollover is the spouse's.
            out.append(Finding(
                id="inherited-plan-60-day-rollover",
                field=path("forms_1099r", index, "disposition", "rolled_over"),
                message=(f"{where}: coded 4 (death) and rolled over after it was paid to you. "
                         "Only a surviving spouse can roll over a plan distribution within 60 "
                         "days; any other beneficiary can move it only by a direct transfer "
                         "to an inherited IRA (coded 4 and G). If you are not the surviving "
                         f"spouse, the {_d(form.disposition.rolled_over)} is not a rollover "
                         "and is taxable on line 5b: remove it from the amount rolled over."),
            ))
        after_tax = (after_tax_rolled_over(form) if route.source == Source.PLAN else ZERO)
        if after_tax > 0:
            out.append(Finding(
                id="plan-after-tax-rolled-over", severity=Severity.ERROR,
                field=path("forms_1099r", index, "box_5"),
                message=(f"{where}: {_d(after_tax)} of after-tax money (box 5) was rolled "
                         "over with the pre-tax money. If it went into a traditional IRA it "
                         "is basis there: Form 8606 line 2 takes 'any nontaxable portion of a "
                         "rollover' (IRS letter INFO 2017-0028), and formhelper does not add "
                         "it by itself: add it to your Form 8606 line 2 basis unless you "
                         "already did, or Form 8606 and the basis carried to next year are "
                         f"{_d(after_tax)} short. Into another employer plan it stays "
                         "after-tax money of that plan: nothing to add."),
            ))
        if route.to_employer_plan:
            out.append(Finding(
                id="rollover-statement", severity=Severity.INFO,
                field=path("forms_1099r", index, "disposition"),
                message=(f"{where}: rolled over from an IRA into an employer plan: a rollover "
                         "on line 4 (line 4c 'Rollover'), and the Form 1040 instructions ask "
                         "for a statement: 'If you rolled over the distribution into a "
                         "qualified plan other than an IRA or you made the rollover in "
                         f"{case.tax_year + 1}, attach a statement explaining what you did' "
                         "(lines 4a-4b, Exception 1). Name the plan, the date and the amount."),
            ))
    for owner, person in case.people():
        if person.ira.outstanding_rollovers > 0:
            out.append(Finding(
                id="rollover-statement", severity=Severity.INFO,
                field=path(owner.value, "ira", "outstanding_rollovers"),
                message=(f"{owner.value}: a rollover completed in {case.tax_year + 1}: the Form "
                         "1040 instructions (lines 4a-4b, Exception 1) ask for a statement "
                         "explaining what you did when 'you made the rollover in "
                         f"{case.tax_year + 1}'."),
            ))
        out += _outstanding_not_rolled_over(case, owner, person, routes)
        out += _recharacterized_conversion(case, owner, routes)
        out += _conversion_before_rmd(case, owner, person, routes, params)
    return out


def _outstanding_not_rolled_over(case: CaseFile, owner: Owner, person: Person,
                                 routes: Sequence[Route]) -> list[Finding]:
    """An outstanding rollover is a distribution of this year rolled over next year.

    Form 8606 instructions, line 6: "An outstanding rollover is generally the amount of
    any distribution received in [the year] after November 1, [the year], that was rolled
    over in [the next year], but within the 60-day rollover period. ... a rollover is a
    tax-free distribution from one traditional, SEP, or SIMPLE IRA that is contributed to
    another traditional, SEP, or SIMPLE IRA" (2016 text; "Do not include a rollover from a
    traditional or SEP IRA to a qualified employer plan even if it was an outstanding
    rollover").  So it is part of this year's amounts ``rolled_over`` from the person's own
    traditional IRAs.  More than that is counted twice: on line 6 and, as money kept, on
    line 7 (or it is not a rollover at all), so line 10 and line 15c are wrong.
    """
    outstanding = person.ira.outstanding_rollovers
    rolled = sum((case.forms_1099r[r.index].disposition.rolled_over
                  for r in routes_of(routes, owner, Source.TRADITIONAL_IRA)
                  if r.index is not None), ZERO)
    if outstanding <= rolled:
        return []
    you = "you" if owner == Owner.TAXPAYER else "your spouse"
    return [Finding(
        id="outstanding-rollover-not-rolled-over", severity=Severity.ERROR, blocking=True,
        field=path(owner.value, "ira", "outstanding_rollovers"),
        message=(f"{owner.value}: outstanding rollovers of {_d(outstanding)} (Form 8606 line "
                 f"6) are more than the {_d(rolled)} {you} rolled over from traditional, SEP "
                 f"or SIMPLE IRAs on this year's Forms 1099-R. An outstanding rollover is a "
                 f"{case.tax_year} distribution rolled over to a traditional IRA in "
                 f"{case.tax_year + 1} within 60 days (Form 8606 instructions, line 6): mark "
                 "that amount rolled over on its Form 1099-R, or it is counted twice, on line "
                 "6 and as a taxable distribution on line 7."),
    )]


def _recharacterized_conversion(case: CaseFile, owner: Owner,
                                routes: Sequence[Route]) -> list[Finding]:
    """A code N or R form in a year with a conversion: a conversion made after 2017
    "cannot be recharacterized" (IRC 408A(d)(6)(B)(iii), added by TCJA §13611; Form 8606
    instructions, "Recharacterizations"); only a contribution can be."""
    mine = [r for r in routes if r.owner == owner and r.on_return]
    converted = sum((r.line_8 for r in mine), ZERO)
    rechar = [r for r in mine if r.returned == Returned.RECHARACTERIZATION]
    if converted <= 0 or not rechar:
        return []
    index = rechar[0].index or 0
    return [Finding(
        id="conversion-not-recharacterizable", field=path("forms_1099r", index, "box_7"),
        message=(f"forms_1099r[{index}]: a recharacterization (code "
                 f"{case.forms_1099r[index].box_7}) in a year with a conversion of "
                 f"{_d(converted)}. Since 2018 a conversion cannot be recharacterized "
                 "(IRC 408A(d)(6)(B)(iii)): only a regular contribution can. If this form "
                 "moved converted money back, the conversion still counts in full and what "
                 "came back is a Roth IRA distribution plus a traditional IRA contribution; "
                 "ask the custodian to correct it. formhelper treats the form as a "
                 "recharacterized contribution (line 4b 0)."),
    )]


def _conversion_before_rmd(case: CaseFile, owner: Owner, person: Person,
                           routes: Sequence[Route], params: YearParams) -> list[Finding]:
    """A conversion in a year an RMD is required: "the first dollars distributed ... in a
    year for which a minimum distribution is required are treated as the required
    distribution" (Reg. 1.402(c)-2, Q&A-7(a), applied to IRAs by Reg. 1.408-8, Q&A-4),
    and a required minimum distribution "cannot be converted" (Reg. 1.408A-4, Q&A-6(a)).
    None in a year the data waives RMDs (2020: CARES Act §2203, IRC 401(a)(9)(I))."""
    converted = sum((r.line_8 for r in routes_of(routes, owner)), ZERO)
    if converted <= 0 or not rmd_due(person.date_of_birth, case.tax_year, params.rmd_waiver):
        return []
    years, months = rmd_age(person.date_of_birth)
    age = f"{years}½" if months else str(years)
    return [Finding(
        id="conversion-in-rmd-year", field=path(owner.value, "date_of_birth"),
        message=(f"{owner.value}: {_d(converted)} converted in {case.tax_year}, a year a "
                 f"required minimum distribution is due (age {age} or older by December 31). "
                 "The first dollars out of your traditional IRAs in such a year count as the "
                 "RMD until it is taken, and an RMD cannot be converted (Reg. 1.408A-4, "
                 "Q&A-6(a)). If the conversion came before you took the RMD, the RMD part of "
                 "it was not a valid conversion: it is taxable either way, but in the Roth "
                 "IRA it is an excess contribution to withdraw by the due date."),
    )]
