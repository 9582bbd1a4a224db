"""Another program's Forms 8606, 1040 and 5329 read from a PDF, for ``formhelper verify``.

* A fillable PDF (the IRS blank filled in): each line by its AcroForm field name,
  through the committed field maps ``forms/<year>/<form>.fields.toml``.
* A flattened or printed PDF of the official layout (text, not a scan): each page is
  matched against the printed text of the blank (``forms/<year>/<form>.printed.json``);
  on a page that matches, the text inside a line's box (the field's rectangle in the
  committed dump ``<form>.acroform.json``) that is not the form's own print is the
  line's value.  A page that matches no layout formhelper knows is never guessed at.

The printed text is read by the one reader of printed words,
:mod:`formhelper.pdf.page_words` (the form mapper's): each word is placed where it
starts, its first glyph's origin (``x0``, ``baseline``), in its coordinates: points,
origin at the top left of the page, ``baseline`` growing downwards.

Hostile input: the caller gives bytes already size-checked; the reader bounds the pages
(:data:`MAX_PAGES`), the streams (:data:`MAX_DECODED`) and the glyphs on a page before
and while it reads, the words on a page are capped (:data:`MAX_WORDS`), and every failure
is a :class:`TheirPagesError` naming the file.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from formhelper.pdf.fieldmap import (
    FORMS,
    FieldMap,
    FieldMapError,
    MappedField,
    committed_dumps,
    has_map,
    load_dump,
    load_map,
)
from formhelper.pdf.page_words import Page, TextError, Word, quiet_readers, read_pages
from formhelper.resources import forms_dir

#: A return's forms: Form 1040 (2 pages), two Forms 8606 (2 each), two Forms 5329 (3
#: each), with room for a few other pages that are skipped.
MAX_PAGES = 40
#: All of a return's streams decoded (the reader's bound for a blank form, 4,000,000
#: bytes, is for 2 or 3 pages; a blank 2025 Form 1040 decodes to 830,000).
MAX_DECODED = 40_000_000
#: Words on one page: the busiest page of a form formhelper reads (the 2025 Form 5329's
#: first) has under 1,200.
MAX_WORDS = 5000
#: An amount on a form: at most 12 digits before the cents.
MAX_AMOUNT = Decimal(10) ** 12
#: A flattened page is an official layout when this share of the blank's printed words
#: is found at the same place (each word's origin) ...
MATCH_SHARE = 0.9
#: ... within this many points.
TOLERANCE = 2.0

_AMOUNT = re.compile(r"^\(?-?\$?[0-9][0-9,]*(\.[0-9]+)?\)?$|^\(?-?\$?\.[0-9]+\)?$", re.ASCII)
_FORM_WORDS = {"f8606": "Form 8606", "f1040": "Form 1040", "f5329": "Form 5329"}


class TheirPagesError(Exception):
    """A PDF that cannot be read as a form formhelper knows; the message names the file."""


@dataclass
class ReadForm:
    """One form read from a PDF."""

    form: str
    layout_year: int
    lines: dict[str, Decimal | str | None] = field(default_factory=dict)
    name: str = ""
    #: Digits of the SSNs on the form (Form 1040: the taxpayer's, then the spouse's).
    ssns: list[str] = field(default_factory=list)
    #: ``fields`` (by field name) or ``text`` (by position on a flattened page).
    how: str = "fields"
    #: The first page (1-based) it was read from.
    page: int = 1


def parse_amount(text: str, where: str) -> Decimal | None:
    """A line's text as an amount: ``""`` blank, ``-0-`` zero, ``(1,200)`` negative."""
    text = text.strip().replace(" ", "")
    if text in ("", "-"):
        return None
    if text == "-0-":
        return Decimal(0)
    if not text.isascii() or not _AMOUNT.match(text):
        raise TheirPagesError(f"{where} holds {text[:40]!r}, not an amount")
    negative = text.startswith("(") or text.startswith("-")
    try:
        value = Decimal(text.strip("()-").replace("$", "").replace(",", ""))
    except InvalidOperation:
        raise TheirPagesError(f"{where} holds {text[:40]!r}, not an amount") from None
    if value >= MAX_AMOUNT:
        raise TheirPagesError(f"{where} holds {text[:40]!r}, too large for an amount")
    return -value if negative else value


