"""``formhelper verify`` on PDFs: "other software" returns made from the official blanks.

formhelper's own ``prepare`` fills the samples (fillable and ``--flatten``); the wrong
returns are the blanks filled by pypdf with deliberately wrong figures (a wrong line
14, the basis dropped, a SEP IRA left out of line 6, a split Form 1099-R counted
twice), fillable or flattened.  Figures are worked in tests/test_verify.py.  A page that
is not an official layout formhelper knows (the 2023 Form 8606), and hostile or damaged
files, get ``error:`` naming the file and exit status 2, never a traceback.
"""

from __future__ import annotations

import io
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from formhelper.cli import main
from formhelper.pdf.fieldmap import load_map
from formhelper.pdf.fill import fill
from formhelper.pdf.their_pages import printed_json, printed_text
from formhelper.pdf.values import fill_values
from pdfsupport import blank_path, forms_root
from support import SAMPLES
from test_verify import PRO_RATA, SPLIT

D = Decimal
PRO = SAMPLES / "pro-rata-conversion-2025.toml"


def prepare(case: Path, out: Path, flatten: bool = False) -> Path:
    blank_path(2025, "f8606")
    args = ["prepare", str(case), "-o", str(out), "--forms-dir", str(forms_root())]
    assert main([*args, "--flatten"] if flatten else args) == 0
    return out


