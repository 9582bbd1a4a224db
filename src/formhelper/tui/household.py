"""The household planner in the wizard (issue 19): a plan started from this return, its
main inputs on one screen, and the report of ``formhelper plan PLAN_FILE``.

The plan starts as ``formhelper plan --start CASE`` does: the plan file of
:func:`formhelper.files.plan_file.skeleton` (the next tax year, the filing status, each
person's date of birth, traditional IRA balance and basis carried), read back as data.
The inputs of this screen then set the horizon, each person's Social Security, wages and
pension, the heirs' and state rates, the taxable account and the limits, and the plan is
validated by :func:`formhelper.files.plan_file.parse` (the plan file's own checks) and
figured by :func:`formhelper.app.plan.plan_household` in a worker thread. The report is
:func:`formhelper.render.plan_household_text.plan_text` (tables and pictures, 80
columns) and Save as PDF writes :func:`formhelper.render.plan_household_pdf.render`.

No tax rule lives here: ages become calendar years (the year of that birthday), percents
become rates, and everything else is the planner's.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, ScrollableContainer
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, Label, Select, Static
from textual.worker import get_current_worker

from formhelper.files.plan_file import PlanFileError
from formhelper.files.reading import InputError
from formhelper.money import fmt_dollars, typed_amount
from formhelper.tui.session import Session
from formhelper.tui.widgets import Confirm

if TYPE_CHECKING:
    from formhelper.calc.plan_household import Household
    from formhelper.calc.plan_optimize import HouseholdPlan

#: The limit on taxable income (plan file ``limits.bracket``).
BRACKETS = [("no limit", "none"), ("10%", "0.10"), ("12%", "0.12"), ("22%", "0.22"),
            ("24%", "0.24"), ("32%", "0.32")]
#: The IRMAA tier MAGI stays at or below (plan file ``limits.irmaa_tier``).
TIERS = [("no limit", "none"), ("0 (standard)", "0"), ("1", "1"), ("2", "2"), ("3", "3"),
         ("4", "4"), ("5", "5")]
#: Household income stays under the ACA cliff (plan file ``limits.aca_cliff``).
CLIFF = [("no limit", "no"), ("stay under", "yes")]
#: Marketplace coverage (plan file ``[aca]``): (setting key, label); no year: none.
ACA_FIELDS = [
    ("hh_aca_last", "Marketplace through"),
    ("hh_aca_benchmark", "Benchmark premium"),
]

#: Household inputs: (setting key, label).
HOUSEHOLD_FIELDS = [
    ("hh_years", "Years to plan"),
    ("hh_cash", "Taxable account"),
    ("hh_heirs", "Heirs' tax rate (%)"),
    ("hh_state", "State tax rate (%)"),
]
#: Inputs of each person: (setting key without the person's number, label).
PERSON_FIELDS = [
    ("hh_ss", "Social Security a year"),
    ("hh_ss_age", "  from the year you turn"),
    ("hh_wages", "Wages a year"),
    ("hh_wages_age", "  stop the year you turn"),
    ("hh_pension", "Pension a year"),
]
#: The ages in messages (the labels continue the line above them).
AGE_WORDS = {"hh_ss_age": "Age Social Security starts", "hh_wages_age": "Age wages stop"}
PERSON_DEFAULTS = {"hh_ss": "0", "hh_ss_age": "67", "hh_wages": "0", "hh_wages_age": "65",
                   "hh_pension": "0"}
#: Plan-file fields (of the problems the plan file's checks report) by the screen's words.
WORDS = {"years": "Years to plan", "taxable_balance": "Taxable account",
         "heirs_rate": "Heirs' tax rate", "state_rate": "State tax rate",
         "limits.bracket": "Bracket limit", "limits.irmaa_tier": "IRMAA tier limit",
         "limits.aca_cliff": "ACA cliff limit", "aca.last": "Marketplace through",
         "aca.first": "Marketplace through", "aca.benchmark": "Benchmark premium",
         "aca": "Marketplace through",
         "filing_status": "Filing status", "tax_year": "Tax year",
         "people": "The household"}
PERSON_WORDS = {"social_security": "Social Security", "wages": "Wages", "pension": "Pension",
                "ira_balance": "Traditional IRA balance", "ira_basis": "Basis",
                "birth_date": "Date of birth"}


class BadInput(ValueError):
    """A typed value that is not a number; the message starts with the field's label."""


