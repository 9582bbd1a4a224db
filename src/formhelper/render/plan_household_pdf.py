"""The household plan as PDF pages (``formhelper plan PLAN_FILE --pdf FILE``): the
strategies side by side, the optimum year by year, and the three pictures of the text
report drawn as bars (taxable income against the bracket and IRMAA lines, balances over the
horizon, lifetime tax per strategy).  reportlab, invariant mode; shared page styles.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.shapes import Drawing, Line, Rect, String  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Paragraph, Spacer  # type: ignore[import-untyped]

from formhelper.calc.plan_figures import pct
from formhelper.calc.plan_optimize import HouseholdPlan
from formhelper.calc.plan_problem import Outcome
from formhelper.money import ZERO, fmt_dollars
from formhelper.render.plan_household_text import aca_credit, aca_in_taxable_income, heading
from formhelper.render.plan_text import NOT_TAX_ADVICE
from formhelper.render.styles import NOTE, STYLES, build_pdf, grid_table, para

OTHER_COLOR = colors.HexColor("#7f7f7f")
IRA_COLOR = colors.HexColor("#2f6db5")
ROTH_COLOR = colors.HexColor("#3a9a5b")
CASH_COLOR = colors.HexColor("#d9a441")
HEIRS_COLOR = colors.HexColor("#c0504d")
IRMAA_COLOR = colors.HexColor("#c0504d")
ACA_COLOR = colors.HexColor("#8e44ad")
LABEL = 0.55 * inch
AREA = 5.2 * inch
ROW = 11.0


def _x(value: Decimal, scale: Decimal) -> float:
    """Points along a bar for ``value`` dollars (a drawing coordinate, not money)."""
    if scale <= 0 or value <= 0:
        return 0.0
    points: float = float(min(value, scale) / scale) * AREA
    return points


def _year(plan: HouseholdPlan, year: int) -> str:
    return f"{year}{'*' if year in plan.estimated_years else ''}"


def _bars(rows: list[tuple[str, list[tuple[Decimal, colors.Color]], str]], scale: Decimal,
          marks: list[list[tuple[Decimal, colors.Color]]] | None = None) -> Drawing:
    drawing = Drawing(LABEL + AREA + 0.9 * inch, ROW * len(rows) + 2)
    for n, (label, parts, right) in enumerate(rows):
        y = ROW * (len(rows) - n - 1) + 2
        drawing.add(String(0, y + 1.5, label, fontSize=6.5))
        left = LABEL
        for value, color in parts:
            width = _x(value, scale)
            if width > 0:
                drawing.add(Rect(left, y, width, ROW - 3, fillColor=color, strokeColor=None))
            left += width
        for value, color in (marks[n] if marks else []):
            x = LABEL + _x(value, scale)
            drawing.add(Line(x, y - 1, x, y + ROW - 2, strokeColor=color, strokeWidth=1.2))
        drawing.add(String(LABEL + AREA + 6, y + 1.5, right, fontSize=6.5))
    return drawing


def story(plan: HouseholdPlan) -> list[Flowable]:
    lines = heading(plan)
    best = plan.outcome("optimum")
    out: list[Flowable] = [para(lines[0], STYLES["Title"]), para(" ".join(lines[2:]), NOTE),
                           Spacer(1, 4)]
    aca = plan.household.aca is not None
    rows = [["Strategy", "Converted", "Lifetime tax", "Heirs' tax", "After-tax wealth"]
            + (["ACA credit (in lifetime tax)"] if aca else [])]
    rows += [[o.title, fmt_dollars(o.converted), fmt_dollars(o.lifetime_tax),
              fmt_dollars(o.heirs_tax), fmt_dollars(o.wealth)]
             + ([fmt_dollars(aca_credit(o))] if aca else []) for o in plan.outcomes]
    out.append(grid_table(rows))
    out += [Spacer(1, 6), Paragraph(f"{best.title}, year by year", STYLES["Heading3"])]
    years = [["Year", "RMD", "Convert", "Taxable income", "Federal tax", "NIIT", "State",
              "IRMAA (2 years later)", "MAGI"] + (["ACA credit"] if aca else [])
             + ["Stops it"]]
    for y, why in zip(best.years, best.binding, strict=True):
        years.append([_year(plan, y.year), fmt_dollars(sum((p.rmd for p in y.people), ZERO)),
                      fmt_dollars(sum((p.conversion for p in y.people), ZERO)),
                      fmt_dollars(y.tax.taxable_income), fmt_dollars(y.tax.income_tax),
                      fmt_dollars(y.tax.niit), fmt_dollars(y.tax.state),
                      fmt_dollars(y.tax.irmaa), fmt_dollars(y.tax.magi)]
                     + ([fmt_dollars(y.tax.aca_credit) if y.tax.form_8962 else "-"]
                        if aca else []) + [why or "-"])
    out.append(grid_table(years))
    out += _pictures(plan, best)
    if plan.estimated_years:
        out.append(para("* some figure of the year is an estimate (not yet published).", NOTE))
    out += [Spacer(1, 6), Paragraph("How it is figured", STYLES["Heading3"])]
    out += [para(f"- {text}", NOTE) for text in plan.notes]
    out += [Paragraph("Not counted", STYLES["Heading3"])]
    out += [para(f"- {text}", NOTE) for text in plan.not_counted]
    out.append(para(NOT_TAX_ADVICE, NOTE))
    return out


def _pictures(plan: HouseholdPlan, best: Outcome) -> list[Flowable]:
    income_rows: list[tuple[str, list[tuple[Decimal, colors.Color]], str]] = []
    marks: list[list[tuple[Decimal, colors.Color]]] = []
    scale = ZERO
    cliffs = plan.aca_lines or (None,) * len(best.years)
    for y, (top, edge), cliff in zip(best.years, plan.lines, cliffs, strict=True):
        before = max(y.tax.taxable_income - y.tax.ira_taxable, ZERO)
        irmaa = None if edge is None else edge - (y.tax.magi - y.tax.taxable_income)
        income_rows.append((_year(plan, y.year), [(before, OTHER_COLOR),
                            (y.tax.taxable_income - before, IRA_COLOR)],
                            fmt_dollars(y.tax.taxable_income)))
        row_marks = [(top, colors.black)]
        if irmaa is not None and irmaa > 0:
            row_marks.append((irmaa, IRMAA_COLOR))
        aca = aca_in_taxable_income(y.tax, cliff)
        if aca is not None and aca > 0:
            row_marks.append((aca, ACA_COLOR))
        marks.append(row_marks)
        scale = max(scale, y.tax.taxable_income, top, irmaa or ZERO, aca or ZERO)
    balances = [(_year(plan, y.year), [(sum((p.year_end for p in y.people), ZERO), IRA_COLOR),
                                       (y.roth, ROTH_COLOR), (max(y.taxable, ZERO), CASH_COLOR)],
                 fmt_dollars(sum((p.year_end for p in y.people), ZERO) + y.roth
                             + max(y.taxable, ZERO))) for y in best.years]
    balance_scale = max(sum((v for v, _ in parts), ZERO) for _, parts, _ in balances)
    taxes = [(o.name, [(o.lifetime_tax, OTHER_COLOR), (o.heirs_tax, HEIRS_COLOR)],
              fmt_dollars(o.lifetime_tax + o.heirs_tax)) for o in plan.outcomes]
    # A lifetime tax below zero (the ACA credit more than the taxes) draws as none.
    tax_scale = max(max(o.lifetime_tax, ZERO) + o.heirs_tax for o in plan.outcomes)
    return [
        Spacer(1, 6), Paragraph("Taxable income each year", STYLES["Heading3"]),
        para(f"Grey: before IRA money. Blue: RMDs and conversions (taxable part). Black line: "
             f"top of the {pct(plan.bracket)}% bracket. Red line: where MAGI reaches IRMAA "
             f"tier {plan.tier}."
             + (" Purple line: where household income reaches the ACA cliff (400% of the "
                "poverty line)." if any(c is not None for c in cliffs) else "")
             + f" Full width ${fmt_dollars(scale)}.", NOTE),
        _bars(income_rows, scale, marks),
        Spacer(1, 6), Paragraph("Balances at each year end", STYLES["Heading3"]),
        para("Blue: traditional IRAs. Green: Roth IRAs. Yellow: taxable account. Full width "
             f"${fmt_dollars(balance_scale)}.", NOTE),
        _bars(balances, balance_scale),
        Spacer(1, 6), Paragraph("Lifetime tax per strategy", STYLES["Heading3"]),
        para("Grey: the plan's years (income tax, NIIT, state, IRMAA"
             + (", less the ACA credit" if plan.household.aca is not None else "")
             + "). Red: the heirs' tax.", NOTE),
        _bars(taxes, tax_scale or Decimal(1)),
    ]


def render(plan: HouseholdPlan) -> bytes:
    """The household plan as PDF bytes (reproducible: reportlab invariant mode)."""
    return build_pdf(f"formhelper household plan {plan.household.tax_year}",
                     lambda _doc: story(plan), margin_y=0.5)