def their_pdf(path: Path, form: str, year: int, lines: dict[str, Any], *,
              flatten: bool, name: str = "") -> Path:
    """The official blank filled with ``lines`` as another program would."""
    blank = blank_path(year, form).read_bytes()
    sources: dict[str, Any] = {k: (D(str(v)) if not isinstance(v, (str, tuple)) else
                                   (D(v) if k == "line_10" else v)) for k, v in lines.items()}
    if name:
        sources["name"] = name
    path.write_bytes(fill(blank, fill_values(load_map(form, year), sources), flatten=flatten))
    return path


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()  # what prepare printed
    code = main(["verify", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_printed_text_of_each_layout_is_the_blanks() -> None:
    """forms/<year>/<form>.printed.json is generated from the blank; regenerate to check."""
    for year, form in ((2025, "f8606"), (2025, "f1040"), (2025, "f5329"), (2024, "f1040")):
        data = blank_path(year, form).read_bytes()
        committed = Path(__file__).parent.parent / "forms" / str(year) / f"{form}.printed.json"
        title = json.loads(committed.read_text())["title"]
        assert printed_json(printed_text(data, title)) == committed.read_text()


@pytest.mark.parametrize("flatten", [False, True], ids=["fillable", "flattened"])
def test_formhelpers_own_return_agrees(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       flatten: bool) -> None:
    out = prepare(PRO, tmp_path / "out", flatten)
    pages = [str(out / "f8606-taxpayer.pdf"), str(out / "f1040.pdf")]
    code, text, err = verify(capsys, *pages)
    assert (code, err) == (0, "")
    assert "Every line checked agrees." in text
    code, text, _err = verify(capsys, *pages, "--case", str(PRO), "--json")
    doc = json.loads(text)
    assert code == 0 and doc["agrees"] and doc["mode"] == "case"
    line_10 = next(c for c in doc["checks"] if c["form"] == "f8606" and c["line"] == "10")
    assert line_10["theirs"] == 0.2 and line_10["status"] == "agrees"


def test_wrong_line_14_in_a_fillable_pdf(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = prepare(PRO, tmp_path / "out")
    writer = PdfWriter(clone_from=PdfReader(out / "f8606-taxpayer.pdf"))
    fmap = load_map("f8606", 2025)
    field = fmap.by_line("line_14")[0].field
    writer.update_page_form_field_values(None, {field: "20,000"}, auto_regenerate=False)
    wrong = tmp_path / "theirs-8606.pdf"
    with wrong.open("wb") as handle:
        writer.write(handle)
    code, text, _err = verify(capsys, str(wrong), "--json")
    doc = json.loads(text)
    assert code == 1
    assert [(c["line"], c["theirs"], c["expected"]) for c in doc["checks"]
            if c["status"] == "differs"] == [("14", 20000, 10000)]
    code, text, _err = verify(capsys, str(wrong), "--case", str(PRO))
    assert code == 1
    assert "their arithmetic: on their own figures, line 3 - line 13 = 10,000" in \
        " ".join(text.split())


def test_basis_dropped_in_a_flattened_pdf(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    lost = {**PRO_RATA, "line_2": 0, "line_3": 0, "line_5": 0, "line_10": "0.000",
            "line_11": 0, "line_13": 0, "line_14": 0, "line_17": 0, "line_18": 50000}
    pdf = their_pdf(tmp_path / "8606.pdf", "f8606", 2025, lost, flatten=True,
                    name="Pat Example")
    assert "/AcroForm" not in PdfReader(pdf).root_object
    f1040 = their_pdf(tmp_path / "1040.pdf", "f1040", 2025,
                      {"line_4a": 50000, "line_4b": 50000}, flatten=True)
    code, text, _err = verify(capsys, str(pdf), str(f1040))
    assert code == 0  # consistent with itself: only the case shows the lost basis
    code, text, _err = verify(capsys, str(pdf), str(f1040), "--case", str(PRO))
    flat = " ".join(text.split())
    assert code == 1
    assert ("their line 2 is 0; your basis carried from 2024 is 20,000 (last year's Form 8606 "
            "line 14): the basis was lost") in flat
    assert "Form 8606, yours (Pat Example)" in text
    assert flat.endswith("would change by -$10,000.")


def test_sep_left_out_of_line_6_fillable(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    sep = {**PRO_RATA, "line_6": 20000, "line_9": 70000, "line_10": "0.28571",
           "line_11": 14286, "line_13": 14286, "line_14": 5714, "line_17": 14286,
           "line_18": 35714}
    pdf = their_pdf(tmp_path / "8606.pdf", "f8606", 2025, sep, flatten=False)
    code, text, _err = verify(capsys, str(pdf), "--case", str(PRO))
    assert code == 1
    assert ("their line 6 is 30,000 less than your year-end value (50,000 with outstanding "
            "rollovers): a SEP or SIMPLE IRA left out?") in " ".join(text.split())


def test_split_1099r_counted_twice_on_a_flattened_1040(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "split.json"
    case.write_text(json.dumps(SPLIT))
    f1040 = their_pdf(tmp_path / "1040.pdf", "f1040", 2025,
                      {"line_4a": 50000, "line_4b": 20000, "line_4c": ("rollover",),
                       "line_5a": 50000, "line_5b": 0}, flatten=True)
    code, text, _err = verify(capsys, str(f1040), "--case", str(case), "--json")
    doc = json.loads(text)
    assert code == 1
    differs = {c["line"]: c for c in doc["checks"] if c["status"] == "differs"}
    assert set(differs) == {"5a"}  # line 5b = 0 is formhelper's blank line 5b
    assert "the same Form 1099-R counted twice, on lines 4a and 5a" in differs["5a"]["why"]
    rollover = next(c for c in doc["checks"] if c["line"] == "4c")
    assert (rollover["theirs"], rollover["status"]) == ("rollover", "agrees")


def test_both_spouses_told_apart_by_name(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    case = SAMPLES / "married-both-convert-2025.toml"
    out = prepare(case, tmp_path / "out", flatten=True)
    pages = [str(out / "f8606-spouse.pdf"), str(out / "f8606-taxpayer.pdf"), str(out / "f1040.pdf")]
    code, text, _err = verify(capsys, *pages, "--case", str(case))
    assert code == 0, text
    assert "Form 8606, your spouse's (Lee Both)" in text
    # The spouse's Part II with box 1 on line 16 instead of the 18,000 converted.
    wrong = their_pdf(tmp_path / "spouse.pdf", "f8606", 2025,
                      {"line_16": 20000, "line_17": 0, "line_18": 20000}, flatten=False,
                      name="Lee Both")
    code, text, _err = verify(capsys, str(wrong), pages[1], "--case", str(case))
    assert code == 1
    assert "their line 16 includes the 2,000 withheld from the conversion" in \
        " ".join(text.split())


def test_2024_form_1040_flattened_and_typed(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    blank_path(2024, "f1040")
    case = SAMPLES / "qcd-and-rollover-2024.toml"
    out = tmp_path / "out"
    assert main(["prepare", str(case), "-o", str(out), "--forms-dir", str(forms_root()),
                 "--flatten"]) == 0
    code, text, _err = verify(capsys, str(out / "f1040.pdf"), "--case", str(case))
    assert code == 0, text
    # The 2024 Form 8606 has no layout in formhelper: its lines are typed.
    typed = tmp_path / "theirs.toml"
    typed.write_text("tax_year = 2024\n[f1040]\nline_4a = 10000\nline_4b = 10000\n"
                     "line_5a = 20000\nline_5b = 0\n")
    code, text, _err = verify(capsys, str(typed), "--case", str(case))
    assert code == 1
    assert "4b" in text and "DIFFERS" in text
    # A 2024 PDF with a 2025 case: refused by name.
    code, _text, err = verify(capsys, str(out / "f1040.pdf"), "--case", str(PRO))
    assert code == 2 and err.startswith(f"error: {out / 'f1040.pdf'}: a 2024 form")


def test_another_years_layout_is_refused_not_guessed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The 2023 Form 8606 is not a layout formhelper knows: never guess its lines."""
    blank = blank_path(2023, "f8606")
    writer = PdfWriter(clone_from=PdfReader(blank))
    names = [n for n in (PdfReader(blank).get_fields() or {}) if "f1_1" in n][:5]
    writer.update_page_form_field_values(writer.pages[0], dict.fromkeys(names, "20,000"),
                                         auto_regenerate=False, flatten=True)
    writer.remove_annotations(subtypes="/Widget")
    del writer._root_object["/AcroForm"]
    old = tmp_path / "2023-8606.pdf"
    with old.open("wb") as handle:
        writer.write(handle)
    code, out, err = verify(capsys, str(old))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {old}: not an official IRS layout formhelper knows")
    assert "type the lines into a small TOML file instead" in err
    assert "Traceback" not in err


def _hostile(tmp_path: Path) -> dict[str, Path]:
    real = blank_path(2025, "f8606").read_bytes()
    files = {
        "garbage": b"%PDF-1.7\n" + os.urandom(4000),
        "truncated": real[: len(real) // 3],
        "no-text": _blank_page(),
        "many-pages": _blank_page(pages=41),
        "much-text": _much_text(),
        "cyclic": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\n"
                  b"trailer << /Root 1 0 R >>\n%%EOF\n",
        "bad.toml": b"[f8606]\nline_2 = \"abc\"\n",
        "binary.toml": os.urandom(300),
        "unknown-line.toml": b"[f8606]\nline_99 = 1\n",
    }
    paths = {}
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths[name] = path
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:
        handle.truncate(30_000_000)
    paths["big.pdf"] = big
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    paths["folder.pdf"] = folder
    fifo = tmp_path / "fifo.pdf"
    os.mkfifo(fifo)
    paths["fifo.pdf"] = fifo
    paths["missing.pdf"] = tmp_path / "missing.pdf"
    return paths


def _blank_page(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _much_text() -> bytes:
    """One page with 6,000 separate pieces of text."""
    from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

    buf = io.BytesIO()
    canvas = Canvas(buf)
    for n in range(6000):
        canvas.drawString(10 + (n % 60) * 9, 10 + (n // 60) * 7, "1")
    canvas.save()
    return buf.getvalue()


def test_hostile_and_damaged_files_are_named_never_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, path in _hostile(tmp_path).items():
        code, out, err = verify(capsys, str(path))
        assert code == 2, (name, out, err)
        assert err.startswith(f"error: {path}"), (name, err)
        assert "Traceback" not in err and out == "", name
    said = verify(capsys, str(tmp_path / "unknown-line.toml"))[2]
    assert "f8606.line_99: not a line formhelper reads" in said


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["verify"])
    assert stop.value.code == 2
    capsys.readouterr()


async def test_wizard_checks_a_return_from_other_software(tmp_path: Path) -> None:
    """From the review: "Check a return from other software" with the wizard's return."""
    from textual.widgets import Input

    from formhelper.tui.app import make_app
    from formhelper.tui.verify import VerifyScreen

    case = tmp_path / "case.toml"
    case.write_text(PRO.read_text())
    typed = tmp_path / "their lines.toml"
    typed.write_text((SAMPLES / "other-software" / "lost-basis-2025.toml").read_text())
    app = make_app(case)
    async with app.run_test(size=(110, 50)) as pilot:
        await pilot.pause()
        await pilot.click("#open-verify")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, VerifyScreen)
        screen.query_one("#their-files", Input).value = f'"{typed}"'
        await pilot.click("#run-verify")
        await pilot.pause()
        text = " ".join(screen.report_text.split())
        assert "their line 2 is 0; your basis carried from 2024 is 20,000" in text
        assert text.endswith("would change by -$10,000.")
        field = screen.query_one("#their-files", Input)
        field.value = str(tmp_path / "missing.pdf")
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.report_text == f"error: {tmp_path / 'missing.pdf'}: no such file"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReviewScreen"


def test_rollover_box_left_unchecked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Line 4c: "Check if" 1 Rollover; a fillable 1040 with no box checked says no rollover."""
    case = tmp_path / "split.json"
    case.write_text(json.dumps(SPLIT))
    f1040 = their_pdf(tmp_path / "1040.pdf", "f1040", 2025,
                      {"line_4a": 50000, "line_4b": 20000}, flatten=False)
    code, text, _err = verify(capsys, str(f1040), "--case", str(case), "--json")
    assert code == 1
    line_4c = next(c for c in json.loads(text)["checks"] if c["line"] == "4c")
    assert (line_4c["theirs"], line_4c["expected"], line_4c["status"]) == \
        (None, "rollover", "differs")
