"""The page styles of formhelper's own PDFs (worksheets, basis record page, conversion
plan): paragraph and table styles, and the one document builder, in reportlab's
invariant mode (fixed dates and document id: the same input gives the same bytes).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

#: Styles shared by formhelper's own PDFs (worksheets, basis record).
STYLES = getSampleStyleSheet()
CELL = ParagraphStyle("cell", parent=STYLES["BodyText"], fontSize=7.5, leading=9)
AMOUNT = ParagraphStyle("amount", parent=CELL, alignment=2)
NOTE = ParagraphStyle("note", parent=STYLES["BodyText"], fontSize=8.5, leading=10.5)
GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
    ("FONTSIZE", (0, 0), (-1, -1), 7.5),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
])


def escape(text: str) -> str:
    """``text`` as reportlab paragraph markup (``&``, ``<`` and ``>`` escaped).

    Not ``xml.sax.saxutils.escape``: importing it pulls in urllib, http and ssl,
    about 13 ms of every ``prepare``."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: str, style: ParagraphStyle = CELL) -> Paragraph:
    """A paragraph showing ``text`` as written (no markup)."""
    return Paragraph(escape(text), style)


def build_pdf(title: str, flowables: Callable[[SimpleDocTemplate], list[Flowable]], *,
              margin_y: float = 0.6) -> bytes:
    """A letter-size PDF of formhelper's own pages, as bytes; the same input gives the
    same bytes (reportlab invariant mode).  Shared by the worksheets, the basis record
    page and the conversion plan."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=letter, invariant=1,
        leftMargin=0.6 * inch, rightMargin=0.6 * inch,
        topMargin=margin_y * inch, bottomMargin=margin_y * inch,
        title=title, author="formhelper", creator="formhelper", producer="formhelper",
    )
    doc.build(flowables(doc))
    return buffer.getvalue()


def grid_table(rows: list[list[str]]) -> Table:
    """A table of plain-text cells in the grid style, its first row repeated on each page."""
    table = Table([[para(c) for c in row] for row in rows], repeatRows=1)
    table.setStyle(GRID)
    return table
