"""Box 7 code combinations: the checker against Table 1 written out by hand.

The expected answers below are transcribed from domain-spec §4.2 ("Used with"
column of the i1099r Table 1, Guide to Distribution Codes, as reproduced in
CODES-S [S]) and §4.3 (code Y, 2025), NOT read from forms/<year>/codes.toml:
if the TOML and this transcription disagree, a test fails.  Every single code
and every ordered pair of the 30 code characters is checked for 2024 and 2025.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from formhelper.calc.box7_checks import check_codes
from formhelper.calc.findings import Finding, Severity
from formhelper.files.years import code_table_years as available_years
from formhelper.files.years import load_codes as load
from formhelper.models.box7 import CODE_CHARS
from formhelper.years.codes import CodeTable

# Table 1 "Used with" per code, tax year 2024 (domain-spec §4.2).  "" = used with none.
USED_WITH_2024: dict[str, str] = {
    "1": "8BDKLMP",
    "2": "8BDKLMP",
    "3": "D",
    "4": "8ABDGHKLMP",
    "5": "",
    "6": "W",
    "7": "ABDKLM",
    "8": "124BJK",
    "9": "",
    "A": "47",
    "B": "12478GLMPU",
    "C": "D",
    "D": "12347C",
    "E": "",
    "F": "",
    "G": "4BK",
    "H": "4",
    "J": "8P",
    "K": "12478G",
    "L": "1247B",
    "M": "1247B",
    "N": "",
    "P": "124BJ",
    "Q": "",
    "R": "",
    "S": "",
    "T": "",
    "U": "B",
    "W": "6",
}
# 2025: code Y (QCD) is new and is used with 4, 7 or K; those rows gain Y (§4.2, §4.3).
USED_WITH_2025: dict[str, str] = {
    **USED_WITH_2024,
    "4": "8ABDGHKLMPY",
    "7": "ABDKLMY",
    "K": "12478GY",
    "Y": "47K",
}
USED_WITH = {2024: USED_WITH_2024, 2025: USED_WITH_2025}
# "Alone OK: no" (§4.2): A, D, K must be paired; Y too from 2025.
MUST_PAIR = {2024: set("ADK"), 2025: set("ADKY")}
# §4.3: "JS" (Roth SIMPLE IRA, early) is reported by one source for 2025 but is not
# in the table that could be verified: a warning, not an error.
UNVERIFIED = {2024: set(), 2025: {frozenset("JS")}}

ALL = sorted(CODE_CHARS)


def test_the_transcription_is_symmetric_and_covers_every_code() -> None:
    for year, rows in USED_WITH.items():
        for code, partners in rows.items():
            for other in partners:
                assert code in rows[other], (year, code, other)
    assert len(ALL) == 30
    assert set(USED_WITH_2025) == CODE_CHARS
    assert set(USED_WITH_2024) == CODE_CHARS - {"Y"}


def expected(year: int, box_7: str) -> str:
    """"valid", "invalid" or "unverified" for one box 7 entry, from the transcription."""
    rows = USED_WITH[year]
    if any(c not in rows for c in box_7):
        return "invalid"
    if len(box_7) == 1:
        return "invalid" if box_7 in MUST_PAIR[year] else "valid"
    first, second = box_7[0], box_7[1]
    if frozenset(box_7) in UNVERIFIED[year]:
        return "unverified"
    return "valid" if second in rows[first] else "invalid"


def answer(findings: list[Finding]) -> str:
    if any(f.severity == Severity.ERROR for f in findings):
        return "invalid"
    if any(f.id == "code-combination-unverified" for f in findings):
        return "unverified"
    return "valid"


@pytest.mark.parametrize("year", sorted(USED_WITH))
def test_every_single_code(year: int) -> None:
    table = load(year)
    wrong = {c: answer(check_codes(c, table)) for c in ALL
             if answer(check_codes(c, table)) != expected(year, c)}
    assert wrong == {}


@pytest.mark.parametrize("year", sorted(USED_WITH))
def test_every_ordered_pair(year: int) -> None:
    table = load(year)
    wrong = {}
    for first in ALL:
        for second in ALL:
            got = answer(check_codes(first + second, table))
            if got != expected(year, first + second):
                wrong[first + second] = got
    assert wrong == {}


@pytest.mark.parametrize("year", sorted(USED_WITH))
def test_order_of_the_two_codes_does_not_matter(year: int) -> None:
    table = load(year)
    for first in ALL:
        for second in ALL:
            ids = [f.id for f in check_codes(first + second, table)]
            assert ids == [f.id for f in check_codes(second + first, table)], first + second
    assert check_codes("7D", table) == check_codes("D7", table) == []


def test_code_y_is_unknown_in_2024_and_pairs_with_4_7_k_in_2025() -> None:
    old, new = load(2024), load(2025)
    for box_7 in ("Y", "7Y", "Y4", "KY"):
        assert [f.id for f in check_codes(box_7, old)] == ["code-unknown"]
    assert [f.id for f in check_codes("Y", new)] == ["code-must-pair"]
    for box_7 in ("7Y", "Y7", "4Y", "Y4", "KY", "YK"):
        assert check_codes(box_7, new) == [], box_7
    for other in sorted(CODE_CHARS - set("47KY")):
        assert answer(check_codes("Y" + other, new)) == "invalid", other


# domain-spec §9, T8: code validation vectors (tax year 2025).
@pytest.mark.parametrize(
    ("box_7", "valid", "finding"),
    [
        ("Y", False, "code-must-pair"),
        ("Y7", True, None),
        ("1Y", False, "code-combination-invalid"),
        ("G4", True, None),
        ("71", False, "code-two-numeric"),
        ("81", True, None),
        ("AB", False, "code-combination-invalid"),
    ],
)
def test_t8_vectors(box_7: str, valid: bool, finding: str | None) -> None:
    findings = check_codes(box_7, load(2025))
    assert (answer(findings) == "valid") is valid
    assert [f.id for f in findings] == ([finding] if finding else [])


def test_2026_uses_the_2025_table_by_same_as() -> None:
    table = load(2026)
    assert (table.tax_year, table.table_year, table.borrowed) == (2026, 2025, True)
    assert table.codes == load(2025).codes
    assert table.rules == load(2025).rules
    assert table.source.startswith("2026 Instructions for Forms 1099-R not yet checked")
    assert {2024, 2025, 2026} <= set(available_years())


def test_2026_file_is_only_a_pointer() -> None:
    import tomllib

    from formhelper.resources import forms_dir

    raw = tomllib.loads((forms_dir() / "2026" / "codes.toml").read_text())
    assert raw == {"tax_year": 2026, "same_as": 2025, "source": raw["source"]}
    assert "2025 table is used" in raw["source"]


def test_unknown_year_is_a_lookup_error() -> None:
    with pytest.raises(LookupError, match="no Form 1099-R code table for 1999"):
        load(1999)


def test_same_as_loop_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import formhelper.files.years as codetable

    for year, target in ((3001, 3002), (3002, 3001)):
        (tmp_path / str(year)).mkdir()
        (tmp_path / str(year) / "codes.toml").write_text(
            f"tax_year = {year}\nsame_as = {target}\nsource = 'test'\n")
    monkeypatch.setattr(codetable, "forms_dir", lambda: tmp_path)
    with pytest.raises(codetable.YearDataError, match="same_as chain"):
        codetable.load_codes(3001)


def _raw_2025() -> dict[str, object]:
    data = load(2025).model_dump()
    return {**data, "codes": {k: dict(v) for k, v in data["codes"].items()}}


def test_a_one_sided_pair_in_the_toml_is_refused() -> None:
    raw = _raw_2025()
    codes = raw["codes"]
    assert isinstance(codes, dict)
    codes["7"]["used_with"] = [*codes["7"]["used_with"], "2"]
    with pytest.raises(ValidationError, match="7 lists 2 but 2 does not list 7"):
        CodeTable.model_validate(raw)


def test_must_pair_must_agree_with_alone() -> None:
    raw = _raw_2025()
    codes = raw["codes"]
    assert isinstance(codes, dict)
    codes["A"]["alone"] = True
    with pytest.raises(ValidationError, match="code A: alone = True disagrees"):
        CodeTable.model_validate(raw)
