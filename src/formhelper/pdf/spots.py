"""What is printed around each field of a blank IRS form: its line, its caption, the
words beside it.

This is the reading half of the form mapper (:mod:`formhelper.pdf.mapper`). An IRS
form prints, for each amount line, the line number twice: in the left margin
("15a", or "b" under it) and again just left of the amount box ("15b"). Line 10 of
Form 8606 has two boxes on one row ("10 [ ] × [ ] ."); line 4c of Form 1040 has
numbered checkboxes ("1 [ ] Rollover 2 [ ] QCD 3 [ ]"). Header fields (name, SSN)
have a caption printed above the box, checkboxes have words to their right.

For every field this module finds, from the printed words alone (never from the
field's name):

* ``line``: the line label of its row: the number just left of the box when it is a
  line label of that row ("column"), else the margin label of the row ("margin"), or
  of the nearest line above it when the box sits on the last row of a longer line
  ("margin-above");
* ``left`` / ``right``: the nearest words on the same row on each side, dot leaders
  skipped;
* ``above``: the caption row just above the box, starting at its left edge;

and, per line label, the printed text of the line (:func:`line_texts`), which is how a
line whose meaning changed is told from one that only moved.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Any

from formhelper.pdf.page_words import Page, TextError, Word

#: A line label: "1", "15a", "25c" (a lone letter is a sub-line: "b" under "15a").
LINE_LABEL = re.compile(r"^(\d{1,2})([a-z]?)$")
_LETTER = re.compile(r"^[a-z]$")
#: Words further than this left of a box are not its column label (points).
COLUMN_GAP = 24.0
#: Margin labels sit in the left quarter of the page.
MARGIN_SHARE = 0.25
#: A box on the last row of a line may be this far below the line's label (points).
LINE_SPAN = 62.0
#: Words this close to the box's vertical middle are on its row (points).
ROW = 4.0
#: An IRS page has fewer than 60 line numbers in its margin (Form 8606: 15).
MAX_LABELS = 400


def is_leader(text: str) -> bool:
    """A dot leader or a lone dot (". . . ."), not a word."""
    return set(text) <= {".", "…", "·"}


@dataclass(frozen=True)
class Label:
    """A margin line label, resolved: "b" under "15a" is "15b"."""

    page: int
    text: str
    word: Word


@dataclass(frozen=True)
class Spot:
    """One field and what is printed around it."""

    name: str
    kind: str
    page: int
    #: (x0, top, x1, bottom), points, origin top left.
    box: tuple[float, float, float, float]
    maxlen: int | None
    on_states: tuple[str, ...]
    line: str | None
    #: "column", "margin", "margin-above" or "" (no line).
    line_how: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    above: tuple[str, ...]

    @property
    def order(self) -> tuple[int, float, float]:
        """Reading order: page, row, left to right."""
        return (self.page, round(self.box[3]), self.box[0])


def _number(label: str) -> str:
    match = LINE_LABEL.match(label)
    return match.group(1) if match else ""


def margin_labels(page: Page) -> list[Label]:
    """The line labels in the left margin of ``page``, top to bottom, with a lone
    letter resolved against the numbered label above it ("b" after "15a" is "15b")."""
    limit = page.width * MARGIN_SHARE
    by_row: dict[int, list[Word]] = {}
    for word in page.words:
        by_row.setdefault(round(word.ymid), []).append(word)

    def near(word: Word) -> list[Word]:
        """The words within 2 points of ``word``'s row (its bucket and the next ones)."""
        key = round(word.ymid)
        return [w for k in range(key - 3, key + 4) for w in by_row.get(k, ())
                if abs(w.ymid - word.ymid) <= 2 and w is not word]

    rows: dict[int, Word] = {}
    for word in page.words:
        if word.x0 > limit:
            continue
        if not (LINE_LABEL.match(word.text) or _LETTER.match(word.text)):
            continue
        # Not a word inside a sentence: the word before it on its row, if any, ends
        # well before it (the form's sidebar, "Attach Form(s)", may precede it).
        if any(word.x0 - 6 < w.x1 <= word.x0 + 0.5 for w in near(word)):
            continue
        key = round(word.ymid)
        if key not in rows or word.x0 < rows[key].x0:
            rows[key] = word
    if len(rows) > MAX_LABELS:
        raise TextError(f"more than {MAX_LABELS} line numbers on a page; not an IRS form")
    for key, word in list(rows.items()):
        # "15a" printed as "15" and "a" a little apart.
        numbered = LINE_LABEL.match(word.text)
        if numbered and not numbered.group(2):
            after = [w for w in near(word) if 0 <= w.x0 - word.x1 <= 4
                     and _LETTER.match(w.text)]
            if after:
                rows[key] = replace(word, top=min(word.top, after[0].top), x1=after[0].x1,
                                    bottom=max(word.bottom, after[0].bottom),
                                    text=word.text + after[0].text)
    found: list[Label] = []
    last_number, last_letter = "", ""
    for word in sorted(rows.values(), key=lambda w: (w.top, w.x0)):
        match = LINE_LABEL.match(word.text)
        if match:
            last_number, last_letter = match.group(1), match.group(2)
            found.append(Label(page.number, word.text, word))
        elif last_number and last_letter and word.text > last_letter:
            # A sub-line ("b" under "15a"): only after a lettered line, so a sentence
            # wrapped to start with "a" is not taken for line "7a".
            last_letter = word.text
            found.append(Label(page.number, last_number + word.text, word))
    return found


