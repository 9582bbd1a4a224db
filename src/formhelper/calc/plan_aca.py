"""The premium tax credit of one coverage year, Form 8962 Parts I and II (annual
totals, line 11), for the household planner.

Pure: the figures come in as :class:`formhelper.years.aca_params.AcaParams`
(``forms/<year>/aca.toml``).  One function per line, in form order, citing the
Instructions for Form 8962; amounts are whole dollars (``money.whole_dollars``).

The planner's simplifications (stated on every report, :data:`NOTES`): the whole year is
covered with the same premiums each month (line 10 "Yes": the annual line 11 is used),
no advance payments are reconciled (the credit figured is the year's whole credit,
however it is taken), no dependents' income (line 2b is 0), no policy shared with another
tax family (line 9 "No"), and the exceptions for household income below 100% of the
poverty line (estimated income at enrollment, lawfully present aliens) do not apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from formhelper.calc.plan_figures import indexed_amount, pct
from formhelper.money import ONE, ZERO, clamp0, rate, round_down_to, whole_dollars
from formhelper.years.aca_params import AcaParams, ApplicableTable, PovertyGuideline, Region

HUNDRED = Decimal(100)
#: Form 8962 line 5 for household income more than 400% of the poverty line (Worksheet 2:
#: "Enter 401 here and on line 5 of Form 8962").
OVER_400 = 401
#: Estimated poverty lines: the increase rounded down to a multiple of $10.
POVERTY_STEP = Decimal(10)


@dataclass(frozen=True)
class Form8962:
    """The lines of Form 8962 the planner fills (annual totals)."""

    line_1: int
    line_2a: Decimal
    line_3: Decimal
    line_4: Decimal
    line_5: int
    #: An applicable taxpayer (household income within the percentages of IRC 36B(c)(1)).
    eligible: bool
    line_7: Decimal
    line_8a: Decimal
    line_11a: Decimal
    line_11b: Decimal
    line_11d: Decimal
    line_11e: Decimal

    @property
    def line_24(self) -> Decimal:
        """Line 24, total premium tax credit: "Enter the amount from line 11(e)"."""
        return self.line_11e


def line_2a(agi: Decimal, tax_exempt_interest: Decimal, benefits: Decimal,
            taxable_benefits: Decimal) -> Decimal:
    """Line 2a, modified AGI (Worksheet 1-1): AGI (Form 1040 line 11), plus tax-exempt
    interest (line 2a), plus the Social Security not taxed (line 6a less line 6b); the
    planner has no excluded foreign income (Form 2555)."""
    # Worksheet 1-1 line 1: AGI; line 2: tax-exempt interest; line 3: Form 2555 (none);
    # line 4: "If line 6a is more than line 6b, subtract 6b from 6a"; line 5: add 1-4.
    return agi + tax_exempt_interest + clamp0(benefits - taxable_benefits)


def line_3(modified_agi: Decimal, dependents: Decimal = ZERO) -> Decimal:
    """Line 3, household income: "Add the amounts on lines 2a and 2b ... If the total is
    less than zero, enter -0-"."""
    return clamp0(modified_agi + dependents)


def line_4(family_size: int, region: Region, params: AcaParams) -> Decimal:
    """Line 4, federal poverty line: Table 1-1 (48 contiguous states and DC), 1-2
    (Alaska) or 1-3 (Hawaii) for the family size of line 1 — the poverty guidelines of the
    year before the coverage year, the amount for one person plus the amount for each
    additional person."""
    return params.poverty.of(region).amount(family_size)


def line_5(household_income: Decimal, poverty_line: Decimal) -> int:
    """Line 5 by Worksheet 2: more than 4.0 times line 4 is 401; otherwise line 3 over line
    4, "Do not round; instead, multiply this number by 100 ... and then drop any numbers
    after the decimal point" (0.9984 -> 99, 1.8565 -> 185, 3.997 -> 399)."""
    # Worksheet 2 line 3: "Multiply the amount on line 2 by 4.0"; line 4: "Is the amount on
    # line 1 more than the amount on line 3? Yes ... Enter 401".
    if household_income > poverty_line * 4:
        return OVER_400
    return int(round_down_to(household_income * HUNDRED / poverty_line, ONE))


def applicable_taxpayer(percent: int, table: ApplicableTable) -> bool:
    """IRC 36B(c)(1)(A): household income at least 100% of the poverty line and, in a year
    with the limit (2026: Rev. Proc. 2025-25; not 2021-2025, 36B(c)(1)(E)), not more than
    400% of it — line 5 of 401 is more."""
    if percent < table.least:
        return False
    return table.most is None or percent <= table.most


def line_7(percent: int, table: ApplicableTable) -> Decimal:
    """Line 7, the applicable figure (Table 2) for the line 5 percentage: within a band the
    figure rises in a straight line from its initial to its final percentage (Treas. Reg.
    1.36B-3(g)), rounded to four decimal places as Table 2 prints it (2025: 301 -> 0.0603)."""
    bands = table.bands
    n = max(i for i, b in enumerate(bands) if b.start <= percent)
    band = bands[n]
    if n + 1 == len(bands) or band.initial == band.final:
        return band.initial.quantize(Decimal("0.0001"))
    width = Decimal(bands[n + 1].start - band.start)
    rise = (band.final - band.initial) * (percent - band.start)
    return rate(band.initial * width + rise, width)


