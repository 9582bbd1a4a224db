"""Field types shared by the case-file models."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from formhelper.money import FIRST_YEAR, LAST_YEAR, MAX_MONEY, ascii_text


def _ascii_amount(value: object) -> object:
    """Refuse an amount given as text that is not ASCII ("１２３", "١٢٣"): pydantic reads
    text with ``Decimal``, which takes any script's digits."""
    if isinstance(value, str) and not ascii_text(value):
        raise PydanticCustomError("decimal_parsing", "Input should be a valid decimal")
    return value


#: An amount given as text is read only when written with the digits 0-9.
AsciiAmount = BeforeValidator(_ascii_amount)

#: A dollar amount as typed from a form: cents allowed, never negative, no
#: NaN or infinity, below a trillion dollars, digits 0-9 only.
Money = Annotated[
    Decimal,
    Field(ge=0, lt=MAX_MONEY, decimal_places=2, allow_inf_nan=False),
    AsciiAmount,
]

#: A calendar year as used for Roth layers and 5-year clocks.
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]


_SSN = re.compile(r"^(\d{3})-?(\d{2})-?(\d{4})$", re.ASCII)


def social_security_number(value: str | None) -> str | None:
    """An SSN as nine digits written ``123-45-6789`` (dashes optional when typed); empty
    is ``None``.  Raises ``ValueError`` otherwise (the validators' message)."""
    if value is None or value == "":
        return None
    match = _SSN.match(value)
    if not match:
        raise ValueError("must be nine digits, written 123-45-6789")
    return "-".join(match.groups())


class Strict(BaseModel):
    """Every case-file model: unknown fields refused, frozen, text stripped."""

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
