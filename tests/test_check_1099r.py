"""``check-1099r``: one test per finding id, the explanation, the cross-checks
against Form 8606, ``compute`` showing the same findings, and the command line."""

from __future__ import annotations

import builtins
import io
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from formhelper.calc import compute_return
from formhelper.calc.box7_checks import check_form, form_index
from formhelper.calc.findings import Finding, Severity
from formhelper.calc.form_checks import check_case, merge
from formhelper.files import years as codetable
from formhelper.files.casefile import load_case, parse_case
from formhelper.files.years import load
from formhelper.models import Form1099R
from formhelper.render.check_text import explain
from support import SAMPLES, base_case, run_json

TABLE = codetable.load_codes(2025)
#: How the 2025 Form 1040 shows a rollover, QCD or HFD (boxes on line 4c/5c).
REPORTING = load(2025).f1040_reporting


def form(**fields: Any) -> Form1099R:
    """A validated Form 1099-R; box 1 defaults to 10,000."""
    return Form1099R.model_validate({"box_1": 10000, **fields})


def unchecked(**fields: Any) -> Form1099R:
    """A form as typed on the command line: boxes not checked against each other."""
    defaults: dict[str, Any] = {"box_1": D(10000), "box_4": D(0), "box_5": D(0)}
    return Form1099R.model_construct(**{**defaults, **fields})


def on_form(f: Form1099R, born: date | None = None, known: bool = True) -> list[Finding]:
    return check_form(f, TABLE, 2025, born, None, birth_date_known=known)


def in_case(data: dict[str, Any]) -> list[Finding]:
    case = parse_case(data)
    result = compute_return(case, load(case.tax_year))
    return check_case(case, codetable.load_codes(case.tax_year), result.f8606)


def ira(box_7: str, **fields: Any) -> dict[str, Any]:
    return {"box_1": 10000, "box_7": box_7, "ira_sep_simple": True, **fields}


def person(born: str = "1975-06-15", **fields: Any) -> dict[str, Any]:
    return {"name": "Test Person", "date_of_birth": born, **fields}


WARN, ERR, NOTE = Severity.WARNING, Severity.ERROR, Severity.INFO

