"""Command line: ``formhelper compute CASE``, ``formhelper schema``.

Exit status: 0 done, 1 bad input (a message names the field or file), 2 usage.
The heavy libraries (textual, pypdf, reportlab) are imported only by the
commands that need them.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from formhelper import __version__


def _compute(args: argparse.Namespace) -> int:
    from formhelper.app.compute import load_and_compute, print_problems
    from formhelper.files.casefile import CaseFileError
    from formhelper.render.return_text import to_json, to_text

    try:
        done = load_and_compute(Path(args.case))
    except CaseFileError as exc:
        return print_problems(exc)
    if args.json:
        print(json.dumps(to_json(done.result), indent=2))
    else:
        sys.stdout.write(to_text(done.case, done.result))
    return 0


def _schema(args: argparse.Namespace) -> int:
    from formhelper.models import CaseFile

    print(json.dumps(CaseFile.model_json_schema(), indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="formhelper",
        description=(
            "Prepare Form 8606 and Form 1040 lines 4-5 after a Roth conversion, backdoor Roth, "
            "or a plan rollover to Roth."
        ),
    )
    parser.add_argument("--version", action="version", version=f"formhelper {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    compute = sub.add_parser(
        "compute", help="compute Form 8606 and Form 1040 lines 4a-5c from a case file"
    )
    compute.add_argument("case", metavar="CASE", help="case file (.toml or .json)")
    compute.add_argument("--json", action="store_true", help="print the lines as JSON")
    compute.set_defaults(func=_compute)

    schema = sub.add_parser("schema", help="print the case file's JSON Schema")
    schema.set_defaults(func=_schema)

    # Commands that live in their own modules register themselves here, in help order.
    for register in _command_modules():
        register(sub)
    return parser


def _command_modules() -> list[Callable[[Any], None]]:
    """``register(subparsers)`` of each module under ``formhelper.commands``.

    Each module adds its own subparser and sets ``func``; it must import its heavy
    dependencies inside ``func`` so that ``--help`` stays fast.
    """
    from formhelper import commands

    return [module.register for module in commands.MODULES]


#: Commands that keep running (the wizard, a batch of returns): they keep Python's
#: cyclic garbage collector and its normal exit (see :func:`run`).  No command (a
#: terminal opens the wizard) counts as one of them.
LONG_RUNNING = frozenset({None, "wizard", "prepare-batch"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status."""
    parser = build_parser()
    return _dispatch(parser, parser.parse_args(argv))


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from formhelper.commands.wizard import run as run_wizard

            return run_wizard(argparse.Namespace(case=None, forms_dir=None))
        parser.print_help()
        return 0
    code: int = args.func(args)
    return code


def run() -> NoReturn:
    """The console command (``formhelper``, ``python -m formhelper``).

    A one-shot command (not :data:`LONG_RUNNING`) runs with the cyclic garbage
    collector off: it creates few reference cycles besides its imports, which live
    until it exits, so collecting only costs time (about 50 ms of a cold
    ``prepare``).  It then ends with ``os._exit`` once stdout and stderr are
    flushed: every file it wrote is complete by then (written and fsynced by
    :func:`formhelper.files.atomic.write_atomic`), and the interpreter's shutdown, which
    frees each of the ~700 modules a ``prepare`` imports, takes 50-80 ms for
    nothing.  A reader that closes the pipe early gives status 1, no traceback.
    Usage errors, ``--help`` and unexpected exceptions take Python's normal exit.
    """
    parser = build_parser()
    args = parser.parse_args()
    if args.command in LONG_RUNNING:
        sys.exit(_dispatch(parser, args))
    gc.disable()
    try:
        code = _dispatch(parser, args)
        sys.stdout.flush()
    except BrokenPipeError:  # `formhelper compute CASE | head -1`: the reader left early
        code = 1
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
