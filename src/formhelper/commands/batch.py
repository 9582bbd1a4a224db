"""``formhelper prepare-batch CASES... -o DIR [--jobs N]``: ``prepare`` for many case files.

Each case file gets its own folder, ``DIR/<case file name without suffix>``
(``-2``, ``-3``... when two case files share a name; only letters, digits, ``-``,
``_`` and inner dots, so no name leads out of ``DIR``), holding what ``prepare``
writes.  The cases are spread over ``--jobs`` worker processes (default: every
CPU), which end when the batch does, even when it is killed; a progress bar goes
to stderr.  Every case goes through the same steps
as ``prepare``: :func:`formhelper.app.compute.load_and_compute`, then
:func:`formhelper.app.prepare.build` and :func:`formhelper.files.atomic.write_outputs`
(atomic files, no silent overwrite, 0600 when an SSN is inside).

Each worker process finds, checks and parses every blank form once, not once
per return (:func:`formhelper.pdf.blanks.find_blank` and
:func:`formhelper.pdf.opened.parsed` keep what they read); with the ``fork`` start
method the workers inherit the blanks the parent parsed.

Exit status: 0 every case prepared, 1 any case not prepared (each one is named
on stderr, the others are still written), 2 usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from formhelper.commands.prepare import add_fill_options

if TYPE_CHECKING:
    from concurrent.futures import Future

#: Width of the progress bar, in characters.
BAR_WIDTH = 30


def register(subparsers: Any) -> None:
    """Add ``prepare-batch``."""
    batch = subparsers.add_parser(
        "prepare-batch",
        help="run prepare on many case files, one output folder per case, in parallel",
        description=(
            "Prepare every case file given: each gets its own folder DIR/NAME (NAME is the case "
            "file's name without .toml/.json) holding what `formhelper prepare` writes."
        ),
    )
    batch.add_argument("cases", nargs="+", metavar="CASE", help="case files (.toml or .json)")
    batch.add_argument("-o", "--output", metavar="DIR", type=Path, required=True,
                       help="folder that receives one folder per case (created if missing)")
    batch.add_argument("--jobs", "-j", metavar="N", type=_jobs, default=None,
                       help="worker processes (default: the number of CPUs)")
    add_fill_options(batch)
    batch.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    batch.set_defaults(func=run)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 256:
        raise argparse.ArgumentTypeError("--jobs must be from 1 to 256")
    return value


@dataclass(frozen=True)
class Task:
    case: Path
    folder: Path
    forms_dir: Path | None
    flatten: bool
    force: bool


@dataclass
class Outcome:
    case: Path
    folder: Path
    ok: bool
    #: Files written (not counting those already identical).
    written: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: IRS forms not filled for want of their blank (output names).
    blanks_missing: list[str] = field(default_factory=list)


#: Names Windows keeps for devices: no output folder is called that.
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                       *(f"LPT{i}" for i in range(1, 10))})


def folder_name(case: Path) -> str:
    """A safe folder name from a case file's name: letters, digits, ``-``, ``_`` and
    inner dots only, no leading dot (``..`` or ``...toml`` cannot climb out of
    ``-o DIR``), at most 100 characters; ``case`` when nothing is left."""
    stem = case.stem if case.suffix.lower() in (".toml", ".json") else case.name
    name = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)
    name = name.strip(". ")[:100].rstrip(". ")
    if not name or name.upper().split(".")[0] in _RESERVED:
        name = f"case-{name}" if name else "case"
    return name


def folders_for(cases: Sequence[Path], output: Path) -> list[Path]:
    """One folder per case inside ``output``, named after the case file
    (:func:`folder_name`); a repeated name gets ``-2``, ``-3``..."""
    used: set[str] = set()
    folders = []
    for case in cases:
        stem = folder_name(case)
        name, n = stem, 1
        while name.casefold() in used:
            n += 1
            name = f"{stem}-{n}"
        used.add(name.casefold())
        folders.append(output / name)
    return folders


# ---------------------------------------------------------------------------
# Blank forms found once per process


def _warm(forms_dir: Path | None) -> None:
    """Import what a return needs and find the blanks, before the workers start."""
    # The heavy modules, imported once here (inherited by forked workers).
    import formhelper.app.prepare
    import formhelper.pdf.fill
    import formhelper.render.summary
    import formhelper.render.worksheets  # noqa: F401
    from formhelper.pdf import blanks
    from formhelper.pdf.fieldmap import committed_dumps

    for form, year, _path in committed_dumps():
        with suppress(blanks.BlankMissing):
            blanks.find_blank(form, year, forms_dir)


def _init_worker(forms_dir: Path | None, parent: int) -> None:
    """Pool initializer: end with the parent, then import and find the blanks once per
    worker (``blanks.find_blank`` keeps what it read for the life of the process)."""
    end_with_parent(parent)
    _warm(forms_dir)


#: prctl(2) option: the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int, poll_seconds: float = 0.5) -> None:
    """Make this worker end when ``parent`` (the batch) dies, even by SIGKILL: on Linux
    the kernel sends it SIGKILL (``prctl(PR_SET_PDEATHSIG)``); everywhere a daemon
    thread sees the parent process change and exits.  A killed batch otherwise left
    its workers waiting for work forever."""
    import threading

    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before this worker started
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(poll_seconds)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


# ---------------------------------------------------------------------------
# One case


def prepare_one(task: Task) -> Outcome:
    """What ``formhelper prepare CASE -o FOLDER`` does, returned instead of printed."""
    from formhelper.app.compute import load_and_compute
    from formhelper.app.prepare import Blocked, build
    from formhelper.files.atomic import OutputConflict, WriteFailed, write_outputs
    from formhelper.files.casefile import CaseFileError
    from formhelper.files.reading import capped
    from formhelper.pdf.errors import FillError

    outcome = Outcome(task.case, task.folder, ok=False)
    try:
        done = load_and_compute(task.case)
    except CaseFileError as exc:
        outcome.errors = [_about(task.case, problem) for problem in capped(exc.problems)]
        return outcome
    try:
        prepared = build(done.case, done.result, done.params, forms_dir=task.forms_dir,
                         flatten=task.flatten)
    except Blocked as exc:
        outcome.errors = [_about(task.case, problem) for problem in exc.problems]
        return outcome
    except FillError as exc:
        outcome.errors = [f"{task.case}: filling the form failed: {exc}"]
        return outcome
    try:
        status = write_outputs(prepared.outputs, task.folder, force=task.force)
    except OutputConflict as exc:
        outcome.errors = exc.lines()
        return outcome
    except WriteFailed as exc:
        outcome.errors = [str(exc)]
        return outcome
    except OSError as exc:
        outcome.errors = [f"cannot write into {task.folder}: {exc.strerror or exc}"]
        return outcome
    outcome.ok = True
    outcome.written = sum(1 for line in status if line.startswith("wrote"))
    outcome.notes = [f"{task.case}: {note}" for note in prepared.notes]
    outcome.blanks_missing = list(prepared.blanks_missing)
    return outcome


def _about(case: Path, problem: str) -> str:
    """A case-file problem prefixed with the file, unless it already names it."""
    from formhelper.files.casefile import printable

    name = printable(str(case))
    return problem if problem.startswith(f"{name}: ") else f"{name}: {problem}"


def _safe(task: Task) -> Outcome:
    """:func:`prepare_one`, with any unexpected failure reported for this case only."""
    try:
        return prepare_one(task)
    except Exception as exc:  # one broken case must not stop the other 999
        return Outcome(task.case, task.folder, ok=False,
                       errors=[f"{task.case}: not prepared: {type(exc).__name__}: {exc}"])


# ---------------------------------------------------------------------------
# Progress


class Progress:
    """The batch's progress on stderr.

    On a terminal, rich draws it (bar, done/total, percent, time so far and left) and
    redraws it in place; otherwise (a log file) a plain line
    ``[#####.....]  512/1000  51%  12.3 s`` is written at every 10%.
    """

    def __init__(self, total: int, stream: TextIO, enabled: bool = True) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 0
        self.tty = stream.isatty()
        self.done = 0
        self.start = time.monotonic()
        self._shown = -1
        self._rich: Any = None
        self._task: Any = None
        if self.enabled and self.tty:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TaskProgressColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress

            self._rich = RichProgress(
                BarColumn(bar_width=BAR_WIDTH), MofNCompleteColumn(), TaskProgressColumn(),
                TimeElapsedColumn(), TimeRemainingColumn(),
                console=Console(file=stream), transient=False)
            self._task = self._rich.add_task("prepare", total=total)
            self._rich.start()

    def step(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self._rich is not None:
            self._rich.advance(self._task)
            return
        percent = self.done * 100 // self.total
        if percent // 10 != self._shown // 10 or self.done == self.total:
            self.stream.write(self.line() + "\n")
            self.stream.flush()
            self._shown = percent

    def line(self) -> str:
        filled = self.done * BAR_WIDTH // self.total
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        width = len(str(self.total))
        return (f"[{bar}] {self.done:>{width}}/{self.total} {self.done * 100 // self.total:3d}% "
                f"{time.monotonic() - self.start:6.1f} s")

    def finish(self) -> None:
        if self._rich is not None:
            self._rich.stop()


# ---------------------------------------------------------------------------
# The command


def run_tasks(tasks: Sequence[Task], jobs: int,
              on_done: Callable[[Outcome], None] = lambda _o: None) -> list[Outcome]:
    """Prepare every task, ``jobs`` at a time; outcomes in the order of ``tasks``."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    forms_dir = tasks[0].forms_dir if tasks else None
    outcomes: dict[int, Outcome] = {}
    _warm(forms_dir)
    if jobs <= 1 or len(tasks) <= 1:
        for index, task in enumerate(tasks):
            outcomes[index] = _safe(task)
            on_done(outcomes[index])
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                 initargs=(forms_dir, os.getpid())) as pool:
            futures: dict[Future[Outcome], int] = {
                pool.submit(_safe, task): index for index, task in enumerate(tasks)
            }
            for future in as_completed(futures):
                index = futures[future]
                try:
                    outcomes[index] = future.result()
                except BrokenProcessPool:
                    task = tasks[index]
                    outcomes[index] = Outcome(
                        task.case, task.folder, ok=False,
                        errors=[f"{task.case}: not prepared: a worker process died"])
                on_done(outcomes[index])
    return [outcomes[i] for i in range(len(tasks))]


