"""The pure calculation: case file + year figures -> line values and findings.

No I/O here, and no import of textual, pypdf, reportlab or jinja2.  This is the
single place that orders the forms: each person's Form 8606, then Form 1040.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from formhelper.calc import checks, f1040, f5329, f8606, form_checks, roth, scope
from formhelper.calc.contributions import contributions
from formhelper.calc.f1040 import F1040Lines, IraForm
from formhelper.calc.f5329 import F5329Lines, Schedule2Lines
from formhelper.calc.f8606 import F8606Inputs, F8606Lines
from formhelper.calc.findings import Finding, Severity, path
from formhelper.calc.roth import Layer
from formhelper.calc.route import (
    OffReturn,
    Route,
    Source,
    inherited_routes,
    plan_split,
    route_case,
    routes_of,
)
from formhelper.models import CaseFile, Owner, Person, RothLayerKind
from formhelper.money import ZERO, fmt_dollars
from formhelper.years.codes import CodeTable
from formhelper.years.params import F1040Reporting, YearParams

__all__ = [
    "F1040Lines", "F5329Lines", "F8606Lines", "Finding", "ReturnResult", "Schedule2Lines",
    "Severity", "compute_return",
]


class ReturnResult(BaseModel):
    """Everything computed for one return."""

    model_config = ConfigDict(frozen=True)

    tax_year: int
    #: Every person's Form 8606 lines, filed or not (see ``filed_8606``).
    f8606: dict[Owner, F8606Lines]
    f1040: F1040Lines
    #: Form 5329 Part I of each person with an early distribution on line 1, filed or
    #: not (see ``filed_5329``): "Spouses each file their own".
    f5329: dict[Owner, F5329Lines] = {}
    #: Schedule 2 line 8: the total of the Forms 5329 line 4.
    schedule_2: Schedule2Lines = Schedule2Lines()
    findings: tuple[Finding, ...]
    #: Where each Form 1099-R goes (:mod:`formhelper.calc.route`), in the case's order:
    #: every output reads this decision instead of testing the codes again.
    routes: tuple[Route, ...] = ()
    #: How the year's Form 1040 takes the ``f1040.line_4c``/``line_5c`` items (boxes on
    #: lines 4c/5c, or a word written next to line 4b/5b): the year's data, carried so
    #: that every output words "where it goes" the same way.
    f1040_reporting: F1040Reporting

    #: The Form 8606 of each inherited IRA, per person and decedent (Pub. 590-B, "IRA with
    #: basis": a separate Form 8606 for the IRA inherited from each decedent), filed or not.
    f8606_inherited: dict[Owner, dict[str, F8606Lines]] = {}

    @property
    def filed_8606(self) -> dict[Owner, F8606Lines]:
        """The Forms 8606 to file: one per person who needs one."""
        return {owner: lines for owner, lines in self.f8606.items() if lines.required}

    @property
    def filed_8606_inherited(self) -> dict[Owner, dict[str, F8606Lines]]:
        """The Forms 8606 of inherited IRAs to file, per person and decedent."""
        out: dict[Owner, dict[str, F8606Lines]] = {}
        for owner, forms in self.f8606_inherited.items():
            filed = {decedent: lines for decedent, lines in forms.items() if lines.required}
            if filed:
                out[owner] = filed
        return out

    @property
    def filed_5329(self) -> dict[Owner, F5329Lines]:
        """The Forms 5329 to file; the others' tax goes straight to Schedule 2 line 8."""
        return {owner: lines for owner, lines in self.f5329.items() if lines.required}


