"""``formhelper prepare-batch``: one folder per case, the same files ``prepare`` writes,
a bad case named without stopping the others, a progress bar on stderr."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from formhelper.cli import main
from formhelper.commands.batch import Progress, folders_for
from pdfsupport import blank_path, forms_root
from support import SAMPLES


def _main(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_one_folder_per_case_named_after_the_file() -> None:
    cases = [Path("a/x.toml"), Path("b/x.json"), Path("c/X.toml"), Path("x-2.toml"),
             Path("y.toml")]
    assert [p.name for p in folders_for(cases, Path("out"))] == ["x", "x-2", "X-3", "x-2-2",
                                                                  "y"]


def test_progress_bar_without_a_terminal_writes_a_line_every_tenth() -> None:
    stream = io.StringIO()
    progress = Progress(20, stream)
    for _ in range(20):
        progress.step()
    progress.finish()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11  # 0%, 10%, ..., 100%
    assert lines[-1].startswith("[" + "#" * 30 + "] 20/20 100%")


def test_batch_writes_what_prepare_writes_and_names_a_bad_case(tmp_path: Path) -> None:
    blank_path(2025, "f8606")
    forms = str(forms_root())
    good = [SAMPLES / "pro-rata-conversion-2025.toml", SAMPLES / "backdoor-roth-2025.toml"]
    bad = tmp_path / "broken.toml"
    bad.write_text('tax_year = 2025\nfiling_status = "single"\n')
    out = tmp_path / "batch"
    code, stdout, stderr = _main(["prepare-batch", *map(str, [*good, bad]), "-o", str(out),
                                  "--jobs", "2", "--forms-dir", forms])
    assert code == 1
    assert f"error: {bad}: taxpayer: required" in stderr.splitlines()
    assert "100%" in stderr
    assert "prepared 2 of 3 case(s)" in stdout
    for case in good:
        single = tmp_path / f"single-{case.stem}"
        assert _main(["prepare", str(case), "-o", str(single), "--forms-dir", forms])[0] == 0
        folder = out / case.stem
        assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in
                                                                   single.iterdir())
        for path in single.iterdir():
            assert (folder / path.name).read_bytes() == path.read_bytes(), path.name
    assert not (out / "broken").exists()
    # Again: everything is unchanged, nothing rewritten.
    code, stdout, _stderr = _main(["prepare-batch", *map(str, good), "-o", str(out),
                                   "--jobs", "1", "--forms-dir", forms, "--no-progress"])
    assert code == 0 and "(0 file(s) written)" in stdout


def test_batch_without_blanks_exits_3_and_lists_the_forms(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything else written; the forms not filled listed; exit 3 (not 0, not 1)."""
    monkeypatch.delenv("FORMHELPER_FORMS_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    case = SAMPLES / "pro-rata-conversion-2025.toml"
    code, _stdout, stderr = _main(["prepare-batch", str(case), "-o", str(tmp_path / "out"),
                                   "--jobs", "1", "--no-progress"])
    assert code == 3
    assert "not filled (no blank IRS form at hand): f1040.pdf, f8606-taxpayer.pdf" in stderr
    assert (tmp_path / "out" / "pro-rata-conversion-2025" / "worksheets.pdf").is_file()


def test_progress_bar_on_a_terminal_is_drawn_by_rich() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = Progress(20, stream)
    for _ in range(20):
        progress.step()
    progress.finish()
    assert "20/20" in stream.getvalue() and "100%" in stream.getvalue()
