"""From the start screen: "Check this year before December 31" (``formhelper precheck``).

A few amounts for the year as planned; the projected Form 8606 and Form 1040 lines,
what makes them taxable and the remedies are shown as the command prints them
(:mod:`formhelper.render.precheck_text`), recomputed as you type.  No tax rule here:
the projection is :func:`formhelper.app.precheck.from_options`.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

#: (input id, label, default)
FIELDS = [
    ("pc_year", "Tax year", ""),
    ("pc_contribution", "Nondeductible contribution (line 1)", "0"),
    ("pc_convert", "Conversion planned", "0"),
    ("pc_year_end_value", "All traditional, SEP, SIMPLE IRAs on Dec 31", "0"),
    ("pc_sep", "  of which in SEP IRAs", "0"),
    ("pc_basis", "Basis: last year's Form 8606 line 14", "0"),
]


def default_year(years: list[int], today: date) -> int:
    """This year when its figures are known, else the latest year that is."""
    return today.year if today.year in years else max(years)


class PrecheckScreen(Screen[None]):
    """Inputs on top, the report below; Escape goes back to the start screen."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def compose(self) -> ComposeResult:
        from formhelper.files.years import supported_years

        year = str(default_year(supported_years(), date.today()))
        yield Static("Check this year before December 31", id="step-title")
        with VerticalScroll(id="body"):
            yield Static(
                "Will this year's backdoor Roth or conversion be taxable? Give the amounts "
                "as planned and what your IRAs will hold on December 31 after the planned "
                "moves; the Form 8606 lines are projected, with what can still be done.",
                classes="intro")
            for key, label, default in FIELDS:
                with Horizontal(classes="row"):
                    yield Label(label, classes="label")
                    yield Input(year if key == "pc_year" else default, id=key, compact=True)
            with Horizontal(classes="buttons"):
                yield Button("< Back", id="pc-back", compact=True)
            yield Static("", id="pc-out")
        yield Footer()

    def on_mount(self) -> None:
        self.recheck()
        self.query_one("#pc_contribution", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.recheck()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "pc-back":
            self.action_back()

    def action_back(self) -> None:
        self.dismiss(None)

    def recheck(self) -> None:
        from formhelper.app.precheck import PersonOptions, PrecheckError, amount, from_options
        from formhelper.files.years import supported_years
        from formhelper.models import FilingStatus
        from formhelper.render.precheck_text import to_precheck_text

        out = self.query_one("#pc-out", Static)
        values: dict[str, str] = {key: self.query_one(f"#{key}", Input).value
                                  for key, _label, _default in FIELDS}
        labels = {key: label.strip() for key, label, _default in FIELDS}
        try:
            years = supported_years()
            year_text = values["pc_year"].strip()
            if not year_text.isdigit() or int(year_text) not in years:
                raise ValueError(f"{labels['pc_year']}: one of "
                                 + ", ".join(str(y) for y in years))
            amounts = {}
            for key in ("pc_contribution", "pc_convert", "pc_year_end_value", "pc_sep",
                        "pc_basis"):
                try:
                    amounts[key] = amount(values[key] or "0")
                except ValueError as exc:
                    raise ValueError(f"{labels[key]}: {exc}") from None
            if amounts["pc_sep"] > amounts["pc_year_end_value"]:
                raise ValueError(f"{labels['pc_sep']}: more than the December 31 value")
            done = from_options(int(year_text), FilingStatus.SINGLE, PersonOptions(
                contribution=amounts["pc_contribution"], convert=amounts["pc_convert"],
                year_end_value=amounts["pc_year_end_value"], sep=amounts["pc_sep"],
                basis=amounts["pc_basis"]), None)
        except (ValueError, PrecheckError) as exc:
            out.update(Text(f"! {exc}"))
            return
        # Text, not markup: the report holds brackets ("[warning]").
        out.update(Text(to_precheck_text(done.case, done.precheck, done.notes, done.simple)))
