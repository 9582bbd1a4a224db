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

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from formhelper.calc import plan_aca
from formhelper.calc.plan_household import Household
from formhelper.calc.plan_sim import (
    SimYear,
    State,
    YearModel,
    YearTax,
    start_state,
    step,
    wealth,
)
from formhelper.calc.plan_tax import irmaa_edge
from formhelper.calc.tax import bracket_top
from formhelper.money import ONE, ZERO, round_down_to, whole_dollars

Plan = list[list[Decimal]]
#: The largest taxable IRA money searched for a level (dollars).
CEILING: Final = Decimal(20_000_000)
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


def level(measure: Callable[[Decimal], Decimal], target: Decimal,
          most: Decimal = CEILING) -> Decimal:
    """The most taxable IRA money x (whole dollars, at most ``most``) with
    ``measure(x) <= target``; -1 when even x = 0 is over.  ``measure`` never falls as x
    grows (taxable income, MAGI).  False position on the bracket, every other step a
    bisection, so a piecewise-linear measure takes a few evaluations and any takes at most
    about twice the bisection's."""
    low, high = ZERO, most
    f_low = measure(low)
    if f_low > target:
        return Decimal(-1)
    f_high = measure(high)
    if f_high <= target:
        return high
    secant = True
    while high - low > 1:
        if secant and f_high > f_low:
            guess = low + round_down_to((target - f_low) * (high - low) / (f_high - f_low), ONE)
            guess = min(max(guess, low + 1), high - 1)
        else:
            guess = round_down_to((low + high) / 2, ONE)
        secant = not secant
        value = measure(guess)
        if value <= target:
            low, f_low = guess, value
            # The next dollar may already be over: a secant guess often lands on the edge.
            if secant is False and measure(guess + 1) > target:
                return guess
        else:
            high, f_high = guess, value
    return low


