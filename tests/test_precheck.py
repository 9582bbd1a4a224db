"""``formhelper precheck``: the projected Form 8606 and Form 1040 lines 4a/4b of a
planned conversion, its spoilers, the remedies and the dates.

Every figure is worked by hand in the test from the Form 8606 instructions (lines 1-18:
line 5 = line 3 - line 4; line 9 = lines 6 + 7 + 8; line 10 = line 5 / line 9, here to
5 places; line 11 = line 8 x line 10; line 18 = line 16 - line 17) and Pub. 590-A
(rollovers of IRA money into an employer plan: only the otherwise taxable part; the
contribution due date), as each test says.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from formhelper.app.precheck import PersonOptions, from_options
from formhelper.calc.deadlines import contribution_deadline
from formhelper.calc.precheck import Scenario
from formhelper.cli import main
from formhelper.files.years import supported_years
from formhelper.models import FilingStatus, Owner

D = Decimal
#: A year without figures, from the data (a year added later does not turn this red).
UNSUPPORTED = max(supported_years()) + 5


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["precheck", *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def remedy(data: dict[str, Any], remedy_id: str, owner: str = "taxpayer") -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in data["remedies"]
                                 if r["id"] == remedy_id and r["owner"] == owner)
    return found


def spoiler(data: dict[str, Any], spoiler_id: str, owner: str = "taxpayer") -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in data["spoilers"]
                                 if s["id"] == spoiler_id and s["owner"] == owner)
    return found


EXAMPLE = ("--year", "2026", "--contribution", "7000", "--convert", "7000",
           "--year-end-value", "63000")


def test_issue_example_sep_balance_makes_the_backdoor_taxable(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 18's example, by hand (Form 8606 instructions): line 1 7,000; line 5 7,000;
    line 6 63,000 (the SEP IRA counts on line 6); line 8 7,000; line 9 70,000; line 10
    7,000 / 70,000 = 0.10000; line 11 700; line 14 7,000 - 700 = 6,300; line 18 6,300;
    Form 1040 line 4a 7,000 and line 4b 6,300 (lines 15c + 18)."""
    data = run_json(capsys, *EXAMPLE, "--sep-value", "63000")
    f8606 = data["f8606"]["taxpayer"]
    assert f8606["line_6"] == 63000
    assert f8606["line_9"] == 70000
    assert f8606["line_10"] == 0.1
    assert f8606["line_11"] == 700
    assert f8606["line_14"] == 6300
    assert f8606["line_18"] == 6300
    assert data["f1040"]["line_4a"] == 7000
    assert data["f1040"]["line_4b"] == 6300
    assert data["basis_next_year"] == {"taxpayer": 6300}
    # The SEP balance is named with its cost: without it line 6 is 0, line 10 1.000,
    # line 18 0, so it costs all 6,300.
    sep = spoiler(data, "sep")
    assert (sep["amount"], sep["cost"]) == (63000, 6300)
    assert "SEP IRA" in sep["text"] and sep["source"] == "Form 8606 instructions, line 6"


def test_text_report_names_lines_spoilers_remedies_and_dates(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *EXAMPLE, "--sep-value", "63000", "--basis", "0")
    assert code == 0, err
    assert "  10  Line 5 divided by line 9" in out and "0.10000" in out
    assert out.index("What makes it taxable") < out.index("Remedies") < out.index("Dates")
    assert "Your SEP IRA ($63,000) counts" in out
    assert "2026-12-31" in out and "2027-04-15" in out
    assert "taxpayer." not in out and "ira." not in out  # no case-file paths in prose


