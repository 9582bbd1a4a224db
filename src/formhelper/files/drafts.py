"""Wizard drafts: the case exactly as typed, saved after every change.

A draft is a JSON file holding

- ``case``: the case file's fields with every value as the person typed it
  (text, even when it is not a valid amount yet), so nothing typed is lost;
- where the person was: the step, the Form 1099-R open in the editor, the
  field that had the focus;
- ``case_path``: the case file it belongs to, when there is one.

Drafts of new returns live in ``$FORMHELPER_DATA_DIR`` (else the platform's data
folder: ``$XDG_DATA_HOME/formhelper`` or ``~/.local/share/formhelper`` on Linux) under
``drafts/``; the draft of a case file given on the command line lives beside
it as ``<name>.draft.json``.  Every save is atomic (temporary file, fsync,
rename) with mode 0600: a draft may hold an SSN.

Turning the typed text into a :class:`CaseFile` goes through
:func:`formhelper.files.casefile.parse_case`, so the wizard shows the same
``field: message`` problems as the command line, beside the field they name.
This module imports no Textual.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel

from formhelper.files.casefile import CaseFileError, parse_case, printable, read_data
from formhelper.models import (
    CaseFile,
    Disposition,
    Form1099R,
    InheritedIra,
    Person,
    RothIra,
    RothLayer,
    StateEntry,
    TraditionalIra,
)
from formhelper.money import amount_text
from formhelper.resources import user_data_root

DRAFT_FORMAT = "formhelper-draft"
DRAFT_VERSION = 1
#: Drafts hold names, dates of birth and SSNs.
DRAFT_MODE = 0o600
MAX_BYTES = 5_000_000


class DraftError(Exception):
    """A draft file that cannot be read; the message names the file."""


def data_dir() -> Path:
    """Where the wizard keeps drafts of new returns (:func:`resources.user_data_root`)."""
    return user_data_root()


def drafts_dir() -> Path:
    return data_dir() / "drafts"


def draft_path_for(case_path: Path) -> Path:
    """The draft beside a case file: ``case.toml`` -> ``case.toml.draft.json``."""
    return case_path.with_name(case_path.name + ".draft.json")


def new_draft_path() -> Path:
    """A fresh file name under :func:`drafts_dir`."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = drafts_dir()
    candidate = folder / f"draft-{stamp}.json"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"draft-{stamp}-{n}.json"
    return candidate


# ------------------------------------------------------------------ field paths

_PART = re.compile(r"([A-Za-z0-9_]+)|\[(\d+)\]")


def split_path(path: str) -> list[str | int]:
    """``forms_1099r[1].box_2a`` -> ``["forms_1099r", 1, "box_2a"]``."""
    parts: list[str | int] = []
    for name, index in _PART.findall(path):
        parts.append(int(index) if index else name)
    return parts


