"""Properties of Form 8606 that must hold for every input (hypothesis).

- taxable plus nontaxable equals the amount that came out (lines 7 + 8);
- basis is never negative (line 14 >= 0) and line 10 stays within [0, 1];
- more basis never raises the taxable amount.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from formhelper.calc.f8606 import F8606Inputs, compute
from formhelper.money import ZERO, whole_dollars

amounts = st.decimals(min_value=0, max_value=5_000_000, places=2, allow_nan=False,
                      allow_infinity=False)
small = st.decimals(min_value=0, max_value=20_000, places=2, allow_nan=False,
                    allow_infinity=False)


@st.composite
def inputs(draw: st.DrawFn) -> F8606Inputs:
    line_1 = draw(small)
    return F8606Inputs(
        tax_year=2025,
        nondeductible_contributions=line_1,
        contributions_made_next_year=draw(st.decimals(min_value=0, max_value=line_1, places=2)),
        deductible_contributions=draw(st.sampled_from([ZERO, ZERO, draw(small)])),
        prior_basis=draw(amounts),
        year_end_value=draw(amounts),
        outstanding_rollovers=draw(st.sampled_from([ZERO, draw(small)])),
        distributions=draw(amounts),
        conversions=draw(amounts),
    )


def taxable(i: F8606Inputs) -> Decimal:
    """Everything taxable: Form 8606 lines 15c + 18, plus, when Part I is not needed (no
    basis), the distributions that go straight to Form 1040 line 4b."""
    lines, _ = compute(i)
    direct = whole_dollars(i.distributions) if lines.line_3 is None else ZERO
    return lines.taxable_to_line_4b + direct


@settings(max_examples=400)
@given(inputs())
def test_taxable_plus_nontaxable_is_the_amount_out(i: F8606Inputs) -> None:
    lines, _ = compute(i)
    if lines.line_13 is None:
        return
    out = (lines.line_7 or 0) + (lines.line_8 or 0)
    if lines.worksheet_1_1 is not None:
        out = lines.worksheet_1_1.line_5
    assert lines.line_13 + (lines.line_15a or 0) + (lines.line_18 or 0) == out


@settings(max_examples=400)
@given(inputs())
def test_basis_never_negative_and_line_10_within_0_1(i: F8606Inputs) -> None:
    lines, _ = compute(i)
    assert lines.basis_carried >= 0
    for value in lines.lines().values():
        assert value is None or value >= 0
    if lines.line_10 is not None:
        assert 0 <= lines.line_10 <= 1
    if lines.line_14 is not None and lines.line_4 is not None and not lines.worksheet_1_1:
        # Jan-Apr contributions stay out of the fraction, so they stay basis: line 14 >=
        # line 4 (Worksheet 1-1 counts them in its line 2, so not there).
        assert lines.line_14 >= lines.line_4


@settings(max_examples=400)
@given(inputs(), amounts)
def test_more_basis_never_raises_the_taxable_amount(i: F8606Inputs, extra: Decimal) -> None:
    more = F8606Inputs(**{**i.__dict__, "prior_basis": i.prior_basis + extra})
    assert taxable(more) <= taxable(i)


@settings(max_examples=200)
@given(amounts, amounts, amounts, amounts, amounts)
def test_part_iii_never_taxes_more_than_the_distribution(
    dist: Decimal, contrib: Decimal, taxable_layer: Decimal, nontaxable_layer: Decimal,
    homebuyer: Decimal,
) -> None:
    from formhelper.calc.roth import Layer
    from formhelper.models import RothLayerKind

    lines, _ = compute(F8606Inputs(
        tax_year=2025, roth_distributions=dist, roth_contribution_basis=contrib,
        first_time_homebuyer_expenses=homebuyer,
        roth_layers=(Layer(2020, RothLayerKind.CONVERSION, taxable_layer, nontaxable_layer),)))
    assert 0 <= lines.taxable_to_line_4b <= (lines.line_19 or 0)
    assert sum((s.amount for s in lines.roth_ordering), ZERO) == (lines.line_21 or 0)