def test_remedies_for_the_issue_example(capsys: pytest.CaptureFixture[str]) -> None:
    """By hand, each remedy on its own:

    * roll into a plan (Pub. 590-A: only the otherwise taxable part; what stays must be
      at least the basis): basis 7,000, all IRA money 63,000 + 7,000 converted = 70,000,
      so 63,000 can go; line 6 0, line 9 7,000, line 10 1.000, line 18 0, 4b 0;
    * convert everything: line 8 70,000, line 9 70,000, line 10 0.10000, line 11 7,000,
      line 18 63,000;
    * do nothing: no conversion, the 7,000 stays in the IRA; line 1 7,000 and line 14
      7,000 (no distribution or conversion: "Enter the amount from line 3 on line 14"),
      no Form 1040 line 4.
    """
    data = run_json(capsys, *EXAMPLE, "--sep-value", "63000", "--basis", "0")
    roll = remedy(data, "roll_to_plan")
    assert roll["by"] == "2026-12-31"
    assert roll["moves"] == [{"kind": "roll_to_plan", "owner": "taxpayer", "amount": 63000}]
    assert roll["f8606"]["taxpayer"]["line_6"] == 0
    assert roll["f8606"]["taxpayer"]["line_10"] == 1
    assert roll["f8606"]["taxpayer"]["line_18"] == 0
    assert roll["f1040"] == {"line_4a": 7000, "line_4b": 0}
    assert roll["line_4b_saved"] == 6300
    everything = remedy(data, "convert_all")
    assert everything["f8606"]["taxpayer"]["line_8"] == 70000
    assert everything["f8606"]["taxpayer"]["line_10"] == 0.1
    assert everything["f8606"]["taxpayer"]["line_11"] == 7000
    assert everything["f8606"]["taxpayer"]["line_18"] == 63000
    assert everything["f1040"]["line_4b"] == 63000
    nothing = remedy(data, "do_nothing")
    assert nothing["f8606"]["taxpayer"] == {"line_1": 7000, "line_2": 0, "line_3": 7000,
                                            "line_14": 7000}
    assert nothing["f1040"] == {}
    assert nothing["by"] == "2027-04-15"


