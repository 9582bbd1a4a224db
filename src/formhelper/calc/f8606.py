"""Form 8606, Nondeductible IRAs: Parts I, II and III for one person.

One statement per line, in the order of the form.  Line texts quoted are from
the 2025 Form 8606; the layout is the same for 2024 and is assumed for 2026
until the IRS publishes that form (domain-spec §1.7).  Amounts on the form are
whole dollars (:func:`formhelper.money.whole_dollars`); line 10 is a ratio.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from formhelper.calc.findings import Finding
from formhelper.calc.roth import (
    FIRST_TIME_HOMEBUYER_LIFETIME_LIMIT,
    CarriedLayer,
    Layer,
    OrderingStep,
    roth_ordering,
    take_in_order,
)
from formhelper.calc.ws_1_1 import Worksheet11, worksheet_1_1
from formhelper.models import RothLayerKind
from formhelper.money import ZERO, clamp0, ratio, whole_dollars


@dataclass(frozen=True)
class F8606Inputs:
    """What one person's Form 8606 needs, already gathered from the case."""

    tax_year: int
    nondeductible_contributions: Decimal = ZERO
    contributions_made_next_year: Decimal = ZERO
    deductible_contributions: Decimal = ZERO
    prior_basis: Decimal = ZERO
    year_end_value: Decimal = ZERO
    outstanding_rollovers: Decimal = ZERO
    #: Traditional IRA distributions that belong on line 7 (after exclusions).
    distributions: Decimal = ZERO
    #: Amounts converted from traditional IRAs that reached a Roth IRA (line 8).
    conversions: Decimal = ZERO
    #: Nonqualified Roth IRA distributions (line 19), after exclusions.
    roth_distributions: Decimal = ZERO
    first_time_homebuyer_expenses: Decimal = ZERO
    prior_first_time_homebuyer: Decimal = ZERO
    #: The qualified-distribution 5-year period is over (:func:`roth.qualified_period_met`):
    #: only then is a first-time homebuyer distribution qualified (line 20).
    five_year_period_met: bool = False
    #: Regular Roth IRA contribution basis including this year's (line 22).
    roth_contribution_basis: Decimal = ZERO
    #: Conversions and plan rollovers of earlier years still in the Roth IRAs.
    roth_layers: tuple[Layer, ...] = ()
    #: This year's rollovers from plans into a Roth IRA (they join line 24).
    plan_rollovers_to_roth: tuple[Layer, ...] = field(default_factory=tuple)


class F8606Lines(BaseModel):
    """The lines of one Form 8606.  ``None`` is a line the form leaves blank."""

    model_config = ConfigDict(frozen=True)

    line_1: Decimal | None = None
    line_2: Decimal | None = None
    line_3: Decimal | None = None
    line_4: Decimal | None = None
    line_5: Decimal | None = None
    line_6: Decimal | None = None
    line_7: Decimal | None = None
    line_8: Decimal | None = None
    line_9: Decimal | None = None
    line_10: Decimal | None = None
    line_11: Decimal | None = None
    line_12: Decimal | None = None
    line_13: Decimal | None = None
    line_14: Decimal | None = None
    line_15a: Decimal | None = None
    line_15b: Decimal | None = None
    line_15c: Decimal | None = None
    line_16: Decimal | None = None
    line_17: Decimal | None = None
    line_18: Decimal | None = None
    line_19: Decimal | None = None
    line_20: Decimal | None = None
    line_21: Decimal | None = None
    line_22: Decimal | None = None
    line_23: Decimal | None = None
    line_24: Decimal | None = None
    line_25a: Decimal | None = None
    line_25b: Decimal | None = None
    line_25c: Decimal | None = None

    worksheet_1_1: Worksheet11 | None = None
    roth_ordering: tuple[OrderingStep, ...] = ()
    #: Basis in traditional IRAs carried to next year's line 2 (Total Basis
    #: Chart: the last Form 8606's line 14), also when no form is needed.
    basis_carried: Decimal = ZERO
    #: Each year's conversions and plan rollovers still in the Roth IRAs after this
    #: year's line 23 took from them under the ordering rules: next year's line 24 chart.
    roth_layers_carried: tuple[CarriedLayer, ...] = ()
    #: Regular Roth IRA contributions carried to next year's line 22 (line 22 chart:
    #: this year's line 22 less line 19, not below zero; with no Part III, line 22's
    #: amount unchanged).
    roth_contribution_basis_carried: Decimal = ZERO

    @property
    def required(self) -> bool:
        """A Form 8606 is filed when any of its lines is filled."""
        return any(v is not None for k, v in self.lines().items())

    @property
    def taxable_to_line_4b(self) -> Decimal:
        """Lines 15c + 18 + 25c: "also include this amount on Form 1040 ... line 4b"."""
        return sum(
            (clamp0(v) for v in (self.line_15c, self.line_18, self.line_25c) if v is not None),
            ZERO,
        )

    def lines(self) -> dict[str, Decimal | None]:
        return {k: v for k, v in self.__dict__.items() if k.startswith("line_")}


