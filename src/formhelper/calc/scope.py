"""What formhelper does not compute: situations a case can express that are refused.

Each :class:`Knockout` names the case-file field and the situation, and says what to do
instead; ``docs/scope.md`` lists them with the situations no case can express.  The
case-file reader (:func:`formhelper.files.casefile.parse_case`) turns them into ``error:``
lines, so ``compute``, ``prepare``, ``prepare-batch`` and the wizard all stop on them;
:func:`formhelper.calc.compute_return` refuses them too (:class:`Unsupported`).
A silent wrong number is worse than no number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from formhelper.calc.findings import path
from formhelper.calc.route import Source, source_of
from formhelper.models import CaseFile, Form1099R, Owner, Person
from formhelper.models.box7 import EXCESS_RETURN, RECHARACTERIZATION
from formhelper.money import ZERO

#: Codes P and R: an amount for the year before the form's year.
_PRIOR_YEAR = frozenset("PR")


@dataclass(frozen=True)
class Knockout:
    """One unsupported situation: the field that shows it, and what to do instead."""

    #: Stable id (docs/scope.md, tests).
    id: str
    field: str
    message: str
    #: The message for a person in the wizard, when ``message`` tells a case-file editor
    #: what to write ("" when ``message`` already reads plainly).
    plain: str = ""

    def line(self) -> str:
        """``field: message``, as the case-file reader prints problems."""
        return f"{self.field}: {self.message}"

    def plain_line(self) -> str:
        """``field: message`` in the words of the wizard's screens."""
        return f"{self.field}: {self.plain or self.message}"


class Unsupported(ValueError):
    """The case holds a situation formhelper does not compute."""

    def __init__(self, knockouts: Sequence[Knockout]) -> None:
        super().__init__("; ".join(k.line() for k in knockouts))
        self.knockouts = tuple(knockouts)


def _form_year(case: CaseFile, index: int, form: Form1099R) -> list[Knockout]:
    """A Form 1099-R of another year.  Codes P and R of the next year report an amount
    "taxable in" / "made for" the year before the form's year (Instructions for Forms
    1099-R and 5498, Table 1): this return.  Any other form belongs on its own year's
    return."""
    year = form.form_year
    if year is None or year == case.tax_year:
        return []
    field = path("forms_1099r", index, "form_year")
    if year == case.tax_year + 1 and set(form.codes) & _PRIOR_YEAR:
        return []
    if set(form.codes) & _PRIOR_YEAR:
        belongs = year - 1
        return [Knockout("form-of-another-year", field,
                         f"a {year} Form 1099-R coded {form.box_7} reports an amount for your "
                         f"{belongs} return, not this {case.tax_year} return; put it in the "
                         f"case file for {belongs} (amend that return if it is filed)")]
    return [Knockout("form-of-another-year", field,
                     f"a {year} Form 1099-R belongs on your {year} return, not this "
                     f"{case.tax_year} return; only a {case.tax_year + 1} form coded P or R "
                     "goes on the return of the year before it. Remove it from this case")]


