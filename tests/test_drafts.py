"""Wizard drafts and session, without Textual: typed text in, the CLI's problems out."""

from __future__ import annotations

import stat
from decimal import Decimal
from pathlib import Path

import pytest

from formhelper.files import drafts, saving
from formhelper.files.drafts import Draft, DraftError
from formhelper.money import amount_text, typed_amount
from formhelper.tui.session import Session, step_of
from support import SAMPLES, sample


def test_paths() -> None:
    data: dict[str, object] = {"forms_1099r": [{}]}
    drafts.put(data, "forms_1099r[0].disposition.qcd", "5")
    drafts.put(data, "taxpayer.roth.layers", [])
    assert drafts.get(data, "forms_1099r[0].disposition.qcd") == "5"
    assert drafts.get(data, "forms_1099r[3].box_1", None) is None
    assert drafts.split_path("spouse.roth.layers[2].year") == ["spouse", "roth", "layers", 2,
                                                               "year"]


@pytest.mark.parametrize(("typed", "clean"), [
    ("$1,234.50", "1234.50"), (" 7,000 ", "7000"), ("-3", "-3"), ("12a", "12a"), ("$ 5", "5"),
])
def test_amount_text(typed: str, clean: str) -> None:
    assert amount_text(typed) == clean


def test_typed_amount() -> None:
    assert typed_amount("$1,234.50") == Decimal("1234.50")
    assert typed_amount("NaN") is None and typed_amount("12a") is None
    assert typed_amount("Infinity") is None


@pytest.mark.parametrize("typed", ["１２３", "١٢٣", "$１,２３４.５０", "1,２34", "۱۲۳", "१२३"])
def test_typed_amount_is_ascii_digits_only(typed: str) -> None:
    """``Decimal`` reads any script's digits; an amount on a form is 0-9."""
    assert typed_amount(typed) is None
    assert amount_text(typed) == typed.strip()  # left for the caller to refuse
    assert typed_amount(f" {typed} ") is None


def test_wizard_amount_in_fullwidth_digits_is_not_an_amount() -> None:
    data = drafts.typed({"tax_year": 2025, "filing_status": "single",
                         "taxpayer": {"name": "A", "date_of_birth": "1970-01-01",
                                      "ira": {"prior_basis": "١٢٣"}},
                         "forms_1099r": [{"box_1": "１２３", "box_7": "7"}]})
    checked = drafts.check(data)
    assert checked.case is None
    not_an_amount = ["not an amount (write digits, like 1234.56)"]
    assert checked.problems == {"forms_1099r[0].box_1": not_an_amount,
                                "taxpayer.ira.prior_basis": not_an_amount}
    # The same typed in ASCII digits is read.
    drafts.put(data, "forms_1099r[0].box_1", "$123")
    drafts.put(data, "taxpayer.ira.prior_basis", "123")
    assert drafts.check(data).case is not None


def test_case_data_keeps_text_fields_as_typed() -> None:
    data = {"taxpayer": {"name": "Roe, Jane", "ira": {"prior_basis": "$2,000", "x": ""}}}
    assert drafts.case_data(data) == {"taxpayer": {"name": "Roe, Jane",
                                                   "ira": {"prior_basis": "2000"}}}


def test_check_gives_the_command_line_problems_by_field() -> None:
    data = drafts.typed({"tax_year": 2025, "filing_status": "single",
                         "taxpayer": {"name": "A", "date_of_birth": "1970-01-01"},
                         "forms_1099r": [{"box_1": "100", "box_2a": "200", "box_7": "7"}]})
    checked = drafts.check(data)
    assert checked.case is None
    assert checked.problems == {"forms_1099r[0].box_2a": ["larger than box 1 (100)"]}


def test_sample_round_trips_through_a_draft(tmp_path: Path) -> None:
    draft = drafts.from_case_file(SAMPLES / "married-both-convert-2025.toml")
    assert draft.path.name == "married-both-convert-2025.toml.draft.json"
    checked = drafts.check(draft.case)
    assert checked.case == sample("married-both-convert-2025")
    target = tmp_path / "saved.toml"
    assert checked.case is not None
    saving.save_case_file(checked.case, target)
    assert drafts.from_case_file(target).case is not None
    assert drafts.check(drafts.from_case_file(target).case).case == checked.case


def test_save_is_private_and_loads_back(tmp_path: Path) -> None:
    draft = Draft(path=tmp_path / "d" / "x.json", case={"taxpayer": {"ssn": "123-45-6789"}},
                  step="money", form_index=2, focus="taxpayer.ssn")
    draft.save()
    assert stat.S_IMODE(draft.path.stat().st_mode) == 0o600
    again = drafts.load(draft.path)
    assert (again.case, again.step, again.form_index, again.focus) == (
        draft.case, "money", 2, "taxpayer.ssn")


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b'{"format": "other"}',
                                     b'{"format": "formhelper-draft", "case": 3}', b"\xff\xfe"])
