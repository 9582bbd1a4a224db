"""The wizard's basis step offers to rebuild a basis over years with no Form 8606 (issue
21 item 4), driven with Textual's pilot, on the issue's chain worked by hand from the
Form 8606 lines (Instructions for Form 8606: line 2 is the line 14 of the last Form 8606,
"Total Basis Chart"; lines 3-14 of Part I):

2020: line 1 6,000, line 2 0, line 3 6,000; nothing paid out or converted, so line 14 =
      line 3 = 6,000.  No Form 8606 filed though line 1 has an entry ("Who Must File"):
      missing.
2021: line 1 6,000, line 2 6,000, line 14 12,000.  Missing.
2022: line 1 0, line 2 12,000, line 3 = line 5 = 12,000; line 6 (Dec 31 value) 0; line 8
      converted 12,500; line 9 = 0 + 0 + 12,500 = 12,500; line 10 = 12,000 / 12,500 =
      0.96; line 11 = 12,500 x 0.96 = 12,000; line 13 = 12,000; line 14 = 12,000 - 12,000
      = 0; line 18 = 12,500 - 12,000 = 500 taxable, where the return filed with a Form
      8606 showing no basis reported 12,500: amend ("Amending Form 8606").
2023 (this return): Form 8606 line 2 = 0, carried from 2022's line 14.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Checkbox, Input, Static

from formhelper.files import drafts
from formhelper.tui.app import make_app
from formhelper.tui.widgets import dom_id
from wizard_support import step

SIZE = (100, 40)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("FORMHELPER_DATA_DIR", str(folder))
    return folder


async def press(pilot, button: str) -> None:  # type: ignore[no-untyped-def]
    """Focus a button by its id and press Enter, as a person would from the keyboard."""
    pilot.app.screen.query_one(f"#{button}", Button).focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def type_in(pilot, widget: str, text: str) -> None:  # type: ignore[no-untyped-def]
    box = pilot.app.screen.query_one(f"#{widget}", Input)
    box.focus()
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


async def test_basis_step_rebuilds_the_issue_21_chain_and_writes_the_packet(
        tmp_path: Path) -> None:
    case = tmp_path / "case.toml"
    # Line 2 typed as 5,000 before the person knew of the missing forms.
    case.write_text('tax_year = 2023\nfiling_status = "single"\n[taxpayer]\n'
                    'name = "Alex Doe"\ndate_of_birth = 1980-05-01\n'
                    '[taxpayer.ira]\nprior_basis = 5000\nyear_end_value = 0\n')
    out = tmp_path / "out"
    app = make_app(case)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session is not None
        app.open_step("basis")
        await pilot.pause()
        assert step(app) == "basis"
        words = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "Did you make nondeductible contributions in a year you filed no Form 8606?" \
            in words
        await press(pilot, "rebuild-taxpayer")
        assert type(app.screen).__name__ == "RebuildScreen"
        for _ in range(3):
            await press(pilot, "rb-add")
        await type_in(pilot, "rb-0-year", "2020")
        await type_in(pilot, "rb-0-nondeductible_contributions", "6,000")
        await type_in(pilot, "rb-1-year", "2021")
        await type_in(pilot, "rb-1-nondeductible_contributions", "6000")
        await type_in(pilot, "rb-2-year", "2022")
        await type_in(pilot, "rb-2-conversions", "12,500")
        await type_in(pilot, "rb-2-year_end_value", "0")
        await type_in(pilot, "rb-2-taxable_reported", "12500")
        app.screen.query_one("#rb-2-form_8606_filed", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        await press(pilot, "rb-rebuild")
        chain = str(app.screen.query_one("#rb-chain", Static).render())
        assert "2020: line 1 6,000, line 2 0, line 14 6,000 - Form 8606 missing" in chain
        assert "2021: line 1 6,000, line 2 6,000, line 14 12,000 - Form 8606 missing" in chain
        assert ("2022: line 1 0, line 2 12,000, line 10 0.96, line 14 0 - Form 8606 filed; "
                "amend (Form 1040-X): taxable 500, not the 12,500 reported") in chain
        assert "Missing Forms 8606: 2020, 2021." in chain
        assert "Line 14 carried out of 2022: 0 (this 2023 return's Form 8606 line 2)." in chain
        # Nothing changed in the return until the person says Yes.
        assert drafts.get(app.session.draft.case, "taxpayer.ira.prior_basis") == "5000"
        await press(pilot, "rb-use")
        assert drafts.get(app.session.draft.case, "taxpayer.ira.prior_basis") == "0"
        # The packet, into the output folder; a file that differs is kept until a Yes.
        await type_in(pilot, "rb-out", str(out))
        out.mkdir()
        (out / "basis-chain.md").write_text("mine\n")
        await press(pilot, "rb-write")
        said = str(app.screen.query_one("#rb-written", Static).render())
        assert "Not written" in said and "basis-chain.md" in said
        assert (out / "basis-chain.md").read_text() == "mine\n"
        assert not (out / "2020-how-to-file.md").exists()
        await press(pilot, "rb-replace")
        assert "2022" in (out / "basis-chain.md").read_text()
        for name in ("2020-how-to-file.md", "2021-how-to-file.md", "2022-how-to-file.md",
                     "2020-reasonable-cause.txt", "2021-reasonable-cause.txt"):
            assert (out / name).exists(), name
        # Back on the basis step, line 2 shows the rebuilt basis.
        await pilot.press("escape")
        await pilot.pause()
        assert step(app) == "basis"
        assert app.screen.query_one(f"#{dom_id('taxpayer.ira.prior_basis')}", Input).value \
            == "0"
        # What was typed is in the saved draft.
        saved = drafts.load(app.session.draft.path)
        years = saved.rebuild["taxpayer"]["years"]
        assert [r["year"] for r in years] == ["2020", "2021", "2022"]
        assert years[2]["conversions"] == "12,500" and years[2]["form_8606_filed"] is True


def test_typed_years_refused_by_name_and_a_short_list_not_offered_as_this_years_basis(
        ) -> None:
    """What cannot be a history is refused naming the year and the line; a chain that
    stops before the year ahead of the return is not this return's line 2 (Total Basis
    Chart: line 2 is the line 14 of the year before)."""
    from formhelper.app.rebuild import from_history
    from formhelper.calc.rebuild import Identity
    from formhelper.tui.rebuild import RebuildProblem, chain_words, typed_history

    with pytest.raises(RebuildProblem, match="2020, Distributions, not converted"):
        typed_history({"years": [{"year": "2020", "distributions": "lots"}]})
    with pytest.raises(RebuildProblem, match="not a year"):
        typed_history({"years": [{"year": "20"}]})
    with pytest.raises(RebuildProblem, match="line 4 is part of line 1"):
        typed_history({"years": [{"year": "2020", "nondeductible_contributions": "1000",
                                  "contributions_made_next_year": "2000"}]})
    # 2020 alone, 6,000 nondeductible: line 14 = line 3 = 6,000, for a 2023 return.
    chain = from_history(typed_history(
        {"years": [{"year": "2020", "nondeductible_contributions": "6000"}]}), Identity())
    words = chain_words(chain, 2023)
    assert "Line 14 carried out of 2020: 6,000. It is this 2023 return's line 2 only when " \
        "the list goes through 2022" in words
