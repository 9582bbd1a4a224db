"""The width of formhelper's text reports (80 columns: a terminal), the one way their
bulleted sentences are wrapped to it, and the one way an amount becomes bar cells."""

from __future__ import annotations

import textwrap
from decimal import Decimal

WIDTH = 80


def wrap(text: str, bullet: str = "- ") -> list[str]:
    """``text`` wrapped to the report width, after ``bullet``."""
    return textwrap.wrap(text, WIDTH, initial_indent=bullet,
                         subsequent_indent=" " * len(bullet))


def bar_cells(value: Decimal, scale: Decimal, width: int) -> int:
    """Cells of a bar ``width`` cells wide worth ``scale`` dollars that ``value`` fills
    (0 for nothing or less, ``width`` at most)."""
    if scale <= 0 or value <= 0:
        return 0
    return int(min(value, scale) * width / scale)
