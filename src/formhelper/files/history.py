"""Reading a basis history: the years a person gathers to rebuild a basis chain
(``formhelper basis rebuild HISTORY``), validated into :class:`formhelper.calc.rebuild.History`.

A history is a TOML (or JSON) file::

    name = "Alex Doe"                 # on the late Forms 8606
    ssn = "400-00-1234"               # optional
    home_address = "12 Main St"       # optional: the address block of a form filed by itself
    city_state_zip = "Springfield, IL 62701"
    starting_basis = 0                # line 14 of the last Form 8606 before the first year

    [[years]]
    year = 2020
    contributions = [{ amount = 6000, made = 2021-03-01 }]   # Forms 5498 box 1, bank records
    year_end_value = 6150                                     # Form 5498 box 5
    form_8606_filed = false

    [[years]]
    year = 2022
    conversions = 12500               # Form 1099-R (code 2 or 7), Roth IRA's Form 5498 box 3
    form_8606_filed = true
    taxable_reported = 12500          # what the 2022 Form 1040 line 4b showed for it
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from formhelper.calc.rebuild import History, Identity
from formhelper.files.casefile import CaseFileError, read_data, validation_problems

_IDENTITY_KEYS = ("name", "ssn", "home_address", "apartment", "city_state_zip")


def parse_history(data: Any, source: str) -> tuple[History, Identity]:
    """Validate already-parsed data as a history; raises :class:`CaseFileError` with one
    ``field: message`` line per problem."""
    if not isinstance(data, dict):
        raise CaseFileError(source, [f"{source}: must be a table/object of fields"])
    who = {k: data[k] for k in _IDENTITY_KEYS if k in data}
    rest = {k: v for k, v in data.items() if k not in _IDENTITY_KEYS or k == "name"}
    problems: list[str] = []
    identity = history = None
    try:
        identity = Identity.model_validate(who)
    except ValidationError as exc:
        problems += validation_problems(exc)
    try:
        history = History.model_validate(rest)
    except ValidationError as exc:
        problems += validation_problems(exc)
    if problems or identity is None or history is None:
        raise CaseFileError(source, [f"{source}: {p}" for p in problems])
    return history, identity


def load_history(path: Path) -> tuple[History, Identity]:
    """Read and validate a history file (TOML or JSON)."""
    return parse_history(read_data(path), str(path))
