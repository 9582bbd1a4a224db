"""Basis records: 2024 -> 2025 -> 2026 carried without retyping, checked against
figures worked by hand; round trips through JSON and the filled Form 8606; a Form
8606 filled by another program; bad files refused."""

from __future__ import annotations

import io
import json
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from formhelper.app.prepare import build
from formhelper.calc.basis import (
    BasisRecord,
    Form8606Facts,
    build_record,
    history_gaps,
    ledger,
    missing_8606,
    next_year_case,
)
from formhelper.calc.roth import free_amount
from formhelper.cli import main
from formhelper.files.basis_record import (
    RecordError,
    attachment_name,
    parse_record,
    record_json,
)
from formhelper.files.casefile import load_case, parse_case
from formhelper.files.years import load
from formhelper.models import CaseFile, Owner
from formhelper.pdf.readback import attachments
from formhelper.render.basis_page import record_pdf
from pdfsupport import blank_path, forms_root, pdftotext_layout
from support import run

D = Decimal
BORN = "1980-05-10"  # 59½ on 2039-11-10


def _case_2024() -> dict[str, Any]:
    """Backdoor Roth with a little pre-tax money left (pro-rata)."""
    return {
        "tax_year": 2024, "filing_status": "single",
        "taxpayer": {"name": "Casey Chain", "date_of_birth": BORN,
                     "ira": {"nondeductible_contributions": 7000, "year_end_value": 3000},
                     # Asked by the wizard: the 2024 conversion funded the first Roth IRA.
                     "roth": {"first_contribution_year": 2024}},
        "forms_1099r": [{"box_1": 7005, "box_2a": 7005, "box_2b_taxable_not_determined": True,
                         "box_7": "2", "ira_sep_simple": True,
                         "disposition": {"converted_to_roth_ira": 7005}}],
    }


def _add_2025(start: dict[str, Any]) -> dict[str, Any]:
    """2025: a regular Roth contribution of 7,000 and a partial conversion of 10,000
    out of 30,000 of traditional IRAs."""
    case: dict[str, Any] = json.loads(json.dumps(start, default=str))
    case["taxpayer"]["ira"]["year_end_value"] = 20000
    case["taxpayer"]["roth"]["contributions_this_year"] = 7000
    case["forms_1099r"] = [{"box_1": 10000, "box_2a": 10000,
                            "box_2b_taxable_not_determined": True, "box_7": "2",
                            "ira_sep_simple": True,
                            "disposition": {"converted_to_roth_ira": 10000}}]
    return case


def _add_2026(start: dict[str, Any]) -> dict[str, Any]:
    """2026: a nondeductible contribution of 7,500 and an early Roth distribution of
    20,000 at 46 (code J)."""
    case: dict[str, Any] = json.loads(json.dumps(start, default=str))
    case["taxpayer"]["ira"]["nondeductible_contributions"] = 7500
    case["forms_1099r"] = [{"box_1": 20000, "box_2b_taxable_not_determined": True,
                            "box_7": "J"}]
    return case


def _record(case: CaseFile, prior: BasisRecord | None = None) -> BasisRecord:
    return build_record(case, run(case), prior)


def _forms_dir() -> Path:
    blank_path(2025, "f8606")
    blank_path(2025, "f1040")
    return forms_root()