def _person_inputs(
    case: CaseFile, owner: Owner, person: Person, routes: Sequence[Route],
    params: YearParams, findings: list[Finding],
) -> F8606Inputs:
    """Gather one person's Form 8606 inputs from the routes of their Forms 1099-R."""
    year = case.tax_year
    distributions = ZERO
    conversions = ZERO
    roth_distributions = ZERO
    roth_basis_adjustment = ZERO
    plan_layers: list[Layer] = []
    for route in routes:
        if route.owner != owner or route.index is None or route.inherited_from is not None:
            continue
        index = route.index
        form = case.forms_1099r[index]
        codes = set(form.codes)
        where = path("forms_1099r", index)
        if route.off_return == OffReturn.PRIOR_YEAR:
            # Codes P and R: "taxable in [the year before the form's year]" (Instructions
            # for Forms 1099-R and 5498, Table 1).
            belongs = (route.form_year or year) - 1
            if "R" in codes:
                # A recharacterization made this year of last year's contribution: "report
                # the amount transferred only in the attached statement, and not on your
                # [last year's] or [this year's] tax return" (Form 8606 instructions).
                findings.append(Finding(
                    id="prior-year-form",
                    field=path("forms_1099r", index, "box_7"),
                    message=(f"{where}: code R, a contribution for {belongs} recharacterized "
                             f"in {year}: it goes on no line of this {year} return nor of the "
                             f"{belongs} return. Report the amount transferred only in the "
                             f"statement explaining the recharacterization attached to your "
                             f"{belongs} return (Form 8606 instructions, "
                             "Recharacterizations)."),
                ))
                continue
            findings.append(Finding(
                id="prior-year-form",
                field=path("forms_1099r", index, "box_7"),
                message=(f"{where}: code {form.box_7} reports an amount for your {belongs} "
                         f"return (a recharacterization or excess contribution for {belongs}); "
                         f"it is left off this {year} return. Put it on your {belongs} return "
                         f"(amend it with Form 1040-X if it is already filed). If this is a "
                         f"{year + 1} Form 1099-R, set form_year = {year + 1}: it then goes on "
                         "this return."),
            ))
            continue
        if route.off_return == OffReturn.STATEMENT_ONLY:
            findings.append(Finding(
                id="recharacterization-statement-only", severity=Severity.INFO,
                field=path("forms_1099r", index, "box_7"),
                message=(f"{where}: a {route.form_year} Form 1099-R coded R: a contribution "
                         f"for {year} recharacterized in {year + 1}. The Form 8606 "
                         "instructions (Recharacterizations) say to report the amount "
                         "transferred only in the statement attached to this return, not on "
                         f"Form 1040 line 4a of {year} or {year + 1}: it is left off the "
                         "lines. The contribution counts as made to the second IRA (Form 8606 "
                         "line 1 if it is now a nondeductible traditional IRA contribution), "
                         "and line 6 takes 'into account all recharacterizations ... including "
                         "recharacterizations made after December 31': the December 31 value "
                         "of your traditional IRAs includes it when it went to a traditional "
                         "IRA, and leaves it out when it left one."),
            ))
            continue
        if route.form_year is not None and route.form_year != year:
            findings.append(Finding(
                id="next-year-form", severity=Severity.INFO,
                field=path("forms_1099r", index, "form_year"),
                message=(f"{where}: a {route.form_year} Form 1099-R coded {form.box_7}: "
                         f"its amount is reported on this {year} return, the year before the "
                         "form's year (Instructions for Forms 1099-R and 5498, codes P and "
                         "R)."),
            ))
        if route.source == Source.PLAN:
            if form.disposition.converted_to_roth_ira > 0 and "H" not in codes:
                # The Roth IRA holds only the pre-tax money that reached it (Notice
                # 2014-54; route.plan_split): that is the layer's taxable part.
                taxable = plan_split(form).roth_ira
                plan_layers.append(Layer(year, RothLayerKind.PLAN_ROLLOVER, taxable,
                                         form.disposition.converted_to_roth_ira - taxable))
            if "H" in codes:
                # What was investment in the contract in the designated Roth account
                # becomes Roth IRA contribution basis (Form 8606 line 22 instructions;
                # roth.designated_roth_rollover_basis): box 5, or all of a qualified one.
                basis = roth.designated_roth_rollover_basis(form, person, year)
                if basis is None:
                    basis = form.box_5
                    why = ("box 11 is blank" if form.box_11 is None else "59½ was reached "
                           "during the year and the payment date is not known")
                    findings.append(Finding(
                        id="code-h-qualified-unknown",
                        field=path("forms_1099r", index, "box_11"),
                        message=(f"{where}: a designated Roth account rolled to a Roth IRA "
                                 "(code H). Whether it was a qualified distribution (5 years "
                                 "from box 11, and 59½, death or disability) cannot be told "
                                 f"({why}). Only box 5 (${fmt_dollars(form.box_5)}) is counted "
                                 "as Roth IRA "
                                 "contribution basis (Form 8606 line 22); if the distribution "
                                 "was qualified, all of the amount rolled over is (Form 8606 "
                                 "instructions, line 22: 'any amount rolled in from a "
                                 "designated Roth account that is treated as investment in "
                                 "the contract')."),
                    ))
                roth_basis_adjustment += basis
            if "G" in codes and form.box_2a is None:
                findings.append(Finding(
                    id="code-g-box-2a-blank", field=path("forms_1099r", index, "box_2a"),
                    message=(f"{where}: a direct rollover (code G) with box 2a blank: the "
                             "destination decides the taxable amount. Taken as taxable only "
                             "for the part converted to a Roth IRA, rolled in-plan or withheld "
                             "for tax; check with the payer."),
                ))
            elif form.box_2a is None:
                findings.append(Finding(
                    id="plan-box-2a-blank", field=path("forms_1099r", index, "box_2a"),
                    message=(f"{where}: box 2a is blank; the taxable amount is taken as box 1 "
                             "less box 5. If you have after-tax money in the plan, figure the "
                             "taxable part with the Simplified Method (Form 1040 instructions)."),
                ))
            continue
        if route.source == Source.ROTH_IRA:
            if route.returned is None:
                # Qualified (Pub. 590-B): Form 1040 line 4a only (route; roth.is_qualified).
                findings += roth.qualification_findings(index, form, owner, person, year,
                                                        route.roth_qualified)
            roth_distributions += route.line_19
            continue
        # Traditional, SEP or SIMPLE IRA.
        distributions += route.line_7
        conversions += route.line_8
    return F8606Inputs(
        tax_year=year,
        # Line 1: nondeductible contributions up to the year's limit; the rest is an
        # excess contribution, not basis (calc.contributions).
        nondeductible_contributions=contributions(person, params, year).nondeductible_allowed,
        contributions_made_next_year=person.ira.contributions_made_next_year,
        deductible_contributions=person.ira.deductible_contributions,
        prior_basis=person.ira.prior_basis,
        year_end_value=person.ira.year_end_value or ZERO,
        outstanding_rollovers=person.ira.outstanding_rollovers,
        distributions=distributions,
        conversions=conversions,
        roth_distributions=roth_distributions,
        first_time_homebuyer_expenses=person.roth.first_time_homebuyer_expenses,
        prior_first_time_homebuyer=person.roth.prior_first_time_homebuyer,
        five_year_period_met=bool(roth.period_met(person, year)),
        roth_contribution_basis=(person.roth.contribution_basis
                                 + person.roth.contributions_this_year + roth_basis_adjustment),
        roth_layers=tuple(Layer(lay.year, lay.kind, lay.taxable, lay.nontaxable)
                          for lay in person.roth.layers),
        plan_rollovers_to_roth=tuple(plan_layers),
    )


