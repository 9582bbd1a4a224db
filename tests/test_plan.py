"""``formhelper plan``: the staged Roth conversion planner.

Every expected figure is worked by hand below from the document named: the bracket
tops from the Rev. Procs. (2024: Rev. Proc. 2023-34 §3.01 Tables 1-4; 2025: Rev.
Proc. 2024-40 §2.01; 2026: Rev. Proc. 2025-32 §4.01), the standard deductions from
Rev. Proc. 2025-32 §4.14(1) and OBBBA §70102 (2025), the pro-rata rule from Form
8606 lines 6-18, the rounding of indexed figures from IRC 1(f)(7), and the tax from
Form 1040 line 16: the Tax Table below $100,000 (amounts as printed, or the rate
schedule's tax on the middle of the row, rounded: "row X-Y, mid M"), the Tax
Computation Worksheet ((a) x (b) - (d), the same as the rate schedule) at or above it.
"""

from __future__ import annotations

import builtins
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from formhelper.app.plan import figures_for
from formhelper.calc.plan import LIMITS, PlanInput, plan
from formhelper.calc.plan_figures import PlanError, YearFigures, index_figures
from formhelper.calc.tax import bracket_tax, line_16_tax, tax_table_row
from formhelper.cli import main
from formhelper.files.years import load, supported_years
from formhelper.models import FilingStatus

D = Decimal
RATES = ("0.10", "0.12", "0.22", "0.24", "0.32")

# Tops of the 10/12/22/24/32% brackets, typed from the Rev. Procs. (domain-spec §7.6).
# Table 1 is "Married Individuals Filing Joint Returns and Surviving Spouses", so the
# qualifying surviving spouse has the joint figures.
TOPS: dict[int, dict[str, tuple[int, ...]]] = {
    2024: {  # Rev. Proc. 2023-34 §3.01, Tables 1-4
        "single": (11600, 47150, 100525, 191950, 243725),
        "married_filing_jointly": (23200, 94300, 201050, 383900, 487450),
        "married_filing_separately": (11600, 47150, 100525, 191950, 243725),
        "head_of_household": (16550, 63100, 100500, 191950, 243700),
        "qualifying_surviving_spouse": (23200, 94300, 201050, 383900, 487450),
    },
    2025: {  # Rev. Proc. 2024-40 §2.01, Tables 1-4
        "single": (11925, 48475, 103350, 197300, 250525),
        "married_filing_jointly": (23850, 96950, 206700, 394600, 501050),
        "married_filing_separately": (11925, 48475, 103350, 197300, 250525),
        "head_of_household": (17000, 64850, 103350, 197300, 250500),
        "qualifying_surviving_spouse": (23850, 96950, 206700, 394600, 501050),
    },
    2026: {  # Rev. Proc. 2025-32 §4.01, Tables 1-4 (HOH 24% top $201,750)
        "single": (12400, 50400, 105700, 201775, 256225),
        "married_filing_jointly": (24800, 100800, 211400, 403550, 512450),
        "married_filing_separately": (12400, 50400, 105700, 201775, 256225),
        "head_of_household": (17700, 67450, 105700, 201750, 256200),
        "qualifying_surviving_spouse": (24800, 100800, 211400, 403550, 512450),
    },
}

EDGE_CASES = [
    (year, status, D(rate), top)
    for year, by_status in TOPS.items()
    for status, tops in by_status.items()
    for rate, top in zip(RATES, tops, strict=True)
]


def one_year(**fields: Any) -> Any:
    inputs = PlanInput(**fields)
    return plan(inputs, figures_for(inputs))


@pytest.mark.parametrize(("year", "status", "rate", "top"), EDGE_CASES,
                         ids=[f"{y}-{s}-{r}" for y, s, r, _ in EDGE_CASES])
def test_bracket_edges(year: int, status: str, rate: Decimal, top: int) -> None:
    """Income exactly at the top of the bracket leaves no room; a dollar below, $1."""
    at_top = one_year(tax_year=year, filing_status=status, taxable_income=D(top),
                      balance=D(600000), target_rate=rate).years[0]
    assert at_top.bracket_top == top
    assert (at_top.room, at_top.conversion, at_top.added_tax) == (0, 0, 0)
    below = one_year(tax_year=year, filing_status=status, taxable_income=D(top - 1),
                     balance=D(600000), target_rate=rate).years[0]
    assert (below.room, below.conversion, below.taxable) == (1, 1, 1)
    # One dollar at the target rate: 10 to 32 cents, rounded to whole dollars (0).
    assert below.marginal_rate == rate
    assert below.income_after == top


