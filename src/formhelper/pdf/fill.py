"""Fill a blank IRS PDF by AcroForm field name, then prove the result.

The IRS PDFs are AcroForm + XFA hybrids without ``/NeedAppearances``: a value
written only to the AcroForm ``/V`` shows blank in Adobe Reader (which reads
the XFA) and in viewers that do not build appearances.  So :func:`fill`

1. refuses an unknown field name, a value of the wrong kind and an over-long
   value (``/MaxLen``), before touching the PDF;
2. deletes ``/XFA`` from the AcroForm dictionary, and the usage-rights signature
   (``/Perms``) from the catalog, which the changes would break (Adobe Reader then
   says the document was changed and disables its extended features);
3. writes the values, with an appearance stream for each text field (pypdf's
   ``TextStreamAppearance``, as ``PdfWriter.update_page_form_field_values``
   makes it) and a checkbox's ``/V`` and ``/AS`` set to its on-state name,
   and sets ``/NeedAppearances`` so viewers that rebuild appearances do so;
4. embeds the files given (the basis record in Form 8606);
5. optionally flattens: draws the appearances into the page content and
   removes the form;
6. reads the written bytes back and raises :class:`FillError` if any field
   holds something other than the intended value.

Steps 2-4 are an *incremental update* (PDF 32000-1, 7.5.6): the blank's bytes
unchanged, then only the changed field dictionaries, the AcroForm dictionary,
the new appearance streams and embedded file, and a cross-reference section
whose ``/Prev`` is the blank's.  The blank is parsed once per process
(:func:`parsed`) and never modified: each fill copies the dictionaries it
changes.  The IRS forms ask for this (``/SigFlags 2``, append only).  The
read-back (step 6, :class:`_ReadBack`) reads the output as a PDF reader does:
the last ``startxref``, the update's cross-reference section (whose ``/Prev``
must be the blank's), and each object it lists parsed from the bytes written;
every changed field is checked by its fully qualified name, every other field
still resolves to the blank's unchanged bytes (whose values were read once).
A blank of an unusual shape (encrypted, a widget that is not an indirect
object) is filled by cloning the whole document instead, and read back by
parsing the whole output.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import struct
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
    create_string_object,
    read_object,
)

from formhelper.pdf.dump import FieldInfo, read_fields
from formhelper.pdf.errors import FillError as FillError  # re-exported

OFF = "/Off"


class _Unfit(Exception):
    """The blank has a shape the incremental update does not handle: clone instead."""


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


# ---------------------------------------------------------------------------
# The parsed blank, once per process


@dataclass(frozen=True)
class _Field:
    """Where one field lives in the blank, by object number (resolved when filled)."""

    #: (object number, generation) of the field dictionary (holding ``/T`` and ``/V``)
    ref: tuple[int, int]
    #: (object number, generation, page index) of each widget
    widgets: tuple[tuple[int, int, int], ...]
    #: ``/V`` in the blank, as :func:`read_values` gives it.
    value: str


class _OneObjectReader(PdfReader):
    """A reader that parses an object of an object stream only when it is used.

    pypdf 7 parses every object of an object stream the first time one of them is
    used, which suits the full parse (:func:`parsed`); a blank opened from its
    index needs a dozen of its ~2,000 objects, so here only those are parsed.  An
    object its stream's header does not list is left to pypdf.
    """

    def __init__(self, stream: io.BytesIO) -> None:
        #: object stream number -> (decoded data, {object number: offset in it})
        self._stream_tables: dict[int, tuple[bytes, dict[int, int]]] = {}
        super().__init__(stream)

    def _get_object_from_stream(self, indirect_reference: IndirectObject) -> PdfObject:
        idnum = indirect_reference.idnum
        stmnum, _index = self.xref_objStm[idnum]
        table = self._stream_tables.get(stmnum)
        if table is None:
            table = self._stream_tables[stmnum] = self._stream_table(stmnum)
        data, offsets = table
        if idnum not in offsets:
            return super()._get_object_from_stream(indirect_reference)
        stream = io.BytesIO(data)
        stream.seek(offsets[idnum])
        obj: PdfObject = read_object(stream, self)
        self.cache_indirect_object(0, idnum, obj)
        return obj

    def _stream_table(self, stmnum: int) -> tuple[bytes, dict[int, int]]:
        """The decoded object stream and where each object starts (PDF 32000-1, 7.5.7)."""
        obj_stm = IndirectObject(stmnum, 0, self).get_object()
        if not isinstance(obj_stm, StreamObject):
            return b"", {}
        data = obj_stm.get_data()
        try:
            first, count = int(cast(int, obj_stm["/First"])), int(cast(int, obj_stm["/N"]))
            header = data[:first].split()
            offsets = {int(header[2 * i]): first + int(header[2 * i + 1])
                       for i in range(min(count, len(header) // 2))}
        except (KeyError, ValueError):
            return data, {}
        return data, offsets


#: Bumped whenever what :meth:`Parsed.index` holds, or how it is read, changes.
INDEX_FORMAT = 1


@dataclass
class Parsed:
    """A blank parsed once: the reader, its fields and where each one is.

    ``nodes`` is filled only when the blank can take an incremental update (every
    field and widget an indirect object); otherwise the document is cloned.
    """

    data: bytes
    reader: PdfReader
    fields: dict[str, FieldInfo]
    nodes: dict[str, _Field]
    #: The blank can take an incremental update (else the document is cloned).
    incremental: bool

    def index(self) -> dict[str, Any]:
        """What :meth:`from_index` needs to skip the full parse of the same bytes:
        the fields and the object numbers of each field and widget (JSON-ready)."""
        return {
            "format": INDEX_FORMAT,
            "size": len(self.data),
            "incremental": self.incremental,
            "fields": list(self.fields.values()),
            "nodes": {name: [list(place.ref), [list(w) for w in place.widgets], place.value]
                      for name, place in self.nodes.items()},
        }

    @classmethod
    def from_index(cls, data: bytes, index: Any) -> Parsed:
        """``data`` opened lazily (pypdf reads an object when it is first used) with
        the fields and object numbers of :meth:`index`, made from these same bytes.

        Raises ``ValueError`` when ``index`` is not such an index (then parse in full).
        A wrong object number cannot fill the wrong box: the read-back checks each
        filled field by its fully qualified name.
        """
        try:
            if index["format"] != INDEX_FORMAT or index["size"] != len(data):
                raise ValueError("another index format or file")
            fields: dict[str, FieldInfo] = {}
            for item in index["fields"]:
                info = FieldInfo(
                    name=str(item["name"]), kind=str(item["kind"]),
                    maxlen=None if item["maxlen"] is None else int(item["maxlen"]),
                    on_states=[str(s) for s in item["on_states"]], page=int(item["page"]),
                    rect=[float(v) for v in item["rect"]], comb=bool(item["comb"]),
                    multiline=bool(item["multiline"]))
                fields[info["name"]] = info
            nodes = {
                str(name): _Field((int(ref[0]), int(ref[1])),
                                  tuple((int(w[0]), int(w[1]), int(w[2])) for w in widgets),
                                  str(value))
                for name, (ref, widgets, value) in index["nodes"].items()
            }
            incremental = index["incremental"] is True
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ValueError(f"not a blank-form index ({exc})") from exc
        if incremental and set(nodes) != set(fields):
            raise ValueError("not a blank-form index (fields and nodes differ)")
        return cls(data, _OneObjectReader(io.BytesIO(data)), fields, nodes, incremental)


def _value_text(value: Any) -> str:
    return "" if value is None else str(value)


@functools.lru_cache(maxsize=8)
def parsed(data: bytes) -> Parsed:
    """``data`` parsed in full, with its fields; kept for the life of the process.

    Callers must not change what it holds (:func:`fill` copies what it changes).
    """
    reader = PdfReader(io.BytesIO(data))
    fields = {f["name"]: f for f in read_fields(reader)}
    refs: dict[str, tuple[int, int]] = {}
    widgets: dict[str, list[tuple[int, int, int]]] = {}
    values: dict[str, str] = {}
    incremental = not reader.is_encrypted
    for page_index, page in enumerate(reader.pages):
        annots = page.get("/Annots")
        if annots is None:
            continue
        for item in annots.get_object():
            widget = item.get_object()
            if not isinstance(widget, DictionaryObject) or widget.get("/Subtype") != "/Widget":
                continue
            ref = item if isinstance(item, IndirectObject) else None
            node, node_ref = widget, ref
            if "/T" not in widget and "/Parent" in widget:
                node_ref = widget.raw_get("/Parent")
                parent = widget["/Parent"].get_object()
                if isinstance(parent, DictionaryObject):
                    node = parent
                if not isinstance(node_ref, IndirectObject) or node is widget:
                    node_ref = None
            if ref is None or node_ref is None:
                incremental = False
                continue
            name = _name_of(widget)
            refs.setdefault(name, (node_ref.idnum, node_ref.generation))
            values.setdefault(name, _value_text(node.get("/V")))
            widgets.setdefault(name, []).append((ref.idnum, ref.generation, page_index))
    root_ref = reader.trailer.raw_get("/Root")
    if not isinstance(root_ref, IndirectObject):
        incremental = False
    nodes = {name: _Field(refs[name], tuple(widgets[name]), values[name]) for name in refs}
    if not incremental:
        nodes = {}
    return Parsed(data, reader, fields, nodes, incremental)


# ---------------------------------------------------------------------------
# Incremental update


class _Update:
    """The objects of one incremental update: copies of changed objects, new objects.

    It stands in for a ``PdfWriter`` where pypdf's appearance-stream code adds an
    object (``_add_object``), so new objects are numbered after the blank's.
    """

    def __init__(self, blank: Parsed) -> None:
        self.blank = blank
        self.reader = blank.reader
        self.changed: dict[int, tuple[int, PdfObject]] = {}
        self.size = int(cast(int, self.reader.trailer["/Size"]))
        self.new: list[PdfObject] = []

    # the part of the PdfWriter interface pypdf's appearance code uses
    def _add_object(self, obj: PdfObject) -> IndirectObject:
        self.new.append(obj)
        obj.indirect_reference = IndirectObject(self.size + len(self.new) - 1, 0, self)
        return obj.indirect_reference

    def get_object(self, ref: int | IndirectObject) -> PdfObject | None:
        idnum = ref if isinstance(ref, int) else ref.idnum
        if idnum >= self.size:
            return self.new[idnum - self.size]
        if idnum in self.changed:
            return self.changed[idnum][1]
        obj: PdfObject | None = self.reader.get_object(idnum)
        return obj

    def own(self, ref: IndirectObject) -> DictionaryObject:
        """A copy of the blank's dictionary ``ref`` that this update may change."""
        if ref.idnum in self.changed:
            obj = self.changed[ref.idnum][1]
            assert isinstance(obj, DictionaryObject)
            return obj
        original = ref.get_object()
        if not isinstance(original, DictionaryObject) or isinstance(original, StreamObject):
            raise FillError(f"object {ref.idnum} of the blank is not a dictionary")
        copy = DictionaryObject(original)
        copy.indirect_reference = IndirectObject(ref.idnum, ref.generation, self)
        self.changed[ref.idnum] = (ref.generation, copy)
        return copy

    def own_entry(self, parent: DictionaryObject, key: str) -> DictionaryObject:
        """``parent[key]`` (a dictionary, direct or not) as a copy this update may change."""
        raw = parent.raw_get(key) if key in parent else None
        if isinstance(raw, IndirectObject):
            return self.own(raw)
        copy = DictionaryObject(raw) if isinstance(raw, DictionaryObject) else DictionaryObject()
        parent[NameObject(key)] = copy
        return copy

    def root(self) -> DictionaryObject:
        return self.own(self.reader.trailer.raw_get("/Root"))

    def write(self) -> bytes:
        """The blank's bytes, then the changed and new objects and a cross-reference
        section (a stream when the blank ends with one, else a table)."""
        out = io.BytesIO()
        out.write(self.blank.data)
        if not self.blank.data.endswith((b"\n", b"\r")):
            out.write(b"\n")
        objects = {idnum: (gen, obj) for idnum, (gen, obj) in self.changed.items()}
        for index, obj in enumerate(self.new):
            objects[self.size + index] = (0, obj)
        offsets: dict[int, tuple[int, int]] = {}
        for idnum in sorted(objects):
            gen, obj = objects[idnum]
            offsets[idnum] = (out.tell(), gen)
            out.write(f"{idnum} {gen} obj\n".encode())
            obj.write_to_stream(out)
            out.write(b"\nendobj\n")
        trailer = DictionaryObject()
        for key in ("/Root", "/Info", "/ID"):
            if key in self.reader.trailer:
                trailer[NameObject(key)] = self.reader.trailer.raw_get(key)
        trailer[NameObject("/Prev")] = NumberObject(self.reader._startxref)
        if self.reader.xref_objStm or self.reader.trailer.get("/Type") == "/XRef":
            self._xref_stream(out, offsets, trailer)
        else:
            self._xref_table(out, offsets, trailer)
        return out.getvalue()

    def _xref_stream(self, out: io.BytesIO, offsets: dict[int, tuple[int, int]],
                     trailer: DictionaryObject) -> None:
        xref_id = self.size + len(self.new)
        start = out.tell()
        offsets = {**offsets, xref_id: (start, 0)}
        rows = b"".join(struct.pack(">BIH", 1, pos, gen) for _, (pos, gen) in
                        sorted(offsets.items()))
        stream = DecodedStreamObject()
        stream.update(trailer)
        stream.update({
            NameObject("/Type"): NameObject("/XRef"),
            NameObject("/Size"): NumberObject(xref_id + 1),
            NameObject("/Index"): ArrayObject(NumberObject(n) for n in _runs(offsets)),
            NameObject("/W"): ArrayObject([NumberObject(1), NumberObject(4), NumberObject(2)]),
        })
        stream.set_data(rows)
        encoded = stream.flate_encode()
        out.write(f"{xref_id} 0 obj\n".encode())
        encoded.write_to_stream(out)
        out.write(f"\nendobj\nstartxref\n{start}\n%%EOF\n".encode())

    def _xref_table(self, out: io.BytesIO, offsets: dict[int, tuple[int, int]],
                    trailer: DictionaryObject) -> None:
        start = out.tell()
        out.write(b"xref\n")
        runs = _runs(offsets)
        for first, count in zip(runs[::2], runs[1::2], strict=True):
            out.write(f"{first} {count}\n".encode())
            for idnum in range(first, first + count):
                pos, gen = offsets[idnum]
                out.write(f"{pos:010d} {gen:05d} n\r\n".encode())
        trailer[NameObject("/Size")] = NumberObject(self.size + len(self.new))
        out.write(b"trailer\n")
        trailer.write_to_stream(out)
        out.write(f"\nstartxref\n{start}\n%%EOF\n".encode())


