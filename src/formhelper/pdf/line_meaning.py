"""Did a line change meaning, or only move? The printed text of a line compared with
the same line of the layout formhelper ships.

The IRS rewords lines from year to year without changing what they ask (the 2023
Form 8606 says "traditional, traditional SEP, and traditional SIMPLE IRAs" where the
2025 form says "traditional IRAs", with a note that the term includes them). What a
line asks is, for formhelper's purpose:

* its arithmetic: the operations it names (add, subtract, multiply, divide) and the
  lines of the same form it refers to, in order ("Subtract line 13 from line 3" is
  subtract 13, 3); references to other forms' lines ("Form 1040, line 4b") are not
  counted, they move when the other form is renumbered;
* its subject: the content words of the shipped line (four letters or more, years
  left out), of which at least :data:`KEPT` must still be printed on the new line.

A line whose arithmetic differs, or that keeps fewer of its words, *changed meaning*:
``formhelper forms add`` refuses the blank and names the line, with both texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Share of the shipped line's content words the new line must still print.
KEPT = 0.5

_OPS = ("add", "subtract", "multiply", "divide")
_REF = re.compile(
    r"\blines?\s+((?:\d{1,2}[a-z]?)(?:(?:,\s*|\s+(?:and|or|through)\s+|,\s*and\s+)"
    r"\d{1,2}[a-z]?)*)", re.I)
_OTHER_FORM = re.compile(r"\b(form|forms|form\(s\)|schedule|\(form)\b[^.;]*$", re.I)
_WORD = re.compile(r"[a-z][a-z’'-]{3,}")
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_STOP = frozenset({
    "this", "that", "your", "from", "with", "enter", "line", "lines", "instructions",
    "amount", "also", "here", "than", "more", "less", "include", "includes", "certain",
    "were", "made", "have", "does", "which", "other", "these", "those", "such", "them",
})


@dataclass(frozen=True)
class Change:
    """A line of the new form whose meaning differs from the shipped layout's."""

    line: str
    reason: str
    shipped: str
    new: str


def operations(text: str) -> tuple[str, ...]:
    """The arithmetic words of a line, in order."""
    return tuple(w for w in re.findall(r"[a-z]+", text.lower()) if w in _OPS)


def references(text: str) -> tuple[str, ...]:
    """The lines of the same form a line refers to, in order."""
    found: list[str] = []
    for match in _REF.finditer(text):
        if _OTHER_FORM.search(text[max(0, match.start() - 60): match.start()]):
            continue
        found += re.findall(r"\d{1,2}[a-z]?", match.group(1))
    return tuple(found)


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(_YEAR.sub(" ", text.lower())) if w not in _STOP}


def compare(line: str, shipped: str, new: str) -> Change | None:
    """How line ``line`` changed meaning, or None when it asks the same thing."""
    if operations(shipped) != operations(new):
        return Change(line, f"its arithmetic changed ({' '.join(operations(shipped)) or '-'}"
                            f" -> {' '.join(operations(new)) or '-'})", shipped, new)
    if references(shipped) != references(new):
        return Change(line, f"it refers to other lines (lines {', '.join(references(shipped))}"
                            f" -> lines {', '.join(references(new))})", shipped, new)
    words = content_words(shipped)
    if words:
        kept = len(words & content_words(new)) / len(words)
        if kept < KEPT:
            return Change(line, f"its wording is mostly new ({kept:.0%} of the words kept)",
                          shipped, new)
    return None


def changes(rows: list[str], shipped: dict[str, str], new: dict[str, str]) -> list[Change]:
    """The lines among ``rows`` (line labels formhelper fills) that changed meaning."""
    found: list[Change] = []
    for row in rows:
        if row not in shipped:
            continue
        if row not in new:
            found.append(Change(row, "it is not printed on the new form", shipped[row], ""))
            continue
        change = compare(row, shipped[row], new[row])
        if change is not None:
            found.append(change)
    return found
