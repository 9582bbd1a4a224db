"""Nothing lost: a kill while writing leaves each output old or new (never half a file),
an existing output is never overwritten silently, files holding an SSN are 0600, and no
command but ``forms fetch`` opens a network connection."""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from formhelper.app.prepare import build
from formhelper.cli import main
from formhelper.files.atomic import Output, write_outputs
from formhelper.files.years import load
from pdfsupport import blank_path, forms_root
from support import SAMPLES, run

NEW_CASE = SAMPLES / "married-both-convert-2025.toml"
SSN = "123-45-6789"
#: A temporary file of ``write_outputs``: hidden, named after its target, ``.tmp``.
TEMP = re.compile(r"^\.(?P<target>.+)\.[^.]+\.tmp$")


def _forms_dir() -> Path:
    blank_path(2025, "f8606")
    blank_path(2025, "f1040")
    return forms_root()


def _outputs(case_text: str, tmp: Path) -> dict[str, Output]:
    path = tmp / f"case-{abs(hash(case_text))}.toml"
    path.write_text(case_text)
    from formhelper.files.casefile import load_case

    case = load_case(path)
    prepared = build(case, run(case), load(case.tax_year), forms_dir=_forms_dir())
    return {o.name: o for o in prepared.outputs}


def _old_case_text() -> str:
    """The same return a week earlier: other names and amounts, so every file differs."""
    return (NEW_CASE.read_text().replace("Robin Both", "Robin Olderversion")
            .replace("Lee Both", "Lee Olderversion").replace("year_end_value = 30000",
                                                             "year_end_value = 31000"))


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Output],
                                                                 dict[str, Output]]:
    tmp = tmp_path_factory.mktemp("versions")
    old = _outputs(_old_case_text(), tmp)
    new = _outputs(NEW_CASE.read_text(), tmp)
    assert set(old) == set(new)
    assert all(old[name].data != new[name].data for name in new)
    return old, new


def _seed_folder(folder: Path, old: dict[str, Output], rng: random.Random) -> None:
    """The previous outputs, one of them sometimes missing (never written before)."""
    folder.mkdir()
    missing = rng.choice([None, None, *sorted(old)])
    for name, out in old.items():
        if name != missing:
            (folder / name).write_bytes(out.data)


def _check_old_or_new(folder: Path, old: dict[str, Output], new: dict[str, Output]) -> str:
    """Every output is byte-equal to its old or new version; anything else is a temp file
    that no one would take for an output.  Returns "old", "new" or "mixed"."""
    seen = set()
    for path in folder.iterdir():
        if path.name in new:
            data = path.read_bytes()
            assert data in (old[path.name].data, new[path.name].data), f"half file {path}"
            seen.add("new" if data == new[path.name].data else "old")
        else:
            match = TEMP.match(path.name)
            assert match and match.group("target") in new, f"unexpected file {path.name}"
            assert path.name.startswith(".") and not path.name.endswith((".pdf", ".md",
                                                                        ".html", ".json"))
    return seen.pop() if len(seen) == 1 else "mixed"


def _fork_write(outputs: list[Output], folder: Path) -> int:
    """Start ``write_outputs`` (what ``prepare`` runs after building) in a child process."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            write_outputs(outputs, folder, force=True)
            code = 0
        finally:
            os._exit(code)
    return pid


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_sigkill_while_writing_leaves_every_file_old_or_new(
    versions: tuple[dict[str, Output], dict[str, Output]], tmp_path: Path,
) -> None:
    old, new = versions
    outputs = list(new.values())
    rng = random.Random(20250415)
    # How long one uninterrupted write takes: the kills are spread over it.
    folder = tmp_path / "timing"
    _seed_folder(folder, old, random.Random(0))
    start = time.perf_counter()
    os.waitpid(_fork_write(outputs, folder), 0)
    window = (time.perf_counter() - start) * 1.3
    assert _check_old_or_new(folder, old, new) == "new"
    states = []
    for iteration in range(40):
        folder = tmp_path / f"kill-{iteration}"
        _seed_folder(folder, old, rng)
        pid = _fork_write(outputs, folder)
        time.sleep(rng.uniform(0, window))
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        states.append(_check_old_or_new(folder, old, new))
    print("states after the kills:", {s: states.count(s) for s in sorted(set(states))})
    # The next run (with --force) finishes the job.
    write_outputs(outputs, folder, force=True)
    assert _check_old_or_new(folder, old, new) == "new"


#: ``formhelper`` with a line on stdout when the writing starts, so the kill can aim at it.
_ANNOUNCE = """
import sys
import formhelper.files.atomic as pipeline
_write = pipeline.write_outputs
def write_outputs(*args, **kwargs):
    print("writing", flush=True)
    return _write(*args, **kwargs)
