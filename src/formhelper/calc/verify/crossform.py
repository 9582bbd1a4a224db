"""Their forms against each other: Form 8606 -> Form 1040 lines 4a/4b, Form 5329 Part I.

* Form 8606 lines 15c, 18 and 25c: "If more than zero, also include this amount on 2025
  Form 1040 ... line 4b", so line 4b is at least their total (more when an IRA
  distribution is fully taxable without a Form 8606).
* Form 1040 instructions, lines 4a and 4b, Exception 2: with a Form 8606, "enter the
  total distribution on line 4a"; the Form 8606 lines 7, 8 and 19 are parts of the
  distributions (box 1 of the Forms 1099-R, less rollovers, QCDs and the like), so line
  4a is at least their total.
* Form 5329 line 3 "Subtract line 2 from line 1", line 4 "Enter 10% (0.10) of line 3"
  (25% for a SIMPLE IRA in its first 2 years), and line 1 holds early distributions
  "includible in income": no more than the taxable amounts the return shows.
"""

from __future__ import annotations

from decimal import Decimal

from formhelper.calc.verify.arithmetic import amount_text
from formhelper.calc.verify.model import LineCheck, Status, TheirForm, TheirReturn
from formhelper.calc.verify.rules import label, rule
from formhelper.money import ZERO, clamp0, whole_dollars
from formhelper.years.params import EarlyRates


def _z(form: TheirForm | None, line: str) -> Decimal:
    if form is None:
        return ZERO
    value = form.amount(line)
    return ZERO if value is None else value


def _who(form: TheirForm) -> str:
    return form.name or (form.owner.value if form.owner else "")


def _check(form: str, owner: object, line: str, theirs: object, expected: Decimal | None,
           status: Status, why: str, year: int, relation: str = "=") -> LineCheck:
    return LineCheck.model_validate({
        "form": form, "owner": owner, "line": label(line), "theirs": theirs,
        "expected": expected, "relation": relation, "status": status, "why": why,
        "rule": rule(form, line, year)})


def check_1040(theirs: TheirReturn) -> list[LineCheck]:
    """Form 1040 lines 4a and 4b against their Forms 8606."""
    f1040 = theirs.one("f1040")
    if f1040 is None:
        return []
    year = theirs.tax_year
    checks: list[LineCheck] = []
    forms = theirs.of("f8606")
    if forms:
        taxable = sum((clamp0(_z(f, "line_15c")) + clamp0(_z(f, "line_18"))
                       + clamp0(_z(f, "line_25c")) for f in forms), ZERO)
        line_4b = _z(f1040, "line_4b")
        parts = " and ".join(
            f"{amount_text(clamp0(_z(f, 'line_15c')) + clamp0(_z(f, 'line_18')) + clamp0(_z(f, 'line_25c')))}"  # noqa: E501
            f" on {_who(f) or 'the'} Form 8606" for f in forms)
        if line_4b >= taxable:
            why = (f"holds Form 8606 lines 15c + 18 + 25c ({parts}); more is right when "
                   "another IRA distribution is fully taxable without a Form 8606")
            checks.append(_check("f1040", None, "line_4b", f1040.lines.get("line_4b"), taxable,
                                 Status.AGREES, why, year, "at least"))
        else:
            why = (f"less than Form 8606 lines 15c + 18 + 25c ({parts}), which the form says "
                   f"to include on line 4b: {amount_text(taxable - line_4b)} of taxable "
                   "income is missing")
            checks.append(_check("f1040", None, "line_4b", f1040.lines.get("line_4b"), taxable,
                                 Status.DIFFERS, why, year, "at least"))
        gross = sum((_z(f, "line_7") + _z(f, "line_8") + _z(f, "line_19") for f in forms), ZERO)
        if gross > 0:
            line_4a = _z(f1040, "line_4a")
            if line_4a >= gross:
                checks.append(_check("f1040", None, "line_4a", f1040.lines.get("line_4a"),
                                     gross, Status.AGREES,
                                     "holds at least Form 8606 lines 7 + 8 + 19 (the "
                                     "distributions, conversions and Roth IRA distributions)",
                                     year, "at least"))
            else:
                checks.append(_check(
                    "f1040", None, "line_4a", f1040.lines.get("line_4a"), gross,
                    Status.DIFFERS,
                    f"Form 8606 lines 7 + 8 + 19 alone come to {amount_text(gross)}: with a "
                    "Form 8606 the total distributions (box 1 of the Forms 1099-R) go on "
                    "line 4a", year, "at least"))
    for line in ("line_5a", "line_5b", "line_25b"):
        if f1040.lines.get(line) is not None:
            checks.append(_check("f1040", None, line, f1040.lines.get(line), None,
                                 Status.NOT_CHECKED,
                                 "from the Forms 1099-R; give your case file (--case) to "
                                 "check it", year))
    order = ["4a", "4b", "5a", "5b", "25b"]
    return sorted(checks, key=lambda c: order.index(c.line) if c.line in order else 9)


