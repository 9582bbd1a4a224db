"""Step 3: the Forms 1099-R, listed, and one at a time laid out like the paper form."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, DataTable, Static

from formhelper.calc.findings import Severity
from formhelper.files import drafts
from formhelper.render.field_words import form_name, plain
from formhelper.tui.base import StepScreen
from formhelper.tui.messages import OpenStep
from formhelper.tui.session import Session, amount_shown, describe_source, step_of
from formhelper.tui.widgets import CheckField, ChoiceField, Confirm, FieldBase, TextField


class FormsScreen(StepScreen):
    """The list of Forms 1099-R: add, edit, remove."""

    STEP = "forms"
    SHOWS_UNPLACED = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add form", id="add-form", tooltip="Add a Form 1099-R"),
        Binding("e", "edit", "Edit", id="edit-form", tooltip="Edit the chosen form"),
        Binding("delete,x", "remove", "Remove", id="remove-form",
                tooltip="Remove the chosen form (asks first)"),
    ]

    def body(self) -> ComposeResult:
        table: DataTable[str] = DataTable(id="forms-table", cursor_type="row", zebra_stripes=True)
        table.styles.height = "auto"
        table.styles.max_height = 10
        yield table
        with Horizontal(classes="buttons"):
            yield Button("Add a form (a)", id="add", compact=True)
            if self.session.joint:
                yield Button("Add a spouse's form", id="add-spouse", compact=True)
            yield Button("Edit (e)", id="edit", compact=True)
            yield Button("Remove (x)", id="remove", compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#forms-table", DataTable)
        table.add_columns("#", "Whose", "Payer", "Box 1", "Box 7", "Account", "Fix")
        self.fill_table()
        table.focus()
        super().show_state()

    def fill_table(self) -> None:
        table = self.query_one("#forms-table", DataTable)
        table.clear()
        for index, form in enumerate(self.session.forms):
            problems = sum(len(v) for k, v in self.session.checked.problems.items()
                           if k.startswith(f"forms_1099r[{index}]"))
            owner = str(form.get("owner") or "taxpayer")
            table.add_row(
                str(index + 1), "You" if owner == "taxpayer" else "Spouse",
                (str(form.get("payer") or "") or "-")[:16], amount_shown(form.get("box_1")),
                str(form.get("box_7") or "-"), describe_source(self.session.form_source(index)),
                str(problems) if problems else "",
                key=str(index),
            )

    def _chosen(self) -> int | None:
        table = self.query_one("#forms-table", DataTable)
        if not self.session.forms:
            return None
        return min(table.cursor_row, len(self.session.forms) - 1)

    def action_add(self, owner: str = "taxpayer") -> None:
        index = self.session.add_form(owner)
        self.post_message(OpenStep("forms", form_index=index))

    def action_edit(self) -> None:
        index = self._chosen()
        if index is not None:
            self.post_message(OpenStep("forms", form_index=index))

    def action_remove(self) -> None:
        index = self._chosen()
        if index is None:
            return
        form = self.session.forms[index]
        question = (f"Remove {form_name(index, self.session.payers())}, box 1 "
                    f"{amount_shown(form.get('box_1'))}? Everything typed on it is dropped.")

        def done(yes: bool | None) -> None:
            if yes:
                self.session.remove_form(index)
                self.fill_table()
                self.show_state()

        self.app.push_screen(Confirm(question), done)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"add": lambda: self.action_add(),
                   "add-spouse": lambda: self.action_add("spouse"),
                   "edit": self.action_edit, "remove": self.action_remove}
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()
            return
        super().on_button_pressed(event)


class BoxField(TextField):
    """A Form 1099-R box: its number and name as the border title, as on paper."""

    DEFAULT_CSS = """
    BoxField { border: round $secondary; height: auto; padding: 0 1; }
    BoxField .label { display: none; }
    BoxField .problem { padding-left: 0; }
    BoxField.invalid { border: round $error; }
    """

    def on_mount(self) -> None:
        self.border_title = self.label


class FormScreen(StepScreen):
    """One Form 1099-R, boxes in the paper form's places; box 7 explained as it is typed."""

    STEP = "forms"

    def __init__(self, session: Session, index: int) -> None:
        super().__init__(session)
        self.index = index

    def title_text(self) -> str:
        return (f"{super().title_text()} - form {self.index + 1} of "
                f"{len(self.session.forms)}")

    def owns(self, path: str) -> bool:
        """The fields of this form only."""
        return step_of(path) == (self.STEP, self.index)

    def box(self, name: str, label: str, width: int = 14, **kwargs: object) -> BoxField:
        path = f"forms_1099r[{self.index}].{name}"
        value = drafts.get(self.session.draft.case, path, "")
        classes = kwargs.pop("classes", None)
        field = BoxField(path, label, "" if value is None else str(value), width=width,
                         **kwargs)  # type: ignore[arg-type]
        if isinstance(classes, str):
            field.add_class(classes)
        return field

    def body(self) -> ComposeResult:
        base = f"forms_1099r[{self.index}]"
        case = self.session.draft.case
        if self.session.joint:
            yield ChoiceField(f"{base}.owner", "Whose form (recipient)",
                              str(drafts.get(case, f"{base}.owner") or "taxpayer"),
                              [(self.session.person_name("taxpayer"), "taxpayer"),
                               (self.session.person_name("spouse"), "spouse")])
        with Grid(classes="paper"):
            yield self.box("payer", "PAYER'S name", width=30)
            yield self.box("box_1", "1 Gross distribution")
            yield self.box("box_2a", "2a Taxable amount")
            with Vertical(classes="boxes-2b"):
                yield CheckField(f"{base}.box_2b_taxable_not_determined", "",
                                 bool(drafts.get(case, f"{base}.box_2b_taxable_not_determined",
                                                 False)), "Taxable amount not determined")
                yield CheckField(f"{base}.box_2b_total_distribution", "",
                                 bool(drafts.get(case, f"{base}.box_2b_total_distribution",
                                                 False)), "Total distribution")
            yield self.box("box_3", "3 Capital gain")
            yield self.box("box_4", "4 Federal income tax withheld")
            yield self.box("box_5", "5 Employee contributions")
            with Vertical(classes="box-7"):
                yield self.box("box_7", "7 Distribution code(s)", width=4)
                yield CheckField(f"{base}.ira_sep_simple", "",
                                 bool(drafts.get(case, f"{base}.ira_sep_simple", False)),
                                 "IRA/SEP/SIMPLE")
                yield Static("", id="box-7-notes")
            yield self.box("box_9b", "9b Total employee contributions")
            yield Static("")
            # Whole-width rows: at 80 columns the paper's long labels are not cut.
            yield self.box("box_10", "10 Amount allocable to IRR within 5 years",
                           classes="wide")
            yield self.box("box_11", "11 1st year of desig. Roth contrib.", width=6,
                           classes="wide")
            yield from self.asked_when_relevant()

    def asked_when_relevant(self) -> ComposeResult:
        """Facts not printed on the form, asked only when box 7 makes them matter (or
        when something is typed already: nothing typed is hidden), one line each saying
        why.  Shown and hidden by :meth:`show_relevant` as box 7 is typed."""
        base = f"forms_1099r[{self.index}]"
        case = self.session.draft.case
        owner = str(drafts.get(case, f"{base}.owner") or "taxpayer")
        year = self.session.tax_year
        with Vertical(id="ask-form-year", classes="wide ask"):
            yield self.box("form_year", "Year printed on the form (if not the tax year)",
                           width=6, placeholder=str(year + 1))
            yield Static(f"Coded P or R: a {year + 1} form for money returned or "
                         f"recharacterized for {year} goes on this {year} return.",
                         classes="note")
        with Vertical(id="ask-inherited", classes="wide ask"):
            decedents = self.session.decedents(owner)
            chosen = str(drafts.get(case, f"{base}.inherited_from") or "")
            if decedents or chosen:
                # Not chosen: with one inherited IRA, an IRA form coded 4 is taken to be
                # from it (calc.route); with several, calc.scope asks which.
                options = [("(not chosen)", "")]
                options += [(f"The IRA inherited from {d}", d) for d in decedents]
                if chosen and chosen.casefold() not in {d.casefold() for d in decedents}:
                    options.append((f"{chosen} (not among the inherited IRAs)", chosen))
                yield ChoiceField(f"{base}.inherited_from", "Paid from", chosen, options,
                                  width="1fr")
                yield Static("Coded 4 (death): money from an IRA inherited from someone "
                             "other than your spouse goes on that IRA's own Form 8606 (with "
                             "only one, an IRA form coded 4 is from it).", classes="note")
            else:
                yield Static("Coded 4 (death): if this came from an IRA inherited from "
                             "someone other than your spouse, it has its own Form 8606. "
                             "Describe that IRA (who, basis, value on December 31):",
                             classes="note")
                with Horizontal(classes="buttons"):
                    yield Button("Describe the inherited IRA", id="describe-inherited",
                                 compact=True)
        with Vertical(id="ask-disabled", classes="wide ask"):
            whom = "You were" if owner == "taxpayer" else "Your spouse was"
            yield CheckField(f"{base}.disabled", "",
                             bool(drafts.get(case, f"{base}.disabled", False)),
                             f"{whom} disabled when this was paid")
            yield Static("Disabled (unable to work for a long time): a Roth IRA payout may "
                         "be tax-free, and the 10% additional tax does not apply "
                         "(exception 03).", classes="note")

    def show_relevant(self) -> None:
        """Show each question of :meth:`asked_when_relevant` when box 7 asks for it: a
        next-year form is coded P or R; an inherited IRA is coded 4 (Instructions for
        Forms 1099-R and 5498, box 7); disability matters to an early distribution, code
        1 or J (Form 5329 line 2 exception 03; Pub. 590-B, qualified distributions)."""
        base = f"forms_1099r[{self.index}]"
        case = self.session.draft.case
        codes = set(self.session.form_codes(self.index))

        def typed(name: str) -> bool:
            value = drafts.get(case, f"{base}.{name}", "")
            return value is True or (isinstance(value, str) and bool(value.strip()))

        self.query_one("#ask-form-year").display = bool(codes & {"P", "R"}) or typed(
            "form_year")
        self.query_one("#ask-inherited").display = "4" in codes or typed("inherited_from")
        self.query_one("#ask-disabled").display = bool(codes & {"1", "J"}) or typed(
            "disabled")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(".boxes-2b").border_title = "2b"
        self.query_one(".box-7").border_title = "7 Distribution code(s)"
        self.show_box_7()
        self.show_relevant()

    def after_edit(self, path: str) -> None:
        self.show_box_7()
        self.show_relevant()
        self.query_one("#step-title", Static).update(self.title_text())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "describe-inherited":
            event.stop()
            owner = str(drafts.get(self.session.draft.case,
                                   f"forms_1099r[{self.index}].owner") or "taxpayer")
            focus = self.session.add_inherited(owner)
            self.post_message(OpenStep("basis", focus=focus))
            return
        super().on_button_pressed(event)

    def show_box_7(self) -> None:
        meanings, findings = self.session.box_7_notes(self.index)
        lines = [f"Box 7 {m}" for m in meanings]
        for finding in findings:
            mark = "!!" if finding.severity == Severity.ERROR else "!"
            lines.append(f"{mark} {plain(finding.message, self.session.payers())}")
        self.query_one("#box-7-notes", Static).update("\n".join(lines))

    def show_state(self) -> None:
        super().show_state()
        for field in self.query(FieldBase):
            field.show_problems(self.visible_problems(field.path))
