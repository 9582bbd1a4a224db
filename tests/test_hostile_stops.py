"""Hard stops leave nothing behind, and paths stay where they were given (issue 15):
stray temporary files of ours are removed by the next write into the folder; a
return's files are all replaced or none (or the message lists which); an output that
cannot be read is kept without --force and replaced with it; prepare-batch folders
stay inside -o; its workers end when it is killed.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from formhelper.cli import main
from formhelper.commands.batch import folder_name, folders_for
from formhelper.files import atomic
from formhelper.files.atomic import Output, OutputConflict, WriteFailed, write_outputs
from support import SAMPLES

SAMPLE = SAMPLES / "pro-rata-conversion-2025.toml"


def _dead_pid() -> int:
    """A process id that runs no process (a child that has exited and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stray_temporary_files_of_ours_are_removed_by_the_next_write(tmp_path: Path) -> None:
    """A SIGKILL mid-write left `.NAME.PID-XXXXXXXX.tmp` (0600 when it held an SSN), and a
    later complete run did not remove it."""
    stray = tmp_path / f".summary.md.{_dead_pid()}-abcd_123.tmp"
    ours_running = tmp_path / f".f1040.pdf.{os.getpid()}-zzzzzzzz.tmp"
    foreign = [tmp_path / ".summary.md.tmp", tmp_path / "notes.tmp",
               tmp_path / f".x.{_dead_pid()}-short.tmp"]
    for path in (stray, ours_running, *foreign):
        path.write_text("left over")
    write_outputs([Output("summary.md", b"new")], tmp_path)
    assert not stray.exists()
    assert ours_running.exists() and all(p.exists() for p in foreign)
    assert (tmp_path / "summary.md").read_bytes() == b"new"


def test_a_killed_write_into_the_blank_form_cache_leaves_nothing_behind(
        tmp_path: Path) -> None:
    """``forms fetch`` / ``forms add`` write the cache through the same all-or-nothing
    write: its temporary file carries the process id, so a later write removes what a
    killed one left, and the file it writes is private (0600)."""
    from formhelper.pdf.blanks import write_new

    stray = tmp_path / f".f8606.pdf.{_dead_pid()}-abcd_123.tmp"
    stray.write_bytes(b"%PDF- half")
    write_new(tmp_path / "f8606.pdf.sha256", b"digest")
    assert not stray.exists()
    assert (tmp_path / "f8606.pdf.sha256").read_bytes() == b"digest"
    assert (tmp_path / "f8606.pdf.sha256").stat().st_mode & 0o777 == 0o600


def test_temporary_files_follow_the_pattern_that_is_cleaned(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: object) -> None:
        seen.append(Path(src).name)
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", spy)
    write_outputs([Output("a.pdf", b"1"), Output("b.json", b"2")], tmp_path)
    assert len(seen) == 2
    assert all(atomic.TEMP_PATTERN.match(name) for name in seen), seen


def _existing(folder: Path) -> dict[str, bytes]:
    old = {f"f{i}.pdf": f"old {i}".encode() for i in range(8)}
    for name, data in old.items():
        (folder / name).write_bytes(data)
    return old


def test_disk_full_while_writing_replaces_no_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Disk full part-way replaced 2 of 8 files and did not say which."""
    old = _existing(tmp_path)
    calls = {"n": 0}
    real_fsync = os.fsync

    def full(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteFailed) as info:
        write_outputs([Output(name, b"new") for name in old], tmp_path, force=True)
    assert str(info.value) == (f"cannot write into {tmp_path}: No space left on device; no "
                               "file was replaced")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == old  # no temp left


def test_a_rename_failing_part_way_says_which_files_were_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = _existing(tmp_path)
    calls = {"n": 0}
    real_replace = os.replace

    def failing(src: str, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(WriteFailed) as info:
        write_outputs([Output(name, b"new") for name in old], tmp_path, force=True)
    assert info.value.detail == ("Input/output error; replaced: f0.pdf, f1.pdf; not replaced: "
                                 "f2.pdf, f3.pdf, f4.pdf, f5.pdf, f6.pdf, f7.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(old)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE, Linux")
def test_prepare_with_a_full_disk_keeps_every_old_file(tmp_path: Path) -> None:
    """A real process whose files may not grow past 40 KB (as a full disk): prepare
    fails with one message and every file of the earlier return is still there."""
    out = tmp_path / "out"
    assert main(["prepare", str(SAMPLE), "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    other = tmp_path / "other.toml"
    other.write_text(SAMPLE.read_text().replace("50000", "40000"))
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))\n"
        "from formhelper.cli import main\n"
        f"sys.exit(main(['prepare', {str(other)!r}, '-o', {str(out)!r}, '--force']))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: cannot write into {out}: ")
    assert "no file was replaced" in done.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_output_that_cannot_be_read_is_kept_and_replaced_with_force(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``prepare --force`` over an unreadable output said "cannot write into DIR"."""
    out = tmp_path / "out"
    assert main(["prepare", str(SAMPLE), "-o", str(out)]) == 0
    capsys.readouterr()
    locked = out / "summary.md"
    real_read = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == locked:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert main(["prepare", str(SAMPLE), "-o", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"error: {locked} exists and cannot be read (Permission denied); not overwritten "
        "(use --force to replace it)\n")
    assert main(["prepare", str(SAMPLE), "-o", str(out), "--force"]) == 0
    assert f"wrote     {locked}" in capsys.readouterr().out


def test_output_conflict_keeps_its_paths() -> None:
    conflict = OutputConflict([Path("a")])
    assert conflict.paths == [Path("a")] and conflict.lines() == [
        "a exists and differs; not overwritten (use --force)"]


# ---------------------------------------------------------------------------
# prepare-batch


@pytest.mark.parametrize(("file", "name"), [
    ("...toml", "case"), ("..", "case"), ("../../etc.toml", "etc"), (".hidden.json", "hidden"),
    ("CON.toml", "case-CON"), ("a/b\\c.toml", "b_c"), ("x y.toml", "x_y"),
    ("Łukasz.toml", "Łukasz"), ("v1.2.toml", "v1.2"),
])
def test_batch_folder_names_are_safe(file: str, name: str) -> None:
    assert folder_name(Path(file)) == name


def test_batch_folders_stay_inside_the_output_folder_and_are_unique(tmp_path: Path) -> None:
    cases = [Path(p) for p in ("...toml", "..json", "case.toml", "../case.toml", ".toml")]
    folders = folders_for(cases, tmp_path / "out")
    assert len({f.name.casefold() for f in folders}) == len(folders)
    assert all(f.parent == tmp_path / "out" for f in folders)


def test_batch_with_a_case_named_dots_writes_inside_the_output_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A case file named `...toml` (stem `..`) was written into the parent of -o."""
    case = tmp_path / "...toml"
    case.write_text(SAMPLE.read_text())
    out = tmp_path / "batch" / "out"
    before = set((tmp_path / "batch").iterdir()) if (tmp_path / "batch").exists() else set()
    assert main(["prepare-batch", str(case), "-o", str(out), "--no-progress", "--jobs", "1"]) == 0
    capsys.readouterr()
    assert set((tmp_path / "batch").iterdir()) - before == {out}
    assert (out / "case" / "summary.md").is_file()


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the workers")
def test_batch_workers_end_when_the_batch_is_killed(tmp_path: Path) -> None:
    """Killing prepare-batch orphaned its pool workers in 7 of 20 kills."""
    cases = []
    for i in range(60):
        case = tmp_path / f"c{i}.toml"
        case.write_text(SAMPLE.read_text())
        cases.append(str(case))
    batch = subprocess.Popen([sys.executable, "-m", "formhelper", "prepare-batch", *cases,
                              "-o", str(tmp_path / "out"), "--jobs", "2", "--no-progress"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2:
            workers = _children(batch.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the workers did not start"
        os.kill(batch.pid, signal.SIGKILL)
        batch.wait()
        deadline = time.monotonic() + 10
        alive = set(workers)
        while alive and time.monotonic() < deadline:
            alive = {pid for pid in alive if Path(f"/proc/{pid}").exists()
                     and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1][:3]}
            time.sleep(0.1)
        assert not alive, f"workers {alive} outlived the batch"
    finally:
        if batch.poll() is None:
            batch.kill()
