"""Bad input never gives a traceback: the case-file loader and the Form 1099-R checker
under hypothesis and a collection of malformed files.

Every problem is one line that names the field or the file; the CLI exits 1 and
each stderr line starts with ``error: ``.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formhelper.calc.form_checks import check_case
from formhelper.cli import main
from formhelper.files.casefile import CaseFileError, load_case, parse_case
from formhelper.files.years import code_table_years as available_years
from formhelper.files.years import load_codes
from formhelper.models import CaseFile
from formhelper.models.box7 import CODE_CHARS
from support import ROOT, SAMPLES, run

FUZZ = settings(derandomize=True, max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
SAMPLE = SAMPLES / "married-both-convert-2025.toml"

_KEY = r'(?:[A-Za-z0-9_]+|"(?:[^"\\]|\\.)*")'
#: ``field.path: message``: a top-level field, then ``.key`` or ``[index]`` parts.
FIELD_PROBLEM = re.compile(rf"^(?:case|{_KEY}(?:\[\d+\]|\.{_KEY})*): \S")


def assert_names_a_field_or_file(problem: str, file: str | None = None) -> None:
    assert problem and "\n" not in problem and "\r" not in problem
    assert not any(ch != " " and not ch.isprintable() for ch in problem), problem
    if file is not None and problem.startswith(f"{file}: "):
        return
    assert FIELD_PROBLEM.match(problem), problem


# ---------------------------------------------------------------------------
# parse_case on arbitrary JSON-like data

json_scalars = (st.none() | st.booleans() | st.integers() | st.floats()
                | st.text(max_size=12) | st.decimals(allow_nan=True, allow_infinity=True))
json_like = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=15,
)


def _valid_case() -> dict[str, Any]:
    return {
        "tax_year": 2025,
        "filing_status": "married_filing_jointly",
        "taxpayer": {"name": "Robin Both", "ssn": "123-45-6789", "date_of_birth": "1979-04-01",
                     "ira": {"nondeductible_contributions": 7000, "year_end_value": 0},
                     "roth": {"first_contribution_year": 2015, "contribution_basis": 5000,
                              "layers": [{"year": 2021, "taxable": 1500}]}},
        "spouse": {"name": "Lee Both", "date_of_birth": "1960-09-15",
                   "ira": {"year_end_value": 30000, "prior_basis": 4000}},
        "forms_1099r": [
            {"owner": "taxpayer", "box_1": 7000, "box_2a": 7000, "box_7": "2",
             "ira_sep_simple": True, "disposition": {"converted_to_roth_ira": 7000}},
            {"owner": "spouse", "box_1": 20000, "box_2a": 20000, "box_4": 2000, "box_7": "7",
             "ira_sep_simple": True, "box_11": 2010, "state": [{"box_14": 10}],
             "disposition": {"converted_to_roth_ira": 18000}},
            {"box_1": 40000, "box_2a": 30000, "box_5": 10000, "box_7": "G",
             "disposition": {"converted_to_roth_ira": 40000}},
        ],
    }


def paths_of(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            out += paths_of(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += paths_of(value, (*prefix, index))
    return out


PATHS = paths_of(_valid_case())

odd_values = (
    json_like
    | st.sampled_from([-1, -0.01, 0.001, 1e12, 10**30, "1e400", "-1e400", "NaN", "inf",
                       float("nan"), float("inf"), True, "", " ", "0000-00-00", "9999-12-31",
                       "0001-01-01", "2025-02-30", "1899-12-31", "2100-12-31", "Ωμέγα", "\u2028",
                       "a\nb", "7D", "zz", 2025, 1973, 2101, [], {}, "12-3-456789",
                       "١٢٣-٤٥-٦٧٨٩"])
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.decimals(min_value=-(10**13), max_value=10**13, places=3)
)


def mutate(draw: st.DrawFn, data: Any, paths: list[tuple[Any, ...]]) -> Any:
    """``data`` with one to three values at ``paths`` replaced, deleted or added to."""
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        where = draw(st.sampled_from(paths))
        parent: Any = data
        try:
            for part in where[:-1]:
                parent = parent[part]
            current = parent[where[-1]]
        except (KeyError, IndexError, TypeError):
            continue
        action = draw(st.sampled_from(["replace", "replace", "delete", "extra"]))
        if action == "replace":
            parent[where[-1]] = draw(odd_values)
        elif action == "delete" and isinstance(parent, dict):
            del parent[where[-1]]
        elif isinstance(current, dict):
            current[draw(st.text(max_size=8))] = draw(odd_values)
    return data


@st.composite
def mutated_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A valid case with a few fields replaced, deleted or added."""
    result: dict[str, Any] = mutate(draw, _valid_case(), PATHS)
    return result


def _parse_only_case_file_error(data: Any) -> CaseFile | None:
    try:
        return parse_case(data)
    except CaseFileError as exc:
        assert exc.problems, "a CaseFileError without problems"
        for problem in exc.problems:
            assert_names_a_field_or_file(problem)
        return None


