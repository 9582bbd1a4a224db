"""A proposed field map in words: ``forms/<year>/<form>.fields.toml`` text, or JSON.

The TOML is the format of the shipped maps (:mod:`formhelper.pdf.fieldmap` reads it):
each field with its confidence in the comment above it, every other field under
``[ignored]`` with its printed label, and the lines formhelper fills that have no
single field under ``[ambiguous]`` (never filled).
"""

from __future__ import annotations

import json
from typing import Any

from formhelper.pdf.mapper import Proposal
from formhelper.pdf.spots import Spot

FORM_NAMES = {"f8606": "Form 8606", "f1040": "Form 1040", "f5329": "Form 5329"}


def _q(text: str) -> str:
    """A TOML basic string."""
    return json.dumps(text, ensure_ascii=False)


def to_toml(proposal: Proposal, source: str, sha256: str) -> str:
    """The proposal as a ``.fields.toml`` file."""
    form = proposal.form or "unknown"
    title = FORM_NAMES.get(form, form)
    year = proposal.layout_year
    lines = [
        f"# {title} ({year if year is not None else 'unknown'} layout): derived by "
        f"`formhelper forms map` from the printed lines of {source}",
        f"# (sha256 {sha256}).",
        "# Each field's confidence and how it was found are in the comment above it;",
        "# check the fields below 0.9 against the printed form.",
    ]
    if proposal.template_year is not None:
        lines.append("# The lines formhelper fills were looked for as the "
                     f"{proposal.template_year} map prints them.")
    lines += ["", f"form = {_q(form)}", f"layout_year = {year if year is not None else 0}", ""]
    lines += ["[derived]", f"confidence = {proposal.confidence}",
              f"template_year = {proposal.template_year or 0}", f"sha256 = {_q(sha256)}", ""]
    for item in proposal.fields:
        e = item.entry
        lines.append(f"# confidence {item.confidence}: {item.how}")
        lines.append(f"[fields.{e.key}]")
        lines.append(f"field = {_q(e.field)}")
        if e.line != e.key:
            lines.append(f"line = {_q(e.line)}")
        if e.when is not None:
            lines.append(f"when = {_q(e.when)}")
        lines.append(f"format = {_q(e.format)}")
        if e.on is not None:
            lines.append(f"on = {_q(e.on)}")
        lines.append(f"printed = {_q(e.printed)}")
        if e.printed_at != "left":
            lines.append(f"printed_at = {_q(e.printed_at)}")
        lines.append("")
    if proposal.ambiguous:
        lines.append("# Lines formhelper fills that have no single field here: never filled.")
        lines.append("[ambiguous]")
        for amb in proposal.ambiguous:
            fits = f" (fits: {', '.join(amb.candidates)})" if amb.candidates else ""
            lines.append(f"{amb.key} = {_q(amb.reason + fits)}")
        lines.append("")
    lines.append("# Every other field of the blank form, left blank, with its printed label.")
    lines.append("[ignored]")
    lines += [f"{_q(name)} = {_q(reason)}" for name, reason in proposal.ignored.items()]
    return "\n".join(lines) + "\n"


def _spot(spot: Spot) -> dict[str, Any]:
    return {"field": spot.name, "kind": spot.kind, "page": spot.page,
            "line": spot.line, "line_found_by": spot.line_how or None,
            "left": " ".join(spot.left), "right": " ".join(spot.right),
            "above": " ".join(spot.above)}


def to_json(proposal: Proposal, source: str, sha256: str) -> str:
    """The proposal, every field's printed surroundings and each line's text, as JSON."""
    data = {
        "source": source,
        "sha256": sha256,
        "form": proposal.form,
        "layout_year": proposal.layout_year,
        "template_year": proposal.template_year,
        "confidence": proposal.confidence,
        "fields": [{"key": p.entry.key, "field": p.entry.field, "line": p.entry.line,
                    "format": p.entry.format, "on": p.entry.on, "when": p.entry.when,
                    "printed": p.entry.printed, "printed_at": p.entry.printed_at,
                    "confidence": p.confidence, "how": p.how} for p in proposal.fields],
        "ambiguous": [{"key": a.key, "printed": a.printed, "printed_at": a.printed_at,
                       "candidates": list(a.candidates), "reason": a.reason}
                      for a in proposal.ambiguous],
        "ignored": proposal.ignored,
        "labels": [_spot(s) for s in proposal.spots],
        "lines": proposal.lines,
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