def compute_return(
    case: CaseFile, params: YearParams, codes: CodeTable | None = None
) -> ReturnResult:
    """Form 8606 for each person, then Form 1040 lines 4a-5c and 25b.

    With the year's Form 1099-R code table (``formhelper.years.codes.load``),
    the findings include the ``check-1099r`` checks of every form.
    """
    refused = scope.knockouts(case)
    if refused:
        raise scope.Unsupported(refused)
    findings: list[Finding] = []
    routes = route_case(case, Decimal(params.qcd.annual_limit.value))
    all_8606: dict[Owner, F8606Lines] = {}
    inherited_8606: dict[Owner, dict[str, F8606Lines]] = {}
    ira_forms: list[IraForm] = []
    f8606_taxable = ZERO
    any_8606 = False
    all_5329: dict[Owner, F5329Lines] = {}
    for owner, person in case.people():
        inputs = _person_inputs(case, owner, person, routes, params, findings)
        lines, notes = f8606.compute(inputs)
        findings += notes
        all_8606[owner] = lines
        ira_forms += _ira_forms(case, routes_of(routes, owner), lines)
        f8606_taxable += lines.taxable_to_line_4b
        any_8606 = any_8606 or lines.required
        for entry in person.inherited_iras:
            decedent = entry.decedent
            inherited = inherited_routes(routes, owner, decedent)
            lines_i, notes_i = f8606.compute(_inherited_inputs(case, entry.basis,
                                                               entry.year_end_value, inherited))
            findings += notes_i
            if entry.year_end_value is None and lines_i.line_6 is not None:
                findings.append(Finding(
                    id="year-end-value-missing",
                    field=path(owner.value, "inherited_iras", person.inherited_iras.index(entry),
                               "year_end_value"),
                    message=(f"{owner.value}: the December 31 value of the IRA inherited from "
                             f"{decedent} (line 6 of its Form 8606) is missing and was taken "
                             "as 0. If it held money on December 31, enter it (Form 5498 "
                             "box 5)."),
                ))
            inherited_8606.setdefault(owner, {})[decedent] = lines_i
            ira_forms += _ira_forms(case, inherited, lines_i)
            f8606_taxable += lines_i.taxable_to_line_4b
            any_8606 = any_8606 or lines_i.required
        findings += checks.person_findings(case, owner, person, routes, inputs, lines, params)
        lines_5329, notes_5329 = f5329.compute(case, owner, person, routes, lines, params.f5329)
        findings += notes_5329
        if lines_5329 is not None:
            all_5329[owner] = lines_5329
    findings += checks.form_findings(case)
    findings += checks.route_findings(case, routes, params)
    if codes is not None:
        findings += form_checks.merge(findings, form_checks.check_case(case, codes, all_8606,
                                                                       routes))
    plan_routes = [r for r in routes if r.on_return and r.source == Source.PLAN]
    # Line 25b takes the tax withheld in the tax year: "The amount so withheld during any
    # calendar year shall be allowed as a credit for the taxable year beginning in such
    # calendar year" (IRC 31(a)(2)). A form of the tax year coded P or R (its amount is
    # for last year) counts here; a next year's form (form_year) counts next year.
    withheld_this_year = [f for f in case.forms_1099r
                          if f.form_year is None or f.form_year == case.tax_year]
    for index, form in enumerate(case.forms_1099r):
        if form.form_year is not None and form.form_year != case.tax_year and form.box_4 > 0:
            findings.append(Finding(
                id="withheld-next-year", severity=Severity.INFO,
                field=path("forms_1099r", index, "box_4"),
                message=(f"{path('forms_1099r', index)}: the ${form.box_4:,.2f} of tax "
                         f"withheld in {form.form_year} (box 4) is credited on your "
                         f"{form.form_year} return, line 25b, not on this {case.tax_year} "
                         "return (IRC 31(a)(2): withholding counts for the year it was "
                         "withheld)."),
            ))
    lines_1040 = f1040.compute(
        ira_forms, f8606_taxable, any_8606,
        [(r, case.forms_1099r[r.index or 0].box_1) for r in plan_routes], withheld_this_year,
    )
    return ReturnResult(
        tax_year=case.tax_year,
        f8606=all_8606,
        f1040=lines_1040,
        f5329=all_5329,
        schedule_2=f5329.schedule_2(all_5329),
        findings=tuple(findings),
        routes=routes,
        f1040_reporting=params.f1040_reporting,
        f8606_inherited=inherited_8606,
    )