def test_chain_2024_2025_2026_carries_every_value() -> None:
    # ---- 2024. Line 1 7,000; line 2 0; line 3 7,000; line 6 3,000; line 8 7,005;
    # line 9 = 3,000 + 7,005 = 10,005; line 10 = 7,000 / 10,005 = 0.699650... -> 0.69965;
    # line 11 = 7,005 x 0.69965 = 4,901.05 -> 4,901; line 13 4,901;
    # line 14 = 7,000 - 4,901 = 2,099; line 16 7,005; line 17 4,901;
    # line 18 = 7,005 - 4,901 = 2,104.
    case24 = parse_case(_case_2024())
    r24 = _record(case24)
    p24 = r24.people[0]
    assert (r24.tax_year, r24.for_tax_year) == (2024, 2025)
    assert (p24.traditional_ira_basis, p24.traditional_ira_basis_year) == (D(2099), 2024)
    assert p24.roth_first_contribution_year == 2024  # as given

    assert p24.roth_contribution_basis == 0
    [layer] = p24.roth_layers
    assert (layer.year, layer.taxable, layer.nontaxable) == (2024, D(2104), D(4901))
    assert layer.window_ends == date(2028, 12, 31)  # Jan 1 2024 + 5 years - 1 day
    [h24] = p24.history
    assert (h24.line_1, h24.line_2, h24.line_14) == (D(7000), D(0), D(2099))
    assert (h24.line_16, h24.line_17, h24.line_18) == (D(7005), D(4901), D(2104))

    # ---- 2025 starts from the 2024 record: no retyping.
    start25 = next_year_case(r24)
    assert start25["taxpayer"]["ira"] == {"prior_basis": 2099}
    assert start25["taxpayer"]["roth"] == {
        "first_contribution_year": 2024,
        "layers": [{"year": 2024, "kind": "conversion", "taxable": 2104, "nontaxable": 4901}]}
    case25 = parse_case(_add_2025(start25))
    # Line 2 2,099; line 3 2,099; line 6 20,000; line 8 10,000; line 9 30,000;
    # line 10 = 2,099 / 30,000 = 0.0699666... -> 0.06997; line 11 = 10,000 x 0.06997
    # = 699.7 -> 700; line 14 = 2,099 - 700 = 1,399; line 17 700; line 18 9,300.
    r25 = _record(case25, r24)
    p25 = r25.people[0]
    assert (p25.traditional_ira_basis, p25.traditional_ira_basis_year) == (D(1399), 2025)
    assert p25.roth_contribution_basis == D(7000)  # 0 + 2025's 7,000
    assert [(lay.year, lay.taxable, lay.nontaxable, lay.window_ends) for lay in p25.roth_layers] \
        == [(2024, D(2104), D(4901), date(2028, 12, 31)),
            (2025, D(9300), D(700), date(2029, 12, 31))]
    assert p25.roth_first_contribution_year == 2024
    assert [h.year for h in p25.history] == [2024, 2025]
    assert p25.facts(2025) is not None and p25.facts(2025).line_14 == D(1399)  # type: ignore[union-attr]

    # ---- 2026 from the 2025 record.
    case26 = parse_case(_add_2026(next_year_case(r25)))
    assert case26.taxpayer.ira.prior_basis == D(1399)
    assert case26.taxpayer.roth.contribution_basis == D(7000)
    r26 = _record(case26, r25)
    lines = run(case26).f8606[Owner.TAXPAYER]
    # Part I, no distribution: line 3 = 7,500 + 1,399 = 8,899 = line 14.
    assert lines.line_14 == D(8899)
    # Part III: line 19 20,000; line 22 7,000; line 23 13,000;
    # line 24 = 2,104 + 4,901 + 9,300 + 700 = 17,005; line 25a 0.
    assert (lines.line_19, lines.line_22, lines.line_23, lines.line_24, lines.line_25a) == (
        D(20000), D(7000), D(13000), D(17005), D(0))
    p26 = r26.people[0]
    assert (p26.traditional_ira_basis, p26.traditional_ira_basis_year) == (D(8899), 2026)
    # Line 22 chart: 7,000 - 20,000 < 0 -> 0.
    assert p26.roth_contribution_basis == 0
    # Ordering: 7,000 contributions; 2,104 + 4,901 (2024 layer, gone); the remaining
    # 20,000 - 7,000 - 7,005 = 5,995 from the 2025 taxable part: 9,300 - 5,995 = 3,305.
    by_year = {lay.year: lay for lay in p26.roth_layers}
    assert (by_year[2024].taxable, by_year[2024].nontaxable) == (0, 0)
    assert (by_year[2024].taxable_taken, by_year[2024].nontaxable_taken) == (D(2104), D(4901))
    assert (by_year[2025].taxable, by_year[2025].nontaxable) == (D(3305), D(700))
    assert by_year[2025].taxable_taken == D(5995)
    # Line 24 chart: 17,005 - 13,000 = 4,005 left.
    assert p26.roth_conversion_basis == D(4005) == lines.line_24 - lines.line_23  # type: ignore[operator]
    assert [h.year for h in p26.history] == [2024, 2025, 2026]
    # 2027 starts with the exhausted 2024 layer dropped.
    start27 = next_year_case(r26)
    assert start27["tax_year"] == 2027
    assert start27["taxpayer"]["roth"]["layers"] == [
        {"year": 2025, "kind": "conversion", "taxable": 3305, "nontaxable": 700}]
    assert "contribution_basis" not in start27["taxpayer"]["roth"]


