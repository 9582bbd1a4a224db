"""The wizard for someone who never saw Form 8606 (issue 16), driven with Textual's pilot.

Nothing of theirs replaced without a Yes; the review answers first and fills the
screen; plain words instead of case-file paths; the first Roth IRA year asked, not
guessed; checkboxes, Enter and Space; dates as people write them; the SSN checked
when it is left.  Figures are the samples' (worked in samples/*.toml from the Form
8606 instructions): pro-rata conversion line 18 40,000, line 14 10,000, 1040 4a 50,000
/ 4b 40,000.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Button, Checkbox, DataTable, Input, OptionList, ProgressBar, Static

from formhelper.files import drafts
from formhelper.tui.app import make_app
from formhelper.tui.output import default_output_dir
from formhelper.tui.session import Session
from formhelper.tui.widgets import FieldBase, dom_id
from pdfsupport import blank_path, forms_root
from support import SAMPLES
from wizard_support import next_step, step, type_into

#: The blank IRS forms, found before the fixture below clears FORMHELPER_FORMS_DIR.
FORMS = forms_root()


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("FORMHELPER_DATA_DIR", str(folder))
    monkeypatch.delenv("FORMHELPER_FORMS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    return folder


def copy_sample(tmp_path: Path, name: str, as_name: str = "case.toml") -> Path:
    target = tmp_path / as_name
    shutil.copy(SAMPLES / f"{name}.toml", target)
    return target


def new_session(tmp_path: Path, name: str) -> Session:
    """A new return's draft (not beside a case file) holding the sample ``name``."""
    draft = drafts.from_case_file(SAMPLES / f"{name}.toml")
    draft.case_path = None
    draft.path = tmp_path / "data" / "drafts" / f"{name}.json"
    session = Session(draft)
    session.save()
    return session


# ------------------------------------------------------------------ 1. nothing replaced


def test_each_return_gets_its_own_default_folder(tmp_path: Path) -> None:
    """Name and year give the folder; one that already holds files is not reused."""
    session = new_session(tmp_path, "pro-rata-conversion-2025")
    assert default_output_dir(session, tmp_path) == tmp_path / "pat-example-2025"
    (tmp_path / "pat-example-2025").mkdir()
    assert default_output_dir(session, tmp_path) == tmp_path / "pat-example-2025"  # empty
    (tmp_path / "pat-example-2025" / "case.toml").write_text("# someone's\n")
    assert default_output_dir(session, tmp_path) == tmp_path / "pat-example-2025-2"


