"""The form mapper (issue 20): a blank IRS form's field map from its own printed lines.

* The shipped maps (2025 Forms 8606, 5329, 1040; 2024 Form 1040) are reproduced field
  for field by the mapper, which reads only positions and printed words on the blank
  (the template gives the keys and printed words, never a field name).
* The 2023 Form 8606 (lines 1-15c on page 1, renamed fields f1_9..f1_26) is mapped
  from the 2025 map's lines; the result is proven with poppler the way the shipped
  maps are (tests/test_field_maps.py).
* ``forms add`` of a layout formhelper does not ship keeps the derived map and
  ``prepare`` fills it; a form whose lines changed is refused with the lines.
* Hostile input: an ``error:`` line naming the file, never a traceback.
"""

from __future__ import annotations

import functools
import io
import json
import random
import time
import tomllib
import zlib
from dataclasses import replace
from pathlib import Path
from typing import cast

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

import test_field_maps
from formhelper.app.forms_map import map_file
from formhelper.cli import main
from formhelper.pdf.dump import dump_pdf
from formhelper.pdf.fieldmap import FieldMap, MappedField, committed_dumps, load_dump, load_map
from formhelper.pdf.line_meaning import changes, compare, references
from formhelper.pdf.map_proof import placement_problems
from formhelper.pdf.mapper import (
    Blank,
    lines_json,
    lines_path,
    match,
    propose,
    read_blank,
    wants_of,
)
from formhelper.pdf.spots import spots
from pdfsupport import blank_path
from support import SAMPLES

SHIPPED = [("f8606", 2025), ("f5329", 2025), ("f1040", 2025), ("f1040", 2024)]
#: Every committed map, those above and any added since (the hand-made 2023 Form 8606).
COMMITTED = sorted({(form, year) for form, year, _path in committed_dumps()} | set(SHIPPED))


def _same(entry: MappedField) -> tuple[object, ...]:
    return (entry.key, entry.field, entry.line, entry.format, entry.on, entry.when,
            entry.printed, entry.printed_at)


@functools.cache
def _blank(year: int, form: str) -> Blank:
    """The blank read once per test session (its words take about half a second)."""
    return read_blank(blank_path(year, form).read_bytes())


@pytest.fixture
def own_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A user data folder (derived layouts are kept there) and cache of this test's own."""
    folder = tmp_path / "data"
    monkeypatch.setenv("FORMHELPER_DATA_DIR", str(folder))
    monkeypatch.setenv("FORMHELPER_CACHE_DIR", str(tmp_path / "cache"))
    return folder


@pytest.mark.parametrize(("form", "year"), COMMITTED, ids=lambda v: str(v))
def test_the_mapper_reproduces_each_shipped_map(form: str, year: int) -> None:
    shipped = load_map(form, year)
    blank = _blank(year, form)
    proposal = propose(blank, shipped, form, year)
    assert proposal.ambiguous == []
    assert [_same(p.entry) for p in proposal.fields] == [_same(e) for e in shipped.fields]
    # Every other field of the blank is listed, with its printed label.
    names = {f["name"] for f in load_dump(form, year)["fields"]}
    assert set(proposal.ignored) == names - {e.field for e in shipped.fields}
    assert all(0.7 <= p.confidence <= 1.0 for p in proposal.fields)


@pytest.mark.parametrize(("form", "year"), COMMITTED, ids=lambda v: str(v))
def test_the_line_of_each_box_is_read_from_the_page_alone(form: str, year: int) -> None:
    """Without any template, the printed line label found on each box's row is the
    line of the shipped map (line_15a's box sits on line 15a's row)."""
    blank = _blank(year, form)
    by_name = {s.name: s for s in spots(blank.fields, blank.pages)}
    lined = [e for e in load_map(form, year).fields if e.key.startswith("line_")]
    assert lined
    for entry in lined:
        row = entry.key.removeprefix("line_").split("_")[0]
        assert by_name[entry.field].line == row, entry.key


