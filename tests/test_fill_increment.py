"""``fill`` writes an incremental update of the blank and reads it back from the bytes
written; the clone-and-rewrite path for other blanks gives the same values."""

from __future__ import annotations

import dataclasses
import io
from typing import Any, cast

import pytest
from pypdf import PdfReader

from formhelper.pdf import fill as fill_module
from formhelper.pdf import update as update_module
from formhelper.pdf.fill import FillError, fill, read_values
from formhelper.pdf.readback import attachments
from pdfsupport import blank_path

F1040 = {"topmostSubform[0].Page1[0].f1_62[0]": "1,234",
         "topmostSubform[0].Page1[0].c1_35[0]": "/1"}
F8606 = {"topmostSubform[0].Page1[0].f1_01[0]": "Pat Example",
         "topmostSubform[0].Page1[0].f1_18[0]": "0",
         "topmostSubform[0].Page1[0].f1_19[0]": "20000"}
RECORD = {"formhelper-basis-2025.json": b'{"format": "formhelper-basis-record"}\n'}


def _filled(values: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in values.items() if v not in ("", "/Off")}


def test_update_keeps_the_blank_bytes_and_adds_little() -> None:
    blank = blank_path(2025, "f1040").read_bytes()
    out = fill(blank, F1040)
    assert out.startswith(blank)
    assert len(out) < len(blank) + 20_000
    assert _filled(read_values(out)) == F1040
    reader = PdfReader(io.BytesIO(out))
    assert reader.xref_objStm, "the blank's object streams are still used"
    form = cast(dict[str, Any], cast(dict[str, Any], reader.trailer["/Root"])["/AcroForm"])
    assert "/XFA" not in form and form["/NeedAppearances"]
    # The blank's usage-rights signature (/Perms /UR3) would be broken by the update:
    # it is dropped, so Adobe Reader does not call the document changed.
    assert "/Perms" in cast(dict[str, Any], PdfReader(io.BytesIO(blank)).trailer["/Root"])
    assert "/Perms" not in cast(dict[str, Any], reader.trailer["/Root"])
    # The same input gives the same bytes (prepare leaves an identical file alone).
    assert fill(blank, F1040) == out


def test_update_carries_the_attachment_and_the_values() -> None:
    blank = blank_path(2025, "f8606").read_bytes()
    out = fill(blank, F8606, attachments=RECORD)
    assert _filled(read_values(out)) == F8606
    assert attachments(out) == RECORD


def test_the_parsed_blank_is_not_changed_by_filling() -> None:
    blank = blank_path(2025, "f8606").read_bytes()
    fill(blank, F8606, attachments=RECORD)
    again = fill(blank, {})
    assert _filled(read_values(again)) == {}
    assert attachments(again) == {}


def test_read_back_catches_a_value_that_is_not_in_the_bytes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    blank = blank_path(2025, "f8606").read_bytes()
    real_write = update_module.Update.write

    def tampered(update: update_module.Update) -> bytes:
        return real_write(update).replace(b"(Pat Example)", b"(Pat Exampel)")

    monkeypatch.setattr(update_module.Update, "write", tampered)
    with pytest.raises(FillError, match="reads back 'Pat Exampel', expected 'Pat Example'"):
        fill(blank, F8606)


def test_read_back_catches_a_broken_update(monkeypatch: pytest.MonkeyPatch) -> None:
    blank = blank_path(2025, "f8606").read_bytes()
    real_write = update_module.Update.write
    monkeypatch.setattr(update_module.Update, "write",
                        lambda update: real_write(update)[:-30] + b"startxref\n1\n%%EOF\n")
    with pytest.raises(FillError, match="cross-reference section"):
        fill(blank, F8606)


def test_clone_path_gives_the_same_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blank unfit for an update (say, a widget that is a direct object) is cloned."""
    blank = blank_path(2025, "f8606").read_bytes()
    original = fill_module.parsed(blank)
    monkeypatch.setattr(fill_module, "parsed",
                        lambda data: dataclasses.replace(original, incremental=False))
    out = fill(blank, F8606, attachments=RECORD)
    assert not out.startswith(blank)
    assert _filled(read_values(out)) == F8606
    assert attachments(out) == RECORD
    assert "/Perms" not in cast(dict[str, Any], PdfReader(io.BytesIO(out)).trailer["/Root"])


def test_a_shape_the_update_does_not_handle_falls_back_to_the_clone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An /EmbeddedFiles name tree with /Kids, say: the whole document is cloned."""
    blank = blank_path(2025, "f8606").read_bytes()

    def unfit(update: update_module.Update, files: object) -> None:
        raise update_module.Unfit("a name tree with /Kids")

    monkeypatch.setattr(fill_module, "_attach_update", unfit)
    out = fill(blank, F8606, attachments=RECORD)
    assert not out.startswith(blank)
    assert _filled(read_values(out)) == F8606
    assert attachments(out) == RECORD
    assert "/Perms" not in cast(dict[str, Any], PdfReader(io.BytesIO(out)).trailer["/Root"])