def _ira_forms(case: CaseFile, routes: Sequence[Route], lines: F8606Lines) -> list[IraForm]:
    """The line-4 forms of one Form 8606 (a person's own IRAs, or one inherited IRA) with
    the taxable amount each carries beside the Form 8606 lines 15c, 18 and 25c."""
    part_i = lines.line_3 is not None
    out = []
    for route in routes:
        if route.source == Source.PLAN:
            continue
        taxable = route.taxable
        if route.fully_taxable_without_8606 and not part_i:
            # No basis, so no Part I: the distribution is fully taxable and goes to
            # line 4b directly; a conversion is taxed through Part II line 18.
            taxable = route.line_7
        out.append(IraForm(route, case.forms_1099r[route.index or 0].box_1, taxable))
    return out


def _inherited_inputs(case: CaseFile, basis: Decimal, year_end_value: Decimal | None,
                      routes: Sequence[Route]) -> F8606Inputs:
    """Form 8606 Part I of one inherited IRA: its basis on line 2, its December 31 value
    on line 6, its distributions on line 7.

    Pub. 590-B, "IRA with basis": "If you inherit a traditional IRA from a person who had
    a basis in the IRA because of nondeductible contributions, that basis remains with the
    IRA. Unless you are the decedent's spouse and choose to treat the IRA as your own, you
    can't combine this basis with any basis you have in your own traditional IRA(s) or any
    basis in traditional IRA(s) you inherited from other decedents. If you take
    distributions from both an inherited IRA and your IRA, and each has basis, you must
    complete separate Forms 8606".  No contribution can be made to an inherited IRA and it
    cannot be converted (:mod:`formhelper.calc.scope` refuses a conversion), so lines 1, 4
    and 8 stay empty.
    """
    return F8606Inputs(
        tax_year=case.tax_year,
        prior_basis=basis,
        year_end_value=year_end_value or ZERO,
        distributions=sum((r.line_7 for r in routes), ZERO),
    )
