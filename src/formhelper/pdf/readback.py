"""Reading a filled PDF back: every field's value, the embedded files, and the proof
that a fill holds what was meant (:func:`verify_update`, :func:`verify`,
:func:`verify_flat`).

:class:`ReadBack` reads an incremental update the way a PDF reader does: the last
``startxref``, the update's cross-reference section (whose ``/Prev`` must be the
blank's), and each object it lists parsed from the bytes written; every changed
field is checked by its fully qualified name, every other field still resolves to
the blank's unchanged bytes (whose values were read once).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    PdfObject,
    StreamObject,
    read_object,
)

from formhelper.pdf.dump import FieldInfo
from formhelper.pdf.errors import FillError
from formhelper.pdf.opened import Parsed, name_of, value_text

OFF = "/Off"


def read_values(data: bytes) -> dict[str, str]:
    """Every field's value in a PDF, ``""`` when blank; a checkbox's is its state name."""
    reader = PdfReader(io.BytesIO(data))
    out: dict[str, str] = {}
    for name, node in (reader.get_fields() or {}).items():
        value: Any = node.get("/V")
        out[name] = value_text(value)
    return out


def compare(fields: Mapping[str, FieldInfo], values: Mapping[str, str],
             got: Mapping[str, str]) -> None:
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


def verify(data: bytes, fields: Mapping[str, FieldInfo], values: Mapping[str, str]) -> None:
    """Every field of ``data`` (parsed in full) holds what ``values`` says."""
    compare(fields, values, read_values(data))


class ReadBack:
    """An incremental update read back the way a PDF reader reads it.

    From the last ``startxref`` of ``filled`` to its cross-reference section (stream
    or table), whose ``/Prev`` must be the blank's; each object that section lists is
    parsed from the bytes written, every other object is the blank's (the blank's
    bytes are an unchanged prefix of ``filled``, so its parsed objects stand).
    """

    strict = False

    def __init__(self, filled: bytes, blank: Parsed) -> None:
        self._read = read_object
        self.blank = blank
        self.data = filled
        if not filled.startswith(blank.data):
            raise FillError("the filled PDF does not start with the blank form")
        match = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", filled[-64:])
        if match is None:
            raise FillError("the filled PDF does not end with startxref and %%EOF")
        start = int(match.group(1))
        if not len(blank.data) <= start < len(filled):
            raise FillError("the filled PDF's cross-reference section is not its last part")
        self.offsets: dict[int, tuple[int, int]] = {}
        self.cache: dict[int, PdfObject] = {}
        stream = io.BytesIO(filled)
        stream.seek(start)
        if filled[start:start + 4] == b"xref":
            trailer = self._table(stream)
        else:
            trailer = self._stream(stream)
        if trailer.get("/Prev") != blank.reader._startxref:
            raise FillError("the filled PDF's update does not continue the blank form")
        self.trailer = trailer
        if any(not len(blank.data) <= pos <= start for pos, _gen in self.offsets.values()):
            raise FillError("the filled PDF's update points outside itself")

    def _stream(self, stream: io.BytesIO) -> DictionaryObject:
        idnum, _gen = self.blank.reader.read_object_header(stream)
        xref = self._read(stream, self)  # type: ignore[arg-type]
        if not isinstance(xref, StreamObject) or xref.get("/Type") != "/XRef":
            raise FillError("the filled PDF's last cross-reference section is not readable")
        widths = [int(w) for w in cast(ArrayObject, xref["/W"])]
        index = [int(n) for n in cast(ArrayObject, xref.get("/Index", [0, xref["/Size"]]))]
        rows = xref.get_data()
        size = sum(widths)
        at = 0
        for first, count in zip(index[::2], index[1::2], strict=True):
            for idnum in range(first, first + count):
                fields = []
                for width in widths:
                    fields.append(int.from_bytes(rows[at:at + width], "big") if width else 1)
                    at += width
                if fields[0] != 1:
                    raise FillError("the filled PDF's update holds an unexpected entry")
                self.offsets[idnum] = (fields[1], fields[2])
        if at != len(rows) or len(rows) % max(size, 1):
            raise FillError("the filled PDF's cross-reference stream has the wrong length")
        return xref

    def _table(self, stream: io.BytesIO) -> DictionaryObject:
        text = self.data[stream.tell():]
        head, _, rest = text.partition(b"trailer")
        lines = head.split()[1:]
        at = 0
        while at < len(lines):
            first, count = int(lines[at]), int(lines[at + 1])
            at += 2
            for idnum in range(first, first + count):
                pos, gen, kind = int(lines[at]), int(lines[at + 1]), lines[at + 2]
                at += 3
                if kind != b"n":
                    raise FillError("the filled PDF's update holds an unexpected entry")
                self.offsets[idnum] = (pos, gen)
        trailer = self._read(io.BytesIO(rest.lstrip()), self)  # type: ignore[arg-type]
        if not isinstance(trailer, DictionaryObject):
            raise FillError("the filled PDF's trailer is not readable")
        return trailer

    def get_object(self, ref: int | IndirectObject) -> PdfObject | None:
        idnum = ref if isinstance(ref, int) else ref.idnum
        if idnum not in self.offsets:
            return self.blank.reader.get_object(idnum)
        if idnum not in self.cache:
            pos, gen = self.offsets[idnum]
            stream = io.BytesIO(self.data)
            stream.seek(pos)
            if self.blank.reader.read_object_header(stream) != (idnum, gen):
                raise FillError(f"object {idnum} is not where the filled PDF says")
            self.cache[idnum] = self._read(stream, self)  # type: ignore[arg-type]
        return self.cache[idnum]

    def attachments(self) -> dict[str, bytes]:
        """The embedded files of a flat ``/EmbeddedFiles`` name array (what :func:`fill`
        writes)."""
        out: dict[str, bytes] = {}
        tree = self.entry(self.entry(self.root(), "/Names"), "/EmbeddedFiles")
        array = self.entry(tree, "/Names")
        if not isinstance(array, ArrayObject):
            return out
        for index in range(0, len(array) - 1, 2):
            stream = self.entry(self.entry(self.resolve(array[index + 1]), "/EF"), "/F")
            if isinstance(stream, StreamObject):
                out.setdefault(str(array[index]), stream.get_data())
        return out

    def resolve(self, obj: PdfObject | None) -> PdfObject | None:
        """``obj``, or what it refers to in the filled PDF."""
        return self.get_object(obj) if isinstance(obj, IndirectObject) else obj

    def entry(self, obj: PdfObject | None, key: str) -> PdfObject | None:
        """``obj[key]`` resolved in the filled PDF (``None`` when absent)."""
        if not isinstance(obj, DictionaryObject) or key not in obj:
            return None
        return self.resolve(obj.raw_get(key))

    def root(self) -> PdfObject | None:
        return self.resolve(self.trailer.raw_get("/Root"))


def verify_update(filled: bytes, blank: Parsed, values: Mapping[str, str],
                   files: Mapping[str, bytes]) -> None:
    """Read ``filled`` back (:class:`ReadBack`): each field by its fully qualified
    name, the AcroForm dictionary and the embedded files."""
    back = ReadBack(filled, blank)
    got: dict[str, str] = {}
    for name, place in blank.nodes.items():
        if place.ref[0] not in back.offsets:
            got[name] = place.value
            continue
        node = back.get_object(place.ref[0])
        if not isinstance(node, DictionaryObject) or name_of(node, back.get_object) != name:
            raise FillError(f"{name}: the filled PDF has another field in its place")
        got[name] = value_text(node.get("/V"))
    compare(blank.fields, values, got)
    form = back.entry(back.root(), "/AcroForm")
    if not isinstance(form, DictionaryObject) or "/XFA" in form \
            or not form.get("/NeedAppearances"):
        raise FillError("the filled PDF still has XFA or lacks /NeedAppearances")
    root = back.root()
    if isinstance(root, DictionaryObject) and "/Perms" in root:
        raise FillError("the filled PDF still carries the blank's usage-rights signature")
    names = back.entry(root, "/Names")
    if isinstance(root, DictionaryObject) and ("/OpenAction" in root or "/AA" in root or (
            isinstance(names, DictionaryObject) and "/JavaScript" in names)):
        raise FillError("the filled PDF still carries the blank's scripts")
    if files:
        carried = back.attachments()
        for name, data in files.items():
            if carried.get(name) != data:
                raise FillError(f"{name} does not read back from the PDF")



@contextmanager
def quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning per IRS font it cannot fully parse while extracting text."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def verify_flat(data: bytes, values: Mapping[str, str], fields: Mapping[str, FieldInfo]) -> None:
    reader = PdfReader(io.BytesIO(data))
    if "/AcroForm" in reader.root_object:
        raise FillError("flattened PDF still has a form")
    with quiet_pypdf():
        text = "\n".join(page.extract_text() for page in reader.pages)
    missing = [
        f"{name}={value!r}" for name, value in values.items()
        if fields[name]["kind"] == "text" and not fields[name]["comb"] and value not in text
    ]
    if missing:
        raise FillError("flattened PDF does not show: " + ", ".join(missing))


def attachments(pdf: bytes) -> dict[str, bytes]:
    """Every embedded file by name (the first, when a name repeats)."""
    reader = PdfReader(io.BytesIO(pdf))
    return {name: contents[0] for name, contents in reader.attachments.items() if contents}
