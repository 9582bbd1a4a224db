"""``formhelper prepare`` and ``formhelper forms``: filled PDFs read back against golden
files, poppler shows the values, worksheets are reproducible, files are written safely."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import re
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from formhelper.app.prepare import build
from formhelper.cli import main
from formhelper.files.atomic import Output, OutputConflict, write_outputs
from formhelper.models import CaseFile
from formhelper.pdf import blanks
from formhelper.pdf.fieldmap import load_map
from formhelper.pdf.fill import FillError, fill, read_values
from formhelper.render.worksheets import render
from pdfsupport import blank_path, forms_root, pdftotext_layout
from support import SAMPLES, run, sample

GOLDEN = Path(__file__).parent / "golden"
SAMPLES_2025 = sorted(p.stem for p in SAMPLES.glob("*-2025.toml"))
SAMPLES_2024 = sorted(p.stem for p in SAMPLES.glob("*-2024.toml"))


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No FORMHELPER_FORMS_DIR and an empty user cache."""
    monkeypatch.delenv("FORMHELPER_FORMS_DIR", raising=False)
    monkeypatch.setenv("FORMHELPER_CACHE_DIR", str(tmp_path / "cache" / "formhelper"))
    return tmp_path


def _forms_dir() -> Path:
    blank_path(2025, "f8606")
    blank_path(2025, "f5329")
    blank_path(2025, "f1040")
    return forms_root()


def _golden_text(form: str, layout_year: int, values: dict[str, str]) -> str:
    """One row per filled field, keyed by the form's line in the form's order
    (``8606 line 18    40,000``), read back by field name through the layout's map; a
    filled field the map does not know would be listed by its AcroForm name."""
    fmap = load_map(form, layout_year)
    filled = {name: value for name, value in values.items() if value not in ("", "/Off")}
    rows = []
    for mapped in fmap.fields:
        if mapped.field in filled:
            label = mapped.key.replace("line_", "line ").replace("_", " ")
            rows.append(f"{form.removeprefix('f')} {label:<28} {filled[mapped.field]}\n")
    known = {m.field for m in fmap.fields}
    rows += [f"unmapped {name} {value}\n" for name, value in sorted(filled.items())
             if name not in known]
    return "".join(rows)


@pytest.mark.parametrize("name", SAMPLES_2025)
def test_filled_forms_read_back_as_the_golden_files(name: str, isolated: Path) -> None:
    case = sample(name)
    prepared = build(case, run(case), _params(case.tax_year), forms_dir=_forms_dir())
    pdfs = {o.name: o.data for o in prepared.outputs if o.name.endswith(".pdf")
            and o.name != "worksheets.pdf" and not o.name.startswith("basis-")}
    assert "f1040.pdf" in pdfs
    for pdf_name, data in sorted(pdfs.items()):
        golden = GOLDEN / f"{name}.{pdf_name.removesuffix('.pdf')}.txt"
        form = pdf_name.removesuffix(".pdf").split("-")[0]
        text = _golden_text(form, _params(case.tax_year).layout_year, read_values(data))
        if os.environ.get("FORMHELPER_UPDATE_GOLDEN"):
            golden.write_text(text)
        assert golden.is_file(), f"missing {golden}; run with FORMHELPER_UPDATE_GOLDEN=1"
        assert text == golden.read_text(), pdf_name
    expected = {f"f8606-{o.value}.pdf" for o in run(case).filed_8606}
    assert {n for n in pdfs if n.startswith("f8606")} == expected
    expected_5329 = {f"f5329-{o.value}.pdf" for o in run(case).filed_5329}
    assert {n for n in pdfs if n.startswith("f5329")} == expected_5329


def _params(year: int):  # type: ignore[no-untyped-def]
    from formhelper.files.years import load

    return load(year)


# ------------------------------------------------------------ tax year 2024 (Form 1040 only)

F1040_2024 = "topmostSubform[0].Page1[0]."
#: The five filing-status boxes of the 2024 Form 1040 and their on-states.
STATUS_BOXES_2024 = {
    "single": (F1040_2024 + "FilingStatus_ReadOrder[0].c1_3[0]", "/1"),
    "married_filing_jointly": (F1040_2024 + "FilingStatus_ReadOrder[0].c1_3[1]", "/3"),
    "married_filing_separately": (F1040_2024 + "FilingStatus_ReadOrder[0].c1_3[2]", "/4"),
    "head_of_household": (F1040_2024 + "c1_3[0]", "/2"),
    "qualifying_surviving_spouse": (F1040_2024 + "c1_3[1]", "/5"),
}


