"""Where the package's data folders are: ``forms/`` and ``templates/``.

In a source checkout (editable install) they sit at the repository root; in a
wheel they are packed under ``formhelper/_data/``.
"""

from __future__ import annotations

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
