"""What the wizard's screens ask of the app, as Textual messages ("messages up").

A screen never imports :mod:`formhelper.tui.app`: it posts one of these and the
message bubbles from the screen to the app, which moves between steps and
opens drafts.  What a screen needs from the app (the session, the forms
folder) is handed to it when it is built ("attributes down").
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message


class OpenStep(Message):
    """Show ``step`` (the Form 1099-R editor when ``form_index`` is given)."""

    def __init__(self, step: str, *, form_index: int | None = None,
                 focus: str | None = None) -> None:
        super().__init__()
        self.step = step
        self.form_index = form_index
        self.focus = focus


class NextStep(Message):
    """The person pressed Next (the button, or ctrl+n)."""


class BackStep(Message):
    """The person pressed Back (the button, or ctrl+b)."""


class Reopen(Message):
    """Rebuild the current step (rows were added or removed), focusing ``focus``."""

    def __init__(self, focus: str | None = None) -> None:
        super().__init__()
        self.focus = focus


class GoToField(Message):
    """Open the step where the field ``path`` is typed, with the focus on it."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class OpenPlan(Message):
    """Open the staged-conversion planner."""


class StartNew(Message):
    """Start a new return from a blank case."""


class ResumeDraft(Message):
    """Open the saved draft at ``path`` where it was left."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class OpenCase(Message):
    """Open the case file at ``path`` (its draft in progress beside it, if any)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class OpenRebuild(Message):
    """Open the screen that rebuilds ``owner``'s basis over years with no Form 8606."""

    def __init__(self, owner: str) -> None:
        super().__init__()
        self.owner = owner
