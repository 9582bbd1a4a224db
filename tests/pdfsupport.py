"""Helpers for the PDF tests: where the blank IRS forms are, poppler word boxes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

from support import ROOT


def forms_root() -> Path:
    """``FORMHELPER_FORMS_DIR``, else ``../shared/irs-forms`` beside the repository."""
    env = os.environ.get("FORMHELPER_FORMS_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "irs-forms"


def blank_path(year: int, form: str) -> Path:
    """The blank form, or skip the test saying where it was looked for."""
    path = forms_root() / str(year) / f"{form}.pdf"
    if not path.is_file():
        pytest.skip(f"blank IRS form not found at {path}; set FORMHELPER_FORMS_DIR")
    return path


def need_poppler() -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def ymid(self) -> float:
        return (self.y0 + self.y1) / 2


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def words(pdf: Path) -> tuple[list[Word], list[float]]:
    """Every word poppler sees (top-left origin, points) and each page's height."""
    need_poppler()
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    found: list[Word] = []
    heights: list[float] = []
    for number, page in enumerate(_PAGE.finditer(html), start=1):
        heights.append(float(page.group(2)))
        for m in _WORD.finditer(page.group(3)):
            found.append(Word(number, float(m.group(1)), float(m.group(2)), float(m.group(3)),
                              float(m.group(4)), unescape(m.group(5))))
    return found, heights


def pdftotext_layout(pdf: Path) -> str:
    need_poppler()
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
