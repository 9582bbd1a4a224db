"""The household plan (``formhelper plan PLAN_FILE``) as plain text, 80 columns, with
pictures: the strategies side by side, the optimum year by year, a bar per year of
taxable income against the bracket and IRMAA lines, the balances over the horizon and the
lifetime tax per strategy; and as JSON data.

Pure: strings and dicts from a :class:`formhelper.calc.plan_optimize.HouseholdPlan`.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

from formhelper.calc.plan_figures import pct
from formhelper.calc.plan_optimize import HouseholdPlan
from formhelper.calc.plan_problem import Outcome
from formhelper.calc.plan_sim import YearTax
from formhelper.money import ZERO, fmt_dollars
from formhelper.render.plan_text import NOT_TAX_ADVICE, json_ready
from formhelper.render.wrap import WIDTH, bar_cells, wrap

BAR = 56
#: Picture characters: taxable income before IRA money, taxable IRA money (RMD and the
#: conversion's Form 8606 line 18), the bracket top, the IRMAA line, the ACA cliff.
OTHER, IRA, TOP, IRMAA, ACA = "#", "=", "|", "!", "A"
TRADITIONAL, ROTH, TAXABLE = "T", "R", "$"


def _money(value: Decimal) -> str:
    return fmt_dollars(value)


def _year(plan: HouseholdPlan, year: int) -> str:
    return f"{year}{'*' if year in plan.estimated_years else ''}"


def heading(plan: HouseholdPlan) -> list[str]:
    h = plan.household
    last = h.tax_year + h.years - 1
    names = " and ".join(f"{p.name} (born {p.birth_date.isoformat()})" for p in h.people)
    out = [f"Roth conversion strategies, {h.filing_status.value.replace('_', ' ')}, "
           f"{h.tax_year}-{last}", ""]
    text = f"{names}. "
    for p in h.people:
        text += (f"{p.name.capitalize()}: traditional IRAs ${_money(p.ira_balance)}, basis "
                 f"${_money(p.ira_basis)}, Roth ${_money(p.roth_balance)}. ")
    text += f"Taxable account ${_money(h.taxable_balance)}."
    covered = h.aca_years()
    if h.aca is not None and covered:
        text += (f" Marketplace coverage {covered[0]}-{covered[-1]} with the premium tax "
                 f"credit (family of {h.family_size()}).")
    limits = []
    if h.limits.bracket is not None:
        limits.append(f"taxable income within the {pct(h.limits.bracket)}% bracket")
    if h.limits.irmaa_tier is not None:
        limits.append(f"MAGI at or below IRMAA tier {h.limits.irmaa_tier}")
    if h.limits.aca_cliff:
        limits.append("household income at or below the ACA cliff in the years of "
                      "Marketplace coverage")
    if h.limits.cash:
        limits.append("the tax paid from the taxable account")
    if limits:
        text += " Your limits: " + "; ".join(limits) + "."
    return out + textwrap.wrap(text, WIDTH)


def strategy_table(plan: HouseholdPlan) -> list[str]:
    none = plan.outcome("none")
    head = (f"{'Strategy':<36} {'Converted':>10} {'Life tax':>9} {'Heirs':>8} "
            f"{'Wealth':>10}")
    out = [head, "-" * WIDTH]
    for o in plan.outcomes:
        out.append(f"{o.title[:36]:<36} {_money(o.converted):>10} {_money(o.lifetime_tax):>9} "
                   f"{_money(o.heirs_tax):>8} {_money(o.wealth):>10}")
    best = plan.outcome("optimum")
    out.append("-" * WIDTH)
    aca = plan.household.aca is not None
    if aca:
        out += textwrap.wrap("ACA credit over the plan (in Life tax): " + "; ".join(
            f"{o.name} ${_money(aca_credit(o))}" for o in plan.outcomes) + ".", WIDTH)
    out += textwrap.wrap(
        "Life tax: income tax, NIIT, state tax and IRMAA of the plan's years"
        + (", less the ACA premium tax credit" if aca else "") + ". Heirs: their "
        "rate on the traditional IRAs left. Wealth: after-tax wealth at the end of "
        f"{plan.household.tax_year + plan.household.years - 1} (Roth + taxable account + "
        "traditional IRAs after the heirs' tax). The optimum leaves "
        f"${_money(abs(best.wealth - none.wealth))} "
        f"{'more' if best.wealth >= none.wealth else 'less'} than no conversions.", WIDTH)
    return out


def optimum_table(plan: HouseholdPlan, outcome: Outcome) -> list[str]:
    people = plan.household.people
    head = (f"{'Year':<5} {'RMD':>7} {'Convert':>8} {'Taxable':>8} {'Fed tax':>7} "
            f"{'NIIT':>5} {'State':>6} {'IRMAA':>6} {'MAGI':>8} Stops it")
    out = [f"{outcome.title}, year by year"
           + (f" (conversions: {people[0].name} + {people[1].name})" if len(people) > 1
              else "") + ":", head, "-" * WIDTH]
    for year, why in zip(outcome.years, outcome.binding, strict=True):
        rmd = sum((p.rmd for p in year.people), ZERO)
        conv = sum((p.conversion for p in year.people), ZERO)
        reason = why or "-"
        out.append(f"{_year(plan, year.year):<5} {_money(rmd):>7} {_money(conv):>8} "
                   f"{_money(year.tax.taxable_income):>8} {_money(year.tax.income_tax):>7} "
                   f"{_money(year.tax.niit):>5} {_money(year.tax.state):>6} "
                   f"{_money(year.tax.irmaa):>6} {_money(year.tax.magi):>8} {reason}")
    out.append("-" * WIDTH)
    out += textwrap.wrap(
        "Taxable: Form 1040 line 15. IRMAA: billed two years later for this MAGI. Stops "
        "it: \"24% cap\", \"IRMAA 1 cap\": your limit binds; \"22% top\", \"IRMAA 0\", "
        "\"0% gains\": the conversion stops at the top of a bracket, of an IRMAA tier or of "
        "the 0% capital gain rate; \"cash\": the taxable account is used up; \"all done\": "
        "nothing left to convert; \"-\": converting more would leave less at the horizon."
        + (" \"ACA cliff\": household income reaches 400% of the poverty line (a dollar more "
           "loses the whole premium tax credit); \"ACA 100%\": it reaches 100%, where the "
           "credit starts." if plan.household.aca is not None else ""), WIDTH)
    return out


def aca_credit(outcome: Outcome) -> Decimal:
    """The premium tax credit of all the plan's years (Form 8962 line 24)."""
    return sum((y.tax.aca_credit for y in outcome.years), ZERO)


