"""The form mapper: a blank IRS form's field map, proposed from its own printed lines.

``formhelper forms map PDF`` and ``formhelper forms add PDF`` (for a layout formhelper
does not ship) call :func:`propose`. It reads where every field sits and what is printed
around it (:mod:`formhelper.pdf.spots`: the line label on its row, the caption above it,
the words beside it), and then finds, for each line formhelper fills on that form, the
one field whose surroundings are what that line's entry says is printed there.

What formhelper fills is taken from the shipped map of the same form in the nearest
layout (the *template*): its keys, formats, checkbox meanings (``when``) and the printed
words beside each box (``printed``, ``printed_at``). The template's AcroForm field names
are never read: every field of the result comes from the positions on the new blank.
Where the template has several entries printed alike ("Last name" for you and for your
spouse; "Rollover" on lines 4c and 5c, told apart by the line of their row), they are
matched in reading order. An entry with no field, or with a different number of
fields printed alike than the template has, is *ambiguous*: listed, never mapped.

Every field gets a confidence: 1.0 for an amount box whose line number is printed just
left of it; 0.9 when the line is known from the margin or the box from its caption or
words; 0.85 for a box on the last row of a longer line; times 0.9 when matched by
reading order among boxes printed alike.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formhelper.pdf.fieldmap import FieldMap, MappedField
from formhelper.pdf.page_words import MAX_PAGES, Page, TextError, read_pages
from formhelper.pdf.spots import Spot, line_texts, spots

#: A key naming a line: "line_15a", "line_10_integer", "line_4c_rollover".
_KEY_LINE = re.compile(r"^line_(\d{1,2}[a-z]?)(?:_|$)")
#: Form 1040 has 205 fields.
MAX_FIELDS = 1500
#: "Form 8606 (2023)" in a page footer.
_FOOTER = re.compile(r"\bForm (\d{4}[A-Z-]*) \((\d{4})\)")


@dataclass(frozen=True)
class Want:
    """One line formhelper fills, as the template map describes it (no field name)."""

    key: str
    line: str
    format: str
    when: str | None
    printed: str
    printed_at: str

    @property
    def row(self) -> str | None:
        """The line label of the row the box is on, when the key names a line."""
        match = _KEY_LINE.match(self.key)
        return match.group(1) if match else None

    @property
    def checkbox(self) -> bool:
        return self.format == "checkbox"

    def signature(self) -> tuple[str | None, bool, str, str]:
        return (self.row, self.checkbox, self.printed, self.printed_at)


def wants_of(fmap: FieldMap) -> tuple[Want, ...]:
    """What a shipped map asks to be filled, its field names left out."""
    return tuple(Want(e.key, e.line, e.format, e.when, e.printed, e.printed_at)
                 for e in fmap.fields)


@dataclass(frozen=True)
class Proposed:
    """A field map entry found on the blank, with how sure the mapper is."""

    entry: MappedField
    confidence: float
    #: How the field was found, in words ("amount box of line 15a", ...).
    how: str


@dataclass(frozen=True)
class Ambiguous:
    """A line formhelper fills that has no single field on the blank."""

    key: str
    printed: str
    printed_at: str
    #: The fields that would fit (empty: none).
    candidates: tuple[str, ...]
    reason: str


@dataclass
class Proposal:
    """A proposed field map of one blank."""

    form: str | None
    layout_year: int | None
    #: The shipped layout year whose lines were looked for; None: no template.
    template_year: int | None
    fields: list[Proposed] = field(default_factory=list)
    ambiguous: list[Ambiguous] = field(default_factory=list)
    #: Every other field, with the printed label it has and why it stays blank.
    ignored: dict[str, str] = field(default_factory=dict)
    spots: list[Spot] = field(default_factory=list)
    #: The printed text of each line, by line label.
    lines: dict[str, str] = field(default_factory=dict)

    @property
    def confidence(self) -> float:
        """The lowest confidence of a mapped field (0 when nothing is mapped)."""
        return min((p.confidence for p in self.fields), default=0.0)


@dataclass(frozen=True)
class Blank:
    """A blank PDF read for mapping: its fields (``pdf.dump`` form) and its words."""

    fields: list[dict[str, Any]]
    pages: list[Page]
    title: str

    def identity(self) -> tuple[str, int] | None:
        """("f8606", 2023) from the title ("2023 Form 8606"), else from the footer
        printed on the first page ("Form 8606 (2023)")."""
        from formhelper.pdf.dump import title_form_year

        found = title_form_year({"title": self.title})
        if found is not None:
            return found
        for page in self.pages[:1]:
            text = " ".join(w.text for w in page.words)
            match = _FOOTER.search(text)
            if match:
                return f"f{match.group(1).lower()}", int(match.group(2))
        return None


def read_blank(data: bytes) -> Blank:
    """Read a PDF's fields and printed words. Raises ``TextError`` or pypdf's errors on
    a file that is not a readable PDF (the caller names the file)."""
    from pypdf import PdfReader

    from formhelper.pdf.dump import read_fields

    reader = PdfReader(io.BytesIO(data))
    title = ""
    if reader.metadata is not None and reader.metadata.title:
        title = str(reader.metadata.title)
    if len(reader.pages) > MAX_PAGES:  # before its fields are read
        raise TextError(f"{len(reader.pages)} pages; a blank IRS form has at most {MAX_PAGES}")
    fields = [dict(f) for f in read_fields(reader)]
    if len(fields) > MAX_FIELDS:
        raise TextError(f"{len(fields)} form fields; a blank IRS form has at most {MAX_FIELDS}")
    return Blank(fields, read_pages(data), title)


def _fits(want: Want, spot: Spot) -> bool:
    if want.checkbox != (spot.kind in ("checkbox", "radio")):
        return False
    if not want.checkbox and spot.kind != "text":
        return False
    if want.row is not None and spot.line != want.row:
        return False
    words = tuple(want.printed.split())
    if not words:
        return False
    if want.printed_at == "left":
        return spot.left[-len(words):] == words
    if want.printed_at == "right":
        return spot.right[: len(words)] == words
    return spot.above[: len(words)] == words


def _format(want: Want, spot: Spot) -> str:
    """The template's format, except an SSN box's, which follows its length: 9 digits
    in a comb box (``ssn_digits``) or 11 characters with dashes (``ssn``)."""
    if want.format in ("ssn", "ssn_digits") and spot.maxlen is not None:
        return "ssn_digits" if spot.maxlen == 9 else "ssn"
    return want.format


def _confidence(want: Want, spot: Spot, alike: int) -> tuple[float, str]:
    if want.row is not None:
        base, how = {
            "column": (1.0, f"line {want.row}: its number printed just left of the box"),
            "margin": (0.9, f"line {want.row}: the margin label of its row"),
            "margin-above": (0.85, f"line {want.row}: the box on the last row of the line"),
        }.get(spot.line_how, (0.5, f"line {want.row}"))
        how += f", beside {want.printed!r}" if want.printed != want.row else ""
    else:
        side = {"left": "left of", "right": "right of"}.get(want.printed_at, want.printed_at)
        base, how = 0.9, f"{want.printed!r} printed {side} the box"
    if alike > 1:
        base *= 0.9
        how += f" (one of {alike} printed alike, taken in reading order)"
    return round(base, 2), how


def describe(spot: Spot) -> str:
    """The printed label of a field, in words (for ``[ignored]`` and listings)."""
    kind = "checkbox" if spot.kind in ("checkbox", "radio") else "box"
    if spot.line:
        words = spot.right[:3] if kind == "checkbox" else ()
        return f"line {spot.line} {kind}" + (f" {' '.join(words)!r}" if words else "")
    if kind == "checkbox" and spot.right:
        return f"checkbox {' '.join(spot.right[:4])!r}"
    if spot.above:
        return f"box under {' '.join(spot.above[:6])!r}"
    if spot.left:
        return f"{kind} after {' '.join(spot.left[-4:])!r}"
    return f"{kind} with no printed label"


def match(wants: tuple[Want, ...], found: list[Spot]) -> tuple[list[Proposed], list[Ambiguous]]:
    """Each want's field among ``found`` (see the module docstring)."""
    groups: dict[tuple[str | None, bool, str, str], list[Want]] = {}
    for want in wants:
        groups.setdefault(want.signature(), []).append(want)
    chosen: list[tuple[Want, Spot, int]] = []
    ambiguous: list[Ambiguous] = []
    for group in groups.values():
        candidates = sorted((s for s in found if _fits(group[0], s)), key=lambda s: s.order)
        if len(candidates) != len(group):
            where = f" on line {group[0].row}" if group[0].row else ""
            for want in group:
                ambiguous.append(Ambiguous(
                    want.key, want.printed, want.printed_at,
                    tuple(s.name for s in candidates),
                    f"{len(candidates)} fields with {want.printed!r} printed "
                    f"{want.printed_at}{where}, expected {len(group)}"))
            continue
        chosen += [(want, spot, len(group)) for want, spot in zip(group, candidates, strict=True)]
    claims: dict[str, list[str]] = {}
    for want, spot, _alike in chosen:
        claims.setdefault(spot.name, []).append(want.key)
    proposed: list[Proposed] = []
    for want, spot, alike in chosen:
        if len(claims[spot.name]) > 1:
            ambiguous.append(Ambiguous(want.key, want.printed, want.printed_at, (spot.name,),
                                       f"the same field fits {', '.join(claims[spot.name])}"))
            continue
        on = None
        if want.checkbox:
            if len(spot.on_states) != 1:
                ambiguous.append(Ambiguous(want.key, want.printed, want.printed_at,
                                           (spot.name,),
                                           f"checkbox with on-states {list(spot.on_states)}"))
                continue
            on = spot.on_states[0]
        confidence, how = _confidence(want, spot, alike)
        entry = MappedField(key=want.key, line=want.line, field=spot.name,
                            format=_format(want, spot), on=on, when=want.when,
                            printed=want.printed, printed_at=want.printed_at)
        proposed.append(Proposed(entry, confidence, how))
    order = {w.key: i for i, w in enumerate(wants)}
    proposed.sort(key=lambda p: order[p.entry.key])
    ambiguous.sort(key=lambda a: order[a.key])
    return proposed, ambiguous


