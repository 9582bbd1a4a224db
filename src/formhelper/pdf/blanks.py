"""Finding the blank IRS forms: ``--forms-dir``, ``FORMHELPER_FORMS_DIR``, the user cache.

Blank IRS PDFs are never part of this repository.  Each folder is laid out
``<layout year>/<form>.pdf`` (``2025/f8606.pdf``).  A blank is accepted only
if its AcroForm fields match the committed dump
``forms/<year>/<form>.acroform.json`` (names, kinds, max lengths, checkbox
on-states, pages; rectangles within a point), so a wrong year or a re-issued
form with renamed fields is refused instead of filled into the wrong boxes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formhelper.pdf.dump import differences, dump_bytes, dump_reader
from formhelper.pdf.fieldmap import committed_dumps, load_dump
from formhelper.resources import cache_root

if TYPE_CHECKING:
    from formhelper.pdf.opened import Parsed

ENV = "FORMHELPER_FORMS_DIR"

#: Where the IRS publishes the current-year form and prior years' forms.
CURRENT_URL = "https://www.irs.gov/pub/irs-pdf/{form}.pdf"
PRIOR_URL = "https://www.irs.gov/pub/irs-prior/{form}--{year}.pdf"


def cache_dir() -> Path:
    """``forms/`` in the cache folder (:func:`formhelper.resources.cache_root`)."""
    return cache_root() / "forms"


def search_dirs(forms_dir: Path | None = None) -> list[tuple[str, Path]]:
    """(how it was given, folder) in the order they are searched."""
    dirs: list[tuple[str, Path]] = []
    if forms_dir is not None:
        dirs.append(("--forms-dir", forms_dir))
    env = os.environ.get(ENV)
    if env:
        dirs.append((ENV, Path(env)))
    dirs.append(("cache", cache_dir()))
    return dirs


@dataclass(frozen=True)
class Blank:
    form: str
    layout_year: int
    path: Path
    data: bytes
    #: ``data`` opened for filling (:mod:`formhelper.pdf.opened`).
    opened: Parsed = field(compare=False, repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class BlankMissing(Exception):
    """No acceptable blank form was found; the message says how to get one."""

    def __init__(self, form: str, layout_year: int, looked: list[str]) -> None:
        self.form = form
        self.layout_year = layout_year
        self.looked = looked
        super().__init__(how_to_get(form, layout_year, looked))


def how_to_get(form: str, layout_year: int, looked: list[str]) -> str:
    where = "; ".join(looked) if looked else "nowhere"
    return (
        f"blank Form {form[1:]} ({layout_year} layout) not found ({where}). Get it with "
        f"`formhelper forms fetch {layout_year}`, or `formhelper forms add FILE` for a copy "
        f"you downloaded, or point --forms-dir (or {ENV}) at a folder holding "
        f"{layout_year}/{form}.pdf"
    )


def check_blank(data: bytes, form: str, layout_year: int) -> list[str]:
    """Why ``data`` is not the blank ``form`` of ``layout_year`` (empty when it is)."""
    from formhelper.pdf.opened import parsed

    try:
        blank = parsed(data)
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        return [f"not a readable PDF ({exc})"]
    return _problems(blank, form, layout_year)


def _problems(blank: Parsed, form: str, layout_year: int) -> list[str]:
    try:
        actual = dump_reader(blank.reader, blank.data, list(blank.fields.values()))
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        return [f"not a readable PDF ({exc})"]
    return differences(load_dump(form, layout_year), actual)


def index_dir() -> Path:
    """Where the field index of each blank read is kept, by the blank's sha256:
    ``blank-index/`` in the cache folder."""
    return cache_root() / "blank-index"


def _open(data: bytes) -> Parsed:
    """``data`` opened for filling: from its field index when one was kept for these
    bytes (a few objects read, instead of parsing every field: about 55 ms less for
    Forms 8606 and 1040), else parsed in full and its index kept for next time.

    The index is a cache: a missing, unreadable or foreign one is rebuilt, and one
    that cannot be written (a read-only home) is simply not kept.
    """
    from formhelper.pdf.opened import Parsed, parsed

    path = index_dir() / f"{hashlib.sha256(data).hexdigest()}.json"
    try:
        return Parsed.from_index(data, json.loads(path.read_bytes()))
    except (OSError, ValueError):
        pass
    opened = parsed(data)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(opened.index(), handle)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)  # gone after the rename; else a leftover
    return opened


@functools.lru_cache(maxsize=32)
def _read_checked(
    path: Path, size: int, mtime_ns: int, form: str, layout_year: int
) -> tuple[bytes, Parsed | None, tuple[str, ...]]:
    """Read a blank and compare its fields with the dump, once per file version.

    Keyed by size and modification time, so a batch parses each blank once
    while a replaced file is read again.
    """
    data = path.read_bytes()
    try:
        opened = _open(data)
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        return data, None, (f"not a readable PDF ({exc})",)
    return data, opened, tuple(_problems(opened, form, layout_year))


def find_blank(form: str, layout_year: int, forms_dir: Path | None = None) -> Blank:
    """The first acceptable ``<layout_year>/<form>.pdf`` in :func:`search_dirs`."""
    looked: list[str] = []
    for how, folder in search_dirs(forms_dir):
        path = folder / str(layout_year) / f"{form}.pdf"
        if not path.is_file():
            looked.append(f"{path} ({how}): missing")
            continue
        stat = path.stat()
        data, opened, problems = _read_checked(path, stat.st_size, stat.st_mtime_ns, form,
                                               layout_year)
        if problems or opened is None:
            looked.append(f"{path} ({how}): fields differ from the committed dump: {problems[0]}")
            continue
        return Blank(form, layout_year, path, data, opened)
    raise BlankMissing(form, layout_year, looked)


def identify(data: bytes) -> tuple[str, int] | None:
    """(form, layout year) of the committed dump whose fields ``data`` has, if any."""
    try:
        actual = dump_bytes(data)
    except Exception:
        return None
    for form, year, _path in committed_dumps():
        if not differences(load_dump(form, year), actual):
            return form, year
    return None


def store(data: bytes, form: str, layout_year: int, folder: Path | None = None) -> Path:
    """Copy a checked blank into the cache with a ``.sha256`` record beside it, and
    keep its field index."""
    target_dir = (folder or cache_dir()) / str(layout_year)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{form}.pdf"
    tmp = target.with_suffix(".pdf.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    digest = hashlib.sha256(data).hexdigest()
    (target_dir / f"{form}.pdf.sha256").write_text(f"{digest}  {form}.pdf\n", encoding="utf-8")
    with contextlib.suppress(Exception):  # the index is only a cache (see _open)
        _open(data)  # so that even the first prepare opens it from its index
    return target


def fetch_url(form: str, year: int, current_year: int) -> str:
    """The IRS address of ``form`` for ``year``: current-year or prior-year folder."""
    if year >= current_year:
        return CURRENT_URL.format(form=form)
    return PRIOR_URL.format(form=form, year=year)


def available(forms_dir: Path | None = None) -> list[dict[str, Any]]:
    """Every committed form/year with where its blank is (or why it is not)."""
    rows: list[dict[str, Any]] = []
    for form, year, _path in committed_dumps():
        try:
            blank = find_blank(form, year, forms_dir)
        except BlankMissing as missing:
            rows.append({"form": form, "year": year, "path": None, "sha256": None,
                         "looked": missing.looked})
            continue
        rows.append({"form": form, "year": year, "path": str(blank.path),
                     "sha256": blank.sha256, "looked": []})
    return rows