# ------------------------------------------------------------ Form 1040 line 16 tax

# Rows of the published Tax Tables: (at least, but less than, single, married filing
# jointly, married filing separately, head of household), as printed.
# 2025: Tax Table of the 2025 Instructions for Form 1040 / Publication 1040 (2025), read
#   in two transcriptions that agree: github.com/PolicyEngine/policybench
#   reference_audit/2026-10-10-tax-table/law/irs_tax_table_2025.csv (pdftotext of
#   https://www.irs.gov/pub/irs-prior/p1040--2025.pdf) and github.com/ustaxes/UsTaxes
#   src/forms/Y2025/tests/taxTable.csv.  25,300-25,350 married filing jointly is the
#   instructions' own example ("... The amount shown ... is $2,562").
# 2024: Tax Table of the 2024 Instructions for Form 1040
#   (https://www.irs.gov/pub/irs-prior/i1040gi--2024.pdf, PDF pp. 64-75) as transcribed
#   in github.com/ustaxes/UsTaxes src/forms/Y2024/tests/taxTable.csv; 25,300-25,350
#   (2,807 / 2,575 / 2,807 / 2,708), 11,600-11,650 and 3,000-3,050 are also quoted cell
#   by cell from that PDF in a public research note.
# Rows are picked at the bottom of the table, where the row width changes, and on each
# side of a bracket top that falls inside or at the edge of a row (2025: single 11,925
# and 48,475, married filing jointly 23,850 and 96,950, head of household 17,000 and
# 64,850; 2024: single 11,600 and 47,150, married filing jointly 94,300, head of
# household 16,550 and 63,100), and at the top of the table.
PUBLISHED_ROWS: dict[int, list[tuple[int, ...]]] = {
    2025: [
        (0, 5, 0, 0, 0, 0),
        (5, 15, 1, 1, 1, 1),
        (15, 25, 2, 2, 2, 2),
        (25, 50, 4, 4, 4, 4),
        (1000, 1025, 101, 101, 101, 101),
        (2975, 3000, 299, 299, 299, 299),
        (3000, 3050, 303, 303, 303, 303),
        (11900, 11950, 1193, 1193, 1193, 1193),
        (11950, 12000, 1199, 1198, 1199, 1198),
        (17000, 17050, 1805, 1703, 1805, 1703),
        (17050, 17100, 1811, 1708, 1811, 1709),
        (23850, 23900, 2627, 2388, 2627, 2525),
        (23900, 23950, 2633, 2394, 2633, 2531),
        (48450, 48500, 5579, 5340, 5579, 5477),
        (48500, 48550, 5590, 5346, 5590, 5483),
        (50000, 50050, 5920, 5526, 5920, 5663),
        (64800, 64850, 9176, 7302, 9176, 7439),
        (64850, 64900, 9187, 7308, 9187, 7448),
        (80000, 80050, 12520, 9126, 12520, 10781),
        (96900, 96950, 16238, 11154, 16238, 14499),
        (96950, 97000, 16249, 11163, 16249, 14510),
        (99950, 100000, 16909, 11823, 16909, 15170),
    ],
    2024: [
        (0, 5, 0, 0, 0, 0),
        (5, 15, 1, 1, 1, 1),
        (15, 25, 2, 2, 2, 2),
        (25, 50, 4, 4, 4, 4),
        (2975, 3000, 299, 299, 299, 299),
        (3000, 3050, 303, 303, 303, 303),
        (11600, 11650, 1163, 1163, 1163, 1163),
        (11650, 11700, 1169, 1168, 1169, 1168),
        (16550, 16600, 1757, 1658, 1757, 1658),
        (16600, 16650, 1763, 1663, 1763, 1664),
        (25300, 25350, 2807, 2575, 2807, 2708),
        (47100, 47150, 5423, 5191, 5423, 5324),
        (47150, 47200, 5432, 5197, 5432, 5330),
        (63050, 63100, 8930, 7105, 8930, 7238),
        (63100, 63150, 8941, 7111, 8941, 7247),
        (80000, 80050, 12659, 9139, 12659, 10965),
        (94250, 94300, 15794, 10849, 15794, 14100),
        (94300, 94350, 15805, 10858, 15805, 14111),
        (99950, 100000, 17048, 12101, 17048, 15354),
    ],
}
COLUMNS = ("single", "married_filing_jointly", "married_filing_separately",
           "head_of_household")
