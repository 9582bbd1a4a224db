"""Pub. 590-B Worksheet 1-1, Figuring the Taxable Part of Your IRA Distribution.

Used instead of Form 8606 lines 6-12 when a person's traditional IRA
contributions for the year may be partly deductible and there were
distributions or conversions in the year.  The results go to Form 8606
lines 13 (line 8), 15a (line 11) and 18 (line 10).
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from formhelper.money import ZERO, ratio, whole_dollars


class Worksheet11(BaseModel):
    model_config = ConfigDict(frozen=True)

    line_1: Decimal
    line_2: Decimal
    line_3: Decimal
    line_4: Decimal
    line_5: Decimal
    line_6: Decimal
    line_7: Decimal
    line_8: Decimal
    line_9: Decimal
    line_10: Decimal
    line_11: Decimal


def worksheet_1_1(
    *,
    basis: Decimal,
    contributions: Decimal,
    year_end_value: Decimal,
    distributions: Decimal,
    conversions: Decimal,
) -> Worksheet11:
    """Worksheet 1-1, line by line (Pub. 590-B, chapter 1, "Figuring the
    Nontaxable and Taxable Amounts")."""
    # 1. Basis in traditional IRAs as of December 31 of the prior year (last 8606 line 14).
    line_1 = basis
    # 2. All traditional IRA contributions for the year, deductible or not, incl. those
    #    made from January 1 through April 15 of the next year.
    line_2 = contributions
    # 3. Add lines 1 and 2.
    line_3 = line_1 + line_2
    # 4. Value of all traditional IRAs on December 31, plus outstanding rollovers.
    line_4 = year_end_value
    # 5. Distributions during the year, including amounts converted to Roth IRAs
    #    (rollovers, QCDs and the like excluded).
    line_5 = distributions + conversions
    # 6. Add lines 4 and 5.
    line_6 = line_4 + line_5
    # 7. Divide line 3 by line 6; at least 3 places; 1.000 at most.
    line_7 = ratio(line_3, line_6) if line_6 > 0 else ZERO
    # 8. Nontaxable part of the distributions: line 5 x line 7 (-> Form 8606 line 13).
    line_8 = min(whole_dollars(line_5 * line_7), line_5)
    # 9. Taxable part: line 5 - line 8.
    line_9 = line_5 - line_8
    # 10. Taxable part of the amounts converted: line 9 x conversions / line 5
    #     (-> Form 8606 line 18).
    line_10 = whole_dollars(line_9 * conversions / line_5) if line_5 > 0 else ZERO
    # 11. Line 9 - line 10: taxable part of the other distributions (-> Form 8606 line 15a).
    line_11 = line_9 - line_10
    return Worksheet11(
        line_1=line_1, line_2=line_2, line_3=line_3, line_4=line_4, line_5=line_5,
        line_6=line_6, line_7=line_7, line_8=line_8, line_9=line_9, line_10=line_10,
        line_11=line_11,
    )
