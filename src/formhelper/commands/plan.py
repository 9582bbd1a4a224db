"""``formhelper plan``: how much to convert to Roth each year to fill a tax bracket, or,
with a household plan file, every strategy side by side and the optimum.

    formhelper plan --year 2026 --filing-status single --wages 90000 \\
        --balance 300000 --basis 30000 --bracket 24 --years 3 [--growth 5] \\
        [--inflation 2.5] [--json] [--pdf FILE [--force]]
    formhelper plan PLAN_FILE [--years N] [--growth P] [--inflation P] [--bracket P] \\
        [--irmaa-tier N] [--heirs-rate P] [--state-rate P] [--json] [--pdf FILE [--force]]

With PLAN_FILE (docs/plan-file.md) the calculation is
:func:`formhelper.app.plan.plan_household` and the report
:mod:`formhelper.render.plan_household_text`.

The calculation is :func:`formhelper.calc.plan.plan` on the figures of
:func:`formhelper.app.plan.figures_for`; the report is plain text (80 columns), JSON
(``--json``) or a PDF page (``--pdf``, written atomically, an existing different
file kept unless ``--force``).  The limits of the plan are printed on every run.

Exit status: 0 done, 1 bad input (the message names the option) or an existing
PDF without ``--force``, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from formhelper.files.reading import printable, short
from formhelper.money import FIRST_YEAR, LAST_YEAR, MAX_MONEY, typed_amount

STATUSES = ["single", "married_filing_jointly", "married_filing_separately",
            "head_of_household", "qualifying_surviving_spouse"]

#: PlanInput field -> the option that sets it, for error messages.
OPTIONS = {
    "tax_year": "--year", "filing_status": "--filing-status", "balance": "--balance",
    "basis": "--basis", "target_rate": "--bracket", "wages": "--wages",
    "other_income": "--other-income", "deduction": "--deduction",
    "taxable_income": "--taxable-income", "years": "--years", "growth": "--growth",
    "inflation": "--inflation",
}
AMOUNTS = ["balance", "basis", "wages", "other_income", "deduction", "taxable_income"]
PERCENTS = ["target_rate", "growth", "inflation"]


class BadOption(Exception):
    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"{option}: {message}")


def register(subparsers: Any) -> None:
    """Add ``plan``."""
    p = subparsers.add_parser(
        "plan", help="plan staged Roth conversions that fill a tax bracket each year",
        description="The largest Roth conversion each year that keeps taxable income inside "
                    "a target bracket, with the pro-rata rule for basis, the federal tax it "
                    "adds, and a schedule over several years. Federal ordinary income tax "
                    "only; the limits are printed with the plan.")
    p.add_argument("plan_file", nargs="?", type=Path, metavar="PLAN_FILE",
                   help="a household plan file (TOML, docs/plan-file.md): both spouses, income "
                        "by year, Social Security, RMDs, IRMAA, NIIT, state tax, the ACA premium "
                        "credit; compares no conversions, filling a bracket, staying under an "
                        "IRMAA tier or the ACA cliff, and the optimum")
    p.add_argument("--start", metavar="CASE", type=Path,
                   help="print a plan file started from a case file's return (the next year, "
                        "dates of birth, IRA balances, basis carried) to fill in")
    p.add_argument("--year", metavar="YEAR",
                   help="first tax year of the plan (later years beyond the published ones "
                        "are estimated)")
    p.add_argument("--filing-status", choices=STATUSES)
    p.add_argument("--taxable-income", metavar="AMOUNT",
                   help="taxable income before any conversion (Form 1040 line 15); or give "
                        "its parts with --wages/--other-income/--deduction")
    p.add_argument("--wages", metavar="AMOUNT", help="wages and salaries")
    p.add_argument("--other-income", metavar="AMOUNT",
                   help="other ordinary income (interest, pension, IRA distributions...)")
    p.add_argument("--deduction", metavar="AMOUNT",
                   help="deduction (default: each year's standard deduction for the status)")
    p.add_argument("--balance", metavar="AMOUNT",
                   help="value of all traditional, SEP and SIMPLE IRAs before converting")
    p.add_argument("--basis", default="0", metavar="AMOUNT",
                   help="nondeductible basis, Form 8606 line 2 (default 0)")
    p.add_argument("--bracket", metavar="PERCENT",
                   help="bracket to fill: 10, 12, 22, 24 or 32 (with PLAN_FILE: the limit on "
                        "taxable income and the bracket strategy)")
    p.add_argument("--years", metavar="N",
                   help="years to plan (default 1, or the plan file's); stops once everything "
                        "is converted")
    p.add_argument("--growth", metavar="PERCENT",
                   help="yearly growth of the balance not yet converted (default 5)")
    p.add_argument("--inflation", metavar="PERCENT",
                   help="yearly inflation for brackets not yet published (default 2.5)")
    p.add_argument("--irmaa-tier", metavar="N",
                   help="with PLAN_FILE: keep MAGI at or below this IRMAA tier (0: the standard "
                        "Medicare premium)")
    p.add_argument("--heirs-rate", metavar="PERCENT",
                   help="with PLAN_FILE: the heirs' tax rate on traditional IRAs left")
    p.add_argument("--state-rate", metavar="PERCENT",
                   help="with PLAN_FILE: a flat state income tax rate on taxable income")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument("--pdf", metavar="FILE", type=Path, help="also write the plan as a PDF page")
    p.add_argument("--force", action="store_true", help="overwrite an existing --pdf FILE")
    p.set_defaults(func=run, plan_parser=p)


#: Bounds of the options, checked on the typed text before any arithmetic
#: (``--year 1e99999999`` is a valid Decimal; turning it into an int never ends).
#: Amounts and years as in the case file; percents within +-1000.
#: (``--years`` beyond them but below a million is left to the planner's own message.)
YEARS = {"--year": (FIRST_YEAR, LAST_YEAR), "--years": (-999_999, 999_999)}
MAX_PERCENT = Decimal(1000)
#: Characters of an option's text read as a number.
MAX_TYPED = 64


def _decimal(option: str, text: str) -> Decimal:
    shown = short(printable(text), 40)
    if len(text) > MAX_TYPED:  # no number is that long (and no pattern scans it)
        raise BadOption(option, f"{shown!r} is not a number")
    value = typed_amount(text.strip().removesuffix("%"))
    if value is None:
        raise BadOption(option, f"{shown!r} is not a number")
    return value


def _amount(option: str, text: str) -> Decimal:
    """An amount option: below $1,000,000,000,000 either way, at most cents."""
    value = _decimal(option, text)
    if value.copy_abs() >= MAX_MONEY:
        raise BadOption(option, f"{short(printable(text), 40)!r} is too large (amounts are "
                                f"below {MAX_MONEY:,.0f})")
    if value != value.quantize(Decimal("0.01")):
        raise BadOption(option, f"{short(printable(text), 40)!r}: at most 2 decimal places "
                                "(cents)")
    return value


def _percent(option: str, text: str) -> Decimal:
    value = _decimal(option, text)
    if value.copy_abs() > MAX_PERCENT:
        raise BadOption(option, f"{short(printable(text), 40)!r} is out of range (a percent "
                                f"from -{MAX_PERCENT} to {MAX_PERCENT})")
    return value


def _integer(option: str, text: str) -> int:
    """A year or a count, within :data:`YEARS`, before it becomes an ``int``."""
    value = _decimal(option, text)
    low, high = YEARS[option]
    if not low <= value <= high:
        raise BadOption(option, f"{short(printable(text), 40)!r} is out of range (from {low} "
                                f"to {high})")
    if value != value.to_integral_value():
        raise BadOption(option, f"{short(printable(text), 40)!r} is not a whole number")
    return int(value)


def inputs_from_args(args: argparse.Namespace) -> Any:
    """A :class:`PlanInput` from the options; :class:`BadOption` names a bad one."""
    from pydantic import ValidationError

    from formhelper.calc.plan import PlanInput

    data: dict[str, Any] = {"filing_status": args.filing_status,
                            "tax_year": _integer("--year", args.year),
                            "years": _integer("--years", args.years or "1")}
    for field in AMOUNTS:
        text = getattr(args, field)
        if text is not None:
            data[field] = _amount(OPTIONS[field], text)
    for field in PERCENTS:
        source = {"target_rate": args.bracket, "growth": args.growth or "5",
                  "inflation": args.inflation or "2.5"}[field]
        data[field] = _percent(OPTIONS[field], source) / 100
    parts = [OPTIONS[f] for f in ("wages", "other_income", "deduction") if f in data]
    if "taxable_income" in data and parts:
        raise BadOption("--taxable-income", "give it or its parts (" + ", ".join(parts)
                        + "), not both")
    if "taxable_income" not in data and "wages" not in data and "other_income" not in data:
        raise BadOption("--taxable-income", "give the taxable income before the conversion, "
                        "or --wages and/or --other-income (with --deduction, or the standard "
                        "deduction)")
    try:
        return PlanInput.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else ""
        message = str(error["msg"]).removeprefix("Value error, ")
        raise BadOption(OPTIONS.get(field, field or "input"), message) from None


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


#: Options that describe the household: with PLAN_FILE they belong in the file.
HOUSEHOLD_OPTIONS = {"year": "--year", "filing_status": "--filing-status", "balance": "--balance",
                     "taxable_income": "--taxable-income", "wages": "--wages",
                     "other_income": "--other-income", "deduction": "--deduction"}
FILE_ONLY = {"irmaa_tier": "--irmaa-tier", "heirs_rate": "--heirs-rate",
             "state_rate": "--state-rate"}


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The plan file fields the options set."""
    out: dict[str, Any] = {}
    limits: dict[str, Any] = {}
    if args.years is not None:
        out["years"] = _integer("--years", args.years)
    for field, option in (("growth", "--growth"), ("inflation", "--inflation"),
                          ("heirs_rate", "--heirs-rate"), ("state_rate", "--state-rate")):
        text = getattr(args, field)
        if text is not None:
            out[field] = _decimal(option, text) / 100
    if args.bracket is not None:
        limits["bracket"] = _decimal("--bracket", args.bracket) / 100
    if args.irmaa_tier is not None:
        limits["irmaa_tier"] = _integer("--irmaa-tier", args.irmaa_tier)
    if limits:
        out["limits"] = limits
    return out