def _inherited(case: CaseFile, index: int, form: Form1099R,
               person: Person | None) -> list[Knockout]:
    """Inherited IRAs: a code 4 IRA form must be described; a beneficiary cannot convert
    or roll over; inherited Roth IRAs are not computed."""
    out: list[Knockout] = []
    source = source_of(form)
    field = path("forms_1099r", index, "inherited_from")
    who = "taxpayer" if form.owner == Owner.TAXPAYER else "spouse"
    if source == Source.ROTH_IRA and (form.inherited_from is not None or "4" in form.codes):
        # Code 4 (death) on a Roth IRA form (Instructions for Forms 1099-R and 5498,
        # box 7, code 4 "Death"): the money comes from a Roth IRA the recipient
        # inherited, whose clocks and basis are the decedent's.
        out.append(Knockout(
            "inherited-roth-ira",
            field if form.inherited_from is not None
            else path("forms_1099r", index, "box_7"),
            "a distribution from an inherited Roth IRA is not supported: its 5-year period "
            "and basis are the decedent's, on their own Form 8606 Part III (Pub. 590-B, "
            "'Distributions from an inherited Roth IRA'). Prepare this return by hand or "
            "with a tax professional"))
        return out
    if source != Source.TRADITIONAL_IRA:
        return out
    if "4" in form.codes and form.inherited_from is None and person is not None:
        count = len(person.inherited_iras)
        if count == 0:
            out.append(Knockout(
                "code-4-not-described", field,
                f"Form 1099-R {index + 1} ({form.payer or 'no payer name'}) is coded 4 "
                "(death): it comes from an IRA you inherited, which has its own Form 8606, "
                "never pooled with your own IRAs. Describe it: add "
                f"[[{who}.inherited_iras]] with decedent = \"...\", basis = (the decedent's "
                "basis: their last Form 8606 line 14, 0 if none) and year_end_value = (its "
                "value on December 31), then inherited_from = \"<decedent>\" on this form",
                plain="Coded 4 (death): money from an inherited IRA, which has its own Form "
                "8606. Press \"Describe the inherited IRA\" below: who died, their basis "
                "(their last Form 8606 line 14, or 0) and the value on December 31; then "
                "choose it under \"Paid from\""))
        elif count > 1:
            names = ", ".join(repr(e.decedent) for e in person.inherited_iras)
            out.append(Knockout(
                "code-4-which-decedent", field,
                f"coded 4 (death), and the {who} inherited IRAs from {names}: say which one "
                "this form is from with inherited_from",
                plain=f"coded 4 (death), and IRAs were inherited from {names}: choose under "
                "\"Paid from\" which one this form is from"))
    inherited = form.inherited_from is not None or (
        "4" in form.codes and person is not None and len(person.inherited_iras) == 1)
    if inherited:
        d = form.disposition
        moved = {"converted_to_roth_ira": d.converted_to_roth_ira,
                 "rolled_over": d.rolled_over,
                 "rolled_to_employer_plan": d.rolled_to_employer_plan,
                 "in_plan_roth_rollover": d.in_plan_roth_rollover}
        for name, amount in moved.items():
            if amount > 0:
                out.append(Knockout(
                    "inherited-rollover", path("forms_1099r", index, "disposition", name),
                    "money from an IRA inherited from someone other than your spouse cannot "
                    "be rolled over or converted (Pub. 590-B, 'Inherited from someone other "
                    "than spouse': 'you can't roll over this amount'); a trustee-to-trustee "
                    "transfer to another inherited IRA is not a distribution and belongs "
                    "nowhere in the case. A surviving spouse's rollover into their own IRA "
                    "(the decedent's basis joins theirs) is not supported by formhelper"))
                break
    return out


def _plan_only(case: CaseFile, index: int, form: Form1099R) -> list[Knockout]:
    """Employer-plan forms: corrective distributions of excess deferrals (line 1h), and
    IRA-only dispositions (QCD, HSA funding, rollover into a plan from an IRA)."""
    out: list[Knockout] = []
    source = source_of(form)
    codes = set(form.codes)
    if source == Source.PLAN and codes & EXCESS_RETURN and (
            "8" in codes or form.form_year == case.tax_year + 1):
        out.append(Knockout(
            "plan-excess-deferral", path("forms_1099r", index, "box_7"),
            f"code {form.box_7} on an employer-plan form is a corrective distribution of "
            "excess deferrals or contributions, reported on the wage line of Form 1040 "
            "(line 1h from 2022, line 1 before), not line 5: 'Corrective distributions from "
            "a retirement plan shown on Form 1099-R of excess salary deferrals and excess "
            "contributions (plus earnings). But don't include distributions from an IRA' "
            "(Instructions for Form 1040, line 1h, as recalled). formhelper does not compute "
            "that line: enter box 2a there yourself and leave this form out of the case"))
    d = form.disposition
    if source == Source.PLAN:
        for name, amount, what in (
                ("qcd", d.qcd, "a qualified charitable distribution can only come from an "
                 "IRA (IRC 408(d)(8)), not from an employer plan"),
                ("hsa_funding", d.hsa_funding, "an HSA funding distribution can only come "
                 "from an IRA (IRC 408(d)(9)), not from an employer plan"),
                ("rolled_to_employer_plan", d.rolled_to_employer_plan, "rolled_to_employer_plan"
                 " is for IRA money rolled into a plan; plan money rolled into another plan "
                 "or a traditional IRA is rolled_over")):
            if amount > 0:
                out.append(Knockout(
                    "ira-only-disposition", path("forms_1099r", index, "disposition", name),
                    what, plain="the amount rolled into an employer plan is for IRA money; "
                    "plan money rolled into another plan or an IRA is the amount rolled over"
                    if name == "rolled_to_employer_plan" else ""))
    if source == Source.ROTH_IRA and d.rolled_to_employer_plan > 0:
        out.append(Knockout(
            "ira-only-disposition",
            path("forms_1099r", index, "disposition", "rolled_to_employer_plan"),
            "Roth IRA money cannot be rolled into an employer plan (Pub. 590-B, Roth IRA "
            "rollovers: only to another Roth IRA)"))
    return out


