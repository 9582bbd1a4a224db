"""From the review: check a return made by other software against this one (``formhelper
verify``, :mod:`formhelper.app.verify`).  No tax rule here: the screen takes the file
names, calls the use case with the wizard's current return and shows the report."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from formhelper.tui.session import Session


class VerifyScreen(Screen[None]):
    """Their files on top, the report below; Escape (or Back) returns to the review."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back to review")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        #: The last report as text (for the tests and for copying).
        self.report_text = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("Check a return from other software", classes="section")
            yield Label("Their pages: PDF files of Forms 8606, 1040 and 5329, or a typed-lines "
                        "file (docs/verify.md). Separate names with spaces; put a name with "
                        "spaces in quotes.")
            yield Input(placeholder="their-8606.pdf their-1040.pdf", id="their-files")
            with Horizontal(classes="buttons"):
                yield Button("Check", id="run-verify", variant="primary", compact=True)
                yield Button("Back to the review", id="verify-back", compact=True)
            yield Static("", id="verify-report", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#their-files", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.check()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "run-verify":
            self.check()
        elif event.button.id == "verify-back":
            self.action_back()

    def action_back(self) -> None:
        self.app.pop_screen()

    def check(self) -> None:
        """Run ``verify`` on the files typed, against this return when it computes."""
        from formhelper.app.verify import VerifyError
        from formhelper.app.verify import run as verify_return
        from formhelper.files.casefile import CaseFileError
        from formhelper.files.their_return import TheirReturnError
        from formhelper.render.verify_text import to_text

        out = self.query_one("#verify-report", Static)
        try:
            names = shlex.split(self.query_one("#their-files", Input).value)
        except ValueError as exc:
            self.show(f"error: the file names: {exc}")
            return
        if not names:
            self.show("Type the names of their files first.")
            return
        computed = self.session.computed
        try:
            done = verify_return([Path(n).expanduser() for n in names], computed=computed)
        except (TheirReturnError, VerifyError, CaseFileError) as exc:
            self.show(f"error: {exc}")
            return
        names_of = {(f.form, f.owner): f.name for f in done.theirs.forms if f.name}
        text = to_text(done.report, done.notes, names_of)
        if computed is None:
            text = ("This return has problems to fix first, so theirs is checked against "
                    "itself only.\n\n" + text)
        self.report_text = text
        out.update(text)

    def show(self, text: str) -> None:
        self.report_text = text
        self.query_one("#verify-report", Static).update(text)