# id, severity, box, key part of the message, the findings to look in.
CASES: list[tuple[str, Severity, str, str, Callable[[], list[Finding]]]] = [
    ("code-missing", ERR, "7", "box 7 is empty", lambda: on_form(unchecked(box_7=""))),
    ("code-too-many", ERR, "7", "at most 2", lambda: on_form(unchecked(box_7="12B"))),
    ("code-unknown", ERR, "7", "X is not a Form 1099-R distribution code for 2025",
     lambda: on_form(unchecked(box_7="X"))),
    ("code-repeated", ERR, "7", "code 7 is written twice", lambda: on_form(unchecked(box_7="77"))),
    ("code-two-numeric", ERR, "7", "only 8+1, 8+2, 8+4", lambda: on_form(form(box_7="72"))),
    ("code-must-stand-alone", ERR, "7", "code Q", lambda: on_form(form(box_7="QB"))),
    ("code-combination-invalid", ERR, "7", "codes G and L may not be combined",
     lambda: on_form(form(box_7="GL"))),
    ("code-combination-unverified", WARN, "7", "not in the 2025 Table 1",
     lambda: on_form(form(box_7="JS"))),
    ("code-must-pair", ERR, "7", "code K (distribution of traditional IRA assets",
     lambda: on_form(form(box_7="K", ira_sep_simple=True))),
    ("ira-box-with-roth-code", WARN, "7", "code J is for a Roth IRA",
     lambda: on_form(form(box_7="J", ira_sep_simple=True))),
    ("ira-box-with-plan-code", WARN, "7", "code L is used only for employer plans",
     lambda: on_form(form(box_7="7L", ira_sep_simple=True))),
    ("ira-code-without-ira-box", WARN, "7", "code S is used only for traditional, SEP or SIMPLE",
     lambda: on_form(form(box_7="S"))),
    ("age-code-1-over-59-half", WARN, "7", "59½ or older for all of 2025",
     lambda: on_form(form(box_7="1", ira_sep_simple=True), date(1965, 6, 30))),
    ("age-code-7-under-59-half", WARN, "7", "under 59½ for all of 2025 (59½ on January 1, 2026)",
     lambda: on_form(form(box_7="7", ira_sep_simple=True), date(1966, 7, 1))),
    ("age-code-y-under-70-half", WARN, "7", "under 70½ for all of 2025",
     lambda: on_form(form(box_7="7Y", ira_sep_simple=True), date(1955, 7, 1))),
    ("box-2a-over-box-1", ERR, "2a", "box 2a ($200) is more than box 1",
     lambda: on_form(unchecked(box_7="7", box_1=D(100), box_2a=D(200)))),
    ("box-4-over-box-1", ERR, "4", "box 4 ($150) is more than box 1",
     lambda: on_form(unchecked(box_7="7", box_1=D(100), box_4=D(150)))),
    ("box-5-over-box-1", ERR, "5", "box 5 ($101) is more than box 1",
     lambda: on_form(unchecked(box_7="7", box_1=D(100), box_5=D(101)))),
    ("box-5-on-ira", WARN, "5", "generally blank for a traditional, SEP or SIMPLE IRA",
     lambda: on_form(form(box_7="7", ira_sep_simple=True, box_5=500))),
    ("code-g-box-2a-blank", WARN, "2a", "a direct rollover (code G) with box 2a blank",
     lambda: on_form(form(box_7="G"))),
    ("code-h-taxable", WARN, "2a", "box 2a shows $1,000",
     lambda: on_form(form(box_7="H", box_2a=1000))),
    ("code-b-no-box-11", WARN, "11", "box 11, the first year of designated Roth contributions",
     lambda: on_form(form(box_7="B7", box_2a=0))),
    ("withholding-on-conversion", NOTE, "4", "$2,000 of federal tax was withheld from a conversion",
     lambda: in_case(base_case(taxpayer=person("1960-01-01"), forms_1099r=[
         ira("7", box_4=2000, disposition={"converted_to_roth_ira": 8000})]))),
    # Information only, and no advice to check the box (issue 14 rule 11): a 401(k)
    # rolled to a Roth IRA is reported just so.
    ("ira-box-unchecked-conversion", NOTE, "7", "IRA/SEP/SIMPLE box is not checked",
     lambda: in_case(base_case(forms_1099r=[
         {"box_1": 10000, "box_7": "2", "disposition": {"converted_to_roth_ira": 10000}}]))),
    # Instructions for Form 1040, lines 4a-4b: without basis, box 1 goes on line 4b.
    ("ira-box-2a-below-taxable", WARN, "2a", "form 1040 line 4b takes box 1",
     lambda: in_case(base_case(taxpayer=person("1950-01-01"),
                               forms_1099r=[ira("7", box_2a=8000)]))),
    ("code-y-without-qcd", WARN, "7", "the disposition records no QCD",
     lambda: in_case(base_case(taxpayer=person("1950-01-01"), forms_1099r=[ira("7Y")]))),
    ("cross-ira-vs-8606", WARN, "1", "accounts for the other $20,000",
     lambda: in_case(base_case(forms_1099r=[
         ira("2", box_1=50000, disposition={"converted_to_roth_ira": 30000})]))),
    ("cross-ira-unreconciled", ERR, "1", "$50,000 is on neither Form 8606 nor Form 1040 line 4b",
     lambda: in_case(base_case(forms_1099r=[
         ira("2", box_1=50000, disposition={"in_plan_roth_rollover": 50000})]))),
    ("cross-roth-vs-line-19", WARN, "1", "but Form 8606 line 19 is $5,000",
     lambda: in_case(base_case(
         taxpayer=person(roth={"first_contribution_year": 2015, "contribution_basis": 5000}),
         forms_1099r=[{"box_1": 5000, "box_7": "J",
                       "disposition": {"converted_to_roth_ira": 5000}}]))),
    ("cross-conversion-not-recorded", WARN, "1", "first Roth IRA was funded in 2025",
     lambda: in_case(base_case(
         taxpayer=person(ira={"nondeductible_contributions": 7000, "year_end_value": 0},
                         roth={"first_contribution_year": 2025}),
         forms_1099r=[ira("2", box_1=7000)]))),
]


@pytest.mark.parametrize(("finding_id", "severity", "box", "text", "found"), CASES,
                         ids=[c[0] for c in CASES])