def test_roll_to_plan_keeps_the_basis_and_converts_the_rest(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Basis 20,000 (last year's line 14), contribution 7,000, convert 7,000, 100,000
    left on December 31 (the 20,000 of old basis and 80,000 pre-tax).

    As planned: line 3 27,000; line 9 100,000 + 7,000 = 107,000; line 10 27,000 /
    107,000 = 0.252336... -> 0.25234; line 11 7,000 x 0.25234 = 1,766.38 -> 1,766;
    line 18 5,234; line 14 27,000 - 1,766 = 25,234.
    Roll into a plan: all IRA money 107,000 less the basis 27,000 = 80,000 can go
    (Pub. 590-A), the 20,000 left is converted too: line 8 27,000, line 9 27,000,
    line 10 1.000, line 18 0, line 14 0.
    Convert everything: line 8 107,000; line 11 107,000 x 0.25234 = 27,000.38 -> 27,000;
    line 18 80,000.
    """
    data = run_json(capsys, "--year", "2026", "--basis", "20000", "--contribution", "7000",
                    "--convert", "7000", "--year-end-value", "100000")
    planned = data["f8606"]["taxpayer"]
    assert (planned["line_3"], planned["line_9"], planned["line_10"]) == (27000, 107000, 0.25234)
    assert (planned["line_11"], planned["line_18"], planned["line_14"]) == (1766, 5234, 25234)
    roll = remedy(data, "roll_to_plan")
    assert roll["moves"] == [
        {"kind": "roll_to_plan", "owner": "taxpayer", "amount": 80000},
        {"kind": "convert", "owner": "taxpayer", "amount": 20000},
    ]
    lines = roll["f8606"]["taxpayer"]
    assert (lines["line_8"], lines["line_9"], lines["line_10"]) == (27000, 27000, 1)
    assert (lines["line_18"], lines["line_14"]) == (0, 0)
    assert roll["f1040"]["line_4b"] == 0
    everything = remedy(data, "convert_all")["f8606"]["taxpayer"]
    assert (everything["line_8"], everything["line_11"], everything["line_18"]) == (
        107000, 27000, 80000)


def test_conversion_larger_than_the_basis(capsys: pytest.CaptureFixture[str]) -> None:
    """Contribution 7,000, convert 20,000, 50,000 left: line 9 70,000, line 10 0.10000,
    line 11 2,000, line 18 18,000.  Rolling all 50,000 into a plan (the 20,000 converted
    leaves more than the 7,000 basis behind, Pub. 590-A): line 9 20,000, line 10 7,000 /
    20,000 = 0.35000, line 11 7,000, line 18 13,000."""
    data = run_json(capsys, "--year", "2026", "--basis", "0", "--contribution", "7000",
                    "--convert", "20000", "--year-end-value", "50000")
    assert data["f8606"]["taxpayer"]["line_18"] == 18000
    roll = remedy(data, "roll_to_plan")
    assert roll["moves"] == [{"kind": "roll_to_plan", "owner": "taxpayer", "amount": 50000}]
    lines = roll["f8606"]["taxpayer"]
    assert (lines["line_9"], lines["line_10"], lines["line_11"], lines["line_18"]) == (
        20000, 0.35, 7000, 13000)


def test_each_spoiler_costs_what_line_4b_loses_without_it(
        capsys: pytest.CaptureFixture[str]) -> None:
    """63,000 on December 31: 40,000 rolled in from a 401(k) this year, 23,000 in a SEP
    IRA.  Without the rollover: line 9 23,000 + 7,000 = 30,000, line 10 0.23333, line 11
    7,000 x 0.23333 = 1,633.31 -> 1,633, line 18 5,367: it costs 6,300 - 5,367 = 933.
    Without the SEP: line 9 47,000, line 10 0.14894, line 11 1,042.58 -> 1,043, line 18
    5,957: it costs 343."""
    data = run_json(capsys, *EXAMPLE, "--basis", "0", "--rolled-in", "40000",
                    "--sep-value", "23000")
    assert spoiler(data, "rolled_in")["cost"] == 933
    assert spoiler(data, "sep")["cost"] == 343
    assert spoiler(data, "year_end_decides")["amount"] == 63000
    assert not [s for s in data["spoilers"] if s["id"] == "other_ira"]


def test_outstanding_rollover_counts(capsys: pytest.CaptureFixture[str]) -> None:
    """Line 6 adds outstanding rollovers (Form 8606 instructions, line 6): 53,000 + 10,000
    = 63,000 as in the example (line 18 6,300).  Without the 10,000: line 9 60,000, line
    10 0.11667, line 11 816.69 -> 817, line 18 6,183: it costs 117."""
    data = run_json(capsys, "--year", "2026", "--basis", "0", "--contribution", "7000",
                    "--convert", "7000", "--year-end-value", "53000",
                    "--outstanding-rollover", "10000")
    assert data["f8606"]["taxpayer"]["line_6"] == 63000
    assert data["f8606"]["taxpayer"]["line_18"] == 6300
    assert spoiler(data, "outstanding_rollover")["cost"] == 117


def test_the_spouse_is_never_pooled(capsys: pytest.CaptureFixture[str]) -> None:
    """Form 8606: "file a separate form for each spouse"; line 6 is your own IRAs.  You
    convert 7,000 with 63,000 pre-tax: 0.10000 and 6,300 as alone, whatever your spouse
    holds.  Your spouse's backdoor with no IRA money left is tax-free (line 10 1.000)
    though you hold 63,000.  Form 1040 line 4a adds both (14,000), line 4b 6,300."""
    data = run_json(capsys, *EXAMPLE, "--basis", "0", "--spouse-contribution", "7000",
                    "--spouse-convert", "7000", "--spouse-year-end-value", "0",
                    "--spouse-basis", "0")
    assert data["f8606"]["taxpayer"]["line_10"] == 0.1
    assert data["f8606"]["taxpayer"]["line_18"] == 6300
    assert data["f8606"]["spouse"]["line_6"] == 0
    assert data["f8606"]["spouse"]["line_10"] == 1
    assert data["f8606"]["spouse"]["line_18"] == 0
    assert data["f1040"] == {"line_4a": 14000, "line_4b": 6300}
    assert not [r for r in data["remedies"] if r["owner"] == "spouse"]
    # The other way round: a large spouse's IRA is named as not counting, at no cost.
    data = run_json(capsys, "--year", "2026", "--basis", "0", "--contribution", "7000",
                    "--convert", "7000", "--year-end-value", "63000",
                    "--spouse-year-end-value", "500000", "--spouse-basis", "0")
    assert data["f8606"]["taxpayer"]["line_10"] == 0.1
    apart = spoiler(data, "spouse_apart")
    assert (apart["amount"], apart["cost"]) == (500000, 0)
    assert "do not count" in apart["text"]


def test_spouse_options_need_a_joint_return(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, *EXAMPLE, "--spouse-convert", "7000",
                          "--filing-status", "married_filing_separately")
    assert code == 1
    assert err.startswith("error: --spouse-convert: ")


def test_contribution_for_last_year_made_in_january_to_april(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A 2025 contribution of 7,000 made in February 2026: the 2025 Form 8606 has it on
    lines 1 and 4; with no 2025 distribution, line 14 = line 3 = 7,000 (Form 8606
    instructions, lines 1, 4, 14), this year's line 2.  Converted in 2026 with nothing
    left: line 3 7,000, line 9 7,000, line 10 1.000, line 18 0."""
    data = run_json(capsys, "--year", "2026", "--last-year-contribution", "7000",
                    "--basis", "7000", "--convert", "7000", "--year-end-value", "0")
    lines = data["f8606"]["taxpayer"]
    assert (lines["line_2"], lines["line_10"], lines["line_18"]) == (7000, 1, 0)
    assert data["f1040"] == {"line_4a": 7000, "line_4b": 0}
    assert data["spoilers"] == [] and data["remedies"] == []
    # With the basis left at 0 it is named: the conversion would be taxed in full.
    data = run_json(capsys, "--year", "2026", "--last-year-contribution", "7000",
                    "--basis", "0", "--convert", "7000", "--year-end-value", "0")
    assert data["f8606"]["taxpayer"]["line_18"] == 7000
    short = spoiler(data, "basis_short")
    assert (short["amount"], short["cost"]) == (7000, 7000)


def test_contribution_for_this_year_made_next_year(capsys: pytest.CaptureFixture[str]) -> None:
    """A 2026 contribution made in March 2027 is on the 2026 line 1 and line 4; with no
    2026 conversion, line 14 = line 3 = 7,000 and nothing is taxable."""
    data = run_json(capsys, "--year", "2026", "--basis", "0", "--contribution", "7000",
                    "--contribution-next-year", "7000", "--year-end-value", "63000")
    assert data["f8606"]["taxpayer"] == {"line_1": 7000, "line_2": 0, "line_3": 7000,
                                         "line_14": 7000}
    assert data["remedies"] == []


def test_basis_not_given_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, *EXAMPLE)
    assert spoiler(data, "basis_not_given")["cost"] is None
    data = run_json(capsys, *EXAMPLE, "--basis", "0")
    assert not [s for s in data["spoilers"] if s["id"] == "basis_not_given"]


def test_case_file_with_a_conversion_already_made(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A case of 2026 holding the conversion made in January (Form 1099-R box 1 7,000,
    code 2, IRA/SEP/SIMPLE) and today's 63,000: the same lines as the example (line 10
    0.10000, line 18 6,300); nothing planned, so no "do nothing" remedy."""
    case = tmp_path / "case.toml"
    case.write_text(
        'tax_year = 2026\nfiling_status = "single"\n'
        '[taxpayer]\nname = "Pat"\ndate_of_birth = "1980-05-05"\n'
        '[taxpayer.ira]\nnondeductible_contributions = 7000\nyear_end_value = 63000\n'
        '[[forms_1099r]]\nbox_1 = 7000\nbox_2a = 7000\nbox_2b_taxable_not_determined = true\n'
        'box_7 = "2"\nira_sep_simple = true\n'
        '[forms_1099r.disposition]\nconverted_to_roth_ira = 7000\n', encoding="utf-8")
    data = run_json(capsys, str(case))
    assert data["f8606"]["taxpayer"]["line_10"] == 0.1
    assert data["f1040"]["line_4b"] == 6300
    assert {r["id"] for r in data["remedies"]} == {"roll_to_plan", "convert_all"}
    # A further 7,000 planned on top (the year-end value is after the planned moves):
    # line 8 14,000; line 9 63,000 + 14,000 = 77,000; line 10 7,000 / 77,000 = 0.09091;
    # line 11 14,000 x 0.09091 = 1,272.74 -> 1,273.
    data = run_json(capsys, str(case), "--convert", "7000")
    lines = data["f8606"]["taxpayer"]
    assert (lines["line_8"], lines["line_9"], lines["line_10"], lines["line_11"]) == (
        14000, 77000, 0.09091, 1273)
    assert remedy(data, "do_nothing")["f8606"]["taxpayer"]["line_8"] == 7000


def test_case_file_refuses_the_options_it_holds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.toml"
    case.write_text('tax_year = 2026\nfiling_status = "single"\n'
                    '[taxpayer]\nname = "Pat"\ndate_of_birth = "1980-05-05"\n',
                    encoding="utf-8")
    code, _out, err = run(capsys, str(case), "--year-end-value", "5")
    assert code == 1 and err.startswith("error: --year-end-value: give it in the case file")


def test_worksheet_1_1_case_is_refused_by_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.toml"
    case.write_text(
        'tax_year = 2026\nfiling_status = "single"\n'
        '[taxpayer]\nname = "Pat"\ndate_of_birth = "1980-05-05"\n'
        '[taxpayer.ira]\nnondeductible_contributions = 3000\ndeductible_contributions = 4000\n'
        'year_end_value = 63000\n', encoding="utf-8")
    code, _out, err = run(capsys, str(case), "--convert", "7000")
    assert code == 1
    assert "Worksheet 1-1" in err and err.startswith("error: taxpayer: ")
    assert "Traceback" not in err


@pytest.mark.parametrize(("tax_year", "due"), [
    # Pub. 590-A for each year: "contributions for 2017 must be made by April 17, 2018"
    # (April 15 a Sunday, Emancipation Day Monday April 16); 2021 by April 18, 2022 (April
    # 15 a Friday on which Emancipation Day, a Saturday, was observed); 2022 by April 18,
    # 2023 (Saturday April 15, Emancipation Day observed Monday April 17); 2024 by April
    # 15, 2025; 2026 by April 15, 2027 (a Thursday).
    (2017, date(2018, 4, 17)), (2021, date(2022, 4, 18)), (2022, date(2023, 4, 18)),
    (2024, date(2025, 4, 15)), (2026, date(2027, 4, 15)),
])
def test_contribution_deadline(tax_year: int, due: date) -> None:
    assert contribution_deadline(tax_year) == due


def _unfold(raw: bytes) -> list[str]:
    text = raw.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    return text.replace("\r\n ", "").split("\r\n")


def test_calendar_file_parses_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The .ics holds the dates: December 31, April 15 next year, and the end of this
    conversion's 5-year window (December 31 of 2026 + 4, IRC 408A(d)(3)(F)) and of a
    2023 conversion's from the case's Roth history."""
    case = tmp_path / "case.toml"
    case.write_text(
        'tax_year = 2026\nfiling_status = "single"\n'
        '[taxpayer]\nname = "Pat"\ndate_of_birth = "1980-05-05"\n'
        '[taxpayer.ira]\nnondeductible_contributions = 7000\nyear_end_value = 0\n'
        '[[taxpayer.roth.layers]]\nyear = 2023\ntaxable = 5000\n'
        '[[taxpayer.roth.layers]]\nyear = 2020\ntaxable = 5000\n', encoding="utf-8")
    target = tmp_path / "dates.ics"
    code, _out, err = run(capsys, str(case), "--convert", "7000", "--calendar", str(target))
    assert code == 0, err
    lines = _unfold(target.read_bytes())
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    events: list[dict[str, str]] = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and ":" in line and not line.startswith("END:"):
            name, _sep, value = line.partition(":")
            events[-1][name] = value
    starts = [e["DTSTART;VALUE=DATE"] for e in events]
    # The 2020 window ended December 31, 2024: not listed.
    assert starts == ["20261231", "20270415", "20271231", "20301231"]
    assert all(e["UID"].endswith("@formhelper") and e["DTSTAMP"].endswith("Z") for e in events)
    assert "IRA contributions for 2026" in events[1]["SUMMARY"]
    assert "\\," in events[0]["DESCRIPTION"]  # commas escaped (RFC 5545 3.3.11)
    # The same run again, later: the same events, so the file (and its DTSTAMP) stays
    # as it is and no --force is needed.
    before = target.read_bytes()
    target.write_bytes(before.replace(events[0]["DTSTAMP"].encode(), b"20200101T000000Z"))
    stamped = target.read_bytes()
    code, _out, err = run(capsys, str(case), "--convert", "7000", "--calendar", str(target))
    assert code == 0, err
    assert target.read_bytes() == stamped
    # Other events (no conversion this time): not overwritten without --force.
    code, _out, err = run(capsys, str(case), "--calendar", str(target))
    assert code == 1 and err.startswith("error: --calendar ")
    code, _out, err = run(capsys, str(case), "--calendar", str(target), "--force")
    assert code == 0, err


@pytest.mark.parametrize(("args", "message"), [
    (("--year", "2026", "--convert", "-5"), "error: --convert: must not be negative"),
    (("--year", "2026", "--convert", "abc"), "error: --convert: 'abc' is not an amount"),
    (("--year", "2026", "--convert", "nan"), "error: --convert: 'nan' is not an amount"),
    (("--year", "2026", "--convert", "1e400"), "error: --convert: must be less than"),
    (("--year", "2026", "--basis", "10.001"), "error: --basis: at most 2 decimal places"),
    (("--year", str(UNSUPPORTED), "--convert", "1"),
     f"error: --year: {UNSUPPORTED} is not supported"),
    (("--year", "20x6", "--convert", "1"), "error: --year: '20x6' is not a year"),
    (("--convert", "1",), "error: --year: give the tax year"),
    (("--year", "2026",), "error: --year-end-value: describe the year"),
    (("--year", "2026", "--year-end-value", "100", "--sep-value", "200"),
     "error: --sep-value: --sep-value add up to more than --year-end-value"),
    (("--year", "2026", "--contribution", "100", "--contribution-next-year", "200"),
     "error: --contribution-next-year: more than --contribution"),
    (("--year", "2026", "--date-of-birth", "2030-01-01"),
     "error: --date-of-birth: is after the end of the tax year"),
    (("--year", "2026", "--spouse-date-of-birth", "1-2-3"),
     "error: --spouse-date-of-birth: '1-2-3' is not a date"),
    (("--year", "2026", "--convert", "１２３"), "error: --convert: '１２３' is not an amount"),
])
def test_bad_options_are_named(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                               message: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 1 and out == ""
    assert err.startswith(message), err


def test_basis_record_gives_basis_and_windows(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Last year's record: line 14 of 2025 (7,000) is this year's line 2; its 2024
    conversion's window ends December 31, 2028."""
    record = {
        "format": "formhelper-basis-record", "version": 1, "tax_year": 2025,
        "for_tax_year": 2026, "filing_status": "single",
        "people": [{"owner": "taxpayer", "name": "Pat", "date_of_birth": "1980-05-05",
                    "traditional_ira_basis": 7000,
                    "roth_layers": [{"year": 2024, "taxable": 100, "window_ends": "2028-12-31"}]}],
    }
    path = tmp_path / "basis-2025.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    data = run_json(capsys, "--year", "2026", "--convert", "7000", "--year-end-value", "0",
                    "--basis-record", str(path))
    assert data["f8606"]["taxpayer"]["line_2"] == 7000
    assert data["f8606"]["taxpayer"]["line_18"] == 0
    assert "2028-12-31" in [d["date"] for d in data["dates"]]
    assert data["notes"] == []  # the date of birth came from the record
    code, _out, err = run(capsys, "--year", "2025", "--convert", "1",
                          "--basis-record", str(path))
    assert code == 1 and err.startswith("error: --basis-record: ")


def test_projection_uses_compute_return() -> None:
    """The app result is the same :class:`ReturnResult` shape compute prints, and the
    scenarios are distinct projections."""
    done = from_options(2026, FilingStatus.SINGLE,
                        PersonOptions(contribution=D(7000), convert=D(7000),
                                      year_end_value=D(63000), basis=D(0)), None)
    planned: Scenario = done.precheck.planned
    assert planned.result.f8606[Owner.TAXPAYER].line_10 == D("0.10000")
    assert [r.id for r in done.precheck.remedies] == ["roll_to_plan", "convert_all",
                                                      "do_nothing"]


def test_conversion_without_basis_has_no_remedies(capsys: pytest.CaptureFixture[str]) -> None:
    """No basis at all: no Part I (Form 8606 Part I is for people with basis), the
    conversion is taxable in full on line 18 (line 16 20,000, line 17 0) whatever the
    year-end value; nothing to remedy."""
    data = run_json(capsys, "--year", "2026", "--basis", "0", "--convert", "20000",
                    "--year-end-value", "50000")
    assert data["f8606"]["taxpayer"] == {"line_16": 20000, "line_17": 0, "line_18": 20000}
    assert data["f1040"]["line_4b"] == 20000
    assert data["remedies"] == []
    assert [s["id"] for s in data["spoilers"]] == []


def test_case_file_with_a_401k_rolled_into_an_ira(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Today's balances from a case; the 40,000 rolled in from a 401(k) this year is named
    with its cost (as in the option test above: 933 of the 6,300)."""
    case = tmp_path / "case.toml"
    case.write_text(
        'tax_year = 2026\nfiling_status = "single"\n'
        '[taxpayer]\nname = "Pat"\ndate_of_birth = "1980-05-05"\n'
        '[taxpayer.ira]\nnondeductible_contributions = 7000\nyear_end_value = 63000\n',
        encoding="utf-8")
    data = run_json(capsys, str(case), "--convert", "7000", "--rolled-in", "40000",
                    "--sep-value", "23000")
    assert data["f8606"]["taxpayer"]["line_18"] == 6300
    assert spoiler(data, "rolled_in")["cost"] == 933
    code, _out, err = run(capsys, str(case), "--convert", "7000", "--rolled-in", "70000")
    assert code == 1 and err.startswith("error: taxpayer: the SEP, SIMPLE and rolled-in")


def test_spouse_remedies_are_the_spouse_s(capsys: pytest.CaptureFixture[str]) -> None:
    """Your spouse's backdoor with 63,000 in a SIMPLE IRA: 0.10000 and 6,300 on your
    spouse's Form 8606 (the example's figures); the remedies move only your spouse's
    money, and the SIMPLE IRA's 2-year rule is named (Pub. 590-A)."""
    data = run_json(capsys, "--year", "2026", "--basis", "0", "--spouse-basis", "0",
                    "--spouse-contribution", "7000", "--spouse-convert", "7000",
                    "--spouse-year-end-value", "63000", "--spouse-simple-value", "63000")
    assert data["f8606"]["spouse"]["line_10"] == 0.1
    assert data["f1040"]["line_4b"] == 6300
    roll = remedy(data, "roll_to_plan", "spouse")
    assert roll["title"] == "Your spouse: Roll pre-tax IRA money to a plan"
    assert roll["moves"] == [{"kind": "roll_to_plan", "owner": "spouse", "amount": 63000}]
    assert roll["f1040"]["line_4b"] == 0
    assert any("first 2 years" in n["text"] for n in roll["notes"])
    assert spoiler(data, "simple", "spouse")["cost"] == 6300
    assert not [r for r in data["remedies"] if r["owner"] == "taxpayer"]


def test_roll_to_plan_with_a_distribution_taken_this_year(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Basis 10,000; 5,000 taken in cash this year (Form 1099-R code 7); 10,000 to
    convert; 85,000 expected on December 31.  What is not rolled over (the 5,000 and the
    10,000 converted) is at least the 10,000 basis, so all 85,000 can go into the plan
    (Pub. 590-A).  Then line 6 0, line 7 5,000, line 8 10,000, line 9 15,000, line 10
    10,000 / 15,000 = 0.66667, line 11 6,666.70 -> 6,667, line 12 3,333.35 -> 3,333,
    line 13 10,000, line 15c 1,667, line 18 3,333; Form 1040 line 4b 5,000."""
    case = tmp_path / "case.toml"
    case.write_text(
        'tax_year = 2026\nfiling_status = "single"\n'
        '[taxpayer]\nname = "Pat"\ndate_of_birth = "1960-05-05"\n'
        '[taxpayer.ira]\nprior_basis = 10000\nyear_end_value = 85000\n'
        '[[forms_1099r]]\nbox_1 = 5000\nbox_2a = 5000\nbox_2b_taxable_not_determined = true\n'
        'box_7 = "7"\nira_sep_simple = true\n', encoding="utf-8")
    data = run_json(capsys, str(case), "--convert", "10000")
    roll = remedy(data, "roll_to_plan")
    assert roll["moves"] == [{"kind": "roll_to_plan", "owner": "taxpayer", "amount": 85000}]
    lines = roll["f8606"]["taxpayer"]
    assert (lines["line_6"], lines["line_7"], lines["line_8"], lines["line_9"]) == (
        0, 5000, 10000, 15000)
    assert (lines["line_10"], lines["line_11"], lines["line_12"]) == (0.66667, 6667, 3333)
    assert (lines["line_15c"], lines["line_18"]) == (1667, 3333)
    assert roll["f1040"]["line_4b"] == 5000
