"""The first screen: drafts in progress, a new return, or a case file to open."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from formhelper.files import drafts
from formhelper.files.drafts import DraftError, DraftInfo
from formhelper.tui.messages import OpenCase, ResumeDraft, StartNew
from formhelper.tui.widgets import Confirm


class StartScreen(Screen[None]):
    """Resume a draft, start a new return, or open a case file; delete a draft."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "delete_draft", "Delete draft", tooltip="Delete the highlighted draft"),
    ]

    def __init__(self, found: list[DraftInfo], message: str = "") -> None:
        super().__init__()
        self.found = found
        self.message = message

    def compose(self) -> ComposeResult:
        yield Static("formhelper: Form 8606 and Form 1040 lines 4-5 after a Roth conversion",
                     id="step-title")
        with Vertical(id="body"):
            yield Static(
                "This wizard asks for your Forms 1099-R, your IRA basis and year-end values, "
                "computes Form 8606 and the Form 1040 lines, and writes the filled IRS forms. "
                "Everything you type is saved as you go; quit at any time and come back.",
                classes="intro")
            if self.found:
                yield Static("Drafts in progress (Enter to resume, x to delete):",
                             classes="section")
            options = [Option(info.title, id=str(info.path)) for info in self.found]
            options.append(Option("Start a new return", id="new"))
            yield OptionList(*options, id="drafts")
            yield Static("Or open a case file (.toml or .json):", classes="section")
            with Horizontal(classes="row"):
                yield Label("Case file", classes="label")
                yield Input(placeholder="path/to/case.toml", id="open-path", compact=True)
                yield Button("Open", id="open", compact=True)
            yield Static("Or, before the year ends:", classes="section")
            with Horizontal(classes="row"):
                yield Button("Check this year before December 31", id="precheck",
                             compact=True)
            yield Static(self.message, id="start-message", classes="problem-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#drafts", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "new":
            self.post_message(StartNew())
        elif event.option.id:
            self.post_message(ResumeDraft(Path(event.option.id)))

    def action_delete_draft(self) -> None:
        """Delete the highlighted draft, after a Yes."""
        options = self.query_one("#drafts", OptionList)
        if options.highlighted is None:
            return
        chosen = options.get_option_at_index(options.highlighted)
        info = next((i for i in self.found if str(i.path) == chosen.id), None)
        if info is None:
            return
        question = (f"Delete the draft {info.title}? What was typed in it is lost "
                    "(a case file it started from is kept).")

        def done(yes: bool | None) -> None:
            if not yes:
                return
            try:
                message = drafts.discard(info.path)
            except DraftError as exc:
                self.show(str(exc))
                return
            self.found.remove(info)
            options.remove_option(str(info.path))
            self.query_one("#start-message", Static).update(message)

        self.app.push_screen(Confirm(question), done)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "open":
            self._open()
        elif event.button.id == "precheck":
            from formhelper.tui.precheck import PrecheckScreen

            self.app.push_screen(PrecheckScreen())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._open()

    def _open(self) -> None:
        text = self.query_one("#open-path", Input).value.strip()
        if not text:
            self.show("Type the path of a case file first.")
            return
        self.post_message(OpenCase(Path(text).expanduser()))

    def show(self, message: str | None) -> None:
        if message:
            self.query_one("#start-message", Static).update(f"! {message}")
