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

from formhelper.calc.plan import PlanInput
from formhelper.calc.plan_figures import PlanError, YearFigures, index_figures
from formhelper.files import years


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
