"""The field maps forms/<year>/<form>.fields.toml against the committed dumps and the
printed forms.

Contract tests use only committed files.  The label-placement test fills each
mapped field of the real blank with its own label and checks with poppler's
word boxes that the label sits beside the printed line number (or caption),
which is how wrong maps (field order, guessed names, the 2023->2025 renaming)
are caught.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from formhelper.files.years import load, supported_years
from formhelper.pdf.dump import dump_pdf, to_json
from formhelper.pdf.fieldmap import (
    FieldMap,
    MappedField,
    committed_dumps,
    has_map,
    load_dump,
    load_map,
)
from formhelper.pdf.fill import fill
from pdfsupport import Word, blank_path, words

MAPS = [("f8606", 2025), ("f8606", 2023), ("f5329", 2025), ("f1040", 2025), ("f1040", 2024)]


@pytest.mark.parametrize(("form", "year"), MAPS, ids=lambda v: str(v))
def test_every_mapped_field_exists_with_its_kind(form: str, year: int) -> None:
    fmap = load_map(form, year)
    fields = {f["name"]: f for f in load_dump(form, year)["fields"]}
    for entry in fmap.fields:
        assert entry.field in fields, entry.key
        kind = fields[entry.field]["kind"]
        assert kind == ("checkbox" if entry.format == "checkbox" else "text"), entry.key
        if entry.format == "checkbox":
            assert entry.on in fields[entry.field]["on_states"], entry.key


@pytest.mark.parametrize(("form", "year"), MAPS, ids=lambda v: str(v))
def test_every_dump_field_is_mapped_or_ignored_once(form: str, year: int) -> None:
    fmap = load_map(form, year)
    names = [f["name"] for f in load_dump(form, year)["fields"]]
    mapped = [e.field for e in fmap.fields]
    assert len(mapped) == len(set(mapped)), "a field mapped twice"
    assert not set(mapped) & set(fmap.ignored), "a field both mapped and ignored"
    assert sorted(mapped + list(fmap.ignored)) == sorted(names)
    assert all(len(reason) > 10 for reason in fmap.ignored.values())


def test_form_8606_line_10_spans_two_fields() -> None:
    line_10 = load_map("f8606", 2025).by_line("line_10")
    assert [e.format for e in line_10] == ["ratio_int", "ratio_frac"]
    assert [e.field.split(".")[-1] for e in line_10] == ["f1_18[0]", "f1_19[0]"]
    maxlen = {f["name"]: f["maxlen"] for f in load_dump("f8606", 2025)["fields"]}
    assert maxlen[line_10[0].field] == 1


def test_form_5329_line_2_has_a_number_box_and_an_amount_box() -> None:
    """Line 2: "Enter the appropriate exception number from the instructions: [  ]"
    and the amount in the line's column."""
    fmap = load_map("f5329", 2025)
    assert [(e.key, e.format) for e in fmap.fields if e.key.startswith("line_2")] == [
        ("line_2_number", "text"), ("line_2", "dollars")]


def test_every_year_has_a_map_for_its_layout() -> None:
    """Tax year 2026 uses the 2025 layout through params.layout_year, not by year checks.
    Form 1040 has a map for every layout from 2024; the 2024 Forms 8606 and 5329 have none
    (no 2024 blank), so a 2024 return gets only its Form 1040 filled. The earlier years
    (issue 21) have a map only where the blank was at hand: the 2023 Form 8606; for the
    others `prepare` writes the lines in the summary and names the blank needed."""
    for year in supported_years():
        layout = load(year).layout_year
        for form in ("f1040", "f8606", "f5329"):
            if has_map(form, layout):
                assert load_map(form, layout).layout_year == layout
        if year >= 2024:
            assert load_map("f1040", layout).layout_year == layout
        if year >= 2025:
            assert load_map("f8606", layout).layout_year == layout
            assert load_map("f5329", layout).layout_year == layout
    assert load(2026).layout_year == 2025
    assert load(2023).layout_year == 2023 and has_map("f8606", 2023)
    assert not has_map("f8606", load(2022).layout_year)


def test_dumps_start_with_how_they_were_generated() -> None:
    for _form, _year, path in committed_dumps():
        data = json.loads(path.read_text())
        assert next(iter(data)) == "generated"
        assert "formhelper forms dump PDF" in data["generated"]


@pytest.mark.parametrize(("form", "year"), MAPS, ids=lambda v: str(v))
def test_committed_dump_is_what_the_dump_command_makes(form: str, year: int) -> None:
    path = blank_path(year, form)
    committed = (Path(load_map.__code__.co_filename).parents[3] / "forms" / str(year)
                 / f"{form}.acroform.json").read_text()
    assert to_json(dump_pdf(path)) == committed


# ---------------------------------------------------------------- label placement

ROW = 3.5  # points: two words are on the same printed row


def _is_leader(word: Word) -> bool:
    return set(word.text) <= {".", "…"}


