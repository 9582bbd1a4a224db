"""Form 8606 line rules, one test per rule, figures worked by hand from the form's text.

Sources: 2025 Form 8606 (face text of each line, quoted in calc/f8606.py),
domain-spec §9 test vectors T1-T6 (hand-computed from the same text) and the
Pub. 590-B ordering rules.  Each test shows its arithmetic.
"""

from __future__ import annotations

from decimal import Decimal as D

from formhelper.calc.f8606 import F8606Inputs, compute
from formhelper.calc.roth import Layer, roth_ordering
from formhelper.models import RothLayerKind


def lines_of(**kwargs: object) -> dict[str, object]:
    result, _findings = compute(F8606Inputs(tax_year=2025, **kwargs))  # type: ignore[arg-type]
    return {k: v for k, v in result.lines().items() if v is not None}


def test_backdoor_roth_clean_t1() -> None:
    # T1: $7,000 nondeductible contribution, converted with $10 of earnings.
    # Line 9 = 0 + 0 + 7,010; line 10 = 7,000 / 7,010 = 0.998573... -> 0.99857;
    # line 11 = 7,010 x 0.99857 = 6,999.98 -> 7,000; line 18 = 7,010 - 7,000 = 10.
    got = lines_of(nondeductible_contributions=D(7000), conversions=D(7010))
    assert got == {
        "line_1": 7000, "line_2": 0, "line_3": 7000, "line_4": 0, "line_5": 7000,
        "line_6": 0, "line_7": 0, "line_8": 7010, "line_9": 7010, "line_10": D("0.99857"),
        "line_11": 7000, "line_12": 0, "line_13": 7000, "line_14": 0, "line_15a": 0,
        "line_15c": 0, "line_16": 7010, "line_17": 7000, "line_18": 10,
    }


def test_pro_rata_conversion_t2() -> None:
    # T2: basis 7,000 on line 2; other IRAs 93,000 at year end; 7,000 converted.
    # Line 9 = 100,000; line 10 = 0.07; line 11 = 490; line 14 = 7,000 - 490 = 6,510;
    # line 18 = 7,000 - 490 = 6,510.
    got = lines_of(prior_basis=D(7000), year_end_value=D(93000), conversions=D(7000))
    assert (got["line_9"], got["line_10"], got["line_11"]) == (100000, D("0.07"), 490)
    assert (got["line_14"], got["line_17"], got["line_18"]) == (6510, 490, 6510)


def test_distribution_and_conversion_share_one_fraction_t3() -> None:
    # T3: basis 10,000; year-end 80,000; distribution 5,000; conversion 15,000.
    # Line 9 = 100,000; line 10 = 0.1; line 11 = 1,500; line 12 = 500; line 13 = 2,000;
    # line 14 = 8,000; line 15a = 15c = 4,500; line 18 = 13,500.
    got = lines_of(prior_basis=D(10000), year_end_value=D(80000), distributions=D(5000),
                   conversions=D(15000))
    assert got["line_10"] == D("0.1")
    assert (got["line_11"], got["line_12"], got["line_13"], got["line_14"]) == (
        1500, 500, 2000, 8000)
    assert (got["line_15a"], got["line_15c"], got["line_18"]) == (4500, 4500, 13500)


def test_line_4_contributions_made_next_year_leave_the_fraction_t4() -> None:
    # T4: 7,000 for 2025 made in March 2026 (line 4), basis 3,000, year-end 90,000,
    # distribution 10,000. Line 3 = 10,000; line 5 = 3,000; line 9 = 100,000;
    # line 10 = 0.03; line 12 = 300; line 14 = 10,000 - 300 = 9,700; line 15c = 9,700.
    got = lines_of(nondeductible_contributions=D(7000), contributions_made_next_year=D(7000),
                   prior_basis=D(3000), year_end_value=D(90000), distributions=D(10000))
    assert (got["line_3"], got["line_4"], got["line_5"]) == (10000, 7000, 3000)
    assert (got["line_10"], got["line_12"], got["line_13"]) == (D("0.03"), 300, 300)
    assert (got["line_14"], got["line_15c"]) == (9700, 9700)


def test_no_distribution_branch_goes_to_line_14_t5() -> None:
    # T5, Form 8606 line 3 branch "No": "Enter the amount from line 3 on line 14. Do not
    # complete the rest of Part I." 7,000 + 4,000 = 11,000.
    got = lines_of(nondeductible_contributions=D(7000), prior_basis=D(4000))
    assert got == {"line_1": 7000, "line_2": 4000, "line_3": 11000, "line_14": 11000}


