"""``formhelper basis import`` never gives a traceback: basis records and Forms 8606
mutated by hypothesis, and a collection of malformed files through the real CLI.

Every refusal is exit status 1 with ``error: `` lines naming the file (or, once the
record is read, the case-file field it would make).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formhelper.cli import main
from formhelper.pdf.fill import fill
from pdfsupport import blank_path
from support import SAMPLES
from test_fuzz import assert_names_a_field_or_file, json_like, mutate, paths_of

FUZZ = settings(derandomize=True, max_examples=120, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
PAGE1, PAGE2 = "topmostSubform[0].Page1[0].", "topmostSubform[0].Page2[0]."


@cache
def _prepared() -> dict[str, bytes]:
    """The outputs of ``prepare`` for a sample with a Form 8606 (the record and the PDF)."""
    from formhelper.app.prepare import build
    from formhelper.files.casefile import load_case
    from formhelper.files.years import load
    from support import run

    blank_path(2025, "f8606")
    from pdfsupport import forms_root

    case = load_case(SAMPLES / "pro-rata-conversion-2025.toml")
    prepared = build(case, run(case), load(2025), forms_dir=forms_root())
    return {o.name: o.data for o in prepared.outputs}


def _record() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_prepared()["basis-2025.json"])
    return data


def _foreign(values: dict[str, str]) -> bytes:
    """A 2025 Form 8606 filled with pypdf directly, ignoring /MaxLen, as another program
    might."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(blank_path(2025, "f8606")))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _import(path: Path, *extra: str) -> tuple[int, list[str]]:
    """``basis import PATH --year 2026`` in this process: (exit status, stderr lines)."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["basis", "import", str(path), "--year", "2026", *extra])
    return code, err.getvalue().splitlines()


def _assert_names(problem: str, path: Path) -> None:
    """One line naming ``path`` (``FILE: ...`` or ``FILE (embedded NAME): ...``) or a field."""
    embedded = f"{path} (embedded "
    if problem.startswith(embedded) and "): " in problem:
        problem = f"{path}: " + problem.split("): ", 1)[1]
    assert_names_a_field_or_file(problem, str(path))


def _assert_refused_or_read(code: int, lines: list[str], path: Path) -> None:
    assert code in (0, 1), (code, lines)
    errors = [line for line in lines if not line.startswith("note: ")]
    if code == 0:
        assert not errors, errors
        return
    assert errors, "exit 1 without a message"
    for line in errors:
        assert line.startswith("error: "), line
        _assert_names(line.removeprefix("error: "), path)


# ---------------------------------------------------------------------------
# hypothesis: basis records


@st.composite
def mutated_records(draw: st.DrawFn) -> dict[str, Any]:
    """The sample's basis record with a few values replaced, deleted or added."""
    data = copy.deepcopy(_record())
    result: dict[str, Any] = mutate(draw, data, paths_of(data))
    return result


def _write_json(folder: Path, data: Any) -> Path:
    path = folder / "basis-2025.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    return path


@FUZZ
@given(mutated_records())
def test_mutated_record_is_read_or_refused_by_name(tmp_path: Path, data: dict[str, Any]) -> None:
    path = _write_json(tmp_path, data)
    code, lines = _import(path, "--date-of-birth", "1970-01-01")
    _assert_refused_or_read(code, lines, path)


@FUZZ
@given(json_like)
def test_arbitrary_json_is_refused_by_name(tmp_path: Path, data: Any) -> None:
    path = _write_json(tmp_path, data)
    code, lines = _import(path)
    _assert_refused_or_read(code, lines, path)


# ---------------------------------------------------------------------------
# hypothesis: PDFs (ours damaged, foreign ones with odd field text)

amount_text = (st.text(max_size=14)
               | st.from_regex(r"\(?-?\$?[0-9,]{0,40}(\.[0-9]{0,4})?\)?", fullmatch=True)
               | st.sampled_from(["-0-", "NaN", "Infinity", "1e400", "9" * 40, "(5,000)",
                                  "١٢٣", "１２３", "1,٢٣٤", "", " "]))


