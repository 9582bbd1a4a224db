"""The wizard enters every Form 1099-R and inherited-IRA fact ``compute`` takes, driven
with Textual's pilot: an inherited IRA (its own Form 8606), a next-year form coded P, a
disabled recipient, an IRA rolled into an employer plan.

The inherited-IRA figures are worked by hand from the Form 8606 lines (Instructions for
Form 8606, Part I) with the inherited IRA on a Form 8606 of its own (Pub. 590-B, "IRA
with basis": "If you take distributions from both an inherited IRA and your IRA, and
each has basis, you must complete separate Forms 8606"):

own IRAs: basis 6,000, value 30,000, nothing paid out: no Form 8606, 6,000 carried.
IRA inherited from Alex Parent: line 2 basis 3,000; line 3 = 3,000; line 5 = 3,000;
line 6 value on December 31 27,000; line 7 paid out (code 4) 3,000; line 9 = 27,000 +
3,000 = 30,000; line 10 = 3,000 / 30,000 = 0.10000; line 12 = 3,000 x 0.10000 = 300;
line 13 = 300; line 14 = 3,000 - 300 = 2,700; line 15a = line 15c = 3,000 - 300 = 2,700.
Form 1040 line 4a 3,000 (box 1), line 4b 2,700 (line 15c).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import DataTable, Select, Static

from formhelper.files import drafts
from formhelper.files.casefile import CaseFileError, parse_case
from formhelper.models import Owner
from formhelper.render.return_text import to_json
from formhelper.tui.app import make_app
from formhelper.tui.widgets import FieldBase, dom_id
from wizard_support import next_step, step, tick, type_into

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("FORMHELPER_DATA_DIR", str(folder))
    return folder


def write_case(tmp_path: Path, form: str, extra: str = "") -> Path:
    case = tmp_path / "case.toml"
    case.write_text(f"""tax_year = 2025