def form_8962_table(plan: HouseholdPlan, outcome: Outcome) -> list[str]:
    """Form 8962 lines of each year of Marketplace coverage, and the credit the year would
    have with no IRA money."""
    rows = [y for y in outcome.years if y.tax.form_8962 is not None]
    if not rows:
        return []
    out = ["", *textwrap.wrap(
        "ACA premium tax credit, Form 8962: line 3 household income, 4 poverty line, 5 "
        "percent of it, 7 applicable figure, 8a contribution, 11(b) benchmark, 24 the "
        "credit; the credit with no IRA money, and what the IRA money costs of it:", WIDTH),
           f"{'Year':<5} {'Line 3':>9} {'Line 4':>7} {'5':>3} {'Line 7':>6} {'Line 8a':>7} "
           f"{'11(b)':>7} {'Line 24':>7} {'No IRA $':>8} {'Lost':>7}"]
    for y in rows:
        f, b = y.tax.form_8962, y.baseline.form_8962
        assert f is not None and b is not None
        out.append(f"{_year(plan, y.year):<5} {_money(f.line_3):>9} {_money(f.line_4):>7} "
                   f"{f.line_5:>3} {f.line_7:>6} {_money(f.line_8a):>7} "
                   f"{_money(f.line_11b):>7} {_money(f.line_24):>7} {_money(b.line_24):>8} "
                   f"{_money(b.line_24 - f.line_24):>7}")
    out += textwrap.wrap("Line 5 of 401: more than 400% of the poverty line, no credit in a "
                         "year with the cliff (2026 on).", WIDTH)
    return out


def form_8606_table(plan: HouseholdPlan, outcome: Outcome) -> list[str]:
    """Form 8606 lines per person and year, for the people with basis."""
    out: list[str] = []
    for n, person in enumerate(plan.household.people):
        if person.ira_basis <= 0:
            continue
        out += ["", f"Form 8606 of {person.name}: line 2 basis, 6 left, 7 RMD, 8 converted,",
                "15c + 18 taxable, 14 basis left (years with a distribution):",
                f"{'Year':<5} {'Line 2':>9} {'Line 6':>10} {'Line 7':>8} {'Line 8':>9} "
                f"{'15c + 18':>9} {'Line 14':>9}"]
        for year in outcome.years:
            p = year.people[n]
            if p.rmd == 0 and p.conversion == 0:
                continue
            out.append(f"{_year(plan, year.year):<5} {_money(p.basis):>9} "
                       f"{_money(p.year_end):>10} {_money(p.rmd):>8} {_money(p.conversion):>9} "
                       f"{_money(p.taxable_rmd + p.taxable_conversion):>9} "
                       f"{_money(p.basis_after):>9}")
    return out


