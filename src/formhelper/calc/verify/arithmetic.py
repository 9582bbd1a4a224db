"""Their Form 8606 against its own arithmetic: every figured line from their own lines.

Each line that the form figures (line 3 "Add lines 1 and 2", line 10 "Divide line 5 by
line 9 ... rounded to at least 3 places", ...) is checked against *their* figures on the
lines it uses, so a slip shows on the line where it happened, not on every line after
it.  The entered lines (:data:`~formhelper.calc.verify.rules.F8606_INPUTS`) come from
records only a case file knows; they are listed as not checked.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from formhelper.calc.verify.model import LineCheck, Status, TheirForm, Value
from formhelper.calc.verify.rules import F8606_INPUTS, label, rule
from formhelper.money import ONE, ZERO, clamp0, ratio, whole_dollars

#: Form 8606 line 20: "Do not enter more than $10,000 reduced by ... prior qualified
#: first-time homebuyer distributions" (the same limit as calc.f8606).
HOMEBUYER_LIMIT = Decimal(10_000)

_PART_I = tuple(f"line_{n}" for n in
                ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14",
                 "15a", "15b", "15c"))
_PART_II = ("line_16", "line_17", "line_18")
_PART_III = ("line_19", "line_20", "line_21", "line_22", "line_23", "line_24", "line_25a",
             "line_25b", "line_25c")
_WORKSHEET_BLANK = ("line_6", "line_7", "line_8", "line_9", "line_10", "line_11", "line_12")


def amount_text(value: Value) -> str:
    """An amount as the report writes it: ``20,000``, ``1,234.50``, ``0.20000``, blank."""
    if value is None:
        return "blank"
    if isinstance(value, str):
        return value or "blank"
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):
        return str(value)
    if value == value.to_integral_value() and exponent == 0:
        return f"{int(value):,}"
    if abs(value) < 10 and exponent < -2:  # a ratio (line 10)
        return f"{value:f}"
    return f"{value:,.2f}" if value != value.to_integral_value() else f"{int(value):,}"


class _Form:
    """One of their Forms 8606 and the checks made on it so far."""

    def __init__(self, their: TheirForm, year: int) -> None:
        self.their = their
        self.year = year
        self.checks: list[LineCheck] = []

    def get(self, line: str) -> Decimal | None:
        return self.their.amount(line)

    def z(self, line: str) -> Decimal:
        value = self.get(line)
        return ZERO if value is None else value

    def present(self, lines: tuple[str, ...]) -> bool:
        return any(self.get(line) is not None for line in lines)

    def add(self, line: str, expected: Value, status: Status, why: str,
            relation: str = "=") -> None:
        self.checks.append(LineCheck(
            form="f8606", owner=self.their.owner, line=label(line),
            theirs=self.their.lines.get(line), expected=expected, relation=relation,
            status=status, why=why, rule=rule("f8606", line, self.year)))

    def exact(self, line: str, expected: Decimal, how: str) -> None:
        """A line the form figures by adding or subtracting: any difference is a slip."""
        theirs = self.get(line)
        if theirs == expected or (theirs is None and expected == 0):
            self.add(line, expected, Status.AGREES, f"{how} = {amount_text(expected)}")
        else:
            self.add(line, expected, Status.DIFFERS,
                     f"on their own figures, {how} = {amount_text(expected)}; they have "
                     f"{amount_text(theirs)}")

    def entered(self, line: str) -> None:
        if self.get(line) is not None:
            self.add(line, None, Status.NOT_CHECKED,
                     "entered from your records, not figured on the form; give your case "
                     "file (--case) to check it")


def _product(form: _Form, line: str, base: str, line_10: Decimal, unrounded: Decimal,
             limit: Decimal | None) -> None:
    """Line 11 (line 8 x line 10) or line 12 (line 7 x line 10), in whole dollars."""
    theirs = form.get(line)
    expected = whole_dollars(form.z(base) * line_10)
    how = (f"line {label(base)} x line 10 = {amount_text(form.z(base))} x "
           f"{amount_text(line_10)}")
    if theirs == expected or (theirs is None and expected == 0):
        form.add(line, expected, Status.AGREES, f"{how} = {amount_text(expected)}")
    elif theirs is not None and theirs == whole_dollars(form.z(base) * unrounded):
        form.add(line, expected, Status.ALLOWED,
                 f"{how} = {amount_text(expected)}; they multiplied by line 10 before "
                 "rounding it, which gives the same figure to within the rounding the form "
                 "allows")
    elif theirs is not None and abs(theirs - expected) <= ONE:
        form.add(line, expected, Status.ALLOWED,
                 f"{how} = {amount_text(expected)}; theirs is within $1 (rounding to whole "
                 "dollars), not an error")
    elif theirs is not None and limit is not None and theirs < expected and theirs <= limit:
        form.add(line, expected, Status.ALLOWED,
                 f"{how} = {amount_text(expected)}; reduced so that lines 11 and 12 are not "
                 f"more than the basis on line 5 ({amount_text(limit)}), as formhelper does")
    else:
        form.add(line, expected, Status.DIFFERS,
                 f"on their own figures, {how} = {amount_text(expected)}; they have "
                 f"{amount_text(theirs)}")


def _line_10(form: _Form, line_5: Decimal, line_9: Decimal) -> tuple[Decimal, Decimal] | None:
    """Check line 10; (line 10 as they have it or as it should be, the unrounded ratio)."""
    theirs = form.get("line_10")
    if line_9 <= 0:
        if theirs is not None:
            form.add("line_10", None, Status.DIFFERS,
                     "line 9 is zero: there is nothing to divide by, and a distribution or "
                     "conversion on line 7 or 8 makes line 9 more than zero")
        return None
    exact = min(line_5 / line_9, ONE)
    how = f"line 5 / line 9 = {amount_text(line_5)} / {amount_text(line_9)}"
    if theirs is None:
        expected = ratio(line_5, line_9, 3)
        form.add("line_10", expected, Status.DIFFERS,
                 f"blank; {how} = {amount_text(expected)} (to 3 places)")
        return expected, exact
    exponent = theirs.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if line_5 >= line_9:
        ok = theirs == ONE
        expected = ratio(line_5, line_9, 3)
        why = f"{how} is 1 or more, so line 10 is 1.000"
    elif places < 3:
        ok = theirs == line_5 / line_9
        expected = ratio(line_5, line_9, 3)
        why = f"{how} = {amount_text(expected)} rounded to 3 places"
    else:
        expected = ratio(line_5, line_9, places)
        ok = theirs == expected
        why = f"{how}, rounded to {places} places, is {amount_text(expected)}"
    if ok:
        extra = ("; more places than 3 are allowed (\"at least 3 places\")" if places > 3
                 else "")
        form.add("line_10", expected, Status.AGREES, why + extra)
        return theirs, exact
    if places < 3 and line_5 < line_9:
        why = (f"{how} = {exact:.6f}...; rounded to only {places} places, and the form asks "
               "for at least 3")
    else:
        why = f"on their own figures, {why}; they have {amount_text(theirs)}"
    form.add("line_10", expected, Status.DIFFERS, why)
    return theirs, exact


def _part_i(form: _Form) -> bool:
    """Lines 1-15c.  True when lines 11 (and 17) come from Part I's arithmetic."""
    for line in ("line_1", "line_2", "line_4", "line_6", "line_7", "line_8"):
        form.entered(line)
    line_3 = form.z("line_1") + form.z("line_2")
    form.exact("line_3", line_3, "line 1 + line 2")
    took_out = form.present(("line_4", "line_5", "line_9", "line_10", "line_11", "line_12",
                             "line_13")) or form.z("line_7") + form.z("line_8") > 0
    if not took_out:
        # "In 2025, did you take a distribution ... or make a Roth IRA conversion? No ->
        # Enter the amount from line 3 on line 14. Do not complete the rest of Part I."
        form.exact("line_14", form.z("line_3"), "line 3 (no distribution or conversion)")
        return False
    line_5 = form.z("line_3") - form.z("line_4")
    form.exact("line_5", line_5, "line 3 - line 4")
    worksheet = not form.present(_WORKSHEET_BLANK) and form.get("line_13") is not None
    if worksheet:
        # Pub. 590-B Worksheet 1-1 replaces lines 6-12 when contributions were partly
        # deductible; line 13 and line 18 come from it.
        form.add("line_13", None, Status.NOT_CHECKED,
                 "lines 6-12 are blank: figured on Pub. 590-B Worksheet 1-1, which is not "
                 "part of the return; give your case file (--case) to check it")
    else:
        line_9 = form.z("line_6") + form.z("line_7") + form.z("line_8")
        form.exact("line_9", line_9, "line 6 + line 7 + line 8")
        got = _line_10(form, form.z("line_5"), form.z("line_9"))
        if got is not None:
            line_10, exact = got
            _product(form, "line_11", "line_8", line_10, exact, form.z("line_5"))
            _product(form, "line_12", "line_7", line_10, exact, form.z("line_5"))
        form.exact("line_13", form.z("line_11") + form.z("line_12"), "line 11 + line 12")
    form.exact("line_14", form.z("line_3") - form.z("line_13"), "line 3 - line 13")
    if form.present(("line_15a", "line_15c")) or form.z("line_7") > 0:
        if worksheet:
            form.add("line_15a", None, Status.NOT_CHECKED,
                     "from Pub. 590-B Worksheet 1-1 (lines 6-12 are blank)")
        else:
            form.exact("line_15a", form.z("line_7") - form.z("line_12"), "line 7 - line 12")
        form.entered("line_15b")
        _reduced(form, "line_15c", form.z("line_15a") - form.z("line_15b"),
                 "line 15a - line 15b")
    return not worksheet


