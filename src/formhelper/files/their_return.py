"""Reading the other program's return for ``formhelper verify``: PDFs and typed-line files.

A typed-lines file is for someone reading the figures off paper (TOML or JSON)::

    tax_year = 2025        # optional when --case or a PDF gives the year

    [f8606]                # your Form 8606; [f8606.spouse] for your spouse's
    line_1 = 7000
    line_2 = 0
    line_10 = "1.000"      # line 10 as printed (a string keeps the places)

    [f1040]
    line_4a = 7000
    line_4b = 0
    line_4c = ["rollover"] # the boxes checked on line 4c/5c

    [f5329]
    line_1 = 0
    line_2_number = "12"

Every file is checked before it is read: a regular file of at most :data:`MAX_BYTES`;
every problem is a :class:`TheirReturnError` whose message names the file (and the line).
"""

from __future__ import annotations

import json
import os
import stat
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from formhelper.pdf.their_pages import ReadForm, TheirPagesError, parse_amount, read_pdf

#: A PDF return (the forms and a few other pages) stays well under this.
MAX_BYTES = 20_000_000
#: A typed-lines file is a few hundred bytes.
MAX_TYPED_BYTES = 200_000

_FORMS = ("f8606", "f1040", "f5329")
_OWNERS = ("taxpayer", "spouse")
F8606_KEYS = frozenset(f"line_{n}" for n in (
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15a", "15b",
    "15c", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25a", "25b", "25c"))
F1040_KEYS = frozenset({"line_4a", "line_4b", "line_4c", "line_5a", "line_5b", "line_5c",
                        "line_25b"})
F5329_KEYS = frozenset({"line_1", "line_2_number", "line_2", "line_3", "line_4"})
KEYS = {"f8606": F8606_KEYS, "f1040": F1040_KEYS, "f5329": F5329_KEYS}
#: Form 1040 line 4c/5c items as formhelper names them (calc.f1040).
ITEMS = frozenset({"rollover", "qcd", "hfd", "pso"})


class TheirReturnError(Exception):
    """A file of theirs that cannot be read; the message names it."""


@dataclass
class Typed:
    """One form from a typed-lines file."""

    form: str
    owner: str | None
    lines: dict[str, Decimal | str | None]


@dataclass
class Loaded:
    """Everything read from the files given."""

    #: (source, form read from a PDF) in the order given.
    pdf_forms: list[tuple[str, ReadForm]] = field(default_factory=list)
    #: (source, typed form).
    typed_forms: list[tuple[str, Typed]] = field(default_factory=list)
    #: ``tax_year`` of each typed file that gives one: (source, year).
    typed_years: list[tuple[str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_checked(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise TheirReturnError(f"{name}: no such file") from None
    except OSError as exc:
        raise TheirReturnError(f"{name}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise TheirReturnError(f"{name}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise TheirReturnError(f"{name}: not a regular file")
    if info.st_size > limit:
        raise TheirReturnError(f"{name}: too large ({info.st_size} bytes; at most {limit})")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise TheirReturnError(f"{name}: cannot read ({exc.strerror})") from None
    if len(raw) > limit:
        raise TheirReturnError(f"{name}: too large (more than {limit} bytes)")
    return raw


def load(paths: list[Path]) -> Loaded:
    """Read every file of theirs: a PDF by its fields or text, anything else as typed lines."""
    loaded = Loaded()
    for path in paths:
        raw = read_checked(path, MAX_BYTES)
        source = str(path)
        if raw.lstrip()[:5] == b"%PDF-":
            try:
                forms, skipped = read_pdf(raw, source)
            except TheirPagesError as exc:
                raise TheirReturnError(str(exc)) from None
            loaded.pdf_forms += [(source, form) for form in forms]
            loaded.notes += skipped
            continue
        if len(raw) > MAX_TYPED_BYTES:
            raise TheirReturnError(f"{source}: too large for a typed-lines file "
                                   f"({len(raw)} bytes)")
        year, typed = parse_typed(raw, source)
        if year is not None:
            loaded.typed_years.append((source, year))
        loaded.typed_forms += [(source, t) for t in typed]
    return loaded


def _document(raw: bytes, source: str) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TheirReturnError(f"{source}: not UTF-8 text (neither a PDF nor a typed-lines "
                               "file)") from None
    stripped = text.lstrip()
    try:
        if stripped.startswith("{"):
            data = json.loads(text, parse_float=Decimal)
        else:
            data = tomllib.loads(text)
    except (ValueError, RecursionError) as exc:
        kind = "JSON" if stripped.startswith("{") else "TOML"
        raise TheirReturnError(f"{source}: not valid {kind} ({str(exc)[:120]})") from None
    if not isinstance(data, dict):
        raise TheirReturnError(f"{source}: expected a table of forms ([f8606], [f1040], "
                               "[f5329])")
    return data


def parse_typed(raw: bytes, source: str) -> tuple[int | None, list[Typed]]:
    """(tax year, forms) of a typed-lines file."""
    data = _document(raw, source)
    unknown = sorted(set(data) - {"tax_year", *_FORMS})
    if unknown:
        raise TheirReturnError(f"{source}: {unknown[0]}: not a form formhelper reads "
                               "(f8606, f1040, f5329) nor tax_year")
    year = data.get("tax_year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)
                             or not 2000 <= year <= 2100):
        raise TheirReturnError(f"{source}: tax_year: a year such as 2025, not {year!r}")
    forms: list[Typed] = []
    for form in _FORMS:
        table = data.get(form)
        if table is None:
            continue
        if not isinstance(table, dict):
            raise TheirReturnError(f"{source}: {form}: expected a table of lines")
        owners = [k for k in table if k in _OWNERS]
        if owners and form == "f1040":
            raise TheirReturnError(f"{source}: f1040.{owners[0]}: Form 1040 is one per return")
        if owners:
            others = [k for k in table if k not in _OWNERS]
            if others:
                raise TheirReturnError(f"{source}: {form}.{others[0]}: put the lines under "
                                       f"[{form}.taxpayer] or [{form}.spouse]")
            for owner in owners:
                if not isinstance(table[owner], dict):
                    raise TheirReturnError(f"{source}: {form}.{owner}: expected a table")
                forms.append(Typed(form, owner, _lines(form, table[owner],
                                                       f"{source}: {form}.{owner}")))
        else:
            forms.append(Typed(form, None, _lines(form, table, f"{source}: {form}")))
    if not forms:
        raise TheirReturnError(f"{source}: no form in it; write the lines under [f8606], "
                               "[f1040] or [f5329]")
    return year, forms


def _lines(form: str, table: dict[str, Any], where: str) -> dict[str, Decimal | str | None]:
    lines: dict[str, Decimal | str | None] = {}
    for key, value in table.items():
        if key not in KEYS[form]:
            raise TheirReturnError(f"{where}.{key}: not a line formhelper reads on this form "
                                   f"(one of {', '.join(sorted(KEYS[form]))})")
        here = f"{where}.{key}"
        if key in ("line_4c", "line_5c"):
            lines[key] = _items(value, here)
        elif key == "line_2_number":
            text = str(value).strip() if not isinstance(value, bool) else ""
            if not (text.isascii() and text.isdigit() and len(text) <= 2):
                raise TheirReturnError(f"{here}: an exception number such as \"12\", not "
                                       f"{value!r}")
            lines[key] = text.zfill(2)
        else:
            lines[key] = _amount(value, here)
    return lines


def _items(value: Any, where: str) -> str | None:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise TheirReturnError(f"{where}: a list of boxes such as [\"rollover\", \"qcd\"]")
    words = [i.strip().lower() for i in items if i.strip()]
    bad = [w for w in words if w not in ITEMS]
    if bad:
        raise TheirReturnError(f"{where}: {bad[0]!r} is not one of "
                               f"{', '.join(sorted(ITEMS))}")
    return ", ".join(dict.fromkeys(words)) or None


def _amount(value: Any, where: str) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        raise TheirReturnError(f"{where}: an amount, not {value!r}")
    if isinstance(value, int):
        return _bounded(Decimal(value), where)
    if isinstance(value, float):
        try:
            number = Decimal(repr(value))
        except InvalidOperation:
            raise TheirReturnError(f"{where}: an amount, not {value!r}") from None
        if not number.is_finite():
            raise TheirReturnError(f"{where}: an amount, not {value!r}")
        return _bounded(number, where)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TheirReturnError(f"{where}: an amount, not {value!r}")
        return _bounded(value, where)
    if isinstance(value, str):
        try:
            return parse_amount(value, where)
        except TheirPagesError as exc:
            raise TheirReturnError(str(exc)) from None
    raise TheirReturnError(f"{where}: an amount, not {type(value).__name__}")


def _bounded(value: Decimal, where: str) -> Decimal:
    if abs(value) >= Decimal(10) ** 12:
        raise TheirReturnError(f"{where}: {value} is too large for an amount")
    return value
