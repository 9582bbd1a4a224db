"""Text on a PDF page with where it sits: what a flattened or printed form shows.

pypdf's ``extract_text`` reports each piece of text with the text and transformation
matrices *inside* the content stream that draws it, but a form XObject (how a
flattened field's appearance is drawn: ``q 1 0 0 1 x y cm /Fm Do Q``) is walked with
its own fresh matrix, so its text would be placed at the XObject's origin.  The visitor
below keeps the placement of each XObject (the current matrix at ``Do`` times the
XObject's ``/Matrix``) on a stack, and places the text drawn inside it on the page.
That is enough for the forms formhelper reads, so no other PDF library is needed.

pypdf bounds the work itself: form XObject invocations per page are capped
(``xform_maximum_invocations_per_extraction``) and cycles are refused.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject, PdfReader

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Chunk:
    """A piece of text and the page point (PDF units, origin bottom left) it starts at."""

    x: float
    y: float
    text: str


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention: a point p maps to p x m x n)."""
    a, b, c, d, e, f = m
    aa, bb, cc, dd, ee, ff = n
    return (a * aa + b * cc, a * bb + b * dd, c * aa + d * cc, c * bb + d * dd,
            e * aa + f * cc + ee, e * bb + f * dd + ff)


def _matrix(raw: Any) -> Matrix:
    try:
        values = [float(v) for v in raw]
    except (TypeError, ValueError):
        return IDENTITY
    if len(values) != 6:
        return IDENTITY
    return (values[0], values[1], values[2], values[3], values[4], values[5])


@contextmanager
def quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning per IRS font it cannot fully parse; a damaged file logs more."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _resolve(obj: Any) -> Any:
    return obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj


def page_chunks(page: PageObject) -> list[Chunk]:
    """Every non-blank piece of text on ``page``, placed on the page."""
    out: list[Chunk] = []
    # One entry per content level: the page, then each form XObject being walked.
    placements: list[Matrix] = [IDENTITY]
    resources: list[Any] = [_resolve(page.get("/Resources"))]
    #: False until the XObject's own content starts: pypdf reports the text pending in
    #: the outer stream after the ``Do`` operator has been seen.
    started: list[bool] = [True]

    def before(op: bytes, operands: Any, cm: Any, tm: Any) -> None:
        started[-1] = True
        if op != b"Do" or not operands:
            return
        res = resources[-1]
        xobjects = _resolve(res.get("/XObject")) if isinstance(res, dict) else None
        xobject = _resolve(xobjects.get(operands[0])) if isinstance(xobjects, dict) else None
        own = _matrix(xobject.get("/Matrix", IDENTITY)) if isinstance(xobject, dict) else IDENTITY
        placements.append(multiply(multiply(own, _matrix(cm)), placements[-1]))
        inner = _resolve(xobject.get("/Resources")) if isinstance(xobject, dict) else None
        resources.append(inner if inner is not None else res)
        started.append(False)

    def after(op: bytes, operands: Any, cm: Any, tm: Any) -> None:
        if op == b"Do" and operands and len(placements) > 1:
            placements.pop()
            resources.pop()
            started.pop()

    def text(content: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        stripped = content.strip()
        if not stripped:
            return
        level = -1 if started[-1] else -2
        x, y = multiply(multiply(_matrix(tm), _matrix(cm)), placements[level])[4:]
        out.append(Chunk(round(x, 1), round(y, 1), stripped))

    page.extract_text(visitor_operand_before=before, visitor_operand_after=after,
                      visitor_text=text)
    return out


def document_chunks(data: bytes, max_pages: int) -> list[list[Chunk]]:
    """:func:`page_chunks` of each page (at most ``max_pages``; ``ValueError`` beyond)."""
    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) > max_pages:
        raise ValueError(f"{len(reader.pages)} pages; a return's forms have at most "
                         f"{max_pages}")
    with quiet_pypdf():
        return [page_chunks(page) for page in reader.pages]


def printed_text(data: bytes, title: str) -> dict[str, Any]:
    """The printed text of a blank form, page by page: the committed
    ``forms/<year>/<form>.printed.json`` that tells a flattened page of that layout."""
    pages = document_chunks(data, max_pages=10)
    return {
        "generated": "Generated from the blank IRS PDF by formhelper.pdf.page_text."
                     "printed_text; do not edit by hand.",
        "title": title,
        "sha256": hashlib.sha256(data).hexdigest(),
        "pages": [[[c.x, c.y, c.text] for c in page] for page in pages],
    }


def printed_json(printed: dict[str, Any]) -> str:
    """:func:`printed_text` as committed: one line per page."""
    import json

    head = {k: v for k, v in printed.items() if k != "pages"}
    lines = ",\n".join("    " + json.dumps(page, ensure_ascii=False)
                       for page in printed["pages"])
    return json.dumps(head, indent=2)[:-2] + ',\n  "pages": [\n' + lines + "\n  ]\n}\n"
