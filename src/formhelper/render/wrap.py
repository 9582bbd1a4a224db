"""The width of formhelper's text reports (80 columns: a terminal) and the one way
their bulleted sentences are wrapped to it."""

from __future__ import annotations

import textwrap

WIDTH = 80


def wrap(text: str, bullet: str = "- ") -> list[str]:
    """``text`` wrapped to the report width, after ``bullet``."""
    return textwrap.wrap(text, WIDTH, initial_indent=bullet,
                         subsequent_indent=" " * len(bullet))
