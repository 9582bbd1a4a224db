"""Driving the wizard in tests: type into a field by its case-file path, as a person would."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select

from formhelper.tui.app import WizardApp
from formhelper.tui.widgets import dom_id


async def type_into(pilot: Pilot[None], path: str, text: str, *, clear: bool = True) -> None:
    """Focus the field of ``path`` and type ``text`` key by key."""
    app = pilot.app
    box = app.screen.query_one(f"#{dom_id(path)}", Input)
    box.focus()
    await pilot.pause()
    if clear and box.value:
        box.action_home()
        await pilot.press("ctrl+k")
    await pilot.press(*text)
    await pilot.pause()


async def tick(pilot: Pilot[None], path: str) -> None:
    """Focus a checkbox and press space."""
    box = pilot.app.screen.query_one(f"#{dom_id(path)}", Checkbox)
    box.focus()
    await pilot.press("space")
    await pilot.pause()


async def choose(pilot: Pilot[None], path: str, value: str) -> None:
    """Pick ``value`` in a drop-down."""
    select = pilot.app.screen.query_one(f"#{dom_id(path)}", Select)
    select.value = value
    await pilot.pause()


async def next_step(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()


def step(app: WizardApp) -> str:
    """The step on screen (``forms`` for the list and the editor)."""
    return str(getattr(app.screen, "STEP", type(app.screen).__name__))
