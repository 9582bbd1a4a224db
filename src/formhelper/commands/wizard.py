"""``formhelper wizard [CASE]``: the terminal wizard (also ``formhelper`` with no arguments)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    wizard = subparsers.add_parser(
        "wizard",
        help="step-by-step terminal wizard: from a blank case (or CASE) to the filled forms",
    )
    wizard.add_argument("case", metavar="CASE", nargs="?",
                        help="case file to open (its draft beside it is resumed)")
    wizard.add_argument("--forms-dir", metavar="DIR",
                        help="folder with the blank IRS forms (else FORMHELPER_FORMS_DIR "
                             "or the forms cache)")
    wizard.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from formhelper.tui.app import make_app

    app = make_app(Path(args.case) if args.case else None,
                   forms_dir=Path(args.forms_dir) if args.forms_dir else None)
    app.run()
    return 0