def _line_10(whole: str, frac: str, where: str) -> Decimal | None:
    """Form 8606 line 10, printed as ``[ ] . [     ]``."""
    whole, frac = whole.strip(), frac.strip()
    if not whole and not frac:
        return None
    if "." in frac or "." in whole:
        return parse_amount(whole + frac, where)
    digits = f"{whole or '0'}.{frac}" if frac else whole
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", digits, re.ASCII):
        raise TheirPagesError(f"{where} holds {(whole + ' . ' + frac)[:40]!r}, not a decimal")
    return Decimal(digits)


def _lines(fmap: FieldMap, text_of: dict[str, str], source: str, year: int) -> ReadForm:
    """The lines of one form from ``{field key: text}`` (a field's value or the text in its
    box); a checkbox's text is its state (``/1``, ``Off``) or what is drawn in it."""
    form = ReadForm(fmap.form, year)
    words = _FORM_WORDS[fmap.form]
    ratio: dict[str, str] = {}
    items: dict[str, list[str]] = {}
    for entry in fmap.fields:
        text = text_of.get(entry.key, "")
        where = f"{source}: {words} {entry.line.replace('line_', 'line ')}"
        if entry.format == "dollars":
            form.lines[entry.line] = parse_amount(text, where)
        elif entry.format in ("ratio_int", "ratio_frac"):
            ratio[entry.format] = text
        elif entry.format == "checkbox":
            if _checked(entry, text) and entry.when is not None and entry.when != "other":
                items.setdefault(entry.line, []).append(entry.when)
        elif entry.format == "writein":
            words_in = [w.strip().lower() for w in text.split(",") if w.strip()]
            if words_in:
                items.setdefault(entry.line, []).extend(words_in)
        elif entry.format in ("ssn", "ssn_digits"):
            digits = "".join(ch for ch in text if ch.isascii() and ch.isdigit())
            if digits:
                form.ssns.append(digits)
        elif entry.line == "name" and text.strip():
            form.name = text.strip()
        elif entry.line == "line_2_number" and text.strip():
            form.lines["line_2_number"] = text.strip()[:4]
    if ratio:
        form.lines["line_10"] = _line_10(ratio.get("ratio_int", ""), ratio.get("ratio_frac", ""),
                                         f"{source}: {words} line 10")
    for entry in fmap.fields:
        if entry.format in ("checkbox", "writein") and entry.line.startswith("line_"):
            # Line 4c/5c (not the filing status): the boxes checked, or none.
            found = items.get(entry.line, [])
            form.lines[entry.line] = ", ".join(dict.fromkeys(found)) or None
    return form


def _checked(entry: MappedField, text: str) -> bool:
    text = text.strip()
    return bool(text) and text not in ("Off", "/Off") and (entry.on is None or text == entry.on
                                                            or not text.startswith("/"))


@functools.cache
def _maps() -> tuple[FieldMap, ...]:
    """Every committed field map with its dump (the layouts formhelper can read)."""
    found = []
    for form, year, _path in committed_dumps():
        if form in FORMS and has_map(form, year):
            try:
                found.append(load_map(form, year))
            except FieldMapError:
                continue
    return tuple(found)


def known_layouts() -> str:
    """``Form 8606 (2025), Form 1040 (2024, 2025), ...`` for messages."""
    years: dict[str, list[int]] = {}
    for fmap in _maps():
        years.setdefault(fmap.form, []).append(fmap.layout_year)
    return "; ".join(f"{_FORM_WORDS[f]} ({', '.join(str(y) for y in sorted(ys))})"
                     for f, ys in sorted(years.items()))


# ------------------------------------------------------------------ fillable PDFs