def test_first_roth_year_is_never_guessed() -> None:
    """The 5-year period for qualified distributions begins with the first year a
    contribution was made to any Roth IRA (Pub. 590-B, "What Are Qualified
    Distributions?"); a conversion this year does not say it is the first.  Not given:
    the record says so (``None``), the page says "not given", and the ledger treats the
    earnings as taxable."""
    case = _case_2024()
    del case["taxpayer"]["roth"]
    person = _record(parse_case(case)).people[0]
    assert person.roth_first_contribution_year is None
    assert "first_contribution_year" not in next_year_case(_record(parse_case(case)))[
        "taxpayer"].get("roth", {})
    slices = ledger(person, date(2040, 1, 1))
    assert slices[-1].source == "earnings" and not slices[-1].tax_free


def test_ledger_on_dates() -> None:
    case24 = parse_case(_case_2024())
    r25 = _record(parse_case(_add_2025(next_year_case(_record(case24)))), _record(case24))
    person = r25.people[0]
    # 2027-01-01, age 46: contributions 7,000 free; the 2024 taxable part is inside its
    # window (to 2028-12-31), so nothing past the 7,000 is free.
    slices = ledger(person, date(2027, 1, 1))
    assert [s.source for s in slices] == [
        "regular contributions", "2024 conversion, taxable part",
        "2024 conversion, nontaxable part", "2025 conversion, taxable part",
        "2025 conversion, nontaxable part", "earnings"]
    assert free_amount(slices) == D(7000)
    # 2029-01-01: the 2024 window is over: 7,000 + 2,104 + 4,901 = 14,005; the 2025
    # taxable part (window to 2029-12-31) stops there.
    assert free_amount(ledger(person, date(2029, 1, 1))) == D(14005)
    # 2030-01-01: both windows over: 14,005 + 9,300 + 700 = 24,005; earnings are not
    # qualified until 59½ (2039-11-10).
    slices = ledger(person, date(2030, 1, 1))
    assert free_amount(slices) == D(24005)
    assert "2039-11-10" in slices[-1].why
    # 2039-11-10: 59½ and more than 5 years since 2024: everything is qualified.
    assert free_amount(ledger(person, date(2039, 11, 10))) is None


def test_json_round_trip_is_exact() -> None:
    case = parse_case(_case_2024())
    record = _record(case)
    data = record_json(record)
    assert json.loads(data)["format"] == "formhelper-basis-record"
    assert json.loads(data)["people"][0]["traditional_ira_basis"] == 2099
    again = parse_record(data, "x.json")
    assert again == record
    assert record_json(again) == data


def test_record_pdf_is_one_reproducible_page(tmp_path: Path) -> None:
    from pypdf import PdfReader

    record = _record(parse_case(_case_2024()))
    first, second = record_pdf(record), record_pdf(record)
    assert first == second
    assert len(PdfReader(io.BytesIO(first)).pages) == 1
    pdf = tmp_path / "basis.pdf"
    pdf.write_bytes(first)
    text = pdftotext_layout(pdf)
    for expected in ("Basis record: tax year 2024, for 2025", "Casey Chain", "2,099",
                     "2028-12-31", "4,901"):
        assert expected in text


