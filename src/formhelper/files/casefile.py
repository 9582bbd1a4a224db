"""Reading a case file (TOML or JSON) into a :class:`CaseFile`, with plain messages.

Every problem is reported as ``field.path: message``, one per line, e.g.
``forms_1099r[1].box_2a: larger than box 1 (50000)``.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from formhelper.calc.findings import path as field_path
from formhelper.calc.scope import knockouts
from formhelper.files.reading import InputError, load_json, load_toml, read_file, short
from formhelper.files.reading import printable as printable  # re-exported
from formhelper.files.years import YearDataError, load, load_codes, supported_years
from formhelper.models import CaseFile, LocatedError
from formhelper.years.params import F5329Params

#: A case file is a few kilobytes; refuse anything absurdly large before parsing.
MAX_BYTES = 5_000_000


class CaseFileError(Exception):
    """The case file can't be used; ``problems`` holds one message per problem."""

    def __init__(self, source: str, problems: list[str],
                 plain: list[str] | None = None) -> None:
        super().__init__("\n".join(problems))
        self.source = source
        self.problems = problems
        #: The same problems in the words of the wizard's screens (``problems`` when
        #: none of them is worded for a case-file editor).
        self.plain = plain if plain is not None else problems


_MESSAGES = {
    "missing": "required",
    "extra_forbidden": "unknown field (check the spelling; see `formhelper schema`)",
    "decimal_max_places": "at most 2 decimal places (cents)",
    "decimal_parsing": "not an amount (write digits, like 1234.56)",
    "decimal_type": "not an amount (write digits, like 1234.56)",
    "finite_number": "must be a finite amount",
    "int_parsing": "not a whole number",
    "int_type": "not a whole number",
    "date_from_datetime_parsing": "not a date (write YYYY-MM-DD)",
    "date_parsing": "not a date (write YYYY-MM-DD)",
    "date_type": "not a date (write YYYY-MM-DD)",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text",
    "model_type": "must be a table/object of fields",
    "list_type": "must be a list",
    "literal_error": "unsupported value",
}


def _message(error: Any) -> tuple[tuple[str | int, ...], str]:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, LocatedError):
        return cause.loc, cause.message
    if kind == "value_error":
        return loc, str(cause) if cause is not None else error["msg"]
    if kind == "greater_than_equal" and str(ctx.get("ge")) == "0":
        return loc, "must not be negative"
    if kind == "less_than" and "lt" in ctx:
        return loc, f"must be less than {Decimal(str(ctx['lt'])):,.0f}"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return loc, "must not be empty"
    if kind in ("less_than", "less_than_equal", "greater_than_equal", "greater_than"):
        return loc, error["msg"].replace("Input should be", "must be")
    if kind == "enum":
        return loc, f"must be one of {ctx.get('expected')}"
    if kind in _MESSAGES:
        return loc, _MESSAGES[kind]
    return loc, error["msg"]


def _where(loc: tuple[str | int, ...]) -> str:
    """The field path of ``loc``; a key that is not a plain name is quoted, escaped."""
    if not loc:
        return "case"
    parts = [p if isinstance(p, int) or (_PLAIN_KEY.match(p) and len(p) <= 40)
             else printable(json.dumps(short(p, 40), ensure_ascii=False)) for p in loc]
    return field_path(*parts)


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_]+$")


def validation_problems(exc: ValidationError) -> list[str]:
    """One ``field: message`` line per pydantic error."""
    problems = []
    for error in exc.errors():
        loc, message = _message(error)
        problems.append(f"{_where(loc)}: {printable(short(message, 200))}")
    return problems


def parse_case(data: Any, source: str = "case") -> CaseFile:
    """Validate already-parsed data (a dict) as a case file."""
    if not isinstance(data, dict):
        raise CaseFileError(source, [f"{source}: must be a table/object of fields"])
    try:
        case = CaseFile.model_validate(data)
    except ValidationError as exc:
        raise CaseFileError(source, validation_problems(exc)) from None
    years = supported_years()
    if case.tax_year not in years:
        listed = ", ".join(str(y) for y in years)
        raise CaseFileError(
            source, [f"tax_year: {case.tax_year} is not supported (supported: {listed})"]
        )
    try:
        params = load(case.tax_year)
        load_codes(case.tax_year)
    except YearDataError as exc:
        raise CaseFileError(source, [f"tax_year: {exc}"]) from None
    problems = exception_problems(case, params.f5329) + ssn_problems(case)
    # What formhelper does not compute (calc.scope; docs/scope.md): refused by name.
    refused = knockouts(case)
    if problems or refused:
        raise CaseFileError(source, problems + [k.line() for k in refused],
                            problems + [k.plain_line() for k in refused])
    return case


def ssn_problems(case: CaseFile) -> list[str]:
    """Each person has their own social security number: the same SSN for the taxpayer
    and the spouse is a typing mistake that would put one person's forms under the
    other's number."""
    spouse = case.spouse
    if spouse is None or spouse.ssn is None or spouse.ssn != case.taxpayer.ssn:
        return []
    return [f"spouse.ssn: the same as taxpayer.ssn ({spouse.ssn}); each person has their own "
            "social security number (check both)"]


def exception_problems(case: CaseFile, table: F5329Params) -> list[str]:
    """Each claimed ``early_exceptions[].number`` must be on the year's Form 5329 line 2
    list (``forms/<year>/f5329.toml``)."""
    numbers = sorted(table.exceptions)
    span = f"{numbers[0]}-{numbers[-1]}" if numbers else "none"
    problems = []
    for i, form in enumerate(case.forms_1099r):
        for j, claimed in enumerate(form.early_exceptions):
            where = field_path("forms_1099r", i, "early_exceptions", j, "number")
            if claimed.number == table.line_2.more_than_one:
                problems.append(f"{where}: {claimed.number} means 'more than one exception' "
                                "on Form 5329; list each exception with its own number")
            elif claimed.number not in table.exceptions:
                problems.append(f"{where}: {claimed.number} is not an exception number of "
                                f"the Instructions for Form 5329 for {case.tax_year} ({span})")
    return problems


def read_data(path: Path) -> Any:
    """Parse the file as TOML or JSON (by its suffix; otherwise by its content), within
    the limits of :mod:`formhelper.files.reading`."""
    name = printable(str(path))
    try:
        raw = read_file(path, MAX_BYTES, "case file")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not UTF-8 text") from None
        suffix = path.suffix.lower()
        if suffix == ".json" or (suffix != ".toml" and text.lstrip().startswith("{")):
            return load_json(text, name)
        return load_toml(text, name)
    except InputError as exc:
        raise CaseFileError(name, [str(exc)]) from None


def load_case(path: Path) -> CaseFile:
    """Read and validate a case file; raises :class:`CaseFileError`."""
    return parse_case(read_data(path), printable(str(path)))
