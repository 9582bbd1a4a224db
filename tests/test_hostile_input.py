"""Hostile input, bounded (issue 15): files that are not regular files, sizes checked
before reading, nesting, key counts, duplicate keys and numbers bounded before
pydantic sees them, command-line amounts and years bounded as in the case file,
and error floods cut.  Each limit gives ``error:`` naming the file or option and the
limit, quickly, never a traceback (docs/limits.md).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from formhelper.cli import main
from formhelper.files import casefile, reading
from formhelper.files.reading import MAX_DEPTH, MAX_ENTRIES
from support import SAMPLES

SAMPLE = SAMPLES / "pro-rata-conversion-2025.toml"
SECONDS = 5.0  # each refusal below takes a few milliseconds; the bugs took 30 s to forever


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], float]:
    start = time.monotonic()
    code = main(args)
    took = time.monotonic() - start
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.splitlines(), took


def _refused(args: list[str], capsys: pytest.CaptureFixture[str], *words: str) -> list[str]:
    code, lines, took = _cli(args, capsys)
    assert code == 1, lines
    assert lines and all(line.startswith("error: ") for line in lines), lines
    assert took < SECONDS, took
    text = "\n".join(lines)
    for word in words:
        assert word in text, (word, lines)
    return lines


# ---------------------------------------------------------------------------
# Regular files only, size before reading


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
@pytest.mark.parametrize("command", [["compute"], ["basis", "show"], ["basis", "import"],
                                     ["forms", "add"], ["forms", "dump"]])
def test_dev_zero_is_refused_before_reading(command: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    _refused([*command, "/dev/zero"], capsys, "/dev/zero", "not a regular file")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_dev_zero_as_a_plan_file_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    _refused(["plan", "/dev/zero"], capsys, "/dev/zero", "not a regular file")


def test_a_plan_file_is_bounded_like_a_case_file(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text("a" + ".a" * 39_999 + " = 1\n")
    _refused(["plan", str(plan)], capsys, str(plan), f"more than {MAX_DEPTH} parts")
    plan.write_text('tax_year = 2026\nfiling_status = "single"\n[[people]]\n'
                    "birth_date = 1960-01-01\nira_balance = 1e999999\n")
    _refused(["plan", str(plan)], capsys, "people[0].ira_balance", "out of range")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_waiting_for_a_writer(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "case.toml"
    os.mkfifo(fifo)
    _refused(["compute", str(fifo)], capsys, str(fifo), "not a regular file")
    _refused(["basis", "show", str(fifo)], capsys, str(fifo), "not a regular file")
    _refused(["plan", str(fifo)], capsys, str(fifo), "not a regular file")


def test_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _refused(["compute", str(tmp_path)], capsys, "is a folder")


def test_the_size_is_checked_before_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A sparse file one byte over the limit: refused by its size, not one byte read."""
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(casefile.MAX_BYTES + 1)

    def no_read(*_args: object) -> bytes:
        raise AssertionError("read before the size was checked")

    monkeypatch.setattr(os, "read", no_read)
    _refused(["compute", str(big)], capsys, "too large", f"{casefile.MAX_BYTES:,}")


def test_a_file_that_grows_is_read_only_up_to_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """stat says 10 bytes, the file holds 100 by the time it is read: 51 are read, and
    it is refused."""
    path = tmp_path / "x.json"
    path.write_bytes(b"1" * 100)
    real_stat, real_fstat = os.stat, os.fstat

    def small(info: os.stat_result) -> os.stat_result:
        return os.stat_result((*info[:6], 10, *info[7:10]))

    monkeypatch.setattr(os, "stat", lambda p, *a, **k: small(real_stat(p, *a, **k)))
    monkeypatch.setattr(os, "fstat", lambda fd: small(real_fstat(fd)))
    with pytest.raises(reading.InputError, match="more than 50 bytes"):
        reading.read_file(path, 50, "case file")


# ---------------------------------------------------------------------------
# Nesting, key counts, duplicates, numbers


def test_forty_thousand_part_dotted_key_is_refused_at_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """80 KB of ``a.a.a...`` took 31 s and 6.3 GB in tomllib (its cost is quadratic)."""
    case = tmp_path / "dotted.toml"
    case.write_text("a" + ".a" * 39_999 + " = 1\n")
    _refused(["compute", str(case)], capsys, str(case), f"more than {MAX_DEPTH} parts")


