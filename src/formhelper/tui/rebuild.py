"""Over the basis step: rebuild a basis over years with nondeductible contributions and no
Form 8606 (issue 21), through the use case of ``formhelper basis rebuild``
(:func:`formhelper.app.rebuild.from_history` and :func:`formhelper.app.rebuild.packet`).

The person lists per year what a history file takes (``files/history.py``): Form 8606
line 1 (nondeductible contributions), line 4 (the part of line 1 made in the next year,
by the return's due date), line 7 (distributions), line 8 (conversions), line 6
(the December 31 value, Form 5498 box 5) and whether a Form 8606 was filed.  Each year's
line 2 is the line 14 of the year before (Instructions for Form 8606, line 2, "Total Basis
Chart"); a nondeductible contribution for a year with no Form 8606 counts as deductible
until that Form 8606 is filed (Instructions for Form 8606, "Penalty for Not Filing" and
"Who Must File"), so the chain names those years.

Two offers, each only on a press of its button (a Yes): put the rebuilt line 14 into
this return's Form 8606 line 2, and write the late-filing packet into the return's output
folder (a file there that differs is replaced only after a second Yes).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from formhelper.calc.rebuild import Chain, History, Identity
from formhelper.money import ZERO, fmt_dollars, typed_amount
from formhelper.tui.messages import OpenStep
from formhelper.tui.session import Session

#: (key in a history year, label): Form 8606 lines 1, 4, 7, 8 and 6.
AMOUNTS = [
    ("nondeductible_contributions", "Nondeductible contributions (line 1)"),
    ("contributions_made_next_year", "Of line 1, made Jan-Apr next year (4)"),
    ("distributions", "Distributions, not converted (line 7)"),
    ("conversions", "Converted to a Roth IRA (line 8)"),
    ("year_end_value", "IRAs' value on Dec 31 (line 6)"),
]

#: Optional (a history's ``taxable_reported``): what that year's Form 1040 line 4b showed
#: for these amounts; when the rebuilt basis changes it, the year is amended (Form 1040-X
#: with a new Form 8606, Instructions for Form 8606, "Amending Form 8606").
REPORTED = "Taxable reported (Form 1040 line 4b)"


class RebuildProblem(ValueError):
    """What was typed cannot make a history; the message names the year and the field."""


def typed_history(entry: dict[str, Any]) -> History:
    """The history of the years typed (amounts as people type them, "6,000")."""
    from pydantic import ValidationError

    from formhelper.files.casefile import validation_problems

    years: list[dict[str, Any]] = []
    for row in entry.get("years") or []:
        text = str(row.get("year") or "").strip()
        if not (text.isdigit() and len(text) == 4):
            raise RebuildProblem(f"Year: {text!r} is not a year like 2021")
        item: dict[str, Any] = {"year": int(text),
                                "form_8606_filed": bool(row.get("form_8606_filed"))}
        for key, label in AMOUNTS:
            raw = str(row.get(key) or "").strip()
            value = typed_amount(raw) if raw else ZERO
            if value is None or value < 0:
                raise RebuildProblem(f"{text}, {label}: {raw!r} is not an amount")
            item[key] = value
        reported = str(row.get("taxable_reported") or "").strip()
        if reported:
            value = typed_amount(reported)
            if value is None or value < 0:
                raise RebuildProblem(f"{text}, {REPORTED}: {reported!r} is not an amount")
            item["taxable_reported"] = value
        years.append(item)
    if not years:
        raise RebuildProblem("Add the years first, oldest first.")
    start = str(entry.get("starting_basis") or "").strip()
    starting = typed_amount(start) if start else ZERO
    if starting is None or starting < 0:
        raise RebuildProblem(f"Basis before the first year: {start!r} is not an amount")
    try:
        return History.model_validate({"starting_basis": starting, "years": years})
    except ValidationError as exc:
        raise RebuildProblem("; ".join(validation_problems(exc))) from None


def chain_words(chain: Chain, tax_year: int) -> str:
    """The rebuilt chain in plain words: each year's Form 8606 lines 1, 2, 10 and 14, the
    years missing a Form 8606, and the line 2 it gives the return of ``tax_year``."""
    out = []
    for year in chain.years:
        lines = year.lines
        ratio = ("" if lines.line_10 is None
                 else f", line 10 {lines.line_10.normalize():f}")
        words = (f"{year.year}: line 1 {fmt_dollars(lines.line_1 or ZERO)}, line 2 "
                 f"{fmt_dollars(lines.line_2 or ZERO)}{ratio}, line 14 "
                 f"{fmt_dollars(year.lines.basis_carried)}")
        if year.missing:
            words += " - Form 8606 missing: file it late"
        elif year.amend:
            words += (f" - Form 8606 filed; amend (Form 1040-X): taxable "
                      f"{fmt_dollars(year.taxable)}, not the "
                      f"{fmt_dollars(year.taxable_reported or ZERO)} reported")
        elif year.filed:
            words += " - Form 8606 filed"
        elif not year.needed:
            words += " - no Form 8606 needed"
        if lines.line_10 is not None:
            words += f"; taxable {fmt_dollars(year.taxable)} of {fmt_dollars(year.gross)}"
        out.append(words)
    for gap in chain.gaps:
        out.append(f"{gap}: not listed, taken as a year with no contribution, distribution "
                   "or conversion")
    missing = [str(y.year) for y in chain.years if y.missing]
    out.append("Missing Forms 8606: " + (", ".join(missing) if missing else "none") + ".")
    last = chain.years[-1].year
    out.append(f"Line 14 carried out of {last}: {fmt_dollars(chain.basis_after)}"
               + (f" (this {tax_year} return's Form 8606 line 2)." if last == tax_year - 1
                  else f". It is this {tax_year} return's line 2 only when the list goes "
                       f"through {tax_year - 1}: add the years up to it (zeros for a year "
                       "with nothing)."))
    return "\n".join(out)


class RebuildScreen(Screen[None]):
    """The years, the rebuilt chain, and the two offers; Escape goes back to the basis."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back to basis")]

    def __init__(self, session: Session, owner: str, *, forms_dir: str = "") -> None:
        super().__init__()
        self.session = session
        self.owner = owner
        self.forms_dir = forms_dir
        self.chain: Chain | None = None

    @property
    def entry(self) -> dict[str, Any]:
        """What was typed for this person, kept in the draft."""
        entry: dict[str, Any] = self.session.draft.rebuild.setdefault(self.owner, {})
        if not isinstance(entry.get("years"), list):
            entry["years"] = []
        return entry

    def compose(self) -> ComposeResult:
        whose = "your" if self.owner == "taxpayer" else "your spouse's"
        yield Static(f"Rebuild {whose} basis over years with no Form 8606", id="step-title")
        with VerticalScroll(id="body"):
            yield Static(
                "List each year from the first nondeductible contribution through "
                f"{self.session.tax_year - 1}, oldest first: the figures come from Forms "
                "5498 (box 1 contributions, box 5 value on December 31), Forms 1099-R and "
                "your bank records. Each year's Form 8606 line 2 is the line 14 of the year "
                "before (Total Basis Chart).", classes="intro")
            with Horizontal(classes="row"):
                yield Label("Basis before the first year", classes="label")
                yield Input(str(self.entry.get("starting_basis") or ""), placeholder="0",
                            id="rb-starting_basis", compact=True)
            for i, row in enumerate(self.entry["years"]):
                yield Static(f"Year {i + 1}", classes="subsection")
                with Horizontal(classes="row"):
                    yield Label("Year", classes="label")
                    yield Input(str(row.get("year") or ""), placeholder="YYYY",
                                id=f"rb-{i}-year", compact=True)
                for key, label in AMOUNTS:
                    with Horizontal(classes="row"):
                        yield Label(label, classes="label")
                        yield Input(str(row.get(key) or ""), id=f"rb-{i}-{key}",
                                    compact=True)
                with Horizontal(classes="row"):
                    yield Label(REPORTED, classes="label")
                    yield Input(str(row.get("taxable_reported") or ""),
                                placeholder="if known", id=f"rb-{i}-taxable_reported",
                                compact=True)
                yield Checkbox("A Form 8606 was filed for this year",
                               bool(row.get("form_8606_filed")),
                               id=f"rb-{i}-form_8606_filed", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Add a year", id="rb-add", compact=True)
                if self.entry["years"]:
                    yield Button("Remove the last year", id="rb-drop", compact=True)
                yield Button("Rebuild", id="rb-rebuild", variant="primary", compact=True)
            yield Static("", id="rb-chain", classes="note")
            with Horizontal(classes="buttons"):
                yield Button("Yes: use the rebuilt line 14 as this return's basis",
                             id="rb-use", compact=True, disabled=True)
            with Horizontal(classes="row"):
                yield Label("Output folder", classes="label")
                yield Input(self.session.draft.settings.get("output_dir") or "",
                            placeholder="the return's output folder", id="rb-out",
                            compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Yes: write the late-filing packet", id="rb-write",
                             compact=True, disabled=True)
                replace = Button("Yes: replace those files", id="rb-replace", compact=True)
                replace.display = False
                yield replace
                yield Button("< Back to the basis", id="rb-back", compact=True)
            yield Static("", id="rb-written", classes="note")
        yield Footer()

    def on_mount(self) -> None:
        if self.entry["years"]:
            self.rebuild()

    # -------------------------------------------------------------- typing

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("rb-")
        if name == "out":
            self.session.draft.settings["output_dir"] = event.value
        elif name == "starting_basis":
            self.entry["starting_basis"] = event.value
        elif "-" in name:
            index, key = name.split("-", 1)
            self.entry["years"][int(index)][key] = event.value
        else:
            return
        self.session.save()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        name = (event.checkbox.id or "").removeprefix("rb-")
        index, _, key = name.partition("-")
        if key == "form_8606_filed":
            self.entry["years"][int(index)][key] = event.value
            self.session.save()

    # -------------------------------------------------------------- actions

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        event.stop()
        if button in ("rb-add", "rb-drop"):
            rows = self.entry["years"]
            if button == "rb-add":
                after = str(rows[-1].get("year") or "") if rows else ""
                year = str(int(after) + 1) if after.isdigit() else ""
                rows.append({"year": year, **{k: "" for k, _ in AMOUNTS},
                             "taxable_reported": "", "form_8606_filed": False})
            elif rows:
                rows.pop()
            self.session.save()
            self.app.switch_screen(RebuildScreen(self.session, self.owner,
                                                 forms_dir=self.forms_dir))
        elif button == "rb-rebuild":
            self.rebuild()
        elif button == "rb-use":
            self.use_basis()
        elif button in ("rb-write", "rb-replace"):
            self.write(replace=button == "rb-replace")
        elif button == "rb-back":
            self.action_back()

    def action_back(self) -> None:
        self.post_message(OpenStep("basis", focus=f"{self.owner}.ira.prior_basis"))

    def identity(self) -> Identity:
        """Name and SSN as typed on the people step (an SSN not yet valid is left off)."""
        from pydantic import ValidationError

        from formhelper.files import drafts

        person = drafts.get(self.session.draft.case, self.owner, {})
        person = person if isinstance(person, dict) else {}
        name = str(person.get("name") or "")[:100]
        try:
            return Identity(name=name, ssn=str(person.get("ssn") or "") or None)
        except ValidationError:
            return Identity(name=name)

    def rebuild(self) -> None:
        from formhelper.app.rebuild import from_history

        shown = self.query_one("#rb-chain", Static)
        self.chain = None
        try:
            self.chain = from_history(typed_history(self.entry), self.identity())
        except RebuildProblem as exc:
            shown.update(f"! {exc}")
        else:
            shown.update(chain_words(self.chain, self.session.tax_year))
        self.query_one("#rb-use", Button).disabled = not self.usable()
        self.query_one("#rb-write", Button).disabled = (
            self.chain is None or not self.chain.to_file)

    def usable(self) -> bool:
        """The rebuilt line 14 is this return's line 2 only when the chain ends with the
        year just before it."""
        return self.chain is not None and self.chain.years[-1].year == (
            self.session.tax_year - 1)

    def use_basis(self) -> None:
        if self.chain is None or not self.usable():
            return
        basis: Decimal = self.chain.basis_after
        self.session.set(f"{self.owner}.ira.prior_basis", f"{basis:f}")
        self.query_one("#rb-written", Static).update(
            f"This return's Form 8606 line 2 is now {fmt_dollars(basis)}.")

    def write(self, *, replace: bool) -> None:
        from formhelper.app.rebuild import packet
        from formhelper.files.atomic import OutputConflict, write_outputs

        said = self.query_one("#rb-written", Static)
        again = self.query_one("#rb-replace", Button)
        again.display = False
        if self.chain is None:
            return
        text = self.query_one("#rb-out", Input).value.strip()
        if not text:
            from formhelper.tui.output import default_output_dir

            text = str(default_output_dir(self.session))
            self.session.draft.settings["output_dir"] = text
            self.session.save()
        folder = Path(text).expanduser()
        forms = Path(self.forms_dir) if self.forms_dir else None
        person = self.owner if self.session.married else ""
        made = packet(self.chain, forms, person=person)
        try:
            lines = write_outputs(made.outputs, folder, force=replace)
        except OutputConflict as exc:
            said.update("Not written: " + "; ".join(str(p) for p in exc.paths)
                        + (" already exists and differs." if len(exc.paths) == 1
                           else " already exist and differ.")
                        + " Replace them?")
            again.display = True
            return
        except OSError as exc:
            said.update(f"! cannot write into {folder}: {exc.strerror or exc}")
            return
        said.update("\n".join(lines + [f"note: {n}" for n in made.notes]))
