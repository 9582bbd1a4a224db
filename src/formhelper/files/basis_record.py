"""Reading and writing basis records (:mod:`formhelper.calc.basis`).

* ``basis-<year>.json``: the record for the program (versioned, see
  ``docs/basis-record.md``);
* ``basis-<year>.pdf``: the same on one page for the person's files
  (reportlab, ``invariant=1``: the same record gives the same bytes);
* the filled Form 8606 carries the JSON as an embedded file
  (``formhelper-basis-<year>.json``), so one file carries both to next year;
* a filled IRS Form 8606 made by another program is read by field name through
  ``forms/<layout year>/f8606.fields.toml``: line 14 (next year's line 2) and
  the Part II and Part III facts.

Every problem with a file is a :class:`RecordError` whose message names it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from formhelper.calc.basis import (
    RECORD_FORMAT,
    RECORD_VERSION,
    BasisRecord,
    Form8606Facts,
    PersonRecord,
    RothLayerRecord,
    window_ends,
)
from formhelper.calc.roth import Layer, take_in_order
from formhelper.files.reading import InputError, load_json, read_file
from formhelper.models import FilingStatus, Owner, RothLayerKind
from formhelper.money import ZERO, clamp0, fmt_dollars

#: A record is a few kilobytes; a filled Form 8606 well under a few megabytes.
MAX_BYTES = 20_000_000
#: Amounts in a basis record are below this (``formhelper.calc.basis``: ``lt=1e12``).
MAX_AMOUNT = Decimal("1e12")
ATTACHMENT_PREFIX = "formhelper-basis-"


class RecordError(Exception):
    """A file that is not a usable basis record or Form 8606; the message names it."""


def attachment_name(tax_year: int) -> str:
    return f"{ATTACHMENT_PREFIX}{tax_year}.json"


# ------------------------------------------------------------------ JSON


def record_json(record: BasisRecord) -> bytes:
    """The record as JSON text (amounts are numbers, dates ``YYYY-MM-DD``)."""
    return (record.model_dump_json(indent=2) + "\n").encode()


def parse_record(raw: bytes, source: str) -> BasisRecord:
    """Validate JSON bytes as a basis record; raises :class:`RecordError`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecordError(f"{source}: not a basis record (not UTF-8 text)") from None
    try:
        data = load_json(text, source, "not a basis record (not JSON)")
    except InputError as exc:
        raise RecordError(str(exc)) from None
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
        raise RecordError(f"{source}: not a formhelper basis record (no \"format\": "
                          f"\"{RECORD_FORMAT}\"); give a basis-<year>.json written by "
                          "`formhelper prepare`, or a filled Form 8606 PDF")
    version = data.get("version")
    if isinstance(version, int) and version > RECORD_VERSION:
        raise RecordError(f"{source}: basis record version {version} was written by a newer "
                          f"formhelper (this one reads version {RECORD_VERSION})")
    try:
        return BasisRecord.model_validate(data)
    except ValidationError as exc:
        raise RecordError(f"{source}: damaged basis record: {_problems(exc)}") from None


def _problems(exc: ValidationError) -> str:
    """The first few problems, each ``where: what`` as in a case file's messages
    (``people[0].history[0].line_14: must not be negative``), on one line (a key
    holding a line break or another unprintable character is escaped)."""
    from formhelper.files.casefile import validation_problems

    return "; ".join(validation_problems(exc)[:5])


# ------------------------------------------------------------------ reading any source


@dataclass
class Loaded:
    """A record read from a file, with what the reader could not know."""

    record: BasisRecord
    #: How it was read: ``json``, ``attachment`` or ``fields``.
    how: str
    warnings: list[str] = field(default_factory=list)