def test_thousand_level_dotted_key_is_refused(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """It gave a RecursionError traceback past tomllib."""
    case = tmp_path / "dotted.toml"
    case.write_text(SAMPLE.read_text() + "\n[x" + ".y" * 999 + "]\nz = 1\n")
    _refused(["compute", str(case)], capsys, str(case), "the limit")


def test_deep_table_headers_and_inline_tables_are_refused(tmp_path: Path) -> None:
    for text in ("[" + ".".join(["t"] * 40) + "]\n", "x = " + "{a=" * 60 + "1" + "}" * 60):
        case = tmp_path / "deep.toml"
        case.write_text(text)
        with pytest.raises(casefile.CaseFileError) as info:
            casefile.load_case(case)
        assert "levels" in info.value.problems[0] or "parts" in info.value.problems[0]


@pytest.mark.parametrize("command", [["compute"], ["basis", "show"], ["basis", "import"]])
def test_five_thousand_deep_json_is_refused(command: list[str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """``basis show`` gave a RecursionError traceback (``basis import`` handled it)."""
    deep = tmp_path / "deep.json"
    deep.write_text('{"a": ' + "[" * 5000 + "]" * 5000 + "}")
    _refused([*command, str(deep)], capsys, str(deep), "nested")


def test_json_nested_deeper_than_the_limit_but_parseable_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"a": ' + "[" * 40 + "]" * 40 + "}")
    with pytest.raises(casefile.CaseFileError) as info:
        casefile.load_case(deep)
    assert f"more than {MAX_DEPTH} levels" in info.value.problems[0]


def test_too_many_keys_are_refused_before_pydantic(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "many.json"
    case.write_text(json.dumps({f"k{i}": i for i in range(MAX_ENTRIES + 1)}))
    _refused(["compute", str(case)], capsys, f"more than {MAX_ENTRIES:,} keys")


def test_duplicate_json_key_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A duplicated box_1 silently changed line 4a from 50,000 to 5,000 (the last won)."""
    data = json.loads(json.dumps(_sample_json()))
    text = json.dumps(data).replace('"box_1": 50000', '"box_1": 50000, "box_1": 5000')
    assert text.count('"box_1"') >= 2
    case = tmp_path / "dup.json"
    case.write_text(text)
    _refused(["compute", str(case)], capsys, str(case), '"box_1"', "twice")


def _sample_json() -> dict[str, object]:
    import tomllib

    data: dict[str, object] = json.loads(json.dumps(tomllib.loads(SAMPLE.read_text()),
                                                    default=str))
    return data


@pytest.mark.parametrize("amount", ["1E+999999", "1E+100000", "-1e400", "1e-999999"])
def test_absurd_numbers_in_a_basis_record_are_refused_quickly(
        amount: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """1E+999999 in a record's history took 59 s; 1E+100000 raised on the digit limit."""
    record = {"format": "formhelper-basis-record", "version": 1, "tax_year": 2025,
              "for_tax_year": 2026, "filing_status": "single",
              "people": [{"owner": "taxpayer", "name": "A B", "traditional_ira_basis": 0,
                          "history": [{"year": 2025, "source": "formhelper",
                                       "line_1": "@"}]}]}
    path = tmp_path / "basis-2025.json"
    path.write_text(json.dumps(record).replace('"@"', amount))
    for command in (["basis", "show"], ["basis", "import"]):
        _refused([*command, str(path)], capsys, str(path), "people[0].history[0].line_1")


def test_absurd_numbers_in_a_case_file_name_the_field(tmp_path: Path) -> None:
    text = SAMPLE.read_text().replace("50000", "1e999999", 1)
    assert "1e999999" in text
    case = tmp_path / "case.toml"
    case.write_text(text)
    with pytest.raises(casefile.CaseFileError) as info:
        casefile.load_case(case)
    assert "out of range" in info.value.problems[0]


# ---------------------------------------------------------------------------
# Options bounded as in the case file


@pytest.mark.parametrize(("option", "value"), [
    ("--balance", "1e100"), ("--taxable-income", "1e28"), ("--year", "1e99999999"),
    ("--years", "1e9999999"), ("--growth", "1e999"), ("--basis", "1" * 5000),
])
def test_plan_options_are_bounded(option: str, value: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    args = {"--year": "2025", "--filing-status": "single", "--taxable-income": "80000",
            "--balance": "100000", "--bracket": "22"}
    args[option] = value
    flat = [part for pair in args.items() for part in pair]
    lines = _refused(["plan", *flat], capsys, option)
    assert len(lines[0]) < 200


@pytest.mark.parametrize(("year", "amount", "words"), [
    ("２０２４", "100", "not a year"), ("٢٠٢٤", "100", "not a year"),
    ("1e99999999", "100", "not a year"), ("1900", "100", "from 1974 to 2100"),
    ("2024", "1E+999999", "too large"),
])
def test_basis_show_missing_8606_reads_ascii_years_and_bounded_amounts(
        year: str, amount: str, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    _refused(["basis", "show", str(SAMPLE), "--missing-8606", year, amount], capsys,
             "--missing-8606", words)


# ---------------------------------------------------------------------------
# Said clearly


def test_five_thousand_unknown_keys_give_twenty_lines_and_a_count(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.toml"
    case.write_text(SAMPLE.read_text() + "".join(f"\n[extra_{i}]\nx = 1\n" for i in range(5000)))
    lines = _refused(["compute", str(case)], capsys)
    assert len(lines) == 21
    assert lines[-1] == "error: ... and 4,980 more"


def test_a_megabyte_value_is_cut_in_messages(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.toml"
    case.write_text(SAMPLE.read_text() + '\n["' + "k" * 1_000_000 + '"]\nx = 1\n')
    lines = _refused(["compute", str(case)], capsys)
    assert max(len(line) for line in lines) < 500


def test_the_same_ssn_for_taxpayer_and_spouse_is_refused() -> None:
    """Written two ways (with and without dashes), it is the same number."""
    import tomllib

    data = tomllib.loads((SAMPLES / "married-both-convert-2025.toml").read_text())
    data["taxpayer"]["ssn"] = "123-45-6789"
    data["spouse"]["ssn"] = "123456789"
    with pytest.raises(casefile.CaseFileError) as info:
        casefile.parse_case(data)
    assert info.value.problems == [
        "spouse.ssn: the same as taxpayer.ssn (123-45-6789); each person has their own social "
        "security number (check both)"]
    data["spouse"]["ssn"] = "987-65-4321"
    assert casefile.parse_case(data).spouse is not None
