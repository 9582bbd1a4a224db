"""Form 5329 Part I, Additional Tax on Early Distributions: lines 1-4 for one person.

Line texts are from the 2025 Form 5329; what goes on line 1 follows the
Instructions for Form 5329, line 1 (2025 text where it was seen, otherwise the
2016/2017 text, whose Roth IRA rules are unchanged):

* "Enter the amount of early distributions included in income that you received
  from a qualified retirement plan" (an IRA or an employer plan): the taxable
  part of each Form 1099-R coded 1 or S, as it went into income (Form 8606 line
  15c for IRAs with basis, Form 1040 line 5b for plans).  "If you rolled over part
  or all of a distribution ... the part rolled over isn't subject to the 10%
  additional tax"; a conversion or a rollover to a Roth account is not subject to
  it either (its Form 1099-R carries code 2 under 59½).
* Tax withheld from a conversion was distributed, not converted (Form 5498 box 3
  is net of it), so under 59½ its taxable part is an early distribution
  (domain-spec §5.6 [S]; the ``conversion-withholding-early`` warning).
* "Distributions from Roth IRAs. ... include on line 1 the part of the
  distribution that you must include in your income. You will find this amount
  on line 25c of your Form 8606", plus "a qualified first-time homebuyer
  distribution from line 20 of your Form 8606. Also include this amount on line 2
  and enter exception number 09", plus the "recapture amounts attributable to any
  conversions or rollovers to your Roth IRAs" of this year and the 4 before it:
  the taxable part of each conversion reached by the Form 8606 Part III ordering
  rules (i5329 2016/2017, line 1 example; :func:`recapture_steps`).
* Designated Roth account distributions coded 1 and B: box 2a, and box 10, the
  "amount allocable to an in-plan Roth rollover within the 5-year period"
  (Instructions for Forms 1099-R, box 10; domain-spec §5.3).

Line 2 takes the exceptions claimed per Form 1099-R (``early_exceptions``), and
exception 12 for a form coded 1, J or S when the person was 59½ or older all
year ("Distributions incorrectly indicated as early distributions by code 1, J,
or S ... Include on line 2 the amount you received when you were age 59½ or
older").  One number goes in the box; "If more than one exception applies,
enter 99" (i5329 2025, line 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from formhelper.calc.ages import reached, year_end
from formhelper.calc.f8606 import F8606Lines
from formhelper.calc.findings import Finding, Severity, path
from formhelper.calc.roth import (
    FIRST_TIME_HOMEBUYER_LIFETIME_LIMIT,
    at_59_half_all_year,
    recapture_steps,
)
from formhelper.calc.route import Returned, Route, Source, plan_split, routes_of
from formhelper.models import CaseFile, Owner, Person
from formhelper.money import ZERO, clamp0, whole_dollars
from formhelper.years.params import F5329Params

#: "Early distribution, no known exception": 1 (any plan or IRA), J (Roth IRA),
#: S (SIMPLE IRA in its first 2 years) (Instructions for Forms 1099-R, Table 1).
EARLY_CODES = frozenset("1JS")
#: Exception 09, first-time homebuyer (Form 8606 line 20), and 12, coded 1/J/S at
#: 59½ or older (i5329, line 2).
HOMEBUYER = "09"
#: Exception 03, total and permanent disability (i5329, line 2).
DISABILITY = "03"
CODED_EARLY_AT_59_HALF = "12"
#: Exception 01, separation from service in or after the year you reach 55 (plans only).
SEPARATION_AT_55 = "01"
#: Exception 21: "corrective distributions (and associated earnings) of excess IRA
#: contributions made by the due date (including extensions)" (IRC 72(t)(2)(A)(ix), added
#: by SECURE 2.0 §333 for distributions after December 28, 2022; i5329 (2023) Reminders:
#: "Beginning on December 29, 2022, the 10% additional tax on early distributions will
#: not apply to a corrective IRA distribution ... as long as the corrective distribution
#: is made on or before the due date (including extensions)").  Codes 8 and P on an IRA
#: form are that corrective distribution (IRC 408(d)(4)).
CORRECTIVE_EXCESS = "21"


class F5329Item(BaseModel):
    """One amount on line 1, with where it came from."""

    model_config = ConfigDict(frozen=True)

    #: What it is, in words ("taxable part of a distribution coded 1").
    what: str
    #: The Form 1099-R (index) it belongs to; Roth IRA amounts belong to the first
    #: Form 1099-R coded J.
    form: int
    amount: Decimal
    #: Taxed at 25% instead of 10% (SIMPLE IRA in its first 2 years, code S).
    simple: bool = False
    #: An exception that covers this amount by rule (09 for Form 8606 line 20).
    exception: str | None = None


class F5329Claim(BaseModel):
    """One exception on line 2."""

    model_config = ConfigDict(frozen=True)

    number: str
    amount: Decimal
    form: int
    description: str = ""
    #: Claimed by formhelper (09 from Form 8606 line 20; 12 at 59½ or older),
    #: not typed in the case file.
    automatic: bool = False


class F5329Lines(BaseModel):
    """Form 5329 Part I of one person.  ``None`` is a line left blank."""

    model_config = ConfigDict(frozen=True)

    line_1: Decimal | None = None
    #: The exception number written in the box of line 2 ("99": more than one).
    line_2_number: str | None = None
    line_2: Decimal | None = None
    line_3: Decimal | None = None
    line_4: Decimal | None = None
    items: tuple[F5329Item, ...] = ()
    claims: tuple[F5329Claim, ...] = ()
    #: Why Form 5329 must be filed; empty when the tax may go straight to
    #: Schedule 2 line 8 ("you don't have to file Form 5329").
    reasons_to_file: tuple[str, ...] = ()
    #: Exception 09 amounts other than Form 8606 line 20: they count toward the
    #: $10,000 lifetime first-time homebuyer limit of later years.
    first_time_homebuyer: Decimal = ZERO

    @property
    def required(self) -> bool:
        return bool(self.reasons_to_file)

    def lines(self) -> dict[str, Decimal | str | None]:
        return {"line_1": self.line_1, "line_2_number": self.line_2_number,
                "line_2": self.line_2, "line_3": self.line_3, "line_4": self.line_4}


@dataclass(frozen=True)
class _Person:
    owner: Owner
    person: Person
    lines_8606: F8606Lines
    routes: tuple[Route, ...]


def _ira_taxable_share(p: _Person, route: Route) -> Decimal:
    """The part of one traditional IRA form's line 7 amount that is taxable.

    With Form 8606 Part I the taxable part of all line 7 distributions is line 15c
    (the pro-rata rule pools them), shared by each form's line 7 amount; without
    Part I (no basis) all of it is taxable (Form 1040 line 4b directly).
    """
    part = route.line_7
    if p.lines_8606.line_15c is None:
        return part
    pooled = sum((r.line_7 for r in routes_of(p.routes, p.owner, Source.TRADITIONAL_IRA)),
                 ZERO)
    if pooled <= 0:
        return ZERO
    return part * p.lines_8606.line_15c / pooled


def _items(case: CaseFile, p: _Person, findings: list[Finding]) -> list[F5329Item]:
    """Line 1: the early distributions included in income, one item per source."""
    items: list[F5329Item] = []
    end = year_end(case.tax_year)
    under_59_half = not reached(p.person.date_of_birth, 59, 6, end)
    roth_forms: list[int] = []
    t_forms: list[int] = []
    for route in routes_of(p.routes, p.owner):
        index = route.index or 0
        form = case.forms_1099r[index]
        codes = set(form.codes)
        if route.source == Source.ROTH_IRA:
            if route.returned == Returned.EXCESS:
                # An excess Roth IRA contribution returned with its earnings (codes 8 or P
                # with J): the earnings (box 2a) are an early distribution included in
                # income, on line 1 and on line 2 with exception 21, as for a traditional
                # IRA below (IRC 72(t)(2)(A)(ix) covers every individual retirement plan).
                amount = route.taxable or ZERO
                if "J" in codes and amount > 0:
                    items.append(F5329Item(
                        what="earnings of a corrective distribution of an excess Roth IRA "
                             "contribution (codes 8/P with J)", form=index, amount=amount,
                        exception=CORRECTIVE_EXCESS))
                continue
            if "J" in codes and not route.roth_qualified:
                roth_forms.append(index)
            elif "T" in codes:
                t_forms.append(index)
            continue
        if route.source == Source.PLAN:
            # The taxable money that was paid out and kept: Form 1040 line 5b less the part
            # rolled to a Roth IRA or in-plan (taxable but a rollover: not subject to the
            # 10%); route.plan_split.
            kept = plan_split(form).kept
            if "1" in codes and kept > 0:
                items.append(F5329Item(what="taxable part of a plan distribution coded 1 "
                                            "(Form 1040 line 5b)", form=index, amount=kept))
            elif ("G" in codes and not codes & {"4", "B"} and kept > 0 and under_59_half):
                # Tax withheld from a direct rollover to a Roth IRA or an in-plan Roth
                # rollover reached no account: only the amount transferred is a rollover
                # (IRC 402(c)(1)), the rest is a taxable distribution, early under 59½
                # (IRC 72(t); i5329 line 1), as tax withheld from a conversion is.
                items.append(F5329Item(what="withheld from a direct rollover (distributed, "
                                            "not rolled over), taxable part", form=index,
                                       amount=kept))
                findings.append(Finding(
                    id="rollover-withholding-early", field=path("forms_1099r", index, "box_4"),
                    message=(f"forms_1099r[{index}]: ${form.box_4:,.2f} was withheld from a "
                             "direct rollover. The withheld part was paid out, not rolled "
                             "over: it is taxable and, under age 59½, the 10% additional tax "
                             "applies unless an exception does (Form 5329 line 1). If you "
                             "made it up from other money within 60 days, count it in the "
                             "amount that reached the account."),
                ))
            if "1" not in codes:
                continue
            if "B" in codes and form.box_10 > 0:
                items.append(F5329Item(what="box 10: allocable to an in-plan Roth rollover "
                                            "within its 5-year period", form=index,
                                       amount=form.box_10))
            continue
        # Traditional, SEP or SIMPLE IRA.
        if route.returned == Returned.RECHARACTERIZATION:
            continue
        if codes & EARLY_CODES:
            simple = "S" in codes
            if route.returned == Returned.EXCESS:
                # The earnings of a corrective distribution: on line 1 (coded 1), and on
                # line 2 with exception 21: no additional tax since December 29, 2022.
                amount = route.taxable or ZERO
                if amount > 0:
                    items.append(F5329Item(
                        what="earnings of a corrective distribution of an excess contribution "
                             "(codes 8/P with 1)", form=index, amount=amount,
                        exception=CORRECTIVE_EXCESS))
                continue
            amount = _ira_taxable_share(p, route)
            what = ("taxable part of a SIMPLE IRA distribution coded S (25%)" if simple
                    else "taxable part of an IRA distribution coded 1")
            if amount > 0:
                items.append(F5329Item(what=what, form=index, amount=amount, simple=simple))
            continue
        if ("7" in codes and not codes & {"3", "4", "D"} and under_59_half
                and route.line_7 > 0):
            # Code 7 ("normal distribution": the payer's code for 59½ or older) while the
            # IRA owner was under 59½ all year.  Whether a distribution is early is a
            # matter of age, not of the code: "you must file Form 5329 if ... you received
            # an early distribution ... [and] the distribution code ... is incorrect"
            # (i5329, Who Must File), and line 1 takes "early distributions included in
            # income" (IRC 72(t)(1), (2)(A)(i)).  Its taxable part goes on line 1; an
            # exception the person has is claimed on line 2 (``early_exceptions``, or 03
            # with ``disabled``).  Withholding from a conversion is the same amount.
            amount = _ira_taxable_share(p, route)
            if amount > 0:
                items.append(F5329Item(what="taxable part of an IRA distribution coded 7 "
                                            "before age 59½", form=index, amount=amount))
            continue
        if (route.line_8 > 0 and route.line_7 > 0
                and under_59_half and not codes & {"3", "4"}):
            amount = _ira_taxable_share(p, route)
            if amount > 0:
                items.append(F5329Item(what="withheld from a conversion (distributed, not "
                                            "converted), taxable part", form=index,
                                       amount=amount))
    if roth_forms:
        items += _roth_items(case.tax_year, p.lines_8606, roth_forms[0])
        if t_forms:
            findings.append(Finding(
                id="f5329-roth-j-and-t", field=path("forms_1099r", t_forms[0], "box_7"),
                message=(f"{p.owner.value}: Roth IRA distributions coded J and T in the same "
                         "year. Form 8606 Part III pools them, and formhelper put the whole "
                         "Roth amount on Form 5329 line 1; claim the part of the code T "
                         "distribution (an exception applies) as an early_exceptions entry "
                         f"on forms_1099r[{roth_forms[0]}]."),
            ))
    return items


def _roth_items(tax_year: int, lines: F8606Lines, form: int) -> list[F5329Item]:
    """Roth IRA amounts on line 1: line 20, line 25c and the recapture amounts."""
    items: list[F5329Item] = []
    # The qualified first-time homebuyer distribution: line 20 (the expenses, within the
    # lifetime limit), but not more than the distributions on line 19.
    homebuyer = min(lines.line_20 or ZERO, lines.line_19 or ZERO)
    if homebuyer:
        items.append(F5329Item(what="qualified first-time homebuyer distribution "
                                    "(Form 8606 line 20)", form=form, amount=homebuyer,
                               exception=HOMEBUYER))
    if lines.line_25c:
        items.append(F5329Item(what="Roth IRA earnings (Form 8606 line 25c)", form=form,
                               amount=lines.line_25c))
    for step in recapture_steps(lines.roth_ordering, tax_year):
        items.append(F5329Item(
            what=f"recapture: {step.source} (5-year window to {step.window_ends})",
            form=form, amount=step.amount))
    return items


def _claims(case: CaseFile, p: _Person, items: list[F5329Item], rules: F5329Params,
            findings: list[Finding]) -> list[F5329Claim]:
    """Line 2: exceptions claimed per form, each limited to that form's line 1 amount."""
    claims: list[F5329Claim] = []
    by_form: dict[int, Decimal] = {}
    for item in items:
        by_form[item.form] = by_form.get(item.form, ZERO) + item.amount
    for item in items:
        # An exception the year's list does not have (exception 21 before SECURE 2.0 §333,
        # i.e. tax years before 2023) is not claimed: the additional tax applies.
        if item.exception is not None and item.exception in rules.exceptions:
            claims.append(F5329Claim(number=item.exception, amount=item.amount, form=item.form,
                                     description=rules.description(item.exception),
                                     automatic=True))
    left = dict(by_form)
    for claim in claims:
        left[claim.form] -= claim.amount
    homebuyer_room = _homebuyer_room(p)
    homebuyer_room -= _homebuyer_from_expenses(case, p, items, left, homebuyer_room, rules,
                                               claims, findings)
    for index, form in case.forms_of(p.owner):
        room = clamp0(left.get(index, ZERO))
        if (form.disabled and room > 0
                and not any(e.number == DISABILITY for e in form.early_exceptions)):
            # "Distributions due to total and permanent disability" (exception 03).
            claims.append(F5329Claim(number=DISABILITY, amount=room, form=index,
                                     automatic=True, description=rules.description(DISABILITY)))
            left[index] = ZERO
    used: dict[str, Decimal] = {}
    for index, form in case.forms_of(p.owner):
        for j, exc in enumerate(form.early_exceptions):
            room = clamp0(left.get(index, ZERO))
            where = path("forms_1099r", index, "early_exceptions", j, "amount")
            if (exc.number == SEPARATION_AT_55
                    and not reached(p.person.date_of_birth, 55, 0, year_end(case.tax_year))):
                # i5329 line 2, exception 01: separation from service "in or after the year
                # you reach age 55 (age 50 for qualified public safety employees)"; IRC
                # 72(t)(10) as amended by SECURE 2.0 §329 also lets a public safety employee
                # with 25 years of service under the plan claim it.
                findings.append(Finding(
                    id="exception-01-under-55",
                    field=path("forms_1099r", index, "early_exceptions", j, "number"),
                    message=(f"forms_1099r[{index}]: exception 01 is for leaving your "
                             "employer in or after the year you turn 55, but you are not 55 "
                             f"by the end of {case.tax_year}. It applies before that only to a "
                             "qualified public safety employee (from the year they turn 50, "
                             "or after 25 years of service under the plan); otherwise remove "
                             "it: the 10% additional tax applies."),
                ))
            if index not in left:
                findings.append(Finding(
                    id="early-exception-not-used", severity=Severity.INFO, field=where,
                    message=(f"forms_1099r[{index}]: exception {exc.number} is claimed, but "
                             "nothing of this form is on Form 5329 line 1 (it is not an early "
                             "distribution subject to the additional tax); it is not used."),
                ))
                continue
            info = rules.exceptions.get(exc.number)
            yearly = info.annual_limit if info is not None else None
            if exc.number == HOMEBUYER:
                limit = homebuyer_room
            elif yearly is not None:
                # An exception with a yearly dollar limit for all of a person's forms:
                # exception 23, emergency personal expense distributions, "up to a maximum
                # of $1,000 ... in any calendar year" (IRC 72(t)(2)(I); Notice 2024-55).
                limit = clamp0(yearly - used.get(exc.number, ZERO))
            else:
                limit = exc.amount
            amount = min(exc.amount, room, limit)
            if exc.amount > room:
                findings.append(Finding(
                    id="early-exception-over-amount", field=where,
                    message=(f"forms_1099r[{index}]: exception {exc.number} claims "
                             f"${exc.amount:,.2f}, more than the ${room:,.2f} of this form "
                             "left on Form 5329 line 1; limited to that."),
                ))
            elif exc.amount > limit and yearly is not None:
                findings.append(Finding(
                    id="exception-yearly-limit", field=where,
                    message=(f"forms_1099r[{index}]: exception {exc.number} claims "
                             f"${exc.amount:,.2f}, but it covers at most ${yearly:,.2f} a "
                             f"year for all your forms together ({rules.description(exc.number)}"
                             f"); ${limit:,.2f} is claimed and the 10% additional tax applies "
                             "to the rest."),
                ))
            elif exc.amount > limit:
                findings.append(Finding(
                    id="homebuyer-lifetime-limit", field=where,
                    message=(f"forms_1099r[{index}]: exception 09 claims "
                             f"${exc.amount:,.2f}, but first-time homebuyer distributions are "
                             "limited to $10,000 over a lifetime (Form 8606 line 20 and "
                             "exception 09 together, earlier years included); "
                             f"${limit:,.2f} is left."),
                ))
            if amount > 0:
                claims.append(F5329Claim(number=exc.number, amount=amount, form=index,
                                         description=rules.description(exc.number)))
                left[index] -= amount
                used[exc.number] = used.get(exc.number, ZERO) + amount
                if exc.number == HOMEBUYER:
                    homebuyer_room -= amount
    if reached(p.person.date_of_birth, 59, 6, date(case.tax_year, 1, 1)):
        for index, form in case.forms_of(p.owner):
            room = clamp0(left.get(index, ZERO))
            if set(form.codes) & EARLY_CODES and room > 0:
                claims.append(F5329Claim(
                    number=CODED_EARLY_AT_59_HALF, amount=room, form=index, automatic=True,
                    description=rules.description(CODED_EARLY_AT_59_HALF)))
                left[index] = ZERO
                findings.append(Finding(
                    id="f5329-exception-12", severity=Severity.INFO,
                    field=path("forms_1099r", index, "box_7"),
                    message=(f"forms_1099r[{index}]: coded {form.box_7} (early distribution), "
                             f"but {p.owner.value} was 59½ or older all of {case.tax_year}: "
                             "exception 12 is claimed on Form 5329 line 2 for it."),
                ))
    return claims


