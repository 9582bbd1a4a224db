"""Reading a case file (TOML or JSON) into a :class:`CaseFile`, with plain messages.

Every problem is reported as ``field.path: message``, one per line, e.g.
``forms_1099r[1].box_2a: larger than box 1 (50000)``.
"""

from __future__ import annotations

import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from formhelper.calc.findings import path as field_path
from formhelper.calc.scope import knockouts
from formhelper.files.years import YearDataError, load, load_codes, supported_years
from formhelper.models import CaseFile, LocatedError
from formhelper.years.params import F5329Params

#: A case file is a few kilobytes; refuse anything absurdly large before parsing.
MAX_BYTES = 5_000_000


class CaseFileError(Exception):
    """The case file can't be used; ``problems`` holds one message per problem."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.source = source
        self.problems = problems


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


def printable(text: str) -> str:
    """``text`` with line breaks and other unprintable characters escaped (``\\n``),
    so that a problem stays on its one line whatever the case file holds."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def _where(loc: tuple[str | int, ...]) -> str:
    """The field path of ``loc``; a key that is not a plain name is quoted, escaped."""
    if not loc:
        return "case"
    parts = [p if isinstance(p, int) or _PLAIN_KEY.match(p)
             else printable(json.dumps(p, ensure_ascii=False)) for p in loc]
    return field_path(*parts)


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_]+$")


def validation_problems(exc: ValidationError) -> list[str]:
    """One ``field: message`` line per pydantic error."""
    problems = []
    for error in exc.errors():
        loc, message = _message(error)
        problems.append(f"{_where(loc)}: {printable(message)}")
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
    problems = exception_problems(case, params.f5329)
    # What formhelper does not compute (calc.scope; docs/scope.md): refused by name.
    problems += [knockout.line() for knockout in knockouts(case)]
    if problems:
        raise CaseFileError(source, problems)
    return case


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
    """Parse the file as TOML or JSON (by its suffix; otherwise by its content)."""
    name = printable(str(path))
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CaseFileError(name, [f"{name}: no such file"]) from None
    except IsADirectoryError:
        raise CaseFileError(name, [f"{name}: is a folder, not a case file"]) from None
    except OSError as exc:
        raise CaseFileError(name, [f"{name}: cannot read ({exc.strerror})"]) from None
    if len(raw) > MAX_BYTES:
        raise CaseFileError(name, [f"{name}: too large for a case file ({len(raw)} bytes)"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CaseFileError(name, [f"{name}: not UTF-8 text"]) from None
    suffix = path.suffix.lower()
    as_json = suffix == ".json" or (suffix != ".toml" and text.lstrip().startswith("{"))
    if as_json:
        try:
            return json.loads(text, parse_float=str, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            raise CaseFileError(
                name, [f"{name}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"]
            ) from None
        except ValueError as exc:  # a constant (NaN) or an integer of thousands of digits
            raise CaseFileError(name, [f"{name}: not valid JSON: {printable(str(exc))}"]) from None
        except RecursionError:
            raise CaseFileError(name, [f"{name}: not valid JSON: nested too deeply"]) from None
    try:
        return tomllib.loads(text, parse_float=str)
    except ValueError as exc:  # TOMLDecodeError, or an integer of thousands of digits
        raise CaseFileError(name, [f"{name}: not valid TOML: {printable(str(exc))}"]) from None
    except RecursionError:
        raise CaseFileError(name, [f"{name}: not valid TOML: nested too deeply"]) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not an amount")


def load_case(path: Path) -> CaseFile:
    """Read and validate a case file; raises :class:`CaseFileError`."""
    return parse_case(read_data(path), printable(str(path)))
