"""The incremental update that fills a blank (PDF 32000-1, 7.5.6).

The blank's bytes unchanged, then only the changed field dictionaries with their
appearance streams, the AcroForm dictionary (without ``/XFA``, with
``/NeedAppearances``), the embedded files, and a cross-reference section whose
``/Prev`` is the blank's.  The IRS forms ask for this (``/SigFlags 2``, append
only).  :class:`Update` copies each object it changes; the parsed blank
(:class:`formhelper.pdf.opened.Parsed`) is never modified.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Mapping
from typing import Any, cast

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
)

from formhelper.pdf.errors import FillError
from formhelper.pdf.fonts import FONT_NAME, latin_font, winansi
from formhelper.pdf.opened import Parsed

OFF = "/Off"


class Unfit(Exception):
    """The blank has a shape the incremental update does not handle: clone instead."""


class Update:
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


def fill_update(update: Update, values: Mapping[str, str]) -> None:
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
    drop_scripts(update)
    latin = [value for name, value in values.items()
             if blank.fields[name]["kind"] == "text" and not winansi(value)]
    if values:
        # pypdf may add a font for text the form's font cannot encode: to a copy.
        resources = update.own_entry(acro_form, "/DR")
        fonts = update.own_entry(resources, "/Font")
        if latin:  # a name with letters WinAnsiEncoding lacks: see formhelper.pdf.fonts
            fonts[NameObject(FONT_NAME)] = update._add_object(latin_font(latin))
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
                update, page, False, acro_form, node, copy,  # type: ignore[arg-type]
                user_font_name="" if winansi(value) else FONT_NAME)
            copy[NameObject("/AP")] = DictionaryObject(
                {NameObject("/N"): update._add_object(appearance)})


def _names(update: Update) -> DictionaryObject:
    """The catalog's ``/Names`` dictionary, as a copy this update may change."""
    root = update.blank.reader.root_object
    raw_names = root.raw_get("/Names") if "/Names" in root else None
    if isinstance(raw_names, IndirectObject):
        return update.own(raw_names)
    return update.own_entry(update.root(), "/Names")


#: Catalog entries that run something when the document opens (PDF 32000-1, 12.6).
DOCUMENT_ACTIONS = ("/OpenAction", "/AA")


def drop_scripts(update: Update) -> None:
    """Leave out the document-level JavaScript (the IRS forms' XFA version check, which
    goes with the XFA form) and any action on opening the document: a filled form
    carries no script (:mod:`formhelper.pdf.proof` refuses a blank with others)."""
    root = update.blank.reader.root_object
    names = root["/Names"].get_object() if "/Names" in root else None
    if isinstance(names, DictionaryObject) and "/JavaScript" in names:
        del _names(update)["/JavaScript"]
    for key in DOCUMENT_ACTIONS:
        if key in root:
            del update.root()[key]


def attach_update(update: Update, files: Mapping[str, bytes]) -> None:
    """Embed ``files`` (PDF 32000-1, 7.11.4) through the catalog's ``/Names``."""
    if not files:
        return
    names = _names(update)
    tree = update.own_entry(names, "/EmbeddedFiles")
    if "/Kids" in tree:
        raise Unfit("the blank already embeds files in a name tree with /Kids")
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