TABLE_CASES = [(year, row) for year, rows in PUBLISHED_ROWS.items() for row in rows]


@pytest.mark.parametrize(("year", "row"), TABLE_CASES,
                         ids=[f"{y}-{r[0]}" for y, r in TABLE_CASES])
def test_line_16_tax_is_the_published_tax_table_row(year: int, row: tuple[int, ...]) -> None:
    """Every amount of the row, looked up at its first and last whole dollar (and its last
    cent); the qualifying surviving spouse reads the married-filing-jointly column ("This
    column must also be used by a qualifying surviving spouse")."""
    at_least, less_than, *printed = row
    figures = YearFigures.published(load(year))
    columns = [*COLUMNS, "qualifying_surviving_spouse"]
    expected = [*printed, printed[1]]
    for status, amount in zip(columns, expected, strict=True):
        brackets = figures.table(FilingStatus(status))
        for income in (D(at_least), D(less_than - 1), D(less_than) - D("0.01")):
            assert line_16_tax(income, brackets, figures.tax_table) == amount, (status, income)


def test_tax_table_rows_and_their_edges() -> None:
    """Rows 0-5, 5-15, 15-25, then $25 rows to 3,000 and $50 rows to 100,000 (the 2025
    table, first and last rows above; forms/2025/params.toml)."""
    table = load(2025).tax_table
    got = {x: tax_table_row(D(x), table) for x in (0, 4, 5, 14, 15, 24, 25, 49, 50, 2999,
                                                    3000, 3049, 3050, 99999)}
    assert got == {0: (0, 5), 4: (0, 5), 5: (5, 15), 14: (5, 15), 15: (15, 25),
                   24: (15, 25), 25: (25, 50), 49: (25, 50), 50: (50, 75),
                   2999: (2975, 3000), 3000: (3000, 3050), 3049: (3000, 3050),
                   3050: (3050, 3100), 99999: (99950, 100000)}
    for outside in (D(100000), D(-1)):
        with pytest.raises(PlanError):
            tax_table_row(outside, table)


@pytest.mark.parametrize(("year", "status", "table_99999", "worksheet_100000"), [
    # 2025 Tax Computation Worksheet (Instructions for Form 1040 (2025), p. 80, as
    # transcribed in a public test suite), first row of each section: x 22% less 5,086
    # (A, single), 10,172 (B, joint), 5,086 (C, separate), 6,825 (D, head of household);
    # single: 1,192.50 + 4,386 + 22% x 51,525 = 16,914 by Rev. Proc. 2024-40 Table 3 too.
    (2025, "single", 16909, 22000 - 5086),
    (2025, "married_filing_jointly", 11823, 22000 - 10172),
    (2025, "married_filing_separately", 16909, 22000 - 5086),
    (2025, "head_of_household", 15170, 22000 - 6825),
    # 2024 worksheet (PDF p. 76 of the 2024 instructions, as quoted): 22% less 4,947
    # (single), 9,894 (joint), 6,641 (head of household).
    (2024, "single", 17048, 22000 - 4947),
    (2024, "married_filing_jointly", 12101, 22000 - 9894),
    (2024, "head_of_household", 15354, 22000 - 6641),
])
def test_tax_table_below_100000_worksheet_from_100000(
        year: int, status: str, table_99999: int, worksheet_100000: int) -> None:
    """Instructions for Form 1040, line 16: "If your taxable income is less than
    $100,000, you must use the Tax Table ... If your taxable income is $100,000 or more,
    use the Tax Computation Worksheet".  99,999 is the printed 99,950-100,000 row; the
    rate schedule there would be the tax on 99,999 itself (2025 single: 16,913.78), not
    the table's 16,909."""
    figures = YearFigures.published(load(year))
    brackets = figures.table(FilingStatus(status))
    assert figures.tax_table.ceiling.value == 100000
    assert line_16_tax(D(99999), brackets, figures.tax_table) == table_99999
    assert line_16_tax(D(100000), brackets, figures.tax_table) == worksheet_100000
    assert line_16_tax(D(100000), brackets, figures.tax_table) == bracket_tax(
        D(100000), brackets)
    if (year, status) == (2025, "single"):
        assert bracket_tax(D(99999), brackets) == D("16913.78")


