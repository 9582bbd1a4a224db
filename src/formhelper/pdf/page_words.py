"""The printed words of a PDF and where they sit: the one reader of printed text.

The form mapper (``forms map``) reads a blank's words here, and ``verify`` reads a
flattened or printed return's (:mod:`formhelper.pdf.their_pages`).

pdfminer.six interprets each page's content stream, form XObjects included with their
own matrices, and gives every glyph's box (its font's widths, the text and graphics
matrices); the glyphs are joined here into words the way a reader sees them: a space, a
jump, a change of row or of drawing level (a form XObject begins or ends: a flattened
field is drawn in its own) ends a word.  No layout analysis is run (only glyph boxes
are needed, and it is the slow part).

Coordinates are PDF points with the origin at the top left of the page (``top`` grows
downwards), as poppler's ``pdftotext -bbox`` reports them for a page whose media box
starts at (0, 0) and is not rotated (every IRS form's), so a field's ``/Rect`` (origin
bottom left) is turned with the page height (:func:`Page.box_of`).  Any page is read
in its own user space (``y`` turned to ``height - y``), unrotated: its words then sit
where the same form's do on the blank, whatever its media box or ``/Rotate``.  Each word
also keeps where it starts: its first glyph's origin, on the baseline
(:attr:`Word.baseline`).

Bounded work: before pdfminer reads anything, :func:`check_streams` refuses more than
:data:`MAX_PAGES` pages (a caller may allow more: a return has more pages than a blank)
or :data:`MAX_OBJECTS` objects and streams decoding to more than a form's
(:data:`MAX_STREAM`, :data:`MAX_DECODED`, or the caller's total); while it reads, more
than :data:`MAX_GLYPHS` glyphs on a page stop it. Past any of these the file is refused
(:class:`TextError`): it is not an IRS form.  pypdf's and pdfminer's log lines about a
damaged file are kept off stderr (:func:`quiet_readers`): the caller's one ``error:``
line says what matters.
"""

from __future__ import annotations

import functools
import io
import logging
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

#: An IRS form has a handful of pages (Form 1040: 2, Form 5329: 3).
MAX_PAGES = 12
#: A page of Form 1040 has about 8,000 glyphs.
MAX_GLYPHS = 30_000

#: Two glyphs further apart than this share of the font size are two words.
_WORD_GAP = 0.25


class TextError(Exception):
    """The PDF's text cannot be read within bounds."""


