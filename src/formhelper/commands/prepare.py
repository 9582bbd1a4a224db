"""``formhelper prepare CASE -o DIR``: fill Form 8606 and Form 1040, write the
worksheets and summaries (see :mod:`formhelper.app.prepare`).

A blank IRS form not at hand (``--forms-dir``, ``FORMHELPER_FORMS_DIR``, the cache)
is fetched from irs.gov and kept once proven blank and sound, unless ``--offline``
(or ``FORMHELPER_OFFLINE=1``): the only connection ``prepare`` ever opens.

Exit status: 0 written; 1 bad input or an existing different output without
``--force``; 3 written, but some IRS forms not filled (their blanks not at hand).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formhelper.files.atomic import Output


def register(subparsers: Any) -> None:
    """Add ``prepare``."""
    prepare = subparsers.add_parser(
        "prepare", help="fill the IRS PDFs and write worksheets and a summary into a folder"
    )
    prepare.add_argument("case", metavar="CASE", help="case file (.toml or .json)")
    prepare.add_argument("-o", "--output", metavar="DIR", type=Path, required=True,
                         help="folder to write into (created if missing)")
    add_fill_options(prepare)
    prepare.add_argument("--offline", action="store_true",
                         help="never connect: a blank IRS form not at hand is not fetched "
                              "from irs.gov (also FORMHELPER_OFFLINE=1)")
    prepare.add_argument("--prior-record", metavar="FILE", type=Path,
                         help="last year's basis record (basis-<year>.json or the filled "
                              "Form 8606 carrying it): its history goes into this year's")
    prepare.set_defaults(func=run)


def add_fill_options(parser: Any) -> None:
    """The options ``prepare`` and ``prepare-batch`` share: where the blanks are,
    flattening, overwriting."""
    parser.add_argument("--forms-dir", metavar="DIR", type=Path,
                        help="folder of blank IRS forms laid out YEAR/FORM.pdf")
    parser.add_argument("--flatten", action="store_true",
                        help="flatten the filled forms (values become page content)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite existing outputs that differ")


#: Exit status of ``prepare`` (and ``prepare-batch``) when everything else was written but
#: some IRS forms were not filled because their blanks were not at hand: a script can
#: tell it from full success (0) and from a case not prepared (1).
BLANKS_MISSING = 3


def _offline(args: argparse.Namespace) -> bool:
    """``--offline`` or ``FORMHELPER_OFFLINE=1``: never open a connection."""
    env = os.environ.get("FORMHELPER_OFFLINE", "").strip().lower()
    return bool(args.offline) or env in {"1", "true", "yes"}


def _fetch_missing(tax_year: int) -> bool:
    """Fetch the year's blank forms from irs.gov into the cache (the only network use of
    ``prepare``); True when one was stored.  Says on stderr what it did."""
    from formhelper.app.fetch import fetch_blanks

    print("fetching the blank IRS forms from irs.gov (--offline to never connect)",
          file=sys.stderr)
    try:
        fetched = fetch_blanks(tax_year)
    except (LookupError, ValueError) as exc:
        print(f"note: no blank forms to fetch: {exc}", file=sys.stderr)
        return False
    for line in fetched.stored:
        print(f"fetched {line}", file=sys.stderr)
    for line in fetched.errors:
        print(f"note: {line}", file=sys.stderr)
    return bool(fetched.stored)


def write_or_explain(outputs: list[Output], folder: Path, force: bool) -> list[str] | None:
    """Write a return's files all or none (:func:`formhelper.files.atomic.write_outputs`);
    the status lines, or ``None`` after saying on stderr why nothing (or what) was
    written.  Shared by ``prepare`` and ``basis rebuild``."""
    from formhelper.files.atomic import OutputConflict, WriteFailed, write_outputs

    try:
        return write_outputs(outputs, folder, force=force)
    except OutputConflict as exc:
        for line in exc.lines():
            print(f"error: {line}", file=sys.stderr)
    except WriteFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
    except OSError as exc:
        print(f"error: cannot write into {folder}: {exc.strerror or exc}", file=sys.stderr)
    return None


def run(args: argparse.Namespace) -> int:
    from formhelper.app.compute import load_and_compute, print_problems
    from formhelper.app.prepare import Blocked, build
    from formhelper.files.casefile import CaseFileError
    from formhelper.pdf.errors import FillError

    try:
        done = load_and_compute(Path(args.case))
    except CaseFileError as exc:
        return print_problems(exc)
    case, params, result = done.case, done.params, done.result
    prior = None
    if args.prior_record is not None:
        from formhelper.files.basis_record import RecordError, load_record

        try:
            prior = load_record(args.prior_record, form_year=case.tax_year - 1).record
        except RecordError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    try:
        prepared = build(case, result, params, forms_dir=args.forms_dir, flatten=args.flatten,
                         prior=prior, parallel=True)
    except Blocked as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    except FillError as exc:
        print(f"error: filling the form failed: {exc}", file=sys.stderr)
        return 1
    if prepared.blanks_missing and not _offline(args):
        # The blanks are not at hand: fetch the year's from irs.gov (each kept only once
        # proven blank and sound) and build again; a failed fetch leaves the notes.
        fetched = _fetch_missing(case.tax_year)
        if fetched:
            prepared = build(case, result, params, forms_dir=args.forms_dir,
                             flatten=args.flatten, prior=prior, parallel=True)
    status = write_or_explain(prepared.outputs, args.output, args.force)
    if status is None:
        return 1
    for line in status:
        print(line)
    for note in prepared.notes:
        print(f"note: {note}")
    if prepared.blanks_missing:
        print(f"not filled (no blank IRS form at hand): {', '.join(prepared.blanks_missing)}; "
              f"get the blanks with: formhelper forms fetch {params.layout_year}, or "
              "formhelper forms add FILE",
              file=sys.stderr)
        return BLANKS_MISSING
    return 0
