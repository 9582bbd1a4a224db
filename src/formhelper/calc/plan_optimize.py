"""Conversion strategies side by side, and the optimum.

* ``none``: no conversions (RMDs only).
* ``bracket``: each year, the most that keeps taxable income within a bracket.
* ``irmaa``: each year, the most that keeps MAGI at or below an IRMAA tier.
* ``optimum``: the conversions (per person, per year) that maximize after-tax wealth at
  the horizon (:func:`formhelper.calc.plan_sim.wealth`) within the user's limits.

The optimum is found by coordinate ascent on the exact plan (:func:`plan_sim.step`, Form
8606 per person): starting from the best of the other strategies, each year's conversion of
each person is set in turn to the best of a set of candidates — none, all, a coarse grid
of what is available, the amounts that reach each bracket top, IRMAA tier and the 0% capital
gain top, and steps around the current amount — until a whole pass changes nothing.  The
objective has cliffs (IRMAA) and kinks (brackets, Social Security, phase-outs), so no
gradient or linear solver fits it exactly; the candidates are where its optimum lies
(benchmarks/plan_optimum.py compares it with exhaustive search on a coarse grid).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from formhelper.calc.plan_household import Household
from formhelper.calc.plan_sim import SimYear, State, YearModel, start_state, step, wealth
from formhelper.calc.plan_tax import irmaa_edge
from formhelper.calc.tax import bracket_top
from formhelper.money import ONE, ZERO, round_down_to, whole_dollars

Plan = list[list[Decimal]]
#: The largest taxable IRA money searched for a level (dollars).
CEILING: Final = Decimal(20_000_000)
GRID: Final = 4
#: Most whole-plan evaluations the optimum spends (keeps a 30-year couple under a second).
BUDGET: Final = 600


@dataclass(frozen=True)
class Outcome:
    name: str
    title: str
    conversions: tuple[tuple[Decimal, ...], ...]
    years: tuple[SimYear, ...]
    wealth: Decimal
    #: Per year: which limit stops a larger conversion ("" when none is converted by choice).
    binding: tuple[str, ...]

    @property
    def lifetime_tax(self) -> Decimal:
        """Every tax of the plan's years (income tax, NIIT, state, IRMAA for their MAGI)."""
        return sum((y.tax.total for y in self.years), ZERO)

    @property
    def converted(self) -> Decimal:
        return sum((p.conversion for y in self.years for p in y.people), ZERO)


def level(model: YearModel, fits: Callable[[Decimal], bool]) -> Decimal:
    """The most taxable IRA money (whole dollars) with ``fits`` true; -1 when even none
    fits.  ``fits`` must be true up to a point and false after it."""
    if not fits(ZERO):
        return Decimal(-1)
    low, high = ZERO, CEILING
    if fits(high):
        return high
    while high - low > 1:
        middle = round_down_to((low + high) / 2, ONE)
        if fits(middle):
            low = middle
        else:
            high = middle
    return low


