"""The ``formhelper plan`` report as plain text (80 columns) and as JSON data.

Pure: strings and dicts from a :class:`formhelper.calc.plan.Plan`; the command
prints them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from formhelper.calc.plan import Plan, PlanYear
from formhelper.calc.plan_figures import pct
from formhelper.money import fmt_dollars, rate
from formhelper.render.wrap import bar_cells, wrap

#: Ends every conversion plan report (Pub. 590-A: no recharacterization of a conversion
#: made after 2017).
NOT_TAX_ADVICE = ("Not tax advice: a conversion cannot be undone (no recharacterization "
                  "since 2018); check the figures before you convert.")
#: Characters of a bar in the terminal picture.
BAR_WIDTH = 58
INCOME, CONVERSION, ROOM, TOP = "#", "=", ".", "|"


def _money(value: Decimal) -> str:
    return fmt_dollars(value)


def _rate(value: Decimal | None) -> str:
    return "-" if value is None else f"{pct(value)}%"


def _average_text(value: Decimal | None) -> str:
    """An average rate to two decimals of a percent: ``0.176`` -> ``17.60%``."""
    return "-" if value is None else f"{value * 100:.2f}%"


def _year(row: PlanYear) -> str:
    return f"{row.tax_year}{'*' if row.estimated else ''}"


def status_name(plan: Plan) -> str:
    return plan.inputs.filing_status.value.replace("_", " ")


def heading(plan: Plan) -> list[str]:
    """What was asked, in words: a title, then sentences (not wrapped)."""
    i = plan.inputs
    last = i.tax_year + i.years - 1
    span = str(i.tax_year) if last == i.tax_year else f"{i.tax_year}-{last}"
    out = [f"Roth conversion plan, {status_name(plan)}: fill the {pct(i.target_rate)}% "
           f"bracket, {span}"]
    out.append(f"Traditional IRAs ${_money(i.balance)}, basis ${_money(i.basis)} "
               f"(Form 8606 line 2); growth {pct(i.growth)}% a year.")
    if i.taxable_income is not None:
        income = f"Taxable income before any conversion: ${_money(i.taxable_income)} a year."
    else:
        parts = []
        if i.wages is not None:
            parts.append(f"wages ${_money(i.wages)}")
        if i.other_income is not None:
            parts.append(f"other income ${_money(i.other_income)}")
        deduction = ("each year's standard deduction" if i.deduction is None
                     else f"deduction ${_money(i.deduction)}")
        income = f"Income before any conversion: {' + '.join(parts)}, less {deduction}."
    out.append(income)
    return out


def schedule_table(plan: Plan) -> list[str]:
    """The years, one row each, with totals."""
    head = (f"{'Year':<5} {'Income':>9} {'Room':>9} {'Convert':>9} {'Taxable':>9} "
            f"{'Added tax':>9} {'Marg.':>5} {'Avg.':>6} {'Left':>9}")
    out = [head, "-" * len(head)]
    for r in plan.years:
        out.append(f"{_year(r):<5} {_money(r.income_before):>9} {_money(r.room):>9} "
                   f"{_money(r.conversion):>9} {_money(r.taxable):>9} "
                   f"{_money(r.added_tax):>9} {_rate(r.marginal_rate):>5} "
                   f"{_average_text(r.average_rate):>6} {_money(r.balance_after):>9}")
    out.append("-" * len(head))
    average = _average_text(_average(plan) if plan.total_converted > 0 else None)
    out.append(f"{'Total':<5} {'':>9} {'':>9} {_money(plan.total_converted):>9} "
               f"{_money(plan.total_taxable):>9} {_money(plan.total_added_tax):>9} "
               f"{'':>5} {average:>6}")
    out.append("Income: taxable income before the conversion. Room: taxable room left in the")
    out.append("bracket. Taxable: Form 8606 line 18. Left: still in traditional IRAs after it.")
    return out


def _average(plan: Plan) -> Decimal:
    return rate(plan.total_added_tax, plan.total_converted)


def pro_rata_table(plan: Plan) -> list[str]:
    """Form 8606 lines per year, when there is basis to spread."""
    if plan.inputs.basis <= 0:
        return []
    head = (f"{'Year':<5} {'Line 2':>9} {'Line 9':>9} {'Line 10':>8} {'Line 16':>9} "
            f"{'Line 17':>9} {'Line 18':>9} {'Line 14':>9}")
    out = ["Pro-rata rule (Form 8606: line 2 basis, line 9 balance, line 10 nontaxable part,",
           "16 converted, 17 nontaxable, 18 taxable, 14 basis to next year):", head]
    for r in plan.years:
        out.append(f"{_year(r):<5} {_money(r.basis):>9} {_money(r.balance):>9} "
                   f"{r.nontaxable_fraction:>8} {_money(r.conversion):>9} "
                   f"{_money(r.nontaxable):>9} {_money(r.taxable):>9} "
                   f"{_money(r.basis_after):>9}")
    return out


def bars(plan: Plan) -> list[str]:
    """One bar per year: income, then the taxable conversion, then the room left, up to
    the top of the target bracket (``|``).  One scale for every year."""
    if not plan.years:
        return []
    scale = max(max(r.bracket_top, r.income_after, r.income_before) for r in plan.years)
    out = [f"How each year fills the {pct(plan.inputs.target_rate)}% bracket "
           f"({INCOME} income before, {CONVERSION} taxable conversion,",
           f"{ROOM} room left, {TOP} top of the bracket; full width = ${_money(scale)}):"]
    for r in plan.years:
        income = bar_cells(r.income_before, scale, BAR_WIDTH)
        after = bar_cells(r.income_after, scale, BAR_WIDTH)
        top = bar_cells(r.bracket_top, scale, BAR_WIDTH)
        cells = [" "] * BAR_WIDTH
        for n in range(BAR_WIDTH):
            if n < income:
                cells[n] = INCOME
            elif n < after:
                cells[n] = CONVERSION
            elif n < top:
                cells[n] = ROOM
        bar = "".join(cells[:top]) + TOP + "".join(cells[top:])
        out.append(f"{_year(r):<5} {bar.rstrip():<{BAR_WIDTH + 1}} {_money(r.bracket_top):>9}")
    return out


def plan_text(plan: Plan) -> str:
    """The whole ``formhelper plan`` report."""
    title, *sentences = heading(plan)
    out = [title]
    for sentence in sentences:
        out += wrap(sentence, "")
    out += ["", *schedule_table(plan)]
    pro_rata = pro_rata_table(plan)
    if pro_rata:
        out += ["", *pro_rata]
    out += ["", *bars(plan), ""]
    last = plan.years[-1].tax_year if plan.years else plan.inputs.tax_year
    full = [str(r.tax_year) for r in plan.years if r.room == 0]
    if full:
        out += wrap(f"No room in {', '.join(full)}: taxable income before the conversion is "
                     f"already at or above the top of the {pct(plan.inputs.target_rate)}% "
                     "bracket.", "")
    if plan.balance_left > 0:
        out += wrap(f"Left in traditional IRAs after the {last} conversion, grown to "
                     f"{last + 1}: ${_money(plan.balance_left)}; basis "
                     f"${_money(plan.basis_left)}.", "")
    else:
        out += wrap(f"Everything is converted by {last}.", "")
    if plan.estimated_years:
        out += wrap("* estimated brackets and standard deduction (not yet published by the "
                     "IRS); see below.", "")
    out += ["", "Assumptions:"]
    for text in plan.assumptions:
        out += wrap(text)
    out += ["Not counted (limits of this plan):"]
    for text in plan.limits:
        out += wrap(text)
    out += wrap(NOT_TAX_ADVICE, "")
    return "\n".join(out) + "\n"


def json_ready(value: Any) -> Any:
    """JSON-ready: whole dollars as int, rates as numbers, enums as their value."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def plan_json(plan: Plan) -> dict[str, Any]:
    """The ``plan --json`` document: the :class:`Plan` fields, amounts in whole dollars,
    rates as decimals (0.24 = 24%)."""
    data: dict[str, Any] = json_ready(plan.model_dump())
    return data