@dataclass(frozen=True)
class _PartI:
    lines: dict[str, Decimal | None]
    worksheet: Worksheet11 | None
    findings: list[Finding]
    #: Line 18 when Worksheet 1-1 gives it (its line 10).
    worksheet_line_18: Decimal | None = None


def needs_part_i(i: F8606Inputs) -> bool:
    """Part I: "Complete this part only if one or more of the following apply":
    nondeductible contributions for the year; or distributions (line 7 kind)
    or a conversion while there is basis from this or an earlier year."""
    has_basis = i.nondeductible_contributions > 0 or i.prior_basis > 0
    return i.nondeductible_contributions > 0 or (
        has_basis and (i.distributions > 0 or i.conversions > 0)
    )


def uses_worksheet_1_1(i: F8606Inputs) -> bool:
    """Pub. 590-B, Worksheet 1-1 replaces lines 6-12 when contributions for the
    year are partly deductible and there were distributions or conversions
    (the deductible part depends on income that includes the distribution)."""
    return (
        i.deductible_contributions > 0
        and i.nondeductible_contributions > 0
        and (i.distributions > 0 or i.conversions > 0)
    )


def _line_4(i: F8606Inputs, line_1: Decimal) -> Decimal:
    """Line 4: "Enter those contributions included on line 1 that were made from January 1,
    [next year], through April 15, [next year]" (Form 8606, line 4).  Being part of line 1,
    it is never more than line 1: when contributions above the year's limit leave line 1
    smaller than what was made next year (an excess contribution, a blocking finding), line
    4 is line 1, so line 5 and the line 10 fraction never go negative."""
    return min(whole_dollars(i.contributions_made_next_year), line_1)


def _part_i(i: F8606Inputs) -> _PartI:
    """Form 8606 Part I, lines 1-15c."""
    findings: list[Finding] = []
    # Line 1: nondeductible contributions for the year, incl. those made Jan 1-Apr 15 next year.
    line_1 = whole_dollars(i.nondeductible_contributions)
    # Line 2: total basis in traditional IRAs (last Form 8606 line 14; Total Basis Chart).
    line_2 = whole_dollars(i.prior_basis)
    # Line 3: "Add lines 1 and 2."
    line_3 = line_1 + line_2
    took_out = whole_dollars(i.distributions) + whole_dollars(i.conversions)
    if took_out == 0:
        # "In 2025, did you take a distribution from a traditional IRA, or make a Roth IRA
        # conversion?" No -> "Enter the amount from line 3 on line 14. Do not complete the
        # rest of Part I."
        return _PartI({"line_1": line_1, "line_2": line_2, "line_3": line_3,
                       "line_14": line_3}, None, findings)
    if uses_worksheet_1_1(i):
        return _part_i_worksheet(i, line_1, line_2, line_3)
    line_4 = _line_4(i, line_1)
    # Line 5: "Subtract line 4 from line 3."
    line_5 = line_3 - line_4
    # Line 6: value of all traditional IRAs on December 31, plus outstanding rollovers.
    line_6 = whole_dollars(i.year_end_value + i.outstanding_rollovers)
    # Line 7: distributions from traditional IRAs (rollovers, QCDs, HFDs, conversions,
    # returned contributions and recharacterizations excluded; see calc.route, Route.line_7).
    line_7 = whole_dollars(i.distributions)
    # Line 8: net amount converted from traditional IRAs to Roth IRAs.
    line_8 = whole_dollars(i.conversions)
    # Line 9: "Add lines 6, 7, and 8."
    line_9 = line_6 + line_7 + line_8
    # Line 10: "Divide line 5 by line 9 ... rounded to at least 3 places. If the result is
    # 1.000 or more, enter 1.000."
    line_10 = ratio(line_5, line_9)
    # Line 11: "Multiply line 8 by line 10" (nontaxable part of the conversions).
    line_11 = whole_dollars(line_8 * line_10)
    # Line 12: "Multiply line 7 by line 10" (nontaxable part of the other distributions).
    line_12 = whole_dollars(line_7 * line_10)
    if line_11 + line_12 > line_5:
        # Rounding guard (domain-spec §1.6, E7): the nontaxable part can never exceed the
        # basis on line 5, so line 14 never drops below line 4.
        findings.append(Finding(
            id="f8606-rounding-guard",
            message=(f"Form 8606 lines 11 and 12 rounded to more than the basis on line 5 "
                     f"(${line_11 + line_12} > ${line_5}); reduced to ${line_5} so that "
                     "line 14 is not negative."),
        ))
        line_11 = min(line_11, line_5)
        line_12 = line_5 - line_11
    # Line 13: "Add lines 11 and 12."
    line_13 = line_11 + line_12
    # Line 14: "Subtract line 13 from line 3" (total basis carried to next year).
    line_14 = line_3 - line_13
    # Line 15a: "Subtract line 12 from line 7."
    line_15a = line_7 - line_12
    # Line 15b: qualified disaster distributions (Form 8915-F): not supported, left blank.
    line_15b = None
    # Line 15c: "Taxable amount. Subtract line 15b from line 15a."
    line_15c = line_15a
    return _PartI(
        {"line_1": line_1, "line_2": line_2, "line_3": line_3, "line_4": line_4,
         "line_5": line_5, "line_6": line_6, "line_7": line_7, "line_8": line_8,
         "line_9": line_9, "line_10": line_10, "line_11": line_11, "line_12": line_12,
         "line_13": line_13, "line_14": line_14, "line_15a": line_15a, "line_15b": line_15b,
         "line_15c": line_15c},
        None,
        findings,
    )


