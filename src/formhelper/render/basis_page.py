"""``basis-<year>.pdf``: the basis record on one page, for the person's files."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from formhelper.calc.basis import BasisRecord
from formhelper.money import fmt_dollars
from formhelper.render.field_words import person as who


def record_pdf(record: BasisRecord) -> bytes:
    """``basis-<year>.pdf``: the record on one page (shrunk to fit), reproducible."""
    from reportlab.platypus import (  # type: ignore[import-untyped]
        KeepInFrame,
        Paragraph,
        Spacer,
        Table,
    )

    from formhelper.render.styles import CELL as cell
    from formhelper.render.styles import GRID as grid
    from formhelper.render.styles import NOTE as note
    from formhelper.render.styles import STYLES as styles
    from formhelper.render.styles import build_pdf, para

    def table(rows: list[list[str]]) -> Table:
        t = Table([[para(c, cell) for c in row] for row in rows], repeatRows=1)
        t.setStyle(grid)
        return t

    def money(value: Decimal | None) -> str:
        return "" if value is None else fmt_dollars(value)

    story: list[Any] = [
        Paragraph(f"Basis record: tax year {record.tax_year}, for {record.for_tax_year}",
                  styles["Title"]),
        para(f"Keep with your {record.tax_year} return. formhelper reads this "
             f"record from basis-{record.tax_year}.json or from the filled Form "
             "8606 it is embedded in (the wizard's basis step, or the command "
             "formhelper basis import).", note),
    ]
    for person in record.people:
        born = person.date_of_birth.isoformat() if person.date_of_birth else "not given"
        first_roth = str(person.roth_first_contribution_year or "not given")
        if person.roth_first_contribution_year is None and person.roth_layers:
            # Derived, not guessed: a Roth IRA held this conversion, so it was funded by then.
            first_roth += (f" ({min(lay.year for lay in person.roth_layers)} or earlier: "
                           "enter it next year)")
        basis_from = (f"{person.traditional_ira_basis_year} Form 8606 line 14"
                      if person.traditional_ira_basis_year else "carried without a form")
        story += [
            para(f"{person.name} ({who(person.owner.value)}), born {born}",
                 styles["Heading2"]),
            table([
                ["Item", "Amount or year"],
                [f"Traditional IRA basis: {record.for_tax_year} Form 8606 line 2 "
                 f"({basis_from})", money(person.traditional_ira_basis)],
                ["Roth IRA regular-contribution basis (line 22)",
                 money(person.roth_contribution_basis)],
                ["Roth IRA conversions and plan rollovers still in (line 24)",
                 money(person.roth_conversion_basis)],
                ["First year a Roth IRA was funded (qualified-distribution clock)",
                 first_roth],
                ["First year of designated Roth contributions",
                 str(person.designated_roth_first_year or "not given")],
                ["Qualified first-time homebuyer distributions so far",
                 money(person.prior_first_time_homebuyer)],
            ]),
            Spacer(1, 4),
        ]
        if person.roth_layers:
            story.append(table(
                [["Year", "Kind", "Taxable left", "Nontaxable left", "Taken this year",
                  "5-year window ends"]]
                + [[str(lay.year), lay.kind.value.replace("_", " "), money(lay.taxable),
                    money(lay.nontaxable),
                    money(lay.taxable_taken + lay.nontaxable_taken),
                    lay.window_ends.isoformat()] for lay in person.roth_layers]))
            story.append(Spacer(1, 4))
        if person.history:
            cols = ["line_1", "line_2", "line_13", "line_14", "line_16", "line_17", "line_18",
                    "line_19", "line_22", "line_23", "line_24", "line_25c"]
            story.append(table(
                [["Form 8606"] + [c.removeprefix("line_") for c in cols]]
                + [[str(h.year)] + [money(getattr(h, c)) for c in cols]
                   for h in person.history]))
    story.append(Spacer(1, 6))
    story.append(para(
        "Ordering rules (Pub. 590-B): Roth IRA distributions come from regular contributions "
        "first, then conversions and rollovers oldest first (taxable part first), then "
        "earnings. The taxable part of a conversion is subject to the 10% additional tax if "
        "taken before its 5-year window ends and before 59½.", note))
    return build_pdf(f"formhelper basis record {record.tax_year}",
                     lambda doc: [KeepInFrame(doc.width, doc.height, story, mode="shrink")])
