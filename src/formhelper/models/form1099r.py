"""One Form 1099-R of the case file: its boxes, as printed, and what happened to its money
(the disposition), with the early-distribution exceptions claimed for it.

Field names follow the form: ``box_2a`` is Form 1099-R box 2a.  ``docs/case-file.md``
explains each field.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, ValidationInfo, field_validator

from formhelper.models.box7 import parse_box7
from formhelper.models.types import Money, Owner, Strict, Year


class Disposition(Strict):
    """What happened to the money of one Form 1099-R.

    Whatever is not accounted for here was kept (taken as cash or withheld for
    tax).  The Roth custodian's Form 5498 box 3 shows a conversion; box 2 a
    rollover contribution.
    """

    converted_to_roth_ira: Money = Field(
        default=Decimal(0),
        description=(
            "Amount that reached a Roth IRA: a conversion from a traditional, SEP or SIMPLE "
            "IRA (Form 8606 line 8/16), or a rollover of plan money to a Roth IRA (Form 1040 "
            "line 5b). Tax withheld was not converted."
        ),
    )
    in_plan_roth_rollover: Money = Field(
        default=Decimal(0),
        description="Amount rolled into a designated Roth account in the same plan (IRR).",
    )
    rolled_over: Money = Field(
        default=Decimal(0),
        description=(
            "Amount rolled over within 60 days (or directly) to an account of the same kind: "
            "traditional IRA to traditional IRA, plan to traditional IRA or plan, Roth IRA to "
            "Roth IRA. Not a conversion."
        ),
    )
    rolled_to_employer_plan: Money = Field(
        default=Decimal(0),
        description=(
            "Amount of a traditional, SEP or SIMPLE IRA distribution rolled over within 60 days "
            "into an employer plan (401(k), 403(b), governmental 457(b)). A rollover (line 4c), "
            "with the statement the Form 1040 instructions ask for. A direct payment from the "
            "IRA to the plan is coded G and needs no entry here."
        ),
    )
    qcd: Money = Field(
        default=Decimal(0),
        description="Qualified charitable distribution paid directly to a charity (age 70½+).",
    )
    hsa_funding: Money = Field(
        default=Decimal(0),
        description="One-time distribution to fund a health savings account (HFD).",
    )

    @property
    def accounted(self) -> Decimal:
        return (
            self.converted_to_roth_ira
            + self.in_plan_roth_rollover
            + self.rolled_over
            + self.rolled_to_employer_plan
            + self.qcd
            + self.hsa_funding
        )


class StateEntry(Strict):
    """Form 1099-R boxes 14-16, kept as typed for the state return."""

    box_14: Money | None = Field(default=None, description="State tax withheld")
    box_15: str = Field(default="", description="State / payer's state no.")
    box_16: Money | None = Field(default=None, description="State distribution")


class EarlyException(Strict):
    """An exception to the additional tax on early distributions claimed for one
    Form 1099-R: Form 5329 line 2 (Instructions for Form 5329, line 2)."""

    number: str = Field(
        description=(
            "Exception number from the Instructions for Form 5329, line 2: '01' to '23' "
            "(e.g. '03' disability, '12' coded 1/J/S at age 59½ or older)."
        ),
    )
    amount: Money = Field(
        description="The part of this form's early distribution the exception covers."
    )

    @field_validator("number", mode="before")
    @classmethod
    def _two_digits(cls, value: object) -> object:
        """``number = 5`` or ``"5"`` is exception ``"05"``."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 1:
            return "0" + value.strip()
        return value

    @field_validator("number")
    @classmethod
    def _number_shape(cls, value: str) -> str:
        if not (len(value) == 2 and value.isascii() and value.isdigit()):
            raise ValueError("must be a two-digit exception number, like '12'")
        return value