@settings(derandomize=True, max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=20), line_14=amount_text, line_16=amount_text,
       line_19=amount_text, line_24=amount_text)
def test_foreign_8606_with_odd_text_is_read_or_refused_by_name(
        tmp_path: Path, name: str, line_14: str, line_16: str, line_19: str,
        line_24: str) -> None:
    values = {PAGE1 + "f1_01[0]": name, PAGE1 + "f1_23[0]": line_14,
              PAGE2 + "f2_04[0]": line_16, PAGE2 + "f2_07[0]": line_19,
              PAGE2 + "f2_12[0]": line_24}
    path = tmp_path / "other-8606.pdf"
    with _quiet_pypdf():
        path.write_bytes(_foreign(values))
    code, lines = _import(path, "--date-of-birth", "1970-01-01")
    _assert_refused_or_read(code, lines, path)


@contextlib.contextmanager
def _quiet_pypdf() -> Any:
    import logging

    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


@settings(derandomize=True, max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0, max_value=1), flips=st.lists(
    st.tuples(st.floats(min_value=0, max_value=1), st.integers(0, 255)), max_size=8))
def test_damaged_8606_of_ours_is_read_or_refused_by_name(
        tmp_path: Path, cut: float, flips: list[tuple[float, int]]) -> None:
    data = bytearray(_prepared()["f8606-taxpayer.pdf"])
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    if cut < 0.5:
        data = data[: int(cut * 2 * len(data))]
    path = tmp_path / "f8606-taxpayer.pdf"
    path.write_bytes(bytes(data))
    with _quiet_pypdf():
        code, lines = _import(path, "--date-of-birth", "1970-01-01")
    _assert_refused_or_read(code, lines, path)


# ---------------------------------------------------------------------------
# Malformed files through the real CLI


def _minimal_pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n")


def _changed(path: tuple[Any, ...], value: Any) -> bytes:
    data = copy.deepcopy(_record())
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if value is KeyError:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return json.dumps(data, ensure_ascii=False).encode()


