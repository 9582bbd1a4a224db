"""Step 9: write the paperwork through the same pipeline as ``formhelper prepare``.

Nothing of the person's is replaced without a Yes: each return gets its own default
folder and case-file name (from the person and the year), the case file defaults
inside the output folder and follows it, and any existing file that would change (the
case file included) is listed and confirmed first; the old bytes are kept as
``<name>.bak`` and the step says so.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, ProgressBar, Static

from formhelper.files import drafts, saving
from formhelper.tui.base import StepScreen
from formhelper.tui.session import Session
from formhelper.tui.widgets import Confirm, Tick


@dataclass
class Written:
    """What a write did: status lines, or the files it would replace, or an error."""

    lines: list[str] = field(default_factory=list)
    #: Existing files that differ from what would be written (nothing was written).
    conflicts: list[Path] = field(default_factory=list)
    error: str | None = None
    #: What this write left in each file it wrote (sha256), so that writing again in
    #: the same session replaces its own files without asking.
    files: dict[Path, str] = field(default_factory=dict)


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def return_name(session: Session) -> str:
    """``pat-example-2025``: the person and the year, for a folder or file name."""
    name = str(drafts.get(session.draft.case, "taxpayer.name") or "").strip().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", name).strip("-")[:40].strip("-") or "return"
    return f"{slug}-{session.tax_year}"


def _free(path: Path) -> bool:
    """No file there, or an empty folder."""
    if not path.exists():
        return True
    return path.is_dir() and not any(path.iterdir())


def default_output_dir(session: Session, cwd: Path | None = None) -> Path:
    """Beside a case file, ``<case>-output``; else ``./<name>-<year>``, numbered
    (``-2``, ``-3``...) when a folder of that name already holds something."""
    case_path = session.draft.case_path
    if case_path is not None:
        return case_path.parent / f"{case_path.stem}-output"
    base = (cwd or Path.cwd()) / return_name(session)
    candidate, n = base, 1
    while not _free(candidate):
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def default_case_file(session: Session, out_dir: Path) -> Path:
    """The case file a draft came from; else ``<output folder>/<name>-<year>.toml``."""
    if session.draft.case_path is not None:
        return session.draft.case_path
    return out_dir / f"{return_name(session)}.toml"


def write_everything(session: Session, out_dir: Path, forms_dir: Path | None, flatten: bool,
                     replace: bool, case_file: Path | None,
                     ours: Mapping[Path, str] | None = None) -> Written:
    """Build every output and write it (and the case file); never raises for bad input.

    Without ``replace``, existing files that would change are returned as conflicts and
    nothing is written.  With it (the person said Yes), each is kept as a backup first.
    A file still holding what this session wrote there (``ours``: path -> sha256) is
    not the person's: it is replaced without asking.
    """
    ours = ours or {}
    from formhelper.app.prepare import Blocked, build
    from formhelper.files.atomic import write_outputs
    from formhelper.files.basis_record import RecordError, load_record

    done = session.computed
    if done is None:
        return Written(error="The case is not complete: see Review for what to fix.")
    prior = None
    if session.draft.prior_record:
        try:
            prior = load_record(Path(session.draft.prior_record),
                                form_year=done.case.tax_year - 1).record
        except RecordError as exc:
            return Written(error=f"last year's basis record: {exc}")
    try:
        prepared = build(done.case, done.result, done.params, forms_dir=forms_dir,
                         flatten=flatten, prior=prior)
    except Blocked as exc:
        return Written(error="Not written: formhelper does not compute this return: "
                       + "; ".join(exc.problems))
    try:
        changed = [out_dir / o.name for o in prepared.outputs
                   if (out_dir / o.name).exists() and (out_dir / o.name).read_bytes() != o.data
                   and ours.get(out_dir / o.name) != _sha(out_dir / o.name)]
        case_changes = (case_file is not None and saving.case_file_differs(done.case, case_file)
                        and ours.get(case_file) != _sha(case_file))
        if not replace and (changed or case_changes):
            return Written(conflicts=changed + ([case_file] if case_file and case_changes
                                                else []))
        kept = [f"kept      {saving.keep_backup(path)}  (the file it replaced)"
                for path in changed]
        lines = write_outputs(prepared.outputs, out_dir, force=True) + kept
    except OSError as exc:
        return Written(error=f"{out_dir}: cannot write ({exc.strerror or exc})")
    files = {out_dir / o.name: hashlib.sha256(o.data).hexdigest() for o in prepared.outputs}
    if case_file is not None:
        try:
            if ours.get(case_file) is not None and ours.get(case_file) == _sha(case_file):
                case_file.unlink()  # this session's own file: replaced, no backup
            lines += saving.save_case_file(done.case, case_file)
            files[case_file] = _sha(case_file) or ""
        except OSError as exc:
            lines.append(f"case file not saved: {case_file}: {exc.strerror or exc}")
    lines += [f"note: {n}" for n in prepared.notes]
    return Written(lines, files=files)


class OutputScreen(StepScreen):
    STEP = "output"

    def __init__(self, session: Session, *, forms_dir: str = "") -> None:
        super().__init__(session)
        #: The blank forms folder given to the wizard (``--forms-dir`` or
        #: ``FORMHELPER_FORMS_DIR``), shown until the person types another.
        self.forms_dir = forms_dir
        self.writing = False
        #: The files this step wrote, with what it wrote in them (sha256).
        self.ours: dict[Path, str] = {}

    def out_dir(self) -> Path:
        """The output folder; chosen once per return and kept in the draft, so that it
        does not move once files are in it."""
        settings = self.session.draft.settings
        if not settings.get("output_dir"):
            settings["output_dir"] = str(default_output_dir(self.session))
            self.session.save()
        return Path(settings["output_dir"]).expanduser()

    def body(self) -> ComposeResult:
        settings = self.session.draft.settings
        out = self.out_dir()
        case_file = settings.get("case_file") or str(default_case_file(self.session, out))
        with Horizontal(classes="row"):
            yield Label("Output folder", classes="label")
            yield Input(str(out), id="output-dir", compact=True)
        with Horizontal(classes="row"):
            yield Label("Save the case file as", classes="label")
            yield Input(case_file, id="case-file", compact=True)
        with Horizontal(classes="row"):
            yield Label("Blank IRS forms folder", classes="label")
            yield Input(settings.get("forms_dir") or self.forms_dir,
                        placeholder="(FORMHELPER_FORMS_DIR or the forms cache)",
                        id="forms-dir", compact=True)
        yield Tick("Flatten the PDFs (values drawn into the page)",
                   settings.get("flatten") == "yes", id="flatten", compact=True)
        with Horizontal(classes="buttons"):
            yield Button("Write the files (ctrl+n)", id="write", variant="success",
                         compact=True)
            fetch = Button("Get the missing blank forms from irs.gov", id="fetch-blanks",
                           compact=True)
            fetch.display = False  # offered when a blank was missing
            yield fetch
        progress = ProgressBar(total=3, show_eta=False, id="progress")
        progress.display = False
        yield progress
        yield Static("", id="written", classes="note")

    def on_mount(self) -> None:
        super().on_mount()
        # The last step: writing is the way on.
        self.query_one("#next", Button).display = False

    def next_here(self) -> bool:
        self.start_writing(replace=False)
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        settings = self.session.draft.settings
        if event.input.id == "output-dir":
            before = Path(settings.get("output_dir") or ".").expanduser()
            settings["output_dir"] = event.value
            box = self.query_one("#case-file", Input)
            # The case file follows the folder unless the person chose its place.
            if box.value == str(default_case_file(self.session, before)):
                box.value = str(default_case_file(self.session,
                                                  Path(event.value.strip() or ".").expanduser()))
        elif event.input.id == "case-file":
            out = Path(settings.get("output_dir") or ".").expanduser()
            if event.value == str(default_case_file(self.session, out)):
                settings.pop("case_file", None)
            else:
                settings["case_file"] = event.value
        elif event.input.id == "forms-dir":
            settings["forms_dir"] = event.value
        else:
            return
        self.session.save()

    def on_checkbox_changed(self, event: Tick.Changed) -> None:
        if event.checkbox.id == "flatten":
            self.session.draft.settings["flatten"] = "yes" if event.value else "no"
            self.session.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "write":
            event.stop()
            self.start_writing(replace=False)
            return
        if event.button.id == "fetch-blanks":
            event.stop()
            self.start_fetching()
            return
        super().on_button_pressed(event)

    # -------------------------------------------------------------- blanks from irs.gov

    def start_fetching(self) -> None:
        """Download the year's blank forms (the person asked: this step's only use of the
        network), then write again."""
        if self.writing:
            return
        self.writing = True
        self.query_one("#fetch-blanks", Button).disabled = True
        self.query_one("#write", Button).disabled = True
        self.query_one("#written", Static).update(
            "Downloading the blank IRS forms from www.irs.gov...")
        self.fetch_files()

    # Groups of their own: writing starts from the end of fetching (show_fetched), and
    # an exclusive worker cancels the running ones of its group.
    @work(thread=True, exclusive=True, group="fetch")
    def fetch_files(self) -> None:
        from formhelper.app.fetch import Fetched, fetch_blanks

        try:
            done = fetch_blanks(self.session.tax_year)
        except (LookupError, ValueError) as exc:
            done = Fetched(errors=[str(exc)], failed=["?"])
        self.app.call_from_thread(self.show_fetched, done)

    def show_fetched(self, done: object) -> None:
        from formhelper.app.fetch import Fetched

        assert isinstance(done, Fetched)
        fetch = self.query_one("#fetch-blanks", Button)
        fetch.disabled = False
        if done.failed:
            self._stopped("! Could not get every blank form from irs.gov:\n"
                          + "\n".join(done.errors) + "\nCheck the internet connection, or "
                          "download them in a browser and run: formhelper forms add FILE")
            return
        fetch.display = False
        self.writing = False
        self.start_writing(replace=False)
        self.query_one("#written", Static).update(
            "Got the blank forms from irs.gov:\n" + "\n".join(done.stored)
            + "\nFilling the forms...")

    def start_writing(self, replace: bool) -> None:
        if self.writing:
            return
        self.writing = True
        progress = self.query_one("#progress", ProgressBar)
        progress.display = True
        progress.update(progress=1)
        self.query_one("#written", Static).update("Filling the forms...")
        self.query_one("#write", Button).disabled = True
        self.write_files(replace)

    @work(thread=True, exclusive=True, group="write")
    def write_files(self, replace: bool) -> Written:
        out = Path(self.query_one("#output-dir", Input).value.strip() or ".").expanduser()
        case_text = self.query_one("#case-file", Input).value.strip()
        forms_text = self.query_one("#forms-dir", Input).value.strip()
        flatten = self.query_one("#flatten", Tick).value
        result = write_everything(self.session, out, Path(forms_text) if forms_text else None,
                                  flatten, replace, Path(case_text).expanduser()
                                  if case_text else None, ours=dict(self.ours))
        self.app.call_from_thread(self.show_written, result)
        return result

    def _stopped(self, message: str) -> None:
        """Nothing was written: no progress shown, the message, the focus on Write."""
        self.writing = False
        progress = self.query_one("#progress", ProgressBar)
        progress.update(progress=0)
        progress.display = False
        self.query_one("#written", Static).update(message)
        write = self.query_one("#write", Button)
        write.disabled = False
        write.focus()

    def show_written(self, result: Written) -> None:
        if result.error:
            self._stopped(f"! {result.error}\nNothing was written.")
            return
        if result.conflicts:
            self._stopped("")
            self.ask_to_replace(result.conflicts)
            return
        self.writing = False
        self.ours.update(result.files)
        self.query_one("#progress", ProgressBar).update(progress=3)
        missing = any(line.startswith("note: ") and " not written" in line
                      for line in result.lines)
        head = "Done." if not missing else (
            "Done, but some IRS forms were not filled: their blanks are missing (see the end). "
            "Get them from irs.gov with the button above, or name their folder.")
        self.query_one("#fetch-blanks", Button).display = missing
        out = self.query_one("#output-dir", Input).value.strip()
        folder = str(Path(out or ".").expanduser()).rstrip("/") + "/"
        # Each file by its name: the folder is said once.
        lines = [line.replace(folder, "") for line in result.lines]
        self.query_one("#written", Static).update(f"{head} In {folder}:\n" + "\n".join(lines))
        write = self.query_one("#write", Button)
        write.disabled = False
        write.focus()
        self.session.draft.settings["written"] = "yes"
        self.session.save()

    def ask_to_replace(self, paths: list[Path]) -> None:
        """List the files that would change; replace them (keeping backups) on a Yes."""
        names = "\n".join(f"  {p}" for p in paths)
        question = (f"These files exist and would change:\n{names}\nReplace them? The old "
                    "ones are kept beside them as .bak files.")

        def done(yes: bool | None) -> None:
            if yes:
                self.start_writing(replace=True)
            else:
                self._stopped("! Nothing was written: these files exist and would change:\n"
                              + names + "\nChoose another folder or case-file name, or "
                              "Write again and answer Yes to replace them (backups kept).")

        self.app.push_screen(Confirm(question), done)
