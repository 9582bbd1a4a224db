"""Computed lines -> ``{AcroForm field name: text}`` through a field map.

How each format is written (the widths were checked by rendering the 2025
forms: "1,234,567" fits a 72-point amount box at the forms' 8-point font):

* ``dollars``: whole dollars with thousands separators, ``40,000``; a negative
  amount in parentheses, as the IRS prints it.  ``0`` is written (the form's
  "-0-" lines); a line the form leaves blank is absent.
* ``ratio_int`` / ``ratio_frac``: Form 8606 line 10 is printed as
  ``[ ] . [     ]``: the integer part (one character) and the decimals as
  computed (five places, see ``formhelper.money.RATIO_PLACES``).
* ``ssn``: ``123-45-6789`` (Form 8606, an 11-character box);
  ``ssn_digits``: ``123456789`` (Form 1040's nine-cell comb box).
* ``checkbox``: the field's on-state when the line's value is ``when``;
  ``when = "other"`` is any item of the line without a box of its own.
* ``writein``: those "other" items in capitals (Form 1040 line 4c box 3,
  "HFD").
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from formhelper.calc import ReturnResult
from formhelper.calc.f5329 import F5329Lines
from formhelper.calc.f8606 import F8606Lines
from formhelper.models import CaseFile, FilingStatus, Owner, Person
from formhelper.money import fmt_dollars
from formhelper.pdf.errors import FillError
from formhelper.pdf.fieldmap import FieldMap, MappedField
from formhelper.pdf.fonts import describe, unwritable

Source = Decimal | str | tuple[str, ...] | None

#: The case field a person's line comes from ("{owner}": taxpayer or spouse).
CASE_FIELDS = {
    "name": "{owner}.name", "ssn": "{owner}.ssn",
    "taxpayer_first_name": "taxpayer.name", "taxpayer_last_name": "taxpayer.name",
    "taxpayer_ssn": "taxpayer.ssn", "spouse_first_name": "spouse.name",
    "spouse_last_name": "spouse.name", "spouse_name_mfs": "spouse.name",
    "spouse_ssn": "spouse.ssn", "filing_status": "filing_status",
}


class Filled(dict[str, str]):
    """``{field name: text}``, with ``labels``: what each field shows, in a message's
    words (``spouse.name``, the case field of a name or SSN; else ``Form 8606 line
    18``), so a fill failure names the case field and not the PDF field."""

    def __init__(self, values: dict[str, str], labels: dict[str, str]) -> None:
        super().__init__(values)
        self.labels = labels


def label(fmap: FieldMap, entry: MappedField, owner: str = "taxpayer") -> str:
    """The words for ``entry`` in a message: its case field, or its form and line."""
    template = CASE_FIELDS.get(entry.line)
    if template is not None:
        return template.format(owner=owner)
    return f"Form {fmap.form[1:]} {entry.line.replace('_', ' ')}"


def dollars(amount: Decimal) -> str:
    """``40,000``; ``(1,200)`` for a negative amount."""
    if amount < 0:
        return f"({fmt_dollars(-amount)})"
    return fmt_dollars(amount)


def ratio_parts(value: Decimal) -> tuple[str, str]:
    """Form 8606 line 10 as (integer part, decimals): 0.20000 -> ("0", "20000")."""
    sign, _digits, exponent = value.as_tuple()
    if sign or not isinstance(exponent, int) or exponent >= 0:
        raise ValueError(f"line 10 must be a non-negative decimal, got {value}")
    text = f"{value:f}"
    whole, _, frac = text.partition(".")
    return whole, frac


def split_name(name: str) -> tuple[str, str]:
    """Form 1040's "first name and middle initial" and "last name": the last word is
    taken as the last name (a two-word last name needs a manual fix)."""
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    return " ".join(words[:-1]), words[-1]


def _own_boxes(fmap: FieldMap, line: str) -> set[str]:
    return {f.when for f in fmap.by_line(line) if f.when and f.when != "other"}


def _others(fmap: FieldMap, line: str, items: tuple[str, ...]) -> list[str]:
    own = _own_boxes(fmap, line)
    return [item for item in items if item not in own]


def _format(fmap: FieldMap, entry: MappedField, value: Source) -> str | None:
    """The text (or checkbox state) to put in ``entry``'s field, ``None`` to leave it blank."""
    if value is None or value == "" or value == ():
        return None
    fmt = entry.format
    if fmt == "checkbox":
        items = value if isinstance(value, tuple) else (str(value),)
        if entry.when == "other":
            checked = bool(_others(fmap, entry.line, items))
        else:
            checked = entry.when in items
        return entry.on if checked else None
    if fmt == "writein":
        items = value if isinstance(value, tuple) else (str(value),)
        others = _others(fmap, entry.line, items)
        return ", ".join(item.upper() for item in others) or None
    if fmt in ("text", "ssn", "ssn_digits"):
        if not isinstance(value, str):
            raise TypeError(f"{entry.key}: expected text, got {value!r}")
        if fmt == "ssn_digits":
            return value.replace("-", "")
        return value
    if not isinstance(value, Decimal):
        raise TypeError(f"{entry.key}: expected an amount, got {value!r}")
    if fmt == "dollars":
        return dollars(value)
    whole, frac = ratio_parts(value)
    return whole if fmt == "ratio_int" else frac