def test_line_10_is_capped_at_one() -> None:
    # Basis 12,000 but only 10,000 left in IRAs, all converted: 12,000 / 10,000 = 1.2 ->
    # "If the result is 1.000 or more, enter 1.000". Line 11 = 10,000; line 14 = 2,000.
    got = lines_of(prior_basis=D(12000), conversions=D(10000))
    assert got["line_10"] == 1
    assert (got["line_11"], got["line_14"], got["line_18"]) == (10000, 2000, 0)


def test_rounding_guard_keeps_line_14_from_going_negative() -> None:
    # Rounding each of lines 11 and 12 to whole dollars can push their sum past line 5.
    # Line 5 = 1, line 7 = 1, line 8 = 1, line 6 = 0: line 9 = 2, line 10 = 0.5;
    # line 11 = 0.5 -> 1 and line 12 = 0.5 -> 1 would make line 13 = 2 > line 5 and
    # line 14 = -1. The guard cuts line 12 to 0 and says so.
    result, findings = compute(F8606Inputs(
        tax_year=2025, prior_basis=D(1), distributions=D(1), conversions=D(1)))
    assert (result.line_11, result.line_12, result.line_13, result.line_14) == (1, 0, 1, 0)
    assert [f.id for f in findings] == ["f8606-rounding-guard"]


def test_line_6_includes_outstanding_rollovers() -> None:
    # Line 6: "value of all your traditional IRAs as of December 31 ... plus any outstanding
    # rollovers": 40,000 + 10,000 = 50,000.
    got = lines_of(prior_basis=D(5000), year_end_value=D(40000), outstanding_rollovers=D(10000),
                   conversions=D(50000))
    assert got["line_6"] == 50000
    assert got["line_10"] == D("0.05")


def test_conversion_without_basis_is_part_ii_only() -> None:
    # No basis and no nondeductible contribution: Part I does not apply (its three
    # conditions all need nondeductible contributions). Line 16 = net converted, line 17 =
    # basis in it = 0, line 18 = 20,000 (domain-spec §5.8, first row).
    got = lines_of(conversions=D(20000), distributions=D(5000))
    assert got == {"line_16": 20000, "line_17": 0, "line_18": 20000}


def test_distribution_without_basis_needs_no_form() -> None:
    result, _ = compute(F8606Inputs(tax_year=2025, distributions=D(5000)))
    assert not result.required


def test_part_iii_t6_reaches_conversion_layers() -> None:
    # T6: nonqualified Roth distribution 40,000; contribution basis 20,000; layers
    # 2021 taxable 15,000 and 2023 taxable 10,000 (line 24 = 25,000).
    # Line 21 = 40,000; line 23 = 20,000; line 25a = max(0, 20,000 - 25,000) = 0.
    result, _ = compute(F8606Inputs(
        tax_year=2025, roth_distributions=D(40000), roth_contribution_basis=D(20000),
        roth_layers=(Layer(2021, RothLayerKind.CONVERSION, D(15000), D(0)),
                     Layer(2023, RothLayerKind.CONVERSION, D(10000), D(0)))))
    got = {k: v for k, v in result.lines().items() if v is not None}
    assert got == {"line_19": 40000, "line_21": 40000, "line_22": 20000, "line_23": 20000,
                   "line_24": 25000, "line_25a": 0}
    # Ordering: 20,000 contributions, 15,000 from the 2021 layer, 5,000 from 2023.
    assert [(s.year, s.amount) for s in result.roth_ordering] == [
        (None, 20000), (2021, 15000), (2023, 5000)]
    assert result.taxable_to_line_4b == 0


def test_part_iii_earnings_are_taxable_on_line_25c() -> None:
    # Line 19 = 12,000; line 22 = 5,000 -> line 23 = 7,000; line 24 = 4,000 -> line 25a =
    # 3,000 = line 25c (line 25b blank).
    result, _ = compute(F8606Inputs(
        tax_year=2025, roth_distributions=D(12000), roth_contribution_basis=D(5000),
        roth_layers=(Layer(2019, RothLayerKind.CONVERSION, D(3000), D(1000)),)))
    assert (result.line_23, result.line_24, result.line_25a, result.line_25c) == (
        7000, 4000, 3000, 3000)
    assert result.taxable_to_line_4b == 3000
    assert result.roth_ordering[-1].source == "earnings"


