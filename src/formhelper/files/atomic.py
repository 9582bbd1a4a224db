"""Writing files all or nothing: a temporary file beside the target, fsynced, renamed
over it.  Used for ``prepare``'s outputs, the wizard's drafts and saved case files.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

PRIVATE_MODE = 0o600


@dataclass(frozen=True)
class Output:
    name: str
    data: bytes
    #: Holds an SSN: created with mode 0600.
    private: bool = False


class OutputConflict(Exception):
    """Existing files differ from the new outputs and ``force`` was not given."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(", ".join(str(p) for p in paths))
        self.paths = paths


def write_atomic(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to ``path`` all or nothing: a temporary file beside it, fsynced,
    renamed over it, the folder fsynced.  Shared by the outputs and the wizard's drafts."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def public_mode() -> int:
    """The mode a new file gets under the current umask (for files without an SSN)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_outputs(outputs: list[Output], folder: Path, *, force: bool = False) -> list[str]:
    """Write ``outputs`` into ``folder``; returns one status line per file.

    Raises :class:`OutputConflict` (writing nothing) when an existing file differs
    and ``force`` is false.  An identical existing file is left alone.
    """
    folder.mkdir(parents=True, exist_ok=True)
    conflicts = []
    for out in outputs:
        target = folder / out.name
        if target.exists() and not force and target.read_bytes() != out.data:
            conflicts.append(target)
    if conflicts:
        raise OutputConflict(conflicts)
    status = []
    public = public_mode()
    for out in outputs:
        target = folder / out.name
        if target.exists() and target.read_bytes() == out.data:
            status.append(f"unchanged {target}")
            continue
        write_atomic(target, out.data, PRIVATE_MODE if out.private else public)
        note = "  (mode 0600: holds an SSN)" if out.private else ""
        status.append(f"wrote     {target}{note}")
    return status