def test_finding(finding_id: str, severity: Severity, box: str, text: str,
                 found: Callable[[], list[Finding]]) -> None:
    matching = [f for f in found() if f.id == finding_id]
    assert len(matching) == 1, [f.id for f in found()]
    f = matching[0]
    assert (f.severity, f.box) == (severity, box)
    assert text.lower() in f.message.lower()


def test_every_finding_id_has_a_test() -> None:
    calc = Path(__file__).parent.parent / "src/formhelper/calc"
    source = (calc / "box7_checks.py").read_text() + (calc / "form_checks.py").read_text()
    import re

    ids = set(re.findall(r'id="([a-z0-9-]+)"', source))
    ids |= set(re.findall(r'error\("([a-z0-9-]+)"', source))
    ids |= {f"box-{b}-over-box-1" for b in ("2a", "4", "5")}
    ids.discard("box-{box}-over-box-1")
    assert ids == {c[0] for c in CASES}


def test_case_findings_name_the_field() -> None:
    found = in_case(base_case(forms_1099r=[
        ira("2", box_1=50000, disposition={"converted_to_roth_ira": 30000}), ira("71")]))
    by_id = {f.id: f for f in found}
    assert by_id["cross-ira-vs-8606"].field == "forms_1099r[0].disposition"
    assert by_id["code-two-numeric"].field == "forms_1099r[1].box_7"
    assert by_id["code-two-numeric"].message.startswith("forms_1099r[1]: codes 7 and 1")
    assert sorted(form_index(f) or 0 for f in found) == [0, 1]
    assert form_index(Finding(id="x", message="y", field="taxpayer.ira")) is None


# --- ages: the payment date is unknown, so only what holds all year is flagged ---


def test_code_1_during_the_year_of_59_half_is_only_a_note() -> None:
    (f,) = on_form(form(box_7="1", ira_sep_simple=True), date(1966, 3, 10))
    assert (f.id, f.severity) == ("age-code-1-over-59-half", Severity.INFO)
    assert "reaches 59½ on September 10, 2025" in f.message


def test_code_7_in_the_year_of_59_half_is_not_flagged() -> None:
    assert on_form(form(box_7="7", ira_sep_simple=True), date(1966, 6, 30)) == []
    assert on_form(form(box_7="7", ira_sep_simple=True), date(1960, 1, 1)) == []


def test_age_at_year_end_only_is_conservative() -> None:
    # Age 58 on December 31, 2025: born in 1967, under 59½ all year whatever the day.
    (f,) = on_form(form(box_7="7", ira_sep_simple=True), date(1967, 12, 31), known=False)
    assert f.id == "age-code-7-under-59-half"
    assert "only the age at the end of the year is known" in f.message
    # Age 59: born in 1966, maybe 59½ during 2025: not flagged.
    assert on_form(form(box_7="7", ira_sep_simple=True), date(1966, 12, 31), known=False) == []
    # Code 1 at age 61 (born 1964): 59½ before 2025 began on any birth date.
    (f,) = on_form(form(box_7="1", ira_sep_simple=True), date(1964, 12, 31), known=False)
    assert (f.id, f.severity) == ("age-code-1-over-59-half", Severity.WARNING)
    # At age 60 (born 1965) it depends on the day: a note with the latest date.
    (f,) = on_form(form(box_7="1", ira_sep_simple=True), date(1965, 12, 31), known=False)
    assert f.severity == Severity.INFO
    assert "June 30, 2025 at the latest" in f.message


def test_code_7d_annuity_under_59_half_is_not_flagged() -> None:
    assert on_form(form(box_7="7D"), date(1980, 1, 1)) == []


def test_withholding_on_conversion_under_59_half_is_a_warning() -> None:
    found = in_case(base_case(forms_1099r=[
        ira("2", box_4=2500, disposition={"converted_to_roth_ira": 7500})]))
    (f,) = [f for f in found if f.id == "withholding-on-conversion"]
    assert f.severity == Severity.WARNING
    assert "10% additional tax" in f.message


# --- explanation ---