def _runs(offsets: Mapping[int, Any]) -> list[int]:
    """``/Index`` of a cross-reference section: first object number and count per run."""
    runs: list[int] = []
    for idnum in sorted(offsets):
        if runs and runs[-2] + runs[-1] == idnum:
            runs[-1] += 1
        else:
            runs += [idnum, 1]
    return runs


def _fill_update(update: _Update, values: Mapping[str, str]) -> None:
    """Put ``values`` into copies of the fields, with appearance streams."""
    from pypdf.generic._appearance_stream import TextStreamAppearance

    blank = update.blank
    root = blank.reader.root_object
    if "/AcroForm" not in root:
        raise FillError("the PDF has no form fields")
    raw_form = root.raw_get("/AcroForm")
    if isinstance(raw_form, IndirectObject):
        acro_form = update.own(raw_form)
    else:
        acro_form = update.own_entry(update.root(), "/AcroForm")
    if "/XFA" in acro_form:
        del acro_form["/XFA"]
    acro_form[NameObject("/NeedAppearances")] = BooleanObject(True)
    if "/Perms" in root:
        # The blank's usage-rights signature (/UR3) covers the bytes we change: left in,
        # Adobe Reader reports the document "changed since it was created" and turns off
        # its extended features.  Without it the form is a plain fillable PDF.
        del update.root()["/Perms"]
    if values:
        # pypdf may add a font for text the form's font cannot encode: to a copy.
        resources = update.own_entry(acro_form, "/DR")
        update.own_entry(resources, "/Font")
    reader = blank.reader
    for name, value in values.items():
        place = blank.nodes[name]
        node_ref = IndirectObject(*place.ref, reader)
        node = update.own(node_ref)
        if blank.fields[name]["kind"] == "checkbox":
            # pypdf issue 3115: a checkbox /V must be a name, not a string.
            node[NameObject("/V")] = NameObject(value)
            for idnum, generation, _page in place.widgets:
                ref = IndirectObject(idnum, generation, reader)
                widget = ref.get_object()
                if not isinstance(widget, DictionaryObject):
                    raise FillError(f"{name}: widget {idnum} of the blank is not a dictionary")
                states = widget.get("/AP", {}).get("/N", {})
                state = NameObject(value if value in states else OFF)
                copy = update.own(ref)
                copy[NameObject("/AS")] = state
                copy[NameObject("/V")] = state if idnum != node_ref.idnum else node["/V"]
            continue
        node[NameObject("/V")] = TextStringObject(value)
        for idnum, generation, page_index in place.widgets:
            page = reader.pages[page_index]
            copy = update.own(IndirectObject(idnum, generation, reader))
            if "/AP" in copy:
                del copy[NameObject("/AP")]
            appearance = TextStreamAppearance.from_text_annotation(
                update, page, False, acro_form, node, copy)  # type: ignore[arg-type]
            copy[NameObject("/AP")] = DictionaryObject(
                {NameObject("/N"): update._add_object(appearance)})


