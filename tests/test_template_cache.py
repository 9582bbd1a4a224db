"""The summaries' templates are compiled once and kept in the cache folder: the same
text with or without the cache, a changed template recompiled, an unwritable cache
harmless."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from formhelper.app.compute import load_and_compute
from formhelper.render import summary
from support import SAMPLES


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("FORMHELPER_CACHE_DIR", str(tmp_path / "cache" / "formhelper"))
    summary._environment.cache_clear()
    yield tmp_path / "cache" / "formhelper" / "templates"
    summary._environment.cache_clear()


def _texts() -> tuple[str, str]:
    done = load_and_compute(SAMPLES / "pro-rata-conversion-2025.toml")
    data = summary.context(done.case, done.result, ["Form 8606: f8606-taxpayer.pdf"], [])
    return summary.render_markdown(data), summary.render_html(data)


def test_compiled_templates_are_kept_and_give_the_same_text(fresh: Path) -> None:
    first = _texts()
    kept = sorted(fresh.glob("*.cache"))
    assert len(kept) == 2  # summary.md.j2 and summary.html.j2
    summary._environment.cache_clear()  # a new process: loads what was kept
    assert _texts() == first
    assert "40,000" in first[0] and "40,000" in first[1]


def test_a_changed_template_is_compiled_again(fresh: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("summary.md.j2", "summary.html.j2"):
        (templates / name).write_text("one {{ tax_year }}\n")
    monkeypatch.setattr(summary, "templates_dir", lambda: templates)
    assert _texts() == ("one 2025\n", "one 2025\n")
    (templates / "summary.md.j2").write_text("two {{ tax_year }}\n")
    summary._environment.cache_clear()
    assert _texts()[0] == "two 2025\n"


def test_an_unwritable_cache_only_costs_time(fresh: Path) -> None:
    fresh.parent.mkdir(parents=True)
    fresh.write_text("a file where the folder should be")
    if os.geteuid() != 0:
        fresh.parent.chmod(0o500)
    md, html = _texts()
    assert "40,000" in md and "40,000" in html
