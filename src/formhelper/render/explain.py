"""Where each line comes from: rows for the worksheets and the summaries.

Pure functions over the case and the computed result (no PDF or template
library), shared by ``formhelper.worksheets`` and ``formhelper.render.summary``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from formhelper.calc import ReturnResult
from formhelper.calc.f5329 import F5329Lines
from formhelper.calc.f8606 import F8606Lines
from formhelper.calc.route import Route, Source
from formhelper.calc.ws_1_1 import Worksheet11
from formhelper.models import CaseFile, Form1099R, Owner
from formhelper.money import fmt_dollars
from formhelper.render.field_words import (
    DISPOSITION_FIELDS,
    form_name,
    payers_of,
    person,
    possessive,
)
from formhelper.render.return_text import (
    CHECK_LINES,
    F1040_LABELS,
    F5329_LABELS,
    F8606_LABELS,
    check_instruction,
)


@dataclass(frozen=True)
class Row:
    """One line of a form or worksheet: its label, amount as printed, and origin."""

    line: str
    label: str
    amount: str
    source: str


def amount_text(key: str, value: object) -> str:
    """As the line is printed: dollars ``12,345``; line 10 ``0.20000``; checkboxes by name."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, Decimal):
        if key == "line_10" or value != value.to_integral_value():
            return f"{value:f}"
        return fmt_dollars(value)
    return str(value)


def _forms(case: CaseFile, routes: Sequence[Route], owner: Owner,
           pick: Source) -> list[tuple[Route, Form1099R]]:
    return [(r, case.forms_1099r[r.index]) for r in routes
            if r.owner == owner and r.source == pick and r.index is not None
            and r.inherited_from is None]


def _form_of(index: int | None, payers: Sequence[str]) -> str:
    return "Forms 1099-R" if index is None else form_name(index, payers)


def _list(parts: list[str]) -> str:
    return " + ".join(parts) if parts else "none"


def f8606_sources(case: CaseFile, routes: Sequence[Route], owner: Owner,
                  lines: F8606Lines) -> dict[str, str]:
    """Line -> where its amount came from, in words: what was entered, which Form
    1099-R box, which worksheet line or which formula."""
    payers = payers_of(case.forms_1099r)
    your = possessive(owner.value)
    yours = your[:1].upper() + your[1:]
    ira = _forms(case, routes, owner, Source.TRADITIONAL_IRA)
    roth = _forms(case, routes, owner, Source.ROTH_IRA)
    line_7_forms = [f"{form_name(r.index or 0, payers)} box 1 {fmt_dollars(f.box_1)} less "
                    f"rollovers, QCD, HFD and conversions = {fmt_dollars(r.line_7)}"
                    for r, f in ira if r.line_7 > 0]
    conv = [f"{form_name(r.index or 0, payers)}: converted to a Roth IRA "
            f"{fmt_dollars(r.line_8)}"
            for r, f in ira if r.line_8 > 0]
    roth_forms = [f"{form_name(r.index or 0, payers)} box 1 {fmt_dollars(f.box_1)} "
                  f"(code {f.box_7})" for r, f in roth]
    ws = lines.worksheet_1_1 is not None
    src = {
        "line_1": f"{yours} nondeductible traditional IRA contributions for the year, as entered",
        "line_2": f"{yours} basis from last year, as entered (last year's Form 8606 line 14)",
        "line_3": "line 1 + line 2",
        "line_4": f"{yours} contributions made January-April of next year, as entered",
        "line_5": "line 3 - line 4",
        "line_6": (f"{yours} value of all traditional, SEP and SIMPLE IRAs on December 31 "
                   "(Form 5498 box 5) + outstanding rollovers, as entered"),
        "line_7": "Forms 1099-R (traditional IRA): " + _list(line_7_forms),
        "line_8": "Forms 1099-R (traditional IRA): " + _list(conv),
        "line_9": "line 6 + line 7 + line 8",
        "line_10": "line 5 / line 9, 5 places, at most 1.000",
        "line_11": "line 8 x line 10",
        "line_12": "line 7 x line 10",
        "line_13": "Pub. 590-B Worksheet 1-1 line 8" if ws else "line 11 + line 12",
        "line_14": "line 3 - line 13 (carried to next year's line 2)",
        "line_15a": "Pub. 590-B Worksheet 1-1 line 11" if ws else "line 7 - line 12",
        "line_15b": "qualified disaster distributions (not supported)",
        "line_15c": "line 15a - line 15b -> Form 1040 line 4b",
        "line_16": ("line 8" if lines.line_8 is not None
                    else "Forms 1099-R (traditional IRA): " + _list(conv)),
        "line_17": ("line 16 - line 18 (Worksheet 1-1)" if ws
                    else "line 11" if lines.line_11 is not None else "no basis: 0"),
        "line_18": ("Pub. 590-B Worksheet 1-1 line 10" if ws
                    else "line 16 - line 17 -> Form 1040 line 4b"),
        "line_19": "Forms 1099-R (Roth IRA, nonqualified): " + _list(roth_forms),
        "line_20": (f"{yours} first-time homebuyer expenses, as entered (at most $10,000 "
                    "lifetime)"),
        "line_21": "line 19 - line 20",
        "line_22": (f"{yours} earlier regular Roth IRA contributions + contributions this "
                    "year, as entered (+ code H box 5)"),
        "line_23": "line 21 - line 22",
        "line_24": (f"{yours} earlier conversions and rollovers still in Roth IRAs, as entered, "
                    "+ this year's line 16 + this year's plan rollovers to a Roth IRA"),
        "line_25a": "line 23 - line 24",
        "line_25b": "qualified disaster distributions (not supported)",
        "line_25c": "line 25a - line 25b -> Form 1040 line 4b",
    }
    return src


