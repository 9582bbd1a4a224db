"""The lines a year's conversion can stop at: the taxable IRA money (Form 1040 line 4b) at
which a year reaches each bracket top, IRMAA tier, the 0% capital gain top, the kinks of
Social Security, NIIT and the senior deduction, and the ACA cliff — found by
:func:`level` on the year's exact taxes (:class:`formhelper.calc.plan_sim.YearModel`)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Final

from formhelper.calc.plan_figures import pct
from formhelper.calc.plan_sim import (
    YearModel,
    YearTax,
)
from formhelper.calc.plan_tax import irmaa_edge
from formhelper.calc.tax import bracket_top
from formhelper.money import ONE, ZERO, round_down_to

#: The largest taxable IRA money searched for a level (dollars).
CEILING: Final = Decimal(20_000_000)


def level(measure: Callable[[Decimal], Decimal], target: Decimal,
          most: Decimal = CEILING) -> Decimal:
    """The most taxable IRA money x (whole dollars, at most ``most``) with
    ``measure(x) <= target``; -1 when even x = 0 is over.  ``measure`` never falls as x
    grows (taxable income, MAGI).  False position on the bracket, every other step a
    bisection, so a piecewise-linear measure takes a few evaluations and any takes at most
    about twice the bisection's."""
    low, high = ZERO, most
    f_low = measure(low)
    if f_low > target:
        return Decimal(-1)
    f_high = measure(high)
    if f_high <= target:
        return high
    secant = True
    while high - low > 1:
        if secant and f_high > f_low:
            guess = low + round_down_to((target - f_low) * (high - low) / (f_high - f_low), ONE)
            guess = min(max(guess, low + 1), high - 1)
        else:
            guess = round_down_to((low + high) / 2, ONE)
        secant = not secant
        value = measure(guess)
        if value <= target:
            low, f_low = guess, value
            # The next dollar may already be over: a secant guess often lands on the edge.
            if secant is False and measure(guess + 1) > target:
                return guess
        else:
            high, f_high = guess, value
    return low


class Levels(dict[str, Decimal]):
    """The taxable IRA money at which a year reaches each bracket top ("bracket 0.22"), each
    IRMAA tier's edge ("irmaa 0") and the 0% capital gain top ("0% gains"), found when first
    asked for."""

    def __init__(self, model: YearModel, most: Decimal) -> None:
        super().__init__()
        self.model = model
        #: No year has more taxable IRA money than this (every IRA dollar there could be).
        self.most = most
        self.keys_known: list[str] = [f"bracket {b.rate}" for b in model.table
                                      if b.upper is not None]
        if any(m > 0 for m in model.medicare):
            self.keys_known += [f"irmaa {t}" for t in range(len(model.data.irmaa.tiers))]
        self.keys_known.append("0% gains")
        # The other kinks of the year's tax in the taxable IRA money: where the deduction is
        # used up, where Social Security starts to be taxed at 50% and at 85% (Pub. 915
        # Worksheet 1 lines 8 and 10), where the senior deduction starts and ends phasing
        # out, and where NIIT starts.
        self.keys_known += ["no tax", "SS 50%", "SS 85%", "NIIT"]
        # Where household income reaches the ACA cliff (a year of Marketplace coverage
        # with the 400% limit: one dollar more loses the whole premium tax credit).
        if model.aca_cliff() is not None:
            self.keys_known.append("aca cliff")
        # And where it reaches 100% of the poverty line, below which there is no credit.
        if model.aca_floor() is not None:
            self.keys_known.append("aca floor")
        if model.aged and model.data.params.senior_deduction is not None:
            self.keys_known += ["senior", "senior 0"]

    def __missing__(self, key: str) -> Decimal:
        model = self.model
        kind, _, arg = key.rpartition(" ") if key != "0% gains" else ("gains", "", "")
        if kind == "bracket":
            top = bracket_top(model.table, Decimal(arg))
            found = level(lambda x: model.tax(x).taxable_income, top, self.most)
        elif kind == "irmaa":
            edge = irmaa_edge(int(arg), model.joint, model.data.irmaa)
            found = level(lambda x: model.tax(x).magi, edge, self.most)
        elif kind == "gains":
            zero = model.data.params.capital_gains.zero_rate_top.of(model.status)
            found = level(lambda x: model.tax(x).taxable_income, zero, self.most)
        elif key == "no tax":
            found = level(lambda x: model.tax(x).taxable_income, ZERO, self.most)
        elif key in ("SS 50%", "SS 85%"):
            ss = model.data.params.social_security
            base = Decimal(ss.base_joint if model.joint else ss.base_single)
            if key == "SS 85%":
                base += Decimal(ss.step_joint if model.joint else ss.step_single)
            half = model.benefits * ss.rate_lower
            found = level(lambda x: model.tax(x).agi - model.tax(x).ss_taxable
                          + model.tax_exempt + half, base, self.most)
        elif key == "NIIT":
            found = level(lambda x: model.tax(x).agi,
                          model.data.params.niit.threshold(model.status), self.most)
        elif key == "aca cliff":
            most_income = model.aca_cliff()
            assert most_income is not None
            found = level(lambda x: household_income(model.tax(x)), most_income, self.most)
        elif key == "aca floor":
            least = model.aca_floor()
            assert least is not None
            # The first dollar at or above it: the most below it, plus one.
            found = level(lambda x: household_income(model.tax(x)), least - 1, self.most) + 1
        elif key in ("senior", "senior 0"):
            rule = model.data.params.senior_deduction
            assert rule is not None
            start = Decimal(rule.threshold_joint if model.joint else rule.threshold_single)
            if key == "senior 0":
                start += Decimal(rule.amount) / rule.rate
            found = level(lambda x: model.tax(x).agi, start, self.most)
        else:
            raise KeyError(key)
        self[key] = found
        return found

    def all(self) -> list[Decimal]:
        return [self[k] for k in self.keys_known]


def line_name(key: str) -> str:
    """``"bracket 0.22"`` -> ``"22% top"`` (the top of the 22% bracket)."""
    kind, _, arg = key.rpartition(" ")
    if kind == "bracket":
        return f"{pct(Decimal(arg))}% top"
    if kind == "irmaa":
        return f"IRMAA {arg}"
    if key == "0% gains":
        return "0% gains"
    return {"no tax": "no tax", "SS 50%": "SS 50%", "SS 85%": "SS 85%", "NIIT": "NIIT",
            "senior": "senior", "senior 0": "senior 0", "aca cliff": "ACA cliff",
            "aca floor": "ACA 100%"}[key]


def household_income(tax: YearTax) -> Decimal:
    """Form 8962 line 3 of a year of Marketplace coverage (MAGI in the others)."""
    return tax.magi if tax.form_8962 is None else tax.form_8962.line_3
