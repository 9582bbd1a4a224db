"""``verify`` reads printed text with the form mapper's reader (pdf/page_words.py).

The rule for a flattened field's text, worked on the edges of a box: a word belongs to
a field when its origin (first glyph, on the baseline) is at most 1 point left or right
of the field's ``/Rect``, 1 point above its top or 3 points below its bottom.  The
``/Rect`` is in PDF points with the origin at the bottom left; the reader's words have
the origin at the top left, so a rect [100, 200, 200, 214] on a 792-point page is the
box from 578 (top) to 592 (bottom).  Also: a form XObject (how a flattened field is
drawn) is placed by its matrix and ends a word, and the bounds of a return's text.
"""

from __future__ import annotations

import io
import time
import zlib
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import NameObject, StreamObject

from formhelper.cli import main
from formhelper.pdf.page_words import MAX_GLYPHS, Page, Word, read_pages
from formhelper.pdf.their_pages import MAX_WORDS, _box_text

RECT = [100.0, 200.0, 200.0, 214.0]


def _page(*origins: tuple[float, float]) -> Page:
    words = tuple(Word(1, x, baseline - 8, x + 10, baseline + 2, str(n), baseline)
                  for n, (x, baseline) in enumerate(origins))
    return Page(1, 612.0, 792.0, words)


@pytest.mark.parametrize(("origin", "inside"), [
    ((150.0, 590.0), True),     # well inside
    ((99.05, 590.0), True),     # 0.95 left of the box
    ((98.95, 590.0), False),    # 1.05 left
    ((200.95, 590.0), True),    # 0.95 right
    ((201.05, 590.0), False),   # 1.05 right
    ((150.0, 577.05), True),    # 0.95 above the top (792 - 214 = 578)
    ((150.0, 576.95), False),   # 1.05 above
    ((150.0, 594.95), True),    # 2.95 below the bottom (792 - 200 = 592)
    ((150.0, 595.05), False),   # 3.05 below
])
def test_a_word_is_in_a_box_by_its_origin(origin: tuple[float, float], inside: bool) -> None:
    """In PDF points (origin bottom left) the rule was x1 - 1 <= x <= x2 + 1 and
    y1 - 3 <= baseline <= y2 + 1: (150, 590) top-left is (150, 202), inside; a baseline
    at 595.05 is y = 196.95, below 200 - 3."""
    assert (_box_text(_page(origin), set(), RECT) == "0") is inside


def test_words_in_a_box_are_read_left_to_right_without_the_forms_own_print() -> None:
    page = _page((160.0, 590.0), (120.0, 590.0), (101.0, 590.0))
    assert _box_text(page, set(), RECT) == "2 1 0"
    assert _box_text(page, {2}, RECT) == "1 0"


def _xobject_page() -> bytes:
    """"Total" on the page, then "20,000" drawn by a form XObject placed with a matrix
    so that it starts 0.5 point after "Total" on the same baseline."""
    from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
    from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(612, 792))
    canvas.beginForm("value")
    canvas.setFont("Helvetica", 10)
    canvas.drawString(5, 6, "20,000")
    canvas.endForm()
    canvas.setFont("Helvetica", 10)
    canvas.drawString(100, 700, "Total")
    canvas.saveState()
    canvas.translate(100 + stringWidth("Total", "Helvetica", 10) + 0.5 - 5, 700 - 6)
    canvas.doForm("value")
    canvas.restoreState()
    canvas.save()
    return buf.getvalue()


def test_a_form_xobject_is_placed_by_its_matrix_and_ends_a_word() -> None:
    words = read_pages(_xobject_page())[0].words
    assert [w.text for w in words] == ["Total", "20,000"]
    total, value = words
    assert (total.x0, total.baseline) == (100.0, 92.0)  # 792 - 700
    assert value.x0 == pytest.approx(total.x1 + 0.5, abs=0.01)
    assert value.baseline == pytest.approx(92.0, abs=0.01)


def _canvas_pdf(words: int, step: float) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf)
    for n in range(words):
        canvas.drawString(10 + (n % 40) * step, 10 + (n // 40) * 5, "1")
    canvas.save()
    return buf.getvalue()


def _many_glyphs() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf)
    for n in range(MAX_GLYPHS // 40 + 1):
        canvas.drawString(10, 10 + n * 0.02, "1234567890" * 4)
    canvas.save()
    return buf.getvalue()


def _bomb() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    contents = StreamObject()
    contents._data = zlib.compress(b"0 " * 3_000_000, 9)
    contents[NameObject("/Filter")] = NameObject("/FlateDecode")
    writer.pages[0][NameObject("/Contents")] = writer._add_object(contents)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("content", "said"), [
    (lambda: _canvas_pdf(MAX_WORDS + 1000, 14),
     f"page 1 holds {MAX_WORDS + 1000} words, more than a form's page (at most {MAX_WORDS})"),
    (_many_glyphs, f"more than {MAX_GLYPHS} characters on a page"),
    (_bomb, "a stream decodes to more than 2000000 bytes"),
], ids=["words", "glyphs", "zlib-bomb"])
def test_a_return_beyond_a_forms_text_is_refused_naming_the_file(
        content: object, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert callable(content)
    pdf = tmp_path / "theirs.pdf"
    pdf.write_bytes(content())
    started = time.monotonic()
    assert main(["verify", str(pdf)]) == 2
    assert time.monotonic() - started < 10
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"error: {pdf}: {said}"), err
    assert "Traceback" not in err


@pytest.mark.parametrize("change", ["rotated", "media box moved"])
def test_a_flattened_page_turned_or_with_its_media_box_moved_is_read_the_same(
        change: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A page is read in its own user space, unrotated: a viewer's /Rotate, or a media
    box that does not start at (0, 0), leaves its words where the blank's are."""
    from pypdf import PdfReader

    from test_verify_pdf import PRO, prepare

    out = prepare(PRO, tmp_path / "out", flatten=True)
    writer = PdfWriter(clone_from=PdfReader(out / "f8606-taxpayer.pdf"))
    for page in writer.pages:
        if change == "rotated":
            page.rotate(90)
        else:
            page.mediabox.lower_left = (0, -10)
            page.mediabox.upper_right = (612, 781.968)
    theirs = tmp_path / "theirs.pdf"
    with theirs.open("wb") as handle:
        writer.write(handle)
    capsys.readouterr()
    assert main(["verify", str(out / "f8606-taxpayer.pdf"), "--json"]) == 0
    same = capsys.readouterr().out.replace(str(out / "f8606-taxpayer.pdf"), "PDF")
    assert main(["verify", str(theirs), "--json"]) == 0
    assert capsys.readouterr().out.replace(str(theirs), "PDF") == same
    assert '"theirs": 0.2' in same and '"theirs": 40000' in same
