"""``formhelper verify THEIRS... [--case CASE] [--json]``: a second opinion on a return
made by other software (see :mod:`formhelper.app.verify`, docs/verify.md).

Exit status: 0 every line agrees, 1 a line differs, 2 usage errors and files that
cannot be read (``error:`` naming the file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add ``verify``."""
    verify = subparsers.add_parser(
        "verify", help="check a return made by other software: their Forms 8606, 1040, 5329",
        description=(
            "Check another program's Forms 8606, 1040 (lines 4a-5c, 25b) and 5329: fillable "
            "or flattened PDFs of the official IRS layout, or a typed-lines TOML/JSON file. "
            "Without --case, against the forms' own arithmetic; with --case, line by line "
            "against formhelper's return. Exit 0: everything agrees; 1: a line differs; 2: "
            "usage error or a file that cannot be read."),
    )
    verify.add_argument("theirs", metavar="THEIRS", nargs="+", type=Path,
                        help="their pages: PDF files, or a typed-lines .toml/.json file")
    verify.add_argument("--case", metavar="CASE", type=Path,
                        help="your case file: compare every line with formhelper's")
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from formhelper.app.verify import VerifyError
    from formhelper.app.verify import run as verify_return
    from formhelper.files.casefile import CaseFileError
    from formhelper.files.their_return import TheirReturnError
    from formhelper.render.verify_text import to_json, to_text

    try:
        done = verify_return(list(args.theirs), args.case)
    except CaseFileError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except (TheirReturnError, VerifyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = done.report
    if args.json:
        print(json.dumps(to_json(report, done.notes), indent=2))
    else:
        names = {(f.form, f.owner): f.name for f in done.theirs.forms if f.name}
        sys.stdout.write(to_text(report, done.notes, names))
    return 0 if report.agrees else 1