def start_data(session: Session) -> dict[str, Any]:
    """The plan file ``formhelper plan --start CASE`` prints for this return, as data.

    Raises :class:`formhelper.files.plan_file.PlanFileError` for a return the planner does
    not take (married filing separately) or when the return is not complete."""
    from formhelper.files.plan_file import skeleton
    from formhelper.files.reading import load_toml

    done = session.computed
    if done is None:
        raise PlanFileError(["The return is not complete yet: see Review for what to fix."])
    text = skeleton(done.case, done.result.f8606)
    data: dict[str, Any] = load_toml(text, "plan", parse_float=Decimal)
    return data


def defaults(start: Mapping[str, Any]) -> dict[str, str]:
    """The screen's values before anything is typed: those of the started plan file."""
    out = {"hh_years": str(start.get("years", 30)),
           "hh_cash": str(start.get("taxable_balance", 0)),
           "hh_heirs": _percent_text(start.get("heirs_rate", Decimal("0.24"))),
           "hh_state": _percent_text(start.get("state_rate", 0)),
           "hh_bracket": "none", "hh_tier": "none", "hh_aca_last": "",
           "hh_aca_benchmark": "0", "hh_aca_cliff": "no"}
    for n, _person in enumerate(start.get("people", [])):
        out |= {f"{key}_{n}": value for key, value in PERSON_DEFAULTS.items()}
    return out


def _percent_text(rate: Any) -> str:
    value = Decimal(str(rate)) * 100
    return f"{value.normalize():f}"


def _number(values: Mapping[str, str], key: str, label: str) -> Decimal:
    value = typed_amount(values.get(key, "").strip().removesuffix("%"))
    if value is None:
        raise BadInput(f"{label}: not a number")
    return value


def _whole(values: Mapping[str, str], key: str, label: str) -> int:
    value = _number(values, key, label)
    if value != value.to_integral_value() or not -1000 < value < 1000:
        raise BadInput(f"{label}: type a whole number")
    return int(value)


def household_data(start: Mapping[str, Any], values: Mapping[str, str]) -> dict[str, Any]:
    """The started plan file with the screen's values in it (plan-file fields).

    An age becomes the calendar year of that birthday: Social Security counts in full
    from that year, wages stop from that year (the plan file's ``{year = amount}``)."""
    labels = dict(HOUSEHOLD_FIELDS)
    data = dict(start)
    data["years"] = _whole(values, "hh_years", labels["hh_years"])
    data["taxable_balance"] = _number(values, "hh_cash", labels["hh_cash"])
    data["heirs_rate"] = _number(values, "hh_heirs", labels["hh_heirs"]) / 100
    data["state_rate"] = _number(values, "hh_state", labels["hh_state"]) / 100
    limits: dict[str, Any] = {}
    if values.get("hh_bracket", "none") != "none":
        limits["bracket"] = Decimal(values["hh_bracket"])
    if values.get("hh_tier", "none") != "none":
        limits["irmaa_tier"] = int(values["hh_tier"])
    if values.get("hh_aca_cliff", "no") == "yes":
        limits["aca_cliff"] = True
    data["limits"] = limits
    first = int(data["tax_year"])
    data.pop("aca", None)
    if values.get("hh_aca_last", "").strip():
        words = dict(ACA_FIELDS)
        last = _number(values, "hh_aca_last", words["hh_aca_last"])
        if last != last.to_integral_value() or not first <= last <= first + 100:
            raise BadInput(f"{words['hh_aca_last']}: the last year of Marketplace coverage, "
                           f"{first} or later (leave it empty for none)")
        data["aca"] = {"last": int(last), "benchmark": _number(
            values, "hh_aca_benchmark", words["hh_aca_benchmark"])}
    people = []
    for n, person in enumerate(start.get("people", [])):
        words = dict(PERSON_FIELDS)
        who = f" ({person.get('name', 'you')})"
        born = person["birth_date"].year

        def amount(key: str, n: int = n, who: str = who, words: dict[str, str] = words
                   ) -> Decimal:
            return _number(values, f"{key}_{n}", words[key].strip() + who)

        def age(key: str, n: int = n, who: str = who) -> int:
            label = AGE_WORDS[key] + who
            years = _whole(values, f"{key}_{n}", label)
            if not 0 <= years <= 120:
                raise BadInput(f"{label}: an age from 0 to 120")
            return years

        one = dict(person)
        ss, ss_year = amount("hh_ss"), born + age("hh_ss_age")
        one["social_security"] = {ss_year: ss} if ss != 0 else ss
        wages, stop = amount("hh_wages"), born + age("hh_wages_age")
        if wages == 0:
            one["wages"] = wages
        elif stop <= first:
            raise BadInput(f"Wages{who}: they stop in {stop}, before the plan's first year "
                           f"({first}); set the wages to 0 or a later age")
        else:
            one["wages"] = {first: wages, stop: Decimal(0)}
        one["pension"] = amount("hh_pension")
        people.append(one)
    data["people"] = people
    return data