def _attach_update(update: _Update, files: Mapping[str, bytes]) -> None:
    """Embed ``files`` (PDF 32000-1, 7.11.4) through the catalog's ``/Names``."""
    if not files:
        return
    root = update.blank.reader.root_object
    raw_names = root.raw_get("/Names") if "/Names" in root else None
    if isinstance(raw_names, IndirectObject):
        names = update.own(raw_names)
    else:
        names = update.own_entry(update.root(), "/Names")
    tree = update.own_entry(names, "/EmbeddedFiles")
    if "/Kids" in tree:
        raise _Unfit("the blank already embeds files in a name tree with /Kids")
    array = ArrayObject(tree.get("/Names", ArrayObject()))
    entries = [(str(array[i]), array[i + 1]) for i in range(0, len(array) - 1, 2)]
    for name, data in files.items():
        stream = DecodedStreamObject()
        stream.set_data(data)
        stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
        encoded = stream.flate_encode()
        spec = DictionaryObject({
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): create_string_object(name),
            NameObject("/UF"): create_string_object(name),
            NameObject("/EF"): DictionaryObject({NameObject("/F"): update._add_object(encoded)}),
        })
        entries = [e for e in entries if e[0] != name] + [(name, update._add_object(spec))]
    entries.sort(key=lambda e: e[0])
    tree[NameObject("/Names")] = ArrayObject(
        item for name, ref in entries for item in (create_string_object(name), ref))


