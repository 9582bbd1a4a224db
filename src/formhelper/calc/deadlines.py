"""The dates that decide this year's Form 8606: pure date rules, no I/O.

* December 31 of the tax year: Form 8606 line 6 takes "the value of all your
  traditional, SEP, and SIMPLE IRAs as of December 31" (Form 8606 instructions,
  line 6), and line 8 the conversions made in the year (Part II: "conversions
  from traditional, SEP, or SIMPLE IRAs to Roth IRAs in [year]").  A conversion or
  a rollover of IRA money into an employer plan counts for the year only when
  done by then.
* The contribution deadline: "Contributions can be made to your traditional IRA
  for a year at any time during the year or by the due date for filing your
  return for that year, not including extensions" (Pub. 590-A, "When Can
  Contributions Be Made?"); Form 8606 line 1 takes contributions "made for
  [year] from January 1, [year + 1], through April 15, [year + 1]".  A due date on
  a Saturday, Sunday or legal holiday moves to the next day that is none of them
  (IRC 7503); Emancipation Day, a legal holiday in the District of Columbia
  (April 16, observed on the Friday before when it falls on a Saturday and the
  Monday after when on a Sunday), is why Pub. 590-A has named April 17 or 18 in
  some years.  Disaster postponements are not known here.
* The end of a conversion's 5-year window: :func:`formhelper.calc.basis.window_ends`
  (IRC 408A(d)(3)(F); Pub. 590-B, "Additional Tax on Early Distributions":
  the 5-year period starts January 1 of the year of the conversion).
"""

from __future__ import annotations

from datetime import date, timedelta

#: IRC 7503 and Pub. 590-A: the unextended due date of a calendar-year return.
_DUE_MONTH, _DUE_DAY = 4, 15


def year_end(tax_year: int) -> date:
    """December 31 of the tax year: the Form 8606 line 6 valuation date and the last
    day for a conversion or a rollover into an employer plan to count for the year."""
    return date(tax_year, 12, 31)


def emancipation_day_observed(year: int) -> date:
    """District of Columbia Emancipation Day (April 16) as observed: a Saturday holiday
    is observed on the Friday before, a Sunday holiday on the Monday after."""
    day = date(year, 4, 16)
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


def _business_day(day: date) -> bool:
    return day.weekday() < 5 and day != emancipation_day_observed(day.year)


def contribution_deadline(tax_year: int) -> date:
    """Last day to make an IRA contribution for ``tax_year``: April 15 of the next
    year, moved to the next business day (IRC 7503; Pub. 590-A).

    2021 contributions: April 15, 2022 was a Friday and Emancipation Day (Saturday,
    April 16) was observed that Friday, so the due date was Monday, April 18, 2022.
    """
    day = date(tax_year + 1, _DUE_MONTH, _DUE_DAY)
    while not _business_day(day):
        day += timedelta(days=1)
    return day
