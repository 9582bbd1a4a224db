"""``prepare`` draws its own PDFs in a forked child (formhelper.app.forked): same bytes,
and any trouble in the child falls back to doing the work in the process."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from formhelper.app.compute import load_and_compute
from formhelper.app.forked import Beside, can_fork
from formhelper.app.prepare import build
from pdfsupport import blank_path
from support import SAMPLES

needs_fork = pytest.mark.skipif(not can_fork(), reason="no os.fork here, or threads running")


@needs_fork
def test_the_work_runs_in_a_child_and_its_value_comes_back() -> None:
    with Beside(lambda: (os.getpid(), b"x" * 300_000)) as child:  # more than a pipe holds
        pid, data = child.result()
    assert pid != os.getpid()
    assert data == b"x" * 300_000


def test_without_fork_the_work_runs_here() -> None:
    with Beside(os.getpid, fork=False) as here:
        assert here.pid == 0
        assert here.result() == os.getpid()


@needs_fork
def test_a_failing_child_leaves_the_work_to_the_process_where_the_error_shows() -> None:
    parent = os.getpid()

    def work() -> int:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return 7

    with Beside(work) as child:
        assert child.pid
        assert child.result() == 7
    calls: list[int] = []

    def always_fails() -> int:
        calls.append(os.getpid())
        raise ValueError("bad case")

    with Beside(always_fails) as child, pytest.raises(ValueError, match="bad case"):
        child.result()
    assert calls == [parent]  # the child's call is not seen here; the retry is


@needs_fork
def test_leaving_without_the_result_stops_and_reaps_the_child() -> None:
    read_end, write_end = os.pipe()
    with pytest.raises(KeyError), Beside(lambda: os.read(read_end, 1)) as child:
        pid = child.pid
        raise KeyError("the parent failed")
    os.close(read_end)
    os.close(write_end)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        with Beside(os.getpid) as here:
            assert here.pid == 0
    finally:
        stop.set()
        thread.join()


@needs_fork
def test_prepare_in_parallel_gives_the_same_files(monkeypatch: pytest.MonkeyPatch) -> None:
    forms = blank_path(2025, "f8606").parent.parent
    monkeypatch.delenv("FORMHELPER_FORMS_DIR", raising=False)
    done = load_and_compute(SAMPLES / "pro-rata-conversion-2025.toml")
    one = build(done.case, done.result, done.params, forms_dir=forms)
    two = build(done.case, done.result, done.params, forms_dir=forms, parallel=True)
    assert [o.name for o in two.outputs] == [o.name for o in one.outputs]
    assert "worksheets.pdf" in {o.name for o in one.outputs}
    assert two == one


def test_prepare_command_draws_in_parallel(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    from formhelper.app import prepare as pipeline
    from formhelper.cli import main

    seen: list[bool] = []
    real = pipeline.build

    def spy(*args: object, **kwargs: object) -> pipeline.Prepared:
        seen.append(bool(kwargs.get("parallel")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "build", spy)
    assert main(["prepare", str(SAMPLES / "backdoor-roth-2025.toml"), "-o",
                 str(tmp_path / "out")]) == 0
    assert seen == [True]
