"""The case file: one federal return's facts about IRAs, plans and Roth IRAs.

Field names follow the forms: ``box_2a`` is Form 1099-R box 2a; the IRA facts
name the Form 8606 line they feed.  ``docs/case-file.md`` explains each field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from formhelper.models.form1099r import Form1099R
from formhelper.models.types import FilingStatus, Money, Owner, Strict, Year, social_security_number


class TraditionalIra(Strict):
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


class RothLayer(Strict):
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


class RothIra(Strict):
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


class InheritedIra(Strict):
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




class Person(Strict):
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


class CaseFile(Strict):
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
            first = person.roth.first_contribution_year
            if first is not None and first > self.tax_year:
                # The 5-year period starts with the first year a Roth IRA was funded
                # (Pub. 590-B, "What Are Qualified Distributions?"): a later year than the
                # return's cannot be it.
                raise _at((who, "roth", "first_contribution_year"),
                          f"{first} is after the tax year {self.tax_year}; it is the first "
                          "year any Roth IRA of yours was funded")
            earlier = [layer.year for layer in person.roth.layers
                       if first is not None and layer.year < first]
            if earlier:
                # A conversion or plan rollover into a Roth IRA starts the 5-year period as
                # a regular contribution does (Reg. 1.408A-6, Q&A-2, paraphrased: the period
                # begins with the year of the first regular contribution or, if earlier, the
                # first conversion contribution to any Roth IRA; the case file's own
                # definition of first_contribution_year says the same), so a later first
                # year would wrongly delay qualified distributions.
                raise _at((who, "roth", "first_contribution_year"),
                          f"{first} is after the {min(earlier)} conversion or rollover in "
                          "roth.layers; a conversion funds a Roth IRA, so the first year "
                          f"is {min(earlier)} or earlier")
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
