"""The command line as a user runs it: exit status, JSON shape, errors on stderr."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support import SAMPLES


def formhelper(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "formhelper", *args], capture_output=True, text=True, check=False
    )


def test_compute_json_document_shape() -> None:
    done = formhelper("compute", str(SAMPLES / "pro-rata-conversion-2025.toml"), "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["tax_year"] == 2025
    assert out["f8606"]["taxpayer"]["line_10"] == 0.2
    assert out["f8606"]["taxpayer"]["line_2"] == 20000
    assert "line_15b" not in out["f8606"]["taxpayer"]  # blank lines are absent
    assert out["f1040"] == {"line_4a": 50000, "line_4b": 40000}
    assert out["warnings"] == []


def test_compute_text_lists_lines_in_form_order() -> None:
    done = formhelper("compute", str(SAMPLES / "pro-rata-conversion-2025.toml"))
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.index("Part I\n") < text.index("Part II\n") < text.index("\nForm 1040\n")
    assert "0.20000" in text
    assert "40,000" in text
    assert "Part III" not in text


def test_bad_case_exit_1_with_field_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({
        "tax_year": 2025, "filing_status": "single",
        "taxpayer": {"name": "X", "date_of_birth": "1980-01-01"},
        "forms_1099r": [{"box_1": 100, "box_2a": 200, "box_7": "7"}],
    }))
    done = formhelper("compute", str(bad))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "error: forms_1099r[0].box_2a: larger than box 1 (100)\n"


def test_usage_error_exit_2() -> None:
    done = formhelper("compute")
    assert done.returncode == 2
    assert "CASE" in done.stderr


def test_schema_is_json_schema_of_the_case() -> None:
    done = formhelper("schema")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    assert schema["title"] == "CaseFile"
    assert {"tax_year", "filing_status", "taxpayer", "forms_1099r"} <= set(schema["properties"])
    assert "box_2a" in schema["$defs"]["Form1099R"]["properties"]


# --- the console command's quick exit (cli.run) --------------------------------------


def test_console_output_is_complete_when_written_to_a_file(tmp_path: Path,
                                                          capsys: Any) -> None:
    """run() ends with os._exit: what was printed must be flushed first."""
    from formhelper.cli import main

    case = str(SAMPLES / "pro-rata-conversion-2025.toml")
    out = tmp_path / "out.json"
    with out.open("w") as handle:
        done = subprocess.run([sys.executable, "-m", "formhelper", "compute", case, "--json"],
                              stdout=handle, stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert main(["compute", case, "--json"]) == 0
    assert out.read_text() == capsys.readouterr().out


def test_console_reader_gone_gives_status_1_without_a_traceback() -> None:
    """`formhelper compute CASE | true`: the flush at exit fails; no traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "formhelper", "compute",
             str(SAMPLES / "pro-rata-conversion-2025.toml")],
            stdout=write_end, stderr=subprocess.PIPE, text=True, check=False)
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr


@pytest.mark.parametrize(("argv", "collecting", "quick_exit"), [
    (["compute", "x.toml"], False, True),
    (["prepare", "x.toml", "-o", "out"], False, True),
    (["prepare-batch", "x.toml", "-o", "out"], True, False),
    (["wizard"], True, False),
    ([], True, False),
])
def test_one_shot_commands_run_without_gc_long_running_ones_keep_it(
        monkeypatch: pytest.MonkeyPatch, argv: list[str], collecting: bool,
        quick_exit: bool) -> None:
    from formhelper import cli

    seen: dict[str, Any] = {}

    class Exited(Exception):
        pass

    def dispatch(parser: Any, args: Any) -> int:
        seen["gc"] = gc.isenabled()
        return 3

    def quick(code: int) -> None:
        seen["quick"] = code
        raise Exited

    monkeypatch.setattr(sys, "argv", ["formhelper", *argv])
    monkeypatch.setattr(cli, "_dispatch", dispatch)
    monkeypatch.setattr(os, "_exit", quick)
    try:
        with pytest.raises((Exited, SystemExit)) as ended:
            cli.run()
    finally:
        gc.enable()
    assert seen["gc"] is collecting
    assert ("quick" in seen) is quick_exit
    if quick_exit:
        assert seen["quick"] == 3
    else:
        assert isinstance(ended.value, SystemExit) and ended.value.code == 3
