"""Step 8: the answer first, then every computed line with where it comes from, and the
warnings (or the fields still to fix), each leading to its field.

On top, a short panel says what goes on the return: Form 1040 lines 4a/4b/5a/5b, the
taxable part of each Form 8606, Schedule 2 line 8 and the basis carried to next year.
Below, the lines grouped by form fill the rest of the screen, descriptions wrapped at
the screen's width, amounts right-aligned; the line under the cursor says in words
where it comes from.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Button, DataTable, OptionList, Static
from textual.widgets.option_list import Option

from formhelper.money import fmt_dollars
from formhelper.render.explain import (
    Row,
    amount_text,
    f1040_rows,
    f5329_rows,
    f8606_inherited_rows,
    f8606_rows,
)
from formhelper.render.field_words import field_words, person, plain, possessive
from formhelper.tui.base import StepScreen, live_text
from formhelper.tui.messages import GoToField, OpenPlan
from formhelper.tui.session import TITLES, step_of
from formhelper.tui.verify import VerifyScreen

#: Columns of the lines table: form, line, description (the rest), amount.
FORM_WIDTH, LINE_WIDTH, AMOUNT_WIDTH = 5, 4, 11
#: Whose form, in the Form column of a joint return.
SHORT = {"taxpayer": "you", "spouse": "spouse"}


class ReviewScreen(StepScreen):
    STEP = "review"
    SCROLLS = False
    SHOWS_UNPLACED = False

    def body(self) -> ComposeResult:
        yield Static("", id="answer")
        yield DataTable(id="lines", cursor_type="row")
        yield Static("", id="line-source", classes="note")
        yield OptionList(id="issues")

    def on_mount(self) -> None:
        self.query_one("#live").display = False  # the answer panel says it, and more
        self.query_one("#field-help").display = False  # the line's source says it
        # The planner sits in the navigation row: the body keeps its height for the lines.
        nav = self.query_one("#nav")
        nav.mount(Button("Plan conversions", id="open-plan", compact=True),
                  Button("Check other software", id="open-verify", compact=True),
                  after=self.query_one("#back"))
        self.refresh_review()
        super().on_mount()
        table = self.query_one("#lines", DataTable)
        self.set_focus(table if table.row_count else self.query_one("#issues"))

    def on_resize(self) -> None:
        # On a small terminal the lines need the room more than the intro does.
        self.query_one(".intro").display = self.size.height >= 30
        self.refresh_review()

    def _description_width(self, form_width: int) -> int:
        """What the description column gets of the screen's width (at least 20)."""
        # Cell padding: one column each side of the four cells; the body's padding and
        # the scroll bar take 4 more.
        return max(20, self.size.width - form_width - LINE_WIDTH - AMOUNT_WIDTH - 8 - 4)

    def _answer(self) -> str:
        """What goes on the return, in four lines at most."""
        done = self.session.computed
        if done is None:
            return live_text(self.session, self.STEP)
        result = done.result
        f1040 = result.f1040
        amounts = [f"{label} {fmt_dollars(value)}" for label, value in (
            ("4a", f1040.line_4a), ("4b", f1040.line_4b), ("5a", f1040.line_5a),
            ("5b", f1040.line_5b)) if value is not None]
        lines = ["Form 1040: " + ("  ".join(amounts) if amounts
                                  else "no amounts on lines 4a-5b")]
        for owner, form in result.filed_8606.items():
            who = "" if len(result.f8606) == 1 else f" ({person(owner.value)})"
            taxable = [f"{fmt_dollars(v)} taxable (line {n})" for n, v in (
                ("15c", form.line_15c), ("18", form.line_18), ("25c", form.line_25c))
                if v]
            lines.append(f"Form 8606{who}: " + (", ".join(taxable) if taxable
                                                else "nothing taxable")
                         + f"; basis to next year {fmt_dollars(form.basis_carried)}")
        for owner, forms in result.filed_8606_inherited.items():
            for decedent, form in forms.items():
                taxed = (f"{fmt_dollars(form.line_15c)} taxable (line 15c)"
                         if form.line_15c else "nothing taxable")
                lines.append(f"Form 8606 for {possessive(owner.value)} IRA inherited from "
                             f"{decedent}: {taxed}; basis to next year "
                             f"{fmt_dollars(form.basis_carried)}")
        if not result.filed_8606:
            carried = [f"{fmt_dollars(f.basis_carried)}"
                       + ("" if len(result.f8606) == 1 else f" ({person(o.value)})")
                       for o, f in result.f8606.items()]
            # Beside an inherited IRA's Form 8606, "no Form 8606" is about the person's own.
            none = ("Your own IRAs: no Form 8606" if result.filed_8606_inherited
                    else "No Form 8606 needed")
            lines.append(f"{none}; basis to next year " + ", ".join(carried))
        if result.schedule_2.line_8 is not None:
            lines.append(f"Schedule 2 line 8 (additional tax): "
                         f"{fmt_dollars(result.schedule_2.line_8)}")
        return "\n".join(lines)

    def _add(self, table: DataTable[object], form: str, row: Row, key: str,
             source: str) -> None:
        self._sources[key] = source
        table.add_row(form, row.line, Text(row.label), Text(row.amount, justify="right"),
                      key=key, height=None)

    def refresh_review(self) -> None:
        """Fill the answer, the lines and the list of warnings (or problems to fix first)."""
        self._sources: dict[str, str] = {}
        answer = self.query_one("#answer", Static)
        answer.border_title = "On your return"
        answer.update(self._answer())
        table: DataTable[object] = self.query_one("#lines", DataTable)
        cursor = table.cursor_row
        done = self.session.computed
        table.clear(columns=True)
        joint = done is not None and (len(done.result.f8606) > 1 or len(done.result.f5329) > 1)
        form_width = FORM_WIDTH + (7 if joint else 0)  # "8606 spouse"
        table.add_column("Form", width=form_width, key="form")
        table.add_column("Line", width=LINE_WIDTH, key="line")
        table.add_column("Description", width=self._description_width(form_width),
                         key="label")
        table.add_column(Text("Amount", justify="right"), width=AMOUNT_WIDTH, key="amount")
        issues = self.query_one("#issues", OptionList)
        issues.clear_options()
        payers = self.session.payers()
        if done is None:
            issues.border_title = "Fix these first (Enter goes to the field)"
            issues.display = True
            table.display = False
            for path, messages in self.session.checked.problems.items():
                title = TITLES.get(step_of(path)[0], "")
                for message in messages:
                    issues.add_option(Option(f"{field_words(path, payers)} ({title}): "
                                             f"{message}", id=f"field:{path}"))
            self.query_one("#line-source", Static).update("")
            return
        table.display = True
        case, result = done.case, done.result
        for owner, lines in result.filed_8606.items():
            form = "8606" if len(result.f8606) == 1 else f"8606 {SHORT[owner.value]}"
            for row in f8606_rows(case, result.routes, owner, lines):
                self._add(table, form, row, f"{owner.value}:{row.line}",
                          f"Form 8606 line {row.line}: {row.source}")
        for owner, forms in result.filed_8606_inherited.items():
            for decedent, lines in forms.items():
                # Its own Form 8606 (Pub. 590-B, "IRA with basis"), keyed as compute
                # --json's f8606_inherited.<owner>.<decedent>.line_N.
                title = f"{possessive(owner.value)} IRA inherited from {decedent}"
                key = f"f8606_inherited.{owner.value}.{decedent}"
                self._add(table, "8606", Row("", f"Form 8606 for {title}", "", ""), key,
                          f"A separate Form 8606 for {title}: its basis never mixes with "
                          f"{possessive(owner.value)} own (Pub. 590-B, IRA with basis)")
                for row in f8606_inherited_rows(case, result.routes, owner, decedent, lines):
                    self._add(table, "8606", row, f"{key}.line_{row.line}",
                              f"Form 8606 ({title}) line {row.line}: {row.source}")
        for n, row in enumerate(f1040_rows(result, case)):
            # By position: a 2024 return has two rows on line 4b (the amount, and the
            # word to write next to it).
            self._add(table, "1040", row, f"1040:{n}",
                      f"Form 1040 line {row.line}: {row.source}")
        for owner, f5329 in result.f5329.items():
            form = "5329" if len(result.f5329) == 1 else f"5329 {SHORT[owner.value]}"
            for n, row in enumerate(f5329_rows(f5329, payers)):
                self._add(table, form, row, f"5329:{owner.value}:{n}",
                          f"Form 5329 line {row.line}: {row.source}")
        schedule_2 = result.schedule_2
        if schedule_2.line_8 is not None:
            note = (" (no Form 5329 needed: check the line 8 box)"
                    if schedule_2.line_8_not_required else "")
            self._add(table, "Sch 2", Row("8", "Additional tax on IRAs",
                                          amount_text("line_8", schedule_2.line_8), ""),
                      "sch2:8", "Schedule 2 line 8: Form 5329 line 4 of each person, or "
                      f"10% of the code 1 amounts{note}")
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        count = len(result.findings)
        issues.display = count > 0
        issues.border_title = (f"Warnings ({count}): Enter goes to the field" if count
                               else "No warnings")
        for n, finding in enumerate(result.findings):
            where = f"field:{finding.field}" if finding.field else f"none:{n}"
            issues.add_option(Option(f"{finding.severity.value}: "
                                     f"{plain(finding.message, payers)}", id=f"{where}#{n}"))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else None
        if key is not None:
            self.query_one("#line-source", Static).update(self._sources.get(key, ""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("field:"):
            path = option_id.removeprefix("field:").split("#", 1)[0]
            self.post_message(GoToField(path))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "open-plan":
            event.stop()
            self.post_message(OpenPlan())
            return
        if event.button.id == "open-verify":
            event.stop()
            self.app.push_screen(VerifyScreen(self.session))
            return
        super().on_button_pressed(event)