def _by_fields(values: dict[str, str], source: str) -> ReadForm | None:
    """The one form whose committed fields the PDF has, read by field name."""
    best: tuple[float, FieldMap] | None = None
    for fmap in _maps():
        if not all(entry.field in values for entry in fmap.fields):
            continue
        names = {f["name"] for f in load_dump(fmap.form, fmap.layout_year)["fields"]}
        share = len(names & values.keys()) / max(len(names | values.keys()), 1)
        if best is None or share > best[0]:
            best = (share, fmap)
    if best is None:
        return None
    fmap = best[1]
    text_of = {entry.key: values.get(entry.field, "") for entry in fmap.fields}
    return _lines(fmap, text_of, source, fmap.layout_year)


# ------------------------------------------------------------------ flattened PDFs


@dataclass(frozen=True)
class Printed:
    """A word of a blank's print and where it starts (its :class:`Word`'s ``x0`` and
    ``baseline``: points, origin top left)."""

    x: float
    baseline: float
    text: str


def printed_text(data: bytes, title: str) -> dict[str, Any]:
    """The printed words of a blank form, page by page: the committed
    ``forms/<year>/<form>.printed.json`` that tells a flattened page of that layout."""
    return {
        "generated": "Generated from the blank IRS PDF by formhelper.pdf.their_pages."
                     "printed_text; do not edit by hand.",
        "title": title,
        "sha256": hashlib.sha256(data).hexdigest(),
        "pages": [[[w.x0, w.baseline, w.text] for w in page.words]
                  for page in read_pages(data)],
    }


def printed_json(printed: dict[str, Any]) -> str:
    """:func:`printed_text` as committed: one line per page."""
    head = {k: v for k, v in printed.items() if k != "pages"}
    lines = ",\n".join("    " + json.dumps(page, ensure_ascii=False)
                       for page in printed["pages"])
    return json.dumps(head, indent=2)[:-2] + ',\n  "pages": [\n' + lines + "\n  ]\n}\n"


@functools.cache
def _printed(form: str, year: int) -> list[list[Printed]] | None:
    path = forms_dir() / str(year) / f"{form}.printed.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return [[Printed(float(x), float(y), str(t)) for x, y, t in page]
            for page in data["pages"]]


def _near(word: Word, printed: Printed) -> bool:
    """The same word starting at the same place, within :data:`TOLERANCE`."""
    return (word.text == printed.text and abs(word.x0 - printed.x) <= TOLERANCE
            and abs(word.baseline - printed.baseline) <= TOLERANCE)


