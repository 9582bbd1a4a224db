"""Their lines against formhelper's own return from your case file, each difference explained.

A difference on an entered line is explained by the input behind it (line 2 against the
basis carried from last year's line 14, line 6 against your year-end value, line 8
against the amount that reached the Roth IRA, line 4a against box 1 of each Form
1099-R); a difference on a figured line either is their arithmetic slip (from
:mod:`~formhelper.calc.verify.arithmetic`) or follows from the entered lines it uses.
Line 10 rounded to 3 places where formhelper keeps 5 is allowed ("rounded to at least 3
places"), and so is what follows from it alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from formhelper.calc import ReturnResult
from formhelper.calc.route import Source, routes_of
from formhelper.calc.verify.arithmetic import amount_text
from formhelper.calc.verify.model import LineCheck, Status, TheirForm, TheirReturn, Value
from formhelper.calc.verify.rules import F8606_INPUTS, F8606_RULES, label, rule, upstream
from formhelper.models import CaseFile, Form1099R, Owner
from formhelper.money import ZERO, clamp0

F8606_LINES = tuple(F8606_RULES)
F1040_LINES = ("line_4a", "line_4b", "line_4c", "line_5a", "line_5b", "line_5c", "line_25b")
F5329_LINES = ("line_1", "line_2_number", "line_2", "line_3", "line_4")
F5329_USES = {"line_3": ("line_1", "line_2"), "line_4": ("line_3",)}
_ROUNDED_BY_10 = ("line_11", "line_12", "line_13", "line_14", "line_15a", "line_15c",
                  "line_17", "line_18")


def _same(theirs: Value, ours: Value) -> bool:
    if isinstance(theirs, str) or isinstance(ours, str):
        return (theirs or "") == (ours or "")
    return (theirs or ZERO) == (ours or ZERO)


def _payer(form: Form1099R) -> str:
    return f"the Form 1099-R from {form.payer}" if form.payer else "a Form 1099-R"


def _people(case: CaseFile, owner: Owner) -> str:
    return "your spouse's" if owner == Owner.SPOUSE else "your"


class _Compare:
    def __init__(self, theirs: TheirReturn, case: CaseFile, ours: ReturnResult,
                 own_checks: Iterable[LineCheck]) -> None:
        self.theirs = theirs
        self.case = case
        self.ours = ours
        self.year = theirs.tax_year
        self.own = {(c.form, c.owner, c.line): c for c in own_checks}
        self.checks: list[LineCheck] = []
        self.notes: list[str] = []

    def add(self, form: str, owner: Owner | None, line: str, theirs: Value, ours: Value,
            status: Status, why: str) -> None:
        self.checks.append(LineCheck(
            form=form, owner=owner, line=label(line), theirs=theirs, expected=ours,
            status=status, why=why, rule=rule(form, line, self.year)))

    # ------------------------------------------------------------------ Form 8606

    def f8606(self, their: TheirForm) -> None:
        owner = their.owner or Owner.TAXPAYER
        mine = self.ours.f8606.get(owner)
        ours: dict[str, Decimal | None] = mine.lines() if mine is not None else {}
        if mine is None or not mine.required:
            self.notes.append(f"formhelper files no Form 8606 for {_people(self.case, owner)} "
                              "return: each line of theirs is compared with blank.")
        differs = {line for line in F8606_LINES
                   if not _same(their.lines.get(line), ours.get(line))}
        for line in F8606_LINES:
            t, o = their.lines.get(line), ours.get(line)
            if t is None and o is None:
                continue
            if line not in differs:
                self.add("f8606", owner, line, t, o, Status.AGREES, "same as formhelper's")
                continue
            status, why = self.explain_8606(their, owner, line, ours, differs)
            self.add("f8606", owner, line, t, o, status, why)

    def explain_8606(self, their: TheirForm, owner: Owner, line: str,
                     ours: dict[str, Decimal | None], differs: set[str]) -> tuple[Status, str]:
        t = their.amount(line) or ZERO
        o = ours.get(line) or ZERO
        part_ii_only = line == "line_16" and their.amount("line_8") is None
        if line in F8606_INPUTS or part_ii_only:
            # Line 16 is entered when Part I is not used ("Otherwise, enter the net amount
            # you converted").
            return Status.DIFFERS, self.entered_8606(owner, line, t, o)
        own = self.own.get(("f8606", owner, label(line)))
        if own is not None and own.status == Status.DIFFERS:
            return Status.DIFFERS, f"their arithmetic: {own.why}"
        roots = [u for u in upstream(line) if u in F8606_INPUTS and u in differs]
        if line == "line_10" and not roots and own is not None and own.status == Status.AGREES:
            return Status.ALLOWED, (f"rounded to {_places(their.amount('line_10'))} places; "
                                    "formhelper keeps 5 places: both are \"rounded to at least "
                                    "3 places\", not an error")
        if (line in _ROUNDED_BY_10 and not roots and "line_10" in differs
                and abs(t - o) <= _rounding_room(their)):
            return Status.ALLOWED, ("follows from line 10 rounded to fewer places than "
                                    "formhelper's; the difference is rounding the form allows")
        if roots:
            names = ", ".join(f"line {label(r)}" for r in roots)
            return Status.DIFFERS, f"follows from their {names} (the arithmetic is right)"
        slips = [u for u in upstream(line) if u in differs]
        if slips:
            return Status.DIFFERS, f"follows from their line {label(slips[0])}"
        return Status.DIFFERS, (f"theirs is {amount_text(t)}; formhelper's, from your case "
                                f"file, is {amount_text(o)}")

    def entered_8606(self, owner: Owner, line: str, t: Decimal, o: Decimal) -> str:
        """Why an entered line differs, from the case input behind it."""
        year = self.year
        d = t - o
        ira = routes_of(self.ours.routes, owner, Source.TRADITIONAL_IRA)
        forms = [self.case.forms_1099r[r.index or 0] for r in ira]
        routes = [r for r in ira if r.line_8 > 0]
        conversions = [self.case.forms_1099r[r.index or 0] for r in routes]
        withheld = sum((f.box_4 for f in conversions), ZERO)
        kept = sum((r.line_7 for r in routes), ZERO)
        if line == "line_2":
            if t == 0 and o > 0:
                return (f"their line 2 is 0; your basis carried from {year - 1} is "
                        f"{amount_text(o)} (last year's Form 8606 line 14): the basis was lost, "
                        "and money already taxed would be taxed again")
            return (f"their line 2 is {amount_text(t)}; your basis carried from {year - 1} is "
                    f"{amount_text(o)} (last year's Form 8606 line 14, Total Basis Chart)")
        if line == "line_6":
            if d < 0:
                return (f"their line 6 is {amount_text(-d)} less than your year-end value "
                        f"({amount_text(o)} with outstanding rollovers): a SEP or SIMPLE IRA "
                        "left out? Line 6 takes every traditional IRA on December 31, and "
                        "traditional SEP and SIMPLE IRAs count")
            return (f"their line 6 is {amount_text(d)} more than your year-end value "
                    f"({amount_text(o)}): a Roth IRA, an employer plan or your spouse's IRA "
                    "counted in? Line 6 takes only your own traditional IRAs")
        if line in ("line_8", "line_16") and d > 0 and d in (withheld, kept):
            what = "withheld" if d == withheld else "withheld or kept"
            return (f"their line {label(line)} includes the {amount_text(d)} {what} from the "
                    "conversion, which was distributed, not converted (it is not in the Roth "
                    "IRA): it belongs on line 7; line 8 is \"the net amount you converted\"")
        if line == "line_7":
            rolled = sum((f.disposition.rolled_over for f in forms), ZERO)
            qcd = sum((f.disposition.qcd for f in forms), ZERO)
            converted = sum((f.disposition.converted_to_roth_ira for f in forms), ZERO)
            if d > 0 and d == converted:
                return ("their line 7 also counts the conversion, which goes on line 8 only: "
                        "the same money would be counted twice")
            if d > 0 and d == rolled:
                return (f"their line 7 counts the {amount_text(d)} rolled over, which line 7 "
                        "leaves out")
            if d > 0 and d == qcd:
                return (f"their line 7 counts the {amount_text(d)} qualified charitable "
                        "distribution, which line 7 leaves out")
            if d < 0 and -d in (withheld, kept) and -d > 0:
                return (f"their line 7 leaves out the {amount_text(-d)} withheld from the "
                        "conversion: it was distributed, not converted, so it is on line 7")
        what = {
            "line_1": "your nondeductible contributions for the year",
            "line_4": f"the contributions made from January 1 through April 15, {year + 1}",
            "line_7": "your distributions (the Forms 1099-R less rollovers, conversions, QCDs "
                      "and the like)",
            "line_8": "the amount that reached the Roth IRA (the Forms 1099-R, \"converted\")",
            "line_16": "the amount converted",
            "line_19": "your nonqualified Roth IRA distributions",
            "line_20": "your qualified first-time homebuyer expenses",
            "line_22": "your basis in Roth IRA contributions",
            "line_24": "your conversions and plan rollovers still in Roth IRAs",
        }.get(line, "the figure")
        return f"theirs is {amount_text(t)}; your case file gives {what}: {amount_text(o)}"

    # ------------------------------------------------------------------ Form 1040

    def f1040(self, their: TheirForm) -> None:
        ours_1040 = self.ours.f1040
        ours: dict[str, Value] = {
            "line_4a": ours_1040.line_4a, "line_4b": ours_1040.line_4b,
            "line_5a": ours_1040.line_5a, "line_5b": ours_1040.line_5b,
            "line_25b": ours_1040.line_25b,
            "line_4c": ", ".join(ours_1040.line_4c) or None,
            "line_5c": ", ".join(ours_1040.line_5c) or None,
        }
        for line in F1040_LINES:
            t, o = their.lines.get(line), ours.get(line)
            if line in ("line_4c", "line_5c") and line not in their.lines:
                continue  # not read (the 2024 form has no such boxes)
            if t is None and o is None:
                continue
            if _same(t, o):
                self.add("f1040", None, line, t, o, Status.AGREES, "same as formhelper's")
                continue
            self.add("f1040", None, line, t, o, Status.DIFFERS,
                     self.explain_1040(their, line, t, o))

    def explain_1040(self, their: TheirForm, line: str, t: Value, o: Value) -> str:
        if isinstance(t, str) or isinstance(o, str) or line in ("line_4c", "line_5c"):
            return (f"theirs: {t or 'nothing checked'}; formhelper's: {o or 'nothing checked'} "
                    "(from where the Forms 1099-R went)")
        d = (t or ZERO) - (o or ZERO)
        ira = [self.case.forms_1099r[r.index] for r in self.ours.routes
               if r.source != Source.PLAN and r.index is not None]
        if line in ("line_4a", "line_5a") and d != 0:
            for form in ira:
                if d == form.box_1 and line == "line_4a":
                    return (f"{_payer(form)} (box 1 {amount_text(form.box_1)}) is counted "
                            "twice on line 4a")
                if d == form.box_1:
                    return (f"{_payer(form)} (box 1 {amount_text(form.box_1)}) is an IRA "
                            "distribution, also counted on line 5a: the same Form 1099-R "
                            "counted twice, on lines 4a and 5a (an IRA goes on line 4a only)")
                parts = {"rolled over": form.disposition.rolled_over,
                         "converted": form.disposition.converted_to_roth_ira}
                for what, part in parts.items():
                    if part > 0 and d == part and form.box_1 != part:
                        return (f"the {amount_text(part)} {what} from {_payer(form)} is "
                                "counted again: one Form 1099-R split between a rollover and a "
                                "conversion is entered once, its box 1 once")
                if d == -form.box_1:
                    return f"leaves out {_payer(form)} (box 1 {amount_text(form.box_1)})"
        if line == "line_4b":
            theirs_8606 = sum((clamp0(f.amount("line_15c") or ZERO)
                               + clamp0(f.amount("line_18") or ZERO)
                               + clamp0(f.amount("line_25c") or ZERO)
                               for f in self.theirs.of("f8606")), ZERO)
            ours_8606 = sum((self.ours.f8606[f.owner].taxable_to_line_4b
                             for f in self.theirs.of("f8606")
                             if f.owner is not None and f.owner in self.ours.f8606), ZERO)
            if self.theirs.of("f8606") and d == theirs_8606 - ours_8606:
                return ("follows from their Form 8606 (lines 15c + 18 + 25c, which line 4b "
                        "includes)")
            for form in ira:
                if d == form.box_1 or (form.box_2a is not None and d == form.box_2a):
                    return (f"{_payer(form)} looks counted twice (box 1 "
                            f"{amount_text(form.box_1)})")
        if line in ("line_5b",) and d != 0:
            for form in ira:
                if d in (form.box_1, form.box_2a):
                    return (f"{_payer(form)} (an IRA) is also counted on line 5b: an IRA "
                            "distribution goes on lines 4a and 4b only")
        return (f"theirs is {amount_text(t)}; formhelper's, from your Forms 1099-R and Forms "
                f"8606, is {amount_text(o)}")

    # ------------------------------------------------------------------ Form 5329

    def f5329(self, their: TheirForm) -> None:
        owner = their.owner or Owner.TAXPAYER
        mine = self.ours.f5329.get(owner)
        ours: dict[str, Value] = dict(mine.lines()) if mine is not None else {}
        differs = {line for line in F5329_LINES
                   if not _same(their.lines.get(line), ours.get(line))}
        for line in F5329_LINES:
            t, o = their.lines.get(line), ours.get(line)
            if t is None and o is None:
                continue
            if line not in differs:
                self.add("f5329", owner, line, t, o, Status.AGREES, "same as formhelper's")
                continue
            own = self.own.get(("f5329", owner, label(line)))
            uses = [u for u in F5329_USES.get(line, ()) if u in differs]
            if own is not None and own.status == Status.DIFFERS and line != "line_1":
                why = f"their arithmetic: {own.why}"
            elif uses:
                why = f"follows from their line {label(uses[0])}"
            elif line == "line_1" and mine is not None and mine.items:
                items = "; ".join(f"{i.what} {amount_text(i.amount)}" for i in mine.items)
                why = f"formhelper's line 1 is made of: {items}"
            elif line == "line_1":
                why = ("formhelper finds no early distribution to include for "
                       f"{_people(self.case, owner)} return")
            else:
                why = f"theirs is {amount_text(t)}; formhelper's is {amount_text(o)}"
            self.add("f5329", owner, line, t, o, Status.DIFFERS, why)

    # ------------------------------------------------------------------ the return

    def run(self) -> None:
        given = {(f.form, f.owner) for f in self.theirs.forms}
        for form in self.theirs.forms:
            {"f8606": self.f8606, "f1040": self.f1040, "f5329": self.f5329}[form.form](form)
        for owner in self.ours.filed_8606:
            if ("f8606", owner) not in given:
                self.notes.append(f"formhelper files a Form 8606 for {_people(self.case, owner)}"
                                  " return; none of theirs was given, so it was not compared.")
        for owner in self.ours.filed_5329:
            if ("f5329", owner) not in given:
                self.notes.append(f"formhelper files a Form 5329 for {_people(self.case, owner)}"
                                  " return; none of theirs was given, so it was not compared.")
        if self.theirs.one("f1040") is None:
            self.notes.append("Their Form 1040 was not given: lines 4a-5c and 25b not compared.")

    def taxable_change(self) -> Decimal | None:
        f1040 = self.theirs.one("f1040")
        if f1040 is not None:
            ours = (self.ours.f1040.line_4b or ZERO) + (self.ours.f1040.line_5b or ZERO)
            theirs = (f1040.amount("line_4b") or ZERO) + (f1040.amount("line_5b") or ZERO)
            return ours - theirs
        forms = [f for f in self.theirs.of("f8606") if f.owner in self.ours.f8606]
        if not forms:
            return None
        return sum((self.ours.f8606[f.owner].taxable_to_line_4b  # type: ignore[index]
                    - sum((clamp0(f.amount(x) or ZERO)
                           for x in ("line_15c", "line_18", "line_25c")), ZERO)
                    for f in forms), ZERO)

    def additional_tax_change(self) -> Decimal | None:
        forms = self.theirs.of("f5329")
        if not forms:
            return None
        theirs = sum((f.amount("line_4") or ZERO for f in forms), ZERO)
        return (self.ours.schedule_2.line_8 or ZERO) - theirs


def _rounding_room(their: TheirForm) -> Decimal:
    """How far a line figured from line 10 may move when line 10 is rounded to their
    places instead of formhelper's 5: half a unit of each last place on line 10 times the
    amounts it multiplies (lines 7 and 8), and a dollar for each whole-dollar rounding."""
    places = max(_places(their.amount("line_10")), 3)
    half = Decimal(5) * Decimal(10) ** -(places + 1) + Decimal(5) * Decimal(10) ** -6
    base = (their.amount("line_7") or ZERO) + (their.amount("line_8") or ZERO)
    return base * half + 2


def _places(value: Decimal | None) -> int:
    if value is None:
        return 0
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def compare(theirs: TheirReturn, case: CaseFile, ours: ReturnResult,
            own_checks: Iterable[LineCheck]
            ) -> tuple[list[LineCheck], list[str], Decimal | None, Decimal | None]:
    """(checks, notes, taxable change, additional tax change) of their return against
    formhelper's ``ours`` for ``case``."""
    run = _Compare(theirs, case, ours, own_checks)
    run.run()
    return run.checks, run.notes, run.taxable_change(), run.additional_tax_change()
