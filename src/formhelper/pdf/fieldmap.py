"""Field maps ``forms/<layout year>/<form>.fields.toml`` and dumps ``<form>.acroform.json``.

A field map says which AcroForm field of the blank IRS PDF shows which of our
lines, and how the value is written (``format``).  Every other field of the
blank form is listed under ``[ignored]`` with the reason it stays blank.  The
folder is the *layout* year (``YearParams.layout_year``): tax year 2026 is
filled on the 2025 forms until the IRS publishes new ones.
"""

from __future__ import annotations

import functools
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formhelper.resources import forms_dir, user_data_root

#: The forms formhelper fills, in filing order.
FORMS: tuple[str, ...] = ("f8606", "f5329", "f1040")

FORMATS = frozenset(
    {"dollars", "ratio_int", "ratio_frac", "ssn", "ssn_digits", "text", "checkbox", "writein"}
)


class FieldMapError(Exception):
    """A field map or dump is missing or malformed."""


@dataclass(frozen=True)
class MappedField:
    """One ``[fields.<key>]`` entry."""

    key: str
    #: The computed line (or case item) the field shows.
    line: str
    #: Fully qualified AcroForm field name.
    field: str
    format: str
    #: Checkbox on-state, e.g. ``"/1"``.
    on: str | None
    #: A checkbox is checked when the line's value is (or holds) this.
    when: str | None
    #: Printed words beside the box and on which side of it they are.
    printed: str
    printed_at: str


@dataclass(frozen=True)
class FieldMap:
    form: str
    layout_year: int
    fields: tuple[MappedField, ...]
    ignored: dict[str, str]
    path: Path

    def by_line(self, line: str) -> list[MappedField]:
        return [f for f in self.fields if f.line == line]


def derived_dir() -> Path:
    """Where ``formhelper forms add`` keeps a layout it mapped itself (a blank, its dump
    and its derived map, ``<year>/<form>.*``): ``forms/`` in the user's data folder."""
    return user_data_root() / "forms"


def _shipped_or_derived(name: str, layout_year: int) -> Path:
    """The shipped file, else the one ``forms add`` derived (shipped maps win)."""
    shipped = forms_dir() / str(layout_year) / name
    if shipped.is_file():
        return shipped
    derived = derived_dir() / str(layout_year) / name
    return derived if derived.is_file() else shipped


def map_path(form: str, layout_year: int) -> Path:
    return _shipped_or_derived(f"{form}.fields.toml", layout_year)


def dump_path(form: str, layout_year: int) -> Path:
    return _shipped_or_derived(f"{form}.acroform.json", layout_year)


def is_derived(form: str, layout_year: int) -> bool:
    """The map of ``form`` in ``layout_year`` is one ``forms add`` derived."""
    return map_path(form, layout_year).is_relative_to(derived_dir())


def layout_for(form: str, tax_year: int, layout_year: int) -> int:
    """The layout to fill ``form`` of ``tax_year`` on: the year's own when the user
    added its blank (a derived map, the IRS having published the form after this
    release), else ``layout_year`` from the year's data."""
    if tax_year > layout_year and has_map(form, tax_year):
        return tax_year
    return layout_year


def has_map(form: str, layout_year: int) -> bool:
    return map_path(form, layout_year).is_file()


def _entry(key: str, raw: dict[str, Any], where: Path) -> MappedField:
    unknown = set(raw) - {"field", "line", "format", "on", "when", "printed", "printed_at"}
    if unknown:
        raise FieldMapError(f"{where}: fields.{key}: unknown keys {sorted(unknown)}")
    fmt = str(raw.get("format", ""))
    if fmt not in FORMATS:
        raise FieldMapError(
            f"{where}: fields.{key}: format {fmt!r} is not one of {sorted(FORMATS)}"
        )
    if (fmt == "checkbox") != ("on" in raw):
        raise FieldMapError(f"{where}: fields.{key}: `on` goes with format checkbox, and only it")
    at = str(raw.get("printed_at", "left"))
    if at not in ("left", "above", "right"):
        raise FieldMapError(f"{where}: fields.{key}: printed_at must be left, above or right")
    return MappedField(
        key=key,
        line=str(raw.get("line", key)),
        field=str(raw["field"]),
        format=fmt,
        on=str(raw["on"]) if "on" in raw else None,
        when=str(raw["when"]) if "when" in raw else None,
        printed=str(raw.get("printed", "")),
        printed_at=at,
    )


def load_map(form: str, layout_year: int) -> FieldMap:
    """Read ``forms/<layout_year>/<form>.fields.toml``."""
    path = map_path(form, layout_year)
    if not path.is_file():
        raise FieldMapError(
            f"no field map for Form {form[1:]} in the {layout_year} layout ({path})"
        )
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    if raw.get("form") != form or raw.get("layout_year") != layout_year:
        raise FieldMapError(f"{path}: form/layout_year say {raw.get('form')}/"
                            f"{raw.get('layout_year')}, expected {form}/{layout_year}")
    fields = tuple(_entry(key, value, path) for key, value in raw.get("fields", {}).items())
    return FieldMap(form=form, layout_year=layout_year, fields=fields,
                    ignored=dict(raw.get("ignored", {})), path=path)


@functools.cache
def cached_map(form: str, layout_year: int) -> FieldMap:
    """:func:`load_map`, read once per process (``prepare-batch`` fills many returns)."""
    return load_map(form, layout_year)


def load_dump(form: str, layout_year: int) -> dict[str, Any]:
    """Read the committed ``forms/<layout_year>/<form>.acroform.json``."""
    path = dump_path(form, layout_year)
    if not path.is_file():
        raise FieldMapError(
            f"no field dump for Form {form[1:]} in the {layout_year} layout ({path})"
        )
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def committed_dumps() -> list[tuple[str, int, Path]]:
    """(form, layout year, path) of every committed dump."""
    found = []
    for path in sorted(forms_dir().glob("*/*.acroform.json")):
        if path.parent.name.isdigit():
            found.append((path.name.removesuffix(".acroform.json"), int(path.parent.name), path))
    return found
