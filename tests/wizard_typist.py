"""Run as a script by test_wizard_kill.py: types a name into a new draft, key by key.

After each key is handled (and so autosaved) it prints how many characters are
typed, so the test can SIGKILL it at a known point.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from formhelper.tui.app import make_app
from formhelper.tui.widgets import dom_id
from wizard_support import next_step

NAME = "Maria Josefina Example-Longname"


async def main() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # no drafts yet: "Start a new return"
        await pilot.pause()
        await next_step(pilot)
        app.screen.query_one(f"#{dom_id('taxpayer.name')}").focus()
        await pilot.pause()
        for count, char in enumerate(NAME * 3, start=1):
            await pilot.press(char)
            await pilot.pause()
            print(count, flush=True)
        await asyncio.sleep(60)


asyncio.run(main())