def plain_problem(problem: str, names: list[str]) -> str:
    """A problem of the plan file's checks in the screen's words (``people[1].wages: ...``
    -> ``Wages (spouse): ...``)."""
    where, sep, message = problem.partition(": ")
    if not sep:
        return problem
    if where.startswith("people[") and "]" in where:
        index, _, field = where.removeprefix("people[").partition("]")
        field = field.lstrip(".")
        name = names[int(index)] if index.isdigit() and int(index) < len(names) else "you"
        label = PERSON_WORDS.get(field.split(".")[0], field.replace("_", " ") or "Person")
        return f"{label} ({name}): {message}"
    words = WORDS.get(where) or where.replace("_", " ")
    return f"{words[:1].upper()}{words[1:]}: {message}"


def report_text(plan: HouseholdPlan) -> str:
    """The report of ``formhelper plan PLAN_FILE``: the strategies side by side, the optimum
    year by year, the pictures and the notes."""
    from formhelper.render.plan_household_text import plan_text

    return plan_text(plan)


class HouseholdScreen(Screen[None]):
    """Inputs on top, the report below it (scrolls both ways); Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save_pdf", "Save as PDF"),
    ]

    DEFAULT_CSS = """
    HouseholdScreen #hh-inputs { height: auto; padding: 0 1; }
    HouseholdScreen Grid.hh-grid { height: auto; grid-size: 4; grid-columns: 21 13 24 14;
        grid-rows: 1; grid-gutter: 0 1; }
    HouseholdScreen Grid.hh-people { height: auto; grid-rows: 1; grid-gutter: 0 1; }
    HouseholdScreen Grid.hh-people.one { grid-size: 2; grid-columns: 26 14; }
    HouseholdScreen Grid.hh-people.two { grid-size: 3; grid-columns: 26 14 14; }
    HouseholdScreen .hh-head { text-style: bold; }
    HouseholdScreen #hh-status { height: auto; max-height: 4; padding: 0 1; color: $accent; }
    HouseholdScreen #hh-status.problem { color: $error; }
    HouseholdScreen #hh-buttons { height: 1; padding: 0 1; }
    HouseholdScreen #hh-buttons Button { margin-right: 2; }
    HouseholdScreen #hh-report { height: 1fr; min-height: 5; overflow: auto auto;
        background: $boost; }
    HouseholdScreen #hh-report:focus { background-tint: $foreground 5%; }
    HouseholdScreen #hh-text { width: auto; height: auto; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.start: dict[str, Any] | None = None
        self.start_problem = ""
        self.plan: HouseholdPlan | None = None
        self.working = False
        #: Each request gets a number; only the last one's answer is shown.
        self.asked = 0
        self._timer: Timer | None = None
        try:
            self.start = start_data(session)
        except PlanFileError as exc:
            self.start_problem = "; ".join(plain_problem(p, []) for p in exc.problems)
        except InputError as exc:
            self.start_problem = str(exc)

    # -------------------------------------------------------------- values

    def names(self) -> list[str]:
        return [str(p.get("name", "you")) for p in (self.start or {}).get("people", [])]

    def value(self, key: str) -> str:
        settings = self.session.draft.settings
        if key in settings:
            return settings[key]
        return defaults(self.start or {}).get(key, "")

    def values(self) -> dict[str, str]:
        keys = defaults(self.start or {})
        return {key: self.value(key) for key in keys}

    # -------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        year = (self.start or {}).get("tax_year", self.session.tax_year + 1)
        yield Static(f"Household plan from {year}: strategies side by side and the optimum",
                     id="step-title")
        if self.start is None:
            # Nothing to plan from this return: the reason and the way back, no inputs.
            yield Static("", id="hh-status")
            with Horizontal(id="hh-buttons"):
                yield Button("< Back", id="hh-back", compact=True)
            yield Footer()
            return
        with ScrollableContainer(id="hh-inputs"):
            with Grid(classes="hh-grid"):
                for key, label in HOUSEHOLD_FIELDS:
                    yield Label(label)
                    yield Input(self.value(key), id=key, compact=True)
                yield Label("Bracket limit")
                yield Select(BRACKETS, value=self.value("hh_bracket"), allow_blank=False,
                             id="hh_bracket", compact=True)
                yield Label("IRMAA tier limit")
                yield Select(TIERS, value=self.value("hh_tier"), allow_blank=False,
                             id="hh_tier", compact=True)
                for key, label in ACA_FIELDS:
                    yield Label(label)
                    yield Input(self.value(key), id=key, compact=True)
                yield Label("ACA cliff limit")
                yield Select(CLIFF, value=self.value("hh_aca_cliff"), allow_blank=False,
                             id="hh_aca_cliff", compact=True)
            names = self.names()
            with Grid(classes="hh-people " + ("two" if len(names) > 1 else "one")):
                yield Label("Today's dollars", classes="hh-head")
                for name in names:
                    yield Label(name.capitalize(), classes="hh-head")
                for key, label in PERSON_FIELDS:
                    yield Label(label)
                    for n in range(len(names)):
                        yield Input(self.value(f"{key}_{n}"), id=f"{key}_{n}", compact=True)
        yield Static("", id="hh-status")
        with Horizontal(id="hh-buttons"):
            yield Button("Save as PDF", id="hh-pdf", compact=True)
            yield Button("< Back", id="hh-back", compact=True)
        with ScrollableContainer(id="hh-report", can_focus=True):
            yield Static("", id="hh-text")
        yield Footer()

    def on_mount(self) -> None:
        self.fit()
        if self.start is None:
            self._status(f"! {self.start_problem}", problem=True)
            self.query_one("#hh-back", Button).focus()
            return
        self.replan()
        boxes = self.query(Input)
        if boxes:
            boxes.first().focus()

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """80 columns of report in an 80-column terminal: the report's scroll bar goes
        (it still scrolls with the keys and the wheel) when it would hide the last one."""
        if self.start is None:
            return
        report = self.query_one("#hh-report", ScrollableContainer)
        report.styles.scrollbar_size_vertical = 1 if self.size.width > 80 else 0
        # On a short terminal the inputs may scroll: the report keeps some rows.
        self.query_one("#hh-inputs").styles.max_height = max(4, self.size.height - 12)

    # -------------------------------------------------------------- changes

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id:
            self._changed(event.input.id, event.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id and isinstance(event.value, str):
            self._changed(event.select.id, event.value)

    def _changed(self, key: str, value: str) -> None:
        if self.value(key) == value:
            return
        self.session.draft.settings[key] = value
        self.session.save()
        # Typing goes on: plan once it pauses.
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.4, self.replan)

    def _status(self, text: str, problem: bool = False) -> None:
        status = self.query_one("#hh-status", Static)
        status.update(Text(text))
        status.set_class(problem, "problem")

    def household(self) -> Household:
        """The household of the screen's values; :class:`BadInput` or the plan file's
        :class:`~formhelper.files.plan_file.PlanFileError` say what is wrong."""
        from formhelper.files.plan_file import parse

        assert self.start is not None
        return parse(household_data(self.start, self.values()))

    def replan(self) -> None:
        """Check the inputs, then plan in a worker thread ("working..." meanwhile)."""
        self._timer = None
        if self.start is None:
            return
        try:
            household = self.household()
        except (BadInput, PlanFileError) as exc:
            # No report of other inputs stays on screen under a problem.
            self.asked += 1
            self.working = False
            self.plan = None
            self.query_one("#hh-text", Static).update("")
            names = self.names()
            problems = ([plain_problem(p, names) for p in exc.problems]
                        if isinstance(exc, PlanFileError) else [str(exc)])
            self._status("\n".join(f"! {p}" for p in problems), problem=True)
            return
        self.asked += 1
        self.working = True
        self._status("working... (finding the best conversion each year)")
        self.figure(household, self.asked)

    @work(thread=True, exclusive=True, group="household")
    def figure(self, household: Household, asked: int) -> None:
        from formhelper.app.plan import plan_household
        from formhelper.calc.plan_figures import PlanError
        from formhelper.files.years import YearDataError

        worker = get_current_worker()
        try:
            plan = plan_household(household)
            answer: tuple[HouseholdPlan | None, str] = (plan, report_text(plan))
        except (PlanError, YearDataError) as exc:
            answer = (None, f"! Tax year {household.tax_year}: {exc}")
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show, asked, *answer)

    def show(self, asked: int, plan: HouseholdPlan | None, text: str) -> None:
        if asked != self.asked:
            return  # a later request is on its way
        self.working = False
        self.plan = plan
        if plan is None:
            self.query_one("#hh-text", Static).update("")
            self._status(text, problem=True)
            return
        best = plan.outcome("optimum")
        none = plan.outcome("none")
        gain = best.wealth - none.wealth
        self._status(f"Optimum: converts ${fmt_dollars(best.converted)}, leaves "
                     f"${fmt_dollars(abs(gain))} {'more' if gain >= 0 else 'less'} than no "
                     "conversions. Report below.")
        self.query_one("#hh-text", Static).update(Text(text, no_wrap=True, overflow="ignore"))

    # -------------------------------------------------------------- buttons

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "hh-back":
            event.stop()
            self.action_back()
        elif event.button.id == "hh-pdf":
            event.stop()
            self.action_save_pdf()

    def action_back(self) -> None:
        self.dismiss()

    def out_dir(self) -> Path:
        """The output folder of the return (the one the last step writes into)."""
        from formhelper.tui.output import default_output_dir

        settings = self.session.draft.settings
        if not settings.get("output_dir"):
            settings["output_dir"] = str(default_output_dir(self.session))
            self.session.save()
        return Path(settings["output_dir"]).expanduser()

    def action_save_pdf(self) -> None:
        """``--pdf``: the report as PDF pages in the output folder; an existing different
        file is replaced only after a Yes (the old one kept as a backup)."""
        from formhelper.render.plan_household_pdf import render

        if self.plan is None or self.working:
            self.notify("The plan is not ready yet." if self.working
                        else "Fix the plan's inputs first.", severity="warning")
            return
        data = render(self.plan)
        target = self.out_dir() / f"household-plan-{self.plan.household.tax_year}.pdf"
        if target.is_file() and target.read_bytes() != data:
            def answer(replace: bool | None) -> None:
                if replace:
                    self.write_pdf(target, data, replace=True)
                else:
                    self._status(f"Not written: {target} is kept as it was.")

            self.app.push_screen(Confirm(f"{target} exists and holds something else. "
                                         "Replace it? (the old file is kept as a backup)"),
                                 answer)
            return
        self.write_pdf(target, data, replace=False)

    def write_pdf(self, target: Path, data: bytes, replace: bool) -> None:
        from formhelper.files import saving
        from formhelper.files.atomic import Output, OutputConflict, write_outputs

        try:
            kept = [f"kept      {saving.keep_backup(target)}  (the file it replaced)"
                    ] if replace and target.is_file() else []
            lines = write_outputs([Output(target.name, data)], target.parent,
                                  force=replace) + kept
        except OutputConflict:
            self._status(f"! {target} changed meanwhile: not written; press Save again.",
                         problem=True)
            return
        except OSError as exc:
            self._status(f"! {target}: cannot write ({exc.strerror or exc})", problem=True)
            return
        self._status("\n".join(lines))
        self.notify(f"Saved {target}")
