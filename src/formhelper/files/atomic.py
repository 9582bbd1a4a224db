"""Writing files all or nothing: a temporary file beside the target, fsynced, renamed
over it.  Used for ``prepare``'s outputs, the wizard's drafts and saved case files.

* A temporary file is created exclusively under a fresh name of our pattern,
  ``.<name>.<pid>-<random>.tmp`` (:data:`TEMP_PATTERN`), so no link planted in the
  folder is followed, and a process killed mid-write leaves one that the next
  write into that folder removes (:func:`remove_strays`: only ours, only when the
  process that made it is gone).
* :func:`write_outputs` writes a return's files in two steps: every temporary file
  first (where a full disk stops it, nothing is replaced yet), then the renames.
  Either all of them are replaced or none, and if a rename itself fails the error
  lists which were (:class:`WriteFailed`).
* An existing output that cannot be read is not overwritten without ``force``,
  and with ``force`` it is replaced without being read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from formhelper.disk import PRIVATE_MODE as PRIVATE_MODE
from formhelper.disk import TEMP_PATTERN as TEMP_PATTERN
from formhelper.disk import public_mode as public_mode
from formhelper.disk import remove_strays as remove_strays
from formhelper.disk import stage as _stage
from formhelper.disk import sync_folder as _sync_folder
from formhelper.disk import write_atomic as write_atomic


@dataclass(frozen=True)
class Output:
    name: str
    data: bytes
    #: Holds an SSN: created with mode 0600.
    private: bool = False


@dataclass
class OutputConflict(Exception):
    """Existing files differ from the new outputs (or cannot be read to tell) and
    ``force`` was not given; nothing was written."""

    paths: list[Path]
    #: Of ``paths``, those that could not be read, with why.
    unreadable: dict[Path, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(", ".join(str(p) for p in self.paths))

    def lines(self) -> list[str]:
        """One message per file, saying why it was kept."""
        return [f"{path} exists and cannot be read ({self.unreadable[path]}); not "
                "overwritten (use --force to replace it)" if path in self.unreadable
                else f"{path} exists and differs; not overwritten (use --force)"
                for path in self.paths]


class WriteFailed(OSError):
    """Writing a return's files failed; ``replaced`` lists those already replaced
    (none when the failure came while the temporary files were written)."""

    def __init__(self, folder: Path, cause: OSError, replaced: list[Path],
                 kept: list[Path]) -> None:
        reason = cause.strerror or str(cause)
        super().__init__(cause.errno, reason)
        self.folder = folder
        self.replaced = replaced
        self.kept = kept
        if replaced:
            self.detail = (f"{reason}; replaced: {', '.join(p.name for p in replaced)}; not "
                           f"replaced: {', '.join(p.name for p in kept)}")
        else:
            self.detail = f"{reason}; no file was replaced"

    def __str__(self) -> str:
        return f"cannot write into {self.folder}: {self.detail}"


def _same(target: Path, data: bytes) -> bool | str:
    """Whether ``target`` exists holding ``data``: ``True``, ``False`` (absent or
    different), or why it cannot be read."""
    try:
        if target.is_dir():
            return "it is a folder"
        if not target.exists():
            return False
        if target.stat().st_size != len(data):
            return False
        return target.read_bytes() == data
    except OSError as exc:
        return str(exc.strerror or exc)


def write_outputs(outputs: list[Output], folder: Path, *, force: bool = False) -> list[str]:
    """Write ``outputs`` into ``folder``; returns one status line per file.

    Raises :class:`OutputConflict` (writing nothing) when an existing file differs or
    cannot be read and ``force`` is false.  An identical existing file is left alone.
    Every new file is written to a temporary file first; only when all of them are
    written are they renamed into place, so a full disk replaces none of them.
    Raises :class:`WriteFailed` (an ``OSError``) saying which files were replaced.
    """
    folder.mkdir(parents=True, exist_ok=True)
    remove_strays(folder)
    same = {out.name: _same(folder / out.name, out.data) for out in outputs}
    conflicts = [folder / out.name for out in outputs if same[out.name] is not True
                 and (folder / out.name).exists() and not force]
    if conflicts:
        raise OutputConflict(conflicts, {path: reason for path in conflicts
                                         if isinstance(reason := same[path.name], str)})
    status: dict[str, str] = {}
    changed = [out for out in outputs if same[out.name] is not True]
    public = public_mode()
    staged: list[tuple[Output, str]] = []
    try:
        for out in changed:
            staged.append((out, _stage(folder / out.name, out.data,
                                       PRIVATE_MODE if out.private else public)))
    except OSError as exc:
        for _out, tmp in staged:
            Path(tmp).unlink(missing_ok=True)
        raise WriteFailed(folder, exc, [], [folder / out.name for out in changed]) from exc
    replaced: list[Path] = []
    for index, (out, tmp) in enumerate(staged):
        target = folder / out.name
        try:
            os.replace(tmp, target)
        except OSError as exc:
            for _rest, left in staged[index:]:
                Path(left).unlink(missing_ok=True)
            raise WriteFailed(folder, exc, replaced,
                              [folder / rest.name for rest, _tmp in staged[index:]]) from exc
        replaced.append(target)
        note = "  (mode 0600: holds an SSN)" if out.private else ""
        status[out.name] = f"wrote     {target}{note}"
    _sync_folder(folder)
    return [status.get(out.name, f"unchanged {folder / out.name}") for out in outputs]
