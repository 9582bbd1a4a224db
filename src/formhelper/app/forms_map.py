"""``formhelper forms map`` and ``forms add`` of a layout formhelper does not ship.

:func:`map_file` proposes a blank's field map (:mod:`formhelper.pdf.mapper`).
:func:`derive` goes further for ``forms add``: the blank must be one of the forms
formhelper fills (Form 8606, 5329 or 1040, known by its title or printed footer), every
line formhelper fills must have exactly one field, none of those lines may have changed
meaning against the shipped layout (:mod:`formhelper.pdf.line_meaning`), and the map
must pass the placement proof (:mod:`formhelper.pdf.map_proof`). Only then
:func:`keep` stores the blank, its field dump and the derived map together in the
user's data folder (``forms/<year>/``), where ``prepare`` finds them
(:func:`formhelper.pdf.fieldmap.map_path`).

Bounded work: a file over :data:`MAX_BYTES` is refused before it is read as a PDF, and
the text reader has its own page and glyph limits (:mod:`formhelper.pdf.page_words`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from formhelper.pdf.fieldmap import FORMS, derived_dir, load_map
from formhelper.pdf.line_meaning import Change, changes
from formhelper.pdf.mapper import (
    Blank,
    Proposal,
    propose,
    read_blank,
    shipped_lines,
    template_year,
    wants_of,
)
from formhelper.pdf.page_words import TextError, quiet_readers

#: A blank IRS form is well under this (Form 1040: about 250 kB).
MAX_BYTES = 20_000_000


class MapError(Exception):
    """The file cannot be mapped; the message names it."""


class Refused(Exception):
    """``forms add``: the blank's map cannot be derived safely; the message says which
    lines and why."""

    def __init__(self, message: str, changed: list[Change] | None = None) -> None:
        super().__init__(message)
        self.changed = changed or []


@dataclass(frozen=True)
class Mapped:
    path: Path
    data: bytes
    blank: Blank
    proposal: Proposal

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read(path: Path) -> tuple[bytes, Blank]:
    """The file's bytes and its fields and words; :class:`MapError` naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise MapError(f"{path}: {size} bytes, larger than a blank IRS form "
                           f"({MAX_BYTES} at most)")
        data = path.read_bytes()
    except OSError as exc:
        raise MapError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        blank = read_blank(data)
    except TextError as exc:  # beyond a form's size, or its text unreadable
        raise MapError(f"{path}: {exc}") from exc
    except RecursionError as exc:
        raise MapError(f"{path}: not a readable PDF (its objects nest too deeply)") from exc
    except Exception as exc:  # pypdf and pdfminer raise many kinds on a damaged file
        raise MapError(f"{path}: not a readable PDF ({exc})") from exc
    if not blank.fields:
        raise MapError(f"{path}: has no form fields to map")
    return data, blank


def map_file(path: Path) -> Mapped:
    """The proposed map of the blank at ``path``, with the nearest shipped map of its
    form as template when it is a form formhelper fills."""
    with quiet_readers():
        return _map_file(path)


def _map_file(path: Path) -> Mapped:
    data, blank = read(path)
    identity = blank.identity()
    form, year = identity if identity else (None, None)
    template = None
    if form in FORMS:
        shipped = template_year(form, year)
        if shipped is not None:
            template = load_map(form, shipped)
    try:
        proposal = propose(blank, template, form, year)
    except RecursionError as exc:
        raise MapError(f"{path}: not a readable PDF (its objects nest too deeply)") from exc
    except TextError as exc:  # more line numbers than a form has
        raise MapError(f"{path}: {exc}") from exc
    except (ValueError, TypeError, KeyError, IndexError) as exc:  # a field's odd /Rect
        raise MapError(f"{path}: its form fields cannot be placed on the page ({exc})") \
            from exc
    return Mapped(path, data, blank, proposal)