@dataclass(frozen=True)
class Word:
    """A printed word: page (1-based), box (points, origin top left), text, and where
    its first glyph's baseline is (its origin: ``x0``, ``baseline``, origin top left)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    baseline: float

    @property
    def ymid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]

    @functools.cached_property
    def _by_middle(self) -> tuple[list[float], list[Word]]:
        ordered = sorted(self.words, key=lambda w: w.ymid)
        return [w.ymid for w in ordered], ordered

    def band(self, low: float, high: float) -> list[Word]:
        """The words whose vertical middle is between ``low`` and ``high`` (a binary
        search: a page's words are not scanned once per field)."""
        middles, ordered = self._by_middle
        return ordered[bisect_left(middles, low): bisect_right(middles, high)]

    def box_of(self, rect: list[float]) -> tuple[float, float, float, float]:
        """A field's ``/Rect`` [x0, y0, x1, y1] (origin bottom left) as (x0, top, x1,
        bottom) in this module's coordinates."""
        x0, y0, x1, y1 = rect
        return min(x0, x1), self.height - max(y0, y1), max(x0, x1), self.height - min(y0, y1)


@dataclass
class _Glyph:
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    text: str
    baseline: float


#: Between two drawing levels (a form XObject begins or ends): ends a word.
_LEVEL = _Glyph(0.0, 0.0, 0.0, 0.0, 0.0, " ", 0.0)


def _words(page: int, glyphs: list[_Glyph]) -> list[Word]:
    """Glyphs in content-stream order joined into words."""
    found: list[Word] = []
    current: list[_Glyph] = []

    def close() -> None:
        if current:
            text = "".join(g.text for g in current)
            found.append(Word(page, round(min(g.x0 for g in current), 2),
                              round(min(g.top for g in current), 2),
                              round(max(g.x1 for g in current), 2),
                              round(max(g.bottom for g in current), 2), text,
                              round(current[0].baseline, 2)))
            current.clear()

    for glyph in glyphs:
        if not glyph.text.strip():
            close()
            continue
        if current:
            last = current[-1]
            same_row = abs((glyph.top + glyph.bottom) / 2 - (last.top + last.bottom) / 2) \
                <= max(1.0, 0.3 * last.size)
            gap = glyph.x0 - last.x1
            if not same_row or gap > _WORD_GAP * max(glyph.size, 1.0) or gap < -0.5 * last.size:
                close()
        current.append(glyph)
    close()
    return found


#: No stream of a blank form decodes to more than this (the largest in Form 1040: 58 kB)...
MAX_STREAM = 2_000_000
#: ...nor all of them together (Form 1040: 432 kB; pdfminer decodes a stream whole).
MAX_DECODED = 4_000_000
#: A Form 1040 has about 2,500 objects.
MAX_OBJECTS = 100_000
_UNBOUNDED = ("/LZWDecode", "/LZW", "/RunLengthDecode", "/RL")


def _inflated_size(raw: bytes, limit: int) -> int:
    """How many bytes ``raw`` (zlib) inflates to, stopping past ``limit``."""
    import zlib

    inflater = zlib.decompressobj()
    total = 0
    chunk = raw
    try:
        while chunk and total <= limit:
            total += len(inflater.decompress(chunk, 1 << 20))
            chunk = inflater.unconsumed_tail
    except zlib.error:
        return total  # pdfminer stops where the data breaks, too
    return total


_FLATE = ("/FlateDecode", "/Fl")
#: Text encodings whose output is smaller than their input (reportlab writes
#: ASCII85 then Flate).
_TEXT_CODES = {"/ASCII85Decode": "a85", "/A85": "a85", "/ASCIIHexDecode": "hex",
               "/AHx": "hex"}


def _decoded_size(raw: bytes, names: list[str]) -> int:
    """What ``raw`` decodes to through ``names`` up to its Flate step, in bytes (more
    than :data:`MAX_STREAM` means too much); later filters (images) are not counted."""
    from pypdf.filters import ASCII85Decode, ASCIIHexDecode

    data = raw
    for name in names:
        if name in _FLATE:
            return _inflated_size(data, MAX_STREAM)
        code = _TEXT_CODES.get(name)
        if code is None:
            return len(data)
        try:
            data = ASCII85Decode.decode(data) if code == "a85" else ASCIIHexDecode.decode(data)
        except Exception:  # a broken text encoding: pdfminer stops there too
            return len(data)
    return len(data)


def check_streams(data: bytes, max_pages: int = MAX_PAGES,
                  max_decoded: int = MAX_DECODED) -> None:
    """Refuse, before pdfminer reads it, a file whose pages or streams are beyond a
    form: more than ``max_pages`` pages or :data:`MAX_OBJECTS` objects, a stream
    decoding to more than :data:`MAX_STREAM` bytes (a decompression bomb) or all to
    more than ``max_decoded``, or a filter whose output is not bounded by its input
    (LZW, run length). Raises :class:`TextError`."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, IndirectObject, StreamObject

    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) > max_pages:
        raise TextError(_too_many_pages(len(reader.pages), max_pages))
    numbers = {(num, gen) for gen, table in reader.xref.items() for num in table}
    numbers |= {(num, 0) for num in reader.xref_objStm}
    if len(numbers) > MAX_OBJECTS:
        raise TextError(f"more than {MAX_OBJECTS} objects; not an IRS form")
    total = 0
    for num, gen in sorted(numbers):
        try:
            obj = IndirectObject(num, gen, reader).get_object()
        except Exception:  # an unreadable object: pdfminer will not get far either
            continue
        if not isinstance(obj, StreamObject):
            continue
        filters = obj.get("/Filter")
        names = [str(f) for f in filters] if isinstance(filters, ArrayObject) else (
            [str(filters)] if filters is not None else [])
        if any(name in _UNBOUNDED for name in names):
            raise TextError(f"a stream uses {names}; not an IRS form")
        raw = obj._data if isinstance(obj._data, bytes) else b""
        size = _decoded_size(raw, names)
        if size > MAX_STREAM:
            raise TextError(f"a stream decodes to more than {MAX_STREAM} bytes")
        total += size
        if total > max_decoded:
            raise TextError(f"its streams decode to more than {max_decoded} bytes")


def _too_many_pages(count: int, max_pages: int) -> str:
    if max_pages == MAX_PAGES:
        return f"{count} pages; a blank IRS form has at most {MAX_PAGES}"
    return f"{count} pages; a return's forms have at most {max_pages}"


@contextmanager
def quiet_readers() -> Iterator[None]:
    """pypdf and pdfminer log a line for each oddity of a damaged file (and pypdf one
    per IRS font it cannot fully parse); none reaches stderr while this is open."""
    loggers = [logging.getLogger(name) for name in ("pypdf", "pdfminer")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def read_pages(data: bytes, max_pages: int = MAX_PAGES,
               max_decoded: int = MAX_DECODED) -> list[Page]:
    """Every page's words. Raises :class:`TextError` on a file that cannot be read or
    is larger than a form, or than ``max_pages`` pages whose streams decode to
    ``max_decoded`` bytes (:func:`check_streams` first)."""
    with quiet_readers():
        return _read_pages(data, max_pages, max_decoded)


def _read_pages(data: bytes, max_pages: int, max_decoded: int) -> list[Page]:
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.layout import LTChar, LTPage
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    class _Collector(PDFLayoutAnalyzer):
        """Keeps the glyph boxes of the current page; refuses a page with too many."""

        def __init__(self, rsrcmgr: PDFResourceManager) -> None:
            super().__init__(rsrcmgr, pageno=1, laparams=None)
            self.glyphs: list[_Glyph] = []
            self.size: tuple[float, float] = (0.0, 0.0)
            #: The media box's lower left corner: pdfminer places a page's glyphs
            #: from there, this module from the origin of the page's user space.
            self.origin: tuple[float, float] = (0.0, 0.0)
            self.drawn = 0

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            self.drawn += 1
            if self.drawn > MAX_GLYPHS:
                raise TextError(f"more than {MAX_GLYPHS} characters on a page")
            width: float = super().render_char(*args, **kwargs)
            return width

        def paint_path(self, *args: Any, **kwargs: Any) -> None:
            """Lines and boxes are not text: not kept (a form has hundreds)."""

        def receive_layout(self, ltpage: LTPage) -> None:
            self.size = (ltpage.width, ltpage.height)
            height = ltpage.height
            ox, oy = self.origin
            # Top level and nested figures (form XObjects), in drawing order; a word
            # ends where a figure begins or ends.
            stack: list[Any] = list(reversed(list(ltpage)))
            while stack:
                item = stack.pop()
                if isinstance(item, LTChar):
                    if item.upright:
                        # An upright glyph's origin is its matrix's translation.
                        self.glyphs.append(_Glyph(item.x0 + ox, height - item.y1 - oy,
                                                  item.x1 + ox, height - item.y0 - oy,
                                                  item.size, item.get_text(),
                                                  height - item.matrix[5] - oy))
                elif item is _LEVEL:
                    self.glyphs.append(_LEVEL)
                elif hasattr(item, "__iter__"):
                    stack.append(_LEVEL)
                    stack.extend(reversed(list(item)))
                    stack.append(_LEVEL)

    try:
        check_streams(data, max_pages, max_decoded)
        parser = PDFParser(io.BytesIO(data))
        document = PDFDocument(parser)
        manager = PDFResourceManager(caching=True)
        device = _Collector(manager)
        interpreter = PDFPageInterpreter(manager, device)
        pages: list[Page] = []
        for number, pdf_page in enumerate(PDFPage.create_pages(document), start=1):
            if number > max_pages:
                raise TextError(_too_many_pages(number, max_pages))
            device.glyphs = []
            device.drawn = 0
            # Words are placed in the page's own user space, as a field's /Rect and a
            # blank's printed words are: a /Rotate turns the page in a viewer, not the
            # form, and a media box need not start at (0, 0).
            pdf_page.rotate = 0
            device.origin = (float(pdf_page.mediabox[0]), float(pdf_page.mediabox[1]))
            interpreter.process_page(pdf_page)
            width, height = device.size
            pages.append(Page(number, width, height, tuple(_words(number, device.glyphs))))
    except TextError:
        raise
    except RecursionError as exc:
        raise TextError("its page contents nest too deeply") from exc
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        raise TextError(f"its printed text cannot be read ({type(exc).__name__}: {exc})") \
            from exc
    return pages
