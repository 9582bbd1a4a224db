"""The field index of a blank (``blank-index/<sha256>.json`` in the cache): a blank
seen before is opened without parsing every field, and fills the same bytes."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import pytest

from formhelper.pdf import blanks
from formhelper.pdf import opened as opened_module
from formhelper.pdf.fill import FillError, Parsed, fill, parsed, read_values
from pdfsupport import blank_path

F1040 = {"topmostSubform[0].Page1[0].f1_14[0]": "Pat",
         "topmostSubform[0].Page1[0].f1_62[0]": "50,000",
         "topmostSubform[0].Page1[0].c1_35[0]": "/1"}
F8606 = {"topmostSubform[0].Page1[0].f1_01[0]": "Pat Example",
         "topmostSubform[0].Page1[0].f1_18[0]": "0",
         "topmostSubform[0].Page1[0].f1_19[0]": "20000"}
RECORD = {"formhelper-basis-2025.json": b'{"format": "formhelper-basis-record"}\n'}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FORMHELPER_CACHE_DIR", str(tmp_path / "cache" / "formhelper"))
    blanks._read_checked.cache_clear()
    return tmp_path / "cache" / "formhelper" / "blank-index"


def _reopened(data: bytes) -> Parsed:
    """``data`` opened from its index after a JSON round trip, as a later run does."""
    return Parsed.from_index(data, json.loads(json.dumps(parsed(data).index())))


@pytest.mark.parametrize(("form", "values", "files"), [("f1040", F1040, {}),
                                                       ("f8606", F8606, RECORD)])
def test_opened_from_the_index_fills_the_same_bytes(form: str, values: dict[str, str],
                                                    files: dict[str, bytes]) -> None:
    data = blank_path(2025, form).read_bytes()
    full = parsed(data)
    lazy = _reopened(data)
    assert lazy.fields == full.fields
    assert lazy.nodes == full.nodes
    assert lazy.incremental is full.incremental is True
    out = fill(lazy, values, attachments=files)
    assert out == fill(data, values, attachments=files)
    assert {k: v for k, v in read_values(out).items() if v not in ("", "/Off")} == values


def test_a_blank_is_parsed_in_full_once_then_opened_from_its_index(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = blank_path(2025, "f8606")
    first = blanks.find_blank("f8606", 2025, path.parent.parent)
    index = cache / f"{hashlib.sha256(path.read_bytes()).hexdigest()}.json"
    assert index.is_file()
    assert json.loads(index.read_text())["nodes"]["topmostSubform[0].Page1[0].f1_19[0]"]
    # A later run (a new process: nothing remembered) does not parse every field.
    blanks._read_checked.cache_clear()

    def no_full_parse(data: bytes) -> Parsed:
        raise AssertionError("parsed in full although the index was kept")

    monkeypatch.setattr(opened_module, "parsed", no_full_parse)
    again = blanks.find_blank("f8606", 2025, path.parent.parent)
    assert again.opened.fields == first.opened.fields
    out = fill(again.opened, F8606, attachments=RECORD)
    assert {k: v for k, v in read_values(out).items() if v not in ("", "/Off")} == F8606


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b"[]", b'{"format": 999}',
    b'{"format": 1, "size": 1, "incremental": true, "fields": [], "nodes": {}}',
])
def test_an_unusable_index_is_rebuilt(cache: Path, damage: bytes) -> None:
    path = blank_path(2025, "f8606")
    data = path.read_bytes()
    cache.mkdir(parents=True)
    index = cache / f"{hashlib.sha256(data).hexdigest()}.json"
    index.write_bytes(damage)
    blank = blanks.find_blank("f8606", 2025, path.parent.parent)
    assert blank.opened.fields == parsed(data).fields
    assert json.loads(index.read_text()) == json.loads(json.dumps(parsed(data).index()))


def test_an_index_with_missing_nodes_is_refused() -> None:
    data = blank_path(2025, "f8606").read_bytes()
    index = json.loads(json.dumps(parsed(data).index()))
    index["nodes"].pop(next(iter(index["nodes"])))
    with pytest.raises(ValueError, match="fields and nodes differ"):
        Parsed.from_index(data, index)


def test_an_index_pointing_at_another_field_cannot_fill_the_wrong_box() -> None:
    """Two fields' object numbers swapped: the read-back by full name refuses it."""
    data = blank_path(2025, "f8606").read_bytes()
    index = json.loads(json.dumps(parsed(data).index()))
    a, b = "topmostSubform[0].Page1[0].f1_18[0]", "topmostSubform[0].Page1[0].f1_19[0]"
    index["nodes"][a], index["nodes"][b] = index["nodes"][b], index["nodes"][a]
    with pytest.raises(FillError, match="another field in its place"):
        fill(Parsed.from_index(data, index), {a: "1"})


def test_a_cache_that_cannot_be_written_costs_only_time(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() == 0:
        monkeypatch.setattr(tempfile, "mkstemp",
                            lambda **_: (_ for _ in ()).throw(PermissionError(13, "denied")))
    else:
        cache.parent.mkdir(parents=True)
        cache.parent.chmod(0o500)
    path = blank_path(2025, "f8606")
    blank = blanks.find_blank("f8606", 2025, path.parent.parent)
    assert fill(blank.opened, F8606)
    assert not cache.exists() or not any(cache.glob("*.json"))


def test_a_blank_added_to_the_cache_gets_its_index_at_once(cache: Path) -> None:
    """`formhelper forms add` / `fetch` store a blank: its index is kept then, so even
    the first `prepare` opens it without a full parse."""
    data = blank_path(2025, "f8606").read_bytes()
    blanks.store(data, "f8606", 2025)
    index = cache / f"{hashlib.sha256(data).hexdigest()}.json"
    assert json.loads(index.read_text()) == json.loads(json.dumps(parsed(data).index()))
