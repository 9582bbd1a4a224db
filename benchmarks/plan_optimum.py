"""The household planner's optimum: how long it takes and how close it is to exhaustive
search.

Run: ``python benchmarks/plan_optimum.py [--runs N] [--cases N]``.

1. Time: ``samples/plans/couple-2026.toml`` (a couple, 30 years, basis, Social Security,
   dividends, gains, a state rate, IRMAA and bracket limits) planned with every strategy
   (:func:`formhelper.calc.plan_optimize.strategies`), CPU time of this process (one core),
   median over ``--runs``.  Target (issue 19): under 1 s.
2. Quality: ``--cases`` seeded small households (1-2 people, 2-4 years) and ``--medium``
   longer ones (4-8 years, larger balances), each against exhaustive search over
   conversions in multiples of each grid step (``--steps``; and "all that is left") where
   that search is feasible (:func:`grid_search`); the optimum must never be worse.  Exit
   status 1 if it is.  On small plans the optimizer itself searches coarse grids
   exhaustively (:func:`formhelper.calc.plan_grid.grid_starts`) within a budget, so it is
   never worse than a grid it searched; the benchmark also checks grids it did not.

Measured here, not asserted in the tests (tests/test_plan_household.py checks the small
cases it names).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from formhelper.app.plan import household_years
from formhelper.calc.plan_grid import GridTooLarge, grid_search
from formhelper.calc.plan_household import Aca, Household, Limits, Person
from formhelper.calc.plan_optimize import strategies
from formhelper.calc.plan_sim import YearModel
from formhelper.files.plan_file import read

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "plans" / "couple-2026.toml"
ACA_SAMPLE = ROOT / "samples" / "plans" / "early-retiree-aca-2026.toml"
D = Decimal


def models_of(household: Household) -> list[YearModel]:
    return [YearModel(household, d.figures.tax_year, d) for d in household_years(household)]


def retirees(rng: random.Random, couple: bool, balances: list[int], bases: list[int],
             spouse_balances: list[int]) -> list[Person]:
    """You (born 1952-1960, with or without Social Security) and, for a couple, a spouse
    born 1957 with Social Security."""
    people = [Person(name="you", birth_date=date(rng.choice([1952, 1955, 1958, 1960]), 6, 1),
                     ira_balance=D(rng.choice(balances)), ira_basis=D(rng.choice(bases)),
                     social_security=D(rng.choice([0, 20000, 35000])))]
    if couple:
        people.append(Person(name="spouse", birth_date=date(1957, 3, 1),
                             ira_balance=D(rng.choice(spouse_balances)),
                             social_security=D(15000)))
    return people


def small_case(rng: random.Random) -> Household:
    couple = rng.random() < 0.4
    people = retirees(rng, couple, [60000, 120000, 200000], [0, 0, 20000], [40000, 80000])
    return Household(
        tax_year=rng.choice([2025, 2026]), years=rng.choice([2, 3]) if couple else
        rng.choice([2, 3, 4]),
        filing_status="married_filing_jointly" if couple else "single", people=people,
        interest=D(rng.choice([0, 3000])), qualified_dividends=D(rng.choice([0, 10000])),
        other_income=D(rng.choice([0, 30000, 60000])),
        taxable_balance=D(rng.choice([5000, 100000])),
        heirs_rate=D(rng.choice(["0.12", "0.24", "0.32"])),
        state_rate=D(rng.choice(["0", "0.05"])),
        limits=Limits(bracket=rng.choice([None, D("0.24")]),
                      irmaa_tier=rng.choice([None, 0, 1])))


def aca_case(rng: random.Random) -> Household:
    """Small plans before Medicare with Marketplace coverage in the years of the ACA cliff
    (2026 on), with and without the cliff as a limit."""
    couple = rng.random() < 0.4
    people = [Person(name="you", birth_date=date(rng.choice([1965, 1966, 1968]), 6, 1),
                     ira_balance=D(rng.choice([60000, 120000, 250000])),
                     ira_basis=D(rng.choice([0, 0, 20000])))]
    if couple:
        people.append(Person(name="spouse", birth_date=date(1966, 3, 1),
                             ira_balance=D(rng.choice([40000, 80000]))))
    years = rng.choice([2, 3]) if couple else rng.choice([2, 3, 4])
    return Household(
        tax_year=2026, years=years,
        filing_status="married_filing_jointly" if couple else "single", people=people,
        interest=D(rng.choice([0, 3000])), qualified_dividends=D(rng.choice([0, 10000])),
        other_income=D(rng.choice([15000, 30000, 45000])),
        taxable_balance=D(rng.choice([20000, 100000])),
        heirs_rate=D(rng.choice(["0.12", "0.24", "0.32"])),
        aca=Aca(last=2026 + rng.choice([0, years - 1]),
                benchmark=D(rng.choice([9000, 14000, 24000]))),
        limits=Limits(bracket=rng.choice([None, D("0.24")]),
                      aca_cliff=rng.random() < 0.5))


def medium_case(rng: random.Random) -> Household:
    """Longer plans (4-8 years) with larger balances: the optimizer's own grid searches stop
    at a coarser step there (or do not fit), the benchmark's does not."""
    couple = rng.random() < 0.3
    people = retirees(rng, couple, [150000, 250000, 400000], [0, 0, 30000], [100000, 200000])
    return Household(
        tax_year=2026, years=rng.choice([4, 5]) if couple else rng.choice([6, 7, 8]),
        filing_status="married_filing_jointly" if couple else "single", people=people,
        interest=D(rng.choice([0, 3000])), qualified_dividends=D(rng.choice([0, 10000])),
        other_income=D(rng.choice([0, 30000, 60000])),
        taxable_balance=D(rng.choice([20000, 100000])),
        heirs_rate=D(rng.choice(["0.12", "0.24", "0.32"])),
        state_rate=D(rng.choice(["0", "0.05"])),
        limits=Limits(bracket=rng.choice([None, D("0.24")]),
                      irmaa_tier=rng.choice([None, 0, 1])))