def get(data: dict[str, Any], path: str, default: Any = "") -> Any:
    """The value at ``path`` in a draft's case data, or ``default``."""
    node: Any = data
    for part in split_path(path):
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return default
        elif not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def put(data: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at ``path``, creating the tables on the way."""
    parts = split_path(path)
    node: Any = data
    for part, following in itertools.pairwise(parts):
        if isinstance(part, int):
            node = node[part]
            continue
        if part not in node or not isinstance(node[part], dict | list):
            node[part] = [] if isinstance(following, int) else {}
        node = node[part]
    node[parts[-1]] = value


# ------------------------------------------------------------------ typed text -> case data


def _money_names() -> frozenset[str]:
    """Field names whose type is an amount (Decimal), from the case models."""
    names = set()
    models: list[type[BaseModel]] = [Form1099R, Disposition, StateEntry, TraditionalIra,
                                     RothIra, RothLayer, Person, InheritedIra]

    def is_money(annotation: Any) -> bool:
        if annotation is Decimal:
            return True
        return any(is_money(arg) for arg in get_args(annotation))

    for model in models:
        for name, info in model.model_fields.items():
            if is_money(info.annotation):
                names.add(name)
    return frozenset(names)


MONEY_FIELDS = _money_names()
#: Fields holding a date: the wizard accepts it as people write it.
DATE_FIELDS = frozenset({"date_of_birth"})
#: How a date may be typed: 1975-03-14, 03/14/1975 (or 3/14/1975), March 14, 1975 (or Mar 14
#: 1975); one pattern per format, tried in this order.
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b %d %Y")
DATE_HINT = "not a date: type it as 03/14/1975, 1975-03-14 or March 14, 1975"


def typed_date(text: str) -> str | None:
    """A date as people write it, as ``YYYY-MM-DD``; ``None`` when it is not one.

    ``03/14/1975`` is month/day/year, as on US forms.  A two-digit year is refused:
    1975 or 2075 is not ours to guess.
    """
    words = " ".join(text.replace(".", " ").split())
    for pattern in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(words, pattern)
        except ValueError:
            continue
        if parsed.year >= 1000:
            return parsed.date().isoformat()
    return None


def case_data(data: Any, key: str | None = None) -> Any:
    """The draft's case data as the case-file loader wants it.

    Empty text means "not given" (the field is left out); amounts lose ``$``
    and thousands separators.  Everything else is passed as typed, and the
    case model decides.
    """
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            cleaned = case_data(v, k)
            if cleaned is not None:
                out[k] = cleaned
        return out
    if isinstance(data, list):
        return [case_data(item, key) for item in data]
    if isinstance(data, str):
        text = data.strip()
        if not text:
            return None
        if key in DATE_FIELDS:
            # Not a date as people write one: kept from being read as anything else
            # (pydantic takes "1975" for a timestamp), so the model says "not a date".
            return typed_date(text) or f"?{text}"
        return amount_text(text) if key in MONEY_FIELDS else text
    return data


def typed(data: Any) -> Any:
    """Case-file data (from TOML or JSON) as a draft holds it: leaves become text."""
    if isinstance(data, dict):
        # schema_version is a number the person never types.
        return {str(k): v if k == "schema_version" else typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [typed(v) for v in data]
    if isinstance(data, bool) or data is None:
        return data
    if isinstance(data, date):
        return data.isoformat()
    return str(data)


@dataclass(frozen=True)
class Checked:
    """A draft's case data checked by the case model."""

    case: CaseFile | None
    #: Field path -> messages; ``case`` for problems of the whole file.
    problems: dict[str, list[str]]


def check(data: dict[str, Any]) -> Checked:
    """Validate the typed case with the same loader the command line uses."""
    try:
        case = parse_case(case_data(data), "case")
    except CaseFileError as exc:
        problems: dict[str, list[str]] = {}
        for line in exc.plain:
            where, _, message = line.partition(": ")
            if where.rsplit(".", 1)[-1] in DATE_FIELDS and message.startswith("not a date"):
                message = DATE_HINT  # the wizard takes more ways of writing it
            problems.setdefault(where, []).append(message or line)
        return Checked(None, problems)
    return Checked(case, {})


# ------------------------------------------------------------------ the draft file


def default_tax_year(years: list[int], today: date | None = None) -> int:
    """Last year's return is the one people prepare; else the latest supported."""
    wanted = (today or date.today()).year - 1
    return wanted if wanted in years else max(years)


def empty_case(tax_year: int) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "tax_year": str(tax_year),
        "filing_status": "single",
        "taxpayer": {"name": "", "ssn": "", "date_of_birth": ""},
        "forms_1099r": [],
    }


def empty_form(owner: str = "taxpayer") -> dict[str, Any]:
    return {"owner": owner, "payer": "", "box_1": "", "box_2a": "", "box_4": "",
            "box_7": "", "ira_sep_simple": False, "disposition": {}}


@dataclass
class Draft:
    """One return in progress."""

    path: Path
    case: dict[str, Any]
    step: str = "basics"
    #: The Form 1099-R open in the editor (its index), if any.
    form_index: int | None = None
    #: The field path that had the focus.
    focus: str | None = None
    case_path: Path | None = None
    #: Steps where the person pressed Next: their "required" problems are shown.
    attempted: list[str] = field(default_factory=list)
    #: Last year's basis record imported at the basis step (carried into this year's).
    prior_record: str | None = None
    #: The output step's choices (folders, flatten), kept as typed.
    settings: dict[str, str] = field(default_factory=dict)
    #: Per person ("taxpayer", "spouse"), the years typed to rebuild a basis whose Form
    #: 8606 was never filed (``tui/rebuild.py``), kept as typed: ``{"years": [{"year",
    #: "nondeductible_contributions", "distributions", "conversions", "year_end_value",
    #: "form_8606_filed"}], "starting_basis"}``.
    rebuild: dict[str, Any] = field(default_factory=dict)
    saved_at: str = ""

    def to_json(self) -> bytes:
        body = {
            "format": DRAFT_FORMAT,
            "version": DRAFT_VERSION,
            "saved_at": self.saved_at,
            "case_path": None if self.case_path is None else str(self.case_path),
            "step": self.step,
            "form_index": self.form_index,
            "focus": self.focus,
            "attempted": self.attempted,
            "prior_record": self.prior_record,
            "settings": self.settings,
            "rebuild": self.rebuild,
            "case": self.case,
        }
        return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode()

    def save(self) -> None:
        """Write the draft atomically, mode 0600."""
        from formhelper.files.atomic import write_atomic

        self.saved_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, self.to_json(), DRAFT_MODE)
        if self.path.parent.resolve() != drafts_dir().resolve():
            remember(self.path)


def _beside_list() -> Path:
    """Drafts kept beside case files, so that ``formhelper`` can offer them too."""
    return data_dir() / "drafts-beside-case-files.json"


