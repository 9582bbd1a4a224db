"""The year's IRA contribution limit, and what is above it: an excess contribution.

Pub. 590-A, "How Much Can Be Contributed?": the most that can be contributed to all
traditional and Roth IRAs for the year is the smaller of the year's limit ($7,000 for
2025, $8,000 at 50 or older; IRC 219(b)(5)) or taxable compensation; "Nondeductible
Contributions": "contributions can be made to your IRA of up to the general limit ...
The difference between your total permitted contributions and your IRA deduction, if
any, is your nondeductible contribution."  "Excess Contributions": "Generally, an excess
contribution is the amount contributed to your traditional IRAs for the year that is more
than the smaller of" the limit or compensation; "The taxable compensation limit applies
whether your contributions are deductible or nondeductible."  Roth IRA contributions are
limited to the limit "reduced by all contributions for the year to all IRAs other than
Roth IRAs" (Pub. 590-A, "Can You Contribute to a Roth IRA?").

So Form 8606 line 1 ("If you didn't have any deductible contributions, you can make
nondeductible contributions up to your contribution limit. Enter on line 1 of Form 8606
your nondeductible contributions", Instructions for Form 8606, line 1) takes at most the
limit less the deducted contributions; the rest is an excess contribution, not basis
(its own 6% tax on Form 5329 Part III unless withdrawn by the due date).  Compensation is
not in the case: the dollar limit is the one applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from formhelper.calc.ages import reached, year_end
from formhelper.models import Person
from formhelper.money import clamp0
from formhelper.years.params import YearParams


@dataclass(frozen=True)
class Contributions:
    """One person's IRA contributions for the year against the year's limit."""

    #: The year's dollar limit for this person (with the age-50 catch-up).
    limit: Decimal
    #: Traditional IRA contributions, deducted or not, as the case gives them.
    traditional: Decimal
    #: The nondeductible part that fits under the limit: Form 8606 line 1.
    nondeductible_allowed: Decimal
    #: Traditional contributions above the limit: an excess contribution, not basis.
    traditional_excess: Decimal
    #: Roth IRA contributions above what the limit leaves after the traditional ones.
    roth_excess: Decimal
    #: No traditional contribution is allowed at this age (pre-2020 rule).
    over_age: bool = False


def contributions(person: Person, params: YearParams, tax_year: int) -> Contributions:
    """The limit (IRC 219(b)(5)(A), plus 219(b)(5)(B) at 50 or older by December 31) and
    the excess of one person's contributions for ``tax_year``."""
    limit = Decimal(params.ira.contribution_limit.value)
    if reached(person.date_of_birth, 50, 0, year_end(tax_year)):
        limit += Decimal(params.ira.catch_up_50.value)
    deducted = person.ira.deductible_contributions
    nondeductible = person.ira.nondeductible_contributions
    traditional = deducted + nondeductible
    # Before 2020 no traditional IRA contribution can be made for the year you reach 70½
    # or later (IRC 219(d)(1), repealed by the SECURE Act §107; the year's data says so).
    age_limit = params.ira.traditional_contribution_age
    over_age = age_limit is not None and reached(person.date_of_birth, age_limit.years,
                                                 age_limit.months, year_end(tax_year))
    traditional_excess = traditional if over_age else clamp0(traditional - limit)
    allowed = clamp0(nondeductible - traditional_excess)
    roth_room = clamp0(limit - (traditional - traditional_excess))
    roth_excess = clamp0(person.roth.contributions_this_year - roth_room)
    return Contributions(limit=limit, traditional=traditional,
                         nondeductible_allowed=allowed, traditional_excess=traditional_excess,
                         roth_excess=roth_excess, over_age=over_age)