def test_part_iii_stops_at_line_22_when_line_21_is_zero() -> None:
    # Line 20: homebuyer expenses 10,000 (no prior ones; the 5-year period is over, so
    # the distribution is a qualified first-time homebuyer distribution) against a 8,000
    # distribution: line 21 = 0 -> "If line 21 is zero, stop here" after line 22.
    result, _ = compute(F8606Inputs(
        tax_year=2025, roth_distributions=D(8000), first_time_homebuyer_expenses=D(12000),
        roth_contribution_basis=D(1000), five_year_period_met=True))
    got = {k: v for k, v in result.lines().items() if v is not None}
    assert got == {"line_19": 8000, "line_20": 10000, "line_21": 0, "line_22": 1000}


def test_line_20_limit_is_reduced_by_prior_homebuyer_distributions() -> None:
    # "Do not enter more than $10,000 reduced by ... prior qualified first-time homebuyer
    # distributions": 10,000 - 6,000 = 4,000.
    result, _ = compute(F8606Inputs(
        tax_year=2025, roth_distributions=D(9000), first_time_homebuyer_expenses=D(9000),
        prior_first_time_homebuyer=D(6000), five_year_period_met=True))
    assert (result.line_20, result.line_21) == (4000, 5000)


def test_line_20_is_blank_before_the_5_year_period_is_over() -> None:
    # Pub. 590-B, "What Are Qualified Distributions?": a first-home distribution is
    # qualified only when "made after the 5-year period"; before it, line 20 is blank and
    # the 9,000 goes through lines 21-25c: line 21 9,000, line 22 2,000, line 23 7,000,
    # line 24 0, line 25a/25c 7,000.
    result, _ = compute(F8606Inputs(
        tax_year=2025, roth_distributions=D(9000), first_time_homebuyer_expenses=D(9000),
        roth_contribution_basis=D(2000), five_year_period_met=False))
    assert result.line_20 is None
    assert (result.line_21, result.line_23, result.line_25c) == (9000, 7000, 7000)


def test_part_iii_line_23_zero_skips_24_and_25() -> None:
    result, _ = compute(F8606Inputs(
        tax_year=2025, roth_distributions=D(3000), roth_contribution_basis=D(5000)))
    assert (result.line_23, result.line_24, result.line_25a) == (0, None, None)


def test_this_years_conversion_joins_line_24() -> None:
    # A 2025 conversion of 6,000 (no basis, line 18 = 6,000) and a 2025 nonqualified Roth
    # distribution of 8,000 with 1,000 contribution basis: line 23 = 7,000; line 24 =
    # 6,000 (this year's line 16, line 24 chart); line 25a = 1,000.
    result, _ = compute(F8606Inputs(
        tax_year=2025, conversions=D(6000), roth_distributions=D(8000),
        roth_contribution_basis=D(1000)))
    assert (result.line_18, result.line_24, result.line_25a) == (6000, 6000, 1000)


def test_ordering_takes_taxable_part_of_a_layer_first() -> None:
    # Pub. 590-B ordering: within one conversion, the part taxable when converted first.
    steps = roth_ordering(D(7000), D(1000), (Layer(2022, RothLayerKind.CONVERSION, D(4000),
                                                    D(5000)),))
    assert [(s.amount, s.taxable_when_converted) for s in steps] == [
        (1000, False), (4000, True), (2000, False)]
    assert steps[1].window_ends == 2026


def test_worksheet_1_1_nontaxable_part_is_limited_to_basis() -> None:
    # 7,000 contributed for the year, 6,000 deductible and 1,000 nondeductible, no
    # other IRAs, all 7,000 converted. Worksheet 1-1 counts every contribution in its
    # line 2: 3 = 7,000; 6 = 7,000; 7 = 1.000; 8 = 7,000 nontaxable. But the 6,000
    # deducted is not basis (Form 8606 line 3 = 1,000), so line 13 = 1,000, line 14 = 0
    # and the other 6,000 is taxable on line 18.
    result, findings = compute(F8606Inputs(
        tax_year=2025, nondeductible_contributions=D(1000), deductible_contributions=D(6000),
        conversions=D(7000)))
    assert (result.line_3, result.line_13, result.line_14) == (1000, 1000, 0)
    assert (result.line_15a, result.line_16, result.line_17, result.line_18) == (
        0, 7000, 1000, 6000)
    assert [f.id for f in findings] == ["f8606-ws11-guard"]


def test_basis_used_up_carries_zero_not_last_years_basis() -> None:
    # Basis 5,000, all 5,000 converted, nothing left: line 10 = 1.000, line 11 = 5,000,
    # line 14 = 0, and 0 (not last year's 5,000) goes to next year's line 2.
    result, _ = compute(F8606Inputs(tax_year=2025, prior_basis=D(5000), conversions=D(5000)))
    assert (result.line_14, result.basis_carried, result.line_18) == (0, 0, 0)
