"""Step 9: write the paperwork through the same pipeline as ``formhelper prepare``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Static

from formhelper.tui.base import StepScreen
from formhelper.tui.session import Session


@dataclass
class Written:
    lines: list[str]
    conflicts: list[Path]
    error: str | None = None


def default_output_dir(session_case_path: Path | None, tax_year: int) -> Path:
    if session_case_path is not None:
        return session_case_path.parent / f"{session_case_path.stem}-output"
    return Path.cwd() / f"formhelper-{tax_year}"


def write_everything(session: Session, out_dir: Path, forms_dir: Path | None, flatten: bool,
                     force: bool, case_file: Path | None) -> Written:
    """Build and write every output (and save the case file); never raises for bad input."""
    from formhelper.app.prepare import Blocked, build
    from formhelper.files.atomic import OutputConflict, write_outputs
    from formhelper.files.basis_record import RecordError, load_record
    from formhelper.files.drafts import save_case_file
    done = session.computed
    if done is None:
        return Written([], [], "The case is not complete: see Review for what to fix.")
    prior = None
    if session.draft.prior_record:
        try:
            prior = load_record(Path(session.draft.prior_record),
                                form_year=done.case.tax_year - 1).record
        except RecordError as exc:
            return Written([], [], f"last year's basis record: {exc}")
    try:
        prepared = build(done.case, done.result, done.params, forms_dir=forms_dir,
                         flatten=flatten, prior=prior)
    except Blocked as exc:
        return Written([], [], "Not written: formhelper does not compute this return: "
                       + "; ".join(exc.problems))
    try:
        lines = write_outputs(prepared.outputs, out_dir, force=force)
    except OutputConflict as conflict:
        return Written([], conflict.paths)
    except OSError as exc:
        return Written([], [], f"{out_dir}: cannot write ({exc.strerror or exc})")
    if case_file is not None:
        try:
            lines.append(save_case_file(done.case, case_file))
        except OSError as exc:
            lines.append(f"case file not saved: {case_file}: {exc.strerror or exc}")
    lines += [f"note: {n}" for n in prepared.notes]
    return Written(lines, [])


class OutputScreen(StepScreen):
    STEP = "output"

    def body(self) -> ComposeResult:
        settings = self.session.draft.settings
        out = settings.get("output_dir") or str(
            default_output_dir(self.session.draft.case_path, self.session.tax_year))
        case_file = settings.get("case_file") or str(
            self.session.draft.case_path or Path(out) / f"case-{self.session.tax_year}.toml")
        with Horizontal(classes="row"):
            yield Label("Output folder", classes="label")
            yield Input(out, id="output-dir", compact=True)
        with Horizontal(classes="row"):
            yield Label("Save the case file as", classes="label")
            yield Input(case_file, id="case-file", compact=True)
        with Horizontal(classes="row"):
            yield Label("Blank IRS forms folder", classes="label")
            yield Input(settings.get("forms_dir") or self.wizard.forms_dir_text(),
                        placeholder="(FORMHELPER_FORMS_DIR or the forms cache)",
                        id="forms-dir", compact=True)
        yield Checkbox("Flatten the PDFs (values drawn into the page)",
                       settings.get("flatten") == "yes", id="flatten", compact=True)
        with Horizontal(classes="buttons"):
            yield Button("Write the files", id="write", variant="success", compact=True)
            yield Button("Overwrite changed files", id="overwrite", variant="error",
                         compact=True, disabled=True)
        yield ProgressBar(total=3, show_eta=False, id="progress")
        yield Static("", id="written", classes="note")

    def on_input_changed(self, event: Input.Changed) -> None:
        keys = {"output-dir": "output_dir", "case-file": "case_file", "forms-dir": "forms_dir"}
        if event.input.id in keys:
            self.session.draft.settings[keys[event.input.id]] = event.value
            self.session.save()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "flatten":
            self.session.draft.settings["flatten"] = "yes" if event.value else "no"
            self.session.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("write", "overwrite"):
            event.stop()
            self.start_writing(force=event.button.id == "overwrite")
            return
        super().on_button_pressed(event)

    def start_writing(self, force: bool) -> None:
        progress = self.query_one("#progress", ProgressBar)
        progress.update(progress=1)
        self.query_one("#written", Static).update("Filling the forms...")
        self.query_one("#write", Button).disabled = True
        self.write_files(force)

    @work(thread=True, exclusive=True)
    def write_files(self, force: bool) -> Written:
        out = Path(self.query_one("#output-dir", Input).value.strip() or ".").expanduser()
        case_text = self.query_one("#case-file", Input).value.strip()
        forms_text = self.query_one("#forms-dir", Input).value.strip()
        flatten = self.query_one("#flatten", Checkbox).value
        result = write_everything(self.session, out, Path(forms_text) if forms_text else None,
                                  flatten, force, Path(case_text).expanduser()
                                  if case_text else None)
        self.app.call_from_thread(self.show_written, result)
        return result

    def show_written(self, result: Written) -> None:
        progress = self.query_one("#progress", ProgressBar)
        written = self.query_one("#written", Static)
        self.query_one("#write", Button).disabled = False
        overwrite = self.query_one("#overwrite", Button)
        overwrite.disabled = True
        if result.error:
            progress.update(progress=0)
            written.update(f"! {result.error}")
            return
        if result.conflicts:
            progress.update(progress=2)
            names = ", ".join(p.name for p in result.conflicts)
            written.update(f"! These files exist and differ; nothing was written: {names}. "
                           "Choose another folder, or overwrite them.")
            overwrite.disabled = False
            return
        progress.update(progress=3)
        written.update("Done.\n" + "\n".join(result.lines))
        self.session.draft.settings["written"] = "yes"
        self.session.save()
