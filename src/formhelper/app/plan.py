"""The year figures a conversion plan needs, read from ``forms/<year>/``.

This is the I/O half of :mod:`formhelper.calc.plan` (which reads nothing): the
``plan`` command and the wizard call :func:`figures_for` and then
:func:`formhelper.calc.plan.plan`::

    inputs = PlanInput(tax_year=2026, filing_status="single", wages=..., balance=...,
                       basis=..., target_rate=Decimal("0.24"), years=3)
    result = plan(inputs, figures_for(inputs))

A year with a ``forms/<year>/params.toml`` uses its published figures; a year after
the latest published one uses that year's figures indexed at ``inputs.inflation``
(:func:`formhelper.calc.plan_figures.index_figures`), marked as estimates.
"""

from __future__ import annotations

from decimal import Decimal

from formhelper.calc.plan import PlanInput
from formhelper.calc.plan_aca import index_aca_params
from formhelper.calc.plan_figures import PlanError, YearFigures, index_figures
from formhelper.calc.plan_household import Household
from formhelper.calc.plan_index import index_plan_params
from formhelper.calc.plan_optimize import HouseholdPlan
from formhelper.calc.plan_sim import YearData
from formhelper.files import years
from formhelper.years.aca_params import AcaParams
from formhelper.years.plan_params import PlanParams


def figures_for(inputs: PlanInput) -> dict[int, YearFigures]:
    """Published or indexed figures for every year of ``inputs.plan_years()``.

    Raises :class:`PlanError` for a year before the first supported one.
    """
    # A year in forms/ marked ``estimate = true`` is not published: it is indexed
    # like any later year (docs/adding-a-tax-year.md).
    published = [y for y in years.supported_years() if not years.load(y).estimate]
    if not published:
        raise PlanError("no tax year figures found (forms/<year>/params.toml)")
    latest = max(published)
    out: dict[int, YearFigures] = {}
    base: YearFigures | None = None
    for year in inputs.plan_years():
        if year in published:
            out[year] = YearFigures.published(years.load(year))
        elif year > latest:
            if base is None:
                base = YearFigures.published(years.load(latest))
            out[year] = index_figures(base, year, inputs.inflation)
        else:
            raise PlanError(
                f"tax year {year} is not supported (published figures: "
                + ", ".join(str(y) for y in published) + f"; later years are estimated from "
                f"{latest})")
    return out


def household_years(household: Household) -> list[YearData]:
    """The figures of every year of a household plan: brackets and standard deduction
    (:func:`figures_for`), the planner figures of ``forms/<year>/plan.toml`` and the IRMAA
    table billed two years later; years not published are indexed from the latest
    published at ``household.inflation`` and marked as estimates."""
    inputs = PlanInput(tax_year=household.tax_year, filing_status=household.filing_status,
                       balance=Decimal(1), target_rate=Decimal("0.22"),
                       taxable_income=Decimal(0), years=household.years + 3,
                       inflation=household.inflation)
    figures = figures_for(inputs)
    published = [y for y in years.plan_years()
                 if y in years.supported_years() and not years.load(y).estimate]
    if not published:
        raise PlanError("no planner figures found (forms/<year>/plan.toml)")
    latest = max(published)

    def params(year: int) -> tuple[PlanParams, bool]:
        if year in published:
            return years.load_plan(year), False
        if year > latest:
            return index_plan_params(years.load_plan(latest), year, household.inflation), True
        raise PlanError(f"no planner figures for {year} (published: "
                        + ", ".join(str(y) for y in published) + ")")

    covered = household.aca_years()
    out = []
    for year in household.plan_years():
        plan, estimated = params(year)
        billed, billed_estimated = params(year + plan.irmaa.lookback_years)
        aca, aca_estimated = aca_params(year, household.inflation) if year in covered \
            else (None, False)
        out.append(YearData(figures=figures[year], params=plan, irmaa=billed.irmaa,
                            estimated=estimated or figures[year].estimated or billed_estimated
                            or aca_estimated, aca=aca))
    return out


def aca_params(year: int, inflation: Decimal) -> tuple[AcaParams, bool]:
    """The premium tax credit figures of a coverage year (``forms/<year>/aca.toml``), or
    for a year after the latest published its figures indexed at ``inflation`` (True:
    estimated)."""
    published = years.aca_years()
    if year in published:
        return years.load_aca(year), False
    if published and year > max(published):
        return index_aca_params(years.load_aca(max(published)), year, inflation), True
    raise PlanError(f"no premium tax credit figures for {year} (published: "
                    + ", ".join(str(y) for y in published) + "); start the Marketplace "
                    "coverage (aca.first) in a year that has them")


def plan_household(household: Household, bracket: Decimal | None = None,
                   tier: int | None = None) -> HouseholdPlan:
    """Read the year figures and plan every strategy for ``household``."""
    from formhelper.calc import plan_optimize
    from formhelper.calc.plan_sim import YearModel

    data = household_years(household)
    models = [YearModel(household, d.figures.tax_year, d) for d in data]
    return plan_optimize.plan_household(household, models, bracket, tier)