def _homebuyer_room(p: _Person) -> Decimal:
    """What is left of the $10,000 lifetime first-time homebuyer limit after earlier years
    and this year's Form 8606 line 20 (IRC 72(t)(8)(B); the line 20 text)."""
    lines = p.lines_8606
    line_20 = min(lines.line_20 or ZERO, lines.line_19 or ZERO)
    return clamp0(FIRST_TIME_HOMEBUYER_LIFETIME_LIMIT
                  - p.person.roth.prior_first_time_homebuyer - line_20)


def _homebuyer_from_expenses(case: CaseFile, p: _Person, items: list[F5329Item],
                             left: dict[int, Decimal], room: Decimal, rules: F5329Params,
                             claims: list[F5329Claim], findings: list[Finding]) -> Decimal:
    """Exception 09 for first-time homebuyer expenses paid with a nonqualified Roth IRA
    distribution (Form 8606 line 20 blank: the 5-year period is not over).  The
    distribution goes through Form 8606 lines 21-25c, and exception 09 ("IRA
    distributions for buying a first home, up to $10,000") covers the 10% on what it put
    on line 1, within the lifetime limit.  Returns the amount claimed."""
    expenses = p.person.roth.first_time_homebuyer_expenses
    if expenses <= 0 or p.lines_8606.line_20:
        return ZERO
    roth_form = next((i.form for i in items if "J" in case.forms_1099r[i.form].codes), None)
    if (roth_form is None or case.forms_1099r[roth_form].disabled
            or at_59_half_all_year(p.person.date_of_birth, case.tax_year)):
        # Exception 03 or 12 covers it: the lifetime $10,000 is not spent on it.
        return ZERO
    amount = min(expenses, room, clamp0(left[roth_form]))
    if amount > 0:
        claims.append(F5329Claim(number=HOMEBUYER, amount=amount, form=roth_form,
                                 automatic=True, description=rules.description(HOMEBUYER)))
        left[roth_form] -= amount
    you = "you" if p.owner == Owner.TAXPAYER else "your spouse"
    period = ("is not over" if p.person.roth.first_contribution_year is not None
              else "cannot be checked (the first year a Roth IRA was funded is not given)")
    findings.append(Finding(
        id="homebuyer-not-qualified", severity=Severity.INFO,
        field=path(p.owner.value, "roth", "first_time_homebuyer_expenses"),
        message=(f"{you.capitalize()} had first-time homebuyer expenses, but the Roth IRA "
                 f"5-year period {period}, so the distribution is not qualified: Form 8606 "
                 "line 20 stays blank and the distribution is taxed by lines 21-25c. "
                 f"Exception 09 covers the 10% additional tax on ${amount:,.2f} of it (Form "
                 "5329 line 2; $10,000 over a lifetime, earlier years included)."),
    ))
    return amount


