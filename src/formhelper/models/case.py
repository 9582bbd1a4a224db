"""The case file: one federal return's facts about IRAs, plans and Roth IRAs.

Field names follow the forms: ``box_2a`` is Form 1099-R box 2a; the IRA facts
name the Form 8606 line they feed.  ``docs/case-file.md`` explains each field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from formhelper.models.box7 import parse_box7
from formhelper.models.types import Money, Year, social_security_number


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class FilingStatus(StrEnum):
    """Form 1040, Filing Status checkboxes."""

    SINGLE = "single"
    MARRIED_FILING_JOINTLY = "married_filing_jointly"
    MARRIED_FILING_SEPARATELY = "married_filing_separately"
    HEAD_OF_HOUSEHOLD = "head_of_household"
    QUALIFYING_SURVIVING_SPOUSE = "qualifying_surviving_spouse"


class Owner(StrEnum):
    """Whose form it is.  Form 8606: "If married, file a separate form for each spouse"."""

    TAXPAYER = "taxpayer"
    SPOUSE = "spouse"


class Disposition(_Strict):
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


class StateEntry(_Strict):
    """Form 1099-R boxes 14-16, kept as typed for the state return."""

    box_14: Money | None = Field(default=None, description="State tax withheld")
    box_15: str = Field(default="", description="State / payer's state no.")
    box_16: Money | None = Field(default=None, description="State distribution")


class EarlyException(_Strict):
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


class Form1099R(_Strict):
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
        when box 2a is blank); each number once."""
        numbers = [e.number for e in value]
        for index, number in enumerate(numbers):
            if number in numbers[:index]:
                raise ValueError(f"exception {number} is listed twice; add the amounts")
        box_1 = info.data.get("box_1")
        box_2a = info.data.get("box_2a")
        limit, box = (box_2a, "box 2a") if box_2a is not None else (box_1, "box 1")
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


