"""A household's plan as a search problem: the plan simulated year by year within the
user's limits, the strategies that fill each year to a line, and the local search for the
optimum (coordinate ascent over candidate amounts, shifts, pairs; :meth:`Problem.optimum`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from formhelper.calc.plan_figures import pct
from formhelper.calc.plan_household import Household
from formhelper.calc.plan_levels import CEILING, Levels, line_name
from formhelper.calc.plan_sim import (
    SimYear,
    State,
    YearModel,
    start_state,
    step,
    wealth,
)
from formhelper.money import ONE, ZERO, round_down_to, whole_dollars

Plan = list[list[Decimal]]
GRID: Final = 4
#: Most years simulated by the search for the optimum (a 30-year couple in under a
#: second on one core; small problems get many more tries for the same budget).
BUDGET: Final = 14_000


@dataclass(frozen=True)
class Outcome:
    name: str
    title: str
    conversions: tuple[tuple[Decimal, ...], ...]
    years: tuple[SimYear, ...]
    wealth: Decimal
    #: Per year: which limit stops a larger conversion ("" when none is converted by choice).
    binding: tuple[str, ...]
    #: The accounts at the horizon.
    final: State
    heirs_rate: Decimal

    @property
    def heirs_tax(self) -> Decimal:
        """The heirs' rate on the taxable part of the traditional IRAs left."""
        return sum((whole_dollars(max(b - basis, ZERO) * self.heirs_rate)
                    for b, basis in zip(self.final.balances, self.final.bases, strict=True)),
                   ZERO)

    @property
    def lifetime_tax(self) -> Decimal:
        """Every tax of the plan's years (income tax, NIIT, state, IRMAA for their MAGI),
        less the ACA premium tax credit of the years of Marketplace coverage."""
        return sum((y.tax.total for y in self.years), ZERO)

    @property
    def converted(self) -> Decimal:
        return sum((p.conversion for y in self.years for p in y.people), ZERO)


