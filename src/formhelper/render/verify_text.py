"""What ``formhelper verify`` prints: per form a table of line, theirs, formhelper's (or
what the form's arithmetic gives), difference, and under each line that is not right,
why and the instruction it follows; then one summary line.  Or the same as JSON."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

from formhelper.calc.verify import FORM_NAMES, LineCheck, Status, VerifyReport, amount_text
from formhelper.models import Owner

_MARK = {Status.DIFFERS: "DIFFERS", Status.ALLOWED: "allowed", Status.AGREES: "ok",
         Status.NOT_CHECKED: "-"}
_WIDTH = 92


def _heading(check: LineCheck, names: dict[tuple[str, Owner | None], str]) -> str:
    form = FORM_NAMES.get(check.form, check.form)
    if check.owner is None:
        return form
    whose = "yours" if check.owner == Owner.TAXPAYER else "your spouse's"
    name = names.get((check.form, check.owner), "")
    return f"{form}, {whose}" + (f" ({name})" if name else "")


def _cell(value: object, relation: str = "=") -> str:
    text = amount_text(value if isinstance(value, (Decimal, str)) or value is None else None)
    if relation != "=" and value is not None:
        return f"{'>=' if relation == 'at least' else '<='} {text}"
    return "" if text == "blank" and value is None else text


def _diff(check: LineCheck) -> str:
    if check.relation != "=" or check.status == Status.NOT_CHECKED:
        return ""
    d = check.difference
    if d is None or d == 0:
        return ""
    return ("+" if d > 0 else "-") + amount_text(abs(d))


def _wrap(label: str, text: str) -> list[str]:
    return textwrap.wrap(text, width=_WIDTH, initial_indent=f"      {label}",
                         subsequent_indent=" " * (6 + len(label)))


def to_text(report: VerifyReport, notes: tuple[str, ...] = (),
            names: dict[tuple[str, Owner | None], str] | None = None) -> str:
    names = names or {}
    against = "formhelper" if report.mode == "case" else "Should be"
    out: list[str] = []
    if report.mode == "case":
        out.append(f"Their {report.tax_year} return against formhelper's, from your case file.")
    else:
        out.append(f"Their {report.tax_year} return checked against itself (the forms' own "
                   "arithmetic and each other).")
        out.append("Give your case file (--case) to check the entered lines too.")
    heading = None
    for check in report.checks:
        this = _heading(check, names)
        if this != heading:
            heading = this
            out += ["", this,
                    f"  {'Line':<7}{'Theirs':>14}{against:>14}{'Difference':>13}  Result"]
        out.append(f"  {check.line[:20]:<7}{_cell(check.theirs):>14}"
                   f"{_cell(check.expected, check.relation):>14}{_diff(check):>13}  "
                   f"{_MARK[check.status]}")
        if check.status in (Status.DIFFERS, Status.ALLOWED):
            out += _wrap("Why: ", check.why)
            if check.rule:
                out += _wrap("Rule: ", check.rule)
        elif check.status == Status.NOT_CHECKED and report.mode == "case":
            out += _wrap("", check.why)
    if notes or report.notes:
        out.append("")
        out += [line for note in (*notes, *report.notes)
                for line in textwrap.wrap(f"Note: {note}", width=_WIDTH,
                                          subsequent_indent="      ")]
    out += ["", summary(report)]
    return "\n".join(out) + "\n"


def summary(report: VerifyReport) -> str:
    """``3 lines differ; your taxable amount would change by +$4,000``."""
    n = len(report.differing)
    allowed = sum(1 for c in report.checks if c.status == Status.ALLOWED)
    if n == 0:
        text = "Every line checked agrees"
    else:
        text = f"{n} line{'s' if n != 1 else ''} differ{'s' if n == 1 else ''}"
    if allowed:
        text += f" ({allowed} more differ only as the instructions allow)"
    change = report.taxable_change
    if change:
        sign = "+" if change > 0 else "-"
        text += (f"; with formhelper's figures your taxable amount (Form 1040 lines 4b + 5b) "
                 f"would change by {sign}${amount_text(abs(change))}")
    extra = report.additional_tax_change
    if extra:
        sign = "+" if extra > 0 else "-"
        text += f", and the additional tax (Form 5329 line 4) by {sign}${amount_text(abs(extra))}"
    return textwrap.fill(text + ".", width=_WIDTH)


def _value(value: object) -> Any:
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        whole = isinstance(exponent, int) and exponent >= 0
        return int(value) if whole else float(value)
    return value


def to_json(report: VerifyReport, notes: tuple[str, ...] = ()) -> dict[str, Any]:
    """The report as JSON: amounts as numbers (whole dollars as integers, line 10 as a
    decimal), every check with its status, why and rule."""
    return {
        "tax_year": report.tax_year,
        "mode": report.mode,
        "agrees": report.agrees,
        "differing": len(report.differing),
        "taxable_change": _value(report.taxable_change),
        "additional_tax_change": _value(report.additional_tax_change),
        "checks": [
            {"form": c.form, "owner": c.owner.value if c.owner else None, "line": c.line,
             "theirs": _value(c.theirs), "expected": _value(c.expected),
             "relation": c.relation, "difference": _value(c.difference)
             if c.relation == "=" else None, "status": c.status.value, "why": c.why,
             "rule": c.rule}
            for c in report.checks
        ],
        "notes": [*notes, *report.notes],
        "summary": summary(report),
    }