def bad_files(folder: Path) -> dict[str, Path]:
    """Files ``basis import`` must refuse: name -> path."""
    record = _prepared()["basis-2025.json"]
    ours = _prepared()["f8606-taxpayer.pdf"]
    blank = blank_path(2025, "f8606").read_bytes()
    rng = random.Random(99)
    person = ("people", 0)
    files: dict[str, bytes] = {
        "truncated.json": record[: len(record) // 2],
        "truncated-one-char.json": record[:-2],
        "empty.json": b"",
        "array.json": b"[1, 2]",
        "case-file.json": (SAMPLES / "pro-rata-conversion-2025.toml").read_bytes(),
        "wrong-types.json": _changed(("people",), "me"),
        "wrong-year-type.json": _changed(("tax_year",), "twenty"),
        "huge-amount.json": _changed((*person, "traditional_ira_basis"), 10**30),
        "huge-year.json": _changed(("tax_year",), 10**40),
        "negative.json": _changed((*person, "traditional_ira_basis"), -1),
        # No Form 8606 line, basis, layer or contribution basis is negative.
        "negative-history-line-14.json": _changed((*person, "history", 0, "line_14"), -1),
        "negative-history-line-1.json": _changed((*person, "history", 0, "line_1"), -7000),
        "negative-history-cents.json": _changed((*person, "history", 0, "line_18"), -0.01),
        "negative-layer.json": _changed((*person, "roth_layers", 0, "taxable"), -1),
        "negative-layer-taken.json": _changed((*person, "roth_layers", 0, "nontaxable_taken"),
                                              -5),
        "negative-contribution-basis.json": _changed((*person, "roth_contribution_basis"),
                                                     -1),
        "negative-homebuyer.json": _changed((*person, "prior_first_time_homebuyer"), -1),
        # Amounts as text in another script's digits (Decimal would read them).
        "fullwidth-amount.json": _changed((*person, "traditional_ira_basis"), "１２３"),
        "arabic-indic-history.json": _changed((*person, "history", 0, "line_2"), "٢٠٠٠٠"),
        "fullwidth-layer.json": _changed((*person, "roth_layers", 0, "nontaxable"), "１０"),
        "nan.json": record.replace(b'"tax_year": 2025', b'"tax_year": NaN'),
        "nan-string.json": _changed((*person, "traditional_ira_basis"), "NaN"),
        "infinity.json": _changed((*person, "traditional_ira_basis"), "Infinity"),
        "missing-field.json": _changed((*person, "owner"), KeyError),
        "no-people.json": _changed(("people",), []),
        "extra-field.json": _changed((*person, "nickname"), "Pat"),
        "empty-name.json": _changed((*person, "name"), ""),
        "newer-version.json": _changed(("version",), 10**40),
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "utf16.json": record.decode().encode("utf-16"),
        "random.bin": bytes(rng.randrange(256) for _ in range(2000)),
        "truncated.pdf": ours[: len(ours) // 2],
        "head.pdf": ours[:100],
        "no-startxref.pdf": ours.replace(b"startxref", b"startxrex"),
        "random.pdf": b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(3000)),
        "minimal.pdf": _minimal_pdf(),
        "not-a-form.pdf": _prepared()["worksheets.pdf"],
        "form-1040.pdf": blank_path(2025, "f1040").read_bytes(),
        "blank-8606.pdf": blank,
        "embedded-not-json.pdf": fill(blank, {PAGE1 + "f1_01[0]": "X"},
                                      attachments={"formhelper-basis-2025.json": b"{no"}),
        "embedded-negative.pdf": fill(
            blank, {PAGE1 + "f1_01[0]": "X"},
            attachments={"formhelper-basis-2025.json":
                         _changed((*person, "traditional_ira_basis"), -1)}),
        "embedded-negative-history.pdf": fill(
            blank, {PAGE1 + "f1_01[0]": "X"},
            attachments={"formhelper-basis-2025.json":
                         _changed((*person, "history", 0, "line_14"), -1)}),
    }
    with _quiet_pypdf():
        files.update({
            "foreign-text.pdf": _foreign({PAGE1 + "f1_23[0]": "abc"}),
            "foreign-negative.pdf": _foreign({PAGE1 + "f1_23[0]": "(5,000)"}),
            "foreign-huge.pdf": _foreign({PAGE1 + "f1_23[0]": "9" * 20}),
            "foreign-huge-part-iii.pdf": _foreign({PAGE2 + "f2_04[0]": "9" * 30,
                                                   PAGE2 + "f2_06[0]": "9" * 30}),
            "foreign-cents.pdf": _foreign({PAGE1 + "f1_23[0]": "1.125"}),
            "foreign-fullwidth.pdf": _foreign({PAGE1 + "f1_23[0]": "１２３"}),
            "foreign-arabic-indic.pdf": _foreign({PAGE1 + "f1_23[0]": "5,000",
                                                  PAGE2 + "f2_04[0]": "١٠٠٠"}),
            "foreign-mixed-digits.pdf": _foreign({PAGE1 + "f1_23[0]": "1,２34"}),
        })
    out = {}
    for name, content in files.items():
        (folder / name).write_bytes(content)
        out[name] = folder / name
    (folder / "a-folder.json").mkdir()
    out["a-folder.json"] = folder / "a-folder.json"
    out["missing.json"] = folder / "missing.json"
    return out


def good_files(folder: Path) -> dict[str, Path]:
    """Files ``basis import`` reads: our record and PDF, odd names, a foreign 8606."""
    with _quiet_pypdf():
        foreign = _foreign({PAGE1 + "f1_01[0]": "Zoë Ñúñez", PAGE1 + "f1_23[0]": "5,000",
                            PAGE2 + "f2_04[0]": "1,000"})
    files = {
        "basis-2025.json": _prepared()["basis-2025.json"],
        "f8606-taxpayer.pdf": _prepared()["f8606-taxpayer.pdf"],
        "non-ascii-name.json": _changed(("people", 0, "name"), "李小龙 Zoë Ñúñez"),
        "other-8606.pdf": foreign,
    }
    out = {}
    for name, content in files.items():
        (folder / name).write_bytes(content)
        out[name] = folder / name
    return out


def _cli(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "formhelper", *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


def test_cli_refuses_each_malformed_file_by_name_and_reads_the_good_ones(
        tmp_path: Path) -> None:
    bad_dir, good_dir = tmp_path / "bad", tmp_path / "good"
    bad_dir.mkdir()
    good_dir.mkdir()
    bad, good = bad_files(bad_dir), good_files(good_dir)
    argv = ["--year", "2026", "--date-of-birth", "1970-01-01"]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        refused = list(pool.map(lambda p: _cli(["basis", "import", str(p), *argv]),
                                bad.values()))
        read = list(pool.map(lambda p: _cli(["basis", "import", str(p), *argv]),
                             good.values()))
    for (name, path), done in zip(bad.items(), refused, strict=True):
        assert done.returncode == 1, (name, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, (name, done.stderr)
        lines = [line for line in done.stderr.splitlines() if not line.startswith("note: ")]
        assert lines, name
        for line in lines:
            assert line.startswith("error: "), (name, line)
            _assert_names(line.removeprefix("error: "), path)
    for (name, _path), done in zip(good.items(), read, strict=True):
        assert done.returncode == 0, (name, done.stderr)
        assert "Traceback" not in done.stderr
        assert all(line.startswith("note: ") for line in done.stderr.splitlines()), name
        assert "tax_year = 2026" in done.stdout, name


@pytest.mark.parametrize("name, expected", [
    ("deep.json", "nested too deeply"),
    ("foreign-huge.pdf", "too large for an amount"),
    ("foreign-huge-part-iii.pdf", "too large for an amount"),
])
def test_crashes_found_by_the_fuzzer(tmp_path: Path, name: str, expected: str) -> None:
    """A deeply nested JSON file raised RecursionError; a Form 8606 amount of 1e12 or more
    raised pydantic's ValidationError (line 16-18 layers) instead of naming the line."""
    path = bad_files(tmp_path)[name]
    code, lines = _import(path, "--date-of-birth", "1970-01-01")
    assert code == 1
    assert lines[0].startswith(f"error: {path}: ") and expected in lines[0], lines


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return bad_files(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("name, expected", [
    ("negative-history-line-14.json", "people[0].history[0].line_14: must not be negative"),
    ("negative-history-line-1.json", "people[0].history[0].line_1: must not be negative"),
    ("negative-history-cents.json", "people[0].history[0].line_18: must not be negative"),
    ("negative-layer.json", "people[0].roth_layers[0].taxable: must not be negative"),
    ("negative-layer-taken.json",
     "people[0].roth_layers[0].nontaxable_taken: must not be negative"),
    ("negative-contribution-basis.json",
     "people[0].roth_contribution_basis: must not be negative"),
    ("negative-homebuyer.json", "people[0].prior_first_time_homebuyer: must not be negative"),
    ("fullwidth-amount.json", "people[0].traditional_ira_basis: not an amount"),
    ("arabic-indic-history.json", "people[0].history[0].line_2: not an amount"),
    ("fullwidth-layer.json", "people[0].roth_layers[0].nontaxable: not an amount"),
    ("embedded-negative-history.pdf", "people[0].history[0].line_14: must not be negative"),
    ("foreign-fullwidth.pdf", "Form 8606 line 14 holds '１２３', not an amount"),
    ("foreign-arabic-indic.pdf", "Form 8606 line 16 holds '١٠٠٠', not an amount"),
    ("foreign-mixed-digits.pdf", "Form 8606 line 14 holds '1,２34', not an amount"),
])
def test_negative_amounts_and_foreign_digits_are_refused_by_file_and_field(
        bad: dict[str, Path], name: str, expected: str) -> None:
    """Negative amounts in a record's history, layers or contribution basis, and amounts
    written in fullwidth or Arabic-Indic digits, were read silently."""
    path = bad[name]
    code, lines = _import(path, "--date-of-birth", "1970-01-01")
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}") and expected in lines[0], \
        lines
