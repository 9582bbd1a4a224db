"""``formhelper basis rebuild``: rebuild the traditional IRA basis year by year and write
the late-filing packet of every year that needed a Form 8606 it lacks.

* ``basis rebuild HISTORY [-o DIR]``: from a history file (``formhelper.files.history``:
  per year the nondeductible contributions and when they were made, distributions,
  conversions, December 31 values, and whether a Form 8606 was filed);
* ``basis rebuild CASE CASE ... [--filed YEAR ...] [--reported YEAR=AMOUNT ...] [-o DIR]``:
  from one case file per year.

Without ``-o`` the chain is printed; with it, the packet is written into DIR: the chain
(``basis-chain.md``) and, per year to file, the filled Form 8606 (or its lines), a page
on filing it, and a draft reasonable-cause statement.

Exit status: 0 done, 1 a bad file or a year that cannot be figured (the message says
which), or an existing output without ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from formhelper.money import typed_amount


def _year_amount(text: str) -> tuple[int, Decimal]:
    year, sep, amount = text.partition("=")
    value = typed_amount(amount) if sep else None
    if not year.strip().isdigit() or value is None or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not YEAR=AMOUNT (like 2022=12500)")
    return int(year), value


def register(sub: Any) -> None:
    """Add ``rebuild`` to the ``basis`` actions."""
    rebuild = sub.add_parser(
        "rebuild", help="rebuild the IRA basis year by year and prepare the Forms 8606 "
                        "never filed (late-filing packet)")
    rebuild.add_argument("files", metavar="HISTORY_OR_CASE", nargs="+",
                         help="a history file (.toml/.json with [[years]]), or one case "
                              "file per year")
    rebuild.add_argument("-o", "--output", metavar="DIR", type=Path,
                         help="folder for the packet (created if missing); default: print "
                              "the chain")
    rebuild.add_argument("--filed", metavar="YEAR", type=int, action="append", default=[],
                         help="with case files: a year whose Form 8606 was filed")
    rebuild.add_argument("--reported", metavar="YEAR=AMOUNT", type=_year_amount,
                         action="append", default=[],
                         help="with case files: the taxable amount that year's return "
                              "reported for these IRA amounts (Form 1040 line 4b)")
    rebuild.add_argument("--forms-dir", metavar="DIR", type=Path,
                         help="folder of blank IRS forms laid out YEAR/FORM.pdf")
    rebuild.add_argument("--force", action="store_true",
                         help="overwrite existing outputs that differ")
    rebuild.set_defaults(func=run)


def _is_history(path: Path) -> bool:
    from formhelper.files.casefile import CaseFileError, read_data

    try:
        data = read_data(path)
    except CaseFileError:
        return False
    return isinstance(data, dict) and "years" in data and "tax_year" not in data


def run(args: argparse.Namespace) -> int:
    from formhelper.app.compute import print_problems
    from formhelper.app.rebuild import RebuildError, from_cases, from_history, packet
    from formhelper.files.casefile import CaseFileError, load_case
    from formhelper.files.history import load_history
    from formhelper.render.late_filing import chain_text

    paths = [Path(f) for f in args.files]
    try:
        if len(paths) == 1 and _is_history(paths[0]):
            if args.filed or args.reported:
                print("error: --filed and --reported go with case files; a history file "
                      "says it per year (form_8606_filed, taxable_reported)", file=sys.stderr)
                return 1
            history, identity = load_history(paths[0])
            chains = [("", from_history(history, identity))]
        else:
            cases = [load_case(p) for p in paths]
            found = from_cases(cases, filed=args.filed, reported=dict(args.reported))
            several = len(found) > 1
            names = ["taxpayer", "spouse"]
            chains = [(names[i] if several else "", c) for i, c in enumerate(found)]
    except CaseFileError as exc:
        return print_problems(exc)
    except RebuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.output is None:
        for person, chain in chains:
            sys.stdout.write(chain_text(chain, person))
        return 0
    outputs = []
    notes: list[str] = []
    for person, chain in chains:
        made = packet(chain, args.forms_dir, person=person)
        outputs += made.outputs
        notes += made.notes
    from formhelper.commands.prepare import write_or_explain

    status = write_or_explain(outputs, args.output, args.force)
    if status is None:
        return 1
    for line in status:
        print(line)
    for note in notes:
        print(f"note: {note}")
    return 0
