"""``formhelper precheck``: before December 31, this year's Form 8606 and Form 1040
lines 4a/4b of a planned backdoor Roth or conversion, what makes it taxable, and the
remedies that can still be done this year.

    formhelper precheck --year 2026 --contribution 7000 --convert 7000 \\
        --year-end-value 63000 [--sep-value 63000] [--basis 0] [--spouse-...] \\
        [--json] [--calendar FILE [--force]]
    formhelper precheck CASE [--convert N] [--spouse-convert N] [--json] ...

Exit status: 0 done, 1 bad input (the message names the option or the field), or an
existing calendar file without ``--force``, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from formhelper.money import typed_amount

STATUSES = ["single", "married_filing_jointly", "married_filing_separately",
            "head_of_household", "qualifying_surviving_spouse"]

#: PersonOptions field -> (option suffix, help).
AMOUNTS: dict[str, tuple[str, str]] = {
    "contribution": ("contribution", "nondeductible traditional IRA contribution for the year "
                     "(Form 8606 line 1)"),
    "contribution_next_year": ("contribution-next-year", "the part of it made January 1 - "
                               "April 15 next year (line 4)"),
    "convert": ("convert", "conversion to a Roth IRA still planned before December 31"),
    "converted": ("converted", "conversions to a Roth IRA already made this year"),
    "year_end_value": ("year-end-value", "all traditional, SEP and SIMPLE IRAs expected on "
                       "December 31, after the planned moves (line 6)"),
    "outstanding_rollovers": ("outstanding-rollover", "IRA money taken out after November 1 "
                              "and rolled over next year within 60 days (line 6)"),
    "basis": ("basis", "last year's Form 8606 line 14 (this year's line 2)"),
    "sep": ("sep-value", "part of the year-end value in SEP IRAs"),
    "simple": ("simple-value", "part of the year-end value in SIMPLE IRAs"),
    "rolled_in": ("rolled-in", "part of the year-end value rolled into an IRA this year from "
                  "an employer plan"),
    "last_year_contribution": ("last-year-contribution", "contribution for last year made "
                               "January 1 - April 15 this year"),
}
#: What a case file does not hold: the planned conversion and the parts of the year-end
#: value and of the basis that name the spoilers.
WITH_CASE = ["convert", "sep", "simple", "rolled_in", "last_year_contribution"]
#: Options that describe the year without a case file.
ONLY_WITHOUT_CASE = [f for f in AMOUNTS if f not in WITH_CASE]


class BadOption(Exception):
    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"{option}: {message}")


def register(subparsers: Any) -> None:
    """Add ``precheck``."""
    p = subparsers.add_parser(
        "precheck", help="before December 31: will this year's backdoor Roth or conversion "
                         "be taxable, and what can still be done",
        description="Projects this year's Form 8606 and Form 1040 lines 4a/4b of a planned "
                    "backdoor Roth or conversion from the values expected on December 31, "
                    "names what makes it taxable and what each costs, and sets the remedies "
                    "that can still be done this year side by side with their projected "
                    "lines. A projection, not a return.")
    p.add_argument("case", metavar="CASE", nargs="?",
                   help="case file of this year: what happened so far and the December 31 "
                        "values expected (instead of the options)")
    p.add_argument("--year", metavar="YEAR", help="tax year (without CASE)")
    p.add_argument("--filing-status", choices=STATUSES,
                   help="default: single, or married_filing_jointly with --spouse-... options")
    for who, prefix in (("", ""), ("spouse's ", "spouse-")):
        for dest, (suffix, text) in AMOUNTS.items():
            p.add_argument(f"--{prefix}{suffix}", dest=f"{prefix.replace('-', '_')}{dest}",
                           metavar="AMOUNT", help=f"{who}{text}" if who else text)
        p.add_argument(f"--{prefix}date-of-birth", dest=f"{prefix.replace('-', '_')}born",
                       metavar="YYYY-MM-DD", help=f"{who}date of birth (age 50, 59½)")
    p.add_argument("--basis-record", metavar="FILE", type=Path,
                   help="last year's basis record (basis-<year>.json or the filled Form "
                        "8606): basis, dates of birth and the 5-year windows")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--calendar", metavar="FILE", type=Path,
                   help="also write the dates as an iCalendar (.ics) file")
    p.add_argument("--force", action="store_true", help="overwrite an existing --calendar FILE")
    p.set_defaults(func=run)


def _option(prefix: str, dest: str) -> str:
    suffix = AMOUNTS[dest][0] if dest in AMOUNTS else "date-of-birth"
    return f"--{prefix}{suffix}"


def amount(option: str, text: str) -> Decimal:
    """An amount as typed: dollars, cents allowed, 0 to 999,999,999,999.99."""
    from formhelper.app.precheck import amount as parse

    try:
        return parse(text)
    except ValueError as exc:
        raise BadOption(option, str(exc)) from None


def tax_year(text: str) -> int:
    from formhelper.files.years import supported_years

    years = supported_years()
    value = typed_amount(text)
    if value is None or value != value.to_integral_value():
        raise BadOption("--year", f"{text!r} is not a year")
    if int(value) not in years:
        raise BadOption("--year", f"{int(value)} is not supported (supported: "
                        + ", ".join(str(y) for y in years) + ")")
    return int(value)


def birth(option: str, text: str, year: int) -> date:
    try:
        born = date.fromisoformat(text.strip())
    except ValueError:
        raise BadOption(option, f"{text!r} is not a date written YYYY-MM-DD") from None
    if born.year < 1900:
        raise BadOption(option, "is before 1900")
    if born > date(year, 12, 31):
        raise BadOption(option, f"is after the end of the tax year ({year}-12-31)")
    return born


def person_options(args: argparse.Namespace, prefix: str, year: int) -> Any:
    """A :class:`PersonOptions` from ``--...`` (``prefix`` "") or ``--spouse-...``;
    ``None`` when none of the person's options was given."""
    from formhelper.app.precheck import PersonOptions

    attr = prefix.replace("-", "_")
    values: dict[str, Any] = {}
    for dest in AMOUNTS:
        text = getattr(args, f"{attr}{dest}")
        if text is not None:
            values[dest] = amount(_option(prefix, dest), text)
    born = getattr(args, f"{attr}born")
    if born is not None:
        values["date_of_birth"] = birth(_option(prefix, "born"), born, year)
    if not values:
        return None
    parts = sum((values.get(k, Decimal(0)) for k in ("sep", "simple", "rolled_in")), Decimal(0))
    if parts > values.get("year_end_value", Decimal(0)):
        given = [_option(prefix, k) for k in ("sep", "simple", "rolled_in") if k in values]
        raise BadOption(given[0], f"{' + '.join(given)} add up to more than "
                        f"{_option(prefix, 'year_end_value')} (they are parts of it)")
    if values.get("contribution_next_year", 0) > values.get("contribution", 0):
        raise BadOption(_option(prefix, "contribution_next_year"),
                        f"more than {_option(prefix, 'contribution')} (line 4 is part of "
                        "line 1)")
    return PersonOptions(**values)


