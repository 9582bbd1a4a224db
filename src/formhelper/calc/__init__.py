"""The pure calculation: case file + year figures -> line values and findings.

No I/O here, and no import of textual, pypdf, reportlab or jinja2.  This is the
single place that orders the forms: each person's Form 8606, then Form 1040.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from formhelper.calc import box7_checks, checks, f1040, f5329, f8606, roth
from formhelper.calc.f1040 import F1040Lines, IraForm
from formhelper.calc.f5329 import F5329Lines, Schedule2Lines
from formhelper.calc.f8606 import F8606Inputs, F8606Lines
from formhelper.calc.findings import Finding, Severity, path
from formhelper.calc.roth import Layer
from formhelper.calc.route import (
    Source,
    line_7_part,
    plan_split,
    source_of,
)
from formhelper.models import CaseFile, Form1099R, Owner, Person, RothLayerKind
from formhelper.models.box7 import EXCESS_RETURN, RECHARACTERIZATION
from formhelper.money import ZERO
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
    #: How the year's Form 1040 takes the ``f1040.line_4c``/``line_5c`` items (boxes on
    #: lines 4c/5c, or a word written next to line 4b/5b): the year's data, carried so
    #: that every output words "where it goes" the same way.
    f1040_reporting: F1040Reporting

    @property
    def filed_8606(self) -> dict[Owner, F8606Lines]:
        """The Forms 8606 to file: one per person who needs one."""
        return {owner: lines for owner, lines in self.f8606.items() if lines.required}

    @property
    def filed_5329(self) -> dict[Owner, F5329Lines]:
        """The Forms 5329 to file; the others' tax goes straight to Schedule 2 line 8."""
        return {owner: lines for owner, lines in self.f5329.items() if lines.required}


def _person_inputs(
    case: CaseFile, owner: Owner, person: Person, findings: list[Finding]
) -> tuple[F8606Inputs, list[tuple[int, Form1099R, Decimal | None]], list[Form1099R]]:
    """Gather one person's Form 8606 inputs and sort their Forms 1099-R."""
    year = case.tax_year
    distributions = ZERO
    conversions = ZERO
    roth_distributions = ZERO
    roth_basis_adjustment = ZERO
    plan_layers: list[Layer] = []
    ira_forms: list[tuple[int, Form1099R, Decimal | None]] = []
    plan_forms: list[Form1099R] = []
    for index, form in case.forms_of(owner):
        codes = set(form.codes)
        source = source_of(form)
        where = path("forms_1099r", index)
        if codes & {"P", "R"}:
            findings.append(Finding(
                id="prior-year-form",
                field=path("forms_1099r", index, "box_7"),
                message=(f"{where}: code {form.box_7} reports an amount for the prior year's "
                         "return (a recharacterization or excess contribution of last year); "
                         "it is left off this return. Amend last year's return if it is "
                         "not already there."),
            ))
            continue
        if source == Source.PLAN:
            plan_forms.append(form)
            if form.disposition.converted_to_roth_ira > 0 and "H" not in codes:
                # The Roth IRA holds only the pre-tax money that reached it (Notice
                # 2014-54; route.plan_split): that is the layer's taxable part.
                taxable = plan_split(form).roth_ira
                plan_layers.append(Layer(year, RothLayerKind.PLAN_ROLLOVER, taxable,
                                         form.disposition.converted_to_roth_ira - taxable))
            if "H" in codes:
                # Designated Roth contributions rolled to a Roth IRA become Roth IRA
                # contribution basis (Form 8606 line 22 instructions).
                roth_basis_adjustment += form.box_5
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
        if source == Source.ROTH_IRA:
            if codes & EXCESS_RETURN:
                ira_forms.append((index, form, form.box_2a or ZERO))
                continue
            # Qualified (Pub. 590-B): Form 1040 line 4a only, as code Q (roth.is_qualified).
            qualified = roth.is_qualified(form, person, year)
            findings += roth.qualification_findings(index, form, owner, person, year,
                                                    qualified)
            if qualified:
                ira_forms.append((index, form, ZERO))
                continue
            d = form.disposition
            roth_distributions += form.box_1 - d.rolled_over - d.qcd - d.hsa_funding
            ira_forms.append((index, form, None))
            continue
        # Traditional, SEP or SIMPLE IRA.
        if codes & RECHARACTERIZATION:
            ira_forms.append((index, form, ZERO))
            continue
        if codes & EXCESS_RETURN:
            # Corrective distribution: the earnings (box 2a) are taxable this year.
            ira_forms.append((index, form, form.box_2a or ZERO))
            continue
        distributions += line_7_part(form)
        conversions += form.disposition.converted_to_roth_ira
        ira_forms.append((index, form, None))
    inputs = F8606Inputs(
        tax_year=year,
        nondeductible_contributions=person.ira.nondeductible_contributions,
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
        five_year_period_met=bool(roth.qualified_period_met(
            person.roth.first_contribution_year, year)),
        roth_contribution_basis=(person.roth.contribution_basis
                                 + person.roth.contributions_this_year + roth_basis_adjustment),
        roth_layers=tuple(Layer(lay.year, lay.kind, lay.taxable, lay.nontaxable)
                          for lay in person.roth.layers),
        plan_rollovers_to_roth=tuple(plan_layers),
    )
    return inputs, ira_forms, plan_forms


def compute_return(
    case: CaseFile, params: YearParams, codes: CodeTable | None = None
) -> ReturnResult:
    """Form 8606 for each person, then Form 1040 lines 4a-5c and 25b.

    With the year's Form 1099-R code table (``formhelper.years.codes.load``),
    the findings include the ``check-1099r`` checks of every form.
    """
    findings: list[Finding] = []
    all_8606: dict[Owner, F8606Lines] = {}
    ira_forms: list[IraForm] = []
    plan_forms: list[Form1099R] = []
    f8606_taxable = ZERO
    any_8606 = False
    all_5329: dict[Owner, F5329Lines] = {}
    for owner, person in case.people():
        inputs, person_ira, person_plan = _person_inputs(case, owner, person, findings)
        lines, notes = f8606.compute(inputs)
        findings += notes
        all_8606[owner] = lines
        part_i = lines.line_3 is not None
        for _index, form, taxable in person_ira:
            if taxable is None and source_of(form) == Source.TRADITIONAL_IRA and not part_i:
                # No basis, so no Part I: the distribution is fully taxable and goes to
                # line 4b directly; a conversion is taxed through Part II line 18.
                taxable = line_7_part(form)
            ira_forms.append(IraForm(form, taxable))
        plan_forms += person_plan
        f8606_taxable += lines.taxable_to_line_4b
        any_8606 = any_8606 or lines.required
        findings += checks.person_findings(case, owner, person, inputs, lines, params)
        lines_5329, notes_5329 = f5329.compute(case, owner, person, lines, params.f5329)
        findings += notes_5329
        if lines_5329 is not None:
            all_5329[owner] = lines_5329
    findings += checks.form_findings(case)
    if codes is not None:
        findings += box7_checks.merge(findings, box7_checks.check_case(case, codes, all_8606))
    lines_1040 = f1040.compute(
        ira_forms, f8606_taxable, any_8606, plan_forms, case.forms_1099r
    )
    return ReturnResult(
        tax_year=case.tax_year,
        f8606=all_8606,
        f1040=lines_1040,
        f5329=all_5329,
        schedule_2=f5329.schedule_2(all_5329),
        findings=tuple(findings),
        f1040_reporting=params.f1040_reporting,
    )
