"""``formhelper check-1099r``: check a Form 1099-R and explain where its amounts go.

Two ways to use it::

    formhelper check-1099r --code 7D [--ira] [--age 58] [--year 2025] [--box1 N] ...
    formhelper check-1099r CASE [--json]

The first checks one form described by flags; the second every Form 1099-R of
a case file, and each person's forms against their Form 8606.  The checks are
:mod:`formhelper.calc.box7_checks` against the year's code table
(Instructions for Forms 1099-R and 5498, Table 1, Guide to Distribution
Codes, in ``forms/<year>/codes.toml``).

Exit status: 0 no error found (warnings and notes may be printed), 1 an error
found or the case file can't be used, 2 usage error.  Heavy modules are
imported inside the command so that ``formhelper --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formhelper.money import typed_amount

if TYPE_CHECKING:
    from formhelper.calc.findings import Finding
    from formhelper.render.check_text import Explanation

#: Tax year of ``--code`` checks when ``--year`` is not given.
DEFAULT_YEAR = 2025
_WIDTH = 88


def _money(text: str) -> Decimal:
    """A box amount as typed: digits, optional cents, "$" and "," allowed."""
    value = typed_amount(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount (write 1234.56)")
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be an amount of 0 or more")
    # Before the cents check: quantizing 1e100 to cents needs more digits than
    # the decimal context has, and raises.
    if value >= Decimal("1e12"):
        raise argparse.ArgumentTypeError(f"{text!r} is too large")
    if value != value.quantize(Decimal("0.01")):
        raise argparse.ArgumentTypeError(f"{text!r} has more than 2 decimal places (cents)")
    return value


def _whole(low: int, high: int, what: str) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be from {low} to {high}")
        return value

    return parse


def register(subparsers: Any) -> None:
    """Add ``check-1099r``."""
    parser = subparsers.add_parser(
        "check-1099r",
        help="check a Form 1099-R's distribution codes and boxes, and explain them",
        description=(
            "Check the box 7 distribution codes of a Form 1099-R against the year's IRS table "
            "(Instructions for Forms 1099-R and 5498, Guide to Distribution Codes), the boxes "
            "against each other and the recipient's age, and explain where the amounts go on "
            "Form 1040. Give either a case file (every form in it is checked, and each "
            "person's forms against Form 8606) or one form with --code."
        ),
    )
    parser.add_argument("case", nargs="?", metavar="CASE", help="case file (.toml or .json)")
    form = parser.add_argument_group("one form given by flags (instead of CASE)")
    form.add_argument("--code", metavar="CODES", help="box 7 code(s), e.g. 7, G, 7D")
    form.add_argument("--ira", action="store_true", help="the IRA/SEP/SIMPLE box is checked")
    form.add_argument("--age", type=_whole(0, 130, "--age"), metavar="N",
                      help="recipient's age on December 31 of the tax year")
    form.add_argument("--year", type=_whole(1900, 2100, "--year"), metavar="YEAR",
                      help=f"tax year of the form (default {DEFAULT_YEAR})")
    form.add_argument("--box1", type=_money, metavar="N", help="box 1, gross distribution")
    form.add_argument("--box2a", type=_money, metavar="N", help="box 2a, taxable amount")
    form.add_argument("--box4", type=_money, metavar="N", help="box 4, federal tax withheld")
    form.add_argument("--box5", type=_money, metavar="N",
                      help="box 5, employee contributions / designated Roth contributions")
    form.add_argument("--box11", type=_whole(1974, 2100, "--box11"), metavar="YEAR",
                      help="box 11, first year of designated Roth contributions")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.set_defaults(func=_run, check_1099r_parser=parser)


_FORM_FLAGS = ("code", "age", "year", "box1", "box2a", "box4", "box5", "box11")


def _run(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.check_1099r_parser
    if args.case is None and args.code is None:
        parser.error("give a case file (CASE) or one form's codes (--code)")
    if args.case is not None:
        given = [f"--{name}" for name in _FORM_FLAGS if getattr(args, name) is not None]
        given += ["--ira"] if args.ira else []
        if given:
            parser.error(f"{', '.join(given)} describe one form; with CASE the case file "
                         "describes the forms (give CASE or --code, not both)")
        return _check_case(Path(args.case), args.json)
    if args.box1 is None:
        needing = [f"--{n}" for n in ("box2a", "box4", "box5") if getattr(args, n) is not None]
        if needing:
            parser.error(f"{', '.join(needing)} need --box1")
    from formhelper.files.years import code_table_years as available_years
    from formhelper.files.years import supported_years

    year = DEFAULT_YEAR if args.year is None else args.year
    # The code table, and the year's figures: they say how its Form 1040 shows a
    # rollover (a line 4c/5c box, or a word next to line 4b/5b).
    years = sorted(set(available_years()) & set(supported_years()))
    if year not in years:
        parser.error(f"--year: no Form 1099-R code table for {year} "
                     f"(available: {', '.join(str(y) for y in years)})")
    return _check_flags(args, year)


def _check_flags(args: argparse.Namespace, year: int) -> int:
    from formhelper.calc.box7_checks import check_form, normalize_box7
    from formhelper.files.years import load as load_params
    from formhelper.files.years import load_codes as load
    from formhelper.models import Form1099R
    from formhelper.render.check_text import explain

    table = load(year)
    reporting = load_params(year).f1040_reporting
    # Built without validation on purpose: a box larger than box 1 or an
    # impossible code is what this command reports, as a finding.
    form = Form1099R.model_construct(
        box_1=args.box1 if args.box1 is not None else Decimal(0),
        box_2a=args.box2a,
        box_4=args.box4 if args.box4 is not None else Decimal(0),
        box_5=args.box5 if args.box5 is not None else Decimal(0),
        box_7=normalize_box7(args.code),
        ira_sep_simple=args.ira,
        box_11=args.box11,
    )
    # Anyone born in year - age is that age on December 31; only the year is known.
    born = date(year - args.age, 12, 31) if args.age is not None else None
    findings = check_form(form, table, year, born, None, birth_date_known=False)
    explanation = explain(form, table, reporting)
    if args.json:
        print(json.dumps({"tax_year": year, "findings": [_finding_json(f) for f in findings],
                          "explanation": _explanation_json(explanation, findings)},
                         indent=2))
    else:
        box = ", IRA/SEP/SIMPLE box checked" if args.ira else ""
        age = f", age {args.age} at the end of {year}" if args.age is not None else ""
        out = [f"Form 1099-R, box 7: {form.box_7 or '(empty)'}{box}, tax year {year}{age}", ""]
        out += _findings_text(findings)
        out += ["", *_explanation_text(explanation, findings)]
        sys.stdout.write("\n".join(out) + "\n")
    return _status(findings)


def _check_case(case_path: Path, as_json: bool) -> int:
    from formhelper.app.compute import load_and_compute, print_problems
    from formhelper.calc.box7_checks import form_index
    from formhelper.calc.form_checks import check_case
    from formhelper.files.casefile import CaseFileError
    from formhelper.render.check_text import explain
    from formhelper.render.field_words import form_name, payers_of, possessive

    try:
        done = load_and_compute(case_path)
    except CaseFileError as exc:
        return print_problems(exc)
    case, table, reporting = done.case, done.codes, done.params.f1040_reporting
    routes = done.result.routes
    findings = check_case(case, table, done.result.f8606, routes)
    per_form: dict[int, list[Finding]] = {i: [] for i in range(len(case.forms_1099r))}
    across: list[Finding] = []
    for finding in findings:
        index = form_index(finding)
        (per_form[index] if index is not None else across).append(finding)
    explanations = [explain(form, table, reporting, routes[i])
                    for i, form in enumerate(case.forms_1099r)]
    if as_json:
        print(json.dumps({
            "tax_year": case.tax_year,
            "forms": [
                {"index": i, "owner": form.owner.value, "payer": form.payer,
                 "findings": [_finding_json(f) for f in per_form[i]],
                 "explanation": _explanation_json(explanations[i], per_form[i])}
                for i, form in enumerate(case.forms_1099r)
            ],
            "findings": [_finding_json(f) for f in across],
        }, indent=2))
        return _status(findings)
    # Read by people: forms and fields in the words of the forms ("Form 1099-R #1 (Big
    # Brokerage)", "your spouse"), as compute's text does; --json keeps the paths.
    payers = payers_of(case.forms_1099r)
    out = [f"{case_path}: tax year {case.tax_year}, {len(case.forms_1099r)} Form(s) 1099-R", ""]
    if not case.forms_1099r:
        out += ["No Forms 1099-R in the case.", ""]
    for i, form in enumerate(case.forms_1099r):
        box = ", IRA/SEP/SIMPLE box checked" if form.ira_sep_simple else ""
        out.append(f"{form_name(i, payers)}, {possessive(form.owner.value)} form, "
                   f"box 7: {form.box_7}{box}")
        out += _indent([*_findings_text(per_form[i], payers), "",
                        *_explanation_text(explanations[i], per_form[i])])
        out.append("")
    if across:
        out.append("Across the forms")
        out += _indent(_findings_text(across, payers))
        out.append("")
    sys.stdout.write("\n".join(out))
    return _status(findings)


def _status(findings: list[Finding]) -> int:
    return 1 if any(f.severity.value == "error" for f in findings) else 0


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {"id": finding.id, "severity": finding.severity.value, "box": finding.box,
            "message": finding.message}


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def _indent(lines: list[str]) -> list[str]:
    return [f"  {line}" if line else "" for line in lines]


def _findings_text(findings: list[Finding], payers: list[str] | None = None) -> list[str]:
    """The findings as people read them: case-file paths in the messages become the words
    of the forms (:func:`formhelper.render.field_words.plain`)."""
    from formhelper.render.field_words import plain

    if not findings:
        return ["Findings: none."]
    out = ["Findings:"]
    for f in findings:
        box = f" (box {f.box})" if f.box else ""
        out.append(f"  {f.severity.value.upper()}: {f.id}{box}")
        out += _wrap(plain(f.message, payers or []), "    ")
    return out


def _box_7_wrong(findings: list[Finding]) -> bool:
    """Where the amounts go follows the codes: not said while box 7 is wrong."""
    return any(f.box == "7" and f.severity.value == "error" for f in findings)


def _explanation_json(e: Explanation, findings: list[Finding]) -> dict[str, Any] | None:
    return None if _box_7_wrong(findings) else e.model_dump(mode="json")


def _explanation_text(e: Explanation, findings: list[Finding]) -> list[str]:
    from formhelper.render.check_text import account_label

    out = ["What the codes mean:"]
    for c in e.codes:
        out += _wrap(f"Code {c.code}: {c.meaning}", "  ")
        out += _wrap(c.explain, "    ")
    if not e.codes:
        out.append(f"  (no {e.tax_year} code in box 7)")
    if _box_7_wrong(findings):
        out += _wrap("Where the amounts go on Form 1040 depends on the codes: correct box 7 "
                     "first.", "")
        return out
    out.append(f"Where it goes on the {e.tax_year} Form 1040:")
    lines = f" Lines {e.f1040_lines}." if e.f1040_lines in ("4a/4b", "5a/5b") else ""
    out += _wrap(f"From {account_label(e.account)}.{lines} {e.gross}", "  ")
    out += _wrap(e.taxable, "  ")
    out += _wrap(f"Form 8606: {e.form_8606}", "  ")
    out += _wrap(f"Additional tax: {e.form_5329}", "  ")
    for note in e.notes:
        out += _wrap(f"- {note}", "  ")
    return out
