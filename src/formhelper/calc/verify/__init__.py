"""``formhelper verify``: a second opinion on a return made by other software.

Pure, like the rest of :mod:`formhelper.calc`: their lines in (:class:`TheirReturn`), a
:class:`VerifyReport` out.

* Without a case file, their return is checked against itself: every line the forms
  figure, from their own entered lines (:mod:`.arithmetic`), and the forms against each
  other (:mod:`.crossform`).
* With a case file, every line is compared with formhelper's own return and each
  difference explained by the input that causes it (:mod:`.compare`).
"""

from __future__ import annotations

from formhelper.calc import ReturnResult
from formhelper.calc.verify.arithmetic import amount_text, check_8606, one_per_line
from formhelper.calc.verify.compare import compare
from formhelper.calc.verify.crossform import check_1040, check_5329
from formhelper.calc.verify.model import (
    FORM_NAMES,
    LineCheck,
    Status,
    TheirForm,
    TheirReturn,
    Value,
    VerifyReport,
)
from formhelper.models import CaseFile
from formhelper.years.params import EarlyRates

__all__ = [
    "FORM_NAMES", "LineCheck", "Status", "TheirForm", "TheirReturn", "Value", "VerifyReport",
    "amount_text", "self_checks", "verify",
]


def self_checks(theirs: TheirReturn, rates: EarlyRates) -> list[LineCheck]:
    """Their return against its own arithmetic and across its forms."""
    checks: list[LineCheck] = []
    for form in theirs.of("f8606"):
        checks += check_8606(form, theirs.tax_year)
    checks += check_1040(theirs)
    checks += check_5329(theirs, rates)
    return one_per_line(checks)


def verify(theirs: TheirReturn, rates: EarlyRates, case: CaseFile | None = None,
           ours: ReturnResult | None = None) -> VerifyReport:
    """Check ``theirs``: against itself, or with ``case`` and formhelper's ``ours`` for it,
    line by line against formhelper's figures."""
    own = self_checks(theirs, rates)
    if case is None or ours is None:
        return VerifyReport(tax_year=theirs.tax_year, mode="self", checks=_ordered(own))
    checks, notes, taxable, extra_tax = compare(theirs, case, ours, own)
    return VerifyReport(tax_year=theirs.tax_year, mode="case", checks=_ordered(checks),
                        notes=tuple(notes), taxable_change=taxable,
                        additional_tax_change=extra_tax)


def _ordered(checks: list[LineCheck]) -> tuple[LineCheck, ...]:
    """Per form (8606 of each person, 1040, 5329), the differences first, then form order."""
    forms = {"f8606": 0, "f1040": 1, "f5329": 2}
    owners = {None: 0, "taxpayer": 0, "spouse": 1}
    rank = {Status.DIFFERS: 0, Status.ALLOWED: 1, Status.AGREES: 2, Status.NOT_CHECKED: 3}
    keyed = sorted(enumerate(checks), key=lambda item: (
        forms.get(item[1].form, 9), owners.get(item[1].owner, 2), rank[item[1].status],
        item[0]))
    return tuple(check for _i, check in keyed)
