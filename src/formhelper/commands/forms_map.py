"""``formhelper forms map PDF [--json | --lines]`` and the new-layout half of
``formhelper forms add`` (:mod:`formhelper.app.forms_map`).

Every failure is one ``error:`` line naming the file, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formhelper.app.forms_map import Refused


def register_map(sub: Any) -> None:
    """Add ``forms map``."""
    mapper = sub.add_parser(
        "map", help="propose the field map of a blank IRS form from its printed lines")
    mapper.add_argument("pdf", metavar="PDF", type=Path)
    out = mapper.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true",
                     help="every field with its printed label, confidence and each line's text")
    out.add_argument("--lines", action="store_true",
                     help="the printed text of each line (forms/<year>/<form>.lines.json)")
    mapper.set_defaults(func=run_map)


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def run_map(args: argparse.Namespace) -> int:
    from formhelper.app.forms_map import MapError, map_file
    from formhelper.pdf.mapper import lines_json
    from formhelper.render.forms_map import to_json, to_toml

    try:
        mapped = map_file(args.pdf)
    except MapError as exc:
        return _error(str(exc))
    proposal = mapped.proposal
    if args.lines:
        sys.stdout.write(lines_json(proposal.lines))
    elif args.json:
        sys.stdout.write(to_json(proposal, args.pdf.name, mapped.sha256))
    else:
        sys.stdout.write(to_toml(proposal, args.pdf.name, mapped.sha256))
    for amb in proposal.ambiguous:
        print(f"ambiguous: {amb.key}: {amb.reason}; not mapped", file=sys.stderr)
    return 0


def _refused(exc: Refused) -> int:
    print(f"error: {exc}", file=sys.stderr)
    for change in exc.changed:
        print(f"  line {change.line} was: {change.shipped}", file=sys.stderr)
        print(f"  line {change.line} now: {change.new or '(not printed)'}", file=sys.stderr)
    if exc.changed:
        print("  formhelper cannot fill this form until a release knows the new lines; "
              "copy the figures from summary.md by hand (docs/adding-a-tax-year.md).",
              file=sys.stderr)
    return 1


def refuse_reprinted(path: Path, data: bytes, form: str, layout_year: int) -> int | None:
    """``forms add`` of a blank with the fields of a shipped layout but printed for
    another year: 1 (after the error) when a line formhelper fills changed meaning,
    else None (go on)."""
    from formhelper.app.forms_map import MapError, Refused, reprinted_changes

    try:
        changed = reprinted_changes(path, data, form, layout_year)
    except MapError as exc:
        return _error(str(exc))
    if not changed:
        return None
    listed = "; ".join(f"line {c.line}: {c.reason}" for c in changed)
    return _refused(Refused(
        f"{path}: its fields are those of the {layout_year} Form {form[1:]}, but these lines "
        f"changed meaning since the {layout_year} form: {listed}", changed))


def add_new_layout(path: Path) -> int:
    """``forms add`` of a blank whose fields match no shipped layout: derive its map,
    prove it and keep it, or refuse with the lines that changed."""
    from formhelper.app.forms_map import MapError, Refused, derive, keep
    from formhelper.pdf.fieldmap import has_map

    try:
        mapped = derive(path)
    except MapError as exc:
        return _error(str(exc))
    except Refused as exc:
        return _refused(exc)
    proposal = mapped.proposal
    assert proposal.form is not None and proposal.layout_year is not None
    if has_map(proposal.form, proposal.layout_year) and not _derived_here(proposal.form,
                                                                          proposal.layout_year):
        return _error(f"{path}: its form fields differ from the {proposal.layout_year} "
                      f"Form {proposal.form[1:]} formhelper ships; it is not that blank")
    try:
        folder = keep(mapped)
    except OSError as exc:
        return _error(f"{path}: the derived map cannot be kept ({exc})")
    print(f"Form {proposal.form[1:]} ({proposal.layout_year}): a layout formhelper does not "
          f"ship; mapped from its printed lines (confidence {proposal.confidence}, "
          f"{len(proposal.fields)} fields, lines as on the {proposal.template_year} form) "
          f"and kept with the blank in {folder}")
    return 0


def _derived_here(form: str, year: int) -> bool:
    from formhelper.pdf.fieldmap import is_derived

    return is_derived(form, year)


__all__ = ["add_new_layout", "refuse_reprinted", "register_map", "run_map"]