class _Levels(dict[str, Decimal]):
    """The taxable IRA money at which a year reaches each bracket top ("bracket 0.22"), each
    IRMAA tier's edge ("irmaa 0") and the 0% capital gain top ("0% gains"), found when first
    asked for."""

    def __init__(self, model: YearModel, most: Decimal) -> None:
        super().__init__()
        self.model = model
        #: No year has more taxable IRA money than this (every IRA dollar there could be).
        self.most = most
        self.keys_known: list[str] = [f"bracket {b.rate}" for b in model.table
                                      if b.upper is not None]
        if any(m > 0 for m in model.medicare):
            self.keys_known += [f"irmaa {t}" for t in range(len(model.data.irmaa.tiers))]
        self.keys_known.append("0% gains")
        # The other kinks of the year's tax in the taxable IRA money: where the deduction is
        # used up, where Social Security starts to be taxed at 50% and at 85% (Pub. 915
        # Worksheet 1 lines 8 and 10), where the senior deduction starts and ends phasing
        # out, and where NIIT starts.
        self.keys_known += ["no tax", "SS 50%", "SS 85%", "NIIT"]
        # Where household income reaches the ACA cliff (a year of Marketplace coverage
        # with the 400% limit: one dollar more loses the whole premium tax credit).
        if model.aca_cliff() is not None:
            self.keys_known.append("aca cliff")
        # And where it reaches 100% of the poverty line, below which there is no credit.
        if model.aca_floor() is not None:
            self.keys_known.append("aca floor")
        if model.aged and model.data.params.senior_deduction is not None:
            self.keys_known += ["senior", "senior 0"]

    def __missing__(self, key: str) -> Decimal:
        model = self.model
        kind, _, arg = key.rpartition(" ") if key != "0% gains" else ("gains", "", "")
        if kind == "bracket":
            top = bracket_top(model.table, Decimal(arg))
            found = level(lambda x: model.tax(x).taxable_income, top, self.most)
        elif kind == "irmaa":
            edge = irmaa_edge(int(arg), model.joint, model.data.irmaa)
            found = level(lambda x: model.tax(x).magi, edge, self.most)
        elif kind == "gains":
            zero = model.data.params.capital_gains.zero_rate_top.of(model.status)
            found = level(lambda x: model.tax(x).taxable_income, zero, self.most)
        elif key == "no tax":
            found = level(lambda x: model.tax(x).taxable_income, ZERO, self.most)
        elif key in ("SS 50%", "SS 85%"):
            ss = model.data.params.social_security
            base = Decimal(ss.base_joint if model.joint else ss.base_single)
            if key == "SS 85%":
                base += Decimal(ss.step_joint if model.joint else ss.step_single)
            half = model.benefits * ss.rate_lower
            found = level(lambda x: model.tax(x).agi - model.tax(x).ss_taxable
                          + model.tax_exempt + half, base, self.most)
        elif key == "NIIT":
            found = level(lambda x: model.tax(x).agi,
                          model.data.params.niit.threshold(model.status), self.most)
        elif key == "aca cliff":
            most_income = model.aca_cliff()
            assert most_income is not None
            found = level(lambda x: _household_income(model.tax(x)), most_income, self.most)
        elif key == "aca floor":
            least = model.aca_floor()
            assert least is not None
            # The first dollar at or above it: the most below it, plus one.
            found = level(lambda x: _household_income(model.tax(x)), least - 1, self.most) + 1
        elif key in ("senior", "senior 0"):
            rule = model.data.params.senior_deduction
            assert rule is not None
            start = Decimal(rule.threshold_joint if model.joint else rule.threshold_single)
            if key == "senior 0":
                start += Decimal(rule.amount) / rule.rate
            found = level(lambda x: model.tax(x).agi, start, self.most)
        else:
            raise KeyError(key)
        self[key] = found
        return found

    def all(self) -> list[Decimal]:
        return [self[k] for k in self.keys_known]


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
        self._levels: list[_Levels] = [
            _Levels(m, whole_dollars(total * factor ** (t + 1)) + 1)
            for t, m in enumerate(self.models)]

    def limit_level(self, t: int) -> tuple[Decimal, str]:
        """The most taxable IRA money year ``t`` allows, and the limit that sets it."""
        best, name = CEILING, ""
        levels = self._levels[t]
        if self.limits.bracket is not None:
            top = levels[f"bracket {self.limits.bracket}"]
            if top < best:
                best, name = top, f"{_pct(self.limits.bracket)}% cap"
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
            for key in self._levels[t].keys_known:
                edge = self._levels[t][key]
                if edge - 100 <= row.tax.ira_taxable <= edge:
                    return _line_name(key)
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
            high = row.people[n].conversion
            if fits(high):
                amounts[n] = high
                continue
            low = ZERO
            if not fits(low):
                break
            while high - low > 1:
                middle = round_down_to((low + high) / 2, ONE)
                if fits(middle):
                    low = middle
                else:
                    high = middle
            amounts[n] = low
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
        return self.to_level(lambda t: self._levels[t][f"bracket {rate}"])

    def irmaa_plan(self, tier: int) -> Plan:
        return self.to_level(lambda t: self._levels[t][f"irmaa {tier}"]
                             if f"irmaa {tier}" in self._levels[t].keys_known else CEILING)

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
        for value in self._levels[t].all():
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

        if fits(available):
            return available
        low, high = ZERO, available
        if not fits(low):
            return ZERO
        while high - low > 1:
            middle = round_down_to((low + high) / 2, ONE)
            if fits(middle):
                low = middle
            else:
                high = middle
        return low

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

    def _states(self, plan: Plan, start: int = 0, state: State | None = None) -> list[State]:
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
        self.states = problem._states(self.plan)
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


def _round_step(amount: Decimal) -> Decimal:
    """The smallest of 1, 2, 5 x 10^k dollars (at least $1,000) with at most ten multiples
    in ``amount``."""
    scale = Decimal(1000)
    while True:
        for unit in (1, 2, 5):
            if amount <= scale * unit * 10:
                return scale * unit
        scale *= 10


