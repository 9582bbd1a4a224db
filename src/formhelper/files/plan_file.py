"""Reading a household plan file (TOML) into a
:class:`formhelper.calc.plan_household.Household`, with one plain message per problem
naming the field (``people[1].birth_date: not a date (write YYYY-MM-DD)``).

The format is described in docs/plan-file.md; ``samples/plans/couple-2026.toml`` is one.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from formhelper.calc.f8606 import F8606Lines
from formhelper.calc.plan_household import STATUSES, Household
from formhelper.models import CaseFile, Owner

MAX_BYTES = 1_000_000


class PlanFileError(Exception):
    """The plan file can't be used; ``problems`` holds one message per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _where(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("decimal", "dict[int,decimal]", "function-after[_series(), union]"):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "plan file"


def _message(error: Any) -> str:
    kinds = {
        "missing": "required",
        "extra_forbidden": "unknown field (check the spelling; see docs/plan-file.md)",
        "decimal_parsing": "not an amount (write digits, like 1234.56)",
        "date_from_datetime_parsing": "not a date (write YYYY-MM-DD)",
        "date_parsing": "not a date (write YYYY-MM-DD)",
        "date_type": "not a date (write YYYY-MM-DD)",
        "int_parsing": "not a whole number",
        "bool_type": "must be true or false",
        "enum": "unsupported value",
    }
    message = kinds.get(error["type"], str(error["msg"]).removeprefix("Value error, "))
    if not error["loc"]:
        # A check of the whole plan: its message starts with the field it is about.
        return message
    return f"{_where(tuple(error['loc']))}: {message}"


def parse(data: dict[str, Any]) -> Household:
    """A :class:`Household` from the file's data; :class:`PlanFileError` lists problems."""
    try:
        return Household.model_validate(data)
    except ValidationError as exc:
        seen: list[str] = []
        for error in exc.errors():
            text = _message(error)
            if text not in seen:
                seen.append(text)
        raise PlanFileError(seen) from None


def read(path: Path, overrides: dict[str, Any] | None = None) -> Household:
    """Read ``path`` (TOML; amounts may be written as numbers or strings), apply
    ``overrides`` (top-level fields given as command-line options) and validate."""
    from formhelper.files.reading import InputError, load_toml, printable, read_file

    name = printable(str(path))
    try:  # a regular file, its size checked first; its shape bounded (docs/limits.md)
        text = read_file(path, MAX_BYTES, "plan file").decode("utf-8-sig")
        data: dict[str, Any] = load_toml(text, name, parse_float=Decimal)
    except InputError as exc:
        raise PlanFileError([str(exc)]) from None
    except UnicodeDecodeError:
        raise PlanFileError([f"{name}: not UTF-8 text"]) from None
    for key, value in (overrides or {}).items():
        if key == "limits":
            data["limits"] = {**data.get("limits", {}), **value}
        else:
            data[key] = value
    return parse(data)


def skeleton(case: CaseFile, f8606: dict[Owner, F8606Lines]) -> str:
    """A plan file started from a computed return: the next tax year, the filing status,
    each person's date of birth, traditional IRA balance (December 31 value of the return)
    and basis carried (Form 8606 line 14); the income is left for you to fill in.

    Raises :class:`PlanFileError` for a return the household planner does not take."""
    status = case.filing_status
    if status.value not in {s.value for s in STATUSES}:
        raise PlanFileError([f"filing_status: {status.value.replace('_', ' ')} is not "
                             "supported by the household planner"])
    people = [(Owner.TAXPAYER, "you", case.taxpayer)]
    if case.spouse is not None and status.value == "married_filing_jointly":
        people.append((Owner.SPOUSE, "spouse", case.spouse))
    lines = [
        f"# A household plan started from your {case.tax_year} return "
        "(formhelper plan --start CASE); docs/plan-file.md",
        "# Fill in the income (amounts a year, in dollars of the first year) and check the",
        "# balances: the traditional IRA balance is the December 31 value of the return, the",
        "# basis is what Form 8606 line 14 carries to the next year.",
        f"tax_year = {case.tax_year + 1}",
        "years = 30",
        f'filing_status = "{status.value}"',
        "taxable_balance = 0",
        "interest = 0",
        "qualified_dividends = 0",
        "capital_gains = 0",
        "heirs_rate = 0.24",
        "state_rate = 0",
    ]
    for owner, name, person in people:
        lines_8606 = f8606.get(owner)
        basis = (lines_8606.basis_carried if lines_8606 is not None
                 else person.ira.prior_basis or Decimal(0))
        balance = person.ira.year_end_value or Decimal(0)
        lines += ["", "[[people]]", f'name = "{name}"',
                  f"birth_date = {person.date_of_birth.isoformat()}",
                  f"ira_balance = {int(balance)}",
                  f"ira_basis = {int(min(basis, balance))}",
                  "roth_balance = 0", "wages = 0", "pension = 0",
                  "social_security = 0   # or { <year> = <amount a year> } from the year it starts"]
    lines += ["", "[limits]", "# bracket = 0.24", "# irmaa_tier = 0", "# aca_cliff = true", "",
              "# Health coverage through the Marketplace with the premium tax credit:",
              "# [aca]", f"# last = {case.tax_year + 5}   # the last year of coverage",
              "# benchmark = 24000   # second lowest cost silver plan a year (Form 1095-A 33B)",
              ""]
    return "\n".join(lines)
