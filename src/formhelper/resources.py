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
    """The user's cache folder: blank forms, their field indexes, compiled templates.
    Everything there can be deleted.

    ``$FORMHELPER_CACHE_DIR``, else the platform's cache folder (platformdirs):
    ``$XDG_CACHE_HOME/formhelper`` or ``~/.cache/formhelper`` on Linux,
    ``~/Library/Caches/formhelper`` on macOS, ``%LOCALAPPDATA%\\formhelper\\Cache`` on
    Windows."""
    env = os.environ.get("FORMHELPER_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path("formhelper", appauthor=False)


def user_data_root() -> Path:
    """The user's data folder (the wizard's drafts of new returns).

    ``$FORMHELPER_DATA_DIR``, else the platform's data folder (platformdirs):
    ``$XDG_DATA_HOME/formhelper`` or ``~/.local/share/formhelper`` on Linux,
    ``~/Library/Application Support/formhelper`` on macOS, ``%LOCALAPPDATA%\\formhelper``
    on Windows."""
    env = os.environ.get("FORMHELPER_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("formhelper", appauthor=False)
