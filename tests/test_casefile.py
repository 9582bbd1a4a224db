"""Bad input gets one clear line per problem naming the field; legal but odd input warns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from formhelper.files.casefile import CaseFileError, load_case, parse_case
from formhelper.files.years import supported_years
from support import base_case, run_json


def problems(data: Any) -> list[str]:
    with pytest.raises(CaseFileError) as info:
        parse_case(data)
    return info.value.problems


def form(**boxes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"box_1": 1000, "box_7": "7", "ira_sep_simple": True}
    data.update(boxes)
    return data


def test_box_2a_larger_than_box_1_names_the_form_and_box() -> None:
    data = base_case(forms_1099r=[form(), form(box_1=50000, box_2a=60000)])
    assert problems(data) == ["forms_1099r[1].box_2a: larger than box 1 (50000)"]


def test_negative_amount() -> None:
    data = base_case(forms_1099r=[form(box_4=-5)])
    assert problems(data) == ["forms_1099r[0].box_4: must not be negative"]


def test_several_problems_one_line_each() -> None:
    data = base_case(forms_1099r=[form(box_7="ZZ9", box_1="abc")])
    assert problems(data) == [
        "forms_1099r[0].box_1: not an amount (write digits, like 1234.56)",
        "forms_1099r[0].box_7: box 7 holds at most two codes, got 'ZZ9'",
    ]


def test_unknown_code_character() -> None:
    assert problems(base_case(forms_1099r=[form(box_7="Z")])) == [
        "forms_1099r[0].box_7: 'Z' is not a Form 1099-R distribution code"]


def test_codes_in_either_order_are_kept_as_written() -> None:
    case = parse_case(base_case(forms_1099r=[form(box_7="d7")]))
    assert case.forms_1099r[0].codes == ("D", "7")


def test_disposition_larger_than_box_1() -> None:
    data = base_case(forms_1099r=[form(disposition={"converted_to_roth_ira": 800, "qcd": 300})])
    assert problems(data) == [
        "forms_1099r[0].disposition: converted, rolled over, QCD and HSA amounts add up to "
        "1100, more than box 1 (1000)"]


def test_line_4_larger_than_line_1() -> None:
    data = base_case()
    data["taxpayer"]["ira"] = {"nondeductible_contributions": 3000,
                               "contributions_made_next_year": 4000}
    assert problems(data) == [
        "taxpayer.ira.contributions_made_next_year: larger than nondeductible_contributions "
        "(3000); line 4 is part of line 1"]


def test_missing_and_extra_fields() -> None:
    data = base_case()
    del data["taxpayer"]["date_of_birth"]
    data["taxpayer"]["nickname"] = "P"
    assert problems(data) == [
        "taxpayer.date_of_birth: required",
        "taxpayer.nickname: unknown field (check the spelling; see `formhelper schema`)",
    ]


def test_unsupported_year_lists_supported_ones() -> None:
    supported = ", ".join(str(y) for y in supported_years())
    unsupported = min(supported_years()) - 1
    assert problems(base_case(tax_year=unsupported)) == [
        f"tax_year: {unsupported} is not supported (supported: {supported})"]


def test_spouse_form_on_a_single_return() -> None:
    data = base_case(spouse={"name": "S", "date_of_birth": "1970-01-01"},
                     forms_1099r=[form(owner="spouse")])
    assert problems(data) == [
        "forms_1099r[0].owner: a spouse's Form 1099-R belongs on this return only when married "
        "filing jointly; the spouse files their own Form 8606"]


def test_roth_layer_of_the_tax_year_is_refused() -> None:
    data = base_case()
    data["taxpayer"]["roth"] = {"layers": [{"year": 2025, "taxable": 100}]}
    assert problems(data)[0].startswith("taxpayer.roth.layers[0].year: must be before the tax")


def test_ssn_format() -> None:
    data = base_case()
    data["taxpayer"]["ssn"] = "12-345"
    assert problems(data) == ["taxpayer.ssn: must be nine digits, written 123-45-6789"]
    data["taxpayer"]["ssn"] = "123456789"
    assert parse_case(data).taxpayer.ssn == "123-45-6789"


def test_nan_and_cents(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    data = base_case(forms_1099r=[form(box_1="NaN"), form(box_1=10.001)])
    path.write_text(json.dumps(data))
    with pytest.raises(CaseFileError) as info:
        load_case(path)
    assert info.value.problems == [
        "forms_1099r[0].box_1: must be a finite amount",
        "forms_1099r[1].box_1: at most 2 decimal places (cents)",
    ]


def test_truncated_toml_and_json(tmp_path: Path) -> None:
    toml = tmp_path / "c.toml"
    toml.write_text('tax_year = 2025\n[taxpayer\nname = "x"\n')
    with pytest.raises(CaseFileError) as info:
        load_case(toml)
    assert info.value.problems[0].startswith(f"{toml}: not valid TOML:")
    js = tmp_path / "c.json"
    js.write_text('{"tax_year": 2025, "taxpayer": {')
    with pytest.raises(CaseFileError) as info:
        load_case(js)
    assert info.value.problems[0].startswith(f"{js}: not valid JSON:")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError) as info:
        load_case(tmp_path / "nope.toml")
    assert info.value.problems == [f"{tmp_path / 'nope.toml'}: no such file"]


def test_json_and_toml_give_the_same_case(tmp_path: Path) -> None:
    data = base_case(forms_1099r=[form(box_1="1234.56", box_2a="1234.56")])
    js = tmp_path / "c.json"
    js.write_text(json.dumps(data))
    toml = tmp_path / "c.toml"
    toml.write_text(
        'tax_year = 2025\nfiling_status = "single"\n'
        '[taxpayer]\nname = "Test Person"\ndate_of_birth = 1975-06-15\n'
        '[[forms_1099r]]\nbox_1 = 1234.56\nbox_2a = 1234.56\nbox_7 = "7"\nira_sep_simple = true\n'
    )
    assert load_case(js) == load_case(toml)


def test_converted_more_than_box_1_less_withholding_warns_and_computes() -> None:
    data = base_case(forms_1099r=[form(box_1=10000, box_4=1000,
                                       disposition={"converted_to_roth_ira": 9500})])
    out = run_json(data)
    assert out["f8606"]["taxpayer"]["line_16"] == 9500
    ids = [(w["id"], w.get("field")) for w in out["warnings"]]
    assert ("conversion-exceeds-net",
            "forms_1099r[0].disposition.converted_to_roth_ira") in ids


def test_year_end_value_missing_with_a_conversion_warns() -> None:
    data = base_case(forms_1099r=[form(box_1=5000, box_7="2",
                                       disposition={"converted_to_roth_ira": 5000})])
    data["taxpayer"]["ira"] = {"prior_basis": 5000}
    out = run_json(data)
    assert out["f8606"]["taxpayer"]["line_6"] == 0
    assert [w["id"] for w in out["warnings"]] == ["year-end-value-missing"]


def test_plain_messages_for_empty_name_huge_amount_and_numeric_code() -> None:
    data = base_case(forms_1099r=[form(box_1=10**20, box_7=7)])
    data["taxpayer"]["name"] = ""
    assert problems(data) == [
        "taxpayer.name: must not be empty",
        "forms_1099r[0].box_1: must be less than 1,000,000,000,000",
    ]
    assert parse_case(base_case(forms_1099r=[form(box_7=7)])).forms_1099r[0].box_7 == "7"
