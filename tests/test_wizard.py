"""The wizard, driven key by key with Textual's pilot, from an empty case to the written files.

The expected lines are the samples' (worked in samples/*.toml from the Form 8606
instructions): backdoor Roth 8606 line 18 = 10, 1040 4a 7,010 / 4b 10; pro-rata
conversion line 10 0.20000, line 18 40,000, line 14 10,000, 1040 4a 50,000 / 4b 40,000.
"""

from __future__ import annotations

import json
import os
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, OptionList, Static

from formhelper.files import drafts
from formhelper.files.casefile import load_case
from formhelper.models import Owner
from formhelper.tui.app import make_app
from formhelper.tui.session import TITLES
from formhelper.tui.widgets import FieldBase, dom_id
from pdfsupport import blank_path, forms_root
from support import sample
from wizard_support import choose, next_step, step, tick, type_into

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("FORMHELPER_DATA_DIR", str(folder))
    return folder


def only_draft(data_dir: Path) -> drafts.Draft:
    found = list((data_dir / "drafts").glob("*.json"))
    assert len(found) == 1, found
    return drafts.load(found[0])


async def start_new(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    options = pilot.app.screen.query_one("#drafts", OptionList)
    assert options.get_option_at_index(options.option_count - 1).id == "new"
    options.highlighted = options.option_count - 1
    await pilot.press("enter")
    await pilot.pause()


async def person(pilot, name: str, ssn: str, born: str) -> None:  # type: ignore[no-untyped-def]
    assert step(pilot.app) == "people"
    await type_into(pilot, "taxpayer.name", name)
    await type_into(pilot, "taxpayer.ssn", ssn)
    await type_into(pilot, "taxpayer.date_of_birth", born)
    await next_step(pilot)


async def ira_form(pilot, payer: str, box_1: str, box_7: str) -> None:  # type: ignore[no-untyped-def]
    """Add one IRA Form 1099-R with box 2a = box 1 and 2b 'not determined' checked."""
    assert step(pilot.app) == "forms"
    await pilot.press("a")
    await pilot.pause()
    base = "forms_1099r[0]"
    await type_into(pilot, f"{base}.payer", payer)
    await type_into(pilot, f"{base}.box_1", box_1)
    await type_into(pilot, f"{base}.box_2a", box_1)
    await tick(pilot, f"{base}.box_2b_taxable_not_determined")
    await type_into(pilot, f"{base}.box_7", box_7)
    await tick(pilot, f"{base}.ira_sep_simple")
    notes = str(pilot.app.screen.query_one("#box-7-notes", Static).render())
    assert "Box 7 2: Early distribution, exception applies" in notes
    await next_step(pilot)  # back to the list
    assert type(pilot.app.screen).__name__ == "FormsScreen"
    await next_step(pilot)


async def write_outputs(pilot, out: Path) -> None:  # type: ignore[no-untyped-def]
    assert step(pilot.app) == "output"
    screen = pilot.app.screen
    screen.query_one("#output-dir", Input).value = str(out)
    screen.query_one("#case-file", Input).value = str(out / "case.toml")
    screen.query_one("#forms-dir", Input).value = str(forms_root())
    await pilot.click("#write")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_backdoor_from_empty_case_to_files(tmp_path: Path, data_dir: Path) -> None:
    blank_path(2025, "f8606")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new(pilot)
        assert step(app) == "basics"
        await next_step(pilot)  # 2025, single are the defaults
        await person(pilot, "Alex Backdoor", "400-00-1234", "1988-07-02")
        await ira_form(pilot, "Example Brokerage", "7010", "2")
        assert step(app) == "money"
        await type_into(pilot, "forms_1099r[0].disposition.converted_to_roth_ira", "7,010")
        await next_step(pilot)
        assert step(app) == "basis"
        await type_into(pilot, "taxpayer.ira.nondeductible_contributions", "$7,000")
        await next_step(pilot)
        assert step(app) == "year_end"
        await type_into(pilot, "taxpayer.ira.year_end_value", "0")
        await next_step(pilot)
        # The conversion put money in a Roth IRA: the wizard asks (and does not guess)
        # the first year a Roth IRA was funded; only that, with no Roth distribution.
        assert step(app) == "roth"
        assert [f.path for f in app.screen.query(FieldBase)] == [
            "taxpayer.roth.first_contribution_year"]
        await type_into(pilot, "taxpayer.roth.first_contribution_year", "2025")
        await next_step(pilot)
        assert step(app) == "review"
        assert app.session is not None
        assert app.session.computed is not None, (app.session.checked.problems,
                                                  app.session.draft.case)
        result = app.session.computed.result
        lines = result.f8606[Owner.TAXPAYER]
        assert (lines.line_1, lines.line_11, lines.line_18, lines.line_14) == (
            Decimal(7000), Decimal(7000), Decimal(10), Decimal(0))
        assert (result.f1040.line_4a, result.f1040.line_4b) == (Decimal(7010), Decimal(10))
        table = app.screen.query_one("#lines", DataTable)
        assert ["8606", "18", "Taxable amount of the conversion (to Form 1040 line 4b)",
                "10"] in [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        await next_step(pilot)
        out = tmp_path / "out"
        await write_outputs(pilot, out)
        written = str(app.screen.query_one("#written", Static).render())
        assert written.startswith("Done."), written
    # The case the wizard built is the sample's.
    expected = sample("backdoor-roth-2025").model_dump()
    assert app.session.case is not None
    assert app.session.case.model_dump() == expected
    assert load_case(out / "case.toml").model_dump() == expected
    for name in ("f8606-taxpayer.pdf", "f1040.pdf", "worksheets.pdf", "summary.md",
                 "summary.html", "basis-2025.json", "basis-2025.pdf"):
        assert (out / name).is_file(), name
    assert stat.S_IMODE((out / "f8606-taxpayer.pdf").stat().st_mode) == 0o600
    assert stat.S_IMODE((out / "case.toml").stat().st_mode) == 0o600
    summary = (out / "summary.md").read_text()
    assert "7,010" in summary
    record = json.loads((out / "basis-2025.json").read_text())
    assert record["people"][0]["traditional_ira_basis"] in (0, "0")


async def test_pro_rata_from_empty_case_to_files(tmp_path: Path, data_dir: Path) -> None:
    blank_path(2025, "f8606")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new(pilot)
        await next_step(pilot)
        await person(pilot, "Pat Example", "", "1975-03-14")
        await ira_form(pilot, "Big Brokerage IRA", "50000", "2")
        await type_into(pilot, "forms_1099r[0].disposition.converted_to_roth_ira", "50000")
        await next_step(pilot)
        await type_into(pilot, "taxpayer.ira.prior_basis", "20000")
        await next_step(pilot)
        await type_into(pilot, "taxpayer.ira.year_end_value", "50,000")
        await next_step(pilot)
        assert step(app) == "roth"  # asked; left empty: not known (the record says so)
        await next_step(pilot)
        assert step(app) == "review"
        assert app.session is not None
        assert app.session.computed is not None, app.session.checked.problems
        lines = app.session.computed.result.f8606[Owner.TAXPAYER]
        assert lines.line_10 == Decimal("0.20000")
        assert (lines.line_11, lines.line_18, lines.line_14) == (
            Decimal(10000), Decimal(40000), Decimal(10000))
        f1040 = app.session.computed.result.f1040
        assert (f1040.line_4a, f1040.line_4b) == (Decimal(50000), Decimal(40000))
        await next_step(pilot)
        out = tmp_path / "out"
        await write_outputs(pilot, out)
    assert app.session.case is not None
    assert app.session.case.model_dump() == sample("pro-rata-conversion-2025").model_dump()
    assert (out / "f8606-taxpayer.pdf").is_file()
    record = json.loads((out / "basis-2025.json").read_text())
    assert str(record["people"][0]["traditional_ira_basis"]) == "10000"
    # No SSN in this case: the files are not private.
    assert stat.S_IMODE((out / "case.toml").stat().st_mode) != 0o600


async def test_invalid_input_is_refused_at_the_field(data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new(pilot)
        await next_step(pilot)
        await next_step(pilot)
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, "forms_1099r[0].box_1", "5000")
        await type_into(pilot, "forms_1099r[0].box_2a", "6000")
        field = next(f for f in app.screen.query(FieldBase)
                     if f.path == "forms_1099r[0].box_2a")
        problem = str(field.query_one(".problem", Static).render())
        assert problem == "! larger than box 1 (5000)"
        assert field.has_class("invalid")
        await type_into(pilot, "forms_1099r[0].box_4", "-3")
        box_4 = next(f for f in app.screen.query(FieldBase) if f.path == "forms_1099r[0].box_4")
        assert str(box_4.query_one(".problem", Static).render()) == "! must not be negative"
        await type_into(pilot, "forms_1099r[0].box_3", "12.345")
        box_3 = next(f for f in app.screen.query(FieldBase) if f.path == "forms_1099r[0].box_3")
        assert "at most 2 decimal places" in str(box_3.query_one(".problem", Static).render())
        await type_into(pilot, "forms_1099r[0].box_7", "Y7")
        notes = str(app.screen.query_one("#box-7-notes", Static).render())
        assert "Y is not a Form 1099-R distribution code" not in notes
        assert "Box 7 Y: " in notes
        await type_into(pilot, "forms_1099r[0].box_7", "ZZ9")
        notes = str(app.screen.query_one("#box-7-notes", Static).render())
        assert "box 7 holds 3 codes" in notes
        # No pop-up: the problems are beside the fields, and the typed text is kept.
        assert len(app.screen_stack) == 2
    draft = only_draft(data_dir)
    assert draft.case["forms_1099r"][0]["box_2a"] == "6000"
    assert draft.case["forms_1099r"][0]["box_4"] == "-3"


async def test_quit_and_resume_where_left(data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new(pilot)
        await choose(pilot, "filing_status", "married_filing_jointly")
        await next_step(pilot)
        await type_into(pilot, "spouse.name", "Sam Roe")
        await type_into(pilot, "taxpayer.name", "Jo Roe")
        await pilot.press("ctrl+q")
    draft = only_draft(data_dir)
    assert (draft.step, draft.focus) == ("people", "taxpayer.name")
    assert stat.S_IMODE(draft.path.stat().st_mode) == 0o600
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        options = again.screen.query_one("#drafts", OptionList)
        first = options.get_option_at_index(0)
        assert 'Jo Roe, tax year 2025, at "People"' in str(first.prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert step(again) == "people"
        assert again.screen.query_one(f"#{dom_id('spouse.name')}", Input).value == "Sam Roe"
        assert again.focused is again.screen.query_one(f"#{dom_id('taxpayer.name')}", Input)


async def test_delete_a_draft_from_the_start_screen_asks_first(data_dir: Path,
                                                              tmp_path: Path) -> None:
    """x on a draft asks; No keeps it, Yes deletes it (and only it: the case file
    beside which a draft was kept stays, and is no longer offered)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new(pilot)
        await next_step(pilot)
        await type_into(pilot, "taxpayer.name", "Jo Roe")
        await pilot.press("ctrl+q")
    mine = only_draft(data_dir).path
    case = tmp_path / "case.toml"
    case.write_text((Path(__file__).parent.parent / "samples" / "backdoor-roth-2025.toml")
                    .read_text())
    beside = drafts.draft_path_for(case)
    drafts.Draft(path=beside, case={"tax_year": "2025"}, case_path=case).save()
    assert len(drafts.list_drafts()) == 2
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        options = again.screen.query_one("#drafts", OptionList)
        index = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = index.index(str(mine))
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")  # No
        await pilot.pause()
        assert mine.exists()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not mine.exists()
        assert options.option_count == 2  # the other draft and "Start a new return"
        shown = str(again.screen.query_one("#start-message", Static).render())
        assert f"Deleted the draft {mine.name}." in shown
        options.highlighted = 0
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not beside.exists() and case.exists()
        assert "case.toml is kept" in str(
            again.screen.query_one("#start-message", Static).render())
        options.highlighted = 0  # "Start a new return": nothing to delete
        await pilot.press("x")
        await pilot.pause()
        assert options.option_count == 1
    assert drafts.list_drafts() == []


async def test_case_file_opens_beside_draft(tmp_path: Path) -> None:
    case = tmp_path / "case.toml"
    case.write_text((Path(__file__).parent.parent / "samples" / "pro-rata-conversion-2025.toml")
                    .read_text())
    app = make_app(case)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert step(app) == "review"  # a complete case opens at the review
        await pilot.press("ctrl+b")  # the first Roth IRA year
        await pilot.pause()
        await pilot.press("ctrl+b")  # year-end values
        await pilot.pause()
        await type_into(pilot, "taxpayer.ira.year_end_value", "30000")
    beside = drafts.draft_path_for(case)
    assert drafts.load(beside).case["taxpayer"]["ira"]["year_end_value"] == "30000"
    # The case file itself is untouched until the person saves it.
    assert "year_end_value = 50000" in case.read_text()
    # `formhelper` with no arguments offers this draft too.
    assert [info.path for info in drafts.list_drafts()] == [beside.resolve()]
    assert 'Pat Example, tax year 2025 (case.toml), at "Year-end values"' in \
        drafts.list_drafts(step_titles=TITLES)[0].title
    again = make_app(case)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert step(again) == "year_end"
        assert again.session is not None and again.session.computed is not None
        assert again.session.computed.result.f8606[Owner.TAXPAYER].line_10 == Decimal("0.25000")


async def test_warning_leads_to_its_field(tmp_path: Path) -> None:
    case = tmp_path / "case.toml"
    case.write_text("""tax_year = 2025
filing_status = "single"
[taxpayer]
name = "No Year End"
date_of_birth = 1975-01-01
[taxpayer.ira]
prior_basis = 5000
[[forms_1099r]]
box_1 = 10000
box_2a = 10000
box_7 = "7"
ira_sep_simple = true
disposition = { converted_to_roth_ira = 10000 }
""")
    app = make_app(case)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert step(app) == "review"
        issues = app.screen.query_one("#issues", OptionList)
        ids = [issues.get_option_at_index(i).id or "" for i in range(issues.option_count)]
        index = next(i for i, x in enumerate(ids) if "taxpayer.ira.year_end_value" in x)
        issues.focus()
        issues.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert step(app) == "year_end"
        assert app.focused is app.screen.query_one(
            f"#{dom_id('taxpayer.ira.year_end_value')}", Input)


async def test_roth_step_only_with_a_roth_distribution(data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new(pilot)
        assert app.session is not None
        assert "roth" not in app.session.visible_steps()
        app.session.add_form()
        for key, value in (("box_1", "3000"), ("box_2a", "0"), ("box_7", "J"),
                           ("ira_sep_simple", True)):
            app.session.set(f"forms_1099r[0].{key}", value)
        assert "roth" in app.session.visible_steps()
        app.open_step("roth")
        await pilot.pause()
        await pilot.click("#add-layer-taxpayer")
        await pilot.pause()
        await type_into(pilot, "taxpayer.roth.layers[0].year", "2022")
        await type_into(pilot, "taxpayer.roth.layers[0].taxable", "2500")
    draft = only_draft(data_dir)
    assert draft.case["taxpayer"]["roth"]["layers"] == [
        {"year": "2022", "kind": "conversion", "taxable": "2500", "nontaxable": ""}]


async def test_remove_form_asks_first(data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new(pilot)
        assert app.session is not None
        app.session.add_form()
        app.session.set("forms_1099r[0].payer", "Keep Me")
        app.open_step("forms")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")  # No
        await pilot.pause()
        assert len(app.session.forms) == 1
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.session.forms == []


async def test_palette_reaches_every_step(data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Step 1: Tax year and filing status", "Step 3: Forms 1099-R",
                       "Step 7: Review", "Step 8: Write the paperwork"):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Step 7")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert step(app) == "review"


async def test_buttons_back_and_next(data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new(pilot)
        await pilot.click("#next")
        await pilot.pause()
        assert step(app) == "people"
        await pilot.click("#back")
        await pilot.pause()
        assert step(app) == "basics"
        assert app.screen.query_one("#next", Button).display


def test_no_arguments_without_a_terminal_prints_help() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "formhelper.cli"], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=60,
                          env={**os.environ, "FORMHELPER_DATA_DIR": "/nonexistent"})
    assert done.returncode == 0
    assert "wizard" in done.stdout


async def test_early_distribution_exception_asked_and_reviewed(tmp_path: Path) -> None:
    """samples/early-distribution-5329-2025.toml: taxpayer line 1 12,000, exception 05
    3,000, line 4 900; spouse 500 straight to Schedule 2; line 8 = 1,400 (worked in the
    sample from the Instructions for Form 5329)."""
    case = tmp_path / "case.toml"
    case.write_text((Path(__file__).parent.parent / "samples" /
                     "early-distribution-5329-2025.toml").read_text())
    app = make_app(case)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert step(app) == "review"
        table = app.screen.query_one("#lines", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["Sch 2", "8", "Additional tax on IRAs", "1,400"] in rows
        assert any(r[0].startswith("5329") and r[1] == "4" and r[3] == "900" for r in rows)
        app.open_step("money")
        await pilot.pause()
        number = app.screen.query_one(f"#{dom_id('forms_1099r[0].early_exceptions[0].number')}")
        assert number is not None
        # Drop the claimed exception: the whole 12,000 is taxed (10% = 1,200).
        await pilot.click("#drop-exception-0")
        await pilot.pause()
        assert app.session is not None and app.session.computed is not None
        assert app.session.computed.result.schedule_2.line_8 == Decimal(1700)
        await pilot.click("#add-exception-0")
        await pilot.pause()
        await choose(pilot, "forms_1099r[0].early_exceptions[0].number", "05")
        await type_into(pilot, "forms_1099r[0].early_exceptions[0].amount", "3000")
        assert app.session.computed is not None
        assert app.session.computed.result.schedule_2.line_8 == Decimal(1400)


async def test_review_of_a_2024_return_says_to_write_the_words(tmp_path: Path) -> None:
    """samples/qcd-and-rollover-2024.toml: the 2024 form has no lines 4c/5c, so the
    review shows a second row on line 4b (and on 5b) saying what to write there."""
    case = tmp_path / "case.toml"
    case.write_text((Path(__file__).parent.parent / "samples" /
                     "qcd-and-rollover-2024.toml").read_text())
    app = make_app(case)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert step(app) == "review"
        table = app.screen.query_one("#lines", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["1040", "4b", "IRA distributions, taxable amount", "4,000"] in rows
        # The descriptions are whole (wrapped in the table, not cut).
        qcd = ["1040", "4b", 'Write "QCD" next to line 4b of Form 1040 (not filled by '
               "formhelper: the 2024 form has no box for it)", "QCD"]
        assert qcd in rows
        assert ["1040", "5b", 'Write "Rollover" next to line 5b of Form 1040 (not filled by '
                "formhelper: the 2024 form has no box for it)", "Rollover"] in rows
        assert not any(r[1] in ("4c", "5c") for r in rows)
        table.focus()
        table.move_cursor(row=rows.index(qcd))
        await pilot.pause()
        shown = str(app.screen.query_one("#line-source", Static).render())
        assert " ".join(shown.split()).startswith(
            "Form 1040 line 4b: rollover, QCD or HFD among the IRA Forms 1099-R")


async def test_planner_offered_after_review(tmp_path: Path) -> None:
    """pro-rata sample -> plan 2026: income 80,000, 22% bracket top 105,700 (Rev. Proc.
    2025-32, single) leaves room 25,700; balance 50,000 (Dec 31 value) with basis 10,000
    (line 14) is 20% nontaxable, so 25,700 / 0.8 = 32,125 converts 25,700 taxable
    (line 11 = 6,425 exactly; 32,126 would round to 25,701 taxable)."""
    case = tmp_path / "case.toml"
    case.write_text((Path(__file__).parent.parent / "samples" /
                     "pro-rata-conversion-2025.toml").read_text())
    app = make_app(case)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.click("#open-plan")
        await pilot.pause()
        assert type(app.screen).__name__ == "PlanScreen"
        assert app.screen.query_one("#plan_balance", Input).value == "50000"
        assert app.screen.query_one("#plan_basis", Input).value == "10000"
        await pilot.press(*"80000")
        await pilot.pause()
        plan = app.screen.plan  # type: ignore[attr-defined]
        assert plan is not None
        first = plan.years[0]
        assert (first.tax_year, first.room, first.conversion, first.taxable) == (
            2026, Decimal(25700), Decimal(32125), Decimal(25700))
        shown = str(app.screen.query_one("#plan-out", Static).render())
        assert "no state or local income tax" in shown  # the limits, stated on every run
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert step(app) == "review"
    assert app.session is not None
    assert app.session.draft.settings["plan_income"] == "80000"


async def test_basis_imported_from_last_years_record(tmp_path: Path, data_dir: Path) -> None:
    """Last year's record (pro-rata sample, 2025: line 14 = 10,000) starts 2026's line 2."""
    from formhelper.app.compute import compute_case
    from formhelper.app.prepare import build

    done = compute_case(sample("pro-rata-conversion-2025"))
    outputs = build(done.case, done.result, done.params, forms_dir=tmp_path / "none").outputs
    record = tmp_path / "basis-2025.json"
    record.write_bytes(next(o.data for o in outputs if o.name == "basis-2025.json"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new(pilot)
        await choose(pilot, "tax_year", "2026")
        app.open_step("basis")
        await pilot.pause()
        await type_into(pilot, "taxpayer.ira.nondeductible_contributions", "7000")
        box = app.screen.query_one("#import-path-taxpayer", Input)
        box.value = str(record)
        await pilot.click("#import-taxpayer")
        await pilot.pause()
        assert "Imported from basis-2025.json" in str(
            app.screen.query_one("#import-result-taxpayer", Static).render())
        shown = app.screen.query_one(f"#{dom_id('taxpayer.ira.prior_basis')}", Input).value
        assert shown == "10000"
    draft = only_draft(data_dir)
    assert draft.case["taxpayer"]["ira"]["prior_basis"] == "10000"
    assert draft.case["taxpayer"]["ira"]["nondeductible_contributions"] == "7000"
    assert draft.prior_record == str(record)


async def test_basis_import_refuses_a_file_that_is_not_a_record(tmp_path: Path,
                                                         data_dir: Path) -> None:
    record = tmp_path / "basis.json"
    record.write_text('{"format": "nonsense"}')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new(pilot)
        app.open_step("basis")
        await pilot.pause()
        app.screen.query_one("#import-path-taxpayer", Input).value = str(record)
        await pilot.click("#import-taxpayer")
        await pilot.pause()
        shown = str(app.screen.query_one("#import-result-taxpayer", Static).render())
        assert shown.startswith(f"! {record}: not a formhelper basis record")
    assert "prior_basis" not in only_draft(data_dir).case["taxpayer"].get("ira", {})


async def test_converted_all_but_withheld(tmp_path: Path) -> None:
    """The button fills box 1 - box 4 = 18,000: the tax withheld from a conversion did not
    reach the Roth IRA, and Form 8606 line 8 is the net amount converted.  It also
    replaces a disposition that was over box 1 (25,000), which made the case invalid."""
    case = tmp_path / "case.toml"
    case.write_text("""tax_year = 2025
filing_status = "single"
[taxpayer]
name = "Withheld Example"
date_of_birth = 1975-01-01
[taxpayer.ira]
year_end_value = 0
[[forms_1099r]]
box_1 = 20000
box_2a = 20000
box_4 = 2000
box_7 = "2"
ira_sep_simple = true
disposition = { converted_to_roth_ira = 25000 }
""")
    app = make_app(case)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_step("money")
        await pilot.pause()
        await pilot.click("#all-converted-0")
        await pilot.pause()
        path = "forms_1099r[0].disposition.converted_to_roth_ira"
        assert app.screen.query_one(f"#{dom_id(path)}", Input).value == "18000"
        assert app.session is not None and app.session.case is not None
        assert app.session.case.forms_1099r[0].disposition.converted_to_roth_ira == 18000
