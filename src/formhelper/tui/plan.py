"""After the review: plan staged conversions for the next years (``formhelper plan``)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from formhelper.models import FilingStatus, Owner
from formhelper.money import typed_amount
from formhelper.tui.messages import OpenStep
from formhelper.tui.session import Session

if TYPE_CHECKING:
    from formhelper.calc.plan import Plan

BRACKETS = [("10%", "0.10"), ("12%", "0.12"), ("22%", "0.22"), ("24%", "0.24"), ("32%", "0.32")]

#: (setting key, label, default from the computed return or a constant)
FIELDS = [
    ("plan_income", "Taxable income before converting"),
    ("plan_balance", "Traditional IRA balance"),
    ("plan_basis", "Basis (nondeductible)"),
    ("plan_years", "Years to plan"),
    ("plan_growth", "Growth a year (%)"),
]


def plan_defaults(session: Session) -> dict[str, str]:
    """Start from this return: next year, the Dec 31 value and the basis carried."""
    defaults = {"plan_income": "", "plan_balance": "", "plan_basis": "0", "plan_years": "3",
                "plan_growth": "5", "plan_bracket": "0.22"}
    done = session.computed
    if done is not None:
        person = done.case.taxpayer
        defaults["plan_balance"] = str(person.ira.year_end_value or "")
        lines = done.result.f8606.get(Owner.TAXPAYER)
        if lines is not None and lines.line_14 is not None:
            defaults["plan_basis"] = str(lines.line_14)
        else:
            defaults["plan_basis"] = str(person.ira.prior_basis)
    return defaults


class PlanScreen(Screen[None]):
    """Inputs on top, the schedule and its bars below; Back returns to the review."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back to review")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.plan: Plan | None = None

    def value(self, key: str) -> str:
        settings = self.session.draft.settings
        return settings.get(key) or plan_defaults(self.session)[key]

    def compose(self) -> ComposeResult:
        yield Static("Plan Roth conversions for the next years (staying inside a bracket)",
                     id="step-title")
        with VerticalScroll(id="body"):
            yield Static(
                "Convert a part each year, just enough to fill a tax bracket. Give next "
                "year's expected taxable income before any conversion (Form 1040 line 15). "
                "Social Security, Medicare IRMAA, NIIT, state tax, both spouses and the best "
                "amount each year: Household plan starts one from this return (as "
                "`formhelper plan --start CASE` does).",
                classes="intro")
            with Horizontal(classes="row"):
                yield Button("Household plan: strategies and the optimum",
                             id="plan-household", compact=True)
            for key, label in FIELDS:
                with Horizontal(classes="row"):
                    yield Label(label, classes="label")
                    yield Input(self.value(key), id=key, compact=True)
            with Horizontal(classes="row"):
                yield Label("Fill up to the bracket", classes="label")
                yield Select(BRACKETS, value=self.value("plan_bracket"), allow_blank=False,
                             id="plan_bracket", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Save as PDF", id="plan-pdf", compact=True)
                yield Button("< Back to review", id="plan-back", compact=True)
            yield Static("", id="plan-out")
        yield Footer()

    def on_mount(self) -> None:
        self.replan()
        self.query_one("#plan_income", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id:
            self.session.draft.settings[event.input.id] = event.value
            self.session.save()
            self.replan()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "plan_bracket" and isinstance(event.value, str):
            self.session.draft.settings["plan_bracket"] = event.value
            self.session.save()
            self.replan()

    def _number(self, key: str, label: str) -> Decimal:
        value = typed_amount(self.value(key))
        if value is None:
            raise ValueError(f"{label}: not a number")
        return value

    def replan(self) -> None:
        from pydantic import ValidationError

        from formhelper.app.plan import figures_for
        from formhelper.calc.plan import PlanInput, plan
        from formhelper.calc.plan_figures import PlanError
        from formhelper.files.casefile import validation_problems
        from formhelper.render.plan_text import plan_text

        out = self.query_one("#plan-out", Static)
        self.plan = None
        labels = dict(FIELDS)
        try:
            if not self.value("plan_income").strip():
                raise ValueError(f"{labels['plan_income']}: type next year's estimate")
            inputs = PlanInput(
                tax_year=self.session.tax_year + 1,
                filing_status=FilingStatus(self.session.filing_status),
                taxable_income=self._number("plan_income", labels["plan_income"]),
                balance=self._number("plan_balance", labels["plan_balance"]),
                basis=self._number("plan_basis", labels["plan_basis"]),
                target_rate=Decimal(self.value("plan_bracket")),
                years=int(self._number("plan_years", labels["plan_years"])),
                growth=self._number("plan_growth", labels["plan_growth"]) / 100,
            )
            self.plan = plan(inputs, figures_for(inputs))
        except ValidationError as exc:
            # The planner's fields by the labels on this screen, not by their names.
            names = {"taxable_income": labels["plan_income"], "balance": labels["plan_balance"],
                     "basis": labels["plan_basis"], "years": labels["plan_years"],
                     "growth": labels["plan_growth"], "target_rate": "Bracket"}
            shown = []
            for problem in validation_problems(exc):
                where, _, message = problem.partition(": ")
                shown.append(f"{names.get(where, where.replace('_', ' '))}: {message}")
            out.update("! " + "\n! ".join(shown))
            return
        except (PlanError, ValueError) as exc:
            out.update(f"! {exc}")
            return
        out.update(plan_text(self.plan))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "plan-back":
            self.action_back()
        elif event.button.id == "plan-pdf":
            self.save_pdf()
        elif event.button.id == "plan-household":
            self.open_household()

    def open_household(self) -> None:
        """The household planner, started from this return, over this screen."""
        from formhelper.tui.household import HouseholdScreen

        self.app.push_screen(HouseholdScreen(self.session))

    def save_pdf(self) -> None:
        from formhelper.files.atomic import public_mode, write_atomic
        from formhelper.render.plan_pdf import render

        if self.plan is None:
            self.notify("Fix the plan's inputs first.", severity="warning")
            return
        folder = Path(self.session.draft.settings.get("output_dir") or ".").expanduser()
        stem = f"roth-conversion-plan-{self.plan.years[0].tax_year}"
        target = folder / f"{stem}.pdf"
        n = 1
        while target.exists():  # never overwrite an earlier plan
            n += 1
            target = folder / f"{stem}-{n}.pdf"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(target, render(self.plan), public_mode())
        except OSError as exc:
            self.notify(f"{target}: cannot write ({exc.strerror})", severity="error")
            return
        self.notify(f"Wrote {target}")

    def action_back(self) -> None:
        self.post_message(OpenStep("review"))
