"""Saving the wizard's checked case as a case file, and keeping the old bytes of a file a
Yes replaces (``x.bak``, ``x.bak-2`` ...): nothing a person saved is lost."""

from __future__ import annotations

from pathlib import Path

from formhelper.files.casefile import CaseFileError, parse_case, read_data
from formhelper.models import CaseFile


def case_file_bytes(case: CaseFile, path: Path) -> bytes:
    """The checked case as a case file (TOML, or JSON for ``.json``)."""
    from formhelper.files.basis_record import case_text

    data = case.model_dump(mode="json", exclude_defaults=True)
    data = {"schema_version": 1, **data}
    return case_text(data, path.suffix, ["formhelper case file, saved by the wizard"]).encode()


def case_file_differs(case: CaseFile, path: Path) -> bool:
    """Would saving ``case`` at ``path`` replace something else?  A file that holds this
    case (byte for byte, or read back equal: comments kept) does not differ."""
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        return False
    except OSError:
        return True
    if old == case_file_bytes(case, path):
        return False
    try:
        return parse_case(read_data(path)) != case
    except CaseFileError:
        return True


def backup_path(path: Path) -> Path:
    """A name beside ``path`` for its old bytes that replaces nothing: ``x.bak``, else
    ``x.bak-2``, ``x.bak-3`` ..."""
    candidate = path.with_name(path.name + ".bak")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.bak-{n}")
    return candidate


def keep_backup(path: Path) -> Path:
    """Copy ``path`` (about to be replaced, after a Yes) to :func:`backup_path`, same mode."""
    from formhelper.files.atomic import write_atomic

    backup = backup_path(path)
    write_atomic(backup, path.read_bytes(), path.stat().st_mode & 0o777)
    return backup


def save_case_file(case: CaseFile, path: Path) -> list[str]:
    """Write the checked case as a case file (TOML, or JSON for ``.json``).

    A file that already holds this case is left as it is (with its comments).  An
    existing different file is replaced only by a caller that asked first (see
    :func:`case_file_differs`); its old bytes are kept under :func:`backup_path`, and
    the status lines say where.  A file holding an SSN gets mode 0600.
    """
    from formhelper.files.atomic import PRIVATE_MODE, public_mode, write_atomic

    text = case_file_bytes(case, path)
    lines = []
    if path.exists():
        if not case_file_differs(case, path):
            return [f"unchanged {path}  (the case file)"]
        backup = keep_backup(path)
        lines.append(f"kept      {backup}  (the case file it replaced)")
    has_ssn = any(p is not None and p.ssn for p in (case.taxpayer, case.spouse))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text, PRIVATE_MODE if has_ssn else public_mode())
    return [f"wrote     {path}  (the case file)", *lines]