def test_the_template_gives_no_field_names() -> None:
    """What the mapper takes from a shipped map: keys, formats and printed words only."""
    wants = wants_of(load_map("f8606", 2025))
    assert not any("topmostSubform" in str(value) for w in wants for value in vars(w).values())


# The 2023 Form 8606 as printed (../shared/irs-forms/2023/f8606.pdf): lines 1-15c on
# page 1 in fields f1_9..f1_26 (line 10: f1_18, one character, and f1_19), lines 16-25c
# on page 2 in f2_1..f2_12; name f1_1 and SSN f1_2 under their captions.
_P1 = "topmostSubform[0].Page1[0]."
_P2 = "topmostSubform[0].Page2[0]."
F8606_2023 = {
    "name": _P1 + "f1_1[0]", "ssn": _P1 + "f1_2[0]",
    **{f"line_{n}": _P1 + f"f1_{n + 8}[0]" for n in range(1, 10)},
    "line_10_integer": _P1 + "f1_18[0]", "line_10_decimals": _P1 + "f1_19[0]",
    **{f"line_{n}": _P1 + f"f1_{n + 9}[0]" for n in range(11, 15)},
    "line_15a": _P1 + "f1_24[0]", "line_15b": _P1 + "f1_25[0]", "line_15c": _P1 + "f1_26[0]",
    **{f"line_{n}": _P2 + f"f2_{n - 15}[0]" for n in range(16, 25)},
    "line_25a": _P2 + "f2_10[0]", "line_25b": _P2 + "f2_11[0]", "line_25c": _P2 + "f2_12[0]",
}


def _map_2023() -> FieldMap:
    """The 2023 Form 8606 mapped with the 2025 map's lines looked for (as a layout
    formhelper did not ship would be)."""
    blank = blank_path(2023, "f8606")
    proposal = propose(_blank(2023, "f8606"), load_map("f8606", 2025), "f8606", 2023)
    assert proposal.ambiguous == []
    return FieldMap("f8606", 2023, tuple(p.entry for p in proposal.fields),
                    proposal.ignored, blank)


def test_the_2023_form_8606_is_mapped_from_its_printed_lines() -> None:
    fmap = _map_2023()
    assert {e.key: e.field for e in fmap.fields} == F8606_2023
    assert [e.format for e in fmap.by_line("line_10")] == ["ratio_int", "ratio_frac"]
    # The hand-made 2023 map says the same for every line the 2025 map has.
    hand_made = {e.key: e.field for e in load_map("f8606", 2023).fields}
    assert {key: hand_made[key] for key in F8606_2023} == F8606_2023


