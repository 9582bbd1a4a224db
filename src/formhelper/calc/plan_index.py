"""Estimated planner figures for a year the IRS and CMS have not published.

* Capital gain 0% and 15% tops: IRC 1(j)(5)(C) indexes them as the brackets are indexed
  (IRC 1(f)(3)), each increase rounded down to $50 (1(f)(7)) — the same rounding as
  :func:`formhelper.calc.plan_figures.indexed_amount`.
* IRMAA: the income tiers are indexed by the CPI-U and rounded to the nearest $1,000
  (42 U.S.C. 1395r(i)(5)), the top tier ($500,000 / $750,000) only after 2027
  (``fixed_through`` in the data); the premiums follow Part B costs, taken here to grow at the
  assumed inflation.  Estimates, marked as such by the caller.
* Social Security base amounts, NIIT thresholds and the senior deduction are not indexed
  (IRC 86(c), 1411(b), 151(d)(5)(C)); RMD ages and the Uniform Lifetime Table do not change.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from formhelper.calc.plan_figures import ROUNDING_STEP, PlanError, indexed_amount, pct
from formhelper.money import ONE
from formhelper.years.plan_params import CapitalGains, Irmaa, IrmaaTier, PlanParams, StatusAmounts

THOUSAND = Decimal(1000)


def _nearest_thousand(amount: Decimal) -> int:
    return int((amount / THOUSAND).quantize(ONE, rounding=ROUND_HALF_UP) * THOUSAND)


def _status_amounts(base: StatusAmounts, factor: Decimal, note: str) -> StatusAmounts:
    values = {k: indexed_amount(v, factor, ROUNDING_STEP)
              for k, v in base.model_dump().items() if isinstance(v, int)
              and not isinstance(v, bool)}
    return StatusAmounts(source=f"{note}; from {base.source}", verified=False, **values)


def index_plan_params(base: PlanParams, year: int, inflation: Decimal) -> PlanParams:
    """Estimated :class:`PlanParams` for ``year`` from the published ``base`` year."""
    if year <= base.tax_year:
        raise PlanError(f"{year} is not after {base.tax_year}")
    count = year - base.tax_year
    factor = (ONE + inflation) ** count
    note = (f"estimate: {base.tax_year} figures indexed {count} year(s) at {pct(inflation)}% "
            "a year")
    gains = CapitalGains(
        zero_rate_top=_status_amounts(base.capital_gains.zero_rate_top, factor, note),
        fifteen_rate_top=_status_amounts(base.capital_gains.fifteen_rate_top, factor, note))
    def edges(tier: IrmaaTier) -> Decimal:
        # A tier fixed through a year is indexed only for the years after it.
        if tier.fixed_through is None:
            return factor
        return (ONE + inflation) ** max(0, year - max(base.tax_year, tier.fixed_through))

    tiers = [IrmaaTier(single=_nearest_thousand(t.single * edges(t)),
                       joint=_nearest_thousand(t.joint * edges(t)),
                       part_b=(t.part_b * factor).quantize(Decimal("0.01")),
                       part_d=(t.part_d * factor).quantize(Decimal("0.01")),
                       at_least=t.at_least, fixed_through=t.fixed_through)
             for t in base.irmaa.tiers]
    irmaa = Irmaa(source=f"{note} (tiers rounded to the nearest $1,000 as 42 U.S.C. "
                         f"1395r(i)(5)); from {base.irmaa.source}",
                  verified=False,
                  standard_part_b=(base.irmaa.standard_part_b * factor).quantize(Decimal("0.01")),
                  lookback_years=base.irmaa.lookback_years, tiers=tiers)
    return base.model_copy(update={"tax_year": year, "capital_gains": gains, "irmaa": irmaa})