def test_explain_conversion_from_a_traditional_ira() -> None:
    e = explain(form(box_7="2", ira_sep_simple=True,
                     disposition={"converted_to_roth_ira": 9000}, box_4=1000), TABLE, REPORTING)
    assert (e.tax_year, e.table_year, e.box_7, e.account) == (2025, 2025, "2", "traditional_ira")
    assert [c.code for c in e.codes] == ["2"]
    assert e.codes[0].meaning.startswith("Early distribution, exception applies")
    assert e.f1040_lines == "4a/4b"
    assert e.gross == "Box 1 ($10,000) goes on line 4a."
    assert "Part II (lines 16-18)" in e.form_8606
    assert e.additional_tax == "none"
    assert any(n.startswith("$9,000 converted to a Roth IRA: Form 8606 line 8") for n in e.notes)
    assert "$1,000 federal tax withheld (box 4): Form 1040 line 25b." in e.notes


@pytest.mark.parametrize(
    ("box_7", "ira_box", "lines", "taxable", "f8606", "tax"),
    [
        ("J", False, "4a/4b", "Form 8606 Part III", "Part III", "10%"),
        ("Q", False, "4a/4b", "Line 4b is 0", "Not needed", "none"),
        ("T", False, "4a/4b", "5-year period", "unless the 5-year period", "none"),
        ("G", False, "5a/5b", "box 2a ($0)", "Not used", "none"),
        ("H", False, "5a/5b", "Line 5b is 0", "Roth IRA rollover basis", "none"),
        ("1D", False, "5a/5b", "box 2a ($0)", "Not used", "10%"),
        ("S", True, "4a/4b", "Line 4b: the taxable part", "Part I", "25%"),
        ("N", True, "4a/4b", "Line 4b is 0", "Not on line 7", "none"),
        ("P1", True, "prior-year return", "2024 return", "a 2024 matter", "10%"),
        ("6", False, "none", "Nothing is taxable", "Not used", "none"),
    ],
)
def test_explain_routes_like_the_form_1040_instructions(
    box_7: str, ira_box: bool, lines: str, taxable: str, f8606: str, tax: str
) -> None:
    e = explain(form(box_7=box_7, ira_sep_simple=ira_box, box_2a=0), TABLE, REPORTING)
    assert e.f1040_lines == lines
    assert taxable in e.taxable + e.gross
    assert f8606 in e.form_8606
    assert e.additional_tax == tax


def test_explain_2026_says_the_2025_table_is_used() -> None:
    e = explain(form(box_7="7", ira_sep_simple=True), codetable.load_codes(2026),
                load(2026).f1040_reporting)
    assert (e.tax_year, e.table_year) == (2026, 2025)
    assert any("the 2025 table is used" in n for n in e.notes)


def test_explain_code_y_is_optional_in_2025() -> None:
    e = explain(form(box_7="7Y", ira_sep_simple=True), TABLE, REPORTING)
    assert any(n.startswith("Code Y is optional for 2025") for n in e.notes)


# --- the case and compute ---


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_samples_have_no_error(path: Path) -> None:
    case = load_case(path)
    result = compute_return(case, load(case.tax_year), codetable.load_codes(case.tax_year))
    assert [f.id for f in result.findings if f.severity == Severity.ERROR] == []


def test_samples_add_only_the_withholding_note() -> None:
    extra = {}
    for path in sorted(SAMPLES.glob("*.toml")):
        case = load_case(path)
        without = compute_return(case, load(case.tax_year)).findings
        with_codes = compute_return(case, load(case.tax_year), codetable.load_codes(case.tax_year))
        added = [f.id for f in with_codes.findings if f not in without]
        if added:
            extra[path.stem] = added
    assert extra == {"married-both-convert-2025": ["withholding-on-conversion"]}


def test_50000_beside_a_30000_conversion_is_flagged_by_compute() -> None:
    case = parse_case(base_case(forms_1099r=[
        ira("2", box_1=50000, box_2a=50000, disposition={"converted_to_roth_ira": 30000})]))
    result = compute_return(case, load(2025), codetable.load_codes(2025))
    (f,) = [f for f in result.findings if f.id == "cross-ira-vs-8606"]
    assert "box 1 is $50,000 but $30,000 was converted" in f.message
    assert "Form 1040 line 4b as a fully taxable distribution" in f.message
    # Without the code table compute is as before.
    assert "cross-ira-vs-8606" not in [x.id for x in compute_return(case, load(2025)).findings]
    # Explained by a rollover of the rest: nothing to flag.
    assert in_case(base_case(forms_1099r=[ira(
        "2", box_1=50000, disposition={"converted_to_roth_ira": 30000, "rolled_over": 20000})
    ])) == []