def test_added_tax_is_the_difference_of_two_tax_table_rows() -> None:
    """2025 head of household, taxable income $50,000, fill the 12% bracket (top 64,850,
    Rev. Proc. 2024-40 Table 2), $30,000 in IRAs, no basis.

    Room 64,850 - 50,000 = 14,850, all converted and taxable.  Tax: 2025 Tax Table,
    head of household column, as printed: row 50,000-50,050, 5,663; row 64,850-64,900,
    7,448.  Added 7,448 - 5,663 = 1,785; average 1,785 / 14,850 = 0.120202 -> 0.1202.
    By the rate schedule the added tax was 12% x 14,850 = 1,782: the row before is taxed
    on 50,025 (3.00 more), the row after on 64,875, $25 of it at 22% (5.50 more, 6 after
    rounding).  The marginal rate is still the schedule's 12% at 64,850.
    """
    row = one_year(tax_year=2025, filing_status="head_of_household",
                   taxable_income=D(50000), balance=D(30000), target_rate=D("0.12")).years[0]
    assert (row.room, row.conversion, row.taxable, row.income_after) == (
        14850, 14850, 14850, 64850)
    assert (row.tax_before, row.tax_after, row.added_tax) == (5663, 7448, 1785)
    assert (row.marginal_rate, row.average_rate) == (D("0.12"), D("0.1202"))


def test_pro_rata_gross_up_worked_by_hand() -> None:
    """2025, single, taxable income $80,000, fill the 22% bracket; $100,000 in IRAs with
    $20,000 basis.

    Room: 103,350 (Rev. Proc. 2024-40 Table 3 22% top) - 80,000 = 23,350.
    Line 10 = 20,000 / 100,000 = 0.20000; room / (1 - 0.2) = 29,187.50.
    29,188: line 11 = 29,188 x 0.2 = 5,837.60 -> 5,838 (whole dollars, half up); line 18 =
    29,188 - 5,838 = 23,350 = room.  29,189: 5,837.80 -> 5,838, line 18 23,351 > room.
    So the gross conversion is 29,188, a dollar above the unrounded formula.
    Tax (Form 1040 line 16).  Before, 80,000 < 100,000: the Tax Table, 2025 row
    80,000-80,050, single column: 12,520 as printed (mid 80,025: 1,192.50 + 4,386 +
    22% x 31,550 = 12,519.50 -> 12,520).  After, 103,350 >= 100,000: the Tax Computation
    Worksheet, Section A row "Over $100,000 but not over $103,350": 103,350 x 22% -
    5,086 = 17,651.  Added 17,651 - 12,520 = 5,131.
    (Before this test followed line 16, both were the rate schedule: 12,514 before, the
    same 17,651 after, added 5,137 = 23,350 x 22%.  The table's 12,520 is the tax on the
    row's middle, $25 above 80,000: 5.50 more, so $6 less added.)
    Average on the gross: 5,131 / 29,188 = 0.17579... -> 0.1758.
    Basis left (line 14) = 20,000 - 5,838 = 14,162.
    """
    row = one_year(tax_year=2025, filing_status="single", taxable_income=D(80000),
                   balance=D(100000), basis=D(20000), target_rate=D("0.22")).years[0]
    assert row.room == 23350
    assert row.nontaxable_fraction == D("0.20000")
    assert (row.conversion, row.nontaxable, row.taxable) == (29188, 5838, 23350)
    assert (row.tax_before, row.tax_after, row.added_tax) == (12520, 17651, 5131)
    assert row.marginal_rate == D("0.22")
    assert row.average_rate == D("0.1758")
    assert (row.balance_after, row.basis_after) == (100000 - 29188, 14162)