def _forms_dir_2024() -> Path:
    blank_path(2024, "f1040")
    return forms_root()


def _case_2024(filing_status: str = "married_filing_jointly") -> CaseFile:
    """MFJ, 2024: the taxpayer converts 7,005 with 7,000 of basis and 3,000 left in
    IRAs (line 10 = 7,000 / 10,005 = 0.69965: 4,901 nontaxable, 2,104 taxable); the
    spouse gets 12,000 from a plan, 9,000 taxable (3,000 of box 5), 1,800 withheld.
    Form 1040: 4a 7,005, 4b 2,104, 5a 12,000, 5b 9,000, 25b 1,800."""
    from formhelper.files.casefile import parse_case
    from support import base_case

    joint = filing_status == "married_filing_jointly"
    ira_form = {"owner": "taxpayer", "box_1": 7005, "box_2a": 7005,
                "box_2b_taxable_not_determined": True, "box_7": "2", "ira_sep_simple": True,
                "disposition": {"converted_to_roth_ira": 7005}}
    plan_form = {"owner": "spouse", "box_1": 12000, "box_2a": 9000, "box_4": 1800,
                 "box_5": 3000, "box_7": "7"}
    married = filing_status.startswith("married")
    return parse_case(base_case(
        tax_year=2024, filing_status=filing_status,
        taxpayer={"name": "Robin Q Twentyfour", "ssn": "400-00-2024",
                  "date_of_birth": "1980-05-10",
                  "ira": {"nondeductible_contributions": 7000, "year_end_value": 3000}},
        spouse={"name": "Lee Twentyfour", "ssn": "400-00-4202",
                "date_of_birth": "1960-01-15"} if married else None,
        forms_1099r=[ira_form, plan_form] if joint else [ira_form],
    ))


@pytest.mark.parametrize("name", SAMPLES_2024)
def test_2024_form_1040_reads_back_as_the_golden_file(name: str, isolated: Path) -> None:
    """A 2024 return gets its Form 1040 filled on the 2024 layout; there is no 2024
    Form 8606 layout, so the 8606 is left out with a note.  The 2024 form has no lines
    4c/5c: the only notes on f1040.pdf are the words to write next to line 4b/5b."""
    case = sample(name)
    result = run(case)
    prepared = build(case, result, _params(2024), forms_dir=_forms_dir_2024())
    pdfs = {o.name: o.data for o in prepared.outputs if o.name.endswith(".pdf")
            and o.name != "worksheets.pdf" and not o.name.startswith("basis-")}
    assert sorted(pdfs) == ["f1040.pdf"]
    if result.filed_8606:
        assert any("no Form 8606 field map for the 2024 layout" in n for n in prepared.notes)
    reporting = result.f1040_reporting
    words = [f"f1040.pdf: {reporting.sentence(key, items)}"
             for key in ("line_4c", "line_5c") if (items := getattr(result.f1040, key))]
    assert [n for n in prepared.notes if n.startswith("f1040.pdf")] == words
    golden = GOLDEN / f"{name}.f1040.txt"
    text = _golden_text("f1040", 2024, read_values(pdfs["f1040.pdf"]))
    if os.environ.get("FORMHELPER_UPDATE_GOLDEN"):
        golden.write_text(text)
    assert golden.is_file(), f"missing {golden}; run with FORMHELPER_UPDATE_GOLDEN=1"
    assert text == golden.read_text()