def fill_values(fmap: FieldMap, sources: Mapping[str, Source],
                owner: str = "taxpayer") -> Filled:
    """``{field name: text}`` for every mapped field whose line has a value.

    Raises :class:`FillError` naming the case field when a text (a name) holds a
    character the form's fonts cannot show (:func:`formhelper.pdf.fonts.unwritable`).
    """
    out: dict[str, str] = {}
    labels: dict[str, str] = {}
    problems: dict[str, str] = {}
    for entry in fmap.fields:
        text = _format(fmap, entry, sources.get(entry.line))
        if text is None:
            continue
        out[entry.field] = text
        labels[entry.field] = where = label(fmap, entry, owner)
        bad = unwritable(text) if entry.format == "text" else []
        if bad and where not in problems:
            shown = text if len(text) <= 60 else text[:60] + "..."
            problems[where] = (
                f"{where}: {shown!r} has characters Form {fmap.form[1:]} cannot show "
                f"({describe(bad[:5])}{', ...' if len(bad) > 5 else ''}); write it in Latin "
                "letters (accents such as é, ł or ō are fine), as on your Social Security "
                "card")
    if problems:
        raise FillError("; ".join(problems.values()))
    return Filled(out, labels)


def f8606_sources(person: Person, lines: F8606Lines) -> dict[str, Source]:
    """Form 8606 for one person: name, SSN and lines 1-25c."""
    sources: dict[str, Source] = {"name": person.name, "ssn": person.ssn}
    sources.update(lines.lines())
    return sources


def f5329_sources(person: Person, lines: F5329Lines) -> dict[str, Source]:
    """Form 5329 for one person: name, SSN and Part I lines 1-4 (line 2's exception
    number is text: "09", "99")."""
    sources: dict[str, Source] = {"name": person.name, "ssn": person.ssn}
    sources.update(lines.lines())
    return sources


def f1040_sources(case: CaseFile, result: ReturnResult) -> dict[str, Source]:
    """Form 1040: names, SSNs, filing status, lines 4a-5c and 25b."""
    first, last = split_name(case.taxpayer.name)
    sources: dict[str, Source] = {
        "taxpayer_first_name": first,
        "taxpayer_last_name": last,
        "taxpayer_ssn": case.taxpayer.ssn,
        "filing_status": case.filing_status.value,
    }
    spouse = case.spouse
    if spouse is not None and case.filing_status == FilingStatus.MARRIED_FILING_JOINTLY:
        s_first, s_last = split_name(spouse.name)
        sources.update(spouse_first_name=s_first, spouse_last_name=s_last,
                       spouse_ssn=spouse.ssn)
    elif spouse is not None and case.filing_status == FilingStatus.MARRIED_FILING_SEPARATELY:
        # "Married filing separately (MFS). Enter spouse's SSN above and full name here".
        sources.update(spouse_name_mfs=spouse.name, spouse_ssn=spouse.ssn)
    sources.update(dict(result.f1040))
    return sources


def f8606_values(fmap: FieldMap, person: Person, lines: F8606Lines,
                 owner: Owner = Owner.TAXPAYER) -> Filled:
    return fill_values(fmap, f8606_sources(person, lines), owner.value)


def f5329_values(fmap: FieldMap, person: Person, lines: F5329Lines,
                 owner: Owner = Owner.TAXPAYER) -> Filled:
    return fill_values(fmap, f5329_sources(person, lines), owner.value)


def f1040_values(fmap: FieldMap, case: CaseFile, result: ReturnResult) -> Filled:
    return fill_values(fmap, f1040_sources(case, result))


def person_of(case: CaseFile, owner: Owner) -> Person:
    person = case.taxpayer if owner == Owner.TAXPAYER else case.spouse
    if person is None:
        raise ValueError("the case has no spouse")
    return person