pipeline.write_outputs = write_outputs
from formhelper.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def _kill_prepare(folder: Path, delay: float) -> str:
    env = {**os.environ, "FORMHELPER_FORMS_DIR": str(_forms_dir())}
    proc = subprocess.Popen(
        [sys.executable, "-c", _ANNOUNCE, "prepare", str(NEW_CASE), "-o", str(folder),
         "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line == "writing\n", (line, proc.stderr.read() if proc.stderr else "")
    time.sleep(delay)
    proc.kill()
    proc.communicate(timeout=30)
    return str(proc.returncode)


def test_sigkill_of_formhelper_prepare_leaves_every_file_old_or_new(
    versions: tuple[dict[str, Output], dict[str, Output]], tmp_path: Path,
) -> None:
    """The real command in a subprocess, killed at a random point of its writing."""
    old, new = versions
    rng = random.Random(7)
    folders = []
    for iteration in range(6):
        folder = tmp_path / f"prepare-{iteration}"
        _seed_folder(folder, old, rng)
        folders.append((folder, rng.uniform(0, 0.05)))
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda fd: _kill_prepare(*fd), folders))
    for folder, _delay in folders:
        _check_old_or_new(folder, old, new)


# ---------------------------------------------------------------------------
# No silent overwrite, SSN files 0600


