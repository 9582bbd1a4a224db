"""A blank IRS PDF opened for filling, once per process: its reader, its fields and
the object numbers of each field and widget.

:func:`parsed` reads the whole blank (and is shared with the check of
:mod:`formhelper.pdf.blanks`); :meth:`Parsed.from_index` opens the same bytes
lazily from the field index a first full parse left in the cache, so a later run
reads only the objects it fills (:class:`_OneObjectReader`).  The blank is never
modified: a fill copies what it changes (:mod:`formhelper.pdf.update`).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from pypdf import PdfReader
from pypdf.generic import (
    DictionaryObject,
    IndirectObject,
    PdfObject,
    StreamObject,
    read_object,
)

from formhelper.pdf.dump import FieldInfo, read_fields


@dataclass(frozen=True)
class Place:
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
#: 2: an index is kept only for a blank proven blank and sound (pdf/proof.py), so
#: the indexes of format 1, kept for any blank whose fields matched, are not trusted.
INDEX_FORMAT = 2


@dataclass
class Parsed:
    """A blank parsed once: the reader, its fields and where each one is.

    ``nodes`` is filled only when the blank can take an incremental update (every
    field and widget an indirect object); otherwise the document is cloned.
    """

    data: bytes
    reader: PdfReader
    fields: dict[str, FieldInfo]
    nodes: dict[str, Place]
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
                str(name): Place((int(ref[0]), int(ref[1])),
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


def value_text(value: Any) -> str:
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
            name = name_of(widget)
            refs.setdefault(name, (node_ref.idnum, node_ref.generation))
            values.setdefault(name, value_text(node.get("/V")))
            widgets.setdefault(name, []).append((ref.idnum, ref.generation, page_index))
    root_ref = reader.trailer.raw_get("/Root")
    if not isinstance(root_ref, IndirectObject):
        incremental = False
    nodes = {name: Place(refs[name], tuple(widgets[name]), values[name]) for name in refs}
    if not incremental:
        nodes = {}
    return Parsed(data, reader, fields, nodes, incremental)



def name_of(node: DictionaryObject,
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