def test_2024_form_1040_holds_the_computed_lines(isolated: Path, tmp_path: Path) -> None:
    case = _case_2024()
    result = run(case)
    lines = result.f1040
    assert (lines.line_4a, lines.line_4b, lines.line_5a, lines.line_5b, lines.line_25b) == (
        7005, 2104, 12000, 9000, 1800)
    prepared = build(case, result, _params(2024), forms_dir=_forms_dir_2024())
    data = next(o.data for o in prepared.outputs if o.name == "f1040.pdf")
    values = {k: v for k, v in read_values(data).items() if v not in ("", "/Off")}
    assert values == {
        F1040_2024 + "f1_04[0]": "Robin Q",
        F1040_2024 + "f1_05[0]": "Twentyfour",
        F1040_2024 + "f1_06[0]": "400002024",
        F1040_2024 + "f1_07[0]": "Lee",
        F1040_2024 + "f1_08[0]": "Twentyfour",
        F1040_2024 + "f1_09[0]": "400004202",
        F1040_2024 + "FilingStatus_ReadOrder[0].c1_3[1]": "/3",
        F1040_2024 + "Line4a-11_ReadOrder[0].f1_46[0]": "7,005",
        F1040_2024 + "Line4a-11_ReadOrder[0].f1_47[0]": "2,104",
        F1040_2024 + "Line4a-11_ReadOrder[0].f1_48[0]": "12,000",
        F1040_2024 + "Line4a-11_ReadOrder[0].f1_49[0]": "9,000",
        "topmostSubform[0].Page2[0].f2_12[0]": "1,800",
    }
    # poppler draws each amount after its printed line number.
    pdf = tmp_path / "f1040.pdf"
    pdf.write_bytes(data)
    rows = [line.rstrip() for line in pdftotext_layout(pdf).splitlines()]
    assert any(re.search(r"\b4a\s+7,005\s+b Taxable amount.*\s4b\s+2,104$", r) for r in rows)
    assert any(re.search(r"\b5a\s+12,000\s+b Taxable amount.*\s5b\s+9,000$", r) for r in rows)
    assert any(re.search(r"\s25b\s+1,800$", r) for r in rows)


@pytest.mark.parametrize("status", sorted(STATUS_BOXES_2024))
def test_2024_form_1040_checks_one_filing_status_box(status: str, isolated: Path) -> None:
    case = _case_2024(status)
    prepared = build(case, run(case), _params(2024), forms_dir=_forms_dir_2024())
    values = read_values(next(o.data for o in prepared.outputs if o.name == "f1040.pdf"))
    checked = {name: values[name] for name, _on in STATUS_BOXES_2024.values()
               if values[name] not in ("", "/Off")}
    assert checked == dict([STATUS_BOXES_2024[status]])
    mfs_name = values[F1040_2024 + "f1_18[0]"]
    assert mfs_name == ("Lee Twentyfour" if status == "married_filing_separately" else "")
    if status == "married_filing_separately":
        assert values[F1040_2024 + "f1_09[0]"] == "400004202"


def test_poppler_shows_the_filled_8606_values(isolated: Path, tmp_path: Path) -> None:
    case = sample("pro-rata-conversion-2025")
    prepared = build(case, run(case), _params(2025), forms_dir=_forms_dir())
    pdf = tmp_path / "f8606.pdf"
    pdf.write_bytes(next(o.data for o in prepared.outputs if o.name == "f8606-taxpayer.pdf"))
    text = pdftotext_layout(pdf)
    assert "Pat Example" in text

    def shows(label: str, value: str) -> bool:
        """A text row ending with the printed line label and then the value."""
        pattern = re.compile(rf"\s{re.escape(label)}\s+{re.escape(value)}$")
        return any(pattern.search(line.rstrip()) for line in text.splitlines())

    assert shows("2", "20,000")
    assert shows("9", "100,000")
    assert shows("10", "× 0 . 20000")
    assert shows("14", "10,000")
    assert shows("16", "50,000")
    assert shows("18", "40,000")  # page 2


def test_poppler_shows_the_filled_5329_values(isolated: Path, tmp_path: Path) -> None:
    # samples/early-distribution-5329-2025.toml: line 1 12,000, line 2 05 / 3,000,
    # line 3 9,000, line 4 900; the spouse needs no Form 5329 (code 1 in full).
    case = sample("early-distribution-5329-2025")
    prepared = build(case, run(case), _params(2025), forms_dir=_forms_dir())
    names = {o.name for o in prepared.outputs}
    assert "f5329-taxpayer.pdf" in names and "f5329-spouse.pdf" not in names
    pdf = tmp_path / "f5329.pdf"
    pdf.write_bytes(next(o.data for o in prepared.outputs if o.name == "f5329-taxpayer.pdf"))
    text = pdftotext_layout(pdf)
    assert "Casey Early" in text and "400-00-1234" in text
    rows = [line.rstrip() for line in text.splitlines()]

    def shows(label: str, value: str) -> bool:
        pattern = re.compile(rf"\s{re.escape(label)}\s+{re.escape(value)}$")
        return any(pattern.search(line) for line in rows)

    assert shows("1", "12,000")
    assert shows("2", "3,000")
    assert shows("3", "9,000")
    assert shows("4", "900")
    assert any(re.search(r"instructions:\s+05\b", line) for line in rows)
    summary = next(o.data for o in prepared.outputs if o.name == "summary.md").decode()
    assert "Form 5329 for Jordan Early (your spouse): not required; enter $500 on Schedule 2" \
        in summary
    assert "Line 8, additional tax on IRAs: $1,400." in summary