filing_status = "single"
[taxpayer]
name = "Pat Heir"
date_of_birth = 1970-05-01
{extra}
[[forms_1099r]]
payer = "Heir Custodian"
{form}
""")
    return case


def shown(app, widget_id: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(app.screen.query_one(f"#{widget_id}").display)


def problems(app, path: str) -> str:  # type: ignore[no-untyped-def]
    field = next(f for f in app.screen.query(FieldBase) if f.path == path)
    return str(field.query_one(".problem", Static).render())


async def test_inherited_ira_typed_from_the_code_4_form_to_its_own_form_8606(
        tmp_path: Path, data_dir: Path) -> None:
    case = write_case(tmp_path, "", "[taxpayer.ira]\nprior_basis = 6000\n")
    app = make_app(case)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session is not None
        app.open_step("forms", form_index=0)
        await pilot.pause()
        base = "forms_1099r[0]"
        # Nothing coded yet: none of the questions box 7 may raise is asked.
        assert not any(shown(app, w) for w in ("ask-inherited", "ask-disabled",
                                               "ask-form-year"))
        await type_into(pilot, f"{base}.box_1", "3,000")
        await type_into(pilot, f"{base}.box_2a", "3000")
        await type_into(pilot, f"{base}.box_7", "4")
        await tick(pilot, f"{base}.ira_sep_simple")
        assert shown(app, "ask-inherited")
        assert not shown(app, "ask-disabled") and not shown(app, "ask-form-year")
        # Coded 4 with no inherited IRA described: refused by name (calc.scope), and the
        # form offers to describe it.
        assert app.session.computed is None
        assert " ".join(app.session.problems(f"{base}.inherited_from")).startswith(
            "Coded 4 (death)")
        # The form has no box for the field the refusal names: the message is shown
        # under the form, in the screen's words.
        unplaced = " ".join(str(app.screen.query_one("#unplaced", Static).render()).split())
        assert unplaced.startswith("! Coded 4 (death)")
        assert '"Describe the inherited IRA"' in unplaced and "inherited_iras" not in unplaced
        # Below the fold at 80x24: reached with the keyboard, as a person would.
        app.screen.query_one("#describe-inherited").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert step(app) == "basis"
        focused = app.focused
        assert focused is not None and focused.id == dom_id(
            "taxpayer.inherited_iras[0].decedent")
        await type_into(pilot, "taxpayer.inherited_iras[0].decedent", "Alex Parent")
        await type_into(pilot, "taxpayer.inherited_iras[0].basis", "3000")
        await next_step(pilot)
        assert step(app) == "year_end"
        labels = [f.label for f in app.screen.query(FieldBase)]
        assert "Inherited IRA (Alex Parent) on Dec 31" in labels
        await type_into(pilot, "taxpayer.ira.year_end_value", "30000")
        await type_into(pilot, "taxpayer.inherited_iras[0].year_end_value", "27,000")
        await next_step(pilot)
        assert step(app) == "review", app.session.checked.problems
        done = app.session.computed
        assert done is not None
        answer = " ".join(str(app.screen.query_one("#answer", Static).render()).split())
        assert "Form 1040: 4a 3,000 4b 2,700" in answer
        assert ("Form 8606 for your IRA inherited from Alex Parent: 2,700 taxable "
                "(line 15c); basis to next year 2,700") in answer
        assert "Your own IRAs: no Form 8606; basis to next year 6,000" in answer
        # The review's rows are keyed as compute --json's f8606_inherited, with the same
        # figures, and read in plain words.
        expected = to_json(done.result)["f8606_inherited"]["taxpayer"]["Alex Parent"]
        assert expected["line_10"] == 0.1 and expected["line_15c"] == 2700
        table = app.screen.query_one("#lines", DataTable)
        prefix = "f8606_inherited.taxpayer.Alex Parent."
        rows = {}
        for i in range(table.row_count):
            key = table.coordinate_to_cell_key((i, 0)).row_key.value or ""
            if key.startswith(prefix):
                rows[key.removeprefix(prefix)] = [str(c) for c in table.get_row_at(i)]
        assert set(rows) == set(expected)
        for key, value in expected.items():
            assert rows[key][3] == (f"{Decimal(str(value)):.5f}" if key == "line_10"
                                    else f"{value:,}")
        assert rows["line_10"][3] == "0.10000" and rows["line_15c"][3] == "2,700"
        assert rows["line_6"][3] == "27,000" and rows["line_14"][3] == "2,700"
        table.move_cursor(row=[table.coordinate_to_cell_key((i, 0)).row_key.value
                               for i in range(table.row_count)].index(prefix + "line_2"))
        await pilot.pause()
        source = " ".join(str(app.screen.query_one("#line-source", Static).render()).split())
        assert source == ("Form 8606 (your IRA inherited from Alex Parent) line 2: the "
                          "basis of your IRA inherited from Alex Parent, as entered")
        f1040 = done.result.f1040
        assert (f1040.line_4a, f1040.line_4b) == (Decimal(3000), Decimal(2700))
        assert done.result.f8606[Owner.TAXPAYER].basis_carried == Decimal(6000)
        # Back on the form: the inherited IRA is now a choice, and choosing it is saved.
        app.open_step("forms", form_index=0)
        await pilot.pause()
        select = app.screen.query_one(f"#{dom_id(base + '.inherited_from')}", Select)
        select.value = "Alex Parent"
        await pilot.pause()
    saved = drafts.load(app.session.draft.path).case
    assert saved["forms_1099r"][0]["inherited_from"] == "Alex Parent"
    assert saved["taxpayer"]["inherited_iras"] == [
        {"decedent": "Alex Parent", "basis": "3000", "year_end_value": "27,000"}]


async def test_questions_follow_box_7_and_nothing_typed_is_hidden(
        tmp_path: Path, data_dir: Path) -> None:
    """Code P or R asks the form's year (a next-year form, Instructions for Forms 1099-R
    and 5498, codes P and R); code 1 or J asks whether the recipient was disabled (Form
    5329 line 2 exception 03; Pub. 590-B, qualified distributions)."""
    case = write_case(tmp_path, 'box_1 = 100\nbox_2a = 100\nbox_7 = "7"\n'
                                "ira_sep_simple = true\n",
                      "[taxpayer.ira]\nyear_end_value = 0\n")
    app = make_app(case)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session is not None
        app.open_step("forms", form_index=0)
        await pilot.pause()
        base = "forms_1099r[0]"
        await type_into(pilot, f"{base}.box_7", "1")
        assert shown(app, "ask-disabled") and not shown(app, "ask-form-year")
        await tick(pilot, f"{base}.disabled")
        assert app.session.case is not None and app.session.case.forms_1099r[0].disabled
        await type_into(pilot, f"{base}.box_7", "P")
        assert shown(app, "ask-form-year")
        assert shown(app, "ask-disabled")  # ticked: still shown, never hidden
        # The same messages as the command line: a 2030 form is refused by name.
        await type_into(pilot, f"{base}.form_year", "2030")
        try:
            parse_case(drafts.case_data(app.session.case_input()), "case")
        except CaseFileError as exc:
            cli = [line.partition(": ")[2] for line in exc.problems
                   if line.startswith(f"{base}.form_year: ")]
        assert cli and app.session.problems(f"{base}.form_year") == cli
        assert cli[0] in " ".join(problems(app, f"{base}.form_year").split())
        await type_into(pilot, f"{base}.form_year", "2026")
        assert app.session.problems(f"{base}.form_year") == []
        await type_into(pilot, f"{base}.box_7", "7")
        assert shown(app, "ask-form-year")  # 2026 typed: kept in sight
    saved = drafts.load(app.session.draft.path).case["forms_1099r"][0]
    assert saved["form_year"] == "2026" and saved["disabled"] is True


async def test_an_ira_rolled_into_an_employer_plan(tmp_path: Path, data_dir: Path) -> None:
    """Form 1040 instructions, lines 4a-4b: an IRA distribution rolled over (here into a
    401(k)) is left out of line 4b: line 4a 10,000 (box 1), line 4b 10,000 - 6,000 rolled
    over = 4,000 kept, taxed (no basis); line 4c "Rollover"."""
    case = write_case(tmp_path, 'box_1 = 10000\nbox_2a = 10000\nbox_7 = "7"\n'
                                "ira_sep_simple = true\n",
                      "[taxpayer.ira]\nyear_end_value = 0\n")
    app = make_app(case)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session is not None
        app.open_step("money")
        await pilot.pause()
        path = "forms_1099r[0].disposition.rolled_to_employer_plan"
        await type_into(pilot, path, "6000")
        help_text = str(app.screen.query_one("#field-help", Static).render())
        assert "401(k)" in help_text
        done = app.session.computed
        assert done is not None
        assert (done.result.f1040.line_4a, done.result.f1040.line_4b) == (
            Decimal(10000), Decimal(4000))
        assert "rollover" in done.result.f1040.line_4c


def test_each_new_field_is_typed_at_its_step() -> None:
    """A problem or warning on one of these fields leads to the step that asks it."""
    from formhelper.tui.session import step_of

    assert step_of("taxpayer.inherited_iras[0].decedent") == ("basis", None)
    assert step_of("taxpayer.inherited_iras[0].basis") == ("basis", None)
    assert step_of("spouse.inherited_iras[1].year_end_value") == ("year_end", None)
    assert step_of("forms_1099r[2].inherited_from") == ("forms", 2)
    assert step_of("forms_1099r[0].form_year") == ("forms", 0)
    assert step_of("forms_1099r[0].disabled") == ("forms", 0)
    assert step_of("forms_1099r[1].disposition.rolled_to_employer_plan") == ("money", 1)


def test_a_separate_spouse_keeps_their_inherited_iras_off_this_return(tmp_path: Path) -> None:
    """Married filing separately: the spouse's IRAs, inherited ones too, are on their own
    return; what was typed for them stays in the draft."""
    from formhelper.tui.session import Session

    case = drafts.empty_case(2025)
    case["filing_status"] = "married_filing_separately"
    case["taxpayer"].update(name="Pat Heir", date_of_birth="1970-05-01")
    case["taxpayer"]["ira"] = {"year_end_value": "0"}
    case["spouse"] = {"name": "Sam Heir", "date_of_birth": "1971-01-01",
                      "inherited_iras": [{"decedent": "Alex Parent", "basis": "3000",
                                          "year_end_value": "27000"}]}
    session = Session(drafts.Draft(path=tmp_path / "d.json", case=case))
    assert session.checked.problems == {} and session.computed is not None
    assert session.draft.case["spouse"]["inherited_iras"][0]["decedent"] == "Alex Parent"
    assert session.computed.result.f8606_inherited == {}