def derive(path: Path) -> Mapped:
    """The map of a blank whose layout formhelper does not ship, proven; raises
    :class:`Refused` with the lines that stand in the way."""
    from formhelper.pdf.map_proof import placement_problems

    mapped = map_file(path)
    proposal = mapped.proposal
    form, year = proposal.form, proposal.layout_year
    if form not in FORMS or year is None:
        raise Refused(f"{path}: not one of the forms formhelper fills (Form 8606, 5329 or "
                      "1040 with its year in the title or the page footer)")
    if proposal.template_year is None:
        raise Refused(f"{path}: formhelper ships no map of Form {form[1:]} to start from")
    name = f"Form {form[1:]} ({year})"
    if proposal.ambiguous:
        listed = "; ".join(f"{a.key}: {a.reason}" for a in proposal.ambiguous)
        raise Refused(f"{path}: {name}: these lines have no single field, so the form "
                      f"changed: {listed}")
    shipped = shipped_lines(form, proposal.template_year)
    if shipped is None:
        raise Refused(f"{path}: the printed lines of the {proposal.template_year} "
                      f"Form {form[1:]} are not shipped; cannot tell what changed")
    changed = changes(_rows(form, proposal.template_year), shipped, proposal.lines)
    if changed:
        listed = "; ".join(f"line {c.line}: {c.reason}" for c in changed)
        raise Refused(f"{path}: {name}: lines changed meaning since the "
                      f"{proposal.template_year} form: {listed}", changed)
    fields = {str(f["name"]): f for f in mapped.blank.fields}
    try:
        with quiet_readers():
            problems = placement_problems(mapped.data, [p.entry for p in proposal.fields],
                                          fields)
    except Exception as exc:  # the fill or the text reader failing is a failed proof
        raise Refused(f"{path}: {name}: the derived map could not be proven ({exc})") from exc
    if problems:
        raise Refused(f"{path}: {name}: the derived map fails its placement proof: "
                      + "; ".join(problems[:5]))
    return mapped


def _rows(form: str, layout_year: int) -> list[str]:
    """The line labels formhelper fills on ``form`` in the shipped layout, in order."""
    rows = {w.row for w in wants_of(load_map(form, layout_year)) if w.row is not None}
    return sorted(rows, key=lambda r: (int("".join(c for c in r if c.isdigit())), r))


def reprinted_changes(path: Path, data: bytes, form: str, layout_year: int) -> list[Change]:
    """A blank whose fields are those of the shipped ``layout_year`` form but which is
    printed for another year (the IRS often keeps the field names): the lines
    formhelper fills whose meaning changed. Empty for the same year's print."""
    try:
        with quiet_readers():
            blank = read_blank(data)
    except Exception as exc:  # TextError, pypdf's errors: the same file was read before
        raise MapError(f"{path}: its printed lines cannot be read ({exc})") from exc
    identity = blank.identity()
    shipped = shipped_lines(form, layout_year)
    if identity is None or identity == (form, layout_year) or shipped is None:
        return []
    from formhelper.pdf.spots import line_texts

    return changes(_rows(form, layout_year), shipped, line_texts(blank.pages))


def _write(path: Path, data: bytes) -> None:
    """Created exclusively under a fresh name (0600) and renamed into place: never
    written through a link (:func:`formhelper.pdf.blanks.write_new`)."""
    from formhelper.pdf.blanks import write_new

    path.parent.mkdir(parents=True, exist_ok=True)
    write_new(path, data)


def keep(mapped: Mapped) -> Path:
    """Store a derived blank with its dump and map in the user's data folder; the
    folder of ``<form>.pdf``, ``<form>.acroform.json`` and ``<form>.fields.toml``."""
    from formhelper.pdf.dump import dump_bytes, to_json
    from formhelper.render.forms_map import to_toml

    proposal = mapped.proposal
    assert proposal.form is not None and proposal.layout_year is not None
    folder = derived_dir() / str(proposal.layout_year)
    form = proposal.form
    _write(folder / f"{form}.pdf", mapped.data)
    _write(folder / f"{form}.acroform.json", to_json(dump_bytes(mapped.data)).encode())
    _write(folder / f"{form}.fields.toml",
           to_toml(proposal, mapped.path.name, mapped.sha256).encode())
    return folder


def derived_layouts() -> list[dict[str, object]]:
    """Every derived map kept in the user's data: form, year, confidence, folder."""
    import tomllib

    rows: list[dict[str, object]] = []
    for path in sorted(derived_dir().glob("*/*.fields.toml")):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
            rows.append({"form": str(raw["form"]), "year": int(raw["layout_year"]),
                         "confidence": float(raw.get("derived", {}).get("confidence", 0)),
                         "template_year": int(raw.get("derived", {}).get("template_year", 0)),
                         "path": str(path)})
        except (OSError, ValueError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
            rows.append({"form": path.name.split(".")[0], "year": path.parent.name,
                         "confidence": 0.0, "template_year": 0,
                         "path": f"{path} (unreadable: {exc})"})
    return rows
