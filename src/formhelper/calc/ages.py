"""Ages that change the rules: 59½ (early distributions), 70½ (QCDs), 50 (catch-up)."""

from __future__ import annotations

import calendar
from datetime import date


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
