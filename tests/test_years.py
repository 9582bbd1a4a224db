"""Per-year figures: every year loads, every value has a source, all statuses present."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from formhelper.files.years import load, supported_years
from formhelper.models import FilingStatus
from formhelper.resources import forms_dir
from formhelper.years.params import TaxTable

#: Every year with figures, from the data itself: adding a year adds it here.
YEARS = supported_years()


def test_supported_years() -> None:
    """Each folder forms/<year>/ with a params.toml is a supported year, 2024 to 2026 at
    least (a year is added by data alone: docs/adding-a-tax-year.md)."""
    folders = sorted(int(p.parent.name) for p in forms_dir().glob("*/params.toml"))
    assert supported_years() == folders
    assert {2024, 2025, 2026} <= set(folders)


@pytest.mark.parametrize("year", YEARS)
def test_year_loads_with_all_filing_statuses(year: int) -> None:
    params = load(year)
    assert params.tax_year == year
    for status in FilingStatus:
        assert params.standard_deduction.model_dump()[status.value]["value"] > 0
        table = params.brackets.for_status(status)
        uppers = [b.upper for b in table[:-1] if b.upper is not None]
        assert len(uppers) == len(table) - 1
        assert uppers == sorted(uppers)
        assert table[-1].upper is None


@pytest.mark.parametrize("year", YEARS)
def test_every_value_has_a_source(year: int) -> None:
    raw = tomllib.loads((forms_dir() / str(year) / "params.toml").read_text())

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if "value" in node or "low" in node or "width" in node:
                assert len(str(node.get("source", ""))) > 5, where
            for key, child in node.items():
                walk(child, f"{where}.{key}")
        elif isinstance(node, list):
            for n, child in enumerate(node):
                walk(child, f"{where}[{n}]")

    walk(raw, str(year))


def test_figures_from_the_irs_documents() -> None:
    # Notice 2023-75 / 2024-80 / 2025-67: IRA limit 7,000, 7,000, 7,500; catch-up
    # 1,000, 1,000, 1,100; QCD 105,000, 108,000, 111,000.
    # Standard deduction (single): Rev. Proc. 2023-34 14,600; OBBBA 15,750; Rev. Proc.
    # 2025-32 16,100.
    got = [(load(y).ira.contribution_limit.value, load(y).ira.catch_up_50.value,
            load(y).qcd.annual_limit.value, load(y).standard_deduction.single.value)
           for y in (2024, 2025, 2026)]
    assert got == [(7000, 1000, 105000, 14600), (7000, 1000, 108000, 15750),
                   (7500, 1100, 111000, 16100)]


def test_2026_uses_the_2025_form_layout_until_the_irs_publishes() -> None:
    assert load(2026).layout_year == 2025
    assert load(2025).layout_year == 2025


def test_2026_head_of_household_24_percent_bracket_differs_from_single() -> None:
    # Rev. Proc. 2025-32 Table 2: HOH 24% bracket ends at 201,750; single at 201,775.
    hoh = load(2026).brackets.for_status(FilingStatus.HEAD_OF_HOUSEHOLD)
    single = load(2026).brackets.for_status(FilingStatus.SINGLE)
    assert (hoh[3].upper, single[3].upper) == (201750, 201775)


@pytest.mark.parametrize("year", YEARS)
def test_tax_table_rows_as_published(year: int) -> None:
    """Form 1040 line 16: the Tax Table below $100,000 (2024 and 2025 Instructions for
    Form 1040, line 16), its rows 0-5, 5-15, 15-25, then $25 wide to 3,000 and $50 wide
    to 100,000 (the 2024 and 2025 Tax Tables; 2026 only from the IRS's draft, so not
    verified)."""
    table = load(year).tax_table
    assert table.ceiling.value == 100000
    assert [(r.at_least, r.width) for r in table.rows] == [(0, 5), (5, 10), (25, 25),
                                                           (3000, 50)]
    verified = [table.ceiling.verified, *(r.verified for r in table.rows)]
    if year in (2024, 2025):
        assert verified == [True] * 5


def test_tax_table_rows_must_tile_the_table() -> None:
    def rows(*pairs: tuple[int, int]) -> list[dict[str, object]]:
        return [{"at_least": a, "width": w, "source": "test"} for a, w in pairs]

    ceiling = {"value": 100000, "source": "test"}
    TaxTable(ceiling=ceiling, rows=rows((0, 5), (5, 10), (25, 25), (3000, 50)))
    for bad in (rows((5, 10), (25, 25), (3000, 50)),  # not from 0
                rows((0, 5), (5, 10), (25, 25), (3010, 50)),  # 25s do not reach 3,010
                rows((0, 5), (5, 10), (25, 25), (3000, 70)),  # 70s overshoot 100,000
                rows((0, 5), (3000, 50), (25, 25))):  # not ascending
        with pytest.raises(ValidationError):
            TaxTable(ceiling=ceiling, rows=bad)


def test_a_year_with_incomplete_data_is_an_error_line_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A year whose layout has no forms/<layout>/f1040.toml (the line 4c/5c facts):
    compute says so on an `error: tax_year:` line, exit 1, and names the file."""
    import shutil

    from formhelper.cli import main
    from formhelper.files import years

    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    (forms / "2025" / "f1040.toml").unlink()
    monkeypatch.setattr(years, "forms_dir", lambda: forms)
    years.load.cache_clear()
    years.load_codes.cache_clear()
    case = tmp_path / "case.toml"
    case.write_text('tax_year = 2025\nfiling_status = "single"\n'
                    '[taxpayer]\nname = "A"\ndate_of_birth = 1980-01-01\n')
    try:
        assert main(["compute", str(case)]) == 1
    finally:
        years.load.cache_clear()
        years.load_codes.cache_clear()
    err = capsys.readouterr().err
    assert err.startswith("error: tax_year: the data of tax year 2025 cannot be used")
    assert "f1040.toml" in err and "Traceback" not in err