class TraditionalIra(_Strict):
    """A person's traditional, SEP and SIMPLE IRAs for Form 8606 Part I."""

    nondeductible_contributions: Money = Field(
        default=Decimal(0),
        description=(
            "Form 8606 line 1: nondeductible contributions to traditional IRAs for the tax year, "
            "including those made from January 1 through April 15 of the next year."
        ),
    )
    contributions_made_next_year: Money = Field(
        default=Decimal(0),
        description=(
            "Form 8606 line 4: the part of line 1 made from January 1 through April 15 of the "
            "next year."
        ),
    )
    deductible_contributions: Money = Field(
        default=Decimal(0),
        description=(
            "Traditional IRA contributions for the year that are deducted (Schedule 1 line 20). "
            "With distributions or conversions this selects Pub. 590-B Worksheet 1-1."
        ),
    )
    prior_basis: Money = Field(
        default=Decimal(0),
        description="Form 8606 line 2: total basis, last year's Form 8606 line 14.",
    )
    year_end_value: Money | None = Field(
        default=None,
        description=(
            "Form 8606 line 6: value on December 31 of all traditional, SEP and SIMPLE IRAs "
            "(not 401(k)s, not Roth IRAs, not the spouse's): Form 5498 box 5 of each account."
        ),
    )
    outstanding_rollovers: Money = Field(
        default=Decimal(0),
        description=(
            "Form 8606 line 6: distributions received after November 1 and rolled over next "
            "year within 60 days."
        ),
    )

    @field_validator("contributions_made_next_year")
    @classmethod
    def _line_4_within_line_1(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        line_1 = info.data.get("nondeductible_contributions")
        if line_1 is not None and value > line_1:
            raise ValueError(
                f"larger than nondeductible_contributions ({line_1}); line 4 is part of line 1"
            )
        return value


class RothLayerKind(StrEnum):
    CONVERSION = "conversion"
    PLAN_ROLLOVER = "plan_rollover"


class RothLayer(_Strict):
    """A conversion or plan-to-Roth-IRA rollover of an earlier year still in the Roth IRAs.

    Amounts are what remains after earlier distributions took from the layer
    (Pub. 590-B ordering rules: the taxable part comes out first).
    """

    year: Year
    kind: RothLayerKind = RothLayerKind.CONVERSION
    taxable: Money = Field(
        default=Decimal(0), description="Taxable part when converted (that year's 8606 line 18)"
    )
    nontaxable: Money = Field(
        default=Decimal(0), description="Nontaxable part (that year's 8606 line 17)"
    )


class RothIra(_Strict):
    """A person's Roth IRA history, needed for Form 8606 Part III."""

    first_contribution_year: Year | None = Field(
        default=None,
        description=(
            "First tax year any Roth IRA was funded (5-year clock for qualified distributions)."
        ),
    )
    contribution_basis: Money = Field(
        default=Decimal(0),
        description=(
            "Regular Roth IRA contributions for earlier years, less what earlier distributions "
            "took from them (Form 8606 line 22 chart)."
        ),
    )
    contributions_this_year: Money = Field(
        default=Decimal(0), description="Regular Roth IRA contributions for the tax year."
    )
    layers: list[RothLayer] = Field(
        default_factory=list,
        description="Conversions and plan rollovers of earlier years (Form 8606 line 24 chart).",
    )
    first_time_homebuyer_expenses: Money = Field(
        default=Decimal(0),
        description="Form 8606 line 20: qualified first-time homebuyer expenses.",
    )
    prior_first_time_homebuyer: Money = Field(
        default=Decimal(0),
        description="Prior qualified first-time homebuyer distributions (line 20 limit).",
    )


class InheritedIra(_Strict):
    """A traditional (or SEP or SIMPLE) IRA inherited from one decedent, other than a
    spouse's IRA you treat as your own: its own Form 8606 (Pub. 590-B, "IRA with basis":
    its basis "remains with the IRA" and is never combined with your own)."""

    decedent: str = Field(
        min_length=1, max_length=100,
        description="Who you inherited it from; a form's inherited_from names this.",
    )
    basis: Money = Field(
        default=Decimal(0),
        description=(
            "Form 8606 line 2 of this IRA's own Form 8606: the decedent's basis (their last "
            "Form 8606 line 14, or your share of it), less what your earlier distributions "
            "recovered (your last Form 8606 line 14 for this IRA)."
        ),
    )
    year_end_value: Money | None = Field(
        default=None,
        description=(
            "Form 8606 line 6 of this IRA's Form 8606: its value on December 31 (Form 5498 "
            "box 5); all IRAs inherited from this decedent together."
        ),
    )




class Person(_Strict):
    name: str = Field(min_length=1, max_length=100)
    ssn: str | None = Field(default=None, description="Social security number, 123-45-6789")
    date_of_birth: date
    ira: TraditionalIra = Field(default_factory=TraditionalIra)
    roth: RothIra = Field(default_factory=RothIra)
    inherited_iras: list[InheritedIra] = Field(
        default_factory=list, max_length=20,
        description=(
            "Traditional IRAs inherited from someone other than a spouse whose IRA you treat "
            "as your own: one entry per decedent (a separate Form 8606 each)."
        ),
    )

    @field_validator("inherited_iras")
    @classmethod
    def _one_entry_per_decedent(cls, value: list[InheritedIra]) -> list[InheritedIra]:
        names = [i.decedent.casefold() for i in value]
        for index, name in enumerate(names):
            if name in names[:index]:
                raise ValueError(f"{value[index].decedent!r} is listed twice; one entry per "
                                 "decedent (add the values of their IRAs together)")
        return value

    @field_validator("ssn")
    @classmethod
    def _ssn(cls, value: str | None) -> str | None:
        return social_security_number(value)

    @field_validator("date_of_birth")
    @classmethod
    def _born(cls, value: date) -> date:
        if value.year < 1900:
            raise ValueError("is before 1900")
        return value

    @property
    def has_ira_facts(self) -> bool:
        return (self.ira != TraditionalIra() or self.roth != RothIra()
                or bool(self.inherited_iras))

    def inherited(self, decedent: str) -> InheritedIra | None:
        """The inherited IRA of ``decedent`` (names compared without regard to case)."""
        for entry in self.inherited_iras:
            if entry.decedent.casefold() == decedent.casefold():
                return entry
        return None


class CaseFile(_Strict):
    """One return: who, which year, and the Forms 1099-R with what happened to the money."""

    schema_version: Literal[1] = 1
    tax_year: int = Field(ge=2000, le=2100)
    filing_status: FilingStatus
    taxpayer: Person
    spouse: Person | None = None
    forms_1099r: list[Form1099R] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _spouse_consistent(self) -> CaseFile:
        joint = self.filing_status == FilingStatus.MARRIED_FILING_JOINTLY
        for index, form in enumerate(self.forms_1099r):
            if form.owner == Owner.SPOUSE and not joint:
                raise _at(
                    ("forms_1099r", index, "owner"),
                    "a spouse's Form 1099-R belongs on this return only when married filing "
                    "jointly; the spouse files their own Form 8606",
                )
            if form.owner == Owner.SPOUSE and self.spouse is None:
                raise _at(("forms_1099r", index, "owner"), "spouse is not described in the case")
        if self.spouse is not None and self.spouse.has_ira_facts and not joint:
            raise _at(
                ("spouse", "ira"),
                "the spouse's IRAs are reported on this return only when married filing jointly",
            )
        year_end = date(self.tax_year, 12, 31)
        for who_, person_ in (("taxpayer", self.taxpayer), ("spouse", self.spouse)):
            if person_ is not None and person_.date_of_birth > year_end:
                raise _at(
                    (who_, "date_of_birth"),
                    f"{person_.date_of_birth} is after the end of the tax year ({year_end})",
                )
        owners = dict(self.people())
        for index, form in enumerate(self.forms_1099r):
            recipient = owners.get(form.owner)
            if form.inherited_from is not None and (
                    recipient is None or recipient.inherited(form.inherited_from) is None):
                raise _at(
                    ("forms_1099r", index, "inherited_from"),
                    f"{form.inherited_from!r} is not in the {form.owner.value}'s "
                    "inherited_iras; describe that inherited IRA there (decedent, basis, "
                    "year_end_value)",
                )
        for who, person in self.people():
            for index, layer in enumerate(person.roth.layers):
                if layer.year >= self.tax_year:
                    raise _at(
                        (who, "roth", "layers", index, "year"),
                        f"must be before the tax year {self.tax_year}; this year's conversions "
                        "come from the Forms 1099-R",
                    )
        return self

    def people(self) -> list[tuple[Owner, Person]]:
        """The taxpayer, and the spouse when the return is joint."""
        result = [(Owner.TAXPAYER, self.taxpayer)]
        if self.spouse is not None and self.filing_status == FilingStatus.MARRIED_FILING_JOINTLY:
            result.append((Owner.SPOUSE, self.spouse))
        return result

    def forms_of(self, owner: Owner) -> list[tuple[int, Form1099R]]:
        """(index in the case, form) for one person's Forms 1099-R."""
        return [(i, f) for i, f in enumerate(self.forms_1099r) if f.owner == owner]


class LocatedError(ValueError):
    """A validation error that names the field it belongs to."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


def _at(loc: tuple[str | int, ...], message: str) -> LocatedError:
    return LocatedError(loc, message)