def _generic(found: list[Spot]) -> tuple[list[Proposed], list[Ambiguous]]:
    """Without a template: every labelled field keyed by what is printed beside it
    (``line_15a``; a second box on a line ``line_10_2``; a checkbox by its words)."""
    proposed: list[Proposed] = []
    ambiguous: list[Ambiguous] = []
    used: dict[str, int] = {}

    def key_for(base: str) -> str:
        used[base] = used.get(base, 0) + 1
        return base if used[base] == 1 else f"{base}_{used[base]}"

    for spot in sorted(found, key=lambda s: s.order):
        checkbox = spot.kind in ("checkbox", "radio")
        if spot.kind not in ("text", "checkbox", "radio"):
            continue
        words: tuple[str, ...] = ()
        at = "left"
        # A line only when its label is on the box's own row (in the margin or again
        # beside the box, as "10 × [ ] ." on Form 8606): the numbered boxes of a box
        # form (Form 1099-R, "10 Amount allocable to IRR") have captions, not lines.
        confirmed = spot.line_how in ("column", "margin") or spot.line in spot.left
        line = spot.line if confirmed else None
        left = tuple(w for w in spot.left if w not in ("$", "%"))
        if checkbox and spot.right:
            words, at = spot.right[:3], "right"
        elif line and spot.left:
            words, at = spot.left[-1:], "left"
        elif spot.above:
            words, at = spot.above[:4], "above"
        elif left:
            words, at = left[-3:], "left"
        if not words or (checkbox and len(spot.on_states) != 1):
            ambiguous.append(Ambiguous(spot.name, "", "", (spot.name,),
                                       "no printed label found beside it"))
            continue
        slug = re.sub(r"[^a-z0-9]+", "_", " ".join(words).lower()).strip("_")[:40]
        base = f"line_{line}" if line else slug or "field"
        if line and checkbox:
            base += f"_{slug}"
        fmt = "checkbox" if checkbox else ("dollars" if spot.line_how == "column" else "text")
        confidence = 0.8 if line and spot.line_how == "column" else 0.6
        entry = MappedField(key=key_for(base), line=base, field=spot.name, format=fmt,
                            on=spot.on_states[0] if checkbox else None, when=None,
                            printed=" ".join(words), printed_at=at)
        proposed.append(Proposed(entry, confidence, describe(spot)))
    return proposed, ambiguous


