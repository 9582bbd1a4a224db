"""Turning a :class:`ReturnResult` into what ``formhelper compute`` prints: text or JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from formhelper.calc import F5329Lines, F8606Lines, ReturnResult
from formhelper.calc.findings import Finding
from formhelper.models import CaseFile, Owner
from formhelper.money import fmt_dollars
from formhelper.render.field_words import payers_of, person, plain

#: Short labels of the Form 8606 lines (2025 wording, shortened).
F8606_LABELS: dict[str, str] = {
    "line_1": "Nondeductible contributions for the year",
    "line_2": "Total basis in traditional IRAs (last year's line 14)",
    "line_3": "Add lines 1 and 2",
    "line_4": "Contributions on line 1 made Jan 1 - Apr 15 next year",
    "line_5": "Line 3 minus line 4",
    "line_6": "Value of all traditional IRAs on Dec 31 + outstanding rollovers",
    "line_7": "Distributions from traditional IRAs",
    "line_8": "Net amount converted to Roth IRAs",
    "line_9": "Add lines 6, 7 and 8",
    "line_10": "Line 5 divided by line 9",
    "line_11": "Nontaxable part of the conversions (line 8 x line 10)",
    "line_12": "Nontaxable part of the distributions (line 7 x line 10)",
    "line_13": "Nontaxable part of all distributions",
    "line_14": "Total basis in traditional IRAs (carried to next year)",
    "line_15a": "Line 7 minus line 12",
    "line_15b": "Part of line 15a from qualified disaster distributions",
    "line_15c": "Taxable amount (to Form 1040 line 4b)",
    "line_16": "Amount converted",
    "line_17": "Basis in the amount converted",
    "line_18": "Taxable amount of the conversion (to Form 1040 line 4b)",
    "line_19": "Nonqualified distributions from Roth IRAs",
    "line_20": "Qualified first-time homebuyer expenses",
    "line_21": "Line 19 minus line 20",
    "line_22": "Basis in Roth IRA contributions",
    "line_23": "Line 21 minus line 22",
    "line_24": "Basis in conversions and plan rollovers to Roth IRAs",
    "line_25a": "Line 23 minus line 24",
    "line_25b": "Part of line 25a from qualified disaster distributions",
    "line_25c": "Taxable amount (to Form 1040 line 4b)",
}

#: Form 1040 amount lines; the line 4c/5c items are worded by :func:`check_instruction`.
F1040_LABELS: dict[str, str] = {
    "line_4a": "IRA distributions",
    "line_4b": "IRA distributions, taxable amount",
    "line_5a": "Pensions and annuities",
    "line_5b": "Pensions and annuities, taxable amount",
    "line_25b": "Federal income tax withheld, Form(s) 1099",
}

#: formhelper's lines whose items the year's form takes as boxes or as words written
#: next to line 4b/5b (``ReturnResult.f1040_reporting``).
CHECK_LINES = ("line_4c", "line_5c")


def check_instruction(result: ReturnResult, key: str, items: tuple[str, ...]) -> tuple[str, str]:
    """(printed line, what to do) for the items of ``line_4c``/``line_5c``, from the
    year's data: ``("4c", 'Check box 2 "QCD" on line 4c of Form 1040')`` (2025) or
    ``("4b", 'Write "QCD" next to line 4b of Form 1040 (not filled by formhelper: the
    2024 form has no box for it)')`` (2024)."""
    reporting = result.f1040_reporting
    text = reporting.sentence(key, items)
    return reporting.of(key).line, text[:1].upper() + text[1:]


#: Form 5329 Part I (2025 wording, shortened).
F5329_LABELS: dict[str, str] = {
    "line_1": "Early distributions includible in income",
    "line_2": "Part of line 1 not subject to the additional tax",
    "line_3": "Amount subject to additional tax (line 1 minus line 2)",
    "line_4": "Additional tax (to Schedule 2 line 8)",
}

_KEYS = list(F8606_LABELS)
#: First line of each part -> (heading, the part's lines).
_PARTS = {
    "line_1": ("Part I", _KEYS[: _KEYS.index("line_16")]),
    "line_16": ("Part II", _KEYS[_KEYS.index("line_16") : _KEYS.index("line_19")]),
    "line_19": ("Part III", _KEYS[_KEYS.index("line_19") :]),
}