#: Form 5329 line 2 exceptions that apply to one kind of account only, in the words of the
#: Instructions for Form 5329, line 2 (the same numbers 01-09 in the 2012, 2016 and 2017
#: texts and in the 2025 list, forms/<year>/f5329.toml): 01 "Qualified retirement plan
#: distributions (doesn't apply to IRAs) you receive after separation from service ... in
#: or after the year you reach age 55"; 06 "Qualified retirement plan distributions made to
#: an alternate payee under a qualified domestic relations order (doesn't apply to IRAs)";
#: 07 "IRA distributions made to unemployed individuals for health insurance premiums"; 08
#: "IRA distributions made for higher education expenses"; 09 "IRA distributions made for
#: purchase of a first home, up to $10,000".
PLAN_ONLY_EXCEPTIONS = {"01": "separation from service in or after the year you reach 55",
                        "06": "a qualified domestic relations order"}
IRA_ONLY_EXCEPTIONS = {"07": "health insurance premiums while unemployed",
                       "08": "higher education expenses",
                       "09": "a first home"}


def _exception_kind(index: int, form: Form1099R) -> list[Knockout]:
    """An exception claimed on a Form 1099-R of the kind of account it does not cover: an
    IRA exception (07, 08, 09) on an employer-plan form, a plan exception (01, 06) on a
    traditional, SEP, SIMPLE or Roth IRA form.  Claimed anyway it would take the 10%
    additional tax off a distribution that owes it (IRC 72(t)(2)(A)(v), (C), (D), (E),
    (F) and 72(t)(3)(A))."""
    out: list[Knockout] = []
    plan = source_of(form) == Source.PLAN
    wrong = IRA_ONLY_EXCEPTIONS if plan else PLAN_ONLY_EXCEPTIONS
    for j, exc in enumerate(form.early_exceptions):
        if exc.number not in wrong:
            continue
        if plan:
            what = (f"exception {exc.number} ({wrong[exc.number]}) covers only IRA "
                    "distributions, and this Form 1099-R is from an employer plan (its "
                    "IRA/SEP/SIMPLE box is not checked)")
        else:
            what = (f"exception {exc.number} ({wrong[exc.number]}) covers only employer-plan "
                    "distributions ('doesn't apply to IRAs'), and this Form 1099-R is from an "
                    "IRA")
        out.append(Knockout(
            "exception-wrong-account", path("forms_1099r", index, "early_exceptions", j,
                                            "number"),
            f"{what} (Instructions for Form 5329, line 2). Remove it: the 10% additional tax "
            "applies unless another exception does"))
    return out


def _designated_roth_to_roth(case: CaseFile, index: int, form: Form1099R) -> list[Knockout]:
    """A designated Roth account distribution (code B or H) marked converted to a Roth IRA or
    rolled in-plan.  Designated Roth money is Roth money already: rolled to a Roth IRA it is
    not taxed and its designated Roth contributions become Roth IRA contribution basis (Form
    8606 line 22 instructions), which formhelper computes only for a direct rollover coded H
    (its box 5); moved "in-plan" it is no in-plan Roth rollover (that is pre-tax money
    moved into the designated Roth account, Notice 2013-74).  Taxing it as a rollover of
    pre-tax money would be a wrong figure."""
    if source_of(form) != Source.PLAN or not set(form.codes) & {"B", "H"}:
        return []
    d = form.disposition
    out: list[Knockout] = []
    if d.in_plan_roth_rollover > 0:
        out.append(Knockout(
            "designated-roth-rollover", path("forms_1099r", index, "disposition",
                                             "in_plan_roth_rollover"),
            f"a designated Roth account distribution (code {form.box_7}) cannot be an in-plan "
            "Roth rollover: that moves pre-tax plan money into the designated Roth account "
            "(Notice 2013-74). Money that went back into a designated Roth account is a "
            "rollover: enter it as rolled over"))
    if d.converted_to_roth_ira > 0 and "H" not in form.codes:
        out.append(Knockout(
            "designated-roth-rollover", path("forms_1099r", index, "disposition",
                                             "converted_to_roth_ira"),
            f"a designated Roth account distribution (code {form.box_7}) rolled over to a Roth "
            "IRA within 60 days is a rollover between Roth accounts, not taxed like a "
            "rollover of pre-tax money, and the part that was your designated Roth "
            "contributions becomes Roth IRA contribution basis (Pub. 575, 'Rollovers'; Form "
            "8606 line 22 instructions). formhelper does not compute that basis split; a "
            "direct rollover is coded H and is computed. Prepare this return by hand or "
            "with a tax professional"))
    return out


