"""Where the package's data folders are (``forms/``, ``templates/``), and the user's
cache folder.

In a source checkout (editable install) they sit at the repository root; in a
wheel they are packed under ``formhelper/_data/``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


@cache
def data_root() -> Path:
    here = Path(__file__).resolve().parent
    packed = here / "_data"
    if (packed / "forms").is_dir():
        return packed
    checkout = here.parent.parent
    if (checkout / "forms").is_dir():
        return checkout
    raise RuntimeError(f"formhelper data folder 'forms' not found near {here}")


def forms_dir() -> Path:
    return data_root() / "forms"


def templates_dir() -> Path:
    return data_root() / "templates"


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/formhelper``, or ``~/.cache/formhelper``: blank forms, their
    field indexes, compiled templates.  Everything there can be deleted."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "formhelper"
