"""Per-year figures: every year loads, every value has a source, all statuses present."""

from __future__ import annotations

import tomllib

import pytest

from formhelper.models import FilingStatus
from formhelper.resources import forms_dir
from formhelper.years import load, supported_years


def test_supported_years() -> None:
    assert supported_years() == [2024, 2025, 2026]


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_year_loads_with_all_filing_statuses(year: int) -> None:
    params = load(year)
    assert params.tax_year == year
    for status in FilingStatus:
        assert params.standard_deduction.model_dump()[status.value]["value"] > 0
        table = params.brackets.for_status(status)
        uppers = [b.upper for b in table[:-1]]
        assert uppers == sorted(uppers)
        assert table[-1].upper is None


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_value_has_a_source(year: int) -> None:
    raw = tomllib.loads((forms_dir() / str(year) / "params.toml").read_text())

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if "value" in node or "low" in node:
                assert len(str(node.get("source", ""))) > 5, where
            for key, child in node.items():
                walk(child, f"{where}.{key}")

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