def line_8a(household_income: Decimal, figure: Decimal) -> Decimal:
    """Line 8a, annual contribution amount: "Multiply line 3 by line 7 and enter the result
    on line 8a, rounded to the nearest whole dollar amount"."""
    return whole_dollars(household_income * figure)


def line_11d(benchmark: Decimal, contribution: Decimal) -> Decimal:
    """Line 11(d), annual maximum premium assistance: "Subtract the amount in column (c)
    from the amount in column (b). If the result is zero or less, enter -0-"."""
    return clamp0(benchmark - contribution)


def line_11e(premiums: Decimal, assistance: Decimal) -> Decimal:
    """Line 11(e), annual premium tax credit allowed: "Enter the lesser of the amount in
    column (a) or the amount in column (d)"."""
    return min(premiums, assistance)


def form_8962(agi: Decimal, tax_exempt_interest: Decimal, benefits: Decimal,
              taxable_benefits: Decimal, family_size: int, region: Region,
              premiums: Decimal, benchmark: Decimal, params: AcaParams) -> Form8962:
    """Form 8962 for a year of Marketplace coverage: ``premiums`` is line 11(a) (Form
    1095-A line 33A, the plan bought), ``benchmark`` line 11(b) (line 33B, the second
    lowest cost silver plan).  Not an applicable taxpayer: no credit (line 24 is 0)."""
    l1 = family_size
    l2a = line_2a(agi, tax_exempt_interest, benefits, taxable_benefits)
    l3 = line_3(l2a)
    l4 = line_4(l1, region, params)
    l5 = line_5(l3, l4)
    eligible = applicable_taxpayer(l5, params.applicable)
    l7 = line_7(l5, params.applicable)
    l8a = line_8a(l3, l7)
    l11a, l11b = whole_dollars(premiums), whole_dollars(benchmark)
    l11d = line_11d(l11b, l8a)
    l11e = line_11e(l11a, l11d) if eligible else ZERO
    return Form8962(l1, l2a, l3, l4, l5, eligible, l7, l8a, l11a, l11b, l11d, l11e)


def cliff(family_size: int, region: Region, params: AcaParams) -> Decimal | None:
    """The most household income that keeps the credit in a year with an upper limit
    (``most`` percent of the line 4 poverty line: 400% for 2026); ``None`` without one."""
    most = params.applicable.most
    if most is None:
        return None
    return line_4(family_size, region, params) * most / HUNDRED


def floor(family_size: int, region: Region, params: AcaParams) -> Decimal:
    """The least household income with the credit: ``least`` percent (100%) of the line 4
    poverty line (IRC 36B(c)(1)(A))."""
    return line_4(family_size, region, params) * params.applicable.least / HUNDRED


def index_aca_params(base: AcaParams, year: int, inflation: Decimal) -> AcaParams:
    """Estimated figures for a coverage year not yet published: the poverty lines of
    ``base`` grown at ``inflation`` a year (each increase rounded down to $10), the
    applicable percentage table of ``base`` as it is."""
    count = year - base.tax_year
    if count <= 0:
        raise ValueError(f"{year} is not after {base.tax_year}")
    factor = (ONE + inflation) ** count
    note = (f"estimate: {base.tax_year} figures, poverty lines indexed {count} year(s) at "
            f"{pct(inflation)}% a year")

    def grown(g: PovertyGuideline) -> PovertyGuideline:
        return PovertyGuideline(first=indexed_amount(g.first, factor, POVERTY_STEP),
                                each_more=indexed_amount(g.each_more, factor, POVERTY_STEP))

    p = base.poverty
    poverty = p.model_copy(update={
        "source": f"{note}; from {p.source}", "verified": False,
        "guideline_year": p.guideline_year + count, "states_48": grown(p.states_48),
        "alaska": grown(p.alaska), "hawaii": grown(p.hawaii)})
    table = base.applicable.model_copy(update={
        "source": f"estimate: the {base.tax_year} table kept; from {base.applicable.source}",
        "verified": False})
    return AcaParams(tax_year=year, poverty=poverty, applicable=table)


#: How the credit is figured; stated on reports of plans with Marketplace coverage.
NOTES = (
    "ACA premium tax credit (Form 8962, annual totals on line 11): household income is "
    "AGI plus tax-exempt interest plus the Social Security not taxed (line 2a); line 5 is "
    "it as a percentage of the year before's poverty line for your family size (dropping "
    "the decimals; 401 above 400%); the credit is the smaller of the premium you pay and "
    "the benchmark (second lowest cost silver plan) less household income times the "
    "applicable figure, and none below 100% of the poverty line or, in a year with the "
    "cliff (2026 on), above 400%. Each year is taken as covered all 12 months, the credit "
    "as the year's whole credit however it is paid (advance payments are reconciled to "
    "it). A coverage year after the latest published figures keeps that year's "
    "applicable percentage table and grows its poverty lines at the assumed inflation "
    "(marked *).",
)
#: What the credit leaves out.
NOT_COUNTED = (
    "For the ACA credit: Medicaid or CHIP eligibility (below 138% of the poverty line in "
    "most states, you may be offered Medicaid instead), dependents' income, employer "
    "coverage offers, months partly covered, the self-employed health insurance "
    "deduction, and the exceptions below 100% of the poverty line.",
)
