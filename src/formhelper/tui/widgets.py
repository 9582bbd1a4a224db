"""Input widgets that know their case-file field: they send what was typed, show problems."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from formhelper.tui.text import field_help


def dom_id(path: str) -> str:
    """A widget id for a field path: ``forms_1099r[0].box_2a`` -> ``f-forms_1099r-0--box_2a``."""
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", path)


class Edited(Message):
    """A field's value changed (text as typed, a checkbox, a choice)."""

    def __init__(self, path: str, value: Any) -> None:
        super().__init__()
        self.path = path
        self.value = value


class Focused(Message):
    """A field got the focus: show its help."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class Left(Message):
    """The focus left a field: check what was typed there (an SSN is not judged while
    it is being typed)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class Tick(Checkbox, inherit_bindings=False):
    """A checkbox that looks checked or not at a glance ("[X]" on green, "[ ]"), toggled
    by Space or a click; Enter moves on to the next field, as it does in a text box."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Check/uncheck"),
        Binding("enter", "next_field", "Next field"),
    ]

    DEFAULT_CSS = """
    Tick > .toggle--button { color: $foreground; background: $panel-lighten-1; }
    Tick.-on > .toggle--button { color: $text; background: $success; text-style: bold; }
    """

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble(("[X]" if self.value else "[ ]", style))

    def action_next_field(self) -> None:
        self.screen.focus_next()


class FieldBase(Vertical):
    """One case-file field: a label, the control, and its problems below it."""

    DEFAULT_CSS = """
    FieldBase { height: auto; }
    FieldBase > .row { height: auto; }
    FieldBase .label { width: 38; padding-right: 1; }
    FieldBase .problem { color: $error; padding-left: 38; display: none; }
    FieldBase .problem.shown { display: block; }
    """

    def __init__(self, path: str, label: str) -> None:
        super().__init__(classes="field")
        self.path = path
        self.label = label

    def control(self) -> Any:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(self.label, classes="label")
            yield self.control()
        yield Static("", classes="problem")

    def show_problems(self, messages: list[str]) -> None:
        problem = self.query_one(".problem", Static)
        problem.update("\n".join(f"! {m}" for m in messages))
        problem.set_class(bool(messages), "shown")
        self.set_class(bool(messages), "invalid")

    def on_descendant_focus(self) -> None:
        self.post_message(Focused(self.path))

    def on_descendant_blur(self) -> None:
        self.post_message(Left(self.path))

    @property
    def help(self) -> str:
        return field_help(self.path)


class TextField(FieldBase):
    """Text typed by the person: amounts, names, dates, codes."""

    def __init__(self, path: str, label: str, value: str, *, password: bool = False,
                 placeholder: str = "", width: int = 16) -> None:
        super().__init__(path, label)
        self._value = value
        self._password = password
        self._placeholder = placeholder
        self._width = width

    def control(self) -> Input:
        box = Input(self._value, id=dom_id(self.path), password=self._password,
                    placeholder=self._placeholder, compact=True, select_on_focus=False)
        box.styles.width = self._width
        return box

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(self.label, classes="label")
            yield self.control()
            if self._password:
                # A hidden number cannot be checked by eye: show it on request.
                yield Button("Show", id=f"{dom_id(self.path)}-show", classes="reveal",
                             compact=True)
        yield Static("", classes="problem")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class("reveal"):
            event.stop()
            box = self.query_one(Input)
            box.password = not box.password
            event.button.label = "Show" if box.password else "Hide"

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(Edited(self.path, event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()


class CheckField(FieldBase):
    def __init__(self, path: str, label: str, value: bool, text: str = "") -> None:
        super().__init__(path, label)
        self._value = value
        self._text = text

    def control(self) -> Checkbox:
        return Tick(self._text, self._value, id=dom_id(self.path), compact=True)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(Edited(self.path, event.value))


class ChoiceField(FieldBase):
    def __init__(self, path: str, label: str, value: str,
                 options: list[tuple[str, str]], *, width: int | str = 36) -> None:
        super().__init__(path, label)
        self._value = value
        self._options = options
        self._width = width

    def control(self) -> Select[str]:
        known = {v for _, v in self._options}
        select: Select[str] = Select(
            self._options, value=self._value if self._value in known else self._options[0][1],
            allow_blank=False, id=dom_id(self.path), compact=True)
        select.styles.width = self._width
        return select

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self.post_message(Edited(self.path, event.value))


class Confirm(ModalScreen[bool]):
    """Yes / No."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "no", "No"), Binding("y", "yes", "Yes")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button("Yes", id="yes", variant="error", compact=True)
                yield Button("No", id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
