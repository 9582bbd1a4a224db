"""Ages that change the rules: 59½ (early distributions), 70½ (QCDs), 50 (catch-up), the
age required minimum distributions begin."""

from __future__ import annotations

import calendar
from datetime import date

from formhelper.years.params import RmdWaiver


def birthday_at(born: date, years: int, months: int = 0) -> date:
    """The date a person born on ``born`` is ``years`` and ``months`` old.

    IRS practice (Pub. 590-B, "Age 59½ Rule"): you reach 59½ six calendar
    months after your 59th birthday; a day that does not exist in the
    target month becomes that month's last day.
    """
    month0 = born.month - 1 + months
    year = born.year + years + month0 // 12
    month = month0 % 12 + 1
    day = min(born.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def reached(born: date, years: int, months: int, on: date) -> bool:
    return birthday_at(born, years, months) <= on


def year_end(tax_year: int) -> date:
    return date(tax_year, 12, 31)


def rmd_age(born: date) -> tuple[int, int]:
    """The age required minimum distributions begin, (years, months), by date of birth:
    IRC 401(a)(9)(C)(v) as amended by the SECURE Act §114 and SECURE 2.0 §107: 70½ (born
    before July 1, 1949), 72 (born July 1, 1949 - 1950), 73 (born 1951-1959), 75 (born
    1960 or later)."""
    if born < date(1949, 7, 1):
        return 70, 6
    if born.year <= 1950:
        return 72, 0
    if born.year <= 1959:
        return 73, 0
    return 75, 0


def rmd_due(born: date, tax_year: int, waiver: RmdWaiver | None) -> bool:
    """Whether a required minimum distribution is due for ``tax_year``: the applicable age
    (:func:`rmd_age`) reached by December 31 of the year, and the year's data holds no
    waiver.  The one place this is decided (the return's findings and the planner).

    2020 is waived: CARES Act §2203 added IRC 401(a)(9)(I), under which no minimum
    distribution is required for calendar year 2020 (Notice 2020-51, I. Purpose: "the
    waiver of 2020 required minimum distributions, described in § 401(a)(9)")."""
    years, months = rmd_age(born)
    return waiver is None and reached(born, years, months, year_end(tax_year))
