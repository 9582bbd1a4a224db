"""Field types shared by the case-file models."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

#: A dollar amount as typed from a form: cents allowed, never negative, no
#: NaN or infinity, below a trillion dollars.
Money = Annotated[
    Decimal,
    Field(ge=0, lt=Decimal("1e12"), decimal_places=2, allow_inf_nan=False),
]

#: A calendar year as used for Roth layers and 5-year clocks.
Year = Annotated[int, Field(ge=1974, le=2100)]