def _reasons(case: CaseFile, items: list[F5329Item], claims: list[F5329Claim]) -> list[str]:
    """Why Form 5329 is needed.  The instructions: "if distribution code 1 is correctly
    shown in box 7 of all your Forms 1099-R and you owe the additional tax on the full
    amount shown on each Form 1099-R, you don't have to file Form 5329" (i5329 2024,
    Who Must File)."""
    reasons: list[str] = []
    if claims:
        reasons.append("an exception is claimed on line 2")
    for item in items:
        form = case.forms_1099r[item.form]
        codes = set(form.codes)
        if "J" in codes:
            reason = "an early distribution from a Roth IRA (code J)"
        elif "S" in codes:
            reason = "a SIMPLE IRA distribution in its first 2 years (code S, 25%)"
        elif "1" not in codes:
            reason = f"forms_1099r[{item.form}] is not coded 1 ({item.what})"
        elif "box 10" in item.what:
            reason = f"forms_1099r[{item.form}]: box 10 in-plan Roth rollover recapture"
        else:
            shown = form.box_2a if form.box_2a is not None else form.box_1
            if whole_dollars(item.amount) == whole_dollars(shown):
                continue
            reason = (f"forms_1099r[{item.form}]: the additional tax is owed on "
                      f"{whole_dollars(item.amount):,} of the {whole_dollars(shown):,} shown")
        if reason not in reasons:
            reasons.append(reason)
    return reasons