def test_cli_chain_through_json_and_the_filled_8606(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forms = str(_forms_dir())
    c24 = tmp_path / "c2024.json"
    c24.write_text(json.dumps(_case_2024()))
    assert main(["prepare", str(c24), "-o", str(tmp_path / "out24"),
                 "--forms-dir", forms]) == 0
    assert (tmp_path / "out24" / "basis-2024.pdf").is_file()
    # 2025 from the 2024 record (JSON; there is no 2024 Form 8606 layout to fill).
    c25 = tmp_path / "c2025.toml"
    assert main(["basis", "import", str(tmp_path / "out24" / "basis-2024.json"),
                 "--year", "2025", "-o", str(c25)]) == 0
    started = tomllib.loads(c25.read_text())
    assert started["taxpayer"]["ira"]["prior_basis"] == 2099
    assert started["taxpayer"]["roth"]["layers"][0]["taxable"] == 2104
    # Never overwritten without --force.
    capsys.readouterr()
    c25.write_text(c25.read_text() + "# mine\n")
    assert main(["basis", "import", str(tmp_path / "out24" / "basis-2024.json"),
                 "-o", str(c25)]) == 1
    assert "exists and differs" in capsys.readouterr().err
    assert c25.read_text().endswith("# mine\n")
    c25_json = tmp_path / "c2025.json"
    c25_json.write_text(json.dumps(_add_2025(load_case(c25).model_dump(mode="json"))))
    assert main(["prepare", str(c25_json), "-o", str(tmp_path / "out25"), "--forms-dir",
                 forms, "--prior-record", str(tmp_path / "out24" / "basis-2024.json")]) == 0
    f8606 = (tmp_path / "out25" / "f8606-taxpayer.pdf").read_bytes()
    json25 = (tmp_path / "out25" / "basis-2025.json").read_bytes()
    # The filled Form 8606 carries the same record as the JSON file.
    assert attachments(f8606)[attachment_name(2025)] == json25
    # 2026 from the PDF and from the JSON: the same case file.
    from_pdf, from_json = tmp_path / "from-pdf.json", tmp_path / "from-json.json"
    assert main(["basis", "import", str(tmp_path / "out25" / "f8606-taxpayer.pdf"),
                 "-o", str(from_pdf)]) == 0
    assert main(["basis", "import", str(tmp_path / "out25" / "basis-2025.json"),
                 "-o", str(from_json)]) == 0
    assert json.loads(from_pdf.read_text()) == json.loads(from_json.read_text())
    assert load_case(from_pdf).taxpayer.ira.prior_basis == D(1399)
    # Printed to stdout by default, as TOML.
    capsys.readouterr()
    assert main(["basis", "import", str(tmp_path / "out25" / "basis-2025.json")]) == 0
    printed = tomllib.loads(capsys.readouterr().out)
    assert printed["tax_year"] == 2026 and printed["taxpayer"]["roth"]["contribution_basis"] \
        == 7000
    # basis show on the PDF: the ledger.
    assert main(["basis", "show", str(tmp_path / "out25" / "f8606-taxpayer.pdf"),
                 "--as-of", "2029-01-01"]) == 0
    out = capsys.readouterr().out
    assert "2026 Form 8606 line 2: 1,399 (2025 Form 8606 line 14)" in out
    assert "window ends 2029-12-31" in out
    assert "Could come out with no tax and no 10% on 2029-01-01: 14,005" in out


def _foreign_8606(tmp_path: Path, **changed: str) -> Path:
    """A 2025 Form 8606 filled with pypdf directly, as another program would
    (``changed``: field name on page 1 or 2 -> other text)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(blank_path(2025, "f8606")))
    page1, page2 = "topmostSubform[0].Page1[0].", "topmostSubform[0].Page2[0]."
    values = {
        page1 + "f1_01[0]": "Robin Other",
        page1 + "f1_10[0]": "5,000",   # line 2
        page1 + "f1_11[0]": "5,000",   # line 3
        page1 + "f1_23[0]": "5,000",   # line 14
        page2 + "f2_04[0]": "20,000",  # line 16
        page2 + "f2_05[0]": "2,000",   # line 17
        page2 + "f2_06[0]": "18,000",  # line 18
        page2 + "f2_07[0]": "30,000",  # line 19
        page2 + "f2_09[0]": "30,000",  # line 21
        page2 + "f2_10[0]": "12,000",  # line 22
        page2 + "f2_11[0]": "18,000",  # line 23
        page2 + "f2_12[0]": "40,000",  # line 24
        page2 + "f2_13[0]": "0",       # line 25a
    }
    for name, text in changed.items():
        values[(page1 if name.startswith("f1_") else page2) + name] = text
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    path = tmp_path / "other-8606.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_reads_a_form_8606_filled_by_another_program(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = _foreign_8606(tmp_path)
    out = tmp_path / "c2026.toml"
    # No date of birth on Form 8606: asked for.
    assert main(["basis", "import", str(pdf), "--year", "2026", "-o", str(out)]) == 1
    assert f"{pdf}: taxpayer: the date of birth is not known" in capsys.readouterr().err
    assert main(["basis", "import", str(pdf), "--year", "2026", "-o", str(out),
                 "--date-of-birth", "1970-01-02"]) == 0
    notes = capsys.readouterr().err
    case = load_case(out)
    person = case.taxpayer
    assert person.name == "Robin Other"
    assert person.ira.prior_basis == D(5000)  # line 14
    # Line 22 chart: 12,000 - 30,000 < 0 -> 0.
    assert person.roth.contribution_basis == 0
    # Line 24 40,000 = 20,000 earlier + 20,000 (line 16). Line 23's 18,000 comes from the
    # earlier layers first (18,000 of 20,000), so the 2025 layer is whole: 18,000 taxable,
    # 2,000 nontaxable; 2,000 of earlier layers is left, years unknown: a note.
    assert [(lay.year, lay.taxable, lay.nontaxable) for lay in person.roth.layers] == [
        (2025, D(18000), D(2000))]
    assert "2,000 of conversions or plan rollovers from before 2025" in notes
    assert person.roth.first_contribution_year == 2025
    assert "first_contribution_year set to 2025" in notes


@pytest.mark.parametrize("content, message", [
    (b"not json at all", "not a basis record (not JSON"),
    (b'{"tax_year": 2025, "filing_status": "single"}', "not a formhelper basis record"),
    (b'{"format": "formhelper-basis-record", "version": 9}', "version 9 was written by a newer"),
    (b'{"format": "formhelper-basis-record", "version": 1, "tax_year": "x"}',
     "damaged basis record"),
    (b"%PDF-1.7 broken", "not a readable PDF"),
])
def test_bad_files_are_refused_naming_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
        message: str) -> None:
    bad = tmp_path / "bad-file.json"
    bad.write_bytes(content)
    assert main(["basis", "import", str(bad), "--year", "2026"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}") and message in err
    assert "Traceback" not in err
    assert main(["basis", "show", str(bad)]) == 1
    assert str(bad) in capsys.readouterr().err


def test_foreign_pdfs_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A Form 1040 is not a Form 8606.
    f1040 = blank_path(2025, "f1040")
    assert main(["basis", "import", str(f1040), "--year", "2026"]) == 1
    assert f"error: {f1040}: not a 2025-layout Form 8606" in capsys.readouterr().err
    # A blank Form 8606 holds nothing.
    blank = blank_path(2025, "f8606")
    assert main(["basis", "import", str(blank), "--year", "2026"]) == 1
    assert "the Form 8606 is blank" in capsys.readouterr().err
    # A PDF without a form (our worksheets).
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(record_pdf(_record(parse_case(_case_2024()))))
    assert main(["basis", "import", str(plain), "--year", "2025"]) == 1
    assert f"error: {plain}: a PDF without form fields" in capsys.readouterr().err
    # A record for another year.
    rec = tmp_path / "basis-2024.json"
    rec.write_bytes(record_json(_record(parse_case(_case_2024()))))
    assert main(["basis", "import", str(rec), "--year", "2026"]) == 1
    assert "starts 2025, not 2026" in capsys.readouterr().err
    assert main(["basis", "import", str(tmp_path / "nope.json")]) == 1
    assert "nope.json: no such file" in capsys.readouterr().err


@pytest.mark.parametrize("where, value, message", [
    (("history", 0, "line_14"), -1, "people[0].history[0].line_14: must not be negative"),
    (("history", 0, "line_1"), -7000, "people[0].history[0].line_1: must not be negative"),
    (("history", 0, "line_2"), "-0.5", "people[0].history[0].line_2: must not be negative"),
    (("history", 0, "line_17"), "１２３",
     "people[0].history[0].line_17: not an amount (write digits, like 1234.56)"),
    (("roth_layers", 0, "nontaxable"), -1,
     "people[0].roth_layers[0].nontaxable: must not be negative"),
    (("roth_layers", 0, "taxable_taken"), -1,
     "people[0].roth_layers[0].taxable_taken: must not be negative"),
    (("roth_contribution_basis",), -1, "people[0].roth_contribution_basis: must not be negative"),
    (("traditional_ira_basis",), "٢٠٩٩",
     "people[0].traditional_ira_basis: not an amount (write digits, like 1234.56)"),
    (("prior_first_time_homebuyer",), -10000,
     "people[0].prior_first_time_homebuyer: must not be negative"),
])
def test_negative_or_non_ascii_amounts_in_a_record_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], where: tuple[Any, ...],
        value: Any, message: str) -> None:
    data = json.loads(record_json(_record(parse_case(_case_2024()))))
    parent = data["people"][0]
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = value
    path = tmp_path / "basis-2024.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    expected = f"error: {path}: damaged basis record: {message}\n"
    assert main(["basis", "import", str(path), "--date-of-birth", BORN]) == 1
    assert capsys.readouterr().err == expected
    assert main(["basis", "show", str(path)]) == 1
    assert capsys.readouterr().err == expected
    with pytest.raises(RecordError, match=r"^basis-2024\.json: damaged basis record: "):
        parse_record(path.read_bytes(), "basis-2024.json")


def test_history_lines_are_never_negative() -> None:
    with pytest.raises(ValueError, match="line_14"):
        Form8606Facts(year=2024, line_14=D(-1))
    with pytest.raises(ValueError, match="line_25c"):
        Form8606Facts(year=2024, line_25c=D("-0.01"))
    with pytest.raises(ValueError, match="line_2"):
        Form8606Facts.model_validate({"year": 2024, "line_2": "１２３"})
    facts = Form8606Facts(year=2024, line_1=D(0), line_14=None, line_16=D("12.50"))
    assert facts.filled() == {"line_1": D(0), "line_16": D("12.50")}


@pytest.mark.parametrize("field, line, text", [
    ("f1_23[0]", "14", "１２３"),     # fullwidth
    ("f1_23[0]", "14", "٥٬٠٠٠"),      # Arabic-Indic, Arabic thousands separator
    ("f2_04[0]", "16", "٢٠٠٠٠"),      # Arabic-Indic
    ("f2_07[0]", "19", "30,٠٠٠"),     # mixed
    ("f2_12[0]", "24", "४०,०००"),      # Devanagari
])
def test_foreign_8606_amounts_in_other_digits_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, line: str,
        text: str) -> None:
    pdf = _foreign_8606(tmp_path, **{field: text})
    assert main(["basis", "import", str(pdf), "--year", "2026",
                 "--date-of-birth", "1970-01-02"]) == 1
    assert capsys.readouterr().err == (
        f"error: {pdf}: Form 8606 line {line} holds {text!r}, not an amount "
        "(write the digits 0-9)\n")
    assert main(["basis", "show", str(pdf), "--year", "2026"]) == 1
    assert f"error: {pdf}: Form 8606 line {line} holds" in capsys.readouterr().err


def test_missing_8606_amount_in_other_digits_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "basis-2024.json"
    path.write_bytes(record_json(_record(parse_case(_case_2024()))))
    assert main(["basis", "show", str(path), "--missing-8606", "2023", "６０００"]) == 1
    assert capsys.readouterr().err == (
        "error: --missing-8606 YEAR AMOUNT: '６０００' is not an amount\n")


def test_missing_8606_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A 2025 case with basis but no Form 8606 history behind it.
    case = {"tax_year": 2025, "filing_status": "single",
            "taxpayer": {"name": "Lee Gap", "date_of_birth": "1985-01-01",
                         "ira": {"prior_basis": 6000, "year_end_value": 0}},
            "forms_1099r": [{"box_1": 6000, "box_2a": 6000, "box_7": "2",
                             "ira_sep_simple": True,
                             "disposition": {"converted_to_roth_ira": 6000}}]}
    path = tmp_path / "gap.json"
    path.write_text(json.dumps(case))
    assert main(["basis", "show", str(path), "--as-of", "2026-01-01",
                 "--missing-8606", "2023", "6000"]) == 0
    out = capsys.readouterr().out
    assert "note: taxpayer: The 2025 Form 8606 line 2 (6,000) should be line 14" in out
    assert "File Form 8606 for 2023 now, by itself" in out
    assert "signed and dated" in out and "Total Basis Chart" in out
    assert "line 1: 6,000" in out
    # Pure helpers: a gap between two forms in the history is found.
    r24 = _record(parse_case(_case_2024()))
    p = r24.people[0]
    later = p.history[0].model_copy(update={"year": 2026, "line_2": D(3000)})
    person = p.model_copy(update={"history": [p.history[0], later]})
    [gap] = history_gaps(person, 2026)
    assert "is not the 2024 line 14 (2,099)" in gap and "(901)" in gap
    advice = missing_8606(person, 2025, D(901))
    assert "line 2: 2,099 (line 14 of your 2024 Form 8606)" in advice[1]
    assert "line 3: 3,000" in advice[1]


def test_plan_rollover_and_designated_roth_year() -> None:
    case = parse_case({
        "tax_year": 2025, "filing_status": "single",
        "taxpayer": {"name": "Pat Plan", "date_of_birth": "1970-01-01"},
        "forms_1099r": [{"box_1": 50000, "box_2a": 40000, "box_5": 10000, "box_7": "G",
                         "box_11": 2019,
                         "disposition": {"converted_to_roth_ira": 50000}}]})
    person = _record(case).people[0]
    [layer] = person.roth_layers
    # Taxable part 40,000 (box 2a), after-tax 10,000 (box 5).
    assert (layer.kind.value, layer.taxable, layer.nontaxable) == ("plan_rollover", D(40000),
                                                                   D(10000))
    assert person.designated_roth_first_year == 2019
    assert person.roth_first_contribution_year is None  # not given: never inferred


def test_prepare_notes_a_case_that_disagrees_with_last_years_record(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = tmp_path / "basis-2024.json"
    record.write_bytes(record_json(_record(parse_case(_case_2024()))))
    case = _add_2025(next_year_case(parse_record(record.read_bytes(), "r")))
    case["taxpayer"]["ira"]["prior_basis"] = 2500
    path = tmp_path / "c.json"
    path.write_text(json.dumps(case))
    assert main(["prepare", str(path), "-o", str(tmp_path / "out"),
                 "--prior-record", str(record)]) == 0
    assert "prior_basis is 2,500, last year's record carries 2,099" in capsys.readouterr().out
    built = build(load_case(path), run(load_case(path)), load(2025))
    assert any(o.name == "basis-2025.pdf" for o in built.outputs)