def run(args: argparse.Namespace) -> int:
    from formhelper.commands.prepare import BLANKS_MISSING

    cases = [Path(c) for c in args.cases]
    jobs = args.jobs or os.cpu_count() or 1
    folders = folders_for(cases, args.output)
    tasks = [Task(case, folder, args.forms_dir, args.flatten, args.force)
             for case, folder in zip(cases, folders, strict=True)]
    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"error: cannot create {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    progress = Progress(len(tasks), sys.stderr, enabled=not args.no_progress)
    outcomes = run_tasks(tasks, min(jobs, len(tasks)), lambda _o: progress.step())
    progress.finish()
    failed = [o for o in outcomes if not o.ok]
    notes = sorted({note.split(": ", 1)[1] for o in outcomes for note in o.notes})
    for outcome in failed:
        for error in outcome.errors:
            print(f"error: {error}", file=sys.stderr)
    for note in notes:
        print(f"note: {note}")
    written = sum(o.written for o in outcomes)
    print(f"prepared {len(outcomes) - len(failed)} of {len(outcomes)} case(s) into "
          f"{args.output} ({written} file(s) written)"
          + (f"; {len(failed)} not prepared" if failed else ""))
    if failed:
        return 1
    unfilled = sorted({name for o in outcomes for name in o.blanks_missing})
    if unfilled:
        print(f"not filled (no blank IRS form at hand): {', '.join(unfilled)}; get the "
              "blanks with: formhelper forms fetch YEAR", file=sys.stderr)
        return BLANKS_MISSING
    return 0