def _number(value: Decimal) -> int | float:
    """Whole dollars as int; a ratio (line 10) as a JSON number."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _line_values(lines: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in lines.items():
        if value is None or value == ():
            continue
        out[key] = list(value) if isinstance(value, tuple) else _number(value)
    return out


def _finding(f: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {"id": f.id, "severity": f.severity.value, "message": f.message}
    if f.field:
        data["field"] = f.field
    if f.box:
        data["box"] = f.box
    if f.blocking:
        data["blocking"] = True
    return data


def _f5329_json(lines: F5329Lines) -> dict[str, Any]:
    """One person's Form 5329 Part I: the lines, the exception number of line 2 (a
    string, "99" for more than one), and whether the form must be filed."""
    out: dict[str, Any] = {}
    for key, value in lines.lines().items():
        if value is None:
            continue
        out[key] = value if isinstance(value, str) else _number(value)
    out["required"] = lines.required
    return out


def _schedule_2_json(result: ReturnResult) -> dict[str, Any]:
    s2 = result.schedule_2
    if s2.line_8 is None:
        return {}
    return {"line_8": _number(s2.line_8), "line_8_not_required": s2.line_8_not_required}


def _reporting_json(result: ReturnResult) -> dict[str, Any]:
    """``f1040_reporting`` of ``compute --json``: for each of line_4c/line_5c with items,
    how the year's form takes them, the words, and the instruction."""
    out: dict[str, Any] = {}
    reporting = result.f1040_reporting
    for key in CHECK_LINES:
        items: tuple[str, ...] = getattr(result.f1040, key)
        if not items:
            continue
        line = reporting.of(key)
        out[key] = {
            "how": line.how,
            "line": line.line,
            "items": [{"item": name, "word": line.item(name).word, "box": line.item(name).box}
                      for name in items],
            "instruction": reporting.sentence(key, items),
            "filled_by_formhelper": line.filled,
            "verified": line.verified_for(items),
            "source": "; ".join([line.source] + [line.item(n).source for n in items
                                                  if line.item(n).source]),
        }
    return out


def _roth_next_year(lines: F8606Lines) -> dict[str, Any]:
    """What the Roth IRAs carry to next year's Form 8606: line 22 (regular contribution
    basis) and, per year, the conversions and plan rollovers still there (line 24)."""
    return {
        "contribution_basis": _number(lines.roth_contribution_basis_carried),
        "layers": [{"year": lay.year, "kind": lay.kind.value, "taxable": _number(lay.taxable),
                    "nontaxable": _number(lay.nontaxable)}
                   for lay in lines.roth_layers_carried if lay.taxable + lay.nontaxable > 0],
    }


def to_json(result: ReturnResult) -> dict[str, Any]:
    """The ``compute --json`` document.

    Keys are ``line_`` plus the IRS label; amounts are whole dollars; line 10
    is the decimal; a line the form leaves blank is absent.  ``f1040.line_4c`` and
    ``line_5c`` list formhelper's item names every year (``"rollover"``, ``"qcd"``,
    ``"hfd"``); ``f1040_reporting`` says how the year's form takes them (boxes on line
    4c/5c, or the word written next to line 4b/5b on the 2024 form).
    ``basis_next_year`` is each person's traditional IRA basis (next year's Form 8606
    line 2); ``roth_next_year`` their Roth IRA contribution basis and the layers of
    conversions and plan rollovers left, one per year (next year's lines 22 and 24).
    With inherited IRAs, ``f8606_inherited.<owner>.<decedent>.line_N`` and
    ``basis_next_year_inherited.<owner>.<decedent>``.
    """
    data: dict[str, Any] = {
        "tax_year": result.tax_year,
        "f8606": {
            owner.value: _line_values(lines.lines())
            for owner, lines in result.filed_8606.items()
        },
        "f1040": _line_values(dict(result.f1040)),
        "f1040_reporting": _reporting_json(result),
        "f5329": {owner.value: _f5329_json(lines) for owner, lines in result.f5329.items()},
        "schedule_2": _schedule_2_json(result),
        "basis_next_year": {
            owner.value: int(lines.basis_carried) for owner, lines in result.f8606.items()
        },
        "roth_next_year": {
            owner.value: _roth_next_year(lines) for owner, lines in result.f8606.items()
        },
        "warnings": [_finding(f) for f in result.findings],
    }
    if result.f8606_inherited:
        # One Form 8606 per inherited IRA (per decedent), never pooled with the person's
        # own: its lines (filed forms only) and the basis it carries to next year.
        data["f8606_inherited"] = {
            owner.value: {decedent: _line_values(lines.lines())
                          for decedent, lines in forms.items() if lines.required}
            for owner, forms in result.f8606_inherited.items()
        }
        data["basis_next_year_inherited"] = {
            owner.value: {decedent: int(lines.basis_carried) for decedent, lines in forms.items()}
            for owner, forms in result.f8606_inherited.items()
        }
    return data


