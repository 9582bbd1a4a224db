"""Writing one file all or nothing, the ground floor under the outputs
(:mod:`formhelper.files.atomic`) and the blank-form cache (:mod:`formhelper.pdf.blanks`).

A temporary file is created exclusively beside the target under a fresh name of our
pattern, ``.<name>.<pid>-<random>.tmp`` (:data:`TEMP_PATTERN`), so no link planted in the
folder is followed; it is fsynced, renamed over the target, and the folder fsynced.  A
process killed mid-write leaves one that the next write into that folder removes
(:func:`remove_strays`: only ours, only when the process that made it is gone).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

PRIVATE_MODE = 0o600
#: Our temporary files: ``.<name>.<pid>-<8 random characters>.tmp``.
TEMP_PATTERN = re.compile(r"^\.(?P<name>.+)\.(?P<pid>[0-9]+)-[A-Za-z0-9_]{8}\.tmp$")
#: Where the process that left a temporary file cannot be asked about (no
#: ``os.kill(pid, 0)``), a temporary file older than this is a stray.
STRAY_AGE_SECONDS = 3600


def temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, of :data:`TEMP_PATTERN`, opened exclusively."""
    return tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp",
                            dir=path.parent)


def stage(path: Path, data: bytes, mode: int) -> str:
    """``data`` in a new temporary file beside ``path``, fsynced; its name."""
    fd, tmp = temporary(path)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def sync_folder(folder: Path) -> None:
    """fsync the folder, so the renames survive a crash (not possible on Windows)."""
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_atomic(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to ``path`` all or nothing: a temporary file beside it, fsynced,
    renamed over it, the folder fsynced.  Shared by the outputs and the wizard's drafts."""
    remove_strays(path.parent)
    tmp = stage(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def _alive(pid: int) -> bool | None:
    """Whether process ``pid`` runs (``None``: this system cannot tell)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return None
    return True


def remove_strays(folder: Path) -> list[Path]:
    """Remove the temporary files of ours (:data:`TEMP_PATTERN`) that a killed process
    left in ``folder``: those whose process is gone (or, where that cannot be asked,
    older than :data:`STRAY_AGE_SECONDS`).  Nothing else is touched."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = TEMP_PATTERN.match(entry.name)
        if match is None:
            continue
        with contextlib.suppress(OSError):
            if not entry.is_file(follow_symlinks=False):
                continue
            alive = _alive(int(match["pid"]))
            if alive is None:
                alive = time.time() - entry.stat(follow_symlinks=False).st_mtime \
                    < STRAY_AGE_SECONDS
            if not alive:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def public_mode() -> int:
    """The mode a new file gets under the current umask (for files without an SSN)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