class _Levels(dict[str, Decimal]):
    """The taxable IRA money at which a year reaches each bracket top ("bracket 0.22"), each
    IRMAA tier's edge ("irmaa 0") and the 0% capital gain top ("0% gains"), found when first
    asked for."""

    def __init__(self, model: YearModel) -> None:
        super().__init__()
        self.model = model
        self.keys_known: list[str] = [f"bracket {b.rate}" for b in model.table
                                      if b.upper is not None]
        if any(m > 0 for m in model.medicare):
            self.keys_known += [f"irmaa {t}" for t in range(len(model.data.irmaa.tiers))]
        self.keys_known.append("0% gains")

    def __missing__(self, key: str) -> Decimal:
        model = self.model
        kind, _, arg = key.rpartition(" ") if key != "0% gains" else ("gains", "", "")
        if kind == "bracket":
            top = bracket_top(model.table, Decimal(arg))
            found = level(model, lambda x: model.tax(x).taxable_income <= top)
        elif kind == "irmaa":
            edge = irmaa_edge(int(arg), model.joint, model.data.irmaa)
            found = level(model, lambda x: model.tax(x).magi <= edge)
        elif kind == "gains":
            zero = model.data.params.capital_gains.zero_rate_top.of(model.status)
            found = level(model, lambda x: model.tax(x).taxable_income <= zero)
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
        self._levels: list[_Levels] = [_Levels(m) for m in self.models]

    def limit_level(self, t: int) -> tuple[Decimal, str]:
        """The most taxable IRA money year ``t`` allows, and the limit that sets it."""
        best, name = CEILING, ""
        levels = self._levels[t]
        if self.limits.bracket is not None:
            top = levels[f"bracket {self.limits.bracket}"]
            if top < best:
                best, name = top, f"{_pct(self.limits.bracket)}% bracket"
        if self.limits.irmaa_tier is not None and self.limits.irmaa_tier < len(
                self.models[t].data.irmaa.tiers):
            edge = levels[f"irmaa {self.limits.irmaa_tier}"]
            if edge < best:
                best, name = edge, f"IRMAA tier {self.limits.irmaa_tier}"
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
            ) -> tuple[list[SimYear], State, bool]:
        """Simulate from year ``start`` (``state`` before it); feasible when no limit is
        crossed."""
        st = start_state(self.household) if state is None else state
        rows = []
        ok = True
        for t in range(start, len(self.models)):
            row, st = step(self.models[t], st, plan[t], self.household.growth)
            if self.violation(t, row):
                ok = False
            rows.append(row)
        return rows, st, ok

    def outcome(self, name: str, title: str, plan: Plan) -> Outcome:
        rows, st, _ = self.run(plan)
        return Outcome(name, title, tuple(tuple(p.conversion for p in r.people) for r in rows),
                       tuple(rows), wealth(st, self.household.heirs_rate),
                       tuple(self.binding(plan, t, rows) for t in range(len(rows))))

    def binding(self, plan: Plan, t: int, rows: Sequence[SimYear]) -> str:
        """Which limit stops converting more in year ``t``."""
        row = rows[t]
        if all(p.year_end == 0 for p in row.people):
            return "all converted"
        allowed, name = self.limit_level(t)
        if name and row.tax.ira_taxable >= allowed - 100:
            return name
        if self.limits.cash and row.taxable < 1000:
            return "cash"
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
        current = plan[t][n]
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
                out.add(round_down_to(room / (ONE - fraction), ONE) if fraction < 1
                        else available)
        return sorted(c for c in out if ZERO <= c <= available)

    def optimum(self, start: Plan, passes: int = 6) -> Plan:
        plan = [list(a) for a in start]
        states = self._states(plan)
        _, final, ok = self.run(plan)
        best = wealth(final, self.household.heirs_rate) if ok else None
        spent = 0
        for _ in range(passes):
            improved = False
            for t in range(len(self.models)):
                for n in range(self.people):
                    for c in self.candidates(t, n, plan, states[t]):
                        if c == plan[t][n]:
                            continue
                        if spent >= BUDGET:
                            return plan
                        spent += 1
                        old = plan[t][n]
                        plan[t][n] = c
                        _, st, ok = self.run(plan, t, states[t])
                        value = wealth(st, self.household.heirs_rate)
                        if ok and (best is None or value > best):
                            best = value
                            improved = True
                            states = states[:t + 1] + self._states(plan, t, states[t])[t + 1:]
                        else:
                            plan[t][n] = old
            if not improved:
                break
        return plan

    def _states(self, plan: Plan, start: int = 0, state: State | None = None) -> list[State]:
        """The state before each year (index = year)."""
        st = start_state(self.household) if state is None else state
        out: list[State] = [st] * (start + 1)
        for t in range(start, len(self.models)):
            _, st = step(self.models[t], st, plan[t], self.household.growth)
            out.append(st)
        return out


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}"


def strategies(household: Household, models: Sequence[YearModel],
               bracket: Decimal | None = None, tier: int | None = None) -> list[Outcome]:
    """None, fill a bracket, stay under an IRMAA tier, and the optimum, side by side."""
    problem = Problem(household, models)
    rate = bracket or household.limits.bracket or Decimal("0.22")
    irmaa = tier if tier is not None else (household.limits.irmaa_tier or 0)
    zero: Plan = [[ZERO] * problem.people for _ in models]
    plans = [
        ("none", "No conversions", zero),
        ("bracket", f"Fill the {_pct(rate)}% bracket", problem.bracket_plan(rate)),
        ("irmaa", f"Stay at IRMAA tier {irmaa} or below"
         + (" (standard premium)" if irmaa == 0 else ""), problem.irmaa_plan(irmaa)),
    ]
    outcomes = [problem.outcome(*p) for p in plans]
    feasible = [o for o, p in zip(outcomes, plans, strict=True) if problem.run(p[2])[2]]
    start = max(feasible or outcomes[:1], key=lambda o: o.wealth)
    best = problem.optimum([list(c) for c in start.conversions])
    outcomes.append(problem.outcome("optimum", "Optimum (most after-tax wealth)", best))
    return outcomes


def bracket_top_of(model: YearModel, rate: Decimal) -> Decimal:
    return bracket_top(model.table, rate)