def compute(case: CaseFile, owner: Owner, person: Person, routes: Sequence[Route],
            lines_8606: F8606Lines,
            rules: F5329Params) -> tuple[F5329Lines | None, list[Finding]]:
    """Form 5329 Part I for one person, or ``None`` when nothing goes on line 1."""
    findings: list[Finding] = []
    p = _Person(owner, person, lines_8606, tuple(routes))
    items = _items(case, p, findings)
    claims = _claims(case, p, items, rules, findings)
    if not items:
        return None, findings
    # Line 1: "Early distributions includible in income. For Roth IRA distributions, see
    # instructions."
    line_1 = whole_dollars(sum((i.amount for i in items), ZERO))
    if line_1 <= 0:
        return None, findings
    # Line 2: "Early distributions included on line 1 that are not subject to the
    # additional tax (see instructions). Enter the appropriate exception number from the
    # instructions" (one number; 99 when more than one applies).
    numbers = sorted({c.number for c in claims})
    line_2 = whole_dollars(sum((c.amount for c in claims), ZERO)) if claims else None
    line_2_number = (numbers[0] if len(numbers) == 1 else rules.line_2.more_than_one
                     if numbers else None)
    # Line 3: "Amount subject to additional tax. Subtract line 2 from line 1."
    line_3 = clamp0(line_1 - (line_2 or ZERO))
    # Line 4: "Additional tax. Enter 10% (0.10) of line 3", but 25% of the part of line 3
    # from a SIMPLE IRA in its first 2 years (the line 4 caution; code S).
    simple_left = clamp0(
        sum((i.amount for i in items if i.simple), ZERO)
        - sum((c.amount for c in claims
               if any(i.simple and i.form == c.form for i in items)), ZERO))
    simple_part = min(whole_dollars(simple_left), line_3)
    line_4 = whole_dollars((line_3 - simple_part) * rules.rates.additional_tax.value
                           + simple_part * rules.rates.simple_ira_first_two_years.value)
    lines = F5329Lines(
        line_1=line_1, line_2_number=line_2_number, line_2=line_2, line_3=line_3,
        line_4=line_4, items=tuple(items), claims=tuple(claims),
        reasons_to_file=tuple(_reasons(case, items, claims)),
        first_time_homebuyer=clamp0(
            sum((c.amount for c in claims if c.number == HOMEBUYER), ZERO)
            - sum((i.amount for i in items if i.exception == HOMEBUYER), ZERO)),
    )
    return lines, findings