def _write_pdf(args: argparse.Namespace, data: bytes) -> list[str] | int:
    from formhelper.files.atomic import Output, OutputConflict, write_outputs

    target: Path = args.pdf
    if target.is_dir():
        return _error(f"--pdf {target}: is a folder; give a file name")
    try:
        return write_outputs([Output(target.name, data)], target.parent, force=args.force)
    except OutputConflict:
        return _error(f"--pdf {target}: exists and differs; not overwritten (use --force)")
    except OSError as exc:
        return _error(f"--pdf {target}: cannot write: {exc.strerror or exc}")


def run_household(args: argparse.Namespace) -> int:
    """``formhelper plan PLAN_FILE``: every strategy side by side."""
    from formhelper.app.plan import plan_household
    from formhelper.calc.plan_figures import PlanError
    from formhelper.files.plan_file import PlanFileError, read
    from formhelper.files.years import YearDataError
    from formhelper.render.plan_household_text import plan_json, plan_text

    given = [o for f, o in HOUSEHOLD_OPTIONS.items() if getattr(args, f) is not None]
    if args.basis != "0":
        given.append("--basis")
    if given:
        return _error(f"{given[0]}: with a plan file, describe the household in the file "
                      "(docs/plan-file.md), not with " + ", ".join(given))
    try:
        household = read(args.plan_file, _overrides(args))
    except BadOption as exc:
        return _error(str(exc))
    except PlanFileError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    try:
        result = plan_household(household)
    except (PlanError, YearDataError) as exc:
        return _error(f"tax_year {household.tax_year}: {exc}")
    from formhelper.render.plan_household_pdf import render

    return _report(args, lambda: render(result), plan_json(result), plan_text(result))