def _reduced(form: _Form, line: str, expected: Decimal, how: str) -> None:
    """Lines 15c and 25c: the subtraction, which repayments treated as rollovers may reduce."""
    theirs = form.get(line)
    if theirs is not None and ZERO <= theirs < expected:
        form.add(line, expected, Status.ALLOWED,
                 f"{how} = {amount_text(expected)}; theirs is less, which the line allows "
                 "only for repayments of certain distributions treated as rollovers: check "
                 "that you made one")
    else:
        form.exact(line, expected, how)


def _part_ii(form: _Form, from_part_i: bool) -> None:
    """Lines 16-18."""
    part_i = form.get("line_8") is not None
    if part_i:
        form.exact("line_16", form.z("line_8"), "line 8 (Part I completed)")
    else:
        form.entered("line_16")
    if from_part_i:
        form.exact("line_17", form.z("line_11"), "line 11 (Part I completed)")
    elif form.get("line_17") is not None:
        status, why = Status.NOT_CHECKED, ("your basis in the amount converted, entered (Part "
                                           "I not used or Worksheet 1-1)")
        if form.z("line_17") > form.z("line_16"):
            status, why = Status.DIFFERS, "more than the amount converted on line 16"
        form.add("line_17", form.z("line_16"), status, why, relation="at most")
    if part_i and not from_part_i:
        form.add("line_18", None, Status.NOT_CHECKED, "from Pub. 590-B Worksheet 1-1")
        return
    form.exact("line_18", form.z("line_16") - form.z("line_17"), "line 16 - line 17")


