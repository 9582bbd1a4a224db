"""A wizard killed with SIGKILL while typing resumes from its autosave with nothing lost.

The typist (tests/wizard_typist.py) prints a count after each keystroke has been
handled; the draft must then hold at least that many characters, and the file is
never half written (atomic rename), whatever the moment of the kill.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from formhelper.files import drafts
from formhelper.tui.app import make_app
from formhelper.tui.widgets import dom_id

TYPIST = Path(__file__).parent / "wizard_typist.py"
NAME = "Maria Josefina Example-Longname" * 3


def kill_after(data_dir: Path, keys: int) -> int:
    """Start the typist, SIGKILL it once ``keys`` keystrokes are acknowledged."""
    env = {**os.environ, "FORMHELPER_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen([sys.executable, str(TYPIST)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    acknowledged = 0
    try:
        for line in proc.stdout:
            acknowledged = int(line)
            if acknowledged >= keys:
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    return acknowledged


@pytest.mark.parametrize("seed", range(6))
def test_killed_while_typing_loses_nothing(tmp_path: Path, seed: int) -> None:
    keys = random.Random(seed).randint(1, len(NAME) - 1)
    acknowledged = kill_after(tmp_path, keys)
    assert acknowledged >= keys
    (found,) = (tmp_path / "drafts").glob("*.json")
    draft = drafts.load(found)  # parses: never half a file
    name = draft.case["taxpayer"]["name"]
    assert NAME.startswith(name)
    assert len(name) >= acknowledged


async def test_resumes_after_kill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    acknowledged = kill_after(tmp_path, 20)
    monkeypatch.setenv("FORMHELPER_DATA_DIR", str(tmp_path))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#drafts", OptionList)
        assert options.get_option_at_index(0).id != "new"
        await pilot.press("enter")
        await pilot.pause()
        assert getattr(app.screen, "STEP", None) == "people"
        typed = app.screen.query_one(f"#{dom_id('taxpayer.name')}", Input).value
        assert NAME.startswith(typed) and len(typed) >= acknowledged
        assert app.focused is app.screen.query_one(f"#{dom_id('taxpayer.name')}", Input)