def run_start(args: argparse.Namespace) -> int:
    """``formhelper plan --start CASE``: a plan file started from the return."""
    from formhelper.app.compute import load_and_compute, print_problems
    from formhelper.files.casefile import CaseFileError
    from formhelper.files.plan_file import PlanFileError, skeleton
    from formhelper.files.years import YearDataError

    try:
        computed = load_and_compute(args.start)
    except CaseFileError as exc:
        return print_problems(exc)
    except YearDataError as exc:
        return _error(f"tax_year: {exc}")
    try:
        sys.stdout.write(skeleton(computed.case, computed.result.f8606))
    except PlanFileError as exc:
        return _error(exc.problems[0])
    return 0


def run(args: argparse.Namespace) -> int:
    if args.start is not None:
        if args.plan_file is not None:
            return _error("--start: give a case file to start from, or a plan file, not both")
        return run_start(args)
    if args.plan_file is not None:
        return run_household(args)
    missing = [o for f, o in (("year", "--year"), ("filing_status", "--filing-status"),
                              ("balance", "--balance"), ("bracket", "--bracket"))
               if getattr(args, f) is None]
    if missing:
        args.plan_parser.error("the following arguments are required: " + ", ".join(missing)
                               + " (or give a PLAN_FILE)")
    only = [o for f, o in FILE_ONLY.items() if getattr(args, f) is not None]
    if only:
        return _error(f"{only[0]}: only with a plan file (IRMAA, heirs and state tax are "
                      "planned from a household plan file, docs/plan-file.md)")
    return run_options(args)


def run_options(args: argparse.Namespace) -> int:
    from formhelper.app.plan import figures_for
    from formhelper.calc.plan import plan
    from formhelper.calc.plan_figures import PlanError
    from formhelper.render.plan_text import plan_json, plan_text

    try:
        inputs = inputs_from_args(args)
    except BadOption as exc:
        return _error(str(exc))
    try:
        result = plan(inputs, figures_for(inputs))
    except PlanError as exc:
        return _error(f"--year {inputs.tax_year}: {exc}")
    from formhelper.render.plan_pdf import render

    return _report(args, lambda: render(result), plan_json(result), plan_text(result))


def _report(args: argparse.Namespace, pdf: Callable[[], bytes], as_json: Any,
            as_text: str) -> int:
    """Write the plan's PDF (``--pdf``, never over a different file without ``--force``),
    then print the JSON or the text report; the PDF's status lines go to stderr."""
    status: list[str] = []
    if args.pdf is not None:
        written = _write_pdf(args, pdf())
        if isinstance(written, int):
            return written
        status = written
    if args.json:
        print(json.dumps(as_json, indent=2))
    else:
        sys.stdout.write(as_text)
    for line in status:
        print(line, file=sys.stderr)
    return 0