class Problem:
    """A household, its years and its limits."""

    def __init__(self, household: Household, models: Sequence[YearModel]) -> None:
        self.household = household
        self.models = list(models)
        self.people = len(household.people)
        self.limits = household.limits
        #: Whole-plan evaluations spent by the searches so far.
        self.spent = 0
        # Every IRA dollar the household could have in a year: the balances grown to it.
        total = sum((p.ira_balance for p in household.people), ZERO)
        factor = max(ONE + household.growth, ONE)
        self.levels: list[Levels] = [
            Levels(m, whole_dollars(total * factor ** (t + 1)) + 1)
            for t, m in enumerate(self.models)]

    def limit_level(self, t: int) -> tuple[Decimal, str]:
        """The most taxable IRA money year ``t`` allows, and the limit that sets it."""
        best, name = CEILING, ""
        levels = self.levels[t]
        if self.limits.bracket is not None:
            top = levels[f"bracket {self.limits.bracket}"]
            if top < best:
                best, name = top, f"{pct(self.limits.bracket)}% cap"
        if self.limits.irmaa_tier is not None and self.limits.irmaa_tier < len(
                self.models[t].data.irmaa.tiers):
            edge = levels[f"irmaa {self.limits.irmaa_tier}"]
            if edge < best:
                best, name = edge, f"IRMAA {self.limits.irmaa_tier} cap"
        if self.limits.aca_cliff and "aca cliff" in levels.keys_known:
            edge = levels["aca cliff"]
            if edge < best:
                best, name = edge, "ACA cliff"
        return best, name

    def violation(self, t: int, row: SimYear) -> str:
        """The limit a year's row crosses ("" when within them all)."""
        if not any(p.conversion > 0 for p in row.people):
            return "cash" if row.short and self.limits.cash else ""
        allowed, name = self.limit_level(t)
        if row.tax.ira_taxable > allowed and allowed >= ZERO:
            return name
        if allowed < ZERO:
            return name
        if row.short and self.limits.cash:
            return "cash"
        return ""

    def run(self, plan: Plan, start: int = 0, state: State | None = None,
            states: list[State] | None = None) -> tuple[list[SimYear], State, bool]:
        """Simulate from year ``start`` (``state`` before it); feasible when no limit is
        crossed.  ``states`` receives the state after each year."""
        st = start_state(self.household) if state is None else state
        rows = []
        ok = True
        for t in range(start, len(self.models)):
            row, st = step(self.models[t], st, plan[t], self.household.growth)
            if states is not None:
                states.append(st)
            if self.violation(t, row):
                ok = False
            rows.append(row)
        return rows, st, ok

    def outcome(self, name: str, title: str, plan: Plan,
                target: tuple[str, Callable[[int], Decimal]] | None = None) -> Outcome:
        rows, st, _ = self.run(plan)
        return Outcome(name, title, tuple(tuple(p.conversion for p in r.people) for r in rows),
                       tuple(rows), wealth(st, self.household.heirs_rate),
                       tuple(self.binding(t, rows[t], target) for t in range(len(rows))),
                       st, self.household.heirs_rate)

    def binding(self, t: int, row: SimYear,
                target: tuple[str, Callable[[int], Decimal]] | None = None) -> str:
        """What stops converting more in year ``t``: a limit of the user's, the strategy's
        own line (``target``), the cash, or nothing left to convert; "" when converting
        more is allowed but would leave less at the horizon."""
        if all(p.year_end == 0 for p in row.people):
            return "all done"
        allowed, name = self.limit_level(t)
        if target is not None and target[1](t) < allowed:
            allowed, name = target[1](t), target[0]
        # Within $100 of the line counts as reaching it (the next dollar converted is
        # only part taxable when there is basis).
        if name and row.tax.ira_taxable >= allowed - 100:
            return name
        if self.limits.cash and row.taxable < 1000:
            return "cash"
        if name and row.tax.ira_taxable >= allowed - 100:
            return name
        if target is None and any(p.conversion > 0 for p in row.people):
            for key in self.levels[t].keys_known:
                edge = self.levels[t][key]
                if edge - 100 <= row.tax.ira_taxable <= edge:
                    return line_name(key)
        return ""

    def fill(self, t: int, state: State, allowed: Decimal) -> list[Decimal]:
        """Year ``t``'s conversions (older person first) that bring taxable IRA money to
        ``allowed`` at most, found by bisection on each person's whole-dollar amount."""
        amounts = [ZERO] * self.people
        if allowed < 0:
            return amounts
        model = self.models[t]
        for n in range(self.people):
            def fits(c: Decimal, n: int = n) -> bool:
                trial = list(amounts)
                trial[n] = c
                row, _ = step(model, state, trial, self.household.growth)
                return row.tax.ira_taxable <= allowed and not (row.short and self.limits.cash)
            high = state.balances[n] * 2 + 1
            row, _ = step(model, state, [*amounts[:n], high, *amounts[n + 1:]],
                          self.household.growth)
            most = row.people[n].conversion
            found = most_that_fits(fits, most)
            if found is None:
                break
            amounts[n] = found
            if found < most:
                break
        return amounts

    def to_level(self, key: Callable[[int], Decimal]) -> Plan:
        """Each year filled up to ``key(t)`` and the user's limits."""
        plan: Plan = []
        st = start_state(self.household)
        for t, model in enumerate(self.models):
            allowed = min(key(t), self.limit_level(t)[0])
            amounts = self.fill(t, st, allowed)
            plan.append(amounts)
            _, st = step(model, st, amounts, self.household.growth)
        return plan

    def bracket_plan(self, rate: Decimal) -> Plan:
        return self.to_level(lambda t: self.levels[t][f"bracket {rate}"])

    def irmaa_plan(self, tier: int) -> Plan:
        return self.to_level(lambda t: self.levels[t][f"irmaa {tier}"]
                             if f"irmaa {tier}" in self.levels[t].keys_known else CEILING)

    # The optimum ---------------------------------------------------------------------

    def candidates(self, t: int, n: int, plan: Plan, state: State) -> list[Decimal]:
        """Amounts to try for person ``n`` in year ``t``."""
        model = self.models[t]
        row, _ = step(model, state, [*plan[t][:n], CEILING, *plan[t][n + 1:]],
                      self.household.growth)
        available = row.people[n].conversion
        out = {ZERO, available, plan[t][n]}
        for k in range(1, GRID):
            out.add(whole_dollars(available * k / GRID))
        # Round amounts: every multiple of the 1-2-5 step that cuts what is available in
        # at most ten.
        step_size = _round_step(available)
        amount = step_size
        while amount < available:
            out.add(amount)
            amount += step_size
        current = min(plan[t][n], available)
        for move in (Decimal(2000), available / 20):
            out.add(whole_dollars(current + move))
            out.add(whole_dollars(current - move))
        # The amounts that bring the taxable IRA money to each level.
        base_row, _ = step(model, state, [*plan[t][:n], ZERO, *plan[t][n + 1:]],
                           self.household.growth)
        x0 = base_row.tax.ira_taxable
        person = base_row.people[n]
        fraction = (person.basis / (person.year_end + person.rmd) if person.basis > 0
                    and person.year_end + person.rmd > 0 else ZERO)
        cap = self.limit_level(t)[0]
        for value in self.levels[t].all():
            if value > cap:
                continue
            room = value - x0
            if room > 0:
                gross = (round_down_to(room / (ONE - fraction), ONE) if fraction < 1
                         else available)
                # Form 8606 rounds line 11 to whole dollars: a dollar or two less keeps
                # the taxable part from crossing a cliff by a dollar.
                out.update((gross, gross - 1, gross - 2))
        if self.limits.cash:
            out.add(self._cash_room(t, n, plan, state, available))
        # "All that is left", whatever earlier years leave: lets a pair of changes move
        # money into a year that has nothing left to convert today.
        return [*sorted(c for c in out if ZERO <= c <= available), CEILING]

    def _cash_room(self, t: int, n: int, plan: Plan, state: State,
                   available: Decimal) -> Decimal:
        """The most person ``n`` can convert in year ``t`` before the tax it adds uses up
        the taxable account (whole dollars, by bisection on that year alone)."""
        model = self.models[t]

        def fits(c: Decimal) -> bool:
            row, _ = step(model, state, [*plan[t][:n], c, *plan[t][n + 1:]],
                          self.household.growth)
            return not row.short

        return most_that_fits(fits, available) or ZERO

    def optimum(self, start: Plan, passes: int = 1000, budget: int = BUDGET) -> Plan:
        """Coordinate ascent from ``start``: each (year, person) set to its best candidate,
        then shifts of part of a conversion to the next year, until a pass changes nothing
        or ``budget`` whole-plan evaluations are spent."""
        search = _Search(self, start, budget)
        for _ in range(passes):
            improved = False
            for t in range(len(self.models)):
                for n in range(self.people):
                    for c in self.candidates(t, n, search.plan, search.states[t]):
                        improved |= search.attempt(t, {(t, n): c})
                    if t + 1 < len(self.models):
                        improved |= self._shifts(search, t, n)
            if not improved:
                # Stuck where no single change helps: try two changes at once, with
                # "everything left" as the amounts it is today, then kept as such.
                symbolic = [list(a) for a in search.plan]
                search.literal()
                improved = self._pairs(search)
                if not improved and search.plan != symbolic:
                    search.plan = symbolic
                    improved = self._pairs(search)
            if not improved or search.spent >= search.budget:
                break
        return search.plan

    def _pairs(self, search: _Search) -> bool:
        """Change two (year, person) amounts at once: the first to one of its candidates,
        the second to one of the candidates it has after the first change (so a dollar of
        cash or balance freed by the first can be used by the second): moves a conversion
        between the spouses or between years further apart than one.  Spends what is left
        of the budget (all of it only on small problems)."""
        coords = [(t, n) for t in range(len(self.models)) for n in range(self.people)]
        for i, first in enumerate(coords):
            t, n = first
            for a in self.candidates(t, n, search.plan, search.states[t]):
                if a == search.plan[t][n]:
                    continue
                trial = [list(row) for row in search.plan]
                trial[t][n] = a
                after: list[State] = []
                _, _, _ = self.run(trial, t, search.states[t], after)
                states = search.states[:t + 1] + after
                # A run and a candidate list cost about two plans' worth of years.
                search.spent += 2 * (len(self.models) - t)
                self.spent += 2 * (len(self.models) - t)
                for second in coords[i + 1:]:
                    u, m = second
                    for b in self.candidates(u, m, trial, states[u]):
                        if search.spent >= search.budget:
                            return False
                        if search.attempt(t, {first: a, second: b}):
                            return True
        return False

    def _shifts(self, search: _Search, t: int, n: int) -> bool:
        """Move part of year ``t``'s conversion to year ``t`` + 1, or the other way."""
        plan = search.plan
        grown = ONE + self.household.growth
        improved = False
        here, there = plan[t][n], plan[t + 1][n]
        if here >= CEILING or there >= CEILING:
            return False
        for k in (1, 2, 3):
            part = whole_dollars(here * k / 4)
            if part > 0:
                improved |= search.attempt(t, {(t, n): here - part,
                                               (t + 1, n): there + whole_dollars(part * grown)})
            back = whole_dollars(there * k / 4)
            if back > 0:
                improved |= search.attempt(t, {(t, n): here + whole_dollars(back / grown),
                                               (t + 1, n): there - back})
        return improved

    def states_before(self, plan: Plan, start: int = 0, state: State | None = None) -> list[State]:
        """The state before each year (index = year)."""
        st = start_state(self.household) if state is None else state
        out: list[State] = [st] * (start + 1)
        for t in range(start, len(self.models)):
            _, st = step(self.models[t], st, plan[t], self.household.growth)
            out.append(st)
        return out


