"""Step 8: the computed lines, where each comes from, and the warnings that lead to a field."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, OptionList, Static
from textual.widgets.option_list import Option

from formhelper.render.explain import amount_text, f1040_rows, f5329_rows, f8606_rows
from formhelper.tui.base import StepScreen, live_text


class ReviewScreen(StepScreen):
    STEP = "review"

    def body(self) -> ComposeResult:
        table: DataTable[str] = DataTable(id="lines", cursor_type="row")
        table.styles.height = "auto"
        table.styles.max_height = 12
        yield table
        yield Static("", id="line-source", classes="note")
        yield Static("", id="issues-title", classes="section")
        yield OptionList(id="issues")
        with Horizontal(classes="buttons"):
            yield Button("Plan conversions for the next years", id="open-plan", compact=True)
            yield Button("Check a return from other software", id="open-verify",
                         compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#lines", DataTable)
        table.add_columns("Form", "Line", "Description", "Amount")
        self.refresh_review()
        super().on_mount()
        self.set_focus(table if table.row_count else self.query_one("#issues"))

    def refresh_review(self) -> None:
        """Fill the lines and the list of warnings (or of problems to fix first)."""
        self._sources: dict[str, str] = {}
        table = self.query_one("#lines", DataTable)
        table.clear()
        issues = self.query_one("#issues", OptionList)
        issues.clear_options()
        title = self.query_one("#issues-title", Static)
        done = self.session.computed
        if done is None:
            title.update("Fix these first (choose one to go to its field):")
            issues.display = True
            for path, messages in self.session.checked.problems.items():
                for message in messages:
                    issues.add_option(Option(f"{path}: {message}", id=f"field:{path}"))
            self.query_one("#line-source", Static).update(live_text(self.session))
            return
        case, result = done.case, done.result
        for owner, lines in result.filed_8606.items():
            form = "8606" if len(result.f8606) == 1 else f"8606 {owner.value[:3]}"
            for row in f8606_rows(case, result.routes, owner, lines):
                key = f"{owner.value}:{row.line}"
                self._sources[key] = f"Form 8606 line {row.line}: {row.source}"
                table.add_row(form, row.line, row.label[:40], row.amount, key=key)
        if not result.filed_8606:
            self._sources["none"] = "No Form 8606 is needed for this return."
            table.add_row("8606", "-", "not needed for this return", "", key="none")
        for n, row in enumerate(f1040_rows(result)):
            # By position: a 2024 return has two rows on line 4b (the amount, and the
            # word to write next to it).
            key = f"1040:{n}"
            # The table cuts the description at 40 characters; below it, it is whole.
            whole = f"{row.label}. From: " if len(row.label) > 40 else ""
            self._sources[key] = f"Form 1040 line {row.line}: {whole}{row.source}"
            table.add_row("1040", row.line, row.label[:40], row.amount, key=key)
        for owner, f5329 in result.f5329.items():
            form = "5329" if len(result.f5329) == 1 else f"5329 {owner.value[:3]}"
            for n, row in enumerate(f5329_rows(f5329)):
                key = f"5329:{owner.value}:{n}"
                self._sources[key] = f"Form 5329 line {row.line}: {row.source}"
                table.add_row(form, row.line, row.label[:40], row.amount, key=key)
        schedule_2 = result.schedule_2
        if schedule_2.line_8 is not None:
            note = (" (no Form 5329 needed: check the line 8 box)"
                    if schedule_2.line_8_not_required else "")
            self._sources["sch2:8"] = ("Schedule 2 line 8: Form 5329 line 4 of each person, or "
                                       f"10% of the code 1 amounts{note}")
            table.add_row("Sch 2", "8", "Additional tax on IRAs"[:40],
                          amount_text("line_8", schedule_2.line_8), key="sch2:8")
        count = len(result.findings)
        issues.display = count > 0
        title.update(f"Warnings ({count}); choose one to go to its field:" if count
                     else "No warnings.")
        for n, finding in enumerate(result.findings):
            where = f"field:{finding.field}" if finding.field else f"none:{n}"
            issues.add_option(Option(f"{finding.severity.value}: {finding.message}",
                                     id=f"{where}#{n}"))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else None
        if key is not None:
            self.query_one("#line-source", Static).update(self._sources.get(key, ""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("field:"):
            path = option_id.removeprefix("field:").split("#", 1)[0]
            self.wizard.go_to_field(path)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "open-plan":
            event.stop()
            self.wizard.open_plan()
            return
        if event.button.id == "open-verify":
            event.stop()
            from formhelper.tui.verify import VerifyScreen

            self.app.push_screen(VerifyScreen(self.session))
            return
        super().on_button_pressed(event)