def test_added_tax_across_three_brackets() -> None:
    """2025, single, taxable income $40,000, fill the 24% bracket, no basis.

    Room 197,300 - 40,000 = 157,300, all taxable (no basis).
    Before, 40,000: Tax Table 2025 row 40,000-40,050, single, mid 40,025: 1,192.50 +
    12% x 28,100 = 4,564.50 -> 4,565.  After, 197,300: Tax Computation Worksheet Section
    A "Over $103,350 but not over $197,300": 197,300 x 24% - 7,153 = 40,199 (= 1,192.50 +
    4,386 + 12,072.50 + 22,548 by Rev. Proc. 2024-40 Table 3).  Added 40,199 - 4,565 =
    35,634.
    (By the rate schedule alone the tax before was 4,561.50 and the added tax 12% x
    8,475 + 22% x 54,875 + 24% x 93,950 = 35,637.50 -> 35,638; the table charges 3.00
    more on the middle of the row, so 35,634, rounded once more.)
    Average 35,634 / 157,300 = 0.22653... -> 0.2265; marginal 24%.
    """
    row = one_year(tax_year=2025, filing_status="single", taxable_income=D(40000),
                   balance=D(1000000), target_rate=D("0.24")).years[0]
    assert (row.conversion, row.taxable) == (157300, 157300)
    assert (row.tax_before, row.tax_after, row.added_tax) == (4565, 40199, 35634)
    assert (row.marginal_rate, row.average_rate) == (D("0.24"), D("0.2265"))


def test_unused_standard_deduction_adds_room() -> None:
    """2025, single, wages $10,000, fill the 10% bracket.

    Standard deduction $15,750 (OBBBA §70102; Rev. Proc. 2025-32 §2.08): income less
    deduction = -5,750, so taxable income before is 0 and the room is 11,925 + 5,750 =
    17,675.  Tax before: Tax Table row 0-5, 0.  After, 11,925: row 11,900-11,950, single,
    printed 1,193 (mid 11,925: 10% x 11,925 = 1,192.50 -> 1,193).  Added 1,193.
    """
    row = one_year(tax_year=2025, filing_status="single", wages=D(10000),
                   balance=D(50000), target_rate=D("0.10")).years[0]
    assert (row.deduction, row.income_before, row.room) == (15750, 0, 17675)
    assert (row.conversion, row.income_after, row.added_tax) == (17675, 11925, 1193)
    assert (row.tax_before, row.tax_after) == (0, 1193)


def test_three_year_schedule_worked_by_hand() -> None:
    """Married filing jointly, taxable income $50,000 a year, fill the 12% bracket,
    $200,000 in IRAs with $20,000 basis, 10% growth, 2024-2026 (published figures).

    2024: top 94,300 (Rev. Proc. 2023-34 Table 1); room 44,300; line 10 = 20,000 /
      200,000 = 0.10000; 44,300 / 0.9 = 49,222.2.  49,222 x 0.1 = 4,922.2 -> 4,922, line
      18 = 44,300 (49,223 would give 44,301).  Tax (2024 Tax Table, married filing
      jointly): before, row 50,000-50,050, mid 50,025: 2,320 + 12% x 26,825 = 5,539;
      after, row 94,300-94,350, printed 10,858 (mid 94,325: 2,320 + 8,532 + 22% x 25 =
      10,857.50 -> 10,858).  Added 5,319; average 5,319 / 49,222 = 0.10806 -> 0.1081.
      Left 150,778; basis 20,000 - 4,922 = 15,078.
      Next balance 150,778 x 1.1 = 165,855.8 -> 165,856.
    2025: top 96,950 (Rev. Proc. 2024-40 Table 1); room 46,950; line 10 = 15,078 /
      165,856 = 0.0909102 -> 0.09091; 46,950 / 0.90909 = 51,645.05.  51,645 x 0.09091 =
      4,695.05 -> 4,695, line 18 = 46,950 (51,646 -> 4,695.14 -> 4,695 -> 46,951).  Tax
      (2025 Tax Table, married filing jointly, as printed): before, row 50,000-50,050,
      5,526; after, row 96,950-97,000, 11,163.  Added 5,637; average 5,637 / 51,645 =
      0.10915 -> 0.1091.  Left 114,211; basis 15,078 - 4,695 = 10,383.
      Next balance 114,211 x 1.1 = 125,632.1 -> 125,632.
    2026: top 100,800 (Rev. Proc. 2025-32 Table 1); room 50,800; line 10 = 10,383 /
      125,632 = 0.0826461 -> 0.08265; 50,800 / 0.91735 = 55,376.9.  55,377 x 0.08265 =
      4,576.91 -> 4,577, line 18 = 50,800 (55,378 -> 4,576.99 -> 4,577 -> 50,801).  Tax:
      before, Tax Table row 50,000-50,050, mid 50,025: 2,480 + 12% x 25,225 = 5,507;
      after, 100,800 >= 100,000, Tax Computation Worksheet: 2,480 + 12% x 76,000 =
      11,600.  Added 6,093; average 6,093 / 55,377 = 0.11003 -> 0.1100.  Left 70,255;
      basis 10,383 - 4,577 = 5,806; after growth 70,255 x 1.1 = 77,280.5 -> 77,281.
    Totals: converted 156,244; taxable 142,050; tax 17,049.
    (By the rate schedule alone the added tax was 12% of line 18 each year: 5,316,
    5,634 and 6,096, total 17,046.  Each year's row before is taxed on 50,025, 3.00
    more at 12%.  Filling the 12% bracket exactly puts 2024's and 2025's income after
    at the bottom of a row whose middle is $25 into the 22% bracket: 5.50 more, 6 after
    rounding; 2026's is on the worksheet, unchanged.  Net +3, +3, -3.)
    """
    result = one_year(tax_year=2024, filing_status="married_filing_jointly",
                      taxable_income=D(50000), balance=D(200000), basis=D(20000),
                      target_rate=D("0.12"), years=3, growth=D("0.10"))
    got = [(r.tax_year, r.bracket_top, r.room, r.balance, r.basis, r.nontaxable_fraction,
            r.conversion, r.nontaxable, r.taxable, r.added_tax, r.average_rate,
            r.balance_after, r.basis_after) for r in result.years]
    assert got == [
        (2024, 94300, 44300, 200000, 20000, D("0.10000"), 49222, 4922, 44300, 5319,
         D("0.1081"), 150778, 15078),
        (2025, 96950, 46950, 165856, 15078, D("0.09091"), 51645, 4695, 46950, 5637,
         D("0.1091"), 114211, 10383),
        (2026, 100800, 50800, 125632, 10383, D("0.08265"), 55377, 4577, 50800, 6093,
         D("0.1100"), 70255, 5806),
    ]
    assert [(r.tax_before, r.tax_after) for r in result.years] == [
        (5539, 10858), (5526, 11163), (5507, 11600)]
    assert all(r.marginal_rate == D("0.12") and not r.estimated for r in result.years)
    assert (result.total_converted, result.total_taxable, result.total_added_tax) == (
        156244, 142050, 17049)
    assert (result.balance_left, result.basis_left) == (77281, 5806)
    assert result.estimated_years == ()


