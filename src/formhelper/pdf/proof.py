"""Proving that a PDF is a sound blank IRS form before it is kept or filled.

A form filled for one person and stored as if it were blank would put that
person's name and SSN into every return filled on top of it; a damaged one would
give unreadable forms; one carrying scripts would pass them on.  :func:`prove`
accepts a PDF only when

1. it parses whole: a strict parse, every object its cross-reference sections
   list, every stream decoded (within :mod:`formhelper.pdf.bounded`), and the
   file ends with ``%%EOF``;
2. its fields match the committed dump ``forms/<year>/<form>.acroform.json``;
3. no field holds a value: no ``/V``, no checked box, no text drawn in a text
   box's appearance;
4. it carries no action that a fill would pass on: no ``/OpenAction``, no ``/AA``
   (actions on open, close, focus, keystroke...), no JavaScript, launch, submit
   or import action anywhere.  The one exception is the document-level
   JavaScript the IRS forms carry, Adobe's XFA version check (names
   ``!ADBE::...``), which goes with the XFA form: every fill drops both
   (:func:`formhelper.pdf.update.fill_update`);
5. a trial fill of every text field and checkbox reads back, from a strict parse
   of the bytes written.
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from formhelper.pdf.bounded import MAX_DECODED, PdfRefused, bounded, why
from formhelper.pdf.dump import differences, dump_reader
from formhelper.pdf.fieldmap import load_dump
from formhelper.pdf.opened import Parsed, name_of, parsed, value_text

#: Actions a link or button may carry in a blank: go to a page or open a web page.
HARMLESS_ACTIONS = frozenset({"/GoTo", "/URI"})
#: The prefix of the names of Adobe's XFA version-check scripts (every IRS form).
ADOBE_SCRIPT = "!ADBE::"
#: Operators that draw text (PDF 32000-1, 9.4.3).
_SHOWS_TEXT = re.compile(rb"(?:^|[\s)\]>])(?:Tj|TJ|'|\")(?=\s|$)")


def prove(data: bytes, form: str, layout_year: int, source: str) -> tuple[Parsed | None,
                                                                           list[str]]:
    """(``data`` opened, why it is not a sound blank ``form`` of ``layout_year``):
    an empty list of problems means it is one."""
    try:
        with bounded(source):
            whole = _whole(data)
            if whole:
                return None, whole
            opened = parsed(data)
            problems = [f"fields differ from the committed dump: {problem}"
                        for problem in differences(
                            load_dump(form, layout_year),
                            dump_reader(opened.reader, data, list(opened.fields.values())))]
            problems += _values(opened) + _actions(opened.reader)
            if not problems:
                problems = _trial_fill(opened)
    except PdfRefused as exc:
        return None, [str(exc).removeprefix(f"{source}: ")]
    return opened, problems


def prove_unshipped(data: bytes, source: str) -> list[str]:
    """Why ``data`` is not a sound blank of a layout formhelper does not ship (empty when
    it is one): it parses whole, no field holds a value, no box is checked and it has no
    actions or scripts.  There is no committed dump to match; the form mapper proves its
    map by filling and reading back (:mod:`formhelper.app.forms_map`)."""
    try:
        with bounded(source):
            whole = _whole(data)
            if whole:
                return whole
            opened = parsed(data)
            return _values(opened) + _actions(opened.reader)
    except PdfRefused as exc:
        return [str(exc).removeprefix(f"{source}: ")]


class _Repairs(logging.Handler):
    """pypdf's warnings, kept: each one is a repair of a damaged part (a stream that
    does not decompress whole, a cross-reference entry off by some bytes)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _repairs() -> Iterator[_Repairs]:
    logger = logging.getLogger("pypdf")
    level, propagate = logger.level, logger.propagate
    handler = _Repairs()
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _whole(data: bytes) -> list[str]:
    """Problems of a strict parse of every object and stream of ``data``, including
    the damage pypdf repairs with a warning."""
    if not data.rstrip(b"\r\n\t \0").endswith(b"%%EOF"):
        return ["the file is cut short (it does not end with %%EOF)"]
    with _repairs() as repairs:
        problems = _parse_all(data)
    if not problems and repairs.messages:
        problems = [f"does not parse whole: a damaged part ({repairs.messages[0][:120]})"]
    return problems


def _parse_all(data: bytes) -> list[str]:
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        numbers = {idnum for table in reader.xref.values() for idnum in table}
        numbers |= set(reader.xref_objStm)
        for idnum in sorted(numbers):
            obj = reader.get_object(idnum)
            if obj is None:
                return [f"object {idnum} cannot be read"]
            if isinstance(obj, StreamObject):
                if not _inflates_whole(obj):
                    return [f"object {idnum} is damaged (its compressed data does not "
                            "decompress whole)"]
                obj.get_data()
    except (PdfRefused, MemoryError):
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        return [f"does not parse whole: {why(exc)}"]
    return []


