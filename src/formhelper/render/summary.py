"""``summary.md`` and ``summary.html`` from the Jinja2 templates in ``templates/``.

StrictUndefined: a template naming a value the context lacks fails instead of
printing nothing.  HTML is autoescaped (names and payers are user text).
"""

from __future__ import annotations

import contextlib
import functools
import os
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket

from formhelper.calc import ReturnResult
from formhelper.models import CaseFile, Owner
from formhelper.money import fmt_dollars
from formhelper.render.explain import (
    f1040_rows,
    f5329_rows,
    f8606_inherited_rows,
    f8606_rows,
    ws11_rows,
)
from formhelper.render.field_words import payers_of, person, plain
from formhelper.resources import cache_root, templates_dir


def context(case: CaseFile, result: ReturnResult, to_file: list[str],
            notes: list[str]) -> dict[str, Any]:
    """What the templates show: the forms to file, every line, warnings, basis."""
    payers = payers_of(case.forms_1099r)
    names = {Owner.TAXPAYER: case.taxpayer.name}
    if case.spouse is not None:
        names[Owner.SPOUSE] = case.spouse.name
    people = []
    for owner, lines in result.filed_8606.items():
        people.append({
            "owner": person(owner.value),
            "name": names[owner],
            "rows": f8606_rows(case, result.routes, owner, lines),
            "ws11": ws11_rows(lines.worksheet_1_1) if lines.worksheet_1_1 else [],
            "ordering": [{"source": s.source, "amount": fmt_dollars(s.amount)}
                         for s in lines.roth_ordering],
        })
    for owner, forms in result.f8606_inherited.items():
        for decedent, lines in forms.items():
            if not lines.required:
                continue
            people.append({
                "owner": person(owner.value),
                "name": f"{names[owner]}, IRA inherited from {decedent}",
                "rows": f8606_inherited_rows(case, result.routes, owner, decedent, lines),
                "ws11": [],
                "ordering": [],
            })
    early = [{
        "owner": person(owner.value),
        "name": names[owner],
        "required": lines.required,
        "reasons": [plain(r, payers) for r in lines.reasons_to_file],
        "rows": f5329_rows(lines, payers),
    } for owner, lines in result.f5329.items()]
    s2 = result.schedule_2
    return {
        "tax_year": result.tax_year,
        "f5329": early,
        "schedule_2_line_8": fmt_dollars(s2.line_8) if s2.line_8 is not None else "",
        "schedule_2_not_required": s2.line_8_not_required,
        "filing_status": case.filing_status.value.replace("_", " "),
        "to_file": to_file,
        "filed_8606": bool(result.filed_8606 or result.filed_8606_inherited),
        "people": people,
        "f1040": f1040_rows(result, case),
        "warnings": [{"severity": f.severity.value, "id": f.id, "message": plain(f.message, payers)}
                     for f in result.findings],
        "basis": [{"owner": person(owner.value), "name": names[owner],
                   "amount": fmt_dollars(lines.basis_carried)}
                  for owner, lines in result.f8606.items()],
        "notes": notes,
    }


class _CompiledTemplates(FileSystemBytecodeCache):
    """The templates compiled once and kept in the cache folder (``templates/``):
    compiling both takes about 15 ms of every ``prepare``, loading them 1 ms.  Jinja
    recompiles a template whose source changed; a cache that cannot be read or
    written costs only that time."""

    def load_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # e.g. a file where the folder should be
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)


@functools.cache
def _environment(html: bool) -> Environment:
    """One environment per kind, kept: it keeps the compiled templates."""
    return Environment(
        loader=FileSystemLoader(str(templates_dir())),
        undefined=StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        bytecode_cache=_CompiledTemplates(str(cache_root() / "templates")),
    )


def render_markdown(data: dict[str, Any]) -> str:
    return _environment(False).get_template("summary.md.j2").render(data)


def render_html(data: dict[str, Any]) -> str:
    return _environment(True).get_template("summary.html.j2").render(data)
