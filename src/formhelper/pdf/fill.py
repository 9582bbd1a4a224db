"""Fill a blank IRS PDF by AcroForm field name, then prove the result.

The IRS PDFs are AcroForm + XFA hybrids without ``/NeedAppearances``: a value
written only to the AcroForm ``/V`` shows blank in Adobe Reader (which reads
the XFA) and in viewers that do not build appearances.  So :func:`fill`

1. refuses an unknown field name, a value of the wrong kind and an over-long
   value (``/MaxLen``), before touching the PDF;
2. deletes ``/XFA`` from the AcroForm dictionary;
3. writes the values with pypdf, which generates an appearance stream for each
   text field and sets a checkbox's ``/V`` and ``/AS`` to its on-state name,
   and sets ``/NeedAppearances`` so viewers that rebuild appearances do so;
4. optionally flattens: draws the appearances into the page content and
   removes the form;
5. reads the written bytes back and raises :class:`FillError` if any field
   holds something other than the intended value.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from formhelper.pdf.dump import FieldInfo, read_fields

OFF = "/Off"


class FillError(Exception):
    """A value could not be placed, or the filled PDF does not hold it."""


def check_values(fields: Mapping[str, FieldInfo], values: Mapping[str, str]) -> None:
    """Refuse unknown names, wrong kinds and over-long text before filling."""
    problems: list[str] = []
    for name, value in values.items():
        info = fields.get(name)
        if info is None:
            problems.append(f"{name}: no such field in the blank form")
            continue
        if info["kind"] == "text":
            if value.startswith("/"):
                problems.append(f"{name}: a text field, given the checkbox state {value!r}")
            elif info["maxlen"] is not None and len(value) > info["maxlen"]:
                problems.append(
                    f"{name}: {value!r} is {len(value)} characters, the field takes "
                    f"{info['maxlen']}"
                )
        elif info["kind"] == "checkbox":
            if value not in info["on_states"]:
                problems.append(
                    f"{name}: a checkbox with on-state {info['on_states']}, given {value!r}"
                )
        else:
            problems.append(f"{name}: a {info['kind']} field, which formhelper does not fill")
    if problems:
        raise FillError("; ".join(problems))


def _remove_xfa(writer: PdfWriter) -> None:
    acro_form = writer._root_object["/AcroForm"].get_object()
    if isinstance(acro_form, DictionaryObject) and "/XFA" in acro_form:
        del acro_form["/XFA"]


def _flatten(writer: PdfWriter, values: Mapping[str, str]) -> None:
    """Draw the filled fields into the pages, then drop every widget and the form."""
    writer.update_page_form_field_values(None, dict(values), auto_regenerate=None, flatten=True)
    writer.remove_annotations(subtypes="/Widget")
    del writer._root_object["/AcroForm"]


def read_values(data: bytes) -> dict[str, str]:
    """Every field's value in a PDF, ``""`` when blank; a checkbox's is its state name."""
    reader = PdfReader(io.BytesIO(data))
    out: dict[str, str] = {}
    for name, field in (reader.get_fields() or {}).items():
        value: Any = field.get("/V")
        out[name] = "" if value is None else str(value)
    return out


def _verify(data: bytes, fields: Mapping[str, FieldInfo], values: Mapping[str, str]) -> None:
    got = read_values(data)
    problems: list[str] = []
    for name, info in fields.items():
        want = values.get(name, OFF if info["kind"] == "checkbox" else "")
        have = got.get(name)
        if have is None:
            problems.append(f"{name}: missing from the filled PDF")
        elif info["kind"] == "checkbox" and have in ("", OFF) and want == OFF:
            continue
        elif have != want:
            problems.append(f"{name}: reads back {have!r}, expected {want!r}")
    if problems:
        raise FillError("filled PDF does not hold the intended values: " + "; ".join(problems))


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning per IRS font it cannot fully parse while extracting text."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _verify_flat(data: bytes, values: Mapping[str, str], fields: Mapping[str, FieldInfo]) -> None:
    reader = PdfReader(io.BytesIO(data))
    if "/AcroForm" in reader.root_object:
        raise FillError("flattened PDF still has a form")
    with _quiet_pypdf():
        text = "\n".join(page.extract_text() for page in reader.pages)
    missing = [
        f"{name}={value!r}" for name, value in values.items()
        if fields[name]["kind"] == "text" and not fields[name]["comb"] and value not in text
    ]
    if missing:
        raise FillError("flattened PDF does not show: " + ", ".join(missing))


def fill(blank: bytes, values: Mapping[str, str], *, flatten: bool = False) -> bytes:
    """Return ``blank`` with ``values`` ({fully qualified field name: value}) filled.

    A text value is the text to show; a checkbox value is its on-state name
    (``"/1"``).  Raises :class:`FillError` on a bad value or when reading the
    output back does not give ``values``.
    """
    reader = PdfReader(io.BytesIO(blank))
    fields = {f["name"]: f for f in read_fields(reader)}
    check_values(fields, values)
    writer = PdfWriter(clone_from=reader)
    if "/AcroForm" not in writer._root_object:
        raise FillError("the PDF has no form fields")
    _remove_xfa(writer)
    if values:
        writer.update_page_form_field_values(None, dict(values), auto_regenerate=True)
    else:
        writer.set_need_appearances_writer(True)
    for name, value in values.items():
        # pypdf issue 3115: a checkbox /V must be a name, not a string.
        if fields[name]["kind"] == "checkbox":
            _set_name_value(writer, name, value)
    out = io.BytesIO()
    writer.write(out)
    filled = out.getvalue()
    _verify(filled, fields, values)
    if not flatten:
        return filled
    flat_writer = PdfWriter(clone_from=PdfReader(io.BytesIO(filled)))
    _flatten(flat_writer, values)
    out = io.BytesIO()
    flat_writer.write(out)
    flat = out.getvalue()
    _verify_flat(flat, values, fields)
    return flat


def _set_name_value(writer: PdfWriter, name: str, value: str) -> None:
    for page in writer.pages:
        for ref in page.get("/Annots", []) or []:
            widget = ref.get_object()
            node = widget
            if "/T" not in node and "/Parent" in node:
                node = node["/Parent"].get_object()
            if not isinstance(node, DictionaryObject):
                continue
            if _name_of(node) == name:
                node[NameObject("/V")] = NameObject(value)


def _name_of(node: DictionaryObject) -> str:
    parts: list[str] = []
    current: DictionaryObject | None = node
    while current is not None:
        if "/T" in current:
            parts.append(str(current["/T"]))
        parent = current.get("/Parent")
        current = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts))