def test_flattened_form_has_no_fields_and_shows_values(isolated: Path, tmp_path: Path) -> None:
    case = sample("pro-rata-conversion-2025")
    prepared = build(case, run(case), _params(2025), forms_dir=_forms_dir(), flatten=True)
    pdf = tmp_path / "flat.pdf"
    pdf.write_bytes(next(o.data for o in prepared.outputs if o.name == "f8606-taxpayer.pdf"))
    assert read_values(pdf.read_bytes()) == {}
    assert "100,000" in pdftotext_layout(pdf)


def test_fill_refuses_unknown_wrong_kind_and_overlong() -> None:
    blank = blank_path(2025, "f8606").read_bytes()
    line_10_int = "topmostSubform[0].Page1[0].f1_18[0]"
    with pytest.raises(FillError, match="no such field"):
        fill(blank, {"topmostSubform[0].Page1[0].f1_9[0]": "1"})  # the 2023 name
    with pytest.raises(FillError, match="takes 1"):
        fill(blank, {line_10_int: "10"})
    with pytest.raises(FillError, match="checkbox"):
        fill(blank, {"topmostSubform[0].Page2[0].c2_1[0]": "yes"})
    with pytest.raises(FillError, match="text field"):
        fill(blank, {line_10_int: "/1"})


def test_filled_pdf_has_no_xfa_and_needs_appearances() -> None:
    from pypdf import PdfReader

    blank = blank_path(2025, "f1040").read_bytes()
    out = fill(blank, {"topmostSubform[0].Page1[0].f1_62[0]": "1,234",
                       "topmostSubform[0].Page1[0].c1_35[0]": "/1"})
    root = cast(dict[str, Any], PdfReader(io.BytesIO(out)).trailer["/Root"])
    form = cast(dict[str, Any], root["/AcroForm"])
    assert "/XFA" not in form and form["/NeedAppearances"]
    values = read_values(out)
    assert values["topmostSubform[0].Page1[0].c1_35[0]"] == "/1"


def test_worksheets_are_byte_identical_and_hold_the_amounts(tmp_path: Path) -> None:
    case = sample("early-roth-distribution-2025")
    first, second = render(case, run(case)), render(case, run(case))
    assert first == second
    pdf = tmp_path / "ws.pdf"
    pdf.write_bytes(first)
    text = pdftotext_layout(pdf)
    for expected in ("Form 8606 worksheet: Morgan Early", "40,000", "25,000",
                     "2021 conversion, taxable part", "Form 1099-R #1", "Part III"):
        assert expected in text
    for path in ("forms_1099r", "taxpayer", "case:"):  # no case-file paths for people
        assert path not in text


def test_worksheet_1_1_is_rendered_when_used(tmp_path: Path) -> None:
    from formhelper.files.casefile import parse_case
    from support import base_case

    case = parse_case(base_case(
        taxpayer={"name": "Ws One", "date_of_birth": "1975-06-15",
                  "ira": {"nondeductible_contributions": 2000, "deductible_contributions": 2000,
                          "prior_basis": 5000, "year_end_value": 30000}},
        forms_1099r=[{"box_1": 10000, "box_2a": 10000, "box_2b_taxable_not_determined": True,
                      "box_7": "7", "ira_sep_simple": True}],
    ))
    result = run(case)
    assert result.f8606[next(iter(result.f8606))].worksheet_1_1 is not None
    pdf = tmp_path / "ws.pdf"
    pdf.write_bytes(render(case, result))
    assert "Worksheet 1-1" in pdftotext_layout(pdf)


# ------------------------------------------------------------------ the command


