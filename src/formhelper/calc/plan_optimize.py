"""Conversion strategies side by side, and the optimum.

* ``none``: no conversions (RMDs only).
* ``bracket``: each year, the most that keeps taxable income within a bracket.
* ``irmaa``: each year, the most that keeps MAGI at or below an IRMAA tier.
* ``aca`` (plans with Marketplace coverage in a year with the ACA cliff): in those years
  the most that keeps household income (Form 8962 line 3) at or below 400% of the poverty
  line, in the others the bracket of ``bracket``.
* ``optimum``: the conversions (per person, per year) that maximize after-tax wealth at
  the horizon (:func:`formhelper.calc.plan_sim.wealth`) within the user's limits.

The optimum is found by coordinate ascent on the exact plan (:func:`plan_sim.step`, Form
8606 per person): starting from the best of the other strategies, each year's conversion of
each person is set in turn to the best of a set of candidates — none, all, a coarse grid
of what is available, the amounts that reach each bracket top, IRMAA tier and the 0% capital
gain top, and steps around the current amount — until a whole pass changes nothing.  On
small plans the best plans of exhaustive searches over coarse grids (:func:`grid_starts`)
are starts too, so the optimum is never worse than any grid searched.  The
objective has cliffs (IRMAA) and kinks (brackets, Social Security, phase-outs), so no
gradient or linear solver fits it exactly; the candidates are where its optimum lies
(benchmarks/plan_optimum.py compares it with exhaustive search on a coarse grid).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from formhelper.calc import plan_aca
from formhelper.calc.plan_figures import pct
from formhelper.calc.plan_grid import grid_starts
from formhelper.calc.plan_household import Household
from formhelper.calc.plan_levels import CEILING
from formhelper.calc.plan_problem import BUDGET, Outcome, Plan, Problem
from formhelper.calc.plan_sim import (
    YearModel,
    wealth,
)
from formhelper.calc.plan_tax import irmaa_edge
from formhelper.calc.tax import bracket_top
from formhelper.money import ZERO


def strategies(household: Household, models: Sequence[YearModel],
               bracket: Decimal | None = None, tier: int | None = None) -> list[Outcome]:
    """None, fill a bracket, stay under an IRMAA tier, and the optimum, side by side."""
    problem = Problem(household, models)
    rate = bracket or household.limits.bracket or Decimal("0.22")
    irmaa = tier if tier is not None else (household.limits.irmaa_tier or 0)
    zero: Plan = [[ZERO] * problem.people for _ in models]
    levels = problem.levels

    def bracket_line(t: int) -> Decimal:
        return levels[t][f"bracket {rate}"]

    def irmaa_line(t: int) -> Decimal:
        key = f"irmaa {irmaa}"
        return levels[t][key] if key in levels[t].keys_known else CEILING

    plans = [
        ("none", "No conversions", zero),
        ("bracket", f"Fill the {pct(rate)}% bracket", problem.bracket_plan(rate)),
        ("irmaa", "Stay under IRMAA (standard premium)" if irmaa == 0
         else f"Stay at IRMAA tier {irmaa} or below", problem.irmaa_plan(irmaa)),
    ]
    targets: list[tuple[str, Callable[[int], Decimal]] | None] = [
        None, (f"{pct(rate)}% top", bracket_line), (f"IRMAA {irmaa}", irmaa_line)]
    if any("aca cliff" in levels_t.keys_known for levels_t in levels):
        # The ACA cliff in the years that have one, the bracket in the others (the
        # binding names the line each year stops at).
        def aca_line(t: int) -> Decimal:
            key = "aca cliff" if "aca cliff" in levels[t].keys_known else f"bracket {rate}"
            return levels[t][key]

        plans.append(("aca", f"ACA cliff, then the {pct(rate)}% bracket",
                      problem.to_level(aca_line)))
        targets.append(None)
    outcomes = [problem.outcome(*p, target=g) for p, g in zip(plans, targets, strict=True)]
    # Starts: the strategies above and filling every year to each line (each bracket top,
    # IRMAA tier and the 0% capital gain top) within the limits; the best feasible one is
    # refined by coordinate ascent.
    starts: list[Plan] = [p[2] for p in plans]
    keys = {k for levels_t in levels for k in levels_t.keys_known}
    def line_of(key: str) -> Callable[[int], Decimal]:
        return lambda t: levels[t][key] if key in levels[t].keys_known else CEILING

    def under_cliff(key: str) -> Callable[[int], Decimal]:
        return lambda t: min(line_of(key)(t), line_of("aca cliff")(t))

    for key in sorted(keys):
        starts.append(problem.to_level(line_of(key)))
        # With the ACA cliff: the same line, but no further than the cliff in the years
        # that have one (the credit lost past it is a cliff coordinate ascent can't climb).
        if "aca cliff" in keys and key != "aca cliff":
            starts.append(problem.to_level(under_cliff(key)))
    # And converting everything in one year (any one year), nothing in the others.
    for k in range(len(models)):
        starts.append([[CEILING if t == k else ZERO] * problem.people
                       for t in range(len(models))])
    # And, on plans small enough (a few years, one or two people), the exhaustive search
    # over each coarse grid that fits its budget, so the optimum is never worse than it.
    starts += grid_starts(problem)
    scored = []
    for plan in starts:
        _, final, ok = problem.run(plan)
        if ok:
            scored.append((wealth(final, household.heirs_rate), plan))
    scored.sort(key=lambda s: s[0], reverse=True)
    title = "Optimum: most after-tax wealth"
    best = problem.outcome("optimum", title, problem.optimum(
        scored[0][1] if scored else zero, budget=BUDGET))
    # Then every other start, best first, while the budget lasts (small problems).
    for _, start in scored[1:]:
        if problem.spent >= BUDGET:
            break
        found = problem.outcome("optimum", title, problem.optimum(
            start, budget=BUDGET - problem.spent))
        if found.wealth > best.wealth:
            best = found
    # What is left of the budget (on small problems, most of it) goes to iterated local
    # search: a few amounts of the best plan set to other candidates at random (seeded:
    # the same plan every run), then coordinate ascent again; the better plan is kept.
    rng = random.Random(19)
    while problem.spent < BUDGET:
        plan = [list(c) for c in best.conversions]
        states = problem.states_before(plan)
        for _ in range(3):
            t, n = rng.randrange(len(models)), rng.randrange(problem.people)
            plan[t][n] = rng.choice(problem.candidates(t, n, plan, states[t]))
        problem.spent += len(models)
        if not problem.run(plan)[2]:
            continue
        found = problem.outcome("optimum", title, problem.optimum(
            plan, budget=BUDGET - problem.spent))
        if found.wealth > best.wealth:
            best = found
    outcomes.append(best)
    return outcomes


@dataclass(frozen=True)
class HouseholdPlan:
    """The strategies side by side, with what the report must state."""

    household: Household
    outcomes: tuple[Outcome, ...]
    estimated_years: tuple[int, ...]
    #: The bracket the "bracket" strategy fills and the IRMAA tier the "irmaa" one keeps.
    bracket: Decimal
    tier: int
    #: Per year: the top of ``bracket`` (taxable income) and the most MAGI that stays in
    #: ``tier`` (``None`` when nobody is on Medicare two years later).
    lines: tuple[tuple[Decimal, Decimal | None], ...]
    notes: tuple[str, ...]
    not_counted: tuple[str, ...]
    #: Per year: the most household income (Form 8962 line 3) that keeps the premium tax
    #: credit (400% of the poverty line), ``None`` in a year without coverage or cliff.
    aca_lines: tuple[Decimal | None, ...] = ()

    def outcome(self, name: str) -> Outcome:
        return next(o for o in self.outcomes if o.name == name)


def plan_household(household: Household, models: Sequence[YearModel],
                   bracket: Decimal | None = None, tier: int | None = None) -> HouseholdPlan:
    """Every strategy for ``household`` over the years of ``models``."""
    from formhelper.calc.plan_sim import MODEL_NOTES, NOT_COUNTED

    rate = bracket or household.limits.bracket or Decimal("0.22")
    irmaa = tier if tier is not None else (household.limits.irmaa_tier or 0)
    outcomes = strategies(household, models, rate, irmaa)
    lines = []
    for model in models:
        on_medicare = any(m > 0 for m in model.medicare) and irmaa < len(model.data.irmaa.tiers)
        lines.append((bracket_top(model.table, rate),
                      irmaa_edge(irmaa, model.joint, model.data.irmaa) if on_medicare else None))
    notes = list(MODEL_NOTES)
    notes.append(f"Income amounts are in {household.tax_year} dollars"
                 + (f" and grow {pct(household.inflation)}% a year."
                    if household.index_income else " and do not grow."))
    notes.append(f"Growth {pct(household.growth)}% a year; heirs' rate "
                 f"{pct(household.heirs_rate)}%; state rate {pct(household.state_rate)}%.")
    estimated = tuple(m.year for m in models if m.data.estimated)
    if estimated:
        notes.append(
            f"ESTIMATED figures for {estimated[0]}-{estimated[-1]}: brackets, standard "
            "deduction, capital gain rate tops and IRMAA tiers not yet published are the "
            f"latest published figures indexed at an assumed {pct(household.inflation)}% a "
            "year (IRMAA tiers rounded to $1,000, premiums grown at the same rate); the "
            "years are marked *.")
    not_counted: tuple[str, ...] = NOT_COUNTED
    if household.aca is not None:
        notes += list(plan_aca.NOTES)
        not_counted = (*NOT_COUNTED, *plan_aca.NOT_COUNTED)
    return HouseholdPlan(household, tuple(outcomes), estimated, rate, irmaa, tuple(lines),
                         tuple(notes), not_counted, tuple(m.aca_cliff() for m in models))