def _cell(x: float, baseline: float) -> tuple[int, int]:
    """A square of :data:`TOLERANCE` points: two places within it of each other are in
    the same or neighbouring squares."""
    return int(x // TOLERANCE), int(baseline // TOLERANCE)


def _match(page: tuple[Word, ...]) -> tuple[FieldMap, int, set[int]] | None:
    """(layout, page index, indexes of ``page``'s words that are the form's own print) of
    the layout page whose printed words ``page`` shows, if any.  Each printed word is
    the first word of ``page`` (in drawing order) not taken yet that is :func:`_near`
    it; the page's words are looked up by text and square (:func:`_cell`), so a page
    of a thousand words is not scanned once per printed word."""
    by_place: dict[tuple[str, int, int], list[int]] = {}
    for i, word in enumerate(page):
        by_place.setdefault((word.text, *_cell(word.x0, word.baseline)), []).append(i)

    def near(printed_word: Printed) -> list[int]:
        cx, cy = _cell(printed_word.x, printed_word.baseline)
        found = [i for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                 for i in by_place.get((printed_word.text, cx + dx, cy + dy), ())]
        return sorted(i for i in found if _near(page[i], printed_word))

    for fmap in _maps():
        printed = _printed(fmap.form, fmap.layout_year)
        if printed is None:
            continue
        for index, blank in enumerate(printed):
            if not blank:
                continue
            own: set[int] = set()
            for printed_word in blank:
                hit = next((i for i in near(printed_word) if i not in own), None)
                if hit is not None:
                    own.add(hit)
            year_marks = [p for p in blank if str(fmap.layout_year) in p.text]
            year_ok = all(near(m) for m in year_marks)
            if len(own) >= MATCH_SHARE * len(blank) and year_ok:
                return fmap, index, own
    return None


def _box_text(page: Page, own: set[int], rect: list[float]) -> str:
    """The words that start in a field's box (its ``/Rect``), left to right, not counting
    the form's own print: a word's origin at most 1 point left or right of the box, at
    most 1 point above its top, at most 3 points below its bottom (a baseline drawn
    just under the box's lower edge)."""
    left, top, right, bottom = page.box_of(rect)
    inside = [w for i, w in enumerate(page.words) if i not in own
              and left - 1 <= w.x0 <= right + 1 and top - 1 <= w.baseline <= bottom + 3]
    return " ".join(w.text for w in sorted(inside, key=lambda w: w.x0))


def _by_text(pages: list[Page], source: str) -> tuple[list[ReadForm], list[str]]:
    """Forms read by position from the pages that are an official layout."""
    forms: list[ReadForm] = []
    skipped: list[str] = []
    current: tuple[FieldMap, dict[str, str], set[int], int] | None = None

    def close() -> None:
        if current is not None:
            fmap, text_of, _seen, first = current
            read = _lines(fmap, text_of, f"{source} (page {first})", fmap.layout_year)
            read.how, read.page = "text", first
            forms.append(read)

    for page in pages:
        number = page.number
        if len(page.words) > MAX_WORDS:
            raise TheirPagesError(f"{source}: page {number} holds {len(page.words)} words, "
                                  f"more than a form's page (at most {MAX_WORDS})")
        matched = _match(page.words)
        if matched is None:
            if page.words:
                skipped.append(f"{source}: page {number} is not a page of a form formhelper "
                               "reads; skipped")
            continue
        fmap, index, own = matched
        if current is None or current[0] != fmap or index in current[2]:
            close()
            current = (fmap, {}, set(), number)
        current[2].add(index)
        fields = {f["name"]: f for f in load_dump(fmap.form, fmap.layout_year)["fields"]}
        for entry in fmap.fields:
            info = fields.get(entry.field)
            if info is None or info.get("page") != index + 1:
                continue
            current[1][entry.key] = _box_text(page, own, info["rect"])
    close()
    return forms, skipped


# ------------------------------------------------------------------ entry


def read_pdf(raw: bytes, source: str) -> tuple[list[ReadForm], list[str]]:
    """The forms in a PDF, and notes about pages skipped.  Raises
    :class:`TheirPagesError` naming ``source`` when nothing in it can be read."""
    from formhelper.pdf.fill import read_values

    try:
        with quiet_readers():
            values = read_values(raw)
    except Exception as exc:  # hostile input: any parser failure is "not readable"
        raise TheirPagesError(f"{source}: not a readable PDF ({type(exc).__name__})") from None
    if values:
        read = _by_fields(values, source)
        if read is not None and any(v is not None for v in read.lines.values()):
            return [read], []
    try:
        pages = read_pages(raw, MAX_PAGES, MAX_DECODED)
    except TextError as exc:
        if exc.__cause__ is not None and not isinstance(exc.__cause__, RecursionError):
            # The parser failed: a damaged file.
            raise TheirPagesError(f"{source}: not a readable PDF "
                                  f"({type(exc.__cause__).__name__})") from None
        raise TheirPagesError(f"{source}: {exc}") from None  # beyond a return's bounds
    forms, skipped = _by_text(pages, source)
    if not forms:
        if not any(page.words for page in pages):
            raise TheirPagesError(
                f"{source}: no text on its pages (a scan?); formhelper reads only PDFs with "
                "text. Type the lines into a small TOML file instead (docs/verify.md)")
        raise TheirPagesError(
            f"{source}: not an official IRS layout formhelper knows ({known_layouts()}): "
            "another year, or a substitute form? formhelper does not guess which figure is "
            "which line; type the lines into a small TOML file instead (docs/verify.md)")
    return forms, skipped


__all__ = ["MAX_PAGES", "ReadForm", "TheirPagesError", "known_layouts", "parse_amount",
           "printed_json", "printed_text", "read_pdf"]