def test_plan_takes_year_params_as_they_are() -> None:
    """The wizard may pass ``years.load(year)`` directly: same plan as ``figures_for``."""
    inputs = PlanInput(tax_year=2024, filing_status="married_filing_jointly",
                       taxable_income=D(50000), balance=D(200000), basis=D(20000),
                       target_rate=D("0.12"), years=3, growth=D("0.10"))
    direct = plan(inputs, {year: load(year) for year in supported_years()})
    assert direct == plan(inputs, figures_for(inputs))
    assert direct.years[0].conversion == 49222  # worked in the three-year test above


def test_schedule_stops_once_everything_is_converted() -> None:
    """2026 single, taxable income $50,000, fill 22% (top 105,700): room 55,700 a year.
    $100,000, no basis, no growth: 2026 converts 55,700, 2027 the other 44,300 (2027's
    estimated 22% top: 105,700 + 2,642.50 rounded down to $50 = 108,300, room 58,300),
    and no 2028 row although 5 years were asked."""
    result = one_year(tax_year=2026, filing_status="single", taxable_income=D(50000),
                      balance=D(100000), target_rate=D("0.22"), years=5, growth=D(0))
    assert [(r.tax_year, r.room, r.conversion) for r in result.years] == [
        (2026, 55700, 55700), (2027, 58300, 44300)]
    assert result.balance_left == 0


def test_basis_equal_to_balance_is_all_nontaxable() -> None:
    """Line 10 = 1.000 when the basis is the whole balance: the whole balance converts
    tax free even with no room (income above the bracket); line 14 basis left = 0."""
    row = one_year(tax_year=2025, filing_status="single", taxable_income=D(300000),
                   balance=D(7000), basis=D(7000), target_rate=D("0.12")).years[0]
    assert row.room == 0
    assert (row.conversion, row.nontaxable, row.taxable, row.added_tax) == (7000, 7000, 0, 0)
    assert (row.marginal_rate, row.average_rate, row.basis_after) == (None, D(0), 0)


