"""What ``formhelper verify`` reads and says: another program's lines, and one check per line.

Pure data: the readers (``formhelper.files.their_lines``, ``formhelper.pdf.their_pages``)
make a :class:`TheirReturn`; :func:`formhelper.calc.verify.verify` turns it into a
:class:`VerifyReport`.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from formhelper.models import Owner

#: A line's content: an amount, a word (Form 5329 line 2's exception number, the
#: Form 1040 line 4c/5c items joined by ", "), or blank.
Value = Decimal | str | None

#: The forms ``verify`` reads, by formhelper's short name.
FORM_NAMES = {"f8606": "Form 8606", "f1040": "Form 1040", "f5329": "Form 5329"}


class TheirForm(BaseModel):
    """One form of the other program's return, as read from its page or typed."""

    model_config = ConfigDict(frozen=True)

    #: ``f8606``, ``f1040`` or ``f5329``.
    form: str
    #: Whose form (Forms 8606 and 5329 are one per person); ``None`` for Form 1040.
    owner: Owner | None = None
    #: ``line_<label>`` -> value; a line missing here was blank.
    lines: dict[str, Value]
    #: Where it was read from (a file name), for the report.
    source: str
    #: The name printed on the form, when it has one.
    name: str = ""
    #: The SSN printed on the form, digits only, when it has one.
    ssn: str = ""

    def amount(self, line: str) -> Decimal | None:
        value = self.lines.get(line)
        return value if isinstance(value, Decimal) else None


class TheirReturn(BaseModel):
    """The other program's forms for one tax year."""

    model_config = ConfigDict(frozen=True)

    tax_year: int
    forms: tuple[TheirForm, ...]

    def of(self, form: str) -> list[TheirForm]:
        return [f for f in self.forms if f.form == form]

    def one(self, form: str, owner: Owner | None = None) -> TheirForm | None:
        for f in self.forms:
            if f.form == form and (owner is None or f.owner == owner):
                return f
        return None


class Status(StrEnum):
    #: Their figure is what the form's arithmetic (or your case) gives.
    AGREES = "agrees"
    #: Their figure is not: a line to correct, or to look into.
    DIFFERS = "differs"
    #: Different, in a way the instructions allow (line 10 rounded to 3 places, whole-dollar
    #: rounding); said why, not counted as a difference.
    ALLOWED = "allowed"
    #: Nothing to check it against (an input line without your case file).
    NOT_CHECKED = "not_checked"


class LineCheck(BaseModel):
    """One line: theirs, what it should be, and why."""

    model_config = ConfigDict(frozen=True)

    form: str
    owner: Owner | None
    #: The printed label: ``"14"``, ``"4a"``, ``"2 (exception number)"``.
    line: str
    theirs: Value
    #: formhelper's figure (with a case file) or the form's arithmetic on their lines.
    expected: Value
    #: ``"="``; ``"at least"``/``"at most"`` when only a bound can be checked.
    relation: str = "="
    status: Status
    #: Plain words: what is wrong or why it agrees.
    why: str = ""
    #: The instruction the line follows (form, line, its words).
    rule: str = ""

    @property
    def difference(self) -> Decimal | None:
        """``theirs - expected`` when both are amounts (blank counts as 0)."""
        theirs = self.theirs if isinstance(self.theirs, Decimal) else None
        expected = self.expected if isinstance(self.expected, Decimal) else None
        if isinstance(self.theirs, str) or isinstance(self.expected, str):
            return None
        if theirs is None and expected is None:
            return None
        return (theirs or Decimal(0)) - (expected or Decimal(0))


class VerifyReport(BaseModel):
    """Everything ``verify`` found."""

    model_config = ConfigDict(frozen=True)

    tax_year: int
    #: ``"self"``: their return checked against itself; ``"case"``: against your case file.
    mode: str
    checks: tuple[LineCheck, ...]
    #: Things said once, not tied to a line (a form not given, a form formhelper files
    #: that they did not).
    notes: tuple[str, ...] = ()
    #: Form 1040 lines 4b + 5b, formhelper's less theirs (with a case file).
    taxable_change: Decimal | None = None
    #: Schedule 2 line 8 (the Forms 5329 line 4), formhelper's less theirs.
    additional_tax_change: Decimal | None = None

    @property
    def differing(self) -> list[LineCheck]:
        return [c for c in self.checks if c.status == Status.DIFFERS]

    @property
    def agrees(self) -> bool:
        return not self.differing