class Schedule2Lines(BaseModel):
    """Schedule 2 (Form 1040) line 8, "Additional tax on IRAs or other tax-favored
    accounts. Attach Form 5329 if required. If not required, check here".

    The box is still on the 2025 schedule (checked for the i5329 branch): the 2025
    fillable f1040s2.pdf has a line 8 check box, ``form1[0].Page1[0].Line8_ReadOrder[0]
    .c1_6[0]`` (its field list as used by the public UsTaxes project, Y2025), and a
    public transcription of the 2025 face reads line 8 as above.  Neither is the IRS
    text itself: the 2025 face was not seen here."""

    model_config = ConfigDict(frozen=True)

    line_8: Decimal | None = None
    #: The line 8 box "If not required, check here": no Form 5329 is attached.
    line_8_not_required: bool = False


def schedule_2(forms: dict[Owner, F5329Lines]) -> Schedule2Lines:
    """Line 8: the Form 5329 line 4 amounts of both spouses ("If both you and your
    spouse are required to file Form 5329, complete a separate form for each of you.
    Include the combined tax on Schedule 2 (Form 1040), line 8", i5329 Joint returns)."""
    total = sum((f.line_4 or ZERO for f in forms.values()), ZERO)
    if total <= 0:
        return Schedule2Lines()
    return Schedule2Lines(line_8=total,
                          line_8_not_required=not any(f.required for f in forms.values()))
