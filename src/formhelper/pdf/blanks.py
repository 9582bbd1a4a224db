"""Finding the blank IRS forms: ``--forms-dir``, ``FORMHELPER_FORMS_DIR``, the user cache.

Blank IRS PDFs are never part of this repository.  Each folder is laid out
``<layout year>/<form>.pdf`` (``2025/f8606.pdf``).  A blank is accepted only
if its AcroForm fields match the committed dump
``forms/<year>/<form>.acroform.json`` (names, kinds, max lengths, checkbox
on-states, pages; rectangles within a point), so a wrong year or a re-issued
form with renamed fields is refused instead of filled into the wrong boxes;
and only once it is proven a sound blank (:mod:`formhelper.pdf.proof`: no value in
any field, no scripts, parses whole, a trial fill reads back).  A proven blank's
field index is kept in the cache by its sha256; a blank with an index was proven.

Files are read only when they are regular files of at most :data:`MAX_BLANK`
bytes, and written into the cache exclusively under a fresh name (never through a
link planted there), mode 0600, then renamed into place.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formhelper.disk import PRIVATE_MODE, write_atomic
from formhelper.pdf.dump import differences, dump_bytes, dump_reader
from formhelper.pdf.fieldmap import committed_dumps, derived_dir, load_dump
from formhelper.resources import cache_root

if TYPE_CHECKING:
    from formhelper.pdf.opened import Parsed

ENV = "FORMHELPER_FORMS_DIR"
#: A blank IRS form is well under this (the 2025 Form 1040: about 0.2 MB).
MAX_BLANK = 20_000_000

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
    # Layouts formhelper does not ship, mapped by `forms add` (formhelper.app.forms_map).
    dirs.append(("derived by forms add", derived_dir()))
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


def check_blank(data: bytes, form: str, layout_year: int, source: str = "the PDF"
                ) -> list[str]:
    """Why ``data`` is not a sound blank ``form`` of ``layout_year`` (empty when it is):
    :func:`formhelper.pdf.proof.prove`."""
    from formhelper.pdf.proof import prove

    return prove(data, form, layout_year, source)[1]


def _problems(blank: Parsed, form: str, layout_year: int) -> list[str]:
    try:
        actual = dump_reader(blank.reader, blank.data, list(blank.fields.values()))
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        return [f"not a readable PDF ({exc})"]
    return [f"fields differ from the committed dump: {problem}"
            for problem in differences(load_dump(form, layout_year), actual)]


def index_dir() -> Path:
    """Where the field index of each proven blank is kept, by the blank's sha256."""
    return cache_root() / "blank-index"


def read_regular(path: Path, limit: int = MAX_BLANK) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes (a FIFO
    or ``/dev/zero`` is refused before reading); raises ``OSError`` otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path}: not a regular file")
        if info.st_size > limit:
            raise OSError(f"{path}: larger than {limit:,} bytes, not a blank form")
        data = os.read(fd, limit + 1) if info.st_size else b""
        while len(data) <= limit and (more := os.read(fd, limit + 1 - len(data))):
            data += more
    finally:
        os.close(fd)
    if len(data) > limit:
        raise OSError(f"{path}: larger than {limit:,} bytes, not a blank form")
    return data


def write_new(path: Path, data: bytes) -> None:
    """Write ``path`` in the cache all or nothing (mode 0600; a link in its place is
    replaced, not followed; a stray temporary file of a killed run is removed:
    :func:`formhelper.disk.write_atomic`).  Refuses a folder that is itself a symbolic
    link."""
    folder = path.parent
    if folder.is_symlink():
        raise OSError(f"{folder} is a symbolic link; formhelper does not write through links")
    write_atomic(path, data, PRIVATE_MODE)


def _open(data: bytes, form: str, layout_year: int, source: str
          ) -> tuple[Parsed | None, list[str]]:
    """``data`` opened for filling, and why it is not the blank ``form`` (empty when it
    is): from its field index when one was kept for these bytes (it was proven then;
    a few objects read instead of every field, about 55 ms less for Forms 8606 and
    1040), else proven (:mod:`formhelper.pdf.proof`) and its index kept for next time.

    The index is a cache: a missing, unreadable or foreign one is rebuilt, and one
    that cannot be written (a read-only home) is simply not kept.
    """
    from formhelper.pdf.opened import Parsed
    from formhelper.pdf.proof import prove

    path = index_dir() / f"{hashlib.sha256(data).hexdigest()}.json"
    try:
        opened = Parsed.from_index(data, json.loads(read_regular(path)))
    except (OSError, ValueError):
        pass
    else:
        return opened, _problems(opened, form, layout_year)
    proven, problems = prove(data, form, layout_year, source)
    if proven is not None and not problems:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_new(path, json.dumps(proven.index()).encode())
    return proven, problems


@functools.lru_cache(maxsize=32)
def _read_checked(
    path: Path, size: int, mtime_ns: int, form: str, layout_year: int
) -> tuple[bytes, Parsed | None, tuple[str, ...]]:
    """Read a blank and prove it (or find its index), once per file version.

    Keyed by size and modification time, so a batch parses each blank once
    while a replaced file is read again.
    """
    try:
        data = read_regular(path)
    except OSError as exc:
        return b"", None, (f"cannot read it ({exc.strerror or exc})",)
    opened, problems = _open(data, form, layout_year, str(path))
    return data, opened, tuple(problems)


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
            looked.append(f"{path} ({how}): not a sound blank form: {problems[0]}")
            continue
        return Blank(form, layout_year, path, data, opened)
    raise BlankMissing(form, layout_year, looked)


def identify(data: bytes, source: str = "the PDF") -> tuple[str, int] | None:
    """(form, layout year) of the committed dump whose fields ``data`` has, if any
    (read within :mod:`formhelper.pdf.bounded`)."""
    from formhelper.pdf.bounded import PdfRefused, bounded

    try:
        with bounded(source):
            actual = dump_bytes(data)
    except PdfRefused:
        return None
    for form, year, _path in committed_dumps():
        if not differences(load_dump(form, year), actual):
            return form, year
    return None


def store(data: bytes, form: str, layout_year: int, folder: Path | None = None) -> Path:
    """Copy a proven blank into the cache with a ``.sha256`` record beside it, and keep
    its field index (:func:`check_blank` first: this only writes)."""
    target_dir = (folder or cache_dir()) / str(layout_year)
    for made in (target_dir.parent, target_dir):
        if made.is_symlink():
            raise OSError(f"{made} is a symbolic link; formhelper does not write through links")
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{form}.pdf"
    write_new(target, data)
    digest = hashlib.sha256(data).hexdigest()
    write_new(target_dir / f"{form}.pdf.sha256", f"{digest}  {form}.pdf\n".encode())
    with contextlib.suppress(Exception):  # the index is only a cache (see _open)
        _open(data, form, layout_year, str(target))  # so the first prepare uses the index
    return target


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