def _part_i_worksheet(
    i: F8606Inputs, line_1: Decimal, line_2: Decimal, line_3: Decimal
) -> _PartI:
    """Part I when Pub. 590-B Worksheet 1-1 is used.

    Lines 4 and 5 are completed as usual; the worksheet's nontaxable amount
    goes on line 13 and its taxable amounts on lines 15a and 18; lines 6
    through 12 are left blank.  This is how the IRS filled Rose Green's Form
    8606 (Pub. 590-B example: lines 6-12 blank, lines 13 and 18 "From
    Worksheet 1-1 in Pub. 590-B").
    """
    # Line 4 and line 5 as on the form.
    line_4 = _line_4(i, line_1)
    line_5 = line_3 - line_4
    ws = worksheet_1_1(
        basis=line_2,
        contributions=whole_dollars(i.nondeductible_contributions + i.deductible_contributions),
        year_end_value=whole_dollars(i.year_end_value + i.outstanding_rollovers),
        distributions=whole_dollars(i.distributions),
        conversions=whole_dollars(i.conversions),
    )
    findings: list[Finding] = []
    # Line 13: the worksheet's nontaxable amount (line 8).
    line_13 = ws.line_8
    # Line 18 and line 15a: the worksheet's taxable amounts (lines 10 and 11).
    line_18 = ws.line_10
    line_15a = ws.line_11
    if line_13 > line_3:
        # The worksheet counts deductible contributions in its basis (line 2); once they
        # are deducted they are not basis, so the nontaxable part is limited to line 3 and
        # the rest is taxable, split between conversions and other distributions as the
        # worksheet splits them (its line 10 note).
        findings.append(Finding(
            id="f8606-ws11-guard",
            message=(f"Worksheet 1-1 line 8 (${ws.line_8}) is more than Form 8606 line 3 "
                     f"(${line_3}); line 13 limited to line 3 so that line 14 is not negative."),
        ))
        line_13 = line_3
        taxable = ws.line_5 - line_13
        line_18 = whole_dollars(taxable * whole_dollars(i.conversions) / ws.line_5)
        line_15a = taxable - line_18
    # Line 14: "Subtract line 13 from line 3."
    line_14 = line_3 - line_13
    # Line 15c: line 15a less line 15b (blank).
    line_15c = line_15a
    return _PartI(
        {"line_1": line_1, "line_2": line_2, "line_3": line_3, "line_4": line_4,
         "line_5": line_5, "line_13": line_13, "line_14": line_14, "line_15a": line_15a,
         "line_15c": line_15c},
        ws,
        findings,
        worksheet_line_18=line_18,
    )