def _given(args: argparse.Namespace, prefix: str, fields: list[str]) -> list[str]:
    attr = prefix.replace("-", "_")
    found = [_option(prefix, f) for f in fields if getattr(args, f"{attr}{f}") is not None]
    if getattr(args, f"{attr}born") is not None:
        found.append(_option(prefix, "born"))
    return found


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def prepare(args: argparse.Namespace) -> Any:
    """The :class:`formhelper.app.precheck.Prepared` of the options; raises
    :class:`BadOption`, ``CaseFileError``, ``PrecheckError``."""
    from formhelper.app.precheck import from_case, from_options, read_record
    from formhelper.files.basis_record import RecordError
    from formhelper.models import FilingStatus, Owner

    record = None
    if args.case is not None:
        extra = _given(args, "", ONLY_WITHOUT_CASE) + _given(args, "spouse-", ONLY_WITHOUT_CASE)
        if args.year is not None:
            extra.insert(0, "--year")
        if args.filing_status is not None:
            extra.insert(0, "--filing-status")
        if extra:
            raise BadOption(extra[0], "give it in the case file, not as an option, when a "
                                      "case file is given")
        from formhelper.files.casefile import load_case

        year = load_case(Path(args.case)).tax_year
        if args.basis_record is not None:
            record = _record(args.basis_record, year, read_record, RecordError)
        planned: dict[Owner, Decimal] = {}
        details: dict[Owner, dict[str, Decimal]] = {}
        for owner, prefix in ((Owner.TAXPAYER, ""), (Owner.SPOUSE, "spouse-")):
            attr = prefix.replace("-", "_")
            for dest in WITH_CASE:
                text = getattr(args, f"{attr}{dest}")
                if text is None:
                    continue
                value = amount(_option(prefix, dest), text)
                if dest == "convert":
                    planned[owner] = value
                else:
                    details.setdefault(owner, {})[dest] = value
        return from_case(Path(args.case), planned, record, details)
    if args.year is None:
        raise BadOption("--year", "give the tax year (or a case file)")
    year = tax_year(args.year)
    taxpayer = person_options(args, "", year)
    spouse = person_options(args, "spouse-", year)
    status = args.filing_status
    if spouse is not None:
        status = status or "married_filing_jointly"
        if status != "married_filing_jointly":
            raise BadOption(_given(args, "spouse-", list(AMOUNTS))[0],
                            "the spouse's IRAs are on this return only when married filing "
                            "jointly; run precheck for the spouse's own return")
    if args.basis_record is not None:
        record = _record(args.basis_record, year, read_record, RecordError)
    if taxpayer is None and record is None:
        raise BadOption("--year-end-value", "describe the year: --contribution, --convert, "
                        "--year-end-value, --basis ... (or give a case file)")
    from formhelper.app.precheck import PersonOptions

    return from_options(year, FilingStatus(status or "single"), taxpayer or PersonOptions(),
                        spouse, record)


