"""Form 1040 lines 4a-4c (IRA distributions), 5a-5c (pensions and annuities) and 25b.

Instructions for Form 1040 (2025), lines 4a-4c and 5a-5c, and line 25b.

``line_4c`` and ``line_5c`` are formhelper's names for the items that explain why the
taxable amount is smaller than the total (rollover, QCD, HFD); the same every year.
How the year's form takes them is data, not code (``YearParams.f1040_reporting``):
check boxes on lines 4c/5c of the 2025 form, a word written next to line 4b/5b on
the 2024 form, which has no lines 4c and 5c.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from formhelper.calc.route import LINE_4C_ITEMS, LINE_5C_ITEMS, Route
from formhelper.models import Form1099R
from formhelper.money import ZERO, whole_dollars

__all__ = ["LINE_4C_ITEMS", "LINE_5C_ITEMS", "F1040Lines", "IraForm", "compute"]


class F1040Lines(BaseModel):
    """The Form 1040 lines this tool computes.  ``None`` is left blank."""

    model_config = ConfigDict(frozen=True)

    line_4a: Decimal | None = None
    line_4b: Decimal | None = None
    #: Line 4c "Check if" (2024: the word next to line 4b): "rollover", "qcd", "hfd".
    line_4c: tuple[str, ...] = ()
    line_5a: Decimal | None = None
    line_5b: Decimal | None = None
    #: Line 5c "Check if" (2024: the word next to line 5b): "rollover" ("pso" is not
    #: computed).
    line_5c: tuple[str, ...] = ()
    line_25b: Decimal | None = None


@dataclass(frozen=True)
class IraForm:
    """One line-4 form: its route, box 1, and the taxable amount the calculation gave it.

    ``taxable`` is ``None`` when Form 8606 figures the taxable part (it is then
    in ``f8606_taxable``).
    """

    route: Route
    box_1: Decimal
    taxable: Decimal | None


def compute(
    ira_forms: Sequence[IraForm],
    f8606_taxable: Decimal,
    f8606_filed: bool,
    plan_forms: Sequence[tuple[Route, Decimal]],
    all_forms: Sequence[Form1099R],
) -> F1040Lines:
    """Form 1040 lines 4a-5c and 25b for the whole return (both spouses).

    ``plan_forms`` holds the route and box 1 of each plan Form 1099-R on this return;
    ``all_forms`` the Forms 1099-R whose tax was withheld in the tax year (line 25b).
    """
    # Line 4a: IRA distributions, the total of box 1 of every IRA Form 1099-R.
    total_4a = sum((f.box_1 for f in ira_forms), ZERO)
    # Line 4b: taxable amount: Form 8606 lines 15c, 18 and 25c, plus fully taxable
    # distributions that need no Form 8606.
    line_4b = whole_dollars(
        f8606_taxable + sum((f.taxable for f in ira_forms if f.taxable is not None), ZERO)
    )
    # Line 4c: "Check if" 1 Rollover, 2 QCD, 3 (other, with the write-in HFD).
    checks_4c = [item for item in LINE_4C_ITEMS
                 if any(item in f.route.items for f in ira_forms)]
    # "If your IRA distributions are fully taxable ... enter the total on line 4b; don't make
    # an entry on line 4a" (Exceptions 1-4 put the total on line 4a).
    fully_taxable = not checks_4c and not f8606_filed and whole_dollars(total_4a) == line_4b
    line_4a = None if fully_taxable or not ira_forms else whole_dollars(total_4a)

    # Line 5a: pensions and annuities, the total of box 1 of every other Form 1099-R.
    total_5a = sum((box_1 for _r, box_1 in plan_forms), ZERO)
    # Line 5b: taxable amount (rollovers to a traditional IRA or plan excluded; rollovers
    # to a Roth IRA and in-plan Roth rollovers stay taxable).
    line_5b = whole_dollars(sum((r.taxable or ZERO for r, _b in plan_forms), ZERO))
    # Line 5c: "Check if" 1 Rollover.
    checks_5c = [item for item in LINE_5C_ITEMS if any(item in r.items for r, _b in plan_forms)]
    # "If your pension or annuity is fully taxable, enter it on line 5b; don't make an
    # entry on line 5a."
    fully_taxable_5 = not checks_5c and whole_dollars(total_5a) == line_5b
    line_5a = None if fully_taxable_5 or not plan_forms else whole_dollars(total_5a)

    # Line 25b: federal income tax withheld on Forms 1099 (box 4 of each Form 1099-R of the
    # tax year).
    withheld = whole_dollars(sum((f.box_4 for f in all_forms), ZERO))
    return F1040Lines(
        line_4a=line_4a,
        line_4b=line_4b if ira_forms else None,
        line_4c=tuple(checks_4c),
        line_5a=line_5a,
        line_5b=line_5b if plan_forms else None,
        line_5c=tuple(checks_5c),
        line_25b=withheld or None,
    )