def _fmt(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, Decimal):
        return fmt_dollars(value)
    return str(value)


def _f5329_text(names: dict[Owner, str], result: ReturnResult) -> list[str]:
    """Form 5329 Part I per person, then Schedule 2 line 8."""
    out: list[str] = []
    for owner, lines in result.f5329.items():
        if lines.required:
            out.append(f"Form 5329 Part I, {names[owner]} ({person(owner.value)})")
        else:
            out.append(f"Form 5329 Part I, {names[owner]} ({person(owner.value)}): not required; "
                       "line 4 goes straight to Schedule 2 line 8")
        for key, value in lines.lines().items():
            if value is None or key == "line_2_number":
                continue
            label = key.removeprefix("line_")
            text = F5329_LABELS[key]
            if key == "line_2" and lines.line_2_number:
                text = f"{text} (exception {lines.line_2_number})"
            out.append(f"  {label:>4}  {text:<62} {_fmt(value):>12}")
        out.append("")
    s2 = result.schedule_2
    if s2.line_8 is not None:
        out.append("Schedule 2 (Form 1040)")
        box = "  (check 'If not required, check here': no Form 5329)" if (
            s2.line_8_not_required) else ""
        out.append(f"  {'8':>4}  {'Additional tax on IRAs (Form 5329 line 4)':<62} "
                   f"{_fmt(s2.line_8):>12}{box}")
        out.append("")
    return out


def to_text(case: CaseFile, result: ReturnResult) -> str:
    """A plain-text view of the computed lines, in the forms' order."""
    out: list[str] = [
        f"Tax year {result.tax_year}, {case.filing_status.value.replace('_', ' ')}",
        "",
    ]
    names = {Owner.TAXPAYER: case.taxpayer.name}
    if case.spouse is not None:
        names[Owner.SPOUSE] = case.spouse.name
    if not result.filed_8606:
        out += ["Form 8606: not needed for this return." if not result.filed_8606_inherited
                else "Form 8606 for your own IRAs: not needed for this return.", ""]
    for owner, lines in result.filed_8606.items():
        out.append(f"Form 8606, {names[owner]} ({person(owner.value)})")
        values = lines.lines()
        for key, value in values.items():
            if key in _PARTS and any(values[k] is not None for k in _PARTS[key][1]):
                out.append(f"  {_PARTS[key][0]}")
            if value is None:
                continue
            label = key.removeprefix("line_")
            shown = f"{value:.5f}" if key == "line_10" else _fmt(value)
            out.append(f"  {label:>4}  {F8606_LABELS[key]:<62} {shown:>12}")
        if lines.worksheet_1_1 is not None:
            out.append("        (lines 13, 15a and 18 from Pub. 590-B Worksheet 1-1)")
        out.append("")
    for owner, forms in result.f8606_inherited.items():
        for decedent, lines in forms.items():
            if not lines.required:
                continue
            out.append(f"Form 8606, {names[owner]} ({person(owner.value)}), IRA inherited "
                       f"from {decedent}")
            for key, value in lines.lines().items():
                if value is None:
                    continue
                shown = f"{value:.5f}" if key == "line_10" else _fmt(value)
                out.append(f"  {key.removeprefix('line_'):>4}  {F8606_LABELS[key]:<62} "
                           f"{shown:>12}")
            out.append("")
    out.append("Form 1040")
    any_line = False
    for key, value in dict(result.f1040).items():
        if value is None or value == ():
            continue
        any_line = True
        if key in CHECK_LINES:
            line, text = check_instruction(result, key, value)
            out.append(f"  {line:>4}  {text}")
            continue
        label = key.removeprefix("line_")
        out.append(f"  {label:>4}  {F1040_LABELS[key]:<62} {_fmt(value):>12}")
    if not any_line:
        out.append("  (no Form 1099-R amounts)")
    out.append("")
    out += _f5329_text(names, result)
    for owner, lines in result.f8606.items():
        out.append(
            f"Basis carried to next year's Form 8606 line 2 ({person(owner.value)}): "
            f"${fmt_dollars(lines.basis_carried)}"
        )
    for owner, forms in result.f8606_inherited.items():
        for decedent, lines in forms.items():
            out.append(f"Basis carried to next year's Form 8606 line 2 ({person(owner.value)}, IRA "
                       f"inherited from {decedent}): ${fmt_dollars(lines.basis_carried)}")
    if result.findings:
        out += ["", "Warnings"]
        for f in result.findings:
            out.append(f"  [{f.severity.value}] {f.id}: "
                       f"{plain(f.message, payers_of(case.forms_1099r))}")
    return "\n".join(out) + "\n"
