"""``formhelper prepare``: build every output in memory, then write them safely.

Outputs: ``f8606-<person>.pdf`` (one per person who files Form 8606),
``f5329-<person>.pdf`` (one per person who must file Form 5329), ``f1040.pdf``,
``worksheets.pdf``, ``summary.md``, ``summary.html``, and the
basis record for next year (:mod:`formhelper.calc.basis`): ``basis-<year>.json``
for the program, ``basis-<year>.pdf`` (one page) for the person's files, and
the same JSON embedded in every filled Form 8606 as
``formhelper-basis-<year>.json``.
A missing blank form leaves its PDF out and says how to get it; everything
else is still written.

Writing (:func:`write_outputs`): nothing is written until every output is
built and every existing file is checked; an existing file with different
content is kept unless ``force``; each file is written to a temporary file in
the same folder, fsynced and renamed over the target (atomic); files holding
an SSN are created with mode 0600.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from formhelper.calc import ReturnResult
from formhelper.calc.basis import BasisRecord, build_record, prior_mismatches
from formhelper.calc.findings import Finding
from formhelper.files.atomic import Output
from formhelper.models import CaseFile
from formhelper.money import ZERO, fmt_dollars
from formhelper.render.field_words import person as who
from formhelper.years.params import YearParams

if TYPE_CHECKING:
    from formhelper.pdf.fieldmap import FieldMap
    from formhelper.pdf.values import Filled



class Blocked(Exception):
    """The return holds something formhelper does not compute (a blocking finding,
    docs/scope.md): no form is filled over it.  ``problems`` are ``field: message``."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.problems = [f"{f.field or 'case'}: {f.message}" for f in findings]
        super().__init__("\n".join(self.problems))


@dataclass
class Prepared:
    outputs: list[Output] = field(default_factory=list)
    #: Blank forms that were missing, and forms not filled, with what to do.
    notes: list[str] = field(default_factory=list)
    #: The IRS forms not filled because their blank was not at hand (output names).
    blanks_missing: list[str] = field(default_factory=list)


def _has_ssn(case: CaseFile) -> bool:
    return any(p.ssn for p in (case.taxpayer, case.spouse) if p is not None)


@dataclass(frozen=True)
class _Filling:
    """What every filled IRS form of one ``build`` shares."""

    params: YearParams
    forms_dir: Path | None
    flatten: bool
    private: bool


def _add_filled(prepared: Prepared, how: _Filling, form: str, name: str, title: str,
                values: Callable[[FieldMap], Filled],
                attachments: dict[str, bytes] | None = None) -> None:
    """Fill ``form`` by name into output ``name``; without a field map for the year's
    layout or without the blank, a note says what to do instead."""
    from formhelper.pdf.blanks import BlankMissing, find_blank
    from formhelper.pdf.fieldmap import cached_map, has_map, layout_for
    from formhelper.pdf.fill import fill

    layout = layout_for(form, how.params.tax_year, how.params.layout_year)
    if not has_map(form, layout):
        prepared.notes.append(f"{name}: no {title} field map for the {layout} layout; "
                              "copy the lines from summary.md, or download the blank "
                              "from the IRS and add it with `formhelper forms add FILE` "
                              "(its map is derived from its printed lines)")
        return
    filled = values(cached_map(form, layout))
    try:
        blank = find_blank(form, layout, how.forms_dir)
    except BlankMissing as missing:
        prepared.notes.append(f"{name} not written: {missing}")
        prepared.blanks_missing.append(name)
        return
    data = fill(blank.opened, filled, flatten=how.flatten, attachments=attachments,
                labels=filled.labels)
    prepared.outputs.append(Output(name, data, private=how.private))


def _drawn(case: CaseFile, result: ReturnResult, record: BasisRecord) -> tuple[bytes, bytes]:
    """The PDFs formhelper draws itself (reportlab): the worksheets and the basis
    record's page."""
    from formhelper.render.basis_page import record_pdf
    from formhelper.render.worksheets import render

    return render(case, result), record_pdf(record)