async def write(pilot, key: str = "ctrl+n") -> None:  # type: ignore[no-untyped-def]
    await pilot.press(key)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_case_file_follows_the_folder_and_is_never_replaced_without_a_yes(
        tmp_path: Path) -> None:
    """Two returns of the same person and year (the issue's walk-through): the second,
    written into the first one's folder, lists every file that would change; No leaves
    them all as they were, with no progress shown and the focus back on Write; Yes
    replaces them and keeps each old one as .bak, named in what the step prints."""
    blank_path(2025, "f1040")
    blank_path(2025, "f8606")
    first = new_session(tmp_path, "in-service-401k-to-roth-ira-2025")
    second = new_session(tmp_path, "pro-rata-conversion-2025")
    second.set("taxpayer.name", "Sam Inservice")  # same person, same year
    app = make_app(forms_dir=FORMS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.session = first
        app.open_step("output")
        await pilot.pause()
        screen = app.screen
        out = screen.query_one("#output-dir", Input)
        case_file = screen.query_one("#case-file", Input)
        assert out.value == str(tmp_path / "sam-inservice-2025")
        assert case_file.value == str(tmp_path / "sam-inservice-2025" / "sam-inservice-2025.toml")
        assert not screen.query_one("#next", Button).display  # writing is the way on
        await write(pilot)  # ctrl+n writes on the last step
        shown = str(screen.query_one("#written", Static).render())
        assert shown.startswith(f"Done. In {tmp_path / 'sam-inservice-2025'}/:"), shown
        folder = tmp_path / "sam-inservice-2025"
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        assert "sam-inservice-2025.toml" in before

        app.session = second
        app.open_step("output")
        await pilot.pause()
        screen = app.screen
        out = screen.query_one("#output-dir", Input)
        case_file = screen.query_one("#case-file", Input)
        assert out.value == str(tmp_path / "sam-inservice-2025-2")  # its own folder
        # The case file follows a changed folder, key by key.
        out.focus()
        await pilot.press("end", "backspace", "backspace")
        await pilot.pause()
        assert out.value == str(folder)
        assert case_file.value == str(folder / "sam-inservice-2025.toml")
        await write(pilot)
        question = str(app.screen.query_one(".question", Static).render())
        for name in ("f1040.pdf", "summary.md", "sam-inservice-2025.toml"):
            assert str(folder / name) in question
        await pilot.press("escape")  # No
        await pilot.pause()
        screen = app.screen
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
        progress = screen.query_one("#progress", ProgressBar)
        assert not progress.display and progress.progress == 0
        assert app.focused is screen.query_one("#write", Button)
        assert "Nothing was written" in str(screen.query_one("#written", Static).render())
        await write(pilot)  # ctrl+n still works after a refusal: it asks again
        await pilot.press("y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = str(app.screen.query_one("#written", Static).render())
        assert "kept      f1040.pdf.bak  (the file it replaced)" in shown, shown
        assert "kept      sam-inservice-2025.toml.bak  (the case file it replaced)" in shown
    assert (folder / "f1040.pdf.bak").read_bytes() == before["f1040.pdf"]
    assert (folder / "sam-inservice-2025.toml.bak").read_bytes() == \
        before["sam-inservice-2025.toml"]
    assert "year_end_value = 50000" in (folder / "sam-inservice-2025.toml").read_text()


async def test_a_case_file_chosen_by_hand_stays(tmp_path: Path) -> None:
    session = new_session(tmp_path, "pro-rata-conversion-2025")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.session = session
        app.open_step("output")
        await pilot.pause()
        case_file = app.screen.query_one("#case-file", Input)
        case_file.value = str(tmp_path / "mine.toml")
        await pilot.pause()
        app.screen.query_one("#output-dir", Input).value = str(tmp_path / "elsewhere")
        await pilot.pause()
        assert case_file.value == str(tmp_path / "mine.toml")
    assert session.draft.settings["case_file"] == str(tmp_path / "mine.toml")


# ------------------------------------------------------------------ 2. the review


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_review_answers_first_and_fills_the_screen(tmp_path: Path,
                                                             size: tuple[int, int]) -> None:
    app = make_app(copy_sample(tmp_path, "pro-rata-conversion-2025"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert step(app) == "review"
        answer = str(app.screen.query_one("#answer", Static).render())
        assert "Form 1040: 4a 50,000  4b 40,000" in answer
        assert "Form 8606: 40,000 taxable (line 18); basis to next year 10,000" in answer
        table = app.screen.query_one("#lines", DataTable)
        # The table takes what the screen has left: below it only the line's source,
        # the buttons and the footer.
        assert table.region.bottom >= size[1] - 6
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        labels = [str(r[2]) for r in rows]
        # Whole descriptions, even over 40 characters; amounts right-aligned.
        assert "Taxable amount of the conversion (to Form 1040 line 4b)" in labels
        amount = rows[labels.index("Taxable amount of the conversion (to Form 1040 line 4b)")][3]
        assert isinstance(amount, Text) and amount.justify == "right" and str(amount) == "40,000"
        table.move_cursor(row=labels.index("Total basis in traditional IRAs (last year's line 14)"))
        await pilot.pause()
        source = " ".join(str(app.screen.query_one("#line-source", Static).render()).split())
        assert source == ("Form 8606 line 2: Your basis from last year, as entered "
                          "(last year's Form 8606 line 14)")


# ------------------------------------------------------------------ 3. plain words


async def test_problems_and_warnings_in_plain_words(tmp_path: Path) -> None:
    case = tmp_path / "case.toml"
    case.write_text("""tax_year = 2025
filing_status = "single"
[taxpayer]
name = "No Year End"
date_of_birth = 1975-01-01
[taxpayer.ira]
prior_basis = 5000
[[forms_1099r]]
payer = "Big Brokerage"
box_1 = 10000
box_2a = 10000
box_7 = "7"
ira_sep_simple = true
disposition = { converted_to_roth_ira = 10000 }
""")
    app = make_app(case)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        issues = app.screen.query_one("#issues", OptionList)
        shown = [str(issues.get_option_at_index(i).prompt) for i in range(issues.option_count)]
        assert shown and all("taxpayer" not in s and "forms_1099r" not in s for s in shown)
        assert any(s.startswith("warning: You: ") or "Form 1099-R #1 (Big Brokerage)" in s
                   for s in shown), shown
        # Remove the date of birth: the review lists what to fix, by name and step.
        assert app.session is not None
        app.session.set("taxpayer.date_of_birth", "")
        app.open_step("review")
        await pilot.pause()
        issues = app.screen.query_one("#issues", OptionList)
        shown = [str(issues.get_option_at_index(i).prompt) for i in range(issues.option_count)]
        assert "Your date of birth (People): required" in shown
        app.open_step("forms")
        await pilot.pause()
        table = app.screen.query_one("#forms-table", DataTable)
        assert [str(c) for c in table.get_row_at(0)][:4] == ["1", "You", "Big Brokerage",
                                                             "10,000"]


# ------------------------------------------------------------------ 4. asked, not guessed


async def test_first_roth_year_asked_and_not_guessed(tmp_path: Path) -> None:
    """A conversion put money in a Roth IRA: the Roth step asks the first year; left
    empty, the basis record written says not given (Pub. 590-B: the 5-year period starts
    with the first year of any Roth IRA contribution, which this year need not be)."""
    import json

    session = new_session(tmp_path, "pro-rata-conversion-2025")
    assert session.roth_owners() == ["taxpayer"]
    assert "roth" in session.visible_steps()
    app = make_app(forms_dir=FORMS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.session = session
        app.open_step("roth")
        await pilot.pause()
        assert [f.path for f in app.screen.query(FieldBase)] == [
            "taxpayer.roth.first_contribution_year"]
        assert "leave it empty" in str(app.screen.query_one(".intro", Static).render())
        app.open_step("output")
        await pilot.pause()
        await write(pilot)
    record = json.loads((tmp_path / "pat-example-2025" / "basis-2025.json").read_text())
    assert record["people"][0].get("roth_first_contribution_year") is None


# ------------------------------------------------------------------ 5. keys, dates, SSN


async def test_checkboxes_space_toggles_enter_moves_on(data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # start a new return
        await pilot.pause()
        assert app.session is not None
        app.session.add_form()
        app.open_step("forms", form_index=0)
        await pilot.pause()
        path = "forms_1099r[0].box_2b_taxable_not_determined"
        box = app.screen.query_one(f"#{dom_id(path)}", Checkbox)
        box.focus()
        await pilot.pause()
        assert str(box.render()).startswith("[ ]")
        await pilot.press("enter")
        await pilot.pause()
        assert box.value is False and app.focused is not box  # Enter moved on
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert box.value is True and str(box.render()).startswith("[X]")
        assert box.has_class("-on")  # styled green (Tick.-on), unchecked is not
        footer_keys = {b.key for _, b, enabled, _ in app.screen.active_bindings.values()
                       if enabled}
        assert {"space", "enter"} <= footer_keys
    assert drafts.get(app.session.draft.case, path) is True


async def test_dates_as_people_write_them_and_the_ssn_checked_when_left(data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        live = str(app.screen.query_one("#live", Static).render())
        assert "Not complete" not in live  # step 1 says nothing about step 2's fields
        await next_step(pilot)
        await type_into(pilot, "taxpayer.ssn", "400-00-12")
        ssn = next(f for f in app.screen.query(FieldBase) if f.path == "taxpayer.ssn")
        assert str(ssn.query_one(".problem", Static).render()) == ""  # still typing
        box = app.screen.query_one(f"#{dom_id('taxpayer.ssn')}", Input)
        assert box.password
        await pilot.click(f"#{dom_id('taxpayer.ssn')}-show")
        await pilot.pause()
        assert not box.password  # shown, to check it by eye
        assert "must be nine digits" in str(ssn.query_one(".problem", Static).render())
        await type_into(pilot, "taxpayer.date_of_birth", "March 14, 1975")
        await type_into(pilot, "taxpayer.name", "Pat Example")
        assert app.session is not None
        assert "taxpayer.date_of_birth" not in app.session.checked.problems
        await type_into(pilot, "taxpayer.date_of_birth", "03/14/1975")
        assert "taxpayer.date_of_birth" not in app.session.checked.problems


@pytest.fixture
def irs_server(tmp_path: Path) -> Iterator[str]:
    """A local stand-in for www.irs.gov serving the 2025 blanks at /pub/irs-pdf/."""
    root = tmp_path / "www"
    (root / "pub" / "irs-pdf").mkdir(parents=True)
    for form in ("f8606", "f5329", "f1040"):
        (root / "pub" / "irs-pdf" / f"{form}.pdf").write_bytes(
            (FORMS / "2025" / f"{form}.pdf").read_bytes())

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


async def test_missing_blanks_are_offered_from_irs_gov(
        tmp_path: Path, irs_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No blank forms at hand: everything else is written, the step says which forms
    were not filled and offers to get them; on the person's press it downloads them
    (here from a local stand-in for irs.gov), checks them and writes again."""
    from formhelper.pdf import blanks

    blank_path(2025, "f8606")
    blank_path(2025, "f1040")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(blanks, "CURRENT_URL", irs_server + "/pub/irs-pdf/{form}.pdf")
    monkeypatch.setattr(blanks, "PRIOR_URL", irs_server + "/pub/irs-prior/{form}--{year}.pdf")
    session = new_session(tmp_path, "pro-rata-conversion-2025")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.session = session
        app.open_step("output")
        await pilot.pause()
        await write(pilot)
        folder = tmp_path / "pat-example-2025"
        assert not (folder / "f1040.pdf").exists() and (folder / "worksheets.pdf").is_file()
        shown = str(app.screen.query_one("#written", Static).render())
        assert "some IRS forms were not filled" in shown and "f1040.pdf not written" in shown
        fetch = app.screen.query_one("#fetch-blanks", Button)
        assert fetch.display
        await pilot.click("#fetch-blanks")
        for _ in range(3):  # the download, then the writing it starts
            await app.workers.wait_for_complete()
            await pilot.pause()
        shown = str(app.screen.query_one("#written", Static).render())
        assert shown.startswith("Done."), shown
        assert not fetch.display
    assert (folder / "f1040.pdf").is_file() and (folder / "f8606-taxpayer.pdf").is_file()
    # The summary it rewrote (no longer listing missing forms) was its own: replaced
    # without asking and without a backup.
    assert not list(folder.glob("*.bak*"))