def _inflates_whole(obj: StreamObject) -> bool:
    """A Flate stream's data decompresses to its end mark, its checksum right (pypdf
    recovers a damaged one silently, cutting bytes off its tail until it inflates)."""
    filters = obj.get("/Filter")
    first = filters[0] if isinstance(filters, ArrayObject) and filters else filters
    if first not in ("/FlateDecode", "/Fl"):
        return True
    data = obj._data if hasattr(obj, "_data") else b""
    try:
        inflater = zlib.decompressobj()
        inflater.decompress(data, MAX_DECODED)
    except zlib.error:
        return False
    return inflater.eof or bool(inflater.unconsumed_tail)


def _values(opened: Parsed) -> list[str]:
    """Fields that hold something: a value, a checked box, text in a box's appearance.
    The value itself is never shown (it may be someone's SSN)."""
    problems: list[str] = []
    for name, place in opened.nodes.items():
        if place.value not in ("", "/Off"):
            problems.append(f"{name}: holds a value; this is a filled form, not a blank")
    for page in opened.reader.pages:
        for ref in page.get("/Annots") or []:
            widget = ref.get_object()
            if not isinstance(widget, DictionaryObject) or widget.get("/Subtype") != "/Widget":
                continue
            name = name_of(widget)
            info = opened.fields.get(name)
            if info is not None and info["kind"] == "checkbox":
                if value_text(widget.get("/AS")) not in ("", "/Off"):
                    problems.append(f"{name}: the box is checked; this is a filled form, "
                                    "not a blank")
                continue
            normal = _entry(_entry(widget, "/AP"), "/N")
            if isinstance(normal, StreamObject) and _SHOWS_TEXT.search(normal.get_data()):
                problems.append(f"{name}: text is drawn in the box; this is a filled form, "
                                "not a blank")
    if not opened.nodes:  # a blank filled by cloning: read the values the slow way
        problems += [f"{name}: holds a value; this is a filled form, not a blank"
                     for name, node in (opened.reader.get_fields() or {}).items()
                     if value_text(node.get("/V")) not in ("", "/Off")]
    return problems


def _entry(obj: Any, key: str) -> Any:
    if not isinstance(obj, DictionaryObject) or key not in obj:
        return None
    return obj[key].get_object()


def _actions(reader: PdfReader) -> list[str]:
    """Actions and scripts a fill would pass on (see the module's point 4)."""
    problems: list[str] = []
    root = reader.root_object
    adobe: set[int] = set()
    scripts = _entry(_entry(root, "/Names"), "/JavaScript")
    if scripts is not None:
        names = _entry(scripts, "/Names")
        if "/Kids" in scripts or not isinstance(names, ArrayObject):
            problems.append("it carries document JavaScript (a name tree of scripts)")
        else:
            for index in range(0, len(names) - 1, 2):
                ref = names[index + 1]
                if str(names[index]).startswith(ADOBE_SCRIPT) and isinstance(ref,
                                                                             IndirectObject):
                    adobe.add(ref.idnum)
                else:
                    problems.append(f"it carries document JavaScript ({str(names[index])[:40]!r})")
    if "/OpenAction" in root:
        problems.append("it runs an action when opened (/OpenAction)")
    numbers = {idnum for table in reader.xref.values() for idnum in table}
    numbers |= set(reader.xref_objStm)
    for idnum in sorted(numbers):
        obj = reader.get_object(idnum)
        if not isinstance(obj, DictionaryObject):
            continue
        if "/AA" in obj:
            problems.append(f"object {idnum} runs actions on events (/AA)")
        kind = obj.get("/S")
        if idnum in adobe:
            continue
        if "/JS" in obj or kind == "/JavaScript":
            problems.append(f"object {idnum} is JavaScript")
        elif "/A" in obj and ("/Subtype" in obj or "/Title" in obj):  # annotation, outline
            action = _entry(obj, "/A")
            if isinstance(action, DictionaryObject) and \
                    action.get("/S") not in HARMLESS_ACTIONS:
                problems.append(f"object {idnum} has a {action.get('/S')} action")
    return problems


def trial_values(opened: Parsed) -> dict[str, str]:
    """A value for every text field (digits up to its length) and every checkbox
    (its first on-state)."""
    values: dict[str, str] = {}
    for name, info in opened.fields.items():
        if info["kind"] == "text":
            values[name] = "8" * min(info["maxlen"] or 4, 4)
        elif info["kind"] == "checkbox" and info["on_states"]:
            values[name] = info["on_states"][0]
    return values


def _trial_fill(opened: Parsed) -> list[str]:
    """Fill every field, then read the output back from a strict parse of its bytes."""
    from formhelper.pdf.errors import FillError
    from formhelper.pdf.fill import fill

    values = trial_values(opened)
    try:
        filled = fill(opened, values)
    except FillError as exc:
        return [f"a trial fill failed: {exc}"]
    try:
        reader = PdfReader(io.BytesIO(filled), strict=True)
        got = {name: value_text(node.get("/V"))
               for name, node in (reader.get_fields() or {}).items()}
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        return [f"a trial fill does not read back: {why(exc)}"]
    wrong = [name for name, value in values.items() if got.get(name) != value]
    if wrong:
        return [f"a trial fill does not read back: {wrong[0]} (and {len(wrong) - 1} more)"]
    return []
