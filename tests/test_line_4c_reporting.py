"""Where a rollover, QCD or HFD is reported: boxes on Form 1040 lines 4c/5c (2025), or a
word written next to line 4b/5b (2024, whose form has no lines 4c and 5c).

The wording is the year's data (``[reporting]`` of ``forms/<layout year>/f1040.toml``,
read into ``YearParams.f1040_reporting``), the same in every output.  Each expected
phrase below is tied to the text it follows:

* 2025 Form 1040 as printed (pdftotext of the blank): "4c Check if (see instructions)
  1 Rollover 2 QCD 3 ___" and "5c Check if (see instructions) 1 Rollover 2 PSO 3 ___".
* Instructions for Form 1040 (2025), Line 4c (printed p. 28, seen in a third-party
  transcription): "If Exception 1 applies to you, check box 1 on line 4c. If Exception 3
  applies to you, check box 2 on line 4c. If Exception 4 applies to you, check box 3 on
  line 4c and enter "HFD" in the entry space next to box 3."
* 2024 Form 1040 as printed: "4a IRA distributions ... b Taxable amount 4b" and "5a
  Pensions and annuities ... b Taxable amount 5b", no line 4c or 5c.  The words written
  next to line 4b/5b ("Rollover", "QCD", "HFD", "PSO") were seen only in secondary
  sources (Ed Slott & Co. quoting the 2025 instructions' "Write-in information" change;
  Kiplinger, "Write "QCD" next to line 4b"), so the 2024 data says ``verified = false``.
"""

from __future__ import annotations

import html
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from formhelper.app.prepare import build
from formhelper.calc.f1040 import LINE_4C_ITEMS, LINE_5C_ITEMS
from formhelper.files.casefile import parse_case
from formhelper.files.years import load, load_codes, supported_years
from formhelper.models import CaseFile, Form1099R
from formhelper.pdf.fieldmap import has_map, load_map, map_path
from formhelper.pdf.fill import read_values
from formhelper.render.check_text import explain
from formhelper.render.explain import f1040_rows
from formhelper.render.return_text import to_json, to_text
from pdfsupport import blank_path, forms_root
from support import base_case, run, sample

#: Instructions for Form 1040 (2025), Line 4c: box 1 Rollover, box 2 QCD, box 3 + "HFD".
BOX_QCD_2025 = 'Check box 2 "QCD" on line 4c of Form 1040'
BOX_ROLLOVER_5C_2025 = 'Check box 1 "Rollover" on line 5c of Form 1040'
BOX_HFD_2025 = ('check box 3 on line 4c of Form 1040 and enter "HFD" in the entry space '
                "next to box 3")
#: 2024: no line 4c/5c; the word is written next to line 4b/5b and formhelper leaves it
#: to the user.
NOT_FILLED_2024 = "(not filled by formhelper: the 2024 form has no box for it)"
WRITE_QCD_2024 = f'Write "QCD" next to line 4b of Form 1040 {NOT_FILLED_2024}'
WRITE_ROLLOVER_5B_2024 = f'Write "Rollover" next to line 5b of Form 1040 {NOT_FILLED_2024}'
WRITE_ROLLOVER_4B_2024 = f'write "Rollover" next to line 4b of Form 1040 {NOT_FILLED_2024}'


def ira(box_1: int, **disposition: int) -> dict[str, Any]:
    return {"box_1": box_1, "box_2a": box_1, "box_7": "7", "ira_sep_simple": True,
            "disposition": disposition}


def case_of(year: int, *forms: dict[str, Any]) -> CaseFile:
    """Single, born 1950 (74 at the end of 2024: a QCD is allowed)."""
    return parse_case(base_case(
        tax_year=year, taxpayer={"name": "Morgan Giver", "date_of_birth": "1950-05-20"},
        forms_1099r=list(forms)))


def qcd_and_plan_rollover(year: int) -> CaseFile:
    """samples/qcd-and-rollover-2024.toml in ``year``."""
    data = tomllib.loads(Path(sample_path()).read_text())
    data["tax_year"] = year
    return parse_case(data)


def sample_path() -> Path:
    return Path(__file__).resolve().parent.parent / "samples" / "qcd-and-rollover-2024.toml"


# --- the data ---


@pytest.mark.parametrize("year", supported_years())
def test_every_year_words_every_item_formhelper_computes(year: int) -> None:
    params = load(year)
    reporting = params.f1040_reporting
    assert reporting.layout_year == params.layout_year
    assert set(LINE_4C_ITEMS) <= set(reporting.line_4c.items)
    assert set(LINE_5C_ITEMS) <= set(reporting.line_5c.items)
    for line in (reporting.line_4c, reporting.line_5c):
        assert len(line.source) > 20
        # An unchecked word says where it was seen instead.
        for item in line.items.values():
            assert item.verified or len(item.source) > 20 or not line.verified