def income_bars(plan: HouseholdPlan, outcome: Outcome) -> list[str]:
    """Per year: taxable income from other sources (#) and from IRA money (=), against the
    top of the bracket (|) and where MAGI reaches the IRMAA tier (!), in taxable income."""
    rows = []
    cliffs = plan.aca_lines or (None,) * len(outcome.years)
    for year, (top, edge), cliff in zip(outcome.years, plan.lines, cliffs, strict=True):
        before = max(year.tax.taxable_income - year.tax.ira_taxable, ZERO)
        # The IRMAA edge in taxable income: MAGI and taxable income differ by the
        # deductions, tax-exempt interest and untaxed Social Security of the year.
        irmaa = None if edge is None else edge - (year.tax.magi - year.tax.taxable_income)
        aca = aca_in_taxable_income(year.tax, cliff)
        rows.append((year, before, year.tax.taxable_income, top, irmaa, aca))
    scale = max(max(r[2], r[3], r[4] or ZERO, r[5] or ZERO) for r in rows)
    out = textwrap.wrap(
        f"Taxable income each year ({OTHER} before IRA money, {IRA} RMDs and conversions; "
        f"{TOP} top of the {pct(plan.bracket)}% bracket, {IRMAA} MAGI reaches IRMAA tier "
        f"{plan.tier}"
        + (f", {ACA} household income reaches the ACA cliff" if any(r[5] for r in rows)
           else "") + f"; full width ${_money(scale)}):", WIDTH)
    for year, before, after, top, irmaa, aca in rows:
        cells = [" "] * (BAR + 1)
        for n in range(bar_cells(after, scale, BAR)):
            cells[n] = OTHER if n < bar_cells(before, scale, BAR) else IRA
        cells[min(bar_cells(top, scale, BAR), BAR)] = TOP
        if irmaa is not None and irmaa > 0:
            cells[min(bar_cells(irmaa, scale, BAR), BAR)] = IRMAA
        if aca is not None and aca > 0:
            cells[min(bar_cells(aca, scale, BAR), BAR)] = ACA
        out.append(f"{_year(plan, year.year):<5} {''.join(cells).rstrip():<{BAR + 1}} "
                   f"{_money(after):>9}"[:WIDTH].rstrip())
    return out


def aca_in_taxable_income(tax: YearTax, cliff: Decimal | None) -> Decimal | None:
    """The ACA cliff (household income, Form 8962 line 3) in taxable income: they differ
    by the deductions, tax-exempt interest and untaxed Social Security of the year."""
    if cliff is None or tax.form_8962 is None:
        return None
    return cliff - (tax.form_8962.line_3 - tax.taxable_income)