def _line_name(key: str) -> str:
    """``"bracket 0.22"`` -> ``"22% top"`` (the top of the 22% bracket)."""
    kind, _, arg = key.rpartition(" ")
    if kind == "bracket":
        return f"{_pct(Decimal(arg))}% top"
    if kind == "irmaa":
        return f"IRMAA {arg}"
    if key == "0% gains":
        return "0% gains"
    return {"no tax": "no tax", "SS 50%": "SS 50%", "SS 85%": "SS 85%", "NIIT": "NIIT",
            "senior": "senior", "senior 0": "senior 0", "aca cliff": "ACA cliff",
            "aca floor": "ACA 100%"}[key]


def _household_income(tax: YearTax) -> Decimal:
    """Form 8962 line 3 of a year of Marketplace coverage (MAGI in the others)."""
    return tax.magi if tax.form_8962 is None else tax.form_8962.line_3


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}"


def strategies(household: Household, models: Sequence[YearModel],
               bracket: Decimal | None = None, tier: int | None = None) -> list[Outcome]:
    """None, fill a bracket, stay under an IRMAA tier, and the optimum, side by side."""
    problem = Problem(household, models)
    rate = bracket or household.limits.bracket or Decimal("0.22")
    irmaa = tier if tier is not None else (household.limits.irmaa_tier or 0)
    zero: Plan = [[ZERO] * problem.people for _ in models]
    levels = problem._levels

    def bracket_line(t: int) -> Decimal:
        return levels[t][f"bracket {rate}"]

    def irmaa_line(t: int) -> Decimal:
        key = f"irmaa {irmaa}"
        return levels[t][key] if key in levels[t].keys_known else CEILING

    plans = [
        ("none", "No conversions", zero),
        ("bracket", f"Fill the {_pct(rate)}% bracket", problem.bracket_plan(rate)),
        ("irmaa", "Stay under IRMAA (standard premium)" if irmaa == 0
         else f"Stay at IRMAA tier {irmaa} or below", problem.irmaa_plan(irmaa)),
    ]
    targets: list[tuple[str, Callable[[int], Decimal]] | None] = [
        None, (f"{_pct(rate)}% top", bracket_line), (f"IRMAA {irmaa}", irmaa_line)]
    if any("aca cliff" in levels_t.keys_known for levels_t in levels):
        # The ACA cliff in the years that have one, the bracket in the others (the
        # binding names the line each year stops at).
        def aca_line(t: int) -> Decimal:
            key = "aca cliff" if "aca cliff" in levels[t].keys_known else f"bracket {rate}"
            return levels[t][key]

        plans.append(("aca", f"ACA cliff, then the {_pct(rate)}% bracket",
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
        states = problem._states(plan)
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
                 + (f" and grow {_pct(household.inflation)}% a year."
                    if household.index_income else " and do not grow."))
    notes.append(f"Growth {_pct(household.growth)}% a year; heirs' rate "
                 f"{_pct(household.heirs_rate)}%; state rate {_pct(household.state_rate)}%.")
    estimated = tuple(m.year for m in models if m.data.estimated)
    if estimated:
        notes.append(
            f"ESTIMATED figures for {estimated[0]}-{estimated[-1]}: brackets, standard "
            "deduction, capital gain rate tops and IRMAA tiers not yet published are the "
            f"latest published figures indexed at an assumed {_pct(household.inflation)}% a "
            "year (IRMAA tiers rounded to $1,000, premiums grown at the same rate); the "
            "years are marked *.")
    not_counted: tuple[str, ...] = NOT_COUNTED
    if household.aca is not None:
        notes += list(plan_aca.NOTES)
        not_counted = (*NOT_COUNTED, *plan_aca.NOT_COUNTED)
    return HouseholdPlan(household, tuple(outcomes), estimated, rate, irmaa, tuple(lines),
                         tuple(notes), not_counted, tuple(m.aca_cliff() for m in models))