def _inherited_plan_to_roth(index: int, form: Form1099R) -> list[Knockout]:
    """A plan distribution coded 4 (death) that reached a Roth IRA.

    Instructions for Forms 1099-R, code G: "If the direct rollover is made on behalf of a
    nonspouse designated beneficiary, also enter Code 4"; such a rollover goes to an
    inherited IRA (IRC 402(c)(11)), whose history is kept apart from the beneficiary's own
    Roth IRAs (Pub. 590-B, inherited IRAs), and formhelper does not support inherited Roth
    IRAs.  A surviving spouse may roll into their own Roth IRA instead; formhelper cannot
    tell the two apart, and adding the rollover to the wrong Roth IRA history would put a
    wrong figure on a later Form 8606 line 24."""
    if source_of(form) != Source.PLAN or "4" not in form.codes:
        return []
    if form.disposition.converted_to_roth_ira > 0:
        field = path("forms_1099r", index, "disposition", "converted_to_roth_ira")
    elif "H" in form.codes:
        # Code 4H: a designated Roth account rolled directly to a Roth IRA for a
        # beneficiary; its basis would join the wrong Roth IRA history the same way.
        field = path("forms_1099r", index, "box_7")
    else:
        return []
    return [Knockout(
        "inherited-plan-to-roth", field,
        "a plan distribution coded 4 (death) that reached a Roth IRA: for a beneficiary "
        "other than a spouse it went to an inherited Roth IRA, kept apart from your own Roth "
        "IRAs, which formhelper does not support; a surviving spouse's rollover into their "
        "own Roth IRA cannot be told apart from it. Form 1040 line 5b is the taxable amount "
        "(box 2a); prepare the rest by hand or with a tax professional")]


def _prohibited_transaction(index: int, form: Form1099R) -> list[Knockout]:
    """Code 5: the IRA stopped being an IRA (IRC 408(e)(2)); the whole account is treated
    as distributed on January 1, with its own basis rules."""
    if "5" not in form.codes:
        return []
    return [Knockout(
        "prohibited-transaction", path("forms_1099r", index, "box_7"),
        "code 5 (prohibited transaction): the account stopped being an IRA and its whole "
        "value on January 1 is treated as distributed (Pub. 590-B, 'Prohibited "
        "Transactions'). formhelper does not compute this; prepare the return with a tax "
        "professional")]


def _one_rollover_per_year(case: CaseFile) -> list[Knockout]:
    """Two IRA-to-IRA rollovers of one person in one year: only one can be tax-free.

    IRC 408(d)(3)(B); Pub. 590-A, "Application of one-rollover-per-year limitation": "You
    can make only one rollover from an IRA to another (or the same) IRA in any 1-year
    period regardless of the number of IRAs you own. The limit will apply by aggregating
    all of an individual's IRAs, including SEP and SIMPLE IRAs as well as traditional and
    Roth IRAs ... However, trustee-to-trustee transfers between IRAs aren't limited and
    rollovers from traditional IRAs to Roth IRAs (conversions) aren't limited" (its
    example: after a January 1 rollover, "John can't roll over any other [same-year] IRA
    distribution").  Two Forms 1099-R of one year are two distributions, both within 12
    months of each other, so at most one of the amounts marked ``rolled_over`` on a
    person's IRA forms is a rollover; the other is a taxable distribution (and the money
    put back an excess contribution).  Which one came first the case does not say, so
    both would be a guess: refused.  A rollover into an employer plan
    (``rolled_to_employer_plan``, code G) and a conversion are not limited.
    """
    out: list[Knockout] = []
    for owner, _person in case.people():
        rolled = [(i, f) for i, f in case.forms_of(owner)
                  if source_of(f) != Source.PLAN and f.disposition.rolled_over > 0
                  and f.inherited_from is None
                  and (f.form_year is None or f.form_year == case.tax_year)]
        if len(rolled) < 2:
            continue
        index = rolled[1][0]
        first = rolled[0][0]
        out.append(Knockout(
            "one-rollover-per-year", path("forms_1099r", index, "disposition", "rolled_over"),
            f"Forms 1099-R {first + 1} and {index + 1} are both IRA distributions rolled "
            "over to an IRA in the same year: only one rollover from an IRA to another (or "
            "the same) IRA is allowed in any 12 months, counting all traditional, SEP, "
            "SIMPLE and Roth IRAs (IRC 408(d)(3)(B); Pub. 590-A, 'Application of "
            "one-rollover-per-year limitation'). The later one is a taxable distribution and "
            "what was put back an excess contribution. A trustee-to-trustee transfer is not a "
            "distribution: leave it out of the case. Otherwise keep only the first rollover "
            "as rolled over and enter the other as kept",
            plain=f"Forms 1099-R {first + 1} and {index + 1} were both rolled over from an "
            "IRA to an IRA this year: only one such rollover is allowed in 12 months, for all "
            "your IRAs together (Pub. 590-A). A direct transfer between IRAs is no "
            "distribution: leave it out. Otherwise enter only the first as rolled over"))
    return out


