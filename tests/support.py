"""Helpers shared by the tests: load samples, build cases, compute."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from formhelper.calc import ReturnResult, compute_return
from formhelper.files.casefile import load_case, parse_case
from formhelper.files.years import load, load_codes
from formhelper.models import CaseFile
from formhelper.render.return_text import to_json

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def sample(name: str) -> CaseFile:
    return load_case(SAMPLES / f"{name}.toml")


def run(case: CaseFile) -> ReturnResult:
    return compute_return(case, load(case.tax_year), load_codes(case.tax_year))


def run_json(data: dict[str, Any]) -> dict[str, Any]:
    """Validate a case given as a dict, compute it, return the ``--json`` document."""
    return to_json(run(parse_case(data)))


def base_case(**overrides: Any) -> dict[str, Any]:
    """A single filer born 1975 with nothing else; tests add what they need."""
    data: dict[str, Any] = {
        "tax_year": 2025,
        "filing_status": "single",
        "taxpayer": {"name": "Test Person", "date_of_birth": "1975-06-15"},
        "forms_1099r": [],
    }
    data.update(overrides)
    return data