def f8606_inherited_rows(case: CaseFile, routes: Sequence[Route], owner: Owner,
                         decedent: str, lines: F8606Lines) -> list[Row]:
    """Every filled line of the Form 8606 of the IRA ``owner`` inherited from ``decedent``."""
    payers = payers_of(case.forms_1099r)
    your = possessive(owner.value)
    sources = f8606_sources(case, routes, owner, lines)
    forms = [f"{form_name(r.index, payers)} box 1 "
             f"{fmt_dollars(case.forms_1099r[r.index].box_1)} less QCD = "
             f"{fmt_dollars(r.line_7)}"
             for r in routes if r.owner == owner and r.on_return and r.index is not None
             and r.inherited_from == decedent and r.line_7 > 0]
    sources.update({
        "line_1": "no contribution can be made to an inherited IRA",
        "line_2": f"the basis of {your} IRA inherited from {decedent}, as entered",
        "line_4": "no contribution can be made to an inherited IRA",
        "line_6": (f"the value on December 31 of {your} IRA inherited from {decedent}, "
                   "as entered (Form 5498 box 5)"),
        "line_7": "Forms 1099-R from this inherited IRA: " + _list(forms),
        "line_8": "an inherited IRA cannot be converted",
    })
    return [
        Row(key.removeprefix("line_"), F8606_LABELS[key], amount_text(key, value), sources[key])
        for key, value in lines.lines().items()
        if value is not None
    ]


def f8606_rows(case: CaseFile, routes: Sequence[Route], owner: Owner,
               lines: F8606Lines) -> list[Row]:
    """Every filled line of one Form 8606, in the form's order."""
    sources = f8606_sources(case, routes, owner, lines)
    return [
        Row(key.removeprefix("line_"), F8606_LABELS[key], amount_text(key, value), sources[key])
        for key, value in lines.lines().items()
        if value is not None
    ]


WS11_LABELS = {
    "line_1": "Basis in traditional IRAs at the end of last year",
    "line_2": "Contributions for the year, deductible or not",
    "line_3": "Add lines 1 and 2",
    "line_4": "Value of all traditional IRAs on Dec 31 + outstanding rollovers",
    "line_5": "Distributions and conversions during the year",
    "line_6": "Add lines 4 and 5",
    "line_7": "Line 3 divided by line 6",
    "line_8": "Nontaxable part: line 5 x line 7 (-> Form 8606 line 13)",
    "line_9": "Taxable part: line 5 - line 8",
    "line_10": "Taxable part of the conversions (-> Form 8606 line 18)",
    "line_11": "Line 9 - line 10 (-> Form 8606 line 15a)",
}


def ws11_rows(ws: Worksheet11) -> list[Row]:
    """Pub. 590-B Worksheet 1-1, every line."""
    values = ws.model_dump()
    return [
        Row(key.removeprefix("line_"), label,
            f"{values[key]:f}" if key == "line_7" else fmt_dollars(values[key]), "")
        for key, label in WS11_LABELS.items()
    ]


@dataclass(frozen=True)
class FormRow:
    """One Form 1099-R and the Form 1040 line it feeds."""

    index: int
    owner: str
    payer: str
    box_1: str
    box_2a: str
    box_4: str
    box_7: str
    goes_to: str
    note: str


def form_rows(case: CaseFile, routes: Sequence[Route]) -> list[FormRow]:
    """The Forms 1099-R behind Form 1040 lines 4a-4b (IRAs) and 5a-5b (plans)."""
    rows = []
    for index, form in enumerate(case.forms_1099r):
        route = routes[index]
        source = route.source
        d = form.disposition
        notes = [f"{DISPOSITION_FIELDS.get(name, name.replace('_', ' '))} {fmt_dollars(amount)}"
                 for name, amount in d.model_dump().items() if amount]
        if source == Source.PLAN:
            goes = "5a/5b"
            notes.append(f"5b part {fmt_dollars(route.taxable or Decimal(0))}")
        else:
            goes = "4a/4b"
            notes.append("Roth IRA (8606 Part III)" if source == Source.ROTH_IRA
                         else f"IRA inherited from {route.inherited_from} (its own 8606)"
                         if route.inherited_from else "traditional/SEP/SIMPLE IRA")
        if not route.on_return:
            notes.append("only in the recharacterization statement (code R)"
                         if "R" in form.codes
                         else "not on this return (code P: the year before the form's year)")
        rows.append(FormRow(
            index=index, owner=person(form.owner.value).capitalize(), payer=form.payer or "-",
            box_1=fmt_dollars(form.box_1),
            box_2a="" if form.box_2a is None else fmt_dollars(form.box_2a),
            box_4=fmt_dollars(form.box_4), box_7=form.box_7, goes_to=goes,
            note="; ".join(notes),
        ))
    return rows