def test_2026_uses_the_2025_wording_through_its_layout_year() -> None:
    assert load(2026).f1040_reporting == load(2025).f1040_reporting


def test_2025_boxes_and_2024_words() -> None:
    # 2025 form: "4c Check if 1 Rollover 2 QCD 3"; "5c Check if 1 Rollover 2 PSO 3".
    r25 = load(2025).f1040_reporting
    assert (r25.line_4c.how, r25.line_4c.line, r25.line_5c.line) == ("box", "4c", "5c")
    assert [(n, i.box, i.word, i.write) for n, i in r25.line_4c.items.items()] == [
        ("rollover", "1", "Rollover", False), ("qcd", "2", "QCD", False),
        ("hfd", "3", "HFD", True)]
    assert [(n, i.box, i.word) for n, i in r25.line_5c.items.items()] == [
        ("rollover", "1", "Rollover"), ("pso", "2", "PSO")]
    # The box labels are printed on the IRS form; HFD in box 3 only in a transcription.
    assert r25.line_4c.verified_for(("rollover", "qcd"))
    assert not r25.line_4c.verified_for(("hfd",))
    # 2024 form: no line 4c/5c; the words next to 4b/5b rest on secondary sources.
    r24 = load(2024).f1040_reporting
    assert (r24.line_4c.how, r24.line_4c.line, r24.line_5c.line) == ("write_in", "4b", "5b")
    assert {n: i.word for n, i in r24.line_4c.items.items()} == {
        "rollover": "Rollover", "qcd": "QCD", "hfd": "HFD"}
    assert {n: i.word for n, i in r24.line_5c.items.items()} == {
        "rollover": "Rollover", "pso": "PSO"}
    assert not r24.line_4c.verified and not r24.line_5c.verified
    assert all(not i.verified and "[secondary]" in i.source
               for line in (r24.line_4c, r24.line_5c) for i in line.items.values())


@pytest.mark.parametrize("layout", sorted({load(y).layout_year for y in supported_years()
                                            if has_map("f1040", load(y).layout_year)}))
def test_reporting_agrees_with_the_field_map(layout: int) -> None:
    """A box the data names is a mapped checkbox printed with that word; a write-in line
    has no field at all (the 2024 form has no line 4c/5c)."""
    fmap = load_map("f1040", layout)
    reporting = load(layout).f1040_reporting
    for key in ("line_4c", "line_5c"):
        line = reporting.of(key)
        fields = fmap.by_line(key)
        if line.how == "write_in":
            assert fields == []
            assert fmap.by_line(f"line_{line.line}"), line.line  # next to a mapped 4b/5b
            continue
        boxes = {f.when: f for f in fields if f.format == "checkbox"}
        for name, item in line.items.items():
            if item.write:
                assert boxes["other"].printed == item.box
                assert any(f.format == "writein" for f in fields)
            else:
                assert boxes[name].printed == item.word


def test_the_data_refuses_a_box_on_a_write_in_line(tmp_path: Path) -> None:
    from pydantic import ValidationError

    from formhelper.years.params import LineReporting

    with pytest.raises(ValidationError, match="`box` goes with"):
        LineReporting(how="write_in", line="4b", source="test source",
                      items={"qcd": {"word": "QCD", "box": "2", "write": True}})
    with pytest.raises(ValidationError, match="`box` goes with"):
        LineReporting(how="box", line="4c", source="test source",
                      items={"qcd": {"word": "QCD"}})
    assert "[reporting.line_4c]" in (map_path("f1040", 2024).parent / "f1040.toml").read_text()
    assert "\n[reporting" not in map_path("f1040", 2024).read_text()


# --- compute: text and JSON ---


def test_2024_compute_text_says_to_write_the_word_next_to_4b_and_5b() -> None:
    result = run(sample("qcd-and-rollover-2024"))
    text = to_text(sample("qcd-and-rollover-2024"), result)
    form_1040 = text.split("Form 1040\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [" ".join(line.split()) for line in form_1040] == [
        "4a IRA distributions 10,000",
        "4b IRA distributions, taxable amount 4,000",
        f"4b {WRITE_QCD_2024}",
        "5a Pensions and annuities 20,000",
        "5b Pensions and annuities, taxable amount 0",
        f"5b {WRITE_ROLLOVER_5B_2024}",
    ]
    assert "4c" not in text and "5c" not in text and "Check" not in text


def test_2025_compute_text_keeps_the_4c_and_5c_boxes() -> None:
    case = qcd_and_plan_rollover(2025)
    text = to_text(case, run(case))
    assert f"    4c  {BOX_QCD_2025}\n" in text
    assert f"    5c  {BOX_ROLLOVER_5C_2025}\n" in text
    assert "next to line" not in text and "not filled" not in text