def test_bad_draft_names_the_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(DraftError, match=r"bad\.json"):
        drafts.load(path)
    assert drafts.list_drafts(tmp_path) == []


def test_save_case_file_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "case.toml"
    target.write_text("# my notes\n")
    case = sample("backdoor-roth-2025")
    assert saving.case_file_differs(case, target)  # the wizard asks before this
    lines = saving.save_case_file(case, target)
    assert (tmp_path / "case.toml.bak").read_text() == "# my notes\n"
    assert f"kept      {tmp_path / 'case.toml.bak'}  (the case file it replaced)" in lines
    # A second replacement keeps the first backup too.
    target.write_text("# other notes\n")
    lines = saving.save_case_file(case, target)
    assert (tmp_path / "case.toml.bak").read_text() == "# my notes\n"
    assert (tmp_path / "case.toml.bak-2").read_text() == "# other notes\n"
    assert any("case.toml.bak-2" in line for line in lines)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # holds an SSN
    assert drafts.check(drafts.from_case_file(target).case).case == case


@pytest.mark.parametrize("typed", ["1975-03-14", "03/14/1975", "3/14/1975", "March 14, 1975",
                                   "march 14 1975", "Mar 14, 1975", "Mar. 14, 1975"])
def test_dates_as_people_write_them(typed: str) -> None:
    assert drafts.typed_date(typed) == "1975-03-14"
    checked = drafts.check({"tax_year": "2025", "filing_status": "single",
                            "taxpayer": {"name": "D", "date_of_birth": typed}})
    assert checked.case is not None and checked.case.taxpayer.date_of_birth.isoformat() == \
        "1975-03-14"


@pytest.mark.parametrize("typed", ["14/03/1975", "3/14/75", "1975", "yesterday"])
def test_not_a_date_says_how_to_write_one(typed: str) -> None:
    assert drafts.typed_date(typed) is None
    checked = drafts.check({"tax_year": "2025", "filing_status": "single",
                            "taxpayer": {"name": "D", "date_of_birth": typed}})
    assert checked.problems["taxpayer.date_of_birth"] == [drafts.DATE_HINT]


@pytest.mark.parametrize(("path", "where"), [
    ("forms_1099r[2].box_7", ("forms", 2)),
    ("forms_1099r[0].disposition.qcd", ("money", 0)),
    ("taxpayer.ira.year_end_value", ("year_end", None)),
    ("spouse.ira.prior_basis", ("basis", None)),
    ("taxpayer.roth.layers[0].year", ("roth", None)),
    ("taxpayer.ssn", ("people", None)),
    ("filing_status", ("basics", None)),
])
def test_step_of(path: str, where: tuple[str, int | None]) -> None:
    assert step_of(path) == where


def test_session_drops_spouse_facts_the_status_does_not_report(tmp_path: Path) -> None:
    draft = drafts.from_case_file(SAMPLES / "married-both-convert-2025.toml")
    draft.path = tmp_path / "d.json"
    session = Session(draft)
    assert session.computed is not None and "spouse" in session.computed.result.f8606
    session.set("filing_status", "single")
    # The spouse's IRA facts are left out; only the spouse's own Forms 1099-R remain a
    # problem, named at the field to change.
    assert list(session.checked.problems) == ["forms_1099r[1].owner"]
    assert draft.case["spouse"]["name"]  # still in the draft, nothing lost
    session.set("filing_status", "married_filing_jointly")
    assert session.computed is not None and "spouse" in session.computed.result.f8606


def test_save_case_file_leaves_the_same_case_alone(tmp_path: Path) -> None:
    target = tmp_path / "case.toml"
    original = (SAMPLES / "backdoor-roth-2025.toml").read_text()
    target.write_text(original)
    assert not saving.case_file_differs(sample("backdoor-roth-2025"), target)
    assert saving.save_case_file(sample("backdoor-roth-2025"), target)[0].startswith(
        "unchanged")
    assert target.read_text() == original  # comments kept
    assert not (tmp_path / "case.toml.bak").exists()


def test_discard_deletes_only_a_draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORMHELPER_DATA_DIR", str(tmp_path / "data"))
    case = tmp_path / "case.toml"
    case.write_text('tax_year = 2025\n')
    with pytest.raises(drafts.DraftError, match=r"case\.toml: not a formhelper draft"):
        drafts.discard(case)
    assert case.read_text() == "tax_year = 2025\n"
    beside = drafts.draft_path_for(case)
    drafts.Draft(path=beside, case={"tax_year": "2025"}, case_path=case).save()
    assert [i.path for i in drafts.list_drafts()] == [beside.resolve()]
    assert drafts.discard(beside) == f"Deleted the draft {beside.name}; case.toml is kept."
    assert not beside.exists() and case.exists()
    assert drafts.list_drafts() == []
    # It is also gone from the list of drafts kept beside case files.
    listing = tmp_path / "data" / "drafts-beside-case-files.json"
    assert listing.read_text().split() == ["[]"]
