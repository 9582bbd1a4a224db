"""The ``formhelper plan --pdf`` page: the schedule, the Form 8606 pro-rata lines, a
bar per year showing how income and the conversion fill the target bracket, and
the assumptions and limits.  reportlab, invariant mode (same plan, same bytes);
the styles are the shared page styles (:mod:`formhelper.render.styles`).
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.shapes import Drawing, Line, Rect, String  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Paragraph,
    Spacer,
)

from formhelper.calc.plan import Plan, PlanYear
from formhelper.calc.plan_figures import pct
from formhelper.money import fmt_dollars
from formhelper.render.plan_text import NOT_TAX_ADVICE, heading
from formhelper.render.styles import NOTE, STYLES, build_pdf, grid_table, para

INCOME_COLOR = colors.HexColor("#7f7f7f")
CONVERSION_COLOR = colors.HexColor("#2f6db5")
ROOM_COLOR = colors.HexColor("#e3ecf7")
LABEL_WIDTH = 0.55 * inch
BAR_AREA = 5.3 * inch
ROW_HEIGHT = 15.0


def _rate(value: Decimal | None) -> str:
    return "-" if value is None else f"{pct(value)}%"


def _year(row: PlanYear) -> str:
    return f"{row.tax_year}{'*' if row.estimated else ''}"


def _x(value: Decimal, scale: Decimal) -> float:
    """Points along the bar for ``value`` dollars (a drawing coordinate, not money)."""
    points: float = float(min(value, scale) / scale) * BAR_AREA
    return points


def _bar(row: PlanYear, scale: Decimal) -> Drawing:
    drawing = Drawing(LABEL_WIDTH + BAR_AREA + 0.9 * inch, ROW_HEIGHT)
    y, h = 2.0, ROW_HEIGHT - 4
    drawing.add(String(0, y + 2, _year(row), fontSize=8))
    left = LABEL_WIDTH
    top = _x(row.bracket_top, scale)
    income = _x(row.income_before, scale)
    after = _x(row.income_after, scale)
    drawing.add(Rect(left, y, top, h, fillColor=ROOM_COLOR, strokeColor=None))
    if income > 0:
        drawing.add(Rect(left, y, income, h, fillColor=INCOME_COLOR, strokeColor=None))
    if after > income:
        drawing.add(Rect(left + income, y, after - income, h, fillColor=CONVERSION_COLOR,
                         strokeColor=None))
    drawing.add(Line(left + top, 0, left + top, ROW_HEIGHT, strokeColor=colors.black,
                     strokeWidth=1.2))
    drawing.add(String(left + BAR_AREA + 6, y + 2, fmt_dollars(row.bracket_top), fontSize=7.5))
    return drawing


def story(plan: Plan) -> list[Flowable]:
    """The flowables of the plan page."""
    lines = heading(plan)
    out: list[Flowable] = [
        para(lines[0], STYLES["Title"]),
        para(" ".join(lines[1:]), NOTE),
        Spacer(1, 4),
    ]
    rows = [["Year", "Taxable income before", "Room in bracket", "Convert", "Taxable "
             "(8606 line 18)", "Added federal tax", "Marginal", "Average", "Left in IRAs"]]
    for r in plan.years:
        rows.append([_year(r), fmt_dollars(r.income_before), fmt_dollars(r.room),
                     fmt_dollars(r.conversion), fmt_dollars(r.taxable), fmt_dollars(r.added_tax),
                     _rate(r.marginal_rate),
                     "-" if r.average_rate is None else f"{r.average_rate * 100:.2f}%",
                     fmt_dollars(r.balance_after)])
    rows.append(["Total", "", "", fmt_dollars(plan.total_converted),
                 fmt_dollars(plan.total_taxable), fmt_dollars(plan.total_added_tax), "", "", ""])
    out.append(grid_table(rows))
    if plan.inputs.basis > 0:
        out += [Spacer(1, 6), Paragraph("Pro-rata rule, Form 8606 lines", STYLES["Heading3"])]
        pro = [["Year", "Line 2 basis", "Line 9 balance", "Line 10", "Line 16 converted",
                "Line 17 nontaxable", "Line 18 taxable", "Line 14 basis left"]]
        pro += [[_year(r), fmt_dollars(r.basis), fmt_dollars(r.balance),
                 str(r.nontaxable_fraction), fmt_dollars(r.conversion),
                 fmt_dollars(r.nontaxable), fmt_dollars(r.taxable), fmt_dollars(r.basis_after)]
                for r in plan.years]
        out.append(grid_table(pro))
    if plan.years:
        scale = max(max(r.bracket_top, r.income_after, r.income_before) for r in plan.years)
        out += [
            Spacer(1, 6),
            Paragraph(f"How each year fills the {pct(plan.inputs.target_rate)}% bracket",
                      STYLES["Heading3"]),
            para(f"Grey: taxable income before the conversion. Blue: taxable part of the "
               f"conversion. Light: room left. Black line: top of the bracket (amount at the "
               f"right). Full width = ${fmt_dollars(scale)}.", NOTE),
            Spacer(1, 3),
        ]
        out += [_bar(r, scale) for r in plan.years]
    if plan.estimated_years:
        out.append(para("* estimated brackets and standard deduction (not yet published by the "
                      "IRS).", NOTE))
    out += [Spacer(1, 6), Paragraph("Assumptions", STYLES["Heading3"])]
    out += [para(f"- {text}", NOTE) for text in plan.assumptions]
    out += [Paragraph("Not counted (limits of this plan)", STYLES["Heading3"])]
    out += [para(f"- {text}", NOTE) for text in plan.limits]
    out.append(para(NOT_TAX_ADVICE, NOTE))
    return out


def render(plan: Plan) -> bytes:
    """The plan as PDF bytes (reproducible: reportlab invariant mode)."""
    return build_pdf(f"formhelper conversion plan {plan.inputs.tax_year}",
                     lambda _doc: story(plan), margin_y=0.5)