def balance_bars(plan: HouseholdPlan, outcome: Outcome) -> list[str]:
    """Per year-end: traditional (T), Roth (R) and taxable ($) accounts, stacked."""
    totals = [(y.year, sum((p.year_end for p in y.people), ZERO), y.roth, max(y.taxable, ZERO))
              for y in outcome.years]
    scale = max(t + r + c for _, t, r, c in totals) or Decimal(1)
    out = [f"Balances at each year end ({TRADITIONAL} traditional IRAs, {ROTH} Roth, "
           f"{TAXABLE} taxable account;", f"full width ${_money(scale)}):"]
    step = max(1, len(totals) // 15)
    for n, (year, t, r, c) in enumerate(totals):
        if n % step and n != len(totals) - 1:
            continue
        a, b = bar_cells(t, scale, BAR), bar_cells(t + r, scale, BAR)
        bar = TRADITIONAL * a + ROTH * (b - a) + TAXABLE * (bar_cells(t + r + c, scale, BAR) - b)
        out.append(f"{_year(plan, year):<5} {bar:<{BAR}} {_money(t + r + c):>10}"
                   [:WIDTH].rstrip())
    return out


def tax_bars(plan: HouseholdPlan) -> list[str]:
    """Lifetime tax per strategy, the heirs' tax after it."""
    # A lifetime tax below zero (the ACA credit more than the taxes) draws as none.
    scale = max(max(o.lifetime_tax, ZERO) + o.heirs_tax for o in plan.outcomes) or Decimal(1)
    out = ["Lifetime tax per strategy (# the plan's years, h the heirs' tax;",
           f"full width ${_money(scale)}):"]
    for o in plan.outcomes:
        a = bar_cells(o.lifetime_tax, scale, BAR)
        b = bar_cells(max(o.lifetime_tax, ZERO) + o.heirs_tax, scale, BAR)
        out.append(f"{o.name:<8} {'#' * a + 'h' * (b - a):<{BAR}} "
                   f"{_money(o.lifetime_tax + o.heirs_tax):>10}")
    return out


def plan_text(plan: HouseholdPlan) -> str:
    """The whole report."""
    best = plan.outcome("optimum")
    out = heading(plan)
    out += ["", *strategy_table(plan), "", *optimum_table(plan, best)]
    out += form_8962_table(plan, best)
    out += form_8606_table(plan, best)
    out += ["", *income_bars(plan, best), "", *balance_bars(plan, best), "", *tax_bars(plan)]
    for o in plan.outcomes:
        short = [y.year for y in o.years if y.taxable < 0]
        if short:
            out += ["", *wrap(
                f"{o.title}: the taxable account is below zero from {short[0]} (the tax the "
                "IRA money adds is more than it holds; the wealth counts the shortfall as "
                "owed, the balance picture shows it as 0).", "")]
    if plan.estimated_years:
        out += ["", *wrap("* some figure of the year is an estimate (not yet published; for "
                           "IRMAA, the table of two years later); see below.", "")]
    out += ["", "How it is figured:"]
    for text in plan.notes:
        out += wrap(text)
    out += ["Not counted:"]
    for text in plan.not_counted:
        out += wrap(text)
    out += wrap(NOT_TAX_ADVICE, "")
    return "\n".join(out) + "\n"


def _f8962_json(tax: YearTax) -> dict[str, Any] | None:
    f = tax.form_8962
    if f is None:
        return None
    return {"line_1": f.line_1, "line_2a": json_ready(f.line_2a), "line_3": json_ready(f.line_3),
            "line_4": json_ready(f.line_4), "line_5": f.line_5, "eligible": f.eligible,
            "line_7": str(f.line_7), "line_8a": json_ready(f.line_8a),
            "line_11a": json_ready(f.line_11a), "line_11b": json_ready(f.line_11b),
            "line_11d": json_ready(f.line_11d), "line_24": json_ready(f.line_24)}


def plan_json(plan: HouseholdPlan) -> dict[str, Any]:
    """``plan PLAN_FILE --json``: each strategy with its years; whole dollars."""
    def outcome(o: Outcome) -> dict[str, Any]:
        return {
            "name": o.name, "title": o.title, "wealth": json_ready(o.wealth),
            "converted": json_ready(o.converted), "lifetime_tax": json_ready(o.lifetime_tax),
            "heirs_tax": json_ready(o.heirs_tax), "aca_credit": json_ready(aca_credit(o)),
            "years": [{
                "tax_year": y.year, "estimated": y.year in plan.estimated_years,
                "binding": why,
                "people": [{"name": person.name, "rmd": json_ready(p.rmd),
                            "conversion": json_ready(p.conversion),
                            "f8606_line_2": json_ready(p.basis),
                            "f8606_line_6": json_ready(p.year_end),
                            "taxable": json_ready(p.taxable_rmd + p.taxable_conversion),
                            "f8606_line_14": json_ready(p.basis_after)}
                           for person, p in zip(plan.household.people, y.people, strict=True)],
                "agi": json_ready(y.tax.agi), "magi": json_ready(y.tax.magi),
                "taxable_social_security": json_ready(y.tax.ss_taxable),
                "deduction": json_ready(y.tax.deduction),
                "senior_deduction": json_ready(y.tax.senior),
                "taxable_income": json_ready(y.tax.taxable_income),
                "income_tax": json_ready(y.tax.income_tax), "niit": json_ready(y.tax.niit),
                "state_tax": json_ready(y.tax.state),
                "irmaa_two_years_later": json_ready(y.tax.irmaa),
                "form_8962": _f8962_json(y.tax),
                "aca_credit_without_ira_money": json_ready(y.baseline.aca_credit),
                "roth": json_ready(y.roth), "taxable_account": json_ready(y.taxable),
                "aca_cliff_household_income": json_ready(cliff) if cliff is not None
                else None,
            } for y, why, cliff in zip(o.years, o.binding,
                                       plan.aca_lines or (None,) * len(o.years), strict=True)],
        }
    return {"strategies": [outcome(o) for o in plan.outcomes],
            "estimated_years": list(plan.estimated_years),
            "notes": list(plan.notes), "not_counted": list(plan.not_counted)}
