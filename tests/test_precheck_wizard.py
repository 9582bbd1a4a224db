"""The wizard's start screen offers "Check this year before December 31"
(``formhelper precheck``); the figures are the issue's example (Form 8606
instructions: line 10 7,000 / 70,000 = 0.10000, line 18 6,300)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Static

from formhelper.tui.app import make_app
from formhelper.tui.precheck import PrecheckScreen, default_year


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("FORMHELPER_DATA_DIR", str(folder))
    return folder


def test_default_year() -> None:
    assert default_year([2024, 2025, 2026], date(2026, 12, 4)) == 2026
    assert default_year([2024, 2025, 2026], date(2027, 12, 4)) == 2026


async def test_start_screen_opens_the_precheck() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#precheck", Button).press()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrecheckScreen)
        for key, value in (("pc_year", "2026"), ("pc_contribution", "7000"),
                           ("pc_convert", "7000"), ("pc_year_end_value", "63000"),
                           ("pc_sep", "63000")):
            screen.query_one(f"#{key}", Input).value = value
        await pilot.pause()
        text = str(screen.query_one("#pc-out", Static).render())
        assert "0.10000" in text and "6,300" in text
        assert "Your SEP IRA ($63,000) counts" in text
        screen.query_one("#pc_convert", Input).value = "-1"
        await pilot.pause()
        assert "Conversion planned: must not be negative" in str(
            screen.query_one("#pc-out", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PrecheckScreen)