def check_5329(theirs: TheirReturn, rates: EarlyRates) -> list[LineCheck]:
    """Each Form 5329 Part I: lines 2-4 by its arithmetic, line 1 against the return."""
    year = theirs.tax_year
    checks: list[LineCheck] = []
    f1040 = theirs.one("f1040")
    forms_5329 = theirs.of("f5329")
    for form in forms_5329:
        owner = form.owner
        line_1, line_2 = _z(form, "line_1"), _z(form, "line_2")
        if f1040 is not None:
            checks.append(_line_1(theirs, form, f1040, forms_5329))
        else:
            checks.append(_check("f5329", owner, "line_1", form.lines.get("line_1"), None,
                                 Status.NOT_CHECKED,
                                 "give their Form 1040 too (or your case file) to check it",
                                 year))
        if line_2 > line_1:
            checks.append(_check("f5329", owner, "line_2", form.lines.get("line_2"), line_1,
                                 Status.DIFFERS, "more than line 1, the early distributions "
                                 "it is a part of", year, "at most"))
        elif form.lines.get("line_2") is not None:
            number = form.lines.get("line_2_number")
            status = Status.AGREES if number or line_2 == 0 else Status.DIFFERS
            why = ("the exceptions claimed; formhelper cannot see whether they apply without "
                   "your case file" if status == Status.AGREES else
                   "an amount with no exception number in the box beside it")
            checks.append(_check("f5329", owner, "line_2", form.lines.get("line_2"), line_1,
                                 status, why, year, "at most"))
        line_3 = line_1 - line_2
        theirs_3 = form.amount("line_3")
        ok = theirs_3 == line_3 or (theirs_3 is None and line_3 == 0)
        checks.append(_check(
            "f5329", owner, "line_3", form.lines.get("line_3"), line_3,
            Status.AGREES if ok else Status.DIFFERS,
            f"line 1 - line 2 = {amount_text(line_3)}" if ok else
            f"on their own figures, line 1 - line 2 = {amount_text(line_3)}; they have "
            f"{amount_text(theirs_3)}", year))
        checks.append(_line_4(form, _z(form, "line_3"), rates, year))
    return checks


def _line_1(theirs: TheirReturn, form: TheirForm, f1040: TheirForm,
            forms_5329: list[TheirForm]) -> LineCheck:
    year = theirs.tax_year
    forms_8606 = theirs.of("f8606")
    conversions = sum((_z(f, "line_18") for f in forms_8606), ZERO)
    roth = sum((_z(f, "line_20") + clamp0(_z(f, "line_23") - _z(f, "line_25c"))
                for f in forms_8606), ZERO)
    bound = clamp0(_z(f1040, "line_4b") + _z(f1040, "line_5b") - conversions) + roth
    total = sum((_z(f, "line_1") for f in forms_5329), ZERO)
    both = " (with your spouse's Form 5329)" if len(forms_5329) > 1 else ""
    how = (f"Form 1040 lines 4b + 5b less the conversions on Form 8606 line 18, plus Form "
           f"8606 lines 20 and 23 beyond line 25c (Roth IRA amounts that may be recaptured) "
           f"= {amount_text(bound)}")
    if total <= bound:
        return _check("f5329", form.owner, "line_1", form.lines.get("line_1"), bound,
                      Status.AGREES, f"not more than the taxable amounts the return shows{both}: "
                      f"{how}", year, "at most")
    return _check("f5329", form.owner, "line_1", form.lines.get("line_1"), bound, Status.DIFFERS,
                  f"more than the early distributions the return includes in income{both}: "
                  f"{how}; a conversion (Form 8606 line 18) is not an early distribution",
                  year, "at most")


def _line_4(form: TheirForm, line_3: Decimal, rates: EarlyRates, year: int) -> LineCheck:
    ten = whole_dollars(line_3 * rates.additional_tax.value)
    simple = whole_dollars(line_3 * rates.simple_ira_first_two_years.value)
    theirs = form.amount("line_4")
    pct = f"{rates.additional_tax.value * 100:.0f}%"
    if theirs == ten or (theirs is None and ten == 0):
        return _check("f5329", form.owner, "line_4", form.lines.get("line_4"), ten,
                      Status.AGREES, f"{pct} of line 3 = {amount_text(ten)}", year)
    if theirs is not None and ten < theirs <= simple:
        return _check("f5329", form.owner, "line_4", form.lines.get("line_4"), ten,
                      Status.ALLOWED,
                      f"{pct} of line 3 is {amount_text(ten)}; more is right only for the part "
                      "of line 3 from a SIMPLE IRA in its first 2 years (code S, 25%)", year)
    return _check("f5329", form.owner, "line_4", form.lines.get("line_4"), ten, Status.DIFFERS,
                  f"on their own figures, {pct} of line 3 = {amount_text(ten)}; they have "
                  f"{amount_text(theirs)}", year)