@FUZZ
@given(json_like)
def test_parse_case_on_arbitrary_data_raises_only_case_file_error(data: Any) -> None:
    _parse_only_case_file_error(data)


@FUZZ
@given(mutated_cases())
def test_mutated_case_is_rejected_by_field_or_computed_and_checked(data: dict[str, Any]) -> None:
    """Whatever validates can be computed and checked (compute, check-1099r CASE)."""
    case = _parse_only_case_file_error(copy.deepcopy(data))
    if case is None:
        return
    result = run(case)
    check_case(case, load_codes(case.tax_year), result.f8606)


def test_valid_case_of_the_fuzzer_is_valid() -> None:
    assert _parse_only_case_file_error(_valid_case()) is not None


# ---------------------------------------------------------------------------
# check-1099r --code ... (one form given by flags)

code_text = (st.text(max_size=6)
             | st.text(alphabet=[*sorted(CODE_CHARS), " ", ",", "d", "g"], max_size=4))
amounts = st.none() | st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)


def _amount_text(value: Decimal, style: int) -> str:
    return [str(value), f"{value:,}", f"${value}", f" {value} "][style % 4]


def _quiet(call: Callable[[], int]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return call()


@FUZZ
@given(code=code_text, box1=amounts, box2a=amounts, box4=amounts, box5=amounts,
       ira=st.booleans(), age=st.none() | st.integers(min_value=0, max_value=130),
       year=st.sampled_from(available_years()), style=st.integers(0, 3),
       box11=st.none() | st.integers(min_value=1974, max_value=2100), as_json=st.booleans())
def test_single_form_checker_never_raises(
    code: str, box1: Decimal | None, box2a: Decimal | None, box4: Decimal | None,
    box5: Decimal | None, ira: bool, age: int | None, year: int, style: int,
    box11: int | None, as_json: bool,
) -> None:
    argv = ["check-1099r", f"--code={code}", f"--year={year}"]
    if box1 is not None:
        argv.append(f"--box1={_amount_text(box1, style)}")
        for flag, value in (("box2a", box2a), ("box4", box4), ("box5", box5)):
            if value is not None:
                argv.append(f"--{flag}={_amount_text(value, style + 1)}")
    argv += ["--ira"] * ira + [f"--age={age}"] * (age is not None)
    argv += [f"--box11={box11}"] * (box11 is not None) + ["--json"] * as_json
    assert _quiet(lambda: main(argv)) in (0, 1)


@FUZZ
@given(st.text(max_size=30) | st.from_regex(r"-?\$?[0-9,]{0,20}(\.[0-9]{0,40})?(e-?[0-9]{1,8})?",
                                            fullmatch=True))
def test_amount_flags_are_usage_errors_never_tracebacks(text: str) -> None:
    """A bad --box1 is an argparse error (exit 2, a message), never an exception."""
    try:
        code = _quiet(lambda: main(["check-1099r", "--code=7", f"--box1={text}"]))
    except SystemExit as exc:
        assert exc.code == 2
    else:
        assert code in (0, 1)


# ---------------------------------------------------------------------------
# Malformed files


def _sample_text() -> str:
    return SAMPLE.read_text()


def _minimal_pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n")


def bad_files(folder: Path) -> dict[str, Path]:
    """Files that must be refused: name -> path."""
    text = _sample_text()
    as_json = json.dumps(load_case(SAMPLE).model_dump(mode="json"))
    rng = random.Random(1234)
    files: dict[str, bytes | str] = {
        "truncated-mid-line.toml": text[: text.index("date_of_birth") + 18],
        "truncated-third.toml": text[: len(text) // 3],
        "truncated.json": as_json[: len(as_json) // 2],
        "truncated-one-char.json": as_json[:-1],
        "empty.toml": "",
        "blank.json": "   \n",
        "array.json": "[1, 2, 3]",
        "string.json": '"a case"',
        "wrong-types.toml": text.replace("tax_year = 2025", 'tax_year = "twenty"')
                                .replace("box_1 = 7000", "box_1 = [7000]")
                                .replace('name = "Lee Both"', "name = 12"),
        "table-for-list.json": json.dumps({"tax_year": 2025, "filing_status": "single",
                                           "taxpayer": "me", "forms_1099r": {"a": 1}}),
        "huge-float.toml": text.replace("box_1 = 20000", "box_1 = 1e400"),
        "huge-int.toml": text.replace("tax_year = 2025", "tax_year = " + "9" * 5000),
        "big-int.json": json.dumps({"tax_year": 10**30}),
        "negative.toml": text.replace("box_4 = 2000", "box_4 = -2000"),
        "nan.toml": text.replace("box_1 = 20000", "box_1 = nan"),
        "nan.json": as_json.replace('"20000"', "NaN").replace('"20000.00"', "NaN"),
        "infinity.json": as_json.replace('"7000"', "Infinity").replace('"7000.00"', "Infinity"),
        "non-ascii-field.toml": text.replace("box_1 = 7000", "böx_1 = 7000"),
        "newline-key.json": '{"tax_year": 2025, "a\\nb\\u2028c": 1}',
        "missing-fields.toml": text.replace("filing_status", "# filing_status")
                                   .replace('name = "Robin Both"', ""),
        "extra-field.toml": text.replace("[spouse]\n", "[spouse]\nnickname = \"Lee\"\n"),
        "born-after-year.toml": text.replace("1979-04-01", "9999-12-31"),
        "born-too-early.toml": text.replace("1979-04-01", "0001-01-01"),
        "bad-date.toml": text.replace("1979-04-01", '"2025-02-30"'),
        "garbage.toml": bytes(rng.randrange(256) for _ in range(600)),
        "garbage.json": bytes(rng.randrange(256) for _ in range(600)),
        "garbage-no-suffix": b"\x00\x01\x02" + bytes(rng.randrange(256) for _ in range(300)),
        "utf16.toml": text.encode("utf-16"),
        "deep.json": "[" * 50_000 + "]" * 50_000,
        "deep.toml": "a = " + "[" * 50_000 + "]" * 50_000,
        "case.pdf": _minimal_pdf(),
        "pdf-as-case.toml": _minimal_pdf(),
        "pdf-as-case.json": _minimal_pdf(),
    }
    blank = Path(os.environ.get("FORMHELPER_FORMS_DIR", ROOT.parent / "shared" / "irs-forms"))
    blank = blank / "2025" / "f8606.pdf"
    if blank.is_file():
        files["real-blank-8606.toml"] = blank.read_bytes()
    out = {}
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        out[name] = path
    (folder / "a-folder.toml").mkdir()
    out["a-folder.toml"] = folder / "a-folder.toml"
    out["missing.toml"] = folder / "missing.toml"
    return out


def odd_but_valid_files(folder: Path) -> dict[str, Path]:
    text = _sample_text()
    files = {
        "non-ascii-names.toml": text.replace("Robin Both", "Zoë Ñúñez 李小龙")
                                    .replace("Other Custodian", "Caisse d'Épargne"),
        "bom-crlf.toml": "\ufeff" + text.replace("\n", "\r\n"),
    }
    out = {}
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8", newline="")
        out[name] = folder / name
    return out


@pytest.fixture(scope="module")
def malformed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return bad_files(tmp_path_factory.mktemp("malformed"))


def test_every_malformed_file_is_refused_naming_the_file_or_field(
    malformed: dict[str, Path],
) -> None:
    for name, path in malformed.items():
        with pytest.raises(CaseFileError) as info:
            load_case(path)
        assert info.value.problems, name
        for problem in info.value.problems:
            assert_names_a_field_or_file(problem, str(path))


def test_odd_but_valid_files_compute(tmp_path: Path) -> None:
    for path in odd_but_valid_files(tmp_path).values():
        case = load_case(path)
        run(case)


def _cli(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "formhelper", *args], capture_output=True,
                          text=True, env=env, timeout=60, check=False)


#: The malformed files run through the real CLI (each run is a cold start).
CLI_SAMPLE = ["truncated-mid-line.toml", "truncated.json", "wrong-types.toml", "huge-int.toml",
              "nan.json", "newline-key.json", "born-after-year.toml", "garbage.toml",
              "deep.json", "case.pdf", "real-blank-8606.toml", "missing.toml"]


def test_cli_exits_1_with_error_lines_and_no_traceback(
    malformed: dict[str, Path], tmp_path: Path,
) -> None:
    runs = [(command, malformed[name]) for name in CLI_SAMPLE if name in malformed
            for command in ("compute", "check-1099r")]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda r: _cli([r[0], str(r[1])]), runs))
        odd = odd_but_valid_files(tmp_path)
        valid = list(pool.map(lambda p: _cli(["compute", str(p)]), odd.values()))
    for (command, path), done in zip(runs, results, strict=True):
        where = f"{command} {path.name}"
        assert done.returncode == 1, (where, done.stderr)
        assert "Traceback" not in done.stderr, (where, done.stderr)
        lines = done.stderr.splitlines()
        assert lines, where
        for line in lines:
            assert line.startswith("error: "), (where, line)
            assert_names_a_field_or_file(line.removeprefix("error: "), str(path))
    for done in valid:
        assert done.returncode == 0 and not done.stderr, done.stderr


@pytest.mark.parametrize("text", ["1e100", "1E+999999", "9" * 60 + ".001", "sNaN", "-0.001",
                                  "1e-100", "nan", "-inf", "12.3.4"])
def test_amount_flags_found_by_the_fuzzer(text: str) -> None:
    """``--box1 1e100`` raised decimal.InvalidOperation (cents checked before size)."""
    with pytest.raises(SystemExit) as info:
        _quiet(lambda: main(["check-1099r", "--code=7", f"--box1={text}"]))
    assert info.value.code == 2
