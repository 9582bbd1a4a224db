"""Form 1099-R box 7 distribution codes: parsing and the groups the calculation routes by.

The full per-year table (meanings, which codes may be combined, how each is
reported) is data in ``forms/<year>/codes.toml``; this module only knows the
characters a code can be and the groups that decide where an amount goes on
Form 1040 (Instructions for Form 1040, lines 4a-5b; Instructions for Forms
1099-R and 5498, "Guide to Distribution Codes").
"""

from __future__ import annotations

from typing import Final

#: Every character used as a box 7 code in any supported year (there is no
#: I, O, V, X or Z).  Whether a code exists in a given year is checked against
#: that year's table.
CODE_CHARS: Final = frozenset("123456789ABCDEFGHJKLMNPQRSTUWY")

#: Roth IRA distributions: J (early, no known exception), Q (qualified),
#: T (exception applies, 5-year period unknown to the payer).
ROTH_IRA: Final = frozenset("JQT")
#: Codes used only for employer plans and contracts, never for an IRA (Instructions for
#: Forms 1099-R and 5498, Guide to Distribution Codes): 9 cost of current life insurance
#: protection, A 10-year tax option (Form 4972), B designated Roth account distribution, F
#: charitable gift annuity, H direct rollover of a designated Roth account to a Roth IRA,
#: L loans treated as deemed distributions (IRC 72(p), plans), M qualified plan loan
#: offset, U dividends under IRC 404(k).  Every one is a line 5 code in the year tables
#: that say (forms/<year>/codes.toml ``f1040_line``; tests/test_irs_plan_cases.py).  With
#: the IRA/SEP/SIMPLE box checked the code decides: the box is the payer's slip.
PLAN_ONLY: Final = frozenset("9ABFHLMU")
#: Direct rollovers: G (other than a designated Roth account), H (designated
#: Roth account to a Roth IRA).
DIRECT_ROLLOVER: Final = frozenset("GH")
#: Recharacterizations of IRA contributions: N (for this year), R (for last year).
RECHARACTERIZATION: Final = frozenset("NR")
#: Corrective distributions of excess contributions: 8 (taxable this year),
#: P (taxable last year).
EXCESS_RETURN: Final = frozenset("8P")


def parse_box7(text: str) -> tuple[str, ...]:
    """Split a box 7 entry into its codes, in the order written.

    Codes may be written in either order ("7D" and "D7" are the same form).
    Raises ``ValueError`` with a plain message for anything that is not one or
    two known code characters.
    """
    cleaned = "".join(text.split()).upper().replace(",", "")
    if not cleaned:
        raise ValueError("box 7 is empty: enter the distribution code(s), e.g. 7 or G")
    if len(cleaned) > 2:
        raise ValueError(f"box 7 holds at most two codes, got {text!r}")
    unknown = [c for c in cleaned if c not in CODE_CHARS]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not a Form 1099-R distribution code")
    if len(cleaned) == 2 and cleaned[0] == cleaned[1]:
        raise ValueError(f"code {cleaned[0]} is written twice")
    return tuple(cleaned)