def test_prepare_writes_everything(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = isolated / "out"
    code = main(["prepare", str(SAMPLES / "married-both-convert-2025.toml"), "-o", str(out),
                 "--forms-dir", str(_forms_dir())])
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "basis-2025.json", "basis-2025.pdf", "f1040.pdf", "f8606-spouse.pdf", "f8606-taxpayer.pdf",
        "summary.html", "summary.md", "worksheets.pdf"]
    summary = (out / "summary.md").read_text()
    assert "f8606-spouse.pdf" in summary and "| 18 |" in summary
    assert "Basis carried to next year" in summary
    html = (out / "summary.html").read_text()
    assert "<td class=\"n\">27,000</td>" in html
    assert not list(out.glob(".*.tmp"))
    # A second run with the same input changes nothing.
    assert main(["prepare", str(SAMPLES / "married-both-convert-2025.toml"), "-o", str(out),
                 "--forms-dir", str(_forms_dir())]) == 0
    assert capsys.readouterr().out.count("unchanged") == 8


def test_prepare_without_blanks_writes_the_rest_and_says_how(
        isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = isolated / "out"
    # Everything else written, the forms not filled listed: exit status 3, which a
    # script tells apart from success (0) and from a case not prepared (1).
    assert main(["prepare", str(SAMPLES / "pro-rata-conversion-2025.toml"), "-o", str(out)]) == 3
    names = sorted(p.name for p in out.iterdir())
    assert names == ["basis-2025.json", "basis-2025.pdf", "summary.html", "summary.md",
                     "worksheets.pdf"]
    said = capsys.readouterr()
    assert "formhelper forms fetch 2025" in said.out and "--forms-dir" in said.out
    assert said.err == ("not filled (no blank IRS form at hand): f8606-taxpayer.pdf, "
                        "f1040.pdf; get the blanks with: formhelper forms fetch 2025, or "
                        "formhelper forms add FILE\n")


def test_prepare_says_when_no_8606_is_needed(isolated: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = isolated / "out"
    assert main(["prepare", str(SAMPLES / "in-plan-roth-rollover-2025.toml"), "-o",
                 str(out)]) == 3  # no blank Form 1040 here
    assert "Form 8606 is not needed" in capsys.readouterr().out
    assert not list(out.glob("f8606*"))


def test_prepare_keeps_a_different_existing_file(isolated: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = isolated / "out"
    out.mkdir()
    (out / "summary.md").write_text("mine\n")
    case = str(SAMPLES / "pro-rata-conversion-2025.toml")
    assert main(["prepare", case, "-o", str(out)]) == 1
    assert "summary.md exists and differs" in capsys.readouterr().err
    assert (out / "summary.md").read_text() == "mine\n"
    assert not (out / "worksheets.pdf").exists()  # nothing written
    # Written (no blanks in this folder-less setup: exit 3, the forms are listed).
    assert main(["prepare", case, "-o", str(out), "--force"]) == 3
    assert (out / "summary.md").read_text() != "mine\n"


def test_bad_case_exits_1(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = isolated / "bad.json"
    bad.write_text(json.dumps({"tax_year": 2025, "filing_status": "single",
                               "taxpayer": {"name": "X", "date_of_birth": "1980-01-01"},
                               "forms_1099r": [{"box_1": 1, "box_2a": 2, "box_7": "7"}]}))
    assert main(["prepare", str(bad), "-o", str(isolated / "out")]) == 1
    assert capsys.readouterr().err == "error: forms_1099r[0].box_2a: larger than box 1 (1)\n"


def test_ssn_files_are_private(isolated: Path) -> None:
    from formhelper.files.casefile import parse_case
    from support import base_case

    case = parse_case(base_case(
        taxpayer={"name": "Sam Secret", "ssn": "123-45-6789", "date_of_birth": "1975-06-15",
                  "ira": {"nondeductible_contributions": 7000}},
        forms_1099r=[{"box_1": 7000, "box_2a": 7000, "box_7": "2", "ira_sep_simple": True,
                      "disposition": {"converted_to_roth_ira": 7000}}],
    ))
    prepared = build(case, run(case), _params(2025), forms_dir=_forms_dir())
    status = write_outputs(prepared.outputs, isolated / "out")
    assert any("0600" in line for line in status)
    f8606 = isolated / "out" / "f8606-taxpayer.pdf"
    assert stat.S_IMODE(f8606.stat().st_mode) == 0o600
    assert stat.S_IMODE((isolated / "out" / "f1040.pdf").stat().st_mode) == 0o600
    values = read_values(f8606.read_bytes())
    assert values["topmostSubform[0].Page1[0].f1_02[0]"] == "123-45-6789"
    assert read_values((isolated / "out" / "f1040.pdf").read_bytes())[
        "topmostSubform[0].Page1[0].f1_16[0]"] == "123456789"


def test_write_outputs_conflict_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "b").write_bytes(b"old")
    with pytest.raises(OutputConflict):
        write_outputs([Output("a", b"1"), Output("b", b"2")], tmp_path)
    assert not (tmp_path / "a").exists()


# ------------------------------------------------------------------ forms commands


def test_forms_dump_prints_the_committed_dump(capsys: pytest.CaptureFixture[str]) -> None:
    path = blank_path(2025, "f8606")
    assert main(["forms", "dump", str(path)]) == 0
    committed = Path(__file__).parent.parent / "forms" / "2025" / "f8606.acroform.json"
    assert capsys.readouterr().out == committed.read_text()


def test_forms_add_identifies_and_caches(isolated: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FORMHELPER_DATA_DIR", str(isolated / "data"))
    assert main(["forms", "add", str(blank_path(2025, "f8606"))]) == 0
    cached = isolated / "cache" / "formhelper" / "forms" / "2025" / "f8606.pdf"
    assert cached.read_bytes() == blank_path(2025, "f8606").read_bytes()
    assert (cached.parent / "f8606.pdf.sha256").read_text().split()[0] == hashlib.sha256(
        cached.read_bytes()).hexdigest()
    assert main(["forms", "list"]) == 0
    listing = capsys.readouterr().out
    assert "2025 f8606   ok" in listing and "2025 f1040   missing" in listing
    # The 2023 Form 8606 (other field names) is known by its own dump since issue 21:
    # it is stored as 2023, not taken for the 2025 layout.
    old = blank_path(2023, "f8606")
    assert main(["forms", "add", str(old)]) == 0
    stored = isolated / "cache" / "formhelper" / "forms" / "2023" / "f8606.pdf"
    assert stored.read_bytes() == old.read_bytes()


def test_a_blank_with_other_fields_is_not_accepted(isolated: Path) -> None:
    folder = isolated / "blanks" / "2025"
    folder.mkdir(parents=True)
    (folder / "f8606.pdf").write_bytes(blank_path(2025, "f1040").read_bytes())
    with pytest.raises(blanks.BlankMissing, match="fields differ"):
        blanks.find_blank("f8606", 2025, isolated / "blanks")


@pytest.fixture
def irs_server(tmp_path: Path) -> Iterator[str]:
    """A local stand-in for www.irs.gov serving the blanks at /pub/irs-pdf/."""
    root = tmp_path / "www"
    (root / "pub" / "irs-pdf").mkdir(parents=True)
    for form in ("f8606", "f5329", "f1040"):
        (root / "pub" / "irs-pdf" / f"{form}.pdf").write_bytes(blank_path(2025, form).read_bytes())

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_forms_fetch_downloads_checks_and_stores(
        isolated: Path, irs_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blanks, "CURRENT_URL", irs_server + "/pub/irs-pdf/{form}.pdf")
    monkeypatch.setattr(blanks, "PRIOR_URL", irs_server + "/pub/irs-prior/{form}--{year}.pdf")
    assert main(["forms", "fetch", "2026"]) == 0  # 2026 uses the 2025 layout
    cache = isolated / "cache" / "formhelper" / "forms" / "2025"
    assert sorted(p.name for p in cache.iterdir()) == [
        "f1040.pdf", "f1040.pdf.sha256", "f5329.pdf", "f5329.pdf.sha256", "f8606.pdf",
        "f8606.pdf.sha256"]
    assert blanks.find_blank("f8606", 2025).path == cache / "f8606.pdf"


def test_forms_fetch_refuses_a_wrong_form(isolated: Path, irs_server: str,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    # 2024: only the prior-year address is tried; the server has none -> 404.
    monkeypatch.setattr(blanks, "PRIOR_URL", irs_server + "/pub/irs-pdf/f8606.pdf?{form}{year}")
    assert main(["forms", "fetch", "2024"]) == 1
    err = capsys.readouterr().err
    assert "not the 2024 Form 1040" in err


def test_forms_fetch_network_failure_is_a_clear_message(
        isolated: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(blanks, "CURRENT_URL", "http://127.0.0.1:9/{form}.pdf")
    monkeypatch.setattr(blanks, "PRIOR_URL", "http://127.0.0.1:9/{form}--{year}.pdf")
    assert main(["forms", "fetch", "2025"]) == 1
    err = capsys.readouterr().err
    assert "download failed" in err and "check your internet connection" in err
    assert not (isolated / "cache" / "formhelper" / "forms" / "2025").exists()
