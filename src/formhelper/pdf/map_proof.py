"""Proof of a field map on its blank: each field filled with its own label must show
inside its box, beside the words the map says are printed there.

The same proof as ``tests/test_field_maps.py`` makes of the shipped maps with poppler,
here with the mapper's own reader (:mod:`formhelper.pdf.page_words`), so that
``formhelper forms add`` proves a map it derived before keeping it. Text fields only:
a checkbox shows no label (its printed words were checked when it was matched).
"""

from __future__ import annotations

from collections.abc import Iterable

from formhelper.pdf.fieldmap import MappedField
from formhelper.pdf.page_words import Page, read_pages
from formhelper.pdf.spots import ROW, is_leader


def label_of(entry: MappedField, maxlen: int | None, index: int) -> str:
    """A short label unique to the entry ("Q7"), or "Z" for a one-character box."""
    if maxlen is not None and maxlen < 3:
        return "Z"
    text = f"Q{index}"
    return text if maxlen is None or len(text) <= maxlen else "Z"


def _inside(x: float, y: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] - 2 <= x <= box[2] + 2 and box[1] - 2 <= y <= box[3] + 2


def placement_problems(data: bytes, entries: Iterable[MappedField],
                       fields: dict[str, dict[str, object]]) -> list[str]:
    """Why ``entries`` (a map of the blank ``data``, whose fields are ``fields`` by
    name) do not show where they should; empty when every label lands beside its
    printed words."""
    from formhelper.pdf.fill import fill

    texts = [e for e in entries if e.format != "checkbox"]
    labels: dict[str, str] = {}
    for index, entry in enumerate(texts, start=1):
        maxlen = fields[entry.field].get("maxlen")
        labels[entry.field] = label_of(entry, maxlen if isinstance(maxlen, int) else None,
                                       index)
    # Flattened: the appearances drawn into the page, where the text reader sees them.
    pages = {p.number: p for p in read_pages(fill(data, labels, flatten=True))}
    boxes = {}
    for entry in texts:
        info = fields[entry.field]
        page = pages[int(str(info["page"]))]
        rect = info["rect"]
        assert isinstance(rect, list)
        boxes[entry.field] = (page, page.box_of([float(v) for v in rect]))
    problems: list[str] = []
    for entry in texts:
        page, box = boxes[entry.field]
        label = labels[entry.field]
        # A comb box draws each character in its own cell: any of them will do.
        comb = bool(fields[entry.field].get("comb"))
        hits = [w for w in page.band(box[1] - 2, box[3] + 2)
                if (w.text == label or (comb and w.text in label))
                and _inside((w.x0 + w.x1) / 2, w.ymid, box)]
        if not hits:
            problems.append(f"{entry.key}: its label {label!r} does not show in its box")
            continue
        problem = _beside(entry, box, page, [b for p, b in boxes.values() if p is page])
        if problem:
            problems.append(f"{entry.key}: expected {entry.printed!r} {entry.printed_at}, "
                            f"found {problem}")
    return problems


def _beside(entry: MappedField, box: tuple[float, float, float, float], page: Page,
            filled: list[tuple[float, float, float, float]]) -> str | None:
    want = entry.printed.split()
    x0, top, x1, bottom = box
    others = [w for w in page.band(top - 40, bottom + 2) if not is_leader(w.text)
              and not any(_inside((w.x0 + w.x1) / 2, w.ymid, f) for f in filled)]
    if entry.printed_at == "above":
        near = [w for w in others if top - 13 <= w.bottom <= top + 2 and w.x0 >= x0 - 1.5]
        if not near:
            return "nothing above"
        lowest = max(w.bottom for w in near)
        row = sorted((w for w in near if abs(w.bottom - lowest) <= 3.5), key=lambda w: w.x0)
        got = [w.text for w in row[: len(want)]]
        return None if got == want and abs(row[0].x0 - x0) <= 12 else repr(got)
    middle = (top + bottom) / 2
    half = max(ROW, (bottom - top) / 2 - 1)
    row = [w for w in others if abs(w.ymid - middle) <= half]
    if entry.printed_at == "left":
        left = sorted((w for w in row if w.x1 <= x0 + 1), key=lambda w: -w.x1)
        got = [w.text for w in reversed(left[: len(want)])]
    else:
        right = sorted((w for w in row if w.x0 >= x1 - 1), key=lambda w: w.x0)
        got = [w.text for w in right[: len(want)]]
    return None if got == want else repr(got)
