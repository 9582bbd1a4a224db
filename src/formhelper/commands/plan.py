"""``formhelper plan``: how much to convert to Roth each year to fill a tax bracket.

    formhelper plan --year 2026 --filing-status single --wages 90000 \\
        --balance 300000 --basis 30000 --bracket 24 --years 3 [--growth 5] \\
        [--inflation 2.5] [--json] [--pdf FILE [--force]]

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
from decimal import Decimal
from pathlib import Path
from typing import Any

from formhelper.files.reading import printable, short
from formhelper.models.types import FIRST_YEAR, LAST_YEAR, MAX_MONEY
from formhelper.money import typed_amount

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
    p.add_argument("--year", required=True, metavar="YEAR",
                   help="first tax year of the plan (later years beyond the published ones "
                        "are estimated)")
    p.add_argument("--filing-status", required=True, choices=STATUSES)
    p.add_argument("--taxable-income", metavar="AMOUNT",
                   help="taxable income before any conversion (Form 1040 line 15); or give "
                        "its parts with --wages/--other-income/--deduction")
    p.add_argument("--wages", metavar="AMOUNT", help="wages and salaries")
    p.add_argument("--other-income", metavar="AMOUNT",
                   help="other ordinary income (interest, pension, IRA distributions...)")
    p.add_argument("--deduction", metavar="AMOUNT",
                   help="deduction (default: each year's standard deduction for the status)")
    p.add_argument("--balance", required=True, metavar="AMOUNT",
                   help="value of all traditional, SEP and SIMPLE IRAs before converting")
    p.add_argument("--basis", default="0", metavar="AMOUNT",
                   help="nondeductible basis, Form 8606 line 2 (default 0)")
    p.add_argument("--bracket", required=True, metavar="PERCENT",
                   help="bracket to fill: 10, 12, 22, 24 or 32")
    p.add_argument("--years", default="1", metavar="N",
                   help="years to plan (default 1); stops once everything is converted")
    p.add_argument("--growth", default="5", metavar="PERCENT",
                   help="yearly growth of the balance not yet converted (default 5)")
    p.add_argument("--inflation", default="2.5", metavar="PERCENT",
                   help="yearly inflation for brackets not yet published (default 2.5)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument("--pdf", metavar="FILE", type=Path, help="also write the plan as a PDF page")
    p.add_argument("--force", action="store_true", help="overwrite an existing --pdf FILE")
    p.set_defaults(func=run)


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
                            "years": _integer("--years", args.years)}
    for field in AMOUNTS:
        text = getattr(args, field)
        if text is not None:
            data[field] = _amount(OPTIONS[field], text)
    for field in PERCENTS:
        source = {"target_rate": args.bracket, "growth": args.growth,
                  "inflation": args.inflation}[field]
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


def run(args: argparse.Namespace) -> int:
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
    status: list[str] = []
    if args.pdf is not None:
        from formhelper.files.atomic import Output, OutputConflict, write_outputs
        from formhelper.render.plan_pdf import render

        target: Path = args.pdf
        if target.is_dir():
            return _error(f"--pdf {target}: is a folder; give a file name")
        try:
            status = write_outputs([Output(target.name, render(result))], target.parent,
                                   force=args.force)
        except OutputConflict:
            return _error(f"--pdf {target}: exists and differs; not overwritten (use --force)")
        except OSError as exc:
            return _error(f"--pdf {target}: cannot write: {exc.strerror or exc}")
    if args.json:
        print(json.dumps(plan_json(result), indent=2))
    else:
        sys.stdout.write(plan_text(result))
    for line in status:
        print(line, file=sys.stderr)
    return 0