def test_the_2023_map_passes_the_poppler_placement_proof(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The proof the shipped maps pass (tests/test_field_maps.py), with the 2023 blank's
    own dump."""
    fmap = _map_2023()
    blank = blank_path(2023, "f8606")
    dump = dump_pdf(blank)
    monkeypatch.setattr(test_field_maps, "load_dump", lambda form, year: dump)
    assert test_field_maps._placement_problems(fmap, blank, tmp_path) == []
    # Lines 1 and 2 swapped: the proof catches it.
    by_key = {e.key: e for e in fmap.fields}
    swapped = {"line_1": by_key["line_2"].field, "line_2": by_key["line_1"].field}
    bad = replace(fmap, fields=tuple(replace(e, field=swapped[e.key]) if e.key in swapped
                                     else e for e in fmap.fields))
    problems = test_field_maps._placement_problems(bad, blank, tmp_path)
    assert [p.split()[0] for p in problems] == ["line_1", "line_2"]


@pytest.mark.parametrize(("form", "year"), [*SHIPPED, ("f8606", 2023)], ids=lambda v: str(v))
def test_the_products_own_placement_proof(form: str, year: int) -> None:
    """``forms add`` proves a derived map with the mapper's reader: each label inside
    its box beside its printed words; a shifted map fails."""
    data = blank_path(year, form).read_bytes()
    blank = read_blank(data)
    fields = {str(f["name"]): f for f in blank.fields}
    entries = [p.entry for p in map_file(blank_path(year, form)).proposal.fields]
    assert placement_problems(data, entries, fields) == []
    amounts = [e for e in entries if e.format == "dollars"]
    first, second = amounts[0], amounts[1]
    shifted = [replace(e, field=second.field) if e is first else
               replace(e, field=first.field) if e is second else e for e in entries]
    problems = placement_problems(data, shifted, fields)
    assert [p.split(":")[0] for p in problems] == [first.key, second.key]


def test_a_second_box_printed_alike_is_ambiguous_not_guessed() -> None:
    """Form 8606 line 1 asked for twice but printed once: both listed, neither mapped."""
    fmap = load_map("f8606", 2025)
    blank = _blank(2025, "f8606")
    wants = wants_of(fmap)
    line_1 = next(w for w in wants if w.key == "line_1")
    doubled = (*wants, replace(line_1, key="line_1_again"))
    proposed, ambiguous = match(doubled, spots(blank.fields, blank.pages))
    assert [a.key for a in ambiguous] == ["line_1", "line_1_again"]
    assert "1 fields with '1' printed left on line 1, expected 2" in ambiguous[0].reason
    assert "line_1" not in {p.entry.key for p in proposed}


@pytest.mark.parametrize(("form", "year"), COMMITTED, ids=lambda v: str(v))
def test_committed_printed_lines_are_what_the_mapper_reads(form: str, year: int) -> None:
    """Every shipped layout has its printed lines (docs/adding-a-tax-year.md), so that
    the next year's form can be compared with it."""
    proposal = propose(_blank(year, form), None)
    assert lines_json(proposal.lines) == lines_path(form, year).read_text(encoding="utf-8")


# ---------------------------------------------------------------- meaning of a line

def test_reworded_lines_keep_their_meaning() -> None:
    """Form 8606 (2023) line 8 and (2025) line 8: the same question, reworded."""
    old = ("Enter the net amount you converted from traditional, traditional SEP, and "
           "traditional SIMPLE IRAs to Roth, Roth SEP, or Roth SIMPLE IRAs in 2023. Also, "
           "enter this amount on line 16")
    new = ("Enter the net amount you converted from traditional IRAs to Roth IRAs in "
           "2025. Also, enter this amount on line 16")
    assert compare("8", new, old) is None


def test_a_line_with_other_arithmetic_changed_meaning() -> None:
    change = compare("14", "Subtract line 13 from line 3. This is your total basis",
                     "Subtract line 12 from line 3. This is your total basis")
    assert change is not None and "lines 13, 3 -> lines 12, 3" in change.reason
    change = compare("3", "Add lines 1 and 2", "Subtract line 2 from line 1")
    assert change is not None and "add -> subtract" in change.reason


def test_a_line_asking_something_else_changed_meaning() -> None:
    change = compare("2", "Enter your total basis in traditional IRAs. See instructions",
                     "Enter your qualified disaster recovery repayments. See instructions")
    assert change is not None and "wording is mostly new" in change.reason


def test_other_forms_lines_are_not_this_forms_arithmetic() -> None:
    assert references("Subtract line 17 from line 16. If more than zero, also include "
                      "this amount on 2025 Form 1040, 1040-SR, or 1040-NR, line 4b") \
        == ("17", "16")
    assert references("Add lines 6, 7, and 8") == ("6", "7", "8")


def test_no_line_of_the_2023_form_8606_changed_meaning_against_2025() -> None:
    new = propose(_blank(2023, "f8606"), None).lines
    shipped = json.loads(lines_path("f8606", 2025).read_text())["lines"]
    rows = sorted({w.row for w in wants_of(load_map("f8606", 2025)) if w.row})
    assert changes(rows, shipped, new) == []


# ---------------------------------------------------------------- the commands

def _renamed(source: Path, title: str, target: Path) -> Path:
    """The blank with its fields renamed (``form2026[0]...``) and a new title: a layout
    formhelper does not ship, printed like ``source``."""
    writer = PdfWriter(clone_from=PdfReader(source))
    acroform = cast(DictionaryObject, writer._root_object["/AcroForm"].get_object())
    for ref in cast(ArrayObject, acroform["/Fields"].get_object()):
        ref.get_object()[NameObject("/T")] = TextStringObject("form2026[0]")
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    target.write_bytes(buffer.getvalue())
    return target


def test_forms_map_prints_a_loadable_map(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    assert main(["forms", "map", str(blank_path(2023, "f8606"))]) == 0
    text = capsys.readouterr().out
    raw = tomllib.loads(text)
    assert (raw["form"], raw["layout_year"]) == ("f8606", 2023)
    assert raw["derived"]["confidence"] == 0.77  # line 10's two boxes, by reading order
    assert raw["fields"]["line_15c"]["field"] == F8606_2023["line_15c"]
    assert "# confidence 1.0: line 15c: its number printed just left of the box" in text
    assert raw["ignored"][_P1 + "f1_6[0]"] == \
        "box under 'Foreign country name': not filled by formhelper"
    assert main(["forms", "map", "--json", str(blank_path(2023, "f8606"))]) == 0
    data = json.loads(capsys.readouterr().out)
    labels = {row["field"]: row for row in data["labels"]}
    assert labels[F8606_2023["line_15b"]]["line"] == "15b"
    assert data["lines"]["8"].startswith("Enter the net amount you converted")


def test_forms_map_of_a_form_formhelper_does_not_fill(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Form 1099-R (Copy 1): no template, so each field is keyed by what is printed
    beside it; what has no label is listed as ambiguous, never given a guessed key."""
    pdf = blank_path(2025, "f1099r_copy1_extract")
    assert main(["forms", "map", "--json", str(pdf)]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert (out["form"], out["template_year"]) == ("f1099", None)
    keys = {row["key"]: row for row in out["fields"]}
    assert keys["recipient_s_name"]["printed"] == "RECIPIENT’S name"
    assert keys["recipient_s_name"]["printed_at"] == "above"
    assert keys["void_corrected"]["format"] == "checkbox"
    assert not any(k.startswith("line_") for k in keys)
    assert out["ambiguous"] and all(a["reason"] == "no printed label found beside it"
                                    for a in out["ambiguous"])
    assert "ambiguous: " in captured.err and "not mapped" in captured.err


def test_generic_keys_follow_the_line_labels() -> None:
    """Without a template, Form 8606's amount boxes are keyed by their printed line."""
    blank = _blank(2025, "f8606")
    keys = {p.entry.key: p.entry for p in propose(blank, None).fields}
    assert keys["line_15a"].format == "dollars"
    assert keys["line_15a"].field == "topmostSubform[0].Page2[0].f2_01[0]"
    assert keys["line_10"].field.endswith("f1_18[0]")


@pytest.mark.parametrize("content", [
    b"", b"not a pdf",
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n",
    b"%PDF-1.4\n" + b"[" * 50_000,
])
def test_forms_map_of_a_bad_file_is_an_error_naming_it(
        content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "bad.pdf"
    pdf.write_bytes(content)
    assert main(["forms", "map", str(pdf)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {pdf}:") and "Traceback" not in err


def test_forms_map_of_a_missing_or_huge_file(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "map", str(tmp_path / "none.pdf")]) == 1
    assert capsys.readouterr().err.startswith(f"error: {tmp_path / 'none.pdf'}: cannot read")
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:
        handle.truncate(20_000_001)
    assert main(["forms", "map", str(huge)]) == 1
    assert "larger than a blank IRS form" in capsys.readouterr().err


def test_forms_add_of_a_new_layout_is_kept_and_prepare_fills_it(
        own_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The IRS publishes the 2026 Form 8606 (here: the 2025 form, its fields renamed):
    ``forms add`` maps and keeps it, ``forms list`` shows it, and a 2026 return is
    filled on it instead of the 2025 layout the year's data names."""
    new = _renamed(blank_path(2025, "f8606"), "2026 Form 8606", tmp_path / "f8606.pdf")
    assert main(["forms", "add", str(new)]) == 0
    out = capsys.readouterr().out
    assert "Form 8606 (2026): a layout formhelper does not ship" in out
    assert "confidence 0.77" in out
    kept = own_data / "forms" / "2026"
    assert sorted(p.name for p in kept.iterdir()) == [
        "f8606.acroform.json", "f8606.fields.toml", "f8606.pdf"]
    assert load_map("f8606", 2026).by_line("line_8")[0].field == \
        "form2026[0].Page1[0].f1_16[0]"
    assert main(["forms", "list"]) == 0
    assert "2026 f8606   derived  map from the printed lines, confidence 0.77" in \
        capsys.readouterr().out
    output = tmp_path / "out"
    assert main(["prepare", str(SAMPLES / "partial-conversion-2026.toml"), "-o",
                 str(output)]) == 0
    filled = PdfReader(output / "f8606-taxpayer.pdf")
    values = {k: v.get("/V") for k, v in (filled.get_fields() or {}).items()}
    # 8606 line 8 (30,000 converted) and line 18 (taxable 23,800) in the new layout.
    assert values["form2026[0].Page1[0].f1_16[0]"] == "30,000"
    assert values["form2026[0].Page2[0].f2_06[0]"] == "23,800"


def test_forms_add_refuses_a_form_whose_lines_changed(
        own_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 2026 Form 1040 printed like the 2024 one (no line 4c/5c boxes) against the
    2025 map: lines 4c and 5c are not there, so it is refused by line."""
    new = _renamed(blank_path(2024, "f1040"), "2026 Form 1040", tmp_path / "f1040.pdf")
    assert main(["forms", "add", str(new)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {new}: Form 1040 (2026): these lines have no single field")
    assert "line_4c_rollover: 0 fields with 'Rollover' printed right on line 4c" in err
    assert "line_5c_pso" in err
    assert not (own_data / "forms" / "2026").exists()


def test_forms_add_refuses_a_line_that_changed_meaning(
        own_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """If the shipped 2025 Form 8606 line 14 had said "Subtract line 12 from line 3",
    the 2026 form's "Subtract line 13 from line 3" would be a change of meaning."""
    from formhelper.app import forms_map

    shipped = json.loads(lines_path("f8606", 2025).read_text())["lines"]
    altered = {**shipped, "14": shipped["14"].replace("line 13", "line 12")}
    monkeypatch.setattr(forms_map, "shipped_lines", lambda form, year: altered)
    new = _renamed(blank_path(2025, "f8606"), "2026 Form 8606", tmp_path / "f8606.pdf")
    assert main(["forms", "add", str(new)]) == 1
    err = capsys.readouterr().err
    assert "lines changed meaning since the 2025 form: line 14: it refers to other lines " \
           "(lines 12, 3 -> lines 13, 3)" in err
    assert "  line 14 was: Subtract line 12 from line 3." in err
    assert "  line 14 now: Subtract line 13 from line 3." in err
    assert not (own_data / "forms" / "2026").exists()


def _pdf(pages: int = 1, stream: bytes | None = None, filters: str = "/FlateDecode") -> bytes:
    """A small PDF of blank pages; ``stream`` (raw, with ``filters``) as page 1's
    contents."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    if stream is not None:
        contents = StreamObject()
        contents._data = stream
        contents[NameObject("/Filter")] = NameObject(filters)
        writer.pages[0][NameObject("/Contents")] = writer._add_object(contents)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "said"), [
    (_pdf(pages=13), "13 pages; a blank IRS form has at most 12"),
    (_pdf(stream=zlib.compress(b"0" * 3_000_000, 9)),
     "a stream decodes to more than 2000000 bytes"),
    (_pdf(stream=b"\x80\x0b\x60\x50", filters="/LZWDecode"), "a stream uses ['/LZWDecode']"),
], ids=["pages", "zlib-bomb", "lzw"])
def test_forms_map_refuses_work_beyond_a_form_quickly(
        content: bytes, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bounded work: what no blank form has is refused before the text is read."""
    pdf = tmp_path / "big.pdf"
    pdf.write_bytes(content)
    started = time.monotonic()
    assert main(["forms", "map", str(pdf)]) == 1
    assert time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert err.startswith(f"error: {pdf}: {said}")


def _retitled(source: Path, title: str, target: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    target.write_bytes(buffer.getvalue())
    return target


def test_forms_add_of_a_reprint_with_the_same_fields_checks_its_lines(
        own_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The IRS often keeps the field names from one year to the next: a "2026 Form 8606"
    with the 2025 fields is taken as the 2025 layout only if no line formhelper fills
    changed meaning."""
    from formhelper.app import forms_map

    new = _retitled(blank_path(2025, "f8606"), "2026 Form 8606", tmp_path / "f8606.pdf")
    shipped = json.loads(lines_path("f8606", 2025).read_text())["lines"]
    altered = {**shipped, "9": "Add lines 6 and 7"}
    monkeypatch.setattr(forms_map, "shipped_lines", lambda form, year: altered)
    assert main(["forms", "add", str(new)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {new}: its fields are those of the 2025 Form 8606, but "
                          "these lines changed meaning since the 2025 form: line 9: it refers "
                          "to other lines (lines 6, 7 -> lines 6, 7, 8)")
    monkeypatch.setattr(forms_map, "shipped_lines", lambda form, year: shipped)
    assert main(["forms", "add", str(new)]) == 0
    assert "Form 8606 (2025) stored as" in capsys.readouterr().out


def _pdf_with_field(rect: list[float]) -> bytes:
    """One page with one text field at ``rect`` (however odd)."""
    from pypdf.generic import FloatObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    widget = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("f1"),
        NameObject("/Rect"): ArrayObject([FloatObject(v) for v in rect]),
    })
    ref = writer._add_object(widget)
    page[NameObject("/Annots")] = ArrayObject([ref])
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([ref])})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("rect", [[0, 0, 10], [0, 0, 1e308, 1e308], [5, 5, 5, 5]],
                         ids=["three-numbers", "huge", "empty"])
def test_forms_map_of_odd_fields_never_tracebacks(
        rect: list[float], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "odd.pdf"
    pdf.write_bytes(_pdf_with_field(rect))
    code = main(["forms", "map", str(pdf)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == 0 or err.startswith(f"error: {pdf}: ")
    assert main(["forms", "add", str(pdf)]) == 1
    assert capsys.readouterr().err.startswith(f"error: {pdf}: ")


def test_a_2024_form_8606_added_by_the_user_is_filled_for_2024(
        own_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """formhelper ships no 2024 Form 8606 layout, so a 2024 return gets no Form 8606.
    A user who downloads it adds it (here: the 2023 form, its fields renamed and its
    title made "2024 Form 8606"), and the next prepare fills it: line 1 7,000
    nondeductible contribution, lines 3 and 14 7,000 (samples/
    backdoor-prior-year-contribution-2024.toml, worked in its summary)."""
    case = str(SAMPLES / "backdoor-prior-year-contribution-2024.toml")
    assert main(["prepare", case, "-o", str(tmp_path / "before")]) == 0
    assert "no Form 8606 field map for the 2024 layout" in capsys.readouterr().out
    new = _renamed(blank_path(2023, "f8606"), "2024 Form 8606", tmp_path / "f8606.pdf")
    assert main(["forms", "add", str(new)]) == 0
    assert "lines as on the 2023 form" in capsys.readouterr().out
    assert main(["prepare", case, "-o", str(tmp_path / "after")]) == 0
    filled = PdfReader(tmp_path / "after" / "f8606-taxpayer.pdf")
    values = {k: v.get("/V") for k, v in (filled.get_fields() or {}).items()}
    page1 = "form2026[0].Page1[0]."
    assert values[page1 + "f1_1[0]"] == "Alex Backdoor"
    assert values[page1 + "f1_9[0]"] == "7,000"    # line 1
    assert values[page1 + "f1_11[0]"] == "7,000"   # line 3
    assert values[page1 + "f1_23[0]"] == "7,000"   # line 14


@pytest.mark.parametrize("seed", range(12))
def test_forms_map_of_a_damaged_blank_is_one_error_line_or_a_map(
        seed: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bytes changed, cut or inserted in the 2025 Form 8606: either a map or one
    ``error:`` line naming the file first (no library warnings before it), quickly."""
    rnd = random.Random(seed)
    data = bytearray(blank_path(2025, "f8606").read_bytes())
    if seed % 3 == 0:
        for _ in range(20):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
    elif seed % 3 == 1:
        data = data[: rnd.randrange(len(data))]
    else:
        at = rnd.randrange(len(data))
        data[at:at] = bytes(rnd.randrange(256) for _ in range(50))
    pdf = tmp_path / "damaged.pdf"
    pdf.write_bytes(bytes(data))
    started = time.monotonic()
    code = main(["forms", "map", str(pdf)])
    assert time.monotonic() - started < 20
    err = capsys.readouterr().err
    assert code == 0 or (code == 1 and err.startswith(f"error: {pdf}: ")), err[:300]
    assert "Traceback" not in err


def _drawn(labels: int = 0, fields: int = 1, words_rows: int = 0) -> bytes:
    """A page drawn with reportlab: ``labels`` line numbers down the left margin,
    ``words_rows`` rows of small words, ``fields`` text fields in a grid."""
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(612, 792))
    page.setFont("Helvetica", 1)
    for i in range(labels):
        page.drawString(40, 10 + i * 770.0 / max(labels, 1), str(i % 90 + 1))
    for i in range(words_rows):
        page.drawString(200, 10 + i * 1.1, "ab cd ef gh ij kl mn op qr st uv wx yz")
    for i in range(fields):
        page.acroForm.textfield(name=f"f{i}", x=300 + (i % 20) * 10, y=10 + (i // 20) * 9,
                                width=9, height=8, borderWidth=0)
    page.save()
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "said"), [
    (_drawn(labels=5000), "more than 400 line numbers on a page; not an IRS form"),
    (_drawn(fields=1600), "1600 form fields; a blank IRS form has at most 1500"),
    (_drawn(fields=1400, words_rows=700), None),
], ids=["line-numbers", "fields", "many-fields-and-words"])
def test_forms_map_work_stays_bounded_on_crowded_pages(
        content: bytes, said: str | None, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Bounded work per PDF: a page crowded with line numbers, fields or words is
    refused or mapped within seconds, never scanned field by word."""
    pdf = tmp_path / "crowded.pdf"
    pdf.write_bytes(content)
    started = time.monotonic()
    code = main(["forms", "map", "--json", str(pdf)])
    assert time.monotonic() - started < 15
    captured = capsys.readouterr()
    if said is None:
        assert code == 0 and len(json.loads(captured.out)["labels"]) == 1400
    else:
        assert code == 1 and captured.err.startswith(f"error: {pdf}: {said}")


def test_forms_add_does_not_derive_over_a_shipped_layout(
        own_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A "2025 Form 8606" whose fields are not the 2025 form's is not that blank: it is
    refused, not mapped beside the shipped 2025 map."""
    new = _renamed(blank_path(2025, "f8606"), "2025 Form 8606", tmp_path / "f8606.pdf")
    assert main(["forms", "add", str(new)]) == 1
    assert capsys.readouterr().err == (
        f"error: {new}: its form fields differ from the 2025 Form 8606 formhelper ships; "
        "it is not that blank\n")
    assert not own_data.exists()