# ---------------------------------------------------------------------------
# Reading back


def read_values(data: bytes) -> dict[str, str]:
    """Every field's value in a PDF, ``""`` when blank; a checkbox's is its state name."""
    reader = PdfReader(io.BytesIO(data))
    out: dict[str, str] = {}
    for name, node in (reader.get_fields() or {}).items():
        value: Any = node.get("/V")
        out[name] = _value_text(value)
    return out


def _compare(fields: Mapping[str, FieldInfo], values: Mapping[str, str],
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


def _verify(data: bytes, fields: Mapping[str, FieldInfo], values: Mapping[str, str]) -> None:
    """Every field of ``data`` (parsed in full) holds what ``values`` says."""
    _compare(fields, values, read_values(data))


class _ReadBack:
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


def _verify_update(filled: bytes, blank: Parsed, values: Mapping[str, str],
                   files: Mapping[str, bytes]) -> None:
    """Read ``filled`` back (:class:`_ReadBack`): each field by its fully qualified
    name, the AcroForm dictionary and the embedded files."""
    back = _ReadBack(filled, blank)
    got: dict[str, str] = {}
    for name, place in blank.nodes.items():
        if place.ref[0] not in back.offsets:
            got[name] = place.value
            continue
        node = back.get_object(place.ref[0])
        if not isinstance(node, DictionaryObject) or _name_of(node, back.get_object) != name:
            raise FillError(f"{name}: the filled PDF has another field in its place")
        got[name] = _value_text(node.get("/V"))
    _compare(blank.fields, values, got)
    form = back.entry(back.root(), "/AcroForm")
    if not isinstance(form, DictionaryObject) or "/XFA" in form \
            or not form.get("/NeedAppearances"):
        raise FillError("the filled PDF still has XFA or lacks /NeedAppearances")
    root = back.root()
    if isinstance(root, DictionaryObject) and "/Perms" in root:
        raise FillError("the filled PDF still carries the blank's usage-rights signature")
    if files:
        carried = back.attachments()
        for name, data in files.items():
            if carried.get(name) != data:
                raise FillError(f"{name} does not read back from the PDF")


# ---------------------------------------------------------------------------
# Flattening


def _flatten(writer: PdfWriter, values: Mapping[str, str]) -> None:
    """Draw the filled fields into the pages, then drop every widget and the form."""
    writer.update_page_form_field_values(None, dict(values), auto_regenerate=None, flatten=True)
    writer.remove_annotations(subtypes="/Widget")
    del writer._root_object["/AcroForm"]


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


# ---------------------------------------------------------------------------
# fill


def fill(blank: bytes | Parsed, values: Mapping[str, str], *, flatten: bool = False,
         attachments: Mapping[str, bytes] | None = None) -> bytes:
    """Return ``blank`` with ``values`` ({fully qualified field name: value}) filled
    and ``attachments`` ({file name: contents}) embedded.  ``blank`` is the blank's
    bytes, or those already opened (:func:`parsed`, :meth:`Parsed.from_index`).

    A text value is the text to show; a checkbox value is its on-state name
    (``"/1"``).  Raises :class:`FillError` on a bad value or when reading the
    output back does not give ``values`` and the attachments.
    """
    source = blank if isinstance(blank, Parsed) else parsed(blank)
    check_values(source.fields, values)
    files = dict(attachments or {})
    filled = None
    if source.incremental:
        update = _Update(source)
        try:
            _fill_update(update, values)
            _attach_update(update, files)
        except _Unfit:
            pass
        else:
            filled = update.write()
            _verify_update(filled, source, values, files)
    if filled is None:
        filled = _fill_clone(source.reader, source.fields, values, files)
    if not flatten:
        return filled
    flat_writer = PdfWriter(clone_from=PdfReader(io.BytesIO(filled)))
    _flatten(flat_writer, values)
    out = io.BytesIO()
    flat_writer.write(out)
    flat = out.getvalue()
    _verify_flat(flat, values, source.fields)
    if files:
        from formhelper.pdf.attach import attachments as carried

        if {n: carried(flat).get(n) for n in files} != files:
            raise FillError("the flattened PDF lost its embedded files")
    return flat


def _fill_clone(reader: PdfReader, fields: Mapping[str, FieldInfo], values: Mapping[str, str],
                files: Mapping[str, bytes]) -> bytes:
    """The whole document cloned and rewritten (a blank unfit for an update)."""
    writer = PdfWriter(clone_from=reader)
    if "/AcroForm" not in writer._root_object:
        raise FillError("the PDF has no form fields")
    acro_form = writer._root_object["/AcroForm"].get_object()
    if isinstance(acro_form, DictionaryObject) and "/XFA" in acro_form:
        del acro_form["/XFA"]
    if "/Perms" in writer._root_object:  # the usage-rights signature, as in _fill_update
        del writer._root_object["/Perms"]
    if values:
        writer.update_page_form_field_values(None, dict(values), auto_regenerate=True)
    else:
        writer.set_need_appearances_writer(True)
    for name, value in values.items():
        # pypdf issue 3115: a checkbox /V must be a name, not a string.
        if fields[name]["kind"] == "checkbox":
            _set_name_value(writer, name, value)
    for name, data in files.items():
        writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    filled = out.getvalue()
    _verify(filled, fields, values)
    if files:
        from formhelper.pdf.attach import attachments as carried

        if {n: carried(filled).get(n) for n in files} != dict(files):
            raise FillError("the embedded files do not read back from the PDF")
    return filled


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


def _name_of(node: DictionaryObject,
             resolve: Callable[[IndirectObject], PdfObject | None] | None = None) -> str:
    """The fully qualified field name; ``resolve`` looks up each ``/Parent``."""
    parts: list[str] = []
    current: PdfObject | None = node
    seen = 0
    while isinstance(current, DictionaryObject) and seen < 64:
        if "/T" in current:
            parts.append(str(current["/T"]))
        parent = current.raw_get("/Parent") if "/Parent" in current else None
        if isinstance(parent, IndirectObject) and resolve is not None:
            current = resolve(parent)
        else:
            current = parent.get_object() if parent is not None else None
        seen += 1
    return ".".join(reversed(parts))