def test_the_rest_lands_on_line_7_when_there_is_basis() -> None:
    found = in_case(base_case(
        taxpayer=person(ira={"prior_basis": 10000, "year_end_value": 20000}),
        forms_1099r=[ira("2", box_1=50000, disposition={"converted_to_roth_ira": 30000})]))
    (f,) = found
    assert "Form 8606 line 7 (taxpayer's line 7 is $20,000)" in f.message


def test_withholding_alone_explains_the_rest() -> None:
    found = in_case(base_case(taxpayer=person("1960-01-01"), forms_1099r=[
        ira("7", box_4=2000, disposition={"converted_to_roth_ira": 8000})]))
    assert [f.id for f in found] == ["withholding-on-conversion"]


def test_compute_says_each_thing_once() -> None:
    # Code G with box 2a blank and withholding on an early conversion are found by the
    # calculation too: compute shows its own finding only.
    case = parse_case(base_case(forms_1099r=[
        {"box_1": 10000, "box_7": "G", "disposition": {"rolled_over": 10000}},
        ira("2", box_4=2500, disposition={"converted_to_roth_ira": 7500}),
    ]))
    ids = [f.id for f in compute_return(case, load(2025), codetable.load_codes(2025)).findings]
    assert ids.count("code-g-box-2a-blank") == 1
    assert "conversion-withholding-early" in ids
    assert "withholding-on-conversion" not in ids


def test_merge_keeps_what_compute_did_not_say() -> None:
    computed = [Finding(id="code-g-box-2a-blank", message="x", field="forms_1099r[0].box_2a")]
    checked = [
        Finding(id="code-g-box-2a-blank", message="y", field="forms_1099r[0].box_2a"),
        Finding(id="code-g-box-2a-blank", message="z", field="forms_1099r[1].box_2a"),
    ]
    assert [f.message for f in merge(computed, checked)] == ["z"]


def test_compute_warnings_include_the_1099r_checks() -> None:
    # run_json computes as `formhelper compute` does, with the year's code table.
    out = run_json(base_case(forms_1099r=[ira("71")]))
    assert "code-two-numeric" in [w["id"] for w in out["warnings"]]


def test_compute_with_codes_does_no_io(monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case(SAMPLES / "married-both-convert-2025.toml")
    params, table = load(case.tax_year), codetable.load_codes(case.tax_year)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the calculation opened a file")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(io, "open", refuse)
    compute_return(case, params, table)


# --- command line ---


def formhelper(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "formhelper", "check-1099r", *args],
                          capture_output=True, text=True, check=False)


def test_cli_clean_form_exit_0() -> None:
    done = formhelper("--code", "7", "--ira", "--age", "65", "--box1", "12000")
    assert done.returncode == 0, done.stderr
    assert "Findings: none." in done.stdout
    assert "Code 7: Normal distribution." in done.stdout
    assert "Box 1 ($12,000) goes on line 4a." in done.stdout


def test_cli_warning_only_exit_0() -> None:
    done = formhelper("--code", "7", "--ira", "--age", "58")
    assert done.returncode == 0
    assert "WARNING: age-code-7-under-59-half (box 7)" in done.stdout


def test_cli_error_exit_1() -> None:
    done = formhelper("--code", "71")
    assert done.returncode == 1
    assert "ERROR: code-two-numeric (box 7)" in done.stdout
    assert "correct box 7 first" in done.stdout


