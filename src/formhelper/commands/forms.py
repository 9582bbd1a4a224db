"""``formhelper forms list|add|dump|fetch``: the blank IRS forms that ``prepare`` fills.

pypdf is imported inside the command functions only (``formhelper --help``
stays light).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add ``forms`` and its subcommands."""
    forms = subparsers.add_parser("forms", help="list, add, fetch or dump the blank IRS forms")
    sub = forms.add_subparsers(dest="forms_command", metavar="SUBCOMMAND", required=True)

    listing = sub.add_parser("list", help="show which blank forms are available, and where")
    listing.add_argument("--forms-dir", type=Path, help="folder of blanks laid out YEAR/FORM.pdf")
    listing.set_defaults(func=_list)

    add = sub.add_parser("add", help="accept a blank form you downloaded (copied to the cache)")
    add.add_argument("file", metavar="FILE", type=Path)
    add.set_defaults(func=_add)

    dump = sub.add_parser("dump", help="print the AcroForm field dump (JSON) of a PDF")
    dump.add_argument("pdf", metavar="PDF", type=Path)
    dump.set_defaults(func=_dump)

    from formhelper.commands.forms_map import register_map

    register_map(sub)

    fetch = sub.add_parser("fetch", help="download the blank forms of a tax year from irs.gov")
    fetch.add_argument("year", metavar="YEAR", type=int)
    fetch.set_defaults(func=_fetch)


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def _list(args: argparse.Namespace) -> int:
    from formhelper.pdf.blanks import available, search_dirs

    print("Searched: " + ", ".join(f"{path} ({how})" for how, path in search_dirs(args.forms_dir)))
    for row in available(args.forms_dir):
        name = f"{row['year']} {row['form']}"
        if row["path"]:
            print(f"  {name:<12} ok       {row['path']}  sha256 {row['sha256']}")
        else:
            print(f"  {name:<12} missing  (formhelper forms fetch {row['year']})")
    from formhelper.app.forms_map import derived_layouts

    for row in derived_layouts():
        name = f"{row['year']} {row['form']}"
        print(f"  {name:<12} derived  map from the printed lines, confidence "
              f"{row['confidence']} (lines as on the {row['template_year']} form)  "
              f"{row['path']}")
    return 0


def _not_sound(name: str, problems: list[str], known: tuple[str, int] | None) -> int:
    """``error:`` lines saying why a PDF is not kept as a blank; exit status 1."""
    from formhelper.files.reading import capped

    what = f"the Form {known[0][1:]} ({known[1]})" if known else "the PDF"
    print(f"error: {name}: not kept: {what} is not a sound blank:", file=sys.stderr)
    for problem in capped(problems, 10):
        print(f"error: {name}: {problem}", file=sys.stderr)
    fetch = f"`formhelper forms fetch {known[1]}`" if known else "irs.gov"
    print(f"error: {name}: download the blank again from irs.gov ({fetch})"
          if known else f"error: {name}: download the blank again from {fetch}",
          file=sys.stderr)
    return 1


def _add(args: argparse.Namespace) -> int:
    """Keep a blank form only once it is proven blank and sound
    (:mod:`formhelper.pdf.proof`): a filled form kept as a blank would put one
    person's name and SSN into every later return."""
    from formhelper.files.reading import InputError, printable, read_file
    from formhelper.pdf.blanks import MAX_BLANK, check_blank, identify, store

    name = printable(str(args.file))
    try:
        data = read_file(args.file, MAX_BLANK, "blank IRS form (PDF)")
    except InputError as exc:
        return _error(str(exc))
    found = identify(data, name)
    if found is None:
        # A layout formhelper does not ship: proven blank (no values, no scripts, whole),
        # then mapped from its printed lines.
        from formhelper.commands.forms_map import add_new_layout
        from formhelper.pdf.proof import prove_unshipped

        problems = prove_unshipped(data, name)
        if problems:
            return _not_sound(name, problems, None)
        return add_new_layout(args.file)
    form, year = found
    from formhelper.commands.forms_map import refuse_reprinted

    refused = refuse_reprinted(args.file, data, form, year)  # same fields, other lines?
    if refused is not None:
        return refused
    problems = check_blank(data, form, year, name)
    if problems:
        return _not_sound(name, problems, (form, year))
    try:
        target = store(data, form, year)
    except OSError as exc:
        return _error(f"cannot store {name} in the cache: {exc.strerror or exc}")
    print(f"Form {form[1:]} ({year}) stored as {target}")
    return 0


def _dump(args: argparse.Namespace) -> int:
    from formhelper.files.reading import InputError, printable, read_file
    from formhelper.pdf.blanks import MAX_BLANK
    from formhelper.pdf.bounded import PdfRefused, bounded
    from formhelper.pdf.dump import dump_bytes, to_json

    name = printable(str(args.pdf))
    try:
        data = read_file(args.pdf, MAX_BLANK, "PDF")
        with bounded(name):
            text = to_json(dump_bytes(data))
    except (InputError, PdfRefused) as exc:
        return _error(str(exc))
    sys.stdout.write(text)
    return 0


def _fetch(args: argparse.Namespace) -> int:
    from formhelper.app.fetch import fetch_blanks

    try:
        done = fetch_blanks(args.year)
    except (LookupError, ValueError) as exc:
        return _error(str(exc))
    for line in done.stored:
        print(line)
    for note in done.errors:
        print(f"error: {note}", file=sys.stderr)
    if done.failed:
        print(
            "error: some blank forms could not be fetched; check your internet connection, "
            "or download them in a browser and run `formhelper forms add FILE`",
            file=sys.stderr,
        )
        return 1
    return 0


def dump_json(path: Path) -> str:
    """The dump text of ``path`` (used by tests to compare with the committed dumps)."""
    from formhelper.pdf.dump import dump_pdf, to_json

    return to_json(dump_pdf(path))


__all__ = ["dump_json", "register"]
