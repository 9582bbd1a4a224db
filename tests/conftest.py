"""Every test runs with its own cache folder: nothing is read from or written to the
user's ``~/.cache`` (blank forms, their field indexes).  Blank IRS forms come from
``FORMHELPER_FORMS_DIR``, else ``../shared/irs-forms`` beside the repository.

Under ``CI=true`` a test that would skip fails instead: CI installs everything the
tests need, so a skip there means a missing prerequisite, not an optional one.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator

import pytest

from pdfsupport import forms_root

#: The slow lane (``pytest -m slow``; the fast lane is ``pytest -m "not slow"``): the
#: wizard end-to-end, the kill tests and the command-line fuzzers, by test file or by
#: test name prefix.
SLOW = (
    "test_wizard.py::",
    "test_wizard_kill.py::",
    "test_fuzz.py::test_cli_",
    "test_fuzz_basis.py::test_cli_",
    "test_fuzz_basis.py::test_foreign_8606_with_odd_text",
    "test_nothing_lost.py::test_sigkill",
    "test_batch.py::",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.removeprefix("tests/").startswith(SLOW):
            item.add_marker(pytest.mark.slow)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FORMHELPER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        patch.setenv("FORMHELPER_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        patch.setenv("FORMHELPER_FORMS_DIR", str(forms_root()))
        # prepare never fetches a missing blank from irs.gov in the tests (the fetch is
        # tested with the network blocked, tests/test_nothing_lost.py).
        patch.setenv("FORMHELPER_OFFLINE", "1")
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true (a missing prerequisite): {reason}"
    return report