def test_cli_year_2024_has_no_code_y() -> None:
    assert formhelper("--code", "7Y", "--ira", "--year", "2024").returncode == 1
    assert formhelper("--code", "7Y", "--ira", "--year", "2025").returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give a case file (CASE) or one form's codes (--code)"),
        ((str(SAMPLES / "backdoor-roth-2025.toml"), "--code", "7"), "not both"),
        ((str(SAMPLES / "backdoor-roth-2025.toml"), "--ira"), "not both"),
        (("--code", "7", "--box2a", "10"), "--box2a need --box1"),
        (("--code", "7", "--box1", "-5"), "must be an amount of 0 or more"),
        (("--code", "7", "--box1", "12.345"), "more than 2 decimal places"),
        (("--code", "7", "--year", "2018"), "no Form 1099-R code table for 2018"),
        (("--code", "7", "--age", "abc"), "not a whole number"),
    ],
)
def test_cli_usage_error_exit_2(args: tuple[str, ...], message: str) -> None:
    done = formhelper(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert message in done.stderr


def test_cli_json_shape_for_one_form() -> None:
    done = formhelper("--code", "D7", "--ira", "--box1", "100", "--box2a", "200", "--json")
    assert done.returncode == 1
    out = json.loads(done.stdout)
    assert set(out) == {"tax_year", "findings", "explanation"}
    assert out["tax_year"] == 2025
    for finding in out["findings"]:
        assert set(finding) == {"id", "severity", "box", "message"}
    assert {(f["id"], f["severity"], f["box"]) for f in out["findings"]} == {
        ("ira-box-with-plan-code", "warning", "7"), ("box-2a-over-box-1", "error", "2a")}
    e = out["explanation"]
    assert e["box_7"] == "D7"
    assert [c["code"] for c in e["codes"]] == ["D", "7"]
    assert e["f1040_lines"] == "4a/4b"


def test_cli_json_explanation_is_null_when_box_7_is_wrong() -> None:
    out = json.loads(formhelper("--code", "AB", "--json").stdout)
    assert out["explanation"] is None
    assert [f["id"] for f in out["findings"]] == ["code-combination-invalid"]


def test_cli_case_mode(tmp_path: Path) -> None:
    done = formhelper(str(SAMPLES / "married-both-convert-2025.toml"), "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["tax_year"] == 2025
    assert [f["index"] for f in out["forms"]] == [0, 1]
    assert out["forms"][0]["findings"] == []
    assert [f["id"] for f in out["forms"][1]["findings"]] == ["withholding-on-conversion"]
    assert out["forms"][1]["owner"] == "spouse"
    assert out["forms"][1]["explanation"]["f1040_lines"] == "4a/4b"
    assert out["findings"] == []

    text = formhelper(str(SAMPLES / "married-both-convert-2025.toml"))
    assert text.returncode == 0
    # Text is read by people: forms and owners in words, never case-file paths (JSON
    # keeps them: "index" and "owner" above).
    assert "Form 1099-R #2 (Other Custodian), your spouse's form, box 7: 7" in text.stdout
    assert "forms_1099r" not in text.stdout and "taxpayer" not in text.stdout

    bad = tmp_path / "bad.toml"
    bad.write_text(
        'tax_year = 2025\nfiling_status = "single"\n'
        '[taxpayer]\nname = "X"\ndate_of_birth = 1975-01-01\n'
        '[[forms_1099r]]\nbox_1 = 50000\nbox_7 = "71"\nira_sep_simple = true\n'
        '[[forms_1099r]]\nbox_1 = 50000\nbox_7 = "2"\nira_sep_simple = true\n'
        'disposition = { in_plan_roth_rollover = 50000 }\n'
    )
    done = formhelper(str(bad), "--json")
    assert done.returncode == 1
    out = json.loads(done.stdout)
    assert [f["id"] for f in out["forms"][0]["findings"]] == ["code-two-numeric"]
    assert out["forms"][0]["findings"][0]["message"].startswith("forms_1099r[0]: codes 7 and 1")
    words = formhelper(str(bad)).stdout
    assert "Form 1099-R #1: codes 7 and 1" in " ".join(words.split())
    assert "forms_1099r" not in words
    assert out["forms"][0]["explanation"] is None
    assert [f["id"] for f in out["forms"][1]["findings"]] == ["cross-ira-unreconciled"]


def test_cli_bad_case_file_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({
        "tax_year": 2025, "filing_status": "single",
        "taxpayer": {"name": "X", "date_of_birth": "1980-01-01"},
        "forms_1099r": [{"box_1": 100, "box_2a": 200, "box_7": "7"}],
    }))
    done = formhelper(str(bad))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "error: forms_1099r[0].box_2a: larger than box 1 (100)\n"


def test_cli_imports_no_ui_pdf_or_template_library() -> None:
    code = (
        "import sys\nfrom formhelper.cli import main\n"
        "main(['check-1099r', '--code', '7', '--json'])\n"
        f"main(['check-1099r', {str(SAMPLES / 'backdoor-roth-2025.toml')!r}, '--json'])\n"
        "print([m for m in ['textual', 'pypdf', 'reportlab', 'jinja2'] if m in sys.modules],"
        " file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stderr.strip() == "[]"
