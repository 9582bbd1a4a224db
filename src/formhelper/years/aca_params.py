"""The premium tax credit figures of one coverage year: the types of
``forms/<year>/aca.toml`` (:class:`AcaParams`).

Read by :func:`formhelper.files.years.load_aca`; every figure carries its source and a
``verified`` flag (false: seen only in a secondary copy).  For a year not yet published,
:func:`formhelper.calc.plan_aca.index_aca_params` makes estimates.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Region(StrEnum):
    """Form 8962 line 4 check boxes: the poverty line table used (Tables 1-1 to 1-3)."""

    STATES_48 = "48 states"
    ALASKA = "alaska"
    HAWAII = "hawaii"


class PovertyGuideline(_Frozen):
    """One HHS poverty guideline: ``first`` for one person, ``each_more`` added for each
    additional person."""

    first: int = Field(gt=0)
    each_more: int = Field(gt=0)

    def amount(self, family_size: int) -> Decimal:
        """The poverty line for ``family_size`` people (Form 8962 line 4)."""
        return Decimal(self.first + self.each_more * (family_size - 1))


class PovertyLines(_Frozen):
    """Form 8962 line 4, Tables 1-1, 1-2 and 1-3: the poverty guidelines of the year before
    the coverage year (``guideline_year``)."""

    source: str = Field(min_length=3)
    verified: bool = True
    guideline_year: int
    states_48: PovertyGuideline
    alaska: PovertyGuideline
    hawaii: PovertyGuideline

    def of(self, region: Region) -> PovertyGuideline:
        return {Region.STATES_48: self.states_48, Region.ALASKA: self.alaska,
                Region.HAWAII: self.hawaii}[region]


class Band(_Frozen):
    """Household income of at least ``start`` percent of the poverty line (up to the next
    band): the applicable figure rises in a straight line from ``initial`` to ``final``."""

    start: int = Field(ge=0, alias="from")
    initial: Decimal = Field(ge=0, lt=1)
    final: Decimal = Field(ge=0, lt=1)


class ApplicableTable(_Frozen):
    """Form 8962 line 7, Table 2: the applicable percentage table of IRC 36B(b)(3)(A).

    ``least``: household income below this percent of the poverty line makes one not an
    applicable taxpayer (IRC 36B(c)(1)(A)); ``most``: above this percent likewise (the
    "cliff"; ``None`` when there is no upper limit, as for 2021-2025)."""

    source: str = Field(min_length=3)
    verified: bool = True
    least: int = Field(ge=0)
    most: int | None = None
    bands: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> ApplicableTable:
        starts = [b.start for b in self.bands]
        if starts[0] != 0 or starts != sorted(set(starts)):
            raise ValueError("applicable.bands: the first band is 'from = 0', then each "
                             "'from' larger than the one before")
        last = self.bands[-1]
        if last.initial != last.final:
            raise ValueError("applicable.bands: the last band has no end, so its initial "
                             "and final figures must be equal")
        return self


class AcaParams(_Frozen):
    """The premium tax credit figures of one coverage year."""

    tax_year: int
    poverty: PovertyLines
    applicable: ApplicableTable