def _line_5b_source(case: CaseFile, routes: Sequence[Route]) -> str:
    """Line 5b from each plan Form 1099-R: its taxable part, less what was rolled over to a
    traditional IRA or plan; a rollover to a Roth IRA or in-plan Roth stays taxable
    (Form 1040 instructions, lines 5a-5b; the form's route, ``calc.route``)."""
    payers = payers_of(case.forms_1099r)
    parts = []
    for route in routes:
        if route.source != Source.PLAN or not route.on_return or route.index is None:
            continue
        index = route.index
        d = case.forms_1099r[index].disposition
        how = ("rolled over to a Roth IRA: taxable" if d.converted_to_roth_ira > 0
               else "rolled to the plan's Roth account: taxable" if d.in_plan_roth_rollover > 0
               else "less the part rolled over" if d.rolled_over > 0
               else "taxable amount")
        parts.append(f"{form_name(index, payers)}: "
                     f"{fmt_dollars(route.taxable or Decimal(0))} ({how})")
    return "taxable part of the plan Forms 1099-R: " + _list(parts)


def f1040_rows(result: ReturnResult, case: CaseFile | None = None) -> list[Row]:
    """Form 1040 lines 4a-5c and 25b that have a value (``case``: to name the plan
    Forms 1099-R behind line 5b).

    The line 4c/5c items get a row that says what to do on the year's form (from
    ``result.f1040_reporting``): check the boxes of line 4c/5c (2025), or write the
    word next to line 4b/5b (2024: no line 4c/5c, and formhelper does not fill it).
    """
    sources = {
        "line_4a": "box 1 of the IRA Forms 1099-R",
        "line_4b": "Form 8606 lines 15c + 18 + 25c, plus fully taxable IRA distributions",
        "line_4c": "rollover, QCD or HFD among the IRA Forms 1099-R",
        "line_5a": "box 1 of the plan Forms 1099-R",
        "line_5b": (_line_5b_source(case, result.routes) if case is not None
                    else "taxable part of the plan Forms 1099-R"),
        "line_5c": "a plan rollover",
        "line_25b": "box 4 of every Form 1099-R",
    }
    rows = []
    for key, value in dict(result.f1040).items():
        if value is None or value == ():
            continue
        if key in CHECK_LINES:
            line, text = check_instruction(result, key, value)
            words = ", ".join(result.f1040_reporting.of(key).item(n).word for n in value)
            rows.append(Row(line, text, words, sources[key]))
            continue
        rows.append(Row(key.removeprefix("line_"), F1040_LABELS[key],
                        amount_text(key, value), sources[key]))
    return rows


def f5329_rows(lines: F5329Lines, payers: Sequence[str] = ()) -> list[Row]:
    """Form 5329 Part I: each amount on line 1 and line 2 with its origin, then lines 1-4
    (``payers``: the payers' names of the case's Forms 1099-R, to name them)."""
    rows: list[Row] = []
    for item in lines.items:
        rate = "25%" if item.simple else "10%"
        rows.append(Row("1", item.what, f"{item.amount:,.2f}".removesuffix(".00"),
                        f"{_form_of(item.form, payers)} ({rate})"))
    rows.append(Row("1", F5329_LABELS["line_1"], amount_text("line_1", lines.line_1),
                    "sum of the amounts above, rounded to whole dollars"))
    for claim in lines.claims:
        how = "claimed by formhelper" if claim.automatic else "the exception you claimed"
        rows.append(Row("2", f"exception {claim.number}: {claim.description}",
                        f"{claim.amount:,.2f}".removesuffix(".00"),
                        f"{_form_of(claim.form, payers)}, {how}"))
    if lines.line_2 is not None:
        rows.append(Row("2", f"{F5329_LABELS['line_2']} (number {lines.line_2_number})",
                        amount_text("line_2", lines.line_2),
                        "one number; 99 when more than one exception applies"))
    rows.append(Row("3", F5329_LABELS["line_3"], amount_text("line_3", lines.line_3),
                    "line 1 - line 2"))
    rows.append(Row("4", F5329_LABELS["line_4"], amount_text("line_4", lines.line_4),
                    "10% of line 3 (25% of its SIMPLE IRA part) -> Schedule 2 line 8"))
    return rows