def _row_words(page: Page, box: tuple[float, float, float, float]) -> list[Word]:
    x0, top, x1, bottom = box
    middle = (top + bottom) / 2
    half = max(ROW, (bottom - top) / 2 - 1)
    return [w for w in page.band(middle - half, middle + half) if not is_leader(w.text)
            and not (w.x0 >= x0 - 0.5 and w.x1 <= x1 + 0.5)]


def _above(page: Page, box: tuple[float, float, float, float]) -> tuple[str, ...]:
    """The caption row just above the box, from its left edge (as the placement test
    reads it: the lowest row within 13 points above, starting within 12 points)."""
    x0, top, x1, _bottom = box
    near = [w for w in page.band(top - 40, top + 2)
            if top - 13 <= w.bottom <= top + 2 and w.x0 >= x0 - 1.5 and w.x0 < x1
            and not is_leader(w.text)]
    if not near:
        return ()
    lowest = max(w.bottom for w in near)
    row = sorted((w for w in near if abs(w.bottom - lowest) <= 3.5), key=lambda w: w.x0)
    if abs(row[0].x0 - x0) > 12:
        return ()
    return tuple(w.text for w in row[:12])


def spot_of(info: dict[str, Any], page: Page, labels: list[Label]) -> Spot:
    """What is printed around one field (``info``: a :class:`~formhelper.pdf.dump.FieldInfo`)."""
    box = page.box_of(list(info["rect"]))
    x0, top, x1, bottom = box
    row = _row_words(page, box)
    left = sorted((w for w in row if w.x1 <= x0 + 1), key=lambda w: -w.x1)
    right = sorted((w for w in row if w.x0 >= x1 - 1), key=lambda w: w.x0)
    middle = (top + bottom) / 2
    half = max(ROW, (bottom - top) / 2)
    on_row = [lab for lab in labels if abs(lab.word.ymid - middle) <= half]
    above = [lab for lab in labels if 0 < middle - lab.word.ymid <= LINE_SPAN]
    margin = on_row[-1] if on_row else (above[-1] if above else None)
    line, how = None, ""
    if margin is not None:
        line, how = margin.text, ("margin" if on_row else "margin-above")
    # The number just left of the box is the line's when it agrees with the margin (or,
    # with no margin label near, when the page has that line at all: "ending , 20 [ ]"
    # in Form 1040's heading is a year, not line 20).
    if left and x0 - left[0].x1 <= COLUMN_GAP and LINE_LABEL.match(left[0].text) \
            and left[0].x0 > page.width * MARGIN_SHARE \
            and (_number(left[0].text) == _number(margin.text) if margin is not None
                 else left[0].text in {lab.text for lab in labels}):
        line, how = left[0].text, "column"
    return Spot(
        name=str(info["name"]), kind=str(info["kind"]), page=page.number, box=box,
        maxlen=info.get("maxlen"), on_states=tuple(info.get("on_states", ())),
        line=line, line_how=how,
        left=tuple(w.text for w in reversed(left[:8])),
        right=tuple(w.text for w in right[:8]),
        above=_above(page, box),
    )


def spots(fields: list[dict[str, Any]], pages: list[Page]) -> list[Spot]:
    """Every field's :class:`Spot`, in the order of ``fields``."""
    labels = {page.number: margin_labels(page) for page in pages}
    by_number = {page.number: page for page in pages}
    found = []
    for info in fields:
        page = by_number.get(int(info["page"]))
        if page is None:
            continue
        found.append(spot_of(info, page, labels[page.number]))
    return found


def line_texts(pages: list[Page]) -> dict[str, str]:
    """The printed text of each margin-labelled line: from its label to the next one
    (at most :data:`LINE_SPAN` points down), dot leaders and the column's own label left
    out. Keyed by resolved label; the first occurrence wins."""
    texts: dict[str, str] = {}
    for page in pages:
        labels = margin_labels(page)
        by_top = sorted(page.words, key=lambda w: w.top)
        tops = [w.top for w in by_top]
        for index, label in enumerate(labels):
            start = label.word.top - 1.5
            end = label.word.top + LINE_SPAN
            if index + 1 < len(labels):
                end = min(end, labels[index + 1].word.top - 1.5)
            band = by_top[bisect_left(tops, start): bisect_left(tops, end)]
            for word in band:
                # A part's heading or the page footer ends the last line of a part.
                heading = word.text == "Part" and not any(
                    abs(w.ymid - word.ymid) <= 2 and w.x1 <= word.x0 for w in band)
                if start < word.top < end and (heading or word.text == "Paperwork"):
                    end = word.top - 1.5
                    break
            words = [w for w in band
                     if start <= w.top < end and w.x0 > label.word.x1 - 0.5
                     and not is_leader(w.text)
                     and not (w.text == label.text and w.x0 > page.width * 0.5)]
            words.sort(key=lambda w: (round(w.ymid / 3), w.x0))
            if label.text not in texts:
                texts[label.text] = " ".join(w.text for w in words)
    return texts