def read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file of at most :data:`MAX_BYTES`."""
    try:
        return read_file(path, MAX_BYTES, "basis record or Form 8606")
    except InputError as exc:
        raise RecordError(str(exc)) from None


def is_pdf(raw: bytes) -> bool:
    return raw.lstrip()[:5] == b"%PDF-"


def load_record(path: Path, *, form_year: int | None = None) -> Loaded:
    """A basis record from ``basis-<year>.json`` or a filled Form 8606 PDF.

    ``form_year`` is the tax year of a Form 8606 that carries no record (it
    chooses the field map); without it such a PDF is refused.
    """
    raw = read_bytes(path)
    if is_pdf(raw):
        return read_8606_pdf(raw, str(path), form_year)
    return Loaded(parse_record(raw, str(path)), "json")


# ------------------------------------------------------------------ Form 8606 PDFs


def _pdf_parts(raw: bytes, source: str) -> tuple[dict[str, bytes], dict[str, str]]:
    """(attachments, field values) of a PDF, read within the bounds of
    :mod:`formhelper.pdf.bounded`; a broken, hostile or locked PDF is a
    :class:`RecordError` saying why (and how to remove a password)."""
    from formhelper.pdf.bounded import PdfRefused, bounded
    from formhelper.pdf.readback import attachments, read_values

    try:
        with bounded(source):
            return attachments(raw), read_values(raw)
    except PdfRefused as exc:
        raise RecordError(str(exc)) from None


def read_8606_pdf(raw: bytes, source: str, form_year: int | None) -> Loaded:
    """Our Form 8606 (the embedded record), else any filled IRS Form 8606 by field name."""
    files, values = _pdf_parts(raw, source)
    ours = sorted(n for n in files if n.startswith(ATTACHMENT_PREFIX) and n.endswith(".json"))
    if ours and len(files[ours[-1]]) > MAX_BYTES:
        raise RecordError(f"{source}: its embedded {ours[-1]} is larger than {MAX_BYTES:,} "
                          "bytes (the limit); not a basis record")
    if ours:
        return Loaded(parse_record(files[ours[-1]], f"{source} (embedded {ours[-1]})"),
                      "attachment")
    if not values:
        raise RecordError(f"{source}: a PDF without form fields or a formhelper basis record; "
                          "not a fillable Form 8606")
    if form_year is None:
        raise RecordError(f"{source}: a Form 8606 without a formhelper basis record; give the "
                          "year to start (--year) so the form's year is known")
    return _from_fields(values, source, form_year)


#: An amount on a form: digits 0-9 only (``\d`` and ``Decimal`` would also take
#: fullwidth or Arabic-Indic digits), thousands separators, at most cents.
_DOLLARS = re.compile(r"^\(?-?[0-9,]+(\.[0-9]{1,2})?\)?$", re.ASCII)


def _amount(text: str, source: str, line: str) -> Decimal | None:
    """A Form 8606 line's text as an amount (blank: ``None``; ``-0-``: 0)."""
    text = text.strip().replace("$", "").replace(" ", "")
    if text in ("", "-0-", "-"):
        return None if text == "" else ZERO
    if not _DOLLARS.match(text):
        hint = " (write the digits 0-9)" if any(ch.isdigit() for ch in text
                                                  if not ch.isascii()) else ""
        raise RecordError(f"{source}: Form 8606 {line.replace('_', ' ')} holds {text!r}, "
                          f"not an amount{hint}")
    negative = text.startswith("(") or text.startswith("-")
    try:
        value = Decimal(text.strip("()-").replace(",", ""))
    except InvalidOperation:
        raise RecordError(f"{source}: Form 8606 {line.replace('_', ' ')} holds {text!r}, "
                          "not an amount") from None
    if negative:
        raise RecordError(f"{source}: Form 8606 {line.replace('_', ' ')} is negative "
                          f"({text}); no Form 8606 line is")
    if value >= MAX_AMOUNT:
        raise RecordError(f"{source}: Form 8606 {line.replace('_', ' ')} holds {text!r}, "
                          f"too large for an amount (at most {fmt_dollars(MAX_AMOUNT - 1)})")
    return value


def _from_fields(values: dict[str, str], source: str, form_year: int) -> Loaded:
    """Read a filled Form 8606 of ``form_year`` by its AcroForm field names."""
    from formhelper.files.years import load as load_params
    from formhelper.pdf.fieldmap import FieldMapError, has_map, layout_for, load_map

    try:
        # The year's own layout when `forms add` derived it (as prepare filled it).
        layout = layout_for("f8606", form_year, load_params(form_year).layout_year)
    except Exception:
        raise RecordError(f"{source}: tax year {form_year} is not supported") from None
    if not has_map("f8606", layout):
        raise RecordError(f"{source}: formhelper cannot read a {form_year} Form 8606 (no field "
                          f"map for the {layout} layout); import the basis-{form_year}.json "
                          "record instead, or type last year's figures into the case file")
    try:
        fmap = load_map("f8606", layout)
    except FieldMapError as exc:
        raise RecordError(f"{source}: {exc}") from None
    missing = [f.field for f in fmap.fields if f.field not in values]
    if missing:
        raise RecordError(f"{source}: not a {layout}-layout Form 8606: {len(missing)} of its "
                          f"fields are missing (e.g. {missing[0]})")
    lines: dict[str, Decimal | None] = {}
    for entry in fmap.fields:
        if entry.format == "dollars":
            lines[entry.line] = _amount(values[entry.field], source, entry.line)
    name = values[fmap.by_line("name")[0].field].strip() if fmap.by_line("name") else ""
    if all(v is None for v in lines.values()):
        raise RecordError(f"{source}: the Form 8606 is blank (no line holds an amount)")
    try:
        return _person_from_lines(lines, name or "(name not on the form)", source, form_year)
    except ValidationError as exc:
        raise RecordError(f"{source}: the Form 8606 figures do not make a basis record: "
                          f"{_problems(exc)}") from None


