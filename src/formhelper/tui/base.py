"""The frame every wizard step shares: title, help, fields, live lines, Back and Next."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from formhelper.files import drafts
from formhelper.money import fmt_dollars
from formhelper.render.field_words import plain
from formhelper.tui.messages import BackStep, NextStep
from formhelper.tui.session import TITLES, Session, step_of
from formhelper.tui.text import INTRO, field_help
from formhelper.tui.widgets import Edited, FieldBase, Focused, Left, TextField, dom_id


def live_text(session: Session, step: str = "review") -> str:
    """One line of the current result: Form 1040 lines 4-5 and each 8606's line 14/18.

    Before the case is complete it counts only the fields to fix on ``step`` and the
    steps before it: a step does not complain about what a later step asks.
    """
    if session.error:
        return session.error
    done = session.computed
    if done is None:
        here, before = session.problems_up_to(step)
        if not here and not before:
            return "Form 1040 lines 4-5: not known yet; they appear here as you go on."
        where = ("on this step" if not before else "on earlier steps" if not here
                 else "on this and earlier steps")
        n = here + before
        return f"Not complete yet: {n} field{'s' if n != 1 else ''} to fill or fix {where}."
    f1040 = done.result.f1040
    parts = []
    for key, label in (("line_4a", "4a"), ("line_4b", "4b"), ("line_5a", "5a"),
                       ("line_5b", "5b")):
        value = getattr(f1040, key)
        if value is not None:
            parts.append(f"{label} {fmt_dollars(value)}")
    line = "1040 " + (" ".join(parts) if parts else "lines 4-5: no amounts")
    for owner, lines in done.result.filed_8606.items():
        who = ("8606" if len(done.result.f8606) == 1
               else "8606 you" if owner.value == "taxpayer" else "8606 spouse")
        taxable = lines.line_18 if lines.line_18 is not None else lines.line_15c
        extra = f" taxable {fmt_dollars(taxable)}" if taxable is not None else ""
        basis = f" basis {fmt_dollars(lines.line_14)}" if lines.line_14 is not None else ""
        line += f" | {who}{extra}{basis or ('' if extra else ' filed')}"
    for forms in done.result.filed_8606_inherited.values():
        for decedent, inherited in forms.items():
            taxed = (f" taxable {fmt_dollars(inherited.line_15c)}" if inherited.line_15c
                     else "")
            line += f" | 8606 inherited ({decedent[:12]}){taxed}"
    if done.result.schedule_2.line_8 is not None:
        line += f" | Sch 2 line 8 {fmt_dollars(done.result.schedule_2.line_8)}"
    warnings = len(done.result.findings)
    if warnings:
        line += f" | {warnings} warning{'s' if warnings != 1 else ''}"
    return line


#: Fields judged when the person leaves them, not at each key: a half-typed SSN or date
#: is not yet wrong.
CHECKED_ON_LEAVE = frozenset({"ssn", "date_of_birth"})


class StepScreen(Screen[None]):
    """A wizard step.  Subclasses yield their fields from :meth:`body`."""

    STEP = ""
    #: The body scrolls (False: the step lays out its own height, as the review does).
    SCROLLS = True
    #: Problems of this step that no field on it shows (a knockout naming a field the
    #: screen has no box for) are listed under the body; the review and the list of forms
    #: list every problem themselves.
    SHOWS_UNPLACED = True

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        #: The field being typed in, if any.
        self.typing_in: str | None = None

    def next_here(self) -> bool:
        """Next (ctrl+n) pressed: a step with its own last action does it and says True."""
        return False

    # -------------------------------------------------------------- layout

    def title_text(self) -> str:
        steps = self.session.visible_steps()
        number = steps.index(self.STEP) + 1 if self.STEP in steps else 0
        return f"Step {number} of {len(steps)}: {TITLES[self.STEP]}"

    def compose(self) -> ComposeResult:
        yield Static(self.title_text(), id="step-title")
        with VerticalScroll(id="body") if self.SCROLLS else Vertical(id="body"):
            yield Static(self.intro(), classes="intro")
            yield from self.body()
        yield Static("", id="unplaced")
        yield Static("", id="field-help")
        yield Static(live_text(self.session, self.STEP), id="live")
        with Horizontal(id="nav"):
            yield Button("< Back", id="back", compact=True)
            yield Static("", id="nav-gap")
            yield Button("Next >", id="next", variant="primary", compact=True)
        yield Footer()

    def body(self) -> ComposeResult:
        yield from ()

    def intro(self) -> str:
        return INTRO.get(self.STEP, "")

    def text(self, path: str, label: str, **kwargs: Any) -> TextField:
        value = drafts.get(self.session.draft.case, path, "")
        return TextField(path, label, "" if value is None else str(value), **kwargs)

    def on_mount(self) -> None:
        self.show_state()
        focus = self.session.draft.focus
        target: Widget | None = None
        if focus:
            found = self.query(f"#{dom_id(focus)}")
            target = found.first() if found else None
        if target is None:
            fields = self.query(FieldBase)
            if fields:
                controls = fields.first().query("Input, Select, Checkbox")
                target = controls.first() if controls else None
        if target is not None:
            self.set_focus(target)

    # -------------------------------------------------------------- changes

    def on_edited(self, event: Edited) -> None:
        self.session.set(event.path, event.value)
        self.show_state()
        self.after_edit(event.path)

    def after_edit(self, path: str) -> None:
        """Subclasses refresh what depends on the field (box 7's meaning, the lists)."""

    def on_focused(self, event: Focused) -> None:
        self.query_one("#field-help", Static).update(field_help(event.path))
        self.session.draft.focus = event.path
        self.typing_in = event.path

    def on_left(self, event: Left) -> None:
        if self.typing_in == event.path:
            self.typing_in = None
        if event.path.rsplit(".", 1)[-1] in CHECKED_ON_LEAVE:
            self.show_state()

    def visible_problems(self, path: str) -> list[str]:
        """Problems of a field: all once it holds text or Next was pressed, else not "required"."""
        messages = self.session.problems(path)
        if path == self.typing_in and path.rsplit(".", 1)[-1] in CHECKED_ON_LEAVE:
            return []
        value = drafts.get(self.session.draft.case, path, "")
        if self.STEP in self.session.draft.attempted or str(value or "").strip():
            return messages
        return [m for m in messages if m != "required"]

    def owns(self, path: str) -> bool:
        """Whether the field ``path`` is typed on this step."""
        return step_of(path)[0] == self.STEP

    def unplaced(self) -> list[str]:
        """This step's problems that no field on the screen shows, in plain words."""
        shown = {field.path for field in self.query(FieldBase)}
        return [plain(m, self.session.payers())
                for path, messages in self.session.checked.problems.items()
                if self.owns(path) and path not in shown
                for m in messages if m != "required"]

    def show_state(self) -> None:
        for field in self.query(FieldBase):
            field.show_problems(self.visible_problems(field.path))
        box = self.query_one("#unplaced", Static)
        lines = self.unplaced() if self.SHOWS_UNPLACED else []
        box.update("\n".join(f"! {line}" for line in lines))
        box.display = bool(lines)
        self.query_one("#live", Static).update(live_text(self.session, self.STEP))
        # The number of steps follows the answers (the Roth step comes and goes).
        self.query_one("#step-title", Static).update(self.title_text())

    # -------------------------------------------------------------- navigation

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next":
            event.stop()
            self.post_message(NextStep())
        elif event.button.id == "back":
            event.stop()
            self.post_message(BackStep())