def propose(blank: Blank, template: FieldMap | None, form: str | None = None,
            layout_year: int | None = None) -> Proposal:
    """The proposed map of ``blank``: the template's lines where they are printed,
    every other field ignored with its printed label."""
    found = spots(blank.fields, blank.pages)
    if template is not None:
        proposed, ambiguous = match(wants_of(template), found)
    else:
        proposed, ambiguous = _generic(found)
    mapped = {p.entry.field for p in proposed}
    ignored = {s.name: f"{describe(s)}: not filled by formhelper"
               for s in found if s.name not in mapped}
    return Proposal(form=form, layout_year=layout_year,
                    template_year=template.layout_year if template else None,
                    fields=proposed, ambiguous=ambiguous, ignored=ignored, spots=found,
                    lines=line_texts(blank.pages))


#: First key of a committed ``<form>.lines.json``: where it came from.
LINES_NOTE = ("Generated by `formhelper forms map PDF --lines` from the blank IRS PDF: the "
              "printed text of each line, to tell a line that changed meaning from one "
              "that moved; do not edit by hand.")


def lines_path(form: str, layout_year: int) -> Path:
    from formhelper.resources import forms_dir

    return forms_dir() / str(layout_year) / f"{form}.lines.json"


def shipped_lines(form: str, layout_year: int) -> dict[str, str] | None:
    """The committed printed lines of a shipped layout (None when there are none)."""
    path = lines_path(form, layout_year)
    if not path.is_file():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in raw.get("lines", {}).items()}


def lines_json(lines: dict[str, str]) -> str:
    """The committed text of ``<form>.lines.json``."""
    return json.dumps({"generated": LINES_NOTE, "lines": lines}, indent=1,
                      ensure_ascii=False) + "\n"


def shipped_layouts(form: str) -> list[int]:
    """The layout years whose map of ``form`` formhelper ships."""
    from formhelper.resources import forms_dir

    return sorted(int(p.parent.name) for p in forms_dir().glob(f"*/{form}.fields.toml")
                  if p.parent.name.isdigit())


def template_year(form: str, year: int | None) -> int | None:
    """The shipped layout to look for ``form``'s lines in: ``year`` itself, else the
    newest before it, else the oldest after it."""
    years = shipped_layouts(form)
    if not years:
        return None
    if year is None:
        return years[-1]
    if year in years:
        return year
    before = [y for y in years if y < year]
    return before[-1] if before else years[0]