class _Search:
    """The current plan of the optimum, its wealth and the state before each year."""

    def __init__(self, problem: Problem, start: Plan, budget: int) -> None:
        self.problem = problem
        self.plan = [list(a) for a in start]
        self.states = problem.states_before(self.plan)
        _, final, ok = problem.run(self.plan)
        self.best: Decimal | None = wealth(final, problem.household.heirs_rate) if ok else None
        self.spent = 0
        self.budget = budget

    def literal(self) -> bool:
        """Replace each "everything left" by the amount it is in the current plan; True
        when something changed (the plan is the same)."""
        rows, _, _ = self.problem.run(self.plan)
        changed = False
        for t, row in enumerate(rows):
            for n, person in enumerate(row.people):
                if self.plan[t][n] >= CEILING:
                    self.plan[t][n] = person.conversion
                    changed = True
        return changed

    def attempt(self, t: int, changes: dict[tuple[int, int], Decimal]) -> bool:
        """Apply ``changes`` (first changed year ``t``) if the plan stays within the limits
        and ends richer; True when applied."""
        if self.spent >= self.budget:
            return False
        if all(self.plan[y][n] == c for (y, n), c in changes.items()):
            return False
        if any(c < 0 for c in changes.values()):
            return False
        cost = len(self.problem.models) - t
        self.spent += cost
        self.problem.spent += cost
        old = {(y, n): self.plan[y][n] for (y, n) in changes}
        for (y, n), c in changes.items():
            self.plan[y][n] = c
        after: list[State] = []
        rows, st, ok = self.problem.run(self.plan, t, self.states[t], after)
        value = wealth(st, self.problem.household.heirs_rate)
        if ok and (self.best is None or value > self.best):
            self.best = value
            self.states = self.states[:t + 1] + after
            # A conversion of everything left stays "everything left" when an earlier
            # year changes (the same plan today).
            for year, row in enumerate(rows, start=t):
                for n, person in enumerate(row.people):
                    if person.conversion > 0 and person.year_end == 0:
                        self.plan[year][n] = CEILING
            return True
        for (y, n), c in old.items():
            self.plan[y][n] = c
        return False


def most_that_fits(fits: Callable[[Decimal], bool], most: Decimal) -> Decimal | None:
    """The largest whole-dollar amount from 0 to ``most`` that ``fits`` (which holds up to
    some amount and not beyond it), by bisection; ``None`` when not even 0 fits."""
    if fits(most):
        return most
    low, high = ZERO, most
    if not fits(low):
        return None
    while high - low > 1:
        middle = round_down_to((low + high) / 2, ONE)
        if fits(middle):
            low = middle
        else:
            high = middle
    return low


def _round_step(amount: Decimal) -> Decimal:
    """The smallest of 1, 2, 5 x 10^k dollars (at least $1,000) with at most ten multiples
    in ``amount``."""
    scale = Decimal(1000)
    while True:
        for unit in (1, 2, 5):
            if amount <= scale * unit * 10:
                return scale * unit
        scale *= 10