def _ira_to_plan_basis(case: CaseFile) -> list[Knockout]:
    """IRA money rolled into an employer plan that must have included basis.

    IRC 408(d)(3)(A)(ii): the amount rolled from an IRA into an employer plan "may not
    exceed the portion of the amount received which is includible in gross income";
    IRC 408(d)(3)(H) treats it as coming from that portion first.  Pub. 590-A, "Tax
    treatment of a rollover from a traditional IRA to an eligible retirement plan other
    than an IRA": "a special rule treats a distribution you roll over into an eligible
    retirement plan as including only otherwise taxable amounts if the amount you either
    leave in your IRAs or do not roll over is at least equal to your basis."  formhelper
    relies on that rule (the rollover is left off Form 8606 line 7 and the basis carries
    over).  When what stayed in the person's traditional, SEP and SIMPLE IRAs (December 31
    value and outstanding rollovers) plus what was not rolled into the plan is less than
    the basis, part of the basis went into the plan, which the law does not allow: the
    basis carried to next year and line 4b would be wrong.  Refused.
    """
    out: list[Knockout] = []
    for owner, person in case.people():
        basis = person.ira.prior_basis + person.ira.nondeductible_contributions
        to_plan: list[tuple[int, Decimal]] = []
        total = ZERO
        for i, f in case.forms_of(owner):
            codes = set(f.codes)
            if (source_of(f) != Source.TRADITIONAL_IRA or f.inherited_from is not None
                    or "4" in codes or codes & (EXCESS_RETURN | RECHARACTERIZATION)
                    or (f.form_year is not None and f.form_year != case.tax_year)):
                continue
            total += f.box_1
            plan_part = f.disposition.rolled_to_employer_plan + (
                f.kept - f.box_4 if "G" in codes else ZERO)
            if plan_part > 0:
                to_plan.append((i, plan_part))
        if not to_plan or basis <= 0:
            continue
        rolled = sum((a for _i, a in to_plan), ZERO)
        value = person.ira.year_end_value or ZERO  # unknown: the value must be given
        left = value + person.ira.outstanding_rollovers + total - rolled
        if left >= basis:
            continue
        index = to_plan[0][0]
        field = (path("forms_1099r", index, "disposition", "rolled_to_employer_plan")
                 if case.forms_1099r[index].disposition.rolled_to_employer_plan > 0
                 else path("forms_1099r", index, "box_7"))
        out.append(Knockout(
            "ira-to-plan-basis", field,
            f"{owner.value}: ${rolled:,.2f} of traditional IRA money went into an employer "
            "plan, but what stayed in the traditional, SEP and SIMPLE IRAs or was not rolled "
            f"into the plan (${left:,.2f}) is less than the basis (${basis:,.2f}): part of "
            "the basis would have gone into the plan, and only the taxable part of an IRA "
            "can be rolled into an employer plan (IRC 408(d)(3)(A)(ii); Pub. 590-A, 'Tax "
            "treatment of a rollover from a traditional IRA to an eligible retirement plan "
            "other than an IRA'). Check the December 31 value and the basis; if they are "
            "right, the plan took after-tax money it cannot take: ask the plan to return it, "
            "or prepare the return with a tax professional",
            plain="more IRA money went into the employer plan than your IRAs held beyond "
            "your basis (nondeductible contributions), and only the taxable part of an IRA "
            "can be rolled into a plan (Pub. 590-A). Check the December 31 value and the "
            "basis"))
    return out


def knockouts(case: CaseFile) -> list[Knockout]:
    """Every unsupported situation the case holds, in the case's order."""
    people = dict(case.people())
    out: list[Knockout] = []
    for index, form in enumerate(case.forms_1099r):
        out += _form_year(case, index, form)
        out += _inherited(case, index, form, people.get(form.owner))
        out += _plan_only(case, index, form)
        out += _prohibited_transaction(index, form)
        out += _exception_kind(index, form)
        out += _inherited_plan_to_roth(index, form)
        out += _designated_roth_to_roth(case, index, form)
    out += _one_rollover_per_year(case)
    out += _ira_to_plan_basis(case)
    return out
