"""The first steps every command shares: read the case file, compute the return.

``compute``, ``prepare`` and ``check-1099r CASE`` (and later the wizard) call
these, so all of them see the same lines and the same findings.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from formhelper.calc import ReturnResult, compute_return
from formhelper.files.casefile import CaseFileError, load_case
from formhelper.files.reading import capped
from formhelper.files.years import load as load_params
from formhelper.files.years import load_codes
from formhelper.models import CaseFile
from formhelper.years.codes import CodeTable
from formhelper.years.params import YearParams


@dataclass(frozen=True)
class Computed:
    case: CaseFile
    params: YearParams
    codes: CodeTable
    result: ReturnResult


def load_and_compute(path: Path) -> Computed:
    """Read, validate and compute a case file; raises :class:`CaseFileError`."""
    return compute_case(load_case(path))


def compute_case(case: CaseFile) -> Computed:
    """Compute an already validated case (the wizard's draft, a batch item)."""
    params = load_params(case.tax_year)
    codes = load_codes(case.tax_year)
    return Computed(case, params, codes, compute_return(case, params, codes))


def print_problems(exc: CaseFileError) -> int:
    """One ``error: field: message`` line per problem on stderr, the first 20 of them
    and then how many more; exit status 1."""
    for problem in capped(exc.problems):
        print(f"error: {problem}", file=sys.stderr)
    return 1
