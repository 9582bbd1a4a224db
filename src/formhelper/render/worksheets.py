"""Render ``worksheets.pdf`` with reportlab.

Per person who files Form 8606: every line with its label, amount and where
it came from; Pub. 590-B Worksheet 1-1 when it replaced lines 6-12; the
Part III ordering of a Roth IRA distribution (Pub. 590-B, "Ordering Rules
for Distributions").  Then Form 1040 lines 4 and 5 with the Forms 1099-R
behind them.  reportlab's invariant mode (``invariant=1``: fixed dates and
document id) makes the same input give byte-identical output.
"""

from __future__ import annotations

from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from formhelper.calc import ReturnResult
from formhelper.models import CaseFile, Owner
from formhelper.money import fmt_dollars
from formhelper.render.explain import (
    f1040_rows,
    f5329_rows,
    f8606_inherited_rows,
    f8606_rows,
    form_rows,
    ws11_rows,
)
from formhelper.render.field_words import payers_of, person, plain
from formhelper.render.styles import AMOUNT, CELL, GRID, NOTE, STYLES, build_pdf, escape, para


def _table(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    """A gridded table; the "Amount" and "Box" columns are right-aligned."""
    right = {i for i, h in enumerate(header) if h == "Amount" or h.startswith("Box ")}
    data = [[para(h) for h in header]] + [
        [para(c, AMOUNT if i in right else CELL) for i, c in enumerate(row)] for row in rows
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(GRID)
    return table


def _person_name(case: CaseFile, owner: Owner) -> str:
    who = case.taxpayer if owner == Owner.TAXPAYER else case.spouse
    return who.name if who is not None else person(owner.value)


def story(case: CaseFile, result: ReturnResult) -> list[Flowable]:
    """The flowables of ``worksheets.pdf``."""
    out: list[Flowable] = [
        Paragraph(f"formhelper worksheets, tax year {result.tax_year}", STYLES["Title"]),
        para("Every amount below is what formhelper computed from what you entered; the "
             "'From' column says which Form 1099-R box, answer or worksheet line it "
             "comes from.", NOTE),
        Spacer(1, 8),
    ]
    payers = payers_of(case.forms_1099r)
    if not result.filed_8606 and not result.filed_8606_inherited:
        out.append(para("Form 8606: not needed for this return.", NOTE))
    widths = [0.45 * inch, 2.6 * inch, 0.9 * inch, 3.55 * inch]
    for owner, lines in result.filed_8606.items():
        out.append(Paragraph(
            f"Form 8606 worksheet: {escape(_person_name(case, owner))} ({person(owner.value)})",
            STYLES["Heading2"]))
        rows = [[r.line, r.label, r.amount, r.source]
                for r in f8606_rows(case, result.routes, owner, lines)]
        out.append(_table(["Line", "Label", "Amount", "From"], rows, widths))
        if lines.worksheet_1_1 is not None:
            out.append(Paragraph("Pub. 590-B Worksheet 1-1 (replaces Form 8606 lines 6-12)",
                                 STYLES["Heading3"]))
            ws_rows = [[r.line, r.label, r.amount] for r in ws11_rows(lines.worksheet_1_1)]
            out.append(_table(["Line", "Label", "Amount"], ws_rows,
                              [0.45 * inch, 5.0 * inch, 1.0 * inch]))
        if lines.roth_ordering:
            out.append(Paragraph("Part III: ordering of the Roth IRA distribution "
                                 "(Pub. 590-B ordering rules)", STYLES["Heading3"]))
            steps = [[str(n), s.source, fmt_dollars(s.amount),
                      "" if s.window_ends is None else
                      f"5-year window ends {s.window_ends}"
                      + ("; taxable when converted" if s.taxable_when_converted else "")]
                     for n, s in enumerate(lines.roth_ordering, start=1)]
            out.append(_table(["#", "Comes from", "Amount", "Note"], steps, widths))
        out.append(Spacer(1, 6))
        out.append(para(f"Basis carried to next year's Form 8606 line 2: "
                      f"${fmt_dollars(lines.basis_carried)}", NOTE))
    for owner, by_decedent in result.filed_8606_inherited.items():
        for decedent, lines in by_decedent.items():
            out.append(Paragraph(
                f"Form 8606 worksheet: {escape(_person_name(case, owner))} ({owner.value}), "
                f"IRA inherited from {escape(decedent)}", STYLES["Heading2"]))
            inherited = [[r.line, r.label, r.amount, r.source] for r in
                         f8606_inherited_rows(case, result.routes, owner, decedent, lines)]
            out.append(_table(["Line", "Label", "Amount", "From"], inherited, widths))
            out.append(para("Its own Form 8606, never pooled with your own IRAs (Pub. 590-B, "
                            "'IRA with basis'). Basis carried to next year's line 2 of this "
                            f"form: ${fmt_dollars(lines.basis_carried)}", NOTE))
    for owner, early in result.f5329.items():
        out.append(Paragraph(
            f"Form 5329 Part I worksheet: {escape(_person_name(case, owner))} "
            f"({person(owner.value)})",
            STYLES["Heading2"]))
        out.append(para("File Form 5329: " + "; ".join(plain(r, payers)
                                                         for r in early.reasons_to_file) + "."
                      if early.required else
                      "Form 5329 is not required: line 4 goes straight to Schedule 2 line 8.",
                      NOTE))
        rows_5329 = [[r.line, r.label, r.amount, r.source] for r in f5329_rows(early, payers)]
        out.append(_table(["Line", "Label", "Amount", "From"], rows_5329, widths))
    if result.schedule_2.line_8 is not None:
        box = (" (check 'If not required, check here')"
               if result.schedule_2.line_8_not_required else "")
        out.append(para(f"Schedule 2 (Form 1040) line 8: "
                      f"${fmt_dollars(result.schedule_2.line_8)}{box}", NOTE))
    if result.filed_8606 or result.f5329:
        out.append(PageBreak())  # no page that only says Form 8606 is not needed
    out.append(Paragraph("Form 1040 lines 4 and 5", STYLES["Heading2"]))
    rows_1040 = [[r.line, r.label, r.amount, r.source] for r in f1040_rows(result, case)]
    if rows_1040:
        out.append(_table(["Line", "Label", "Amount", "From"], rows_1040, widths))
    else:
        out.append(para("No Form 1099-R amounts.", NOTE))
    forms = form_rows(case, result.routes)
    if forms:
        out.append(Paragraph("The Forms 1099-R behind them", STYLES["Heading3"]))
        rows = [[f"#{f.index + 1}", f.owner, f.payer, f.box_1, f.box_2a, f.box_4, f.box_7,
                 f.goes_to, f.note] for f in forms]
        out.append(_table(
            ["#", "Whose", "Payer", "Box 1", "Box 2a", "Box 4", "Box 7", "Line", "Notes"],
            rows,
            [0.3 * inch, 0.6 * inch, 1.1 * inch, 0.65 * inch, 0.65 * inch, 0.55 * inch,
             0.4 * inch, 0.5 * inch, 2.75 * inch],
        ))
    return out


def render(case: CaseFile, result: ReturnResult) -> bytes:
    """``worksheets.pdf`` as bytes; the same input gives the same bytes."""
    return build_pdf(f"formhelper worksheets {result.tax_year}",
                     lambda _doc: story(case, result))
