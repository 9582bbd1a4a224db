"""``formhelper basis import`` and ``formhelper basis show``: the basis record
(:mod:`formhelper.calc.basis`) carried from one year's return to the next.

* ``basis import FILE [--year 2026] [-o CASE]``: next year's case file from last
  year's ``basis-<year>.json``, or from last year's Form 8606 PDF (ours carries
  the record; any other filled IRS Form 8606 is read by field name).
* ``basis show CASE_OR_RECORD [--as-of DATE] [--missing-8606 YEAR AMOUNT]``: the
  ledger, what could come out of a Roth IRA free of tax and of the 10%
  additional tax on a date, and what to do about a Form 8606 never filed.

Exit status: 0 done, 1 a bad or foreign file (the message names it) or an
existing output without ``--force``.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from formhelper.files.reading import capped, printable, short
from formhelper.money import FIRST_YEAR, LAST_YEAR, MAX_MONEY, typed_amount


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (write YYYY-MM-DD)") from None


#: Years and amounts on the command line are bounded as in the case file.
MAX_AMOUNT = MAX_MONEY


def _year(text: str) -> int:
    """A tax year written with the digits 0-9 (``int`` would also read "２０２４")."""
    shown = short(printable(text), 40)
    if not re.fullmatch(r"[0-9]{4}", text.strip(), re.ASCII):
        raise argparse.ArgumentTypeError(f"{shown!r} is not a year (write four digits 0-9)")
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"{year} is not a year from {FIRST_YEAR} to "
                                         f"{LAST_YEAR}")
    return year


def _amount(text: str) -> Decimal:
    shown = short(printable(text), 40)
    value = typed_amount(text) if len(text) <= 64 else None
    if value is None:
        raise argparse.ArgumentTypeError(f"{shown!r} is not an amount")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{shown!r} must be a positive amount")
    if value >= MAX_AMOUNT:
        raise argparse.ArgumentTypeError(f"{shown!r} is too large (amounts are below "
                                         f"{MAX_AMOUNT:,.0f})")
    if value != value.quantize(Decimal("0.01")):
        raise argparse.ArgumentTypeError(f"{shown!r}: at most 2 decimal places (cents)")
    return value


def register(subparsers: Any) -> None:
    """Add ``basis import`` and ``basis show``."""
    basis = subparsers.add_parser(
        "basis", help="carry IRA basis and Roth 5-year clocks to next year (basis records)")
    sub = basis.add_subparsers(dest="basis_command", metavar="ACTION", required=True)

    imp = sub.add_parser("import", help="start next year's case file from last year's basis "
                                        "record or Form 8606")
    imp.add_argument("file", metavar="FILE",
                     help="basis-<year>.json, or last year's filled Form 8606 PDF")
    imp.add_argument("--year", type=_year,
                     help="the tax year to start (default: the year after the record's)")
    imp.add_argument("-o", "--output", metavar="CASE", type=Path,
                     help="case file to write (.toml or .json); default: print it")
    imp.add_argument("--force", action="store_true", help="overwrite an existing CASE")
    imp.add_argument("--date-of-birth", type=_date, metavar="YYYY-MM-DD",
                     help="the taxpayer's date of birth, when the file does not carry it")
    imp.add_argument("--filing-status", choices=[
        "single", "married_filing_jointly", "married_filing_separately", "head_of_household",
        "qualifying_surviving_spouse"], help="filing status of the new year")
    imp.set_defaults(func=run_import)

    show = sub.add_parser("show", help="print the basis ledger and what can come out of a "
                                       "Roth IRA free of tax and the 10%% additional tax")
    show.add_argument("source", metavar="CASE_OR_RECORD",
                      help="a case file, a basis-<year>.json or a filled Form 8606 PDF")
    show.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                      help="the date of a distribution (default: today)")
    show.add_argument("--year", type=_year,
                      help="for a Form 8606 PDF not made by formhelper: the year after the "
                           "form's")
    show.add_argument("--missing-8606", nargs=2, metavar=("YEAR", "AMOUNT"),
                      help="a nondeductible contribution for YEAR never reported on Form "
                           "8606: what to file and how the basis is rebuilt")
    show.set_defaults(func=run_show)

    from formhelper.commands import basis_rebuild

    basis_rebuild.register(sub)


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def run_import(args: argparse.Namespace) -> int:
    from formhelper.app.compute import print_problems
    from formhelper.calc.basis import next_year_case
    from formhelper.files.atomic import Output, OutputConflict, write_outputs
    from formhelper.files.basis_record import RecordError, case_text, load_record
    from formhelper.files.casefile import CaseFileError, parse_case
    from formhelper.models import FilingStatus

    source = Path(args.file)
    try:
        loaded = load_record(source, form_year=None if args.year is None else args.year - 1)
    except RecordError as exc:
        return _error(str(exc))
    record = loaded.record
    year = args.year if args.year is not None else record.for_tax_year
    if year != record.for_tax_year:
        return _error(f"{source}: the basis record is from the {record.tax_year} return and "
                      f"starts {record.for_tax_year}, not {year}; prepare the years between "
                      "in order")
    if args.filing_status is not None:
        record = record.model_copy(update={"filing_status": FilingStatus(args.filing_status)})
    try:
        data = next_year_case(record, date_of_birth=args.date_of_birth)
    except ValueError as exc:
        return _error(f"{source}: {exc}; give --date-of-birth YYYY-MM-DD")
    try:
        parse_case(data, str(source))
    except CaseFileError as exc:
        return print_problems(exc)
    suffix = args.output.suffix if args.output is not None else ".toml"
    header = [f"Tax year {year}, started from {source.name} (the {record.tax_year} basis "
              "record) by `formhelper basis import`.",
              "Add this year's Forms 1099-R, contributions and year_end_value."]
    if loaded.how == "fields" and args.filing_status is None:
        header.append("filing_status: Form 8606 does not show it; check it.")
    text = case_text(data, suffix, header)
    for warning in loaded.warnings:
        print(f"note: {warning}", file=sys.stderr)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        status = write_outputs([Output(args.output.name, text.encode())],
                               args.output.parent, force=args.force)
    except OutputConflict as exc:
        return _error(exc.lines()[0])
    except OSError as exc:
        return _error(f"cannot write {args.output}: {exc.strerror or exc}")
    for line in status:
        print(line)
    return 0


def _load_for_show(args: argparse.Namespace) -> tuple[Any, list[str], int | None]:
    """(record, notes, tax year of the case or None) from a case, record or PDF."""
    from formhelper.app.compute import load_and_compute
    from formhelper.calc.basis import build_record, history_gaps
    from formhelper.files.basis_record import is_pdf, load_record, parse_record, read_bytes
    from formhelper.files.reading import InputError, load_json

    path = Path(args.source)
    raw = read_bytes(path)
    form_year = None if args.year is None else args.year - 1
    if is_pdf(raw):
        loaded = load_record(path, form_year=form_year)
        return loaded.record, loaded.warnings, None
    if path.suffix.lower() == ".json" or raw.lstrip().startswith(b"{"):
        try:
            data = load_json(raw.decode("utf-8-sig"), str(path))
        except (UnicodeDecodeError, InputError):
            data = None  # read below as a case file, which says what is wrong
        if isinstance(data, dict) and "format" in data:
            return parse_record(raw, str(path)), [], None
    done = load_and_compute(path)
    record = build_record(done.case, done.result)
    notes: list[str] = []
    for owner, person in done.case.people():
        rec = record.person(owner)
        if rec is not None:
            notes += [f"{owner.value}: {n}"
                      for n in history_gaps(rec, done.case.tax_year, person.ira.prior_basis)]
    return record, notes, done.case.tax_year


def run_show(args: argparse.Namespace) -> int:
    from formhelper.calc.basis import BasisRecord, history_gaps, missing_8606
    from formhelper.files.basis_record import RecordError
    from formhelper.files.casefile import CaseFileError

    missing: tuple[int, Decimal] | None = None
    if args.missing_8606 is not None:
        year_text, amount_text = args.missing_8606
        try:
            missing = (_year(year_text), _amount(amount_text))
        except (ValueError, argparse.ArgumentTypeError) as exc:
            return _error(f"--missing-8606 YEAR AMOUNT: {exc}")
    try:
        record, notes, case_year = _load_for_show(args)
    except RecordError as exc:
        return _error(str(exc))
    except CaseFileError as exc:
        # Neither a record nor a valid case file: say which file, and why as a case file.
        source = printable(args.source)
        for problem in capped(exc.problems):
            where = "" if problem.startswith(source) else f"{source}: "
            print(f"error: {where}{problem}", file=sys.stderr)
        return 1
    assert isinstance(record, BasisRecord)
    if case_year is None:
        for rec in record.people:
            notes += [f"{rec.owner.value}: {n}" for n in history_gaps(rec, record.tax_year)]
    as_of = args.as_of or date.today()
    sys.stdout.write(ledger_text(record, as_of, Path(args.source).name))
    if missing is not None:
        year, amount = missing
        for rec in record.people:
            print(f"\nForm 8606 for {year} never filed ({rec.name}):")
            for paragraph in missing_8606(rec, year, amount):
                print(f"  - {paragraph}")
        print("\nTo rebuild every year's Form 8606 and write the late-filing packet (the "
              "filled form or its lines, how to file it, whether to amend, a draft "
              "reasonable-cause statement): `formhelper basis rebuild HISTORY -o DIR` "
              "(or one case file per year).")
    for note in notes:
        print(f"note: {note}")
    return 0


def ledger_text(record: Any, as_of: date, source: str) -> str:
    """The ``basis show`` report."""
    from formhelper.calc.ages import birthday_at
    from formhelper.calc.basis import ledger
    from formhelper.calc.roth import free_amount
    from formhelper.money import fmt_dollars

    def money(value: Decimal | None) -> str:
        return "" if value is None else fmt_dollars(value)

    out = [f"Basis record of tax year {record.tax_year}, for {record.for_tax_year} "
           f"({source})", ""]
    for rec in record.people:
        born = rec.date_of_birth.isoformat() if rec.date_of_birth else "date of birth not known"
        out.append(f"{rec.name} ({rec.owner.value}), born {born}")
        basis_from = (f"{rec.traditional_ira_basis_year} Form 8606 line 14"
                      if rec.traditional_ira_basis_year else "carried without a form")
        out.append(f"  Traditional IRA basis, {record.for_tax_year} Form 8606 line 2: "
                   f"{money(rec.traditional_ira_basis)} ({basis_from})")
        if rec.history:
            cols = ["line_1", "line_2", "line_13", "line_14", "line_16", "line_17", "line_18",
                    "line_19", "line_22", "line_23", "line_24", "line_25c"]
            out.append("  Forms 8606 behind it:")
            out.append("    year " + "".join(f"{c.removeprefix('line_'):>8}" for c in cols))
            for h in rec.history:
                row = "".join(f"{money(getattr(h, c)):>8}" for c in cols)
                out.append(f"    {h.year} {row}".rstrip())
        out.append(f"  Roth IRA first funded: {rec.roth_first_contribution_year or 'not known'}"
                   f"; designated Roth contributions since: "
                   f"{rec.designated_roth_first_year or 'none known'}")
        out.append(f"  Roth IRA regular-contribution basis: "
                   f"{money(rec.roth_contribution_basis)}")
        for lay in rec.roth_layers:
            out.append(f"  {lay.year} {lay.kind.value}: taxable {money(lay.taxable)}, "
                       f"nontaxable {money(lay.nontaxable)}; 5-year window ends "
                       f"{lay.window_ends.isoformat()}")
        age = ""
        if rec.date_of_birth is not None:
            years = as_of.year - rec.date_of_birth.year - (
                (as_of.month, as_of.day) < (rec.date_of_birth.month, rec.date_of_birth.day))
            half = birthday_at(rec.date_of_birth, 59, 6)
            age = f", age {years}" + (", past 59½" if half <= as_of else "")
        out.append(f"  Out of the Roth IRAs on {as_of.isoformat()}{age}, in ordering-rule order:")
        slices = ledger(rec, as_of)
        for piece in slices:
            verdict = ("no tax, no 10%" if piece.tax_free and piece.penalty_free
                       else "no tax, 10% applies" if piece.tax_free
                       else "taxable" + ("" if piece.penalty_free else ", 10% applies"))
            out.append(f"    {piece.source:<36}{money(piece.amount) or 'the rest':>10}  "
                       f"{verdict} ({piece.why})")
        free = free_amount(slices)
        out.append(f"  Could come out with no tax and no 10% on {as_of.isoformat()}: "
                   + ("everything (qualified distribution)" if free is None
                      else fmt_dollars(free)))
        out.append("")
    return "\n".join(out)