def test_json_keeps_the_item_names_and_adds_how_the_year_reports_them() -> None:
    out = to_json(run(sample("qcd-and-rollover-2024")))
    # f1040.line_4c/line_5c keep formhelper's item names every year (stable keys).
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 4000, "line_4c": ["qcd"],
                            "line_5a": 20000, "line_5b": 0, "line_5c": ["rollover"]}
    rep = out["f1040_reporting"]
    assert set(rep) == {"line_4c", "line_5c"}
    assert {k: v for k, v in rep["line_4c"].items() if k != "source"} == {
        "how": "write_in", "line": "4b",
        "items": [{"item": "qcd", "word": "QCD", "box": None}],
        "instruction": WRITE_QCD_2024[:1].lower() + WRITE_QCD_2024[1:],
        "filled_by_formhelper": False, "verified": False}
    assert "cpapracticeadvisor.com" in rep["line_4c"]["source"]
    assert rep["line_5c"]["instruction"].startswith('write "Rollover" next to line 5b')

    out25 = to_json(run(qcd_and_plan_rollover(2025)))
    assert out25["f1040"]["line_4c"] == ["qcd"]
    assert {k: v for k, v in out25["f1040_reporting"]["line_4c"].items() if k != "source"} == {
        "how": "box", "line": "4c",
        "items": [{"item": "qcd", "word": "QCD", "box": "2"}],
        "instruction": BOX_QCD_2025[:1].lower() + BOX_QCD_2025[1:],
        "filled_by_formhelper": True, "verified": True}
    # Nothing on lines 4c/5c: no entry.
    assert to_json(run(sample("backdoor-roth-2025")))["f1040_reporting"] == {}


def test_hfd_is_box_3_with_its_word_in_2025_and_the_word_next_to_4b_in_2024() -> None:
    # 2025 Line 4c: "check box 3 on line 4c and enter "HFD" in the entry space next to box 3".
    out25 = to_json(run(case_of(2025, ira(5000, hsa_funding=5000))))
    assert out25["f1040_reporting"]["line_4c"]["instruction"] == BOX_HFD_2025
    out24 = to_json(run(case_of(2024, ira(5000, hsa_funding=5000))))
    assert out24["f1040_reporting"]["line_4c"]["instruction"] == (
        f'write "HFD" next to line 4b of Form 1040 {NOT_FILLED_2024}')


def test_two_words_next_to_line_4b() -> None:
    out = to_json(run(case_of(2024, ira(8000, rolled_over=8000), ira(3000, qcd=3000))))
    assert out["f1040_reporting"]["line_4c"]["instruction"] == (
        'write "Rollover" and "QCD" next to line 4b of Form 1040 (not filled by formhelper: '
        "the 2024 form has no box for them)")
    out25 = to_json(run(case_of(2025, ira(8000, rolled_over=8000), ira(3000, qcd=3000))))
    assert out25["f1040_reporting"]["line_4c"]["instruction"] == (
        'check box 1 "Rollover" and box 2 "QCD" on line 4c of Form 1040')


# --- the explanation rows (summary, worksheets, wizard review) ---


def test_explanation_rows_put_the_word_beside_line_4b_in_2024() -> None:
    rows = [(r.line, r.label, r.amount) for r in f1040_rows(run(sample("qcd-and-rollover-2024")))]
    assert rows == [
        ("4a", "IRA distributions", "10,000"),
        ("4b", "IRA distributions, taxable amount", "4,000"),
        ("4b", WRITE_QCD_2024, "QCD"),
        ("5a", "Pensions and annuities", "20,000"),
        ("5b", "Pensions and annuities, taxable amount", "0"),
        ("5b", WRITE_ROLLOVER_5B_2024, "Rollover"),
    ]
    rows25 = [(r.line, r.label, r.amount) for r in f1040_rows(run(qcd_and_plan_rollover(2025)))]
    assert ("4c", BOX_QCD_2025, "QCD") in rows25
    assert ("5c", BOX_ROLLOVER_5C_2025, "Rollover") in rows25


# --- prepare: notes, summaries, the filled form ---


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("FORMHELPER_FORMS_DIR", raising=False)
    monkeypatch.setenv("FORMHELPER_CACHE_DIR", str(tmp_path / "cache" / "formhelper"))
    return tmp_path


