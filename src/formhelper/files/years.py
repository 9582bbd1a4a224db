"""The one loader of ``forms/<year>/``: year figures (``params.toml``, ``f5329.toml``,
the ``[reporting]`` of the layout's ``f1040.toml``) and the Form 1099-R code
table (``codes.toml``), read and validated into the types of :mod:`formhelper.years`.

The calculation receives what this returns and never reads files itself.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from formhelper.resources import forms_dir
from formhelper.years.aca_params import AcaParams
from formhelper.years.codes import CodeTable
from formhelper.years.params import YearParams
from formhelper.years.plan_params import PlanParams


def supported_years() -> list[int]:
    """Tax years that have a ``forms/<year>/params.toml``."""
    return sorted(
        int(p.parent.name) for p in forms_dir().glob("*/params.toml") if p.parent.name.isdigit()
    )


class YearDataError(LookupError):
    """A tax year's data in ``forms/<year>/`` is missing, incomplete or malformed; the
    message names the file."""


@cache
def load(year: int) -> YearParams:
    """Read and validate ``forms/<year>/params.toml`` (and the files it draws on).

    Raises :class:`YearDataError` naming the file for any problem with the data."""
    try:
        return _load(year)
    except (LookupError, ValueError, tomllib.TOMLDecodeError, OSError) as exc:
        if isinstance(exc, YearDataError):
            raise
        raise YearDataError(f"the data of tax year {year} cannot be used: {exc}") from exc


def _load(year: int) -> YearParams:
    path = forms_dir() / str(year) / "params.toml"
    if not path.is_file():
        years = ", ".join(str(y) for y in supported_years())
        raise LookupError(f"tax year {year} is not supported (supported: {years})")
    with path.open("rb") as handle:
        raw: dict[str, Any] = tomllib.load(handle)
    raw.setdefault("layout_year", year)
    raw["f5329"] = _f5329_raw(year)
    raw["f1040_reporting"] = _f1040_reporting_raw(raw["layout_year"])
    params = YearParams.model_validate(raw)
    if params.tax_year != year:
        raise ValueError(f"{path}: tax_year is {params.tax_year}, expected {year}")
    return params


def _f5329_raw(year: int) -> dict[str, Any]:
    """``forms/<year>/f5329.toml``, following ``same_as`` to the year that holds the list."""
    seen: list[int] = []
    target = year
    notes: list[str] = []
    while True:
        path = forms_dir() / str(target) / "f5329.toml"
        if not path.is_file():
            raise LookupError(f"no Form 5329 figures for {target} ({path})")
        with path.open("rb") as handle:
            raw: dict[str, Any] = tomllib.load(handle)
        if raw.get("tax_year") != target:
            raise ValueError(f"{path}: tax_year is {raw.get('tax_year')}, expected {target}")
        seen.append(target)
        if "same_as" not in raw:
            break
        notes.append(str(raw.get("source", "")))
        target = raw["same_as"]
        if not isinstance(target, int) or target in seen:
            raise ValueError(f"f5329.toml for {year}: same_as chain {[*seen, target]} is invalid")
    raw.pop("tax_year")
    raw["table_year"] = target
    raw["source"] = "; ".join(n for n in [*notes, str(raw.get("source", ""))] if n)
    return raw


def _f1040_reporting_raw(layout_year: int) -> dict[str, Any]:
    """``[reporting]`` of ``forms/<layout_year>/f1040.toml``: the form decides whether
    the line 4c/5c items are boxes or words written by hand."""
    path = forms_dir() / str(layout_year) / "f1040.toml"
    if not path.is_file():
        raise LookupError(f"no Form 1040 facts for the {layout_year} layout ({path}): they "
                          "say how the line 4c/5c items are reported")
    with path.open("rb") as handle:
        raw: dict[str, Any] = tomllib.load(handle)
    if "reporting" not in raw:
        raise ValueError(f"{path}: no [reporting] table (how the line 4c/5c items are "
                         "reported on this form)")
    return {"layout_year": layout_year, **raw["reporting"]}



def years_with(name: str) -> list[int]:
    """Tax years that have a ``forms/<year>/<name>``."""
    return sorted(
        int(p.parent.name) for p in forms_dir().glob(f"*/{name}") if p.parent.name.isdigit()
    )


def plan_years() -> list[int]:
    """Tax years that have a ``forms/<year>/plan.toml`` (the planner's figures)."""
    return years_with("plan.toml")


_Model = TypeVar("_Model", bound=BaseModel)


def _year_file(year: int, name: str, model: type[_Model], what: str) -> _Model:
    """``forms/<year>/<name>`` read and validated as ``model``, its ``tax_year`` checked;
    :class:`YearDataError` naming the file (``what``: the figures, in words) otherwise."""
    path = forms_dir() / str(year) / name
    try:
        if not path.is_file():
            found = ", ".join(str(y) for y in years_with(name))
            raise LookupError(f"no {what} for {year} ({path}; found: {found})")
        with path.open("rb") as handle:
            raw: dict[str, Any] = tomllib.load(handle)
        params = model.model_validate(raw)
        if getattr(params, "tax_year", None) != year:
            raise ValueError(f"{path}: tax_year is {getattr(params, 'tax_year', None)}, "
                             f"expected {year}")
        return params
    except (LookupError, ValueError, tomllib.TOMLDecodeError, OSError) as exc:
        raise YearDataError(f"the {what} of {year} cannot be used: {exc}") from exc


@cache
def load_plan(year: int) -> PlanParams:
    """Read and validate ``forms/<year>/plan.toml`` (the figures of the household planner:
    capital gain rates, Social Security, NIIT, senior deduction, RMDs, IRMAA).

    Raises :class:`YearDataError` naming the file for any problem with the data."""
    return _year_file(year, "plan.toml", PlanParams, "planner figures")


def _codes_path(year: int) -> Path:
    return forms_dir() / str(year) / "codes.toml"


def code_table_years() -> list[int]:
    """Tax years that have a ``forms/<year>/codes.toml`` (a table or a ``same_as``)."""
    return sorted(
        int(p.parent.name) for p in forms_dir().glob("*/codes.toml") if p.parent.name.isdigit()
    )


def _read_codes(year: int) -> dict[str, Any]:
    path = _codes_path(year)
    if not path.is_file():
        years = ", ".join(str(y) for y in code_table_years())
        raise LookupError(f"no Form 1099-R code table for {year} (available: {years})")
    with path.open("rb") as handle:
        raw: dict[str, Any] = tomllib.load(handle)
    if raw.get("tax_year") != year:
        raise ValueError(f"{path}: tax_year is {raw.get('tax_year')}, expected {year}")
    return raw


@cache
def load_codes(year: int) -> CodeTable:
    """The Form 1099-R code table used for ``year`` (:func:`_load_codes`); raises
    :class:`YearDataError` naming the file for any problem with the data."""
    try:
        return _load_codes(year)
    except (LookupError, ValueError, tomllib.TOMLDecodeError, OSError) as exc:
        raise YearDataError(f"the code table of tax year {year} cannot be used: {exc}") \
            from exc


def _load_codes(year: int) -> CodeTable:
    """Read and validate the code table used for ``year``.

    A file with ``same_as = <year>`` uses that year's rows: the table keeps
    ``tax_year = year`` and records ``table_year``, and its ``source`` says
    which table is used and why.  A chain of ``same_as`` is followed; a loop
    is an error.
    """
    raw = _read_codes(year)
    seen = [year]
    while "same_as" in raw:
        target = raw["same_as"]
        if not isinstance(target, int) or target in seen:
            raise ValueError(f"codes.toml for {year}: same_as chain {[*seen, target]} is invalid")
        seen.append(target)
        note = str(raw.get("source", f"the {target} table is used"))
        raw = _read_codes(target)
        raw = {**raw, "source": f"{note}; {raw.get('source', '')}".rstrip("; ")}
    table_year = raw.pop("tax_year")
    return CodeTable.model_validate({**raw, "tax_year": year, "table_year": table_year})


def aca_years() -> list[int]:
    """Coverage years that have a ``forms/<year>/aca.toml`` (premium tax credit figures)."""
    return years_with("aca.toml")


@cache
def load_aca(year: int) -> AcaParams:
    """Read and validate ``forms/<year>/aca.toml`` (the Form 8962 figures of the household
    planner: poverty lines, applicable percentage table).

    Raises :class:`YearDataError` naming the file for any problem with the data."""
    return _year_file(year, "aca.toml", AcaParams, "premium tax credit figures")