def compare(label: str, cases: list[Household], step: Decimal, budget: int) -> int:
    """The optimum against exhaustive search on the ``step`` grid for each case (skipped
    when the grid takes more than ``budget`` year simulations); the number worse."""
    worse, gaps, times, skipped = 0, [], [], 0
    if not cases:
        return 0
    for n, case in enumerate(cases):
        models = models_of(case)
        start = time.process_time()
        optimum = strategies(case, models)[-1].wealth
        times.append(time.process_time() - start)
        try:
            _, grid, _ = grid_search(case, models, step, budget)
        except GridTooLarge:
            skipped += 1
            continue
        gaps.append(optimum - grid)
        if optimum < grid:
            worse += 1
            print(f"  {label} case {n}: optimum {optimum:,} is below the grid's {grid:,}")
    if not gaps:
        print(f"{len(cases)} {label} cases: every ${step:,} grid too large to search")
        return 0
    print(f"{len(cases)} {label} cases, exhaustive ${step:,} grid"
          + (f" ({skipped} too large to search)" if skipped else "")
          + f": optimum minus grid min {min(gaps):,}, median {statistics.median(gaps):,}, "
          f"max {max(gaps):,}; worse in {worse}")
    print(f"  optimizer time per case: median {statistics.median(times):.3f} s CPU, "
          f"max {max(times):.3f} s")
    return worse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--medium", type=int, default=12)
    parser.add_argument("--aca", type=int, default=40)
    parser.add_argument("--steps", default="20000,25000,50000",
                        help="grid steps in dollars, comma-separated")
    args = parser.parse_args()
    for sample in (SAMPLE, ACA_SAMPLE):
        household = read(sample)
        times = []
        for _ in range(args.runs):
            models = models_of(household)  # fresh: nothing memoized from the run before
            start = time.process_time()
            outcomes = strategies(household, models)
            times.append(time.process_time() - start)
        print(f"{household.years}-year couple ({sample.name}): median "
              f"{statistics.median(times):.3f} s CPU, min {min(times):.3f} s over "
              f"{args.runs} runs (target < 1 s)")
        for o in outcomes:
            print(f"  {o.name:<8} wealth {o.wealth:>12,} lifetime tax {o.lifetime_tax:>10,}")
    worse = 0
    for step in (D(s) for s in args.steps.split(",")):
        rng = random.Random(19)
        worse += compare("small", [small_case(rng) for _ in range(args.cases)], step,
                         10_000_000)
    rng = random.Random(26)
    aca = [aca_case(rng) for _ in range(args.aca)]
    for step in (D(20000), D(25000)):
        worse += compare("ACA", aca, step, 10_000_000)
    rng = random.Random(1)
    medium = [medium_case(rng) for _ in range(args.medium)]
    for step in (D(100000), D(25000)):
        worse += compare("medium", medium, step, 1_000_000)
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