class Form1099R(Strict):
    """One Form 1099-R (Distributions From Pensions, Annuities, Retirement or
    Profit-Sharing Plans, IRAs, Insurance Contracts, etc.)."""

    owner: Owner = Field(default=Owner.TAXPAYER, description="Whose form: the recipient.")
    payer: str = Field(default="", max_length=200, description="Payer's name")
    box_1: Money = Field(description="Gross distribution")
    box_2a: Money | None = Field(default=None, description="Taxable amount (blank if blank)")
    box_2b_taxable_not_determined: bool = Field(
        default=False, description="Box 2b: taxable amount not determined"
    )
    box_2b_total_distribution: bool = Field(default=False, description="Box 2b: total distribution")
    box_3: Money = Field(default=Decimal(0), description="Capital gain (included in box 2a)")
    box_4: Money = Field(default=Decimal(0), description="Federal income tax withheld")
    box_5: Money = Field(
        default=Decimal(0),
        description="Employee contributions / designated Roth contributions or insurance premiums",
    )
    box_7: str = Field(description="Distribution code(s), one or two, e.g. '7', 'G', '4D'")
    ira_sep_simple: bool = Field(default=False, description="Box 7: IRA/SEP/SIMPLE checkbox")
    box_9b: Money | None = Field(default=None, description="Total employee contributions")
    box_10: Money = Field(
        default=Decimal(0), description="Amount allocable to IRR within 5 years"
    )
    box_11: Year | None = Field(default=None, description="1st year of designated Roth contrib.")
    state: list[StateEntry] = Field(default_factory=list, max_length=2)
    disposition: Disposition = Field(
        default_factory=Disposition, description="What happened to the money"
    )
    form_year: Year | None = Field(
        default=None,
        description=(
            "The year printed on the Form 1099-R, when it is not the tax year: a form of the "
            "next year coded P or R reports an amount for this return (the year before the "
            "form's year)."
        ),
    )
    inherited_from: str | None = Field(
        default=None, min_length=1, max_length=100,
        description=(
            "For a distribution from an inherited IRA (code 4): the decedent, as named in the "
            "recipient's inherited_iras."
        ),
    )
    early_exceptions: list[EarlyException] = Field(
        default_factory=list, max_length=10,
        description=(
            "Exceptions to the 10% additional tax claimed for this form (Form 5329 line 2): "
            "number from the Instructions for Form 5329 and the amount it covers."
        ),
    )
    disabled: bool = Field(
        default=False,
        description=(
            "You were disabled (IRC 72(m)(7)) when this was paid. A Roth IRA distribution "
            "(code J) after the 5-year period is then qualified (Pub. 590-B); otherwise "
            "exception 03 covers the 10% additional tax (Form 5329 line 2)."
        ),
    )

    @field_validator("box_7", mode="before")
    @classmethod
    def _box_7_number(cls, value: object) -> object:
        """``box_7 = 7`` in TOML is the code "7"."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("box_7")
    @classmethod
    def _box_7(cls, value: str) -> str:
        return "".join(parse_box7(value))

    @field_validator("box_2a", "box_4", "box_5")
    @classmethod
    def _not_above_box_1(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        box_1 = info.data.get("box_1")
        if value is not None and box_1 is not None and value > box_1:
            raise ValueError(f"larger than box 1 ({box_1})")
        return value

    @field_validator("box_3")
    @classmethod
    def _box_3_in_box_2a(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        box_2a = info.data.get("box_2a")
        if value > 0 and box_2a is not None and value > box_2a:
            raise ValueError(f"larger than box 2a ({box_2a}); box 3 is part of box 2a")
        return value

    @field_validator("disposition")
    @classmethod
    def _disposition_within_box_1(cls, value: Disposition, info: ValidationInfo) -> Disposition:
        box_1 = info.data.get("box_1")
        if box_1 is not None and value.accounted > box_1:
            raise ValueError(
                f"converted, rolled over, QCD and HSA amounts add up to {value.accounted}, "
                f"more than box 1 ({box_1})"
            )
        return value

    @field_validator("early_exceptions")
    @classmethod
    def _exceptions_within_taxable(
        cls, value: list[EarlyException], info: ValidationInfo
    ) -> list[EarlyException]:
        """The exceptions cover part of the taxable amount: not more than box 2a (box 1
        when box 2a is blank), plus box 10 on a designated Roth form (the amount allocable
        to an in-plan Roth rollover within 5 years is "treated as includible in gross income
        for purposes of applying section 72(t)", Instructions for Forms 1099-R and 5498,
        Designated Roth account distributions: on Form 5329 line 1 beside box 2a, and an
        exception covers it like any other part); each number once."""
        numbers = [e.number for e in value]
        for index, number in enumerate(numbers):
            if number in numbers[:index]:
                raise ValueError(f"exception {number} is listed twice; add the amounts")
        box_1 = info.data.get("box_1")
        box_2a = info.data.get("box_2a")
        limit, box = (box_2a, "box 2a") if box_2a is not None else (box_1, "box 1")
        box_10 = info.data.get("box_10")
        if limit is not None and box_10:
            limit, box = limit + box_10, f"{box} and box 10"
        total = sum((e.amount for e in value), Decimal(0))
        if limit is not None and total > limit:
            raise ValueError(
                f"the exception amounts add up to {total}, more than {box} ({limit}), "
                "the taxable amount they are part of",
            )
        return value

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.box_7)

    @property
    def kept(self) -> Decimal:
        """Box 1 less everything the disposition accounts for (cash and withholding)."""
        return self.box_1 - self.disposition.accounted