def test_indexed_years_round_increases_down_as_irc_1f7() -> None:
    """2027 and 2028 from the 2026 figures at 2.5% inflation.

    IRC 1(f)(7)(A): increases rounded down to a multiple of $50; (B): $25 for married
    filing separately, except the standard deduction (63(c)(4)).
    Single 24% top 201,775 (Rev. Proc. 2025-32 Table 3): 2027 increase 201,775 x 0.025 =
      5,044.375 -> 5,000 -> 206,775; 2028 increase 201,775 x 0.050625 = 10,214.86 ->
      10,200 -> 211,975.
    MFS 24% top 201,775: 2027 increase 5,044.375 -> 5,025 ($25) -> 206,800.
    Standard deduction 16,100 (Rev. Proc. 2025-32 §4.14(1)): 2027 increase 402.50 -> 400
      -> 16,500 for single and for MFS ($50 for both).
    """
    base = YearFigures.published(load(2026))
    y2027 = index_figures(base, 2027, D("0.025"))
    y2028 = index_figures(base, 2028, D("0.025"))
    single = FilingStatus.SINGLE
    mfs = FilingStatus.MARRIED_FILING_SEPARATELY
    assert y2027.table(single)[3].upper == 206775
    assert y2028.table(single)[3].upper == 211975
    assert y2027.table(mfs)[3].upper == 206800
    assert (y2027.standard(single), y2027.standard(mfs)) == (16500, 16500)
    assert y2027.estimated and y2027.table(single)[-1].upper is None
    assert "estimate" in y2027.brackets.source
    # No inflation, no change.
    same = index_figures(base, 2027, D(0))
    assert same.table(single) == base.table(single)
    # The Tax Table of a year not yet published: 2026's ceiling and rows, marked assumed.
    assert y2027.tax_table.ceiling.value == base.tax_table.ceiling.value == 100000
    assert [(r.at_least, r.width) for r in y2027.tax_table.rows] == [
        (r.at_least, r.width) for r in base.tax_table.rows]
    assert not y2027.tax_table.ceiling.verified
    assert all("assumed" in r.source and not r.verified for r in y2027.tax_table.rows)


def test_plan_says_which_years_are_estimated() -> None:
    result = one_year(tax_year=2026, filing_status="single", taxable_income=D(50000),
                      balance=D(1000000), target_rate=D("0.12"), years=2,
                      inflation=D("0.03"))
    assert [r.estimated for r in result.years] == [False, True]
    assert result.estimated_years == (2027,)
    note = [a for a in result.assumptions if a.startswith("ESTIMATED")]
    assert note and "2027" in note[0] and "3%" in note[0] and "1(f)(7)" in note[0]