def compute(i: F8606Inputs) -> tuple[F8606Lines, list[Finding]]:
    """Form 8606 for one person.  Returns the lines and any findings."""
    findings: list[Finding] = []
    lines: dict[str, Decimal | None] = {}
    worksheet = None
    worksheet_line_18 = None
    if needs_part_i(i):
        result = _part_i(i)
        lines.update(result.lines)
        worksheet = result.worksheet
        worksheet_line_18 = result.worksheet_line_18
        findings += result.findings
    line_14 = lines.get("line_14")
    basis_carried = line_14 if line_14 is not None else whole_dollars(i.prior_basis)

    # Part II, 2025 Conversions From Traditional IRAs to Roth IRAs.
    conversion_layer: tuple[Layer, ...] = ()
    if whole_dollars(i.conversions) > 0:
        # Line 16: "If you completed Part I, enter the amount from line 8. Otherwise, enter
        # the net amount you converted."
        line_8 = lines.get("line_8")
        line_16 = line_8 if line_8 is not None else whole_dollars(i.conversions)
        if worksheet_line_18 is not None:
            # Worksheet 1-1 line 10 is the taxable part of the conversions (line 18);
            # line 17 is the rest of line 16.
            line_18 = worksheet_line_18
            line_17 = line_16 - line_18
        else:
            # Line 17: "If you completed Part I, enter the amount from line 11. Otherwise,
            # enter your basis in the amount on line 16" (no Part I means no basis: 0).
            line_11 = lines.get("line_11")
            line_17 = line_11 if line_11 is not None else ZERO
            # Line 18: "Taxable amount. Subtract line 17 from line 16."
            line_18 = line_16 - line_17
        lines.update(line_16=line_16, line_17=line_17, line_18=line_18)
        conversion_layer = (Layer(i.tax_year, RothLayerKind.CONVERSION, line_18, line_17),)

    # Part III, Distributions From Roth IRAs.
    ordering: tuple[OrderingStep, ...] = ()
    layers = i.roth_layers + conversion_layer + i.plan_rollovers_to_roth
    if whole_dollars(i.roth_distributions) > 0:
        # Line 19: total nonqualified distributions from Roth IRAs.
        line_19 = whole_dollars(i.roth_distributions)
        # Line 20: qualified first-time homebuyer expenses, at most $10,000 less prior ones.
        # Only a qualified distribution is a "qualified first-time homebuyer distribution":
        # it must be made after the 5-year period (Pub. 590-B, "What Are Qualified
        # Distributions?", item d; Form 8606 instructions, line 20). Before that, line 20
        # stays blank, the distribution goes through lines 21-25c, and exception 09 on
        # Form 5329 covers only the 10% additional tax.
        line_20 = ZERO
        if i.five_year_period_met:
            homebuyer_room = clamp0(FIRST_TIME_HOMEBUYER_LIFETIME_LIMIT
                                    - i.prior_first_time_homebuyer)
            line_20 = whole_dollars(min(i.first_time_homebuyer_expenses, homebuyer_room))
        # Line 21: "Subtract line 20 from line 19. If zero or less, enter -0-."
        line_21 = clamp0(line_19 - line_20)
        # Line 22: basis in Roth IRA contributions. "If line 21 is zero, stop here."
        line_22 = whole_dollars(i.roth_contribution_basis)
        lines.update(line_19=line_19, line_20=line_20 or None, line_21=line_21, line_22=line_22)
        if line_21 > 0:
            # Line 23: "Subtract line 22 from line 21. If zero or less, enter -0- and skip
            # lines 24 and 25."
            line_23 = clamp0(line_21 - line_22)
            lines.update(line_23=line_23)
            if line_23 > 0:
                # Line 24: basis in conversions and rollovers from qualified plans to a Roth
                # IRA: earlier layers still in the Roth IRAs plus this year's line 16 and
                # this year's plan rollovers (line 24 chart).
                line_24 = whole_dollars(sum((lay.taxable + lay.nontaxable for lay in layers),
                                            ZERO))
                # Line 25a: "Subtract line 24 from line 23. If zero or less, enter -0- and
                # skip lines 25b and 25c."
                line_25a = clamp0(line_23 - line_24)
                lines.update(line_24=line_24, line_25a=line_25a)
                if line_25a > 0:
                    # Line 25b: qualified disaster distributions: not supported, blank.
                    # Line 25c: "Taxable amount. Subtract line 25b from line 25a."
                    lines.update(line_25c=line_25a)
            ordering = roth_ordering(line_21, line_22, layers)

    # Line 24 chart: next year's line 24 is this year's line 24 less line 23, and the
    # ordering rules say which years' layers line 23 came from.
    carried, _earnings = take_in_order(lines.get("line_23") or ZERO, layers)
    line_19_amount = lines.get("line_19")
    contribution_basis = (i.roth_contribution_basis if line_19_amount is None
                          else clamp0((lines.get("line_22") or ZERO) - line_19_amount))
    return (
        F8606Lines(**lines, worksheet_1_1=worksheet, roth_ordering=ordering,
                   basis_carried=basis_carried, roth_layers_carried=carried,
                   roth_contribution_basis_carried=contribution_basis),
        findings,
    )