def _record(path: Path, year: int, read: Any, error: type[Exception]) -> Any:
    try:
        return read(path, year)
    except error as exc:
        raise BadOption("--basis-record", str(exc)) from None
    except ValueError as exc:
        raise BadOption("--basis-record", f"{path}: {exc}") from None


def run(args: argparse.Namespace) -> int:
    from formhelper.app.compute import print_problems
    from formhelper.calc.precheck import PrecheckError
    from formhelper.files.casefile import CaseFileError
    from formhelper.render.ics import calendar
    from formhelper.render.precheck_text import (
        calendar_events,
        to_precheck_json,
        to_precheck_text,
    )

    try:
        done = prepare(args)
    except BadOption as exc:
        return _error(str(exc))
    except CaseFileError as exc:
        return print_problems(exc)
    except PrecheckError as exc:
        return _error(str(exc))
    except LookupError as exc:
        return _error(f"--year: {exc}")
    status: list[str] = []
    if args.calendar is not None:
        from formhelper.files.atomic import Output, OutputConflict, write_outputs

        target: Path = args.calendar
        if target.is_dir():
            return _error(f"--calendar {target}: is a folder; give a file name")
        events = calendar_events(done.precheck)
        data = calendar(events, datetime.now(UTC))
        if target.is_file():
            # The same events as the file there already: keep its DTSTAMP (RFC 5545
            # 3.8.7.2: when the event was created), so a second run changes nothing.
            from formhelper.files.reading import InputError, read_file
            from formhelper.render.ics import stamp_of

            try:
                old = read_file(target, 4 * len(data) + 4096, "calendar")
            except InputError:
                old = b""
            stamp = stamp_of(old)
            if stamp is not None and calendar(events, stamp) == old:
                data = old
        try:
            status = write_outputs([Output(target.name, data)], target.parent, force=args.force)
        except OutputConflict:
            return _error(f"--calendar {target}: exists and differs; not overwritten "
                          "(use --force)")
        except OSError as exc:
            return _error(f"--calendar {target}: cannot write: {exc.strerror or exc}")
    if args.json:
        print(json.dumps(to_precheck_json(done.precheck, done.notes, done.simple), indent=2))
    else:
        sys.stdout.write(to_precheck_text(done.case, done.precheck, done.notes, done.simple))
    for line in status:
        print(line, file=sys.stderr)
    return 0