def _label(entry: MappedField, maxlen: int | None) -> str:
    """A short label unique to the entry: line_15a -> "L15a", line_10_decimals -> "L10d",
    taxpayer_first_name -> "Ltfn"; "Z" for a one-character box."""
    parts = entry.key.removeprefix("line_").split("_")
    head = parts[0] if entry.key.startswith("line_") else parts[0][0]
    text = "L" + head + "".join(p[0] for p in parts[1:])
    if maxlen is not None and maxlen < len(text):
        assert maxlen == 1, entry.key
        return "Z"
    return text


def _at_rect(entry: MappedField, rect: list[float], height: float) -> Word:
    return Word(0, rect[0], height - rect[3], rect[2], height - rect[1], "")


def _inside(word: Word, box: Word) -> bool:
    x, y = (word.x0 + word.x1) / 2, word.ymid
    return box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1


def _check_printed(entry: MappedField, box: Word, page_words: list[Word],
                   filled: list[Word]) -> str | None:
    """None when ``entry.printed`` sits beside ``box`` as ``entry.printed_at`` says.

    Words drawn inside any filled field (our labels) and dot leaders are skipped.
    """
    want = entry.printed.split()
    others = [w for w in page_words
              if not _is_leader(w) and not any(_inside(w, f) for f in filled)]
    if entry.printed_at == "above":
        near = [w for w in others if box.y0 - 13 <= w.y1 <= box.y0 + 2 and w.x0 >= box.x0 - 1.5]
        if not near:
            return "above: nothing"
        lowest = max(w.y1 for w in near)  # the caption row just above the box
        line = sorted((w for w in near if abs(w.y1 - lowest) <= ROW), key=lambda w: w.x0)
        got = [w.text for w in line[: len(want)]]
        if got != want or abs(line[0].x0 - box.x0) > 12:
            return f"above: {got}"
        return None
    row = [w for w in others if abs(w.ymid - box.ymid) <= ROW]
    if entry.printed_at == "left":
        left = sorted((w for w in row if w.x1 <= box.x0 + 1), key=lambda w: -w.x1)
        got = [w.text for w in reversed(left[: len(want)])]
    else:
        right = sorted((w for w in row if w.x0 >= box.x1 - 1), key=lambda w: w.x0)
        got = [w.text for w in right[: len(want)]]
    return None if got == want else f"{entry.printed_at}: {got}"


def _placement_problems(fmap: FieldMap, blank: Path, tmp_path: Path) -> list[str]:
    dump = {f["name"]: f for f in load_dump(fmap.form, fmap.layout_year)["fields"]}
    labels = {e.field: _label(e, dump[e.field]["maxlen"])
              for e in fmap.fields if e.format != "checkbox"}
    filled = tmp_path / f"{fmap.form}-labels.pdf"
    filled.write_bytes(fill(blank.read_bytes(), labels))
    all_words, heights = words(filled)
    rects = {e.field: _at_rect(e, dump[e.field]["rect"], heights[dump[e.field]["page"] - 1])
             for e in fmap.fields}
    problems = []
    for entry in fmap.fields:
        info = dump[entry.field]
        page_words = [w for w in all_words if w.page == info["page"]]
        rect_box = _at_rect(entry, info["rect"], heights[info["page"] - 1])
        box = rect_box
        if entry.format != "checkbox":
            label = labels[entry.field]
            hits = [w for w in page_words if w.text == label]
            if not info["comb"] and label != "Z":
                if len(hits) != 1:
                    problems.append(f"{entry.key}: {label!r} shows {len(hits)} times")
                    continue
                box = hits[0]
                if not (rect_box.x0 - 2 <= box.x0 and box.x1 <= rect_box.x1 + 2):
                    problems.append(f"{entry.key}: {label!r} drawn outside its field")
            elif label == "Z" and not any(abs(w.ymid - rect_box.ymid) <= ROW for w in hits):
                problems.append(f"{entry.key}: {label!r} not drawn on its row")
        filled_here = [rects[f] for f in labels if dump[f]["page"] == info["page"]]
        if entry.printed_at == "above":
            box = rect_box  # the caption is aligned with the box, not with its text
        problem = _check_printed(entry, box, page_words, filled_here)
        if problem:
            problems.append(f"{entry.key} ({entry.field}): expected {entry.printed!r} "
                            f"{entry.printed_at}, found {problem}")
    return problems


@pytest.mark.parametrize(("form", "year"), MAPS, ids=lambda v: str(v))
def test_each_label_sits_on_its_printed_line(form: str, year: int, tmp_path: Path) -> None:
    blank = blank_path(year, form)
    assert _placement_problems(load_map(form, year), blank, tmp_path) == []


def test_placement_check_catches_a_shifted_map(tmp_path: Path) -> None:
    """The check is not vacuous: swap the fields of lines 1 and 2 and it fails on both."""
    blank = blank_path(2025, "f8606")
    fmap = load_map("f8606", 2025)
    by_key = {e.key: e for e in fmap.fields}
    swapped = {"line_1": by_key["line_2"].field, "line_2": by_key["line_1"].field}
    bad = FieldMap(fmap.form, fmap.layout_year, tuple(
        replace(e, field=swapped[e.key]) if e.key in swapped else e for e in fmap.fields
    ), fmap.ignored, fmap.path)
    problems = _placement_problems(bad, blank, tmp_path)
    assert [p.split()[0] for p in problems] == ["line_1", "line_2"]
