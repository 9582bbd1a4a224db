"""``formhelper basis rebuild`` (issue 21): the basis chain year by year, the years that
needed a Form 8606 never filed, and the late-filing packet.

Every figure below is worked by hand in the test from the Form 8606 line texts (Part I
lines 1-15c, Part II lines 16-18, "Divide line 5 by line 9 ... rounded to at least 3
places", formhelper keeps 5) and the Total Basis Chart of the Instructions for Form 8606
(line 2 = line 14 of the last Form 8606 filed).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from formhelper.app.rebuild import from_cases, from_history, packet
from formhelper.calc.rebuild import History, HistoryYear, Identity, gaps, rebuild
from formhelper.cli import main
from formhelper.files.casefile import CaseFileError, parse_case
from formhelper.files.history import load_history, parse_history
from formhelper.pdf.fill import read_values
from pdfsupport import blank_path, forms_root

D = Decimal


def _issue_history() -> History:
    """The issue's chain: 2020 and 2021 nondeductible contributions of 6,000 with no
    Form 8606; a 2022 conversion of 12,500 (the 12,000 plus 500 of earnings), nothing
    left on December 31, 2022; the 2022 return reported all 12,500 as taxable."""
    return History(years=(
        HistoryYear(year=2020, nondeductible_contributions=D(6000)),
        HistoryYear(year=2021, nondeductible_contributions=D(6000)),
        HistoryYear(year=2022, conversions=D(12500), year_end_value=D(0),
                    form_8606_filed=True, taxable_reported=D(12500)),
    ))


def test_the_issue_chain_worked_by_hand() -> None:
    y20, y21, y22 = rebuild(_issue_history())
    # 2020: line 1 6,000; line 2 0; line 3 6,000; no distribution or conversion, so
    # "Enter the amount from line 3 on line 14": 6,000.
    assert (y20.lines.line_1, y20.lines.line_2, y20.lines.line_3, y20.lines.line_14) == (
        6000, 0, 6000, 6000)
    assert y20.lines.line_6 is None and y20.needed and y20.missing
    # 2021: line 2 = 2020 line 14 = 6,000; line 3 = 12,000 = line 14.
    assert (y21.lines.line_1, y21.lines.line_2, y21.lines.line_3, y21.lines.line_14) == (
        6000, 6000, 12000, 12000)
    assert y21.missing
    # 2022: line 2 = 12,000 (rebuilt basis); line 5 = 12,000; line 6 = 0; line 8 = 12,500;
    # line 9 = 12,500; line 10 = 12,000 / 12,500 = 0.96; line 11 = 12,500 x 0.96 = 12,000;
    # line 13 = 12,000; line 14 = 12,000 - 12,000 = 0; Part II: 16 = 12,500, 17 = 12,000,
    # 18 = 500 taxable instead of the 12,500 reported.
    lines = y22.lines
    assert lines.line_2 == 12000 and lines.line_5 == 12000 and lines.line_9 == 12500
    assert lines.line_10 == D("0.96")
    assert (lines.line_11, lines.line_13, lines.line_14) == (12000, 12000, 0)
    assert (lines.line_16, lines.line_17, lines.line_18) == (12500, 12000, 500)
    assert y22.taxable == 500 and y22.gross == 12500
    assert y22.taxable_change == -12000 and y22.amend and not y22.missing


def test_a_second_chain_with_next_year_contributions_distributions_and_a_gap() -> None:
    """2019: 5,000 for 2019 made on February 10, 2020 (line 4), a 2,000 distribution and
    20,000 on December 31; 2020: 6,000 made in 2020, a 4,000 distribution, 30,000 on
    December 31, 4,000 reported as taxable; 2021 not given; 2022: a 10,000 conversion,
    25,000 on December 31, Form 8606 filed showing all 10,000 taxable."""
    history = History(years=(
        HistoryYear(year=2022, conversions=D(10000), year_end_value=D(25000),
                    form_8606_filed=True, taxable_reported=D(10000)),
        HistoryYear(year=2019, contributions=({"amount": D(5000), "made": "2020-02-10"},),
                    distributions=D(2000), year_end_value=D(20000)),
        HistoryYear(year=2020, nondeductible_contributions=D(6000), distributions=D(4000),
                    year_end_value=D(30000), taxable_reported=D(4000)),
    ))
    y19, y20, y22 = rebuild(history)
    # 2019: line 3 = 5,000; line 4 = 5,000 (made in 2020: "Enter those contributions
    # included on line 1 that were made from January 1 ... through April 15" of the next
    # year); line 5 = 0; line 9 = 20,000 + 2,000 = 22,000; line 10 = 0; line 12 = 0;
    # line 14 = line 3 - line 13 = 5,000; line 15c = 2,000 - 0 = 2,000.
    assert (y19.lines.line_3, y19.lines.line_4, y19.lines.line_5) == (5000, 5000, 0)
    assert (y19.lines.line_9, y19.lines.line_10, y19.lines.line_12) == (22000, 0, 0)
    assert (y19.lines.line_14, y19.lines.line_15c) == (5000, 2000)
    assert y19.missing and y19.taxable_change is None
    # 2020: line 2 = 5,000; line 3 = 11,000 = line 5; line 9 = 30,000 + 4,000 = 34,000;
    # line 10 = 11,000 / 34,000 = 0.3235294 -> 0.32353; line 12 = 4,000 x 0.32353 =
    # 1,294.12 -> 1,294; line 14 = 11,000 - 1,294 = 9,706; line 15c = 4,000 - 1,294 = 2,706.
    assert (y20.lines.line_2, y20.lines.line_5, y20.lines.line_9) == (5000, 11000, 34000)
    assert y20.lines.line_10 == D("0.32353")
    assert (y20.lines.line_12, y20.lines.line_14, y20.lines.line_15c) == (1294, 9706, 2706)
    assert y20.missing and y20.amend and y20.taxable_change == -1294
    # 2021 is a gap: the basis carries unchanged. 2022: line 2 = 9,706; line 9 = 25,000 +
    # 10,000 = 35,000; line 10 = 9,706 / 35,000 = 0.2773143 -> 0.27731; line 11 = 10,000 x
    # 0.27731 = 2,773.10 -> 2,773; line 14 = 9,706 - 2,773 = 6,933; line 18 = 10,000 -
    # 2,773 = 7,227.
    assert gaps((y19, y20, y22)) == [2021]
    assert (y22.lines.line_2, y22.lines.line_9, y22.lines.line_10) == (9706, 35000,
                                                                        D("0.27731"))
    assert (y22.lines.line_11, y22.lines.line_14, y22.lines.line_18) == (2773, 6933, 7227)
    assert not y22.missing and y22.amend and y22.taxable_change == -2773
    chain = from_history(history, Identity(name="Pat Roe"))
    assert [y.year for y in chain.to_file] == [2019, 2020, 2022]
    assert chain.basis_after == 6933


def test_a_year_with_nothing_to_report_needs_no_form() -> None:
    chain = rebuild(History(starting_basis=D(3000), years=(HistoryYear(year=2021),)))
    assert not chain[0].needed and chain[0].lines.basis_carried == 3000


def test_history_input_is_checked() -> None:
    with pytest.raises(ValueError, match="cannot be for 2020"):
        HistoryYear(year=2020, contributions=({"amount": D(6000), "made": "2022-01-05"},))
    with pytest.raises(ValueError, match="line 4 is part of line 1"):
        HistoryYear(year=2020, nondeductible_contributions=D(100),
                    contributions_made_next_year=D(200))
    with pytest.raises(CaseFileError) as caught:
        parse_history({"ssn": "12", "years": [{"year": 2020, "conversions": -5}]}, "h.toml")
    assert any("ssn" in p for p in caught.value.problems)
    assert any("conversions: must not be negative" in p for p in caught.value.problems)
    with pytest.raises(CaseFileError, match="more than once"):
        parse_history({"years": [{"year": 2020}, {"year": 2020}]}, "h.toml")


HISTORY_TOML = """\
name = "Alex Doe"
ssn = "400-00-1234"
home_address = "12 Main St"
city_state_zip = "Springfield, IL 62701"

