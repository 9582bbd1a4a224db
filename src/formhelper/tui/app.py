"""The wizard: ``formhelper`` with no arguments, or ``formhelper wizard [CASE]``.

The app holds one :class:`~formhelper.tui.session.Session` (the draft being
edited) and shows one step screen at a time; each screen is rebuilt from the
draft when it is shown, so what is on screen is always what is saved.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from formhelper.files import drafts
from formhelper.files.casefile import CaseFileError
from formhelper.files.drafts import Draft, DraftError
from formhelper.files.years import supported_years
from formhelper.tui.base import StepScreen
from formhelper.tui.forms import FormScreen, FormsScreen
from formhelper.tui.messages import (
    BackStep,
    GoToField,
    NextStep,
    OpenCase,
    OpenPlan,
    OpenRebuild,
    OpenStep,
    Reopen,
    ResumeDraft,
    StartNew,
)
from formhelper.tui.output import OutputScreen
from formhelper.tui.plan import PlanScreen
from formhelper.tui.review import ReviewScreen
from formhelper.tui.session import TITLES, Session, step_of
from formhelper.tui.start import StartScreen
from formhelper.tui.steps import (
    BasicsScreen,
    BasisScreen,
    MoneyScreen,
    PeopleScreen,
    RothScreen,
    YearEndScreen,
)

SCREENS: dict[str, type[StepScreen]] = {
    "basics": BasicsScreen,
    "people": PeopleScreen,
    "forms": FormsScreen,
    "money": MoneyScreen,
    "basis": BasisScreen,
    "year_end": YearEndScreen,
    "roth": RothScreen,
    "review": ReviewScreen,
    "output": OutputScreen,
}


class WizardApp(App[None]):
    """From a blank case (or a case file) to the filled forms."""

    CSS_PATH = "wizard.tcss"
    TITLE = "formhelper"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next_step", "Next", id="next", priority=True,
                tooltip="Go to the next step (everything is saved already)"),
        Binding("ctrl+b", "back_step", "Back", id="back", priority=True,
                tooltip="Go to the previous step"),
        Binding("ctrl+r", "review", "Review", id="review", priority=True,
                tooltip="See the computed lines and the warnings"),
    ]

    def __init__(self, *, case_path: Path | None = None,
                 found: list[drafts.DraftInfo] | None = None,
                 forms_dir: Path | None = None) -> None:
        super().__init__()
        self.session: Session | None = None
        self.case_path = case_path
        self.found = found or []
        self.forms_dir = forms_dir

    # -------------------------------------------------------------- starting

    def on_mount(self) -> None:
        problem = None if self.case_path is None else self.open_case(self.case_path)
        if self.session is None:
            self.push_screen(StartScreen(self.found, problem or ""))

    def start_new(self) -> None:
        years = supported_years()
        draft = Draft(path=drafts.new_draft_path(),
                      case=drafts.empty_case(drafts.default_tax_year(years)))
        self.session = Session(draft)
        self.session.save()
        self.open_step("basics")

    def resume(self, path: Path) -> str | None:
        """Open a saved draft where it was left; returns a problem to show, if any."""
        try:
            draft = drafts.load(path)
        except DraftError as exc:
            return str(exc)
        self.session = Session(draft)
        self.open_step(draft.step, form_index=draft.form_index, focus=draft.focus)
        return None

    def open_case(self, path: Path) -> str | None:
        """Open a case file: its draft in progress beside it if there is one, else the
        file itself (at the review when it is complete); returns a problem to show."""
        beside = drafts.draft_path_for(path.absolute())
        if beside.exists():
            problem = self.resume(beside)
            if problem is None:
                self.notify(f"Resumed your changes from {beside.name}")
            return problem
        try:
            draft = drafts.from_case_file(path.absolute())
        except CaseFileError as exc:
            return "; ".join(exc.plain)
        self.session = Session(draft)
        self.open_step("review" if self.session.computed else "basics")
        return None

    def forms_dir_text(self) -> str:
        if self.forms_dir is not None:
            return str(self.forms_dir)
        return os.environ.get("FORMHELPER_FORMS_DIR", "")

    # -------------------------------------------------------------- moving

    def _screen_for(self, step: str, form_index: int | None) -> StepScreen:
        assert self.session is not None
        if step not in SCREENS:
            step = "basics"
        if step == "forms" and form_index is not None and 0 <= form_index < len(
                self.session.forms):
            return FormScreen(self.session, form_index)
        if step == "output":
            return OutputScreen(self.session, forms_dir=self.forms_dir_text())
        return SCREENS[step](self.session)

    def open_step(self, step: str, *, form_index: int | None = None,
                  focus: str | None = None) -> None:
        """Show ``step`` (the Form 1099-R editor when ``form_index`` is given)."""
        if self.session is None:
            return
        if step not in SCREENS:
            step = "basics"
        if step != "forms":
            form_index = None
        self.session.go(step, form_index=form_index, focus=focus)
        screen = self._screen_for(step, form_index)
        self._show(screen)

    def _show(self, screen: Screen[None]) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) <= 1:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def reopen(self, focus: str | None = None) -> None:
        """Rebuild the current step (after rows were added or removed)."""
        if self.session is None:
            return
        draft = self.session.draft
        self.open_step(draft.step, form_index=draft.form_index, focus=focus or draft.focus)

    def go_to_field(self, path: str) -> None:
        step, index = step_of(path)
        self.open_step(step, form_index=index if step == "forms" else None, focus=path)

    def action_next_step(self) -> None:
        if self.session is None:
            return
        screen = self.screen
        if isinstance(screen, FormScreen):
            self.session.attempt("forms")
            following = screen.index + 1
            if following < len(self.session.forms):
                self.open_step("forms", form_index=following)
            else:
                self.open_step("forms")
            return
        if not isinstance(screen, StepScreen) or screen.next_here():
            return
        self.session.attempt(screen.STEP)
        following_step = self.session.neighbour(screen.STEP, +1)
        if following_step is not None:
            self.open_step(following_step)

    def action_back_step(self) -> None:
        if self.session is None:
            return
        screen = self.screen
        if isinstance(screen, FormScreen):
            self.open_step("forms")
            return
        if not isinstance(screen, StepScreen):
            self.open_step(self.session.draft.step)  # the planner returns to the review
            return
        previous = self.session.neighbour(screen.STEP, -1)
        if previous is not None:
            self.open_step(previous)

    def open_plan(self) -> None:
        """The staged-conversion planner, offered after the review."""
        if self.session is None:
            return
        self.session.go("review")
        self._show(PlanScreen(self.session))

    def open_household(self) -> None:
        """The household planner, over the staged-conversion planner."""
        from formhelper.tui.household import HouseholdScreen

        self.open_plan()
        if self.session is not None:
            self.push_screen(HouseholdScreen(self.session))

    def action_review(self) -> None:
        self.open_step("review")

    # -------------------------------------------------------------- what screens ask

    def on_open_step(self, message: OpenStep) -> None:
        self.open_step(message.step, form_index=message.form_index, focus=message.focus)

    def on_next_step(self, _message: NextStep) -> None:
        self.action_next_step()

    def on_back_step(self, _message: BackStep) -> None:
        self.action_back_step()

    def on_reopen(self, message: Reopen) -> None:
        self.reopen(focus=message.focus)

    def on_go_to_field(self, message: GoToField) -> None:
        self.go_to_field(message.path)

    def on_open_plan(self, _message: OpenPlan) -> None:
        self.open_plan()

    def on_open_rebuild(self, message: OpenRebuild) -> None:
        """Over the basis step: the years whose Form 8606 was never filed."""
        from formhelper.tui.rebuild import RebuildScreen

        if self.session is not None:
            self.push_screen(RebuildScreen(self.session, message.owner,
                                           forms_dir=self.forms_dir_text()))

    def on_start_new(self, _message: StartNew) -> None:
        self.start_new()

    def on_resume_draft(self, message: ResumeDraft) -> None:
        self._tell_start(self.resume(message.path))

    def on_open_case(self, message: OpenCase) -> None:
        self._tell_start(self.open_case(message.path))

    def _tell_start(self, problem: str | None) -> None:
        """Show why a draft or case file could not be opened, on the start screen."""
        if problem and isinstance(self.screen, StartScreen):
            self.screen.show(problem)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.session is None:
            return
        for number, step in enumerate(self.session.visible_steps(), start=1):
            yield SystemCommand(f"Step {number}: {TITLES[step]}", "Go to this step",
                                partial(self.open_step, step))
        yield SystemCommand("Plan Roth conversions for the next years",
                            "Fill a tax bracket each year (formhelper plan)", self.open_plan)
        yield SystemCommand("Plan the household: strategies and the optimum",
                            "Social Security, IRMAA, state tax, the best conversion each year "
                            "(formhelper plan --start)", self.open_household)


def make_app(case_path: Path | None = None, *, forms_dir: Path | None = None) -> WizardApp:
    """The wizard for ``formhelper wizard [CASE]``; shared by the command and the tests.

    With a case file it opens that (:meth:`WizardApp.open_case`); without, or when the
    file cannot be read, the start screen lists the drafts in progress.
    """
    return WizardApp(case_path=case_path, found=drafts.list_drafts(step_titles=TITLES),
                     forms_dir=forms_dir)