def _person_from_lines(lines: dict[str, Decimal | None], name: str, source: str,
                       year: int) -> Loaded:
    """What one filed Form 8606 says about next year (Form 8606 instructions: line 2 is
    line 14; line 22 and line 24 charts)."""
    warnings: list[str] = [
        f"{source}: read from the fields of a Form 8606 not made by formhelper; check each "
        "figure against the form"]

    def get(line: str) -> Decimal:
        return lines.get(line) or ZERO

    line_14 = lines.get("line_14")
    if line_14 is None:
        warnings.append(f"line 14 of the {year} form is blank (Part I was not needed): "
                        "prior_basis is set to 0; if you have basis, it is line 14 of your last "
                        "Form 8606 that has one")
    layers: list[Layer] = []
    from_this_year = ZERO
    first_roth: int | None = None
    if lines.get("line_16") is not None:
        layers.append(Layer(year, RothLayerKind.CONVERSION, get("line_18"), get("line_17")))
        first_roth = year
        warnings.append(f"roth.first_contribution_year set to {year}, the year of the form's "
                        "conversion; if a Roth IRA of yours was funded earlier, enter that year")
    contribution_basis = ZERO
    if lines.get("line_19") is not None:
        # Line 22 chart: next year's line 22 = this line 22 less line 19, not below zero.
        contribution_basis = clamp0(get("line_22") - get("line_19"))
        line_23 = get("line_23")
        earlier = clamp0(get("line_24") - get("line_16"))
        from_earlier = min(line_23, earlier)
        # Line 23 takes from the oldest layers first: earlier years' before this year's.
        from_this_year = line_23 - from_earlier
        left = earlier - from_earlier
        if left > 0:
            warnings.append(
                f"{fmt_dollars(left)} of conversions or plan rollovers from before {year} is "
                "still in your Roth IRAs (line 24 less line 16 less what line 23 took); the "
                "form does not say which years: add them as roth.layers with their years "
                "(your earlier Forms 8606 lines 16-18)")
    else:
        warnings.append(
            "Form 8606 Part III is blank, so it does not show your regular Roth IRA "
            "contributions: add roth.contribution_basis (and earlier roth.layers) yourself")
    carried, _earnings = take_in_order(from_this_year, layers)
    facts = Form8606Facts(year=year, source="pdf",
                          **{k: v for k, v in lines.items()
                             if k in Form8606Facts.model_fields})
    person = PersonRecord(
        owner=Owner.TAXPAYER,
        name=name,
        traditional_ira_basis=line_14 or ZERO,
        traditional_ira_basis_year=year if line_14 is not None else None,
        roth_contribution_basis=contribution_basis,
        roth_layers=[RothLayerRecord(year=lay.year, kind=lay.kind, taxable=lay.taxable,
                                     nontaxable=lay.nontaxable,
                                     taxable_taken=lay.taxable_taken,
                                     nontaxable_taken=lay.nontaxable_taken,
                                     window_ends=window_ends(lay.year)) for lay in carried],
        roth_first_contribution_year=first_roth,
        prior_first_time_homebuyer=get("line_20"),
        history=[facts],
    )
    record = BasisRecord(tax_year=year, for_tax_year=year + 1,
                         filing_status=FilingStatus.SINGLE, people=[person])
    return Loaded(record, "fields", warnings)


# ------------------------------------------------------------------ next year's case file


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | date):
        return str(value) if not isinstance(value, date) else value.isoformat()
    if isinstance(value, str):
        if re.fullmatch(r"\d+(\.\d+)?", value):
            return value  # an amount with cents
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list) and not value:
        return "[]"
    raise TypeError(f"cannot write {value!r} as TOML")


def _toml_table(prefix: str, table: dict[str, Any], out: list[str]) -> None:
    subtables: list[tuple[str, dict[str, Any]]] = []
    arrays: list[tuple[str, list[dict[str, Any]]]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            subtables.append((key, value))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            arrays.append((key, value))
        else:
            out.append(f"{key} = {_toml_value(value)}")
    for key, sub in subtables:
        name = f"{prefix}.{key}" if prefix else key
        out += ["", f"[{name}]"]
        _toml_table(name, sub, out)
    for key, items in arrays:
        name = f"{prefix}.{key}" if prefix else key
        for item in items:
            out += ["", f"[[{name}]]"]
            _toml_table(name, item, out)


def case_text(case: dict[str, Any], suffix: str, header: list[str]) -> str:
    """The case file as TOML (``.toml`` or no suffix) or JSON (``.json``)."""
    if suffix.lower() == ".json":
        return json.dumps(case, indent=2, default=_json_default) + "\n"
    out = [f"# {line}" if line else "#" for line in header]
    _toml_table("", case, out)
    return "\n".join(out).lstrip("\n") + "\n"


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {value!r} as JSON")