[[years]]
year = 2020
contributions = [{ amount = 6000, made = 2021-03-01 }]

[[years]]
year = 2021
nondeductible_contributions = 6000

[[years]]
year = 2022
conversions = 12500
form_8606_filed = true
taxable_reported = 12500
"""


def test_rebuild_command_writes_the_packet(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "history.toml"
    src.write_text(HISTORY_TOML)
    assert main(["basis", "rebuild", str(src)]) == 0
    printed = capsys.readouterr().out
    assert "| 2022 | 0 | 12,000 |" in printed and "0.96000" in printed
    assert "2022: taxable amount $500 with the rebuilt basis, $12,500 reported" in printed
    out = tmp_path / "packet"
    assert main(["basis", "rebuild", str(src), "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["2020-how-to-file.md", "2020-reasonable-cause.txt",
                     "2021-how-to-file.md", "2021-reasonable-cause.txt",
                     "2022-how-to-file.md", "basis-chain.md"]
    filing = (out / "2020-how-to-file.md").read_text()
    assert "## Filing it by itself" in filing and "When and Where To File" in filing
    assert "Sign Here Only if You Are Filing This Form by Itself" in filing
    assert "formhelper forms fetch 2020" in filing  # no 2020 blank: its lines instead
    amend = (out / "2022-how-to-file.md").read_text()
    assert "Form 1040-X" in amend and "from $12,500 to $500" in amend
    assert "no statement is drafted" in amend  # line 1 is 0: no $50 penalty
    statement = (out / "2020-reasonable-cause.txt").read_text()
    assert "$6,000" in statement and "6693(b)(2)" in statement and "400-00-1234" in statement
    assert (out / "2020-reasonable-cause.txt").stat().st_mode & 0o077 == 0


def _case(year: int, **ira: object) -> dict[str, object]:
    return {"tax_year": year, "filing_status": "single",
            "taxpayer": {"name": "Alex Doe", "date_of_birth": "1985-04-02",
                         "ira": {"year_end_value": 0, **ira}},
            "forms_1099r": []}


def test_case_files_give_the_same_chain_through_the_whole_return() -> None:
    conversion = {"payer": "Broker", "box_1": 12500, "box_2a": 12500,
                  "box_2b_taxable_not_determined": True, "box_7": "2", "ira_sep_simple": True,
                  "disposition": {"converted_to_roth_ira": 12500}}
    cases = [parse_case(_case(2020, nondeductible_contributions=6000)),
             parse_case(_case(2021, nondeductible_contributions=6000)),
             parse_case({**_case(2022), "forms_1099r": [conversion]})]
    (chain,) = from_cases(cases[::-1], filed=[2022], reported={2022: D(12500)})
    by_hand = rebuild(_issue_history())
    assert [y.lines.lines() for y in chain.years] == [y.lines.lines() for y in by_hand]
    assert [y.year for y in chain.to_file] == [2020, 2021, 2022]
    # The 2022 case file said line 2 was 0 (no basis on record): noted.
    assert chain.notes == ("2021: the case file gives Form 8606 line 2 as 0; the rebuilt "
                           "basis carried from 2020 is 6,000",
                           "2022: the case file gives Form 8606 line 2 as 0; the rebuilt "
                           "basis carried from 2021 is 12,000")


def test_2023_form_filled_line_by_line(tmp_path: Path) -> None:
    """A 2023 backdoor Roth with the contribution never reported: 6,500 nondeductible,
    converted when worth 6,520, nothing left on December 31, 2023.  Line 10 = 6,500 /
    6,520 = 0.9969325 -> 0.99693; line 11 = 6,520 x 0.99693 = 6,499.98 -> 6,500; line 14
    = 0; line 18 = 6,520 - 6,500 = 20.  Each value is read back from the filled 2023 PDF
    by the field the 2023 map names (tests/test_field_maps.py proves those fields sit on
    their printed lines)."""
    blank_path(2023, "f8606")
    history = History(years=(HistoryYear(year=2023, nondeductible_contributions=D(6500),
                                         conversions=D(6520)),))
    chain = from_history(history, Identity(name="Alex Doe", ssn="400-00-1234",
                                           home_address="12 Main St",
                                           city_state_zip="Springfield, IL 62701"))
    made = packet(chain, forms_root())
    pdf = next(o for o in made.outputs if o.name == "2023-f8606.pdf")
    values = read_values(pdf.data)
    page1, page2 = "topmostSubform[0].Page1[0].", "topmostSubform[0].Page2[0]."
    expected = {
        page1 + "f1_1[0]": "Alex Doe", page1 + "f1_2[0]": "400-00-1234",
        page1 + "f1_3[0]": "12 Main St", page1 + "f1_5[0]": "Springfield, IL 62701",
        page1 + "f1_9[0]": "6,500",    # line 1
        page1 + "f1_10[0]": "0",       # line 2
        page1 + "f1_11[0]": "6,500",   # line 3
        page1 + "f1_12[0]": "0",       # line 4
        page1 + "f1_13[0]": "6,500",   # line 5
        page1 + "f1_14[0]": "0",       # line 6
        page1 + "f1_15[0]": "0",       # line 7
        page1 + "f1_16[0]": "6,520",   # line 8
        page1 + "f1_17[0]": "6,520",   # line 9
        page1 + "f1_18[0]": "0",       # line 10, integer part
        page1 + "f1_19[0]": "99693",   # line 10, decimals
        page1 + "f1_20[0]": "6,500",   # line 11
        page1 + "f1_21[0]": "0",       # line 12
        page1 + "f1_22[0]": "6,500",   # line 13
        page1 + "f1_23[0]": "0",       # line 14
        page1 + "f1_24[0]": "0",       # line 15a
        page1 + "f1_26[0]": "0",       # line 15c
        page2 + "f2_1[0]": "6,520",    # line 16
        page2 + "f2_2[0]": "6,500",    # line 17
        page2 + "f2_3[0]": "20",       # line 18
    }
    assert {k: v for k, v in values.items() if v and v != "/Off"} == expected
    assert made.notes == []


def test_a_year_without_a_map_says_the_blank_is_needed() -> None:
    chain = from_history(_issue_history(), Identity())
    made = packet(chain)
    assert [n.split(":")[0] for n in made.notes] == [
        "2020-f8606.pdf not written", "2021-f8606.pdf not written",
        "2022-f8606.pdf not written"]
    assert "formhelper forms fetch 2021" in made.notes[1]


def test_history_file_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "h.toml"
    src.write_text(HISTORY_TOML)
    history, identity = load_history(src)
    assert identity.city_state_zip == "Springfield, IL 62701"
    assert history.years[0].line_4 == 6000  # made March 1, 2021: Form 8606 line 4


def test_show_missing_8606_points_to_rebuild(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "c.toml"
    case.write_text('tax_year = 2022\nfiling_status = "single"\n[taxpayer]\nname = "A B"\n'
                    "date_of_birth = 1985-04-02\n")
    assert main(["basis", "show", str(case), "--missing-8606", "2020", "6000"]) == 0
    assert "formhelper basis rebuild HISTORY -o DIR" in capsys.readouterr().out