def test_2024_prepare_tells_the_user_to_write_rollover_next_to_4b(isolated: Path) -> None:
    blank_path(2024, "f1040")
    case = case_of(2024, ira(8000, rolled_over=8000))
    prepared = build(case, run(case), load(2024), forms_dir=forms_root())
    note = f"f1040.pdf: {WRITE_ROLLOVER_4B_2024}"
    assert note in prepared.notes
    outputs = {o.name: o.data for o in prepared.outputs}
    summary = outputs["summary.md"].decode()
    assert f"- {note}\n" in summary  # "Not written"
    assert f"| 4b | {WRITE_ROLLOVER_4B_2024[:1].upper()}{WRITE_ROLLOVER_4B_2024[1:]} |" in summary
    assert "- Form 1040 lines 4a-5b and 25b (with the rest of your return): f1040.pdf" in summary
    assert "4c" not in summary
    page = html.unescape(outputs["summary.html"].decode())
    assert f"<li>{note}</li>" in page
    # The filled 2024 form: lines 4a and 4b only (no field for the word).
    values = {k.rsplit(".", 1)[1]: v for k, v in read_values(outputs["f1040.pdf"]).items()
              if v not in ("", "/Off")}
    assert values == {"f1_04[0]": "Morgan", "f1_05[0]": "Giver", "c1_3[0]": "/1",
                      "f1_46[0]": "8,000", "f1_47[0]": "0"}


def test_2025_prepare_checks_the_boxes_and_adds_no_note(isolated: Path) -> None:
    blank_path(2025, "f1040")
    case = qcd_and_plan_rollover(2025)
    prepared = build(case, run(case), load(2025), forms_dir=forms_root())
    assert not any("next to line" in n for n in prepared.notes)
    outputs = {o.name: o.data for o in prepared.outputs}
    summary = outputs["summary.md"].decode()
    assert f"| 4c | {BOX_QCD_2025} | QCD |" in summary
    assert f"| 5c | {BOX_ROLLOVER_5C_2025} | Rollover |" in summary
    assert "- Form 1040 lines 4a-5c and 25b" in summary
    values = read_values(outputs["f1040.pdf"])
    # 4c box 2 (QCD) is c1_36, 5c box 1 (Rollover) is c1_38 (forms/2025/f1040.fields.toml).
    assert values["topmostSubform[0].Page1[0].c1_36[0]"] == "/1"
    assert values["topmostSubform[0].Page1[0].c1_38[0]"] == "/1"
    assert values["topmostSubform[0].Page1[0].c1_35[0]"] in ("", "/Off")


# --- check-1099r ---


def _explain(year: int, form: dict[str, Any]) -> Any:
    return explain(Form1099R.model_validate(form), load_codes(year), load(year).f1040_reporting)


def test_check_1099r_words_the_qcd_and_rollover_for_the_forms_year() -> None:
    qcd = {"box_1": 10000, "box_2a": 10000, "box_7": "7", "ira_sep_simple": True,
           "disposition": {"qcd": 6000}}
    assert "$6,000 qualified charitable distribution: left out of line 4b (and of Form 8606 " \
           'line 7). Write "QCD" next to line 4b.' in _explain(2024, qcd).notes
    assert "$6,000 qualified charitable distribution: left out of line 4b (and of Form 8606 " \
           'line 7). Check box 2 "QCD" on line 4c.' in _explain(2025, qcd).notes
    ira_to_plan = {"box_1": 5000, "box_2a": 0, "box_7": "G", "ira_sep_simple": True}
    assert _explain(2024, ira_to_plan).taxable.endswith('Write "Rollover" next to line 4b.')
    assert _explain(2025, ira_to_plan).taxable.endswith('Check box 1 "Rollover" on line 4c.')
    roth_401k = {"box_1": 5000, "box_2a": 0, "box_7": "H"}
    assert _explain(2024, roth_401k).taxable.endswith('Write "Rollover" next to line 5b.')
    assert _explain(2026, roth_401k).taxable.endswith('Check box 1 "Rollover" on line 5c.')
    hfd = {"box_1": 4000, "box_2a": 4000, "box_7": "7", "ira_sep_simple": True,
           "disposition": {"hsa_funding": 4000}}
    assert any(n.endswith('HSA funding distribution: left out of line 4b. Check box 3 on line '
                          '4c and enter "HFD" in the entry space next to box 3.')
               for n in _explain(2025, hfd).notes)
    assert any(n.endswith('Write "HFD" next to line 4b.') for n in _explain(2024, hfd).notes)


def test_check_1099r_command_for_2024_never_says_line_4c() -> None:
    def cli(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "formhelper", "check-1099r", *args],
                              capture_output=True, text=True, check=True)
        return done.stdout

    flags = " ".join(cli("--code", "G", "--year", "2024", "--box1", "100", "--box2a", "0")
                     .split())
    assert 'Write "Rollover" next to line 5b.' in flags
    whole = " ".join(cli(str(sample_path())).split())
    assert 'Write "QCD" next to line 4b.' in whole
    assert 'Write "Rollover" next to line 5b.' in whole
    for text in (flags, whole):
        assert "line 4c" not in text and "line 5c" not in text
