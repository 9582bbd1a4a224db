"""Embedded files (PDF 1.7, 7.11.4): the basis record travels inside the filled Form 8606.

:func:`attach` adds a file with pypdf's ``PdfWriter.add_attachment`` and keeps
every form field value (they are read back and compared); :func:`attachments`
(:mod:`formhelper.pdf.readback`) lists what a PDF carries.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from formhelper.pdf.errors import FillError
from formhelper.pdf.readback import attachments as attachments  # re-exported
from formhelper.pdf.readback import read_values


def attach(pdf: bytes, name: str, data: bytes) -> bytes:
    """``pdf`` with ``data`` embedded as the file ``name``; field values unchanged."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    result = out.getvalue()
    if read_values(result) != read_values(pdf):
        raise FillError(f"embedding {name} changed the form's field values")
    if attachments(result).get(name) != data:
        raise FillError(f"{name} does not read back from the PDF")
    return result