def test_plan_does_no_io(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = PlanInput(tax_year=2025, filing_status="single", wages=D(90000),
                       balance=D(100000), basis=D(5000), target_rate=D("0.24"), years=4)
    figures = figures_for(inputs)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the planner opened a file")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(io, "open", refuse)
    assert plan(inputs, figures).years


def test_planner_core_imports_no_ui_pdf_or_template_library() -> None:
    code = ("import sys, formhelper.calc.plan\n"
            "print([m for m in ('textual', 'pypdf', 'reportlab', 'jinja2') "
            "if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


# ------------------------------------------------------------------------- command line

ARGS = ["plan", "--year", "2026", "--filing-status", "single", "--wages", "90000",
        "--balance", "300000", "--basis", "30000", "--bracket", "24", "--years", "3"]


def test_cli_text_states_the_limits_and_fits_80_columns(
        capsys: pytest.CaptureFixture[str]) -> None:
    """2026 single, wages 90,000 less the 16,100 standard deduction = 73,900 taxable;
    room to the 24% top 201,775 = 127,875; line 10 = 30,000 / 300,000 = 0.1;
    127,875 / 0.9 = 142,083.3 -> 142,083 (x 0.1 = 14,208.3 -> 14,208; 142,083 - 14,208 =
    127,875)."""
    assert main(ARGS) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "142,083" in out and "127,875" in out
    for limit in LIMITS:
        assert " ".join(limit.split()[:3]) in " ".join(out.split())
    for word in ("state", "IRMAA", "Social Security", "NIIT", "capital-gain",
                 "deductions or credits"):
        assert word in out
    assert "ESTIMATED brackets for 2027, 2028" in " ".join(out.split())
    assert "2027*" in out and "|" in out
    # The tax is line 16's: the Tax Table below $100,000 (no longer "not the Tax Table").
    words = " ".join(out.split())
    assert "below $100,000 it is the Tax Table's" in words
    assert "Tax Computation Worksheet" in words and "not the Tax Table" not in words


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ARGS, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["years"][0]
    assert (first["tax_year"], first["conversion"], first["taxable"]) == (2026, 142083, 127875)
    assert first["marginal_rate"] == 0.24 and first["estimated"] is False
    assert [y["tax_year"] for y in data["years"]] == [2026, 2027, 2028]
    assert data["estimated_years"] == [2027, 2028]
    assert len(data["limits"]) == len(LIMITS)
    assert data["inputs"]["filing_status"] == "single"


def test_cli_pdf_written_and_not_overwritten_without_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "plan.pdf"
    assert main([*ARGS, "--pdf", str(pdf)]) == 0
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    for year in ("2026", "2027", "2028"):
        assert year in text
    assert "IRMAA" in text and "142,083" in text
    first = pdf.read_bytes()
    capsys.readouterr()
    # Different plan, same file: refused, the file untouched.
    other = [*ARGS[:-1], "2", "--pdf", str(pdf)]
    assert main(other) == 1
    err = capsys.readouterr().err
    assert "--pdf" in err and "--force" in err
    assert pdf.read_bytes() == first
    assert main([*other, "--force"]) == 0
    assert pdf.read_bytes() != first
    assert "2028" not in " ".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.mark.parametrize(("change", "option", "words"), [
    (["--balance", "-5"], "--balance", "more than 0"),
    (["--basis", "400000"], "--basis", "more than the balance"),
    (["--bracket", "15"], "--bracket", "10, 12, 22, 24, 32"),
    (["--basis", "-1"], "--basis", "negative"),
    (["--growth", "abc"], "--growth", "not a number"),
    (["--years", "0"], "--years", "greater than or equal to 1"),
    (["--year", "2018"], "--year", "not supported"),
    (["--taxable-income", "50000"], "--taxable-income", "not both"),
    (["--inflation", "40"], "--inflation", "outside"),
])
def test_cli_bad_input_names_the_option(change: list[str], option: str, words: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    args = list(ARGS)
    if change[0] in args:
        args[args.index(change[0]) + 1] = change[1]
    else:
        args += change
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {option}") and words in err
    assert "Traceback" not in err


def test_cli_income_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["plan", "--year", "2026", "--filing-status", "single", "--balance", "1000",
            "--bracket", "12"]
    assert main(args) == 1
    assert "--taxable-income" in capsys.readouterr().err


def test_cli_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as stop:
        main(["plan", "--year", "2026", "--filing-status", "widowed", "--balance", "1",
              "--bracket", "12", "--wages", "1"])
    assert stop.value.code == 2


def test_help_lists_plan_and_loads_no_heavy_library() -> None:
    code = ("import sys, contextlib, io\nfrom formhelper.cli import main\n"
            "buf = io.StringIO()\n"
            "with contextlib.redirect_stdout(buf):\n    main([])\n"
            "assert 'plan' in buf.getvalue()\n"
            "print([m for m in ('textual', 'pypdf', 'reportlab', 'jinja2', "
            "'formhelper.calc.plan') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_cli_says_when_a_year_has_no_room(capsys: pytest.CaptureFixture[str]) -> None:
    """2025 single, taxable income 120,000 is above the 22% top 103,350: nothing fits."""
    assert main(["plan", "--year", "2025", "--filing-status", "single", "--taxable-income",
                 "120000", "--balance", "50000", "--bracket", "22"]) == 0
    out = capsys.readouterr().out
    assert "No room in 2025" in out
    assert "Left in traditional IRAs after the 2025 conversion, grown to 2026: $52,500" in out


def test_readme_example_is_what_the_command_prints(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    block = readme.split("## Plan staged conversions", 1)[1].split("```", 2)[1]
    shown = block.splitlines()[3:]
    shown = shown[:shown.index("...assumptions and limits follow...")]
    assert main(["plan", "--year", "2025", "--filing-status", "single", "--taxable-income",
                 "80000", "--balance", "100000", "--basis", "20000", "--bracket", "22",
                 "--years", "3"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[:len(shown)] == shown