def _remembered() -> list[str]:
    try:
        listed = json.loads(_beside_list().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [p for p in listed if isinstance(p, str)] if isinstance(listed, list) else []


def remember(path: Path) -> None:
    """Add a draft beside a case file to the list the start screen reads (once)."""
    from formhelper.files.atomic import write_atomic

    known = _remembered()
    text = str(path.resolve())
    if text in known:
        return
    listing = _beside_list()
    listing.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(listing, (json.dumps([*known, text], indent=1) + "\n").encode(), DRAFT_MODE)


def discard(path: Path) -> str:
    """Delete the draft ``path`` (the user asked, and said yes); a draft kept beside a
    case file is also dropped from the list the start screen reads.  The case file is
    never touched.  Returns one status line; raises :class:`DraftError` naming the file
    when ``path`` is not a draft or cannot be deleted."""
    from formhelper.files.atomic import write_atomic

    draft = load(path)  # refuses anything that is not a draft
    try:
        path.unlink()
    except OSError as exc:
        raise DraftError(f"{printable(str(path))}: cannot delete ({exc.strerror})") from None
    text = str(path.resolve())
    known = _remembered()
    if text in known:
        rest = [p for p in known if p != text]
        write_atomic(_beside_list(), (json.dumps(rest, indent=1) + "\n").encode(), DRAFT_MODE)
    kept = f"; {draft.case_path.name} is kept" if draft.case_path is not None else ""
    return f"Deleted the draft {printable(path.name)}{kept}."


def load(path: Path) -> Draft:
    """Read a draft; raises :class:`DraftError` naming the file."""
    from formhelper.files.reading import InputError, read_file

    name = printable(str(path))
    try:
        raw = read_file(path, MAX_BYTES, "draft")
    except InputError as exc:
        raise DraftError(str(exc)) from None
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DraftError(f"{name}: not a formhelper draft ({exc})") from None
    if not isinstance(body, dict) or body.get("format") != DRAFT_FORMAT:
        raise DraftError(f"{name}: not a formhelper draft (no \"format\": \"{DRAFT_FORMAT}\")")
    case = body.get("case")
    if not isinstance(case, dict):
        raise DraftError(f"{name}: damaged draft (\"case\" is not a table)")
    index = body.get("form_index")
    attempted = body.get("attempted")
    case_path = body.get("case_path")
    return Draft(
        path=path,
        case=case,
        step=str(body.get("step") or "basics"),
        form_index=index if isinstance(index, int) and not isinstance(index, bool) else None,
        focus=body.get("focus") if isinstance(body.get("focus"), str) else None,
        case_path=Path(case_path) if isinstance(case_path, str) else None,
        attempted=[s for s in attempted if isinstance(s, str)]
        if isinstance(attempted, list) else [],
        prior_record=body.get("prior_record") if isinstance(body.get("prior_record"), str)
        else None,
        settings={str(k): str(v) for k, v in body["settings"].items()}
        if isinstance(body.get("settings"), dict) else {},
        rebuild={str(k): v for k, v in body["rebuild"].items() if isinstance(v, dict)}
        if isinstance(body.get("rebuild"), dict) else {},
        saved_at=str(body.get("saved_at") or ""),
    )


def from_case_file(case_path: Path) -> Draft:
    """A draft that starts from a case file (valid or not: the wizard shows the problems).

    Raises :class:`CaseFileError` when the file cannot be read or parsed at all.
    """
    data = read_data(case_path)
    if not isinstance(data, dict):
        name = printable(str(case_path))
        raise CaseFileError(name, [f"{name}: must be a table/object of fields"])
    case = typed(data)
    case.setdefault("forms_1099r", [])
    return Draft(path=draft_path_for(case_path), case=case, case_path=case_path)


@dataclass(frozen=True)
class DraftInfo:
    """A draft in progress, as the start screen lists it."""

    path: Path
    title: str


def describe(draft: Draft, step_titles: Mapping[str, str] | None = None) -> str:
    """``Jane Roe, tax year 2025, at "Forms 1099-R", saved 2026-11-23 10:04 UTC``
    (``step_titles``: the wizard's step titles, by step)."""
    name = str(get(draft.case, "taxpayer.name") or "").strip() or "(no name yet)"
    year = str(get(draft.case, "tax_year") or "?")
    saved = draft.saved_at.replace("T", " ")[:16]
    beside = f" ({draft.case_path.name})" if draft.case_path is not None else ""
    titles = step_titles or {}
    step = titles.get(draft.step, draft.step.replace("_", " ").capitalize())
    return f'{name}, tax year {year}{beside}, at "{step}", saved {saved} UTC'


def list_drafts(folder: Path | None = None,
                step_titles: Mapping[str, str] | None = None) -> list[DraftInfo]:
    """Readable drafts in ``folder`` (default :func:`drafts_dir`, plus the drafts kept
    beside case files that still exist), newest first, described with ``step_titles``."""
    paths = list((folder or drafts_dir()).glob("*.json"))
    if folder is None:
        paths += [Path(p) for p in _remembered() if Path(p).is_file()]
    found = []
    for path in paths:
        try:
            draft = load(path)
        except DraftError:
            continue
        found.append((draft.saved_at, DraftInfo(path, describe(draft, step_titles))))
    return [info for _, info in sorted(found, key=lambda x: x[0], reverse=True)]
