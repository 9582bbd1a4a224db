"""Money and the one place where amounts are rounded.

Amounts are :class:`decimal.Decimal`, never float.  The IRS lets a return show
whole dollars: "drop amounts under 50 cents and increase amounts from 50 to 99
cents to the next dollar ... If you have to add two or more amounts to figure
the amount to enter on a line, include cents when adding the amounts and round
off only the total" (Instructions for Form 1040, "Rounding Off to Whole
Dollars").  :func:`whole_dollars` is that rule; :func:`ratio` is the Form 8606
line 10 rule ("a decimal rounded to at least 3 places").
"""

from __future__ import annotations

import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

#: The bounds of every amount and year formhelper reads, from a case file, a basis
#: record or the command line (docs/limits.md).  Here, on the ground floor, so that a
#: command can check an option without importing the case-file models.
MAX_MONEY = Decimal("1e12")
FIRST_YEAR, LAST_YEAR = 1974, 2100

ZERO: Final = Decimal(0)
ONE: Final = Decimal(1)

#: Form 8606 line 10 and Pub. 590-B Worksheet 1-1 line 7 say "rounded to at
#: least 3 places".  Five places keep the rounding error of lines 11 and 12
#: under a dollar for year-end totals up to $100,000 (domain-spec §1.6, test T1).
RATIO_PLACES: Final = 5


def whole_dollars(amount: Decimal) -> Decimal:
    """Round to whole dollars, 50 cents and up going to the next dollar."""
    return amount.quantize(ONE, rounding=ROUND_HALF_UP)


def ratio(numerator: Decimal, denominator: Decimal, places: int = RATIO_PLACES) -> Decimal:
    """``numerator / denominator`` rounded to ``places`` decimals, capped at 1.

    Form 8606 line 10: "Divide line 5 by line 9. Enter the result as a decimal
    rounded to at least 3 places. If the result is 1.000 or more, enter 1.000."
    """
    if denominator <= 0:
        raise ValueError("ratio denominator must be positive")
    quantum = Decimal(1).scaleb(-places)
    value = (numerator / denominator).quantize(quantum, rounding=ROUND_HALF_UP)
    return min(value, ONE.quantize(quantum))


def round_down_to(amount: Decimal, step: Decimal) -> Decimal:
    """``amount`` rounded down to a multiple of ``step`` (``step`` > 0).

    IRC 1(f)(7)(A): an inflation increase "not a multiple of $50 ... shall be
    rounded to the next lowest multiple of $50" ($25 for a married individual
    filing separately, 1(f)(7)(B)).  Also the largest whole-dollar amount that
    fits under a limit (``step`` = 1).
    """
    if step <= 0:
        raise ValueError("step must be positive")
    return (amount / step).quantize(ONE, rounding=ROUND_FLOOR) * step


def rate(numerator: Decimal, denominator: Decimal, places: int = 4) -> Decimal:
    """A tax rate (``added tax / amount``) as a decimal to ``places`` places, half up."""
    if denominator <= 0:
        raise ValueError("rate denominator must be positive")
    return (numerator / denominator).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def clamp0(amount: Decimal) -> Decimal:
    """The forms' "If zero or less, enter -0-"."""
    return amount if amount > 0 else ZERO


def fmt_dollars(amount: Decimal) -> str:
    """Whole dollars with thousands separators, as printed on a form: ``12,345``."""
    return f"{int(amount):,}"


#: An amount as people type it, in ASCII: ``\d``, ``int`` and ``Decimal`` also take
#: other scripts' digits (fullwidth ``１２３``, Arabic-Indic ``١٢٣``), which no form holds.
#: Possessive quantifiers: a long run of digits that does not match must not make the
#: match backtrack (100,000 digits and an "x" took 25 s).
_TYPED = re.compile(r"^\$?+\s*+-?+\s*+\$?+[0-9,]*+\.?+[0-9]*+$", re.ASCII)


def ascii_text(text: str) -> bool:
    """Whether ``text``, spaces around it aside, is ASCII, as an amount on a form is
    (digits 0-9): ``Decimal("１２３")`` is 123, and no amount should be read that way."""
    return text.strip().isascii()


def amount_text(text: str) -> str:
    """An amount as people type it, as digits: ``"$1,234.50"`` -> ``"1234.50"``.

    Text that does not look like an amount is returned stripped, for the caller's
    own message to refuse it.
    """
    stripped = text.strip()
    if _TYPED.match(stripped):
        return stripped.replace("$", "").replace(",", "").replace(" ", "")
    return stripped


def typed_amount(text: str) -> Decimal | None:
    """:func:`amount_text` as a finite Decimal, or ``None`` when it is not a number
    (text that is not ASCII, such as fullwidth digits, is not)."""
    if not ascii_text(text):
        return None
    try:
        value = Decimal(amount_text(text))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