def _main(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_existing_output_is_never_overwritten_silently(tmp_path: Path) -> None:
    forms = str(_forms_dir())
    out = tmp_path / "out"
    old_case = tmp_path / "old.toml"
    old_case.write_text(_old_case_text())
    assert _main(["prepare", str(old_case), "-o", str(out), "--forms-dir", forms])[0] == 0
    before = _snapshot(out)
    code, _stdout, stderr = _main(["prepare", str(NEW_CASE), "-o", str(out), "--forms-dir",
                                   forms])
    assert code == 1
    assert _snapshot(out) == before  # nothing written, not even the files that did not exist
    for line in stderr.splitlines():
        assert line.startswith("error: ") and "exists and differs" in line
    assert len(stderr.splitlines()) == len(before)
    # The batch command refuses the same way, case by case.
    batch = tmp_path / "batch"
    (batch / "married-both-convert-2025").mkdir(parents=True)
    (batch / "married-both-convert-2025" / "summary.md").write_text("my notes\n")
    code, _stdout, stderr = _main(["prepare-batch", str(NEW_CASE), "-o", str(batch),
                                   "--forms-dir", forms, "--no-progress"])
    assert code == 1 and "summary.md exists and differs" in stderr
    assert (batch / "married-both-convert-2025" / "summary.md").read_text() == "my notes\n"
    # Unchanged content is left alone, and --force replaces what differs.
    assert _main(["prepare", str(NEW_CASE), "-o", str(out), "--forms-dir", forms,
                  "--force"])[0] == 0
    code, stdout, _stderr = _main(["prepare", str(NEW_CASE), "-o", str(out), "--forms-dir",
                                   forms])
    assert code == 0 and "wrote" not in stdout and "unchanged" in stdout


def _pdf_text(data: bytes) -> str:
    from formhelper.pdf.fill import read_values

    return " ".join(read_values(data).values())


def test_files_holding_an_ssn_are_private(tmp_path: Path) -> None:
    case_file = tmp_path / "ssn.toml"
    case_file.write_text(NEW_CASE.read_text().replace(
        'name = "Robin Both"', f'name = "Robin Both"\nssn = "{SSN}"'))
    out = tmp_path / "out"
    old_umask = os.umask(0o022)
    try:
        code, _stdout, _stderr = _main(["prepare", str(case_file), "-o", str(out),
                                        "--forms-dir", str(_forms_dir())])
    finally:
        os.umask(old_umask)
    assert code == 0
    digits = SSN.replace("-", "")
    holding = []
    for path in sorted(out.iterdir()):
        data = path.read_bytes()
        text = _pdf_text(data) if path.suffix == ".pdf" else data.decode("utf-8", "replace")
        if SSN in text or digits in text.replace("-", "").replace(" ", ""):
            holding.append(path.name)
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        else:  # 0600 is allowed too: pipeline marks every PDF of a return with an SSN
            assert stat.S_IMODE(path.stat().st_mode) in (0o600, 0o644), path.name
    assert "f8606-taxpayer.pdf" in holding and "f1040.pdf" in holding


# ---------------------------------------------------------------------------
# No network


#: Runs ``formhelper`` with every way of opening a connection replaced by an error.
_NO_NETWORK = """
import socket, sys
def refuse(*args, **kwargs):
    print("NETWORK ATTEMPT", args[1:2], file=sys.stderr)
    raise OSError("network blocked by the test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.socket.sendto = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from formhelper.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def _offline(args: list[str], cache: Path,
             forms: bool = True) -> subprocess.CompletedProcess[str]:
    """``formhelper ARGS`` with the network blocked; with ``forms``, the blanks at hand."""
    env = {**os.environ, "FORMHELPER_CACHE_DIR": str(cache / "formhelper")}
    env.pop("FORMHELPER_OFFLINE", None)
    if forms:
        env["FORMHELPER_FORMS_DIR"] = str(_forms_dir())
    else:
        env.pop("FORMHELPER_FORMS_DIR", None)
    return subprocess.run([sys.executable, "-c", _NO_NETWORK, *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    yield


def test_no_command_but_forms_fetch_opens_a_connection(tmp_path: Path,
                                                       no_proxy_env: None) -> None:
    sample = str(SAMPLES / "pro-rata-conversion-2025.toml")
    other = str(SAMPLES / "backdoor-roth-2025.toml")
    runs: list[list[str]] = [
        ["compute", sample, "--json"],
        ["check-1099r", sample],
        ["check-1099r", "--code", "7D", "--box1", "1000"],
        ["prepare", sample, "-o", str(tmp_path / "one")],
        ["prepare-batch", sample, other, "-o", str(tmp_path / "many"), "--jobs", "2"],
        ["forms", "list"],
        ["schema"],
        ["forms", "fetch", "2025"],
    ]
    cache = tmp_path / "cache"
    with ThreadPoolExecutor(max_workers=2) as pool:
        results: list[Any] = list(pool.map(lambda a: _offline(a, cache), runs))
    for args, done in zip(runs[:-1], results[:-1], strict=True):
        assert done.returncode == 0, (args, done.stderr)
        assert "NETWORK ATTEMPT" not in done.stderr, args
    assert (tmp_path / "one" / "f8606-taxpayer.pdf").is_file()
    assert len(list((tmp_path / "many").iterdir())) == 2
    # The block works: forms fetch tries, fails, and says so.
    fetch = results[-1]
    assert fetch.returncode == 1
    assert "NETWORK ATTEMPT" in fetch.stderr and "download failed" in fetch.stderr
    assert "Traceback" not in fetch.stderr


def test_prepare_fetches_a_missing_blank_unless_offline(tmp_path: Path,
                                                        no_proxy_env: None) -> None:
    """No blank at hand: prepare tries irs.gov (here blocked: it says the download failed,
    writes everything else and exits 3); with --offline it never connects."""
    sample = str(SAMPLES / "pro-rata-conversion-2025.toml")
    tried = _offline(["prepare", sample, "-o", str(tmp_path / "online")], tmp_path / "c1",
                     forms=False)
    assert tried.returncode == 3, tried.stderr
    assert "NETWORK ATTEMPT" in tried.stderr and "download failed" in tried.stderr
    assert "Traceback" not in tried.stderr
    assert (tmp_path / "online" / "worksheets.pdf").is_file()
    offline = _offline(["prepare", sample, "-o", str(tmp_path / "offline"), "--offline"],
                       tmp_path / "c2", forms=False)
    assert offline.returncode == 3, offline.stderr
    assert "NETWORK ATTEMPT" not in offline.stderr
    assert "formhelper forms fetch 2025" in offline.stderr
    assert (tmp_path / "offline" / "summary.md").is_file()
