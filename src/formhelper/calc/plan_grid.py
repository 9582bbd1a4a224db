"""Exhaustive search over a coarse grid of conversions: the starts that keep the optimum
never worse than any grid it searched on small plans (:func:`grid_starts`), and the
benchmark's yardstick (benchmarks/plan_optimum.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from formhelper.calc.plan_household import Household
from formhelper.calc.plan_levels import CEILING
from formhelper.calc.plan_problem import Plan, Problem
from formhelper.calc.plan_sim import (
    SimYear,
    State,
    YearModel,
    start_state,
    step,
    wealth,
)
from formhelper.money import ONE, ZERO

#: The steps of the coarse grids searched exhaustively, coarsest first (dollars).
GRID_STEPS: Final = tuple(Decimal(s) for s in (
    100_000, 50_000, 25_000, 20_000, 10_000, 5_000, 2_500, 2_000, 1_000))
#: Most year simulations all the exhaustive grid searches of one plan may take (about a
#: second; a plan of more than a few years never fits even the coarsest grid).
GRID_BUDGET: Final = 20_000


def grid_starts(problem: Problem) -> list[Plan]:
    """The best plan of each coarse grid (:data:`GRID_STEPS`), coarsest first, while the
    exhaustive searches fit in :data:`GRID_BUDGET` year simulations."""
    plans: list[Plan] = []
    left = GRID_BUDGET
    # Plans of many years never fit: not even tried (the bound is loose, the limits and
    # the money converted in earlier years cut most branches).
    if grid_bound(problem.household, len(problem.models), GRID_STEPS[0]) > 100 * GRID_BUDGET:
        return plans
    previous: list[tuple[Decimal, int]] = []
    for step_size in GRID_STEPS:
        if len(previous) == 2:
            # The simulations grow about as (coarser step / this step) ** k; k from the last
            # two grids.  A grid not expected to fit is not tried.
            (s1, c1), (s2, c2) = previous
            k = math.log(max(c2, 1) / max(c1, 1)) / math.log(s1 / s2)
            if c2 * float(s2 / step_size) ** k > left:
                break
        try:
            plan, _, spent = grid_search(problem.household, problem.models, step_size, left)
        except GridTooLarge:
            break
        except ValueError:  # nothing on this grid is within the limits
            continue
        left -= spent
        previous = [*previous[-1:], (step_size, spent)]
        plans.append(plan)
    return plans


def grid_bound(household: Household, count: int, step_size: Decimal) -> int:
    """An upper bound on the year simulations of :func:`grid_search`: a year's choices per
    person are the multiples of ``step_size`` up to every dollar the IRA could hold then,
    and "all of it"; each state asks each person's available amount, then simulates each
    combination."""
    factor = max(ONE + household.growth, ONE)
    total, nodes = 0, 1
    for t in range(count):
        total += nodes * len(household.people)
        for person in household.people:
            nodes *= int(person.ira_balance * factor ** (t + 1) / step_size) + 2
        total += nodes
        if total > 1000 * GRID_BUDGET:
            break
    return total


class GridTooLarge(Exception):
    """The exhaustive search needs more year simulations than it may take."""


def grid_search(household: Household, models: Sequence[YearModel], step_size: Decimal,
                budget: int | None = None) -> tuple[Plan, Decimal, int]:
    """Exhaustive search: every combination of conversions that are multiples of
    ``step_size`` (and each person's whole available balance), per person and year, within
    the limits.  Exponential: for small plans only; :class:`GridTooLarge` once it has
    simulated ``budget`` years.  The best plan, its wealth and the years simulated."""
    problem = Problem(household, models)
    count = len(models)
    best: list[tuple[Decimal, Plan]] = []
    spent = [0]

    def simulate(t: int, state: State, amounts: list[Decimal]) -> tuple[SimYear, State]:
        spent[0] += 1
        if budget is not None and spent[0] > budget:
            raise GridTooLarge(step_size)
        return step(models[t], state, amounts, household.growth)

    def options(t: int, state: State) -> list[list[Decimal]]:
        per_person: list[list[Decimal]] = []
        for n in range(problem.people):
            trial = [ZERO] * problem.people
            trial[n] = CEILING
            row, _ = simulate(t, state, trial)
            available = row.people[n].conversion
            choices = {available}
            amount = ZERO
            while amount < available:
                choices.add(amount)
                amount += step_size
            per_person.append(sorted(choices))
        combos: list[list[Decimal]] = [[]]
        for amounts in per_person:
            combos = [[*c, a] for c in combos for a in amounts]
        return combos

    def walk(t: int, state: State, plan: Plan) -> None:
        if t == count:
            value = wealth(state, household.heirs_rate)
            if not best or value > best[0][0]:
                best[:] = [(value, [list(a) for a in plan])]
            return
        for amounts in options(t, state):
            row, nxt = simulate(t, state, amounts)
            if problem.violation(t, row):
                continue
            walk(t + 1, nxt, [*plan, amounts])

    walk(0, start_state(household), [])
    if not best:
        raise ValueError("no plan on the grid is within the limits")
    return best[0][1], best[0][0], spent[0]