def _part_iii(form: _Form) -> None:
    """Lines 19-25c."""
    for line in ("line_19", "line_22", "line_24", "line_25b"):
        form.entered(line)
    line_20 = form.get("line_20")
    if line_20 is not None:
        if line_20 > HOMEBUYER_LIMIT:
            form.add("line_20", HOMEBUYER_LIMIT, Status.DIFFERS,
                     "more than $10,000, the lifetime limit", relation="at most")
        else:
            form.entered("line_20")
    steps: list[tuple[str, Callable[[], Decimal], str, str]] = [
        ("line_21", lambda: clamp0(form.z("line_19") - form.z("line_20")),
         "line 19 - line 20 (zero if less)", "line 21 is zero: \"stop here\""),
        ("line_23", lambda: clamp0(form.z("line_21") - form.z("line_22")),
         "line 21 - line 22 (zero if less)", "line 23 is zero: \"skip lines 24 and 25\""),
        ("line_25a", lambda: clamp0(form.z("line_23") - form.z("line_24")),
         "line 23 - line 24 (zero if less)", "line 25a is zero: \"skip lines 25b and 25c\""),
    ]
    for line, figure, how, stop in steps:
        form.exact(line, figure(), how)
        if form.z(line) == 0:
            after = _PART_III[_PART_III.index(line) + 1:]
            for later in after:
                if later == "line_22" and line == "line_21":
                    continue  # line 22 is still entered ("If line 21 is zero, stop here").
                if form.z(later) != 0:
                    form.add(later, None, Status.DIFFERS, f"should be blank: {stop}")
            return
    _reduced(form, "line_25c", form.z("line_25a") - form.z("line_25b"), "line 25a - line 25b")


def check_8606(their: TheirForm, year: int) -> list[LineCheck]:
    """Every line of one of their Forms 8606, checked against the form's arithmetic."""
    form = _Form(their, year)
    for line, value in their.lines.items():
        if isinstance(value, Decimal) and value < 0:
            form.add(line, None, Status.DIFFERS,
                     "negative: no line of Form 8606 is (the form says \"If zero or less, "
                     "enter -0-\")")
    from_part_i = False
    if form.present(_PART_I):
        from_part_i = _part_i(form)
    if form.present(_PART_II) or (form.z("line_8") > 0):
        _part_ii(form, from_part_i)
    if form.present(_PART_III):
        _part_iii(form)
    return one_per_line(form.checks)


def one_per_line(checks: list[LineCheck]) -> list[LineCheck]:
    """One check per line, in form order of first mention: a difference wins over the
    others (a negative line, a line that should be blank)."""
    chosen: dict[tuple[str, str | None, str], LineCheck] = {}
    for check in checks:
        key = (check.form, check.owner, check.line)
        if key not in chosen or (check.status == Status.DIFFERS
                                 and chosen[key].status != Status.DIFFERS):
            chosen[key] = check
    return list(chosen.values())


__all__ = ["F8606_INPUTS", "amount_text", "check_8606", "one_per_line"]
