"""SVG snapshots of the wizard's key screens at 80x24 (Textual is pinned in pyproject.toml).

A failing snapshot shows an HTML report of the difference; update with
``pytest tests/test_wizard_snapshots.py --snapshot-update`` only after looking at it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from formhelper.tui.app import make_app
from support import SAMPLES

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("FORMHELPER_DATA_DIR", str(folder))
    monkeypatch.delenv("FORMHELPER_FORMS_DIR", raising=False)
    return folder


def copy_sample(tmp_path: Path, name: str) -> Path:
    target = tmp_path / f"{name}.toml"
    shutil.copy(SAMPLES / f"{name}.toml", target)
    return target


def test_start_screen_offers_drafts(snap_compare: Any, data_dir: Path) -> None:
    (data_dir / "drafts").mkdir(parents=True)
    draft = {"format": "formhelper-draft", "version": 1, "saved_at": "2026-02-01T09:30:00+00:00",
             "step": "forms", "case": {"tax_year": "2025", "taxpayer": {"name": "Jane Roe"}}}
    (data_dir / "drafts" / "draft-1.json").write_text(json.dumps(draft))
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_form_editor_explains_box_7(snap_compare: Any, tmp_path: Path) -> None:
    case = copy_sample(tmp_path, "backdoor-roth-2025")

    async def open_form(pilot: Any) -> None:
        pilot.app.open_step("forms", form_index=0)
        await pilot.pause()

    assert snap_compare(make_app(case), terminal_size=SIZE, run_before=open_form)


def test_review_of_pro_rata_sample(snap_compare: Any, tmp_path: Path) -> None:
    case = copy_sample(tmp_path, "pro-rata-conversion-2025")
    assert snap_compare(make_app(case), terminal_size=SIZE)


def test_money_step(snap_compare: Any, tmp_path: Path) -> None:
    case = copy_sample(tmp_path, "in-service-401k-to-roth-ira-2025")

    async def open_money(pilot: Any) -> None:
        pilot.app.open_step("money")
        await pilot.pause()

    assert snap_compare(make_app(case), terminal_size=SIZE, run_before=open_money)


def test_review_fills_a_large_terminal(snap_compare: Any, tmp_path: Path) -> None:
    """120x40: the answer on top, every line below, descriptions whole, amounts right."""
    case = copy_sample(tmp_path, "pro-rata-conversion-2025")
    assert snap_compare(make_app(case), terminal_size=(120, 40))


def test_form_editor_with_boxes_checked(snap_compare: Any, tmp_path: Path) -> None:
    """Checked ([X] on green) and unchecked ([ ]) boxes side by side; box 10 and 11 labels
    whole at 80 columns."""
    case = copy_sample(tmp_path, "pro-rata-conversion-2025")

    async def open_form(pilot: Any) -> None:
        pilot.app.open_step("forms", form_index=0)
        await pilot.pause()
        pilot.app.screen.query_one("#body").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(make_app(case), terminal_size=SIZE, run_before=open_form)


def test_roth_step_asks_the_first_year(snap_compare: Any, tmp_path: Path) -> None:
    case = copy_sample(tmp_path, "pro-rata-conversion-2025")

    async def open_roth(pilot: Any) -> None:
        pilot.app.open_step("roth")
        await pilot.pause()

    assert snap_compare(make_app(case), terminal_size=SIZE, run_before=open_roth)


def test_output_step(snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last step: folders, the Flatten box unchecked, one Write button (ctrl+n)."""
    case = copy_sample(tmp_path, "pro-rata-conversion-2025")
    monkeypatch.setenv("FORMHELPER_FORMS_DIR", "/forms")

    async def open_output(pilot: Any) -> None:
        # Paths relative to the working folder, so the picture does not depend on tmp_path.
        settings = pilot.app.session.draft.settings
        settings["output_dir"] = "pat-example-2025"
        settings["case_file"] = "pat-example-2025/pat-example-2025.toml"
        pilot.app.open_step("output")
        await pilot.pause()

    assert snap_compare(make_app(case), terminal_size=SIZE, run_before=open_output)


def test_review_of_an_inherited_ira(snap_compare: Any, tmp_path: Path) -> None:
    """An inherited IRA's own Form 8606 in the review (Pub. 590-B, "IRA with basis"):
    the answer names it in words, its lines follow under a heading row."""
    case = tmp_path / "inherited.toml"
    case.write_text("""tax_year = 2025
filing_status = "single"
[taxpayer]
name = "Pat Heir"
date_of_birth = 1970-05-01
[taxpayer.ira]
prior_basis = 6000
year_end_value = 30000
[[taxpayer.inherited_iras]]
decedent = "Alex Parent"
basis = 3000
year_end_value = 27000
[[forms_1099r]]
payer = "Heir Custodian"
box_1 = 3000
box_2a = 3000
box_7 = "4"
ira_sep_simple = true
inherited_from = "Alex Parent"
""")
    assert snap_compare(make_app(case), terminal_size=SIZE)