def build(case: CaseFile, result: ReturnResult, params: YearParams, *,
          forms_dir: Path | None = None, flatten: bool = False,
          prior: BasisRecord | None = None, parallel: bool = False) -> Prepared:
    """Every output of ``prepare`` as bytes (no file is touched).

    ``prior`` is last year's basis record: its history of Forms 8606 and its
    clocks are carried into this year's record, and where the case's starting
    figures differ from it a note says so.  ``parallel``: draw the worksheets
    and the record's page in a child process while the IRS forms are filled
    here (:mod:`formhelper.app.forked`; same bytes, for a single cold ``prepare``).
    """
    from formhelper.app.forked import Beside
    from formhelper.files.basis_record import record_json

    blocked = [f for f in result.findings if f.blocking]
    if blocked:
        raise Blocked(blocked)
    prepared = Prepared()
    record = build_record(case, result, prior)
    record_bytes = record_json(record)
    with Beside(partial(_drawn, case, result, record), fork=parallel) as drawing:
        # Imported after the fork: the child does not need them.
        from formhelper.render.summary import context, render_html, render_markdown

        if prior is not None:
            prepared.notes += [f"last year's basis record: {m}"
                               for m in prior_mismatches(case, prior)]
        to_file = _fill_forms(prepared, case, result,
                              _Filling(params, forms_dir, flatten, _has_ssn(case)), record_bytes)
        data_ctx = context(case, result, to_file, prepared.notes)
        summary_md = render_markdown(data_ctx).encode()
        summary_html = render_html(data_ctx).encode()
        worksheets, record_page = drawing.result()
    prepared.outputs.append(Output("worksheets.pdf", worksheets))
    prepared.outputs.append(Output("summary.md", summary_md))
    prepared.outputs.append(Output("summary.html", summary_html))
    prepared.outputs.append(Output(f"basis-{case.tax_year}.json", record_bytes))
    prepared.outputs.append(Output(f"basis-{case.tax_year}.pdf", record_page))
    return prepared


def _fill_forms(prepared: Prepared, case: CaseFile, result: ReturnResult, how: _Filling,
                record_bytes: bytes) -> list[str]:
    """Fill Forms 8606, 5329 and 1040 into ``prepared``; what to file, line by line."""
    from formhelper.files.basis_record import attachment_name
    from formhelper.pdf.values import f1040_values, f5329_values, f8606_values, person_of

    to_file: list[str] = []
    if not result.filed_8606 and not result.filed_8606_inherited:
        prepared.notes.append("Form 8606 is not needed for this return; no Form 8606 written.")
    for owner, lines in result.filed_8606.items():
        person = person_of(case, owner)
        name = f"f8606-{owner.value}.pdf"
        to_file.append(f"Form 8606 for {person.name} ({who(owner.value)}): {name}")
        # Form 8606 carries the basis record to next year (`formhelper basis import`).
        _add_filled(prepared, how, "f8606", name, "Form 8606",
                    partial(f8606_values, person=person, lines=lines, owner=owner),
                    {attachment_name(case.tax_year): record_bytes})
    for owner, by_decedent in result.f8606_inherited.items():
        person = person_of(case, owner)
        for number, (decedent, lines) in enumerate(by_decedent.items(), start=1):
            if not lines.required:
                continue
            name = f"f8606-{owner.value}-inherited-{number}.pdf"
            to_file.append(f"Form 8606 for {person.name} ({owner.value}), IRA inherited from "
                           f"{decedent}: {name} (a separate Form 8606 per decedent, Pub. "
                           "590-B; write 'Inherited from' and the decedent's name at its top)")
            _add_filled(prepared, how, "f8606", name, "Form 8606",
                        partial(f8606_values, person=person, lines=lines))
    for owner, lines_5329 in result.f5329.items():
        person = person_of(case, owner)
        if not lines_5329.required:
            to_file.append(f"Form 5329 for {person.name} ({who(owner.value)}): not required; enter "
                           f"${fmt_dollars(lines_5329.line_4 or ZERO)} on Schedule 2 line 8")
            continue
        name = f"f5329-{owner.value}.pdf"
        to_file.append(f"Form 5329 for {person.name} ({who(owner.value)}): {name}")
        _add_filled(prepared, how, "f5329", name, "Form 5329",
                    partial(f5329_values, person=person, lines=lines_5329, owner=owner))
    if result.schedule_2.line_8 is not None:
        box = (" and check its box 'If not required, check here'"
               if result.schedule_2.line_8_not_required else "")
        to_file.append(f"Schedule 2 (Form 1040) line 8: ${fmt_dollars(result.schedule_2.line_8)}"
                       f"{box} (not filled by formhelper)")
    reporting = result.f1040_reporting
    last = "5c" if reporting.line_5c.filled else "5b"
    to_file.append(f"Form 1040 lines 4a-{last} and 25b (with the rest of your return): "
                   "f1040.pdf")
    _add_filled(prepared, how, "f1040", "f1040.pdf", "Form 1040",
                partial(f1040_values, case=case, result=result))
    for key in ("line_4c", "line_5c"):
        # The year's form may have no box for these (2024: a word next to line 4b/5b).
        items: tuple[str, ...] = getattr(result.f1040, key)
        if items and not reporting.of(key).filled:
            prepared.notes.append(f"f1040.pdf: {reporting.sentence(key, items)}")
    return to_file
