"""What formhelper does not compute is refused by name (docs/scope.md).

Each knockout of :mod:`formhelper.calc.scope` stops ``compute`` with an ``error:`` line
naming the field (the case-file reader refuses it, so ``prepare``, ``prepare-batch`` and
the wizard stop too); a blocking finding stops ``prepare``.  One test per knockout, and
docs/scope.md names every one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from formhelper.calc import compute_return
from formhelper.calc.scope import Unsupported, knockouts
from formhelper.cli import main
from formhelper.files.casefile import CaseFileError, parse_case
from formhelper.files.years import load
from formhelper.models import CaseFile
from support import ROOT, base_case, run_json


def ira(box_1: int, box_7: str = "7", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"box_1": box_1, "box_7": box_7, "ira_sep_simple": True}
    data.update(extra)
    return data


def plan(box_1: int, box_7: str = "7", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"box_1": box_1, "box_2a": box_1, "box_7": box_7}
    data.update(extra)
    return data


def with_inherited(forms: list[dict[str, Any]]) -> dict[str, Any]:
    case = base_case(forms_1099r=forms)
    case["taxpayer"]["inherited_iras"] = [{"decedent": "Parent", "year_end_value": 1000}]
    return case


#: knockout id -> a case that shows it, and the field the error names.
CASES: dict[str, tuple[dict[str, Any], str]] = {
    "code-4-not-described": (base_case(forms_1099r=[ira(3000, "4")]),
                             "forms_1099r[0].inherited_from"),
    "code-4-which-decedent": ({**base_case(forms_1099r=[ira(3000, "4")]),
                               "taxpayer": {"name": "T", "date_of_birth": "1975-01-01",
                                            "inherited_iras": [{"decedent": "A"},
                                                               {"decedent": "B"}]}},
                              "forms_1099r[0].inherited_from"),
    "inherited-rollover": (with_inherited([ira(3000, "4",
                                               disposition={"converted_to_roth_ira": 3000})]),
                           "forms_1099r[0].disposition.converted_to_roth_ira"),
    "inherited-roth-ira": (with_inherited([{"box_1": 3000, "box_7": "T",
                                            "inherited_from": "Parent"}]),
                           "forms_1099r[0].inherited_from"),
    "plan-excess-deferral": (base_case(forms_1099r=[plan(2500, "8", box_2a=2500)]),
                             "forms_1099r[0].box_7"),
    "ira-only-disposition": (base_case(forms_1099r=[plan(5000, disposition={"qcd": 5000})]),
                             "forms_1099r[0].disposition.qcd"),
    "prohibited-transaction": (base_case(forms_1099r=[ira(9000, "5")]),
                               "forms_1099r[0].box_7"),
    "form-of-another-year": (base_case(forms_1099r=[ira(1000, form_year=2026)]),
                             "forms_1099r[0].form_year"),
    "exception-wrong-account": (
        base_case(forms_1099r=[ira(10000, "1", early_exceptions=[
            {"number": "01", "amount": 10000}])]),
        "forms_1099r[0].early_exceptions[0].number"),
    "inherited-plan-to-roth": (
        base_case(forms_1099r=[plan(20000, "4G",
                                    disposition={"converted_to_roth_ira": 20000})]),
        "forms_1099r[0].disposition.converted_to_roth_ira"),
    "designated-roth-rollover": (
        base_case(forms_1099r=[plan(10000, "1B", box_2a=2000, box_5=8000,
                                    disposition={"converted_to_roth_ira": 10000})]),
        "forms_1099r[0].disposition.converted_to_roth_ira"),
    # Pub. 590-A, "Application of one-rollover-per-year limitation": traditional and Roth
    # IRAs counted together.
    "one-rollover-per-year": (
        base_case(forms_1099r=[ira(4000, disposition={"rolled_over": 4000}),
                               {"box_1": 3000, "box_7": "J",
                                "disposition": {"rolled_over": 3000}}]),
        "forms_1099r[1].disposition.rolled_over"),
    # IRC 408(d)(3)(A)(ii); Pub. 590-A: basis 2,000, nothing left in the IRAs, all 10,000
    # rolled into a plan.
    "ira-to-plan-basis": (
        {**base_case(forms_1099r=[ira(10000, disposition={"rolled_to_employer_plan": 10000})]),
         "taxpayer": {"name": "T", "date_of_birth": "1975-01-01",
                      "ira": {"prior_basis": 2000, "year_end_value": 0}}},
        "forms_1099r[0].disposition.rolled_to_employer_plan"),
}


@pytest.mark.parametrize("knockout_id", sorted(CASES))
def test_each_knockout_stops_compute_with_an_error_line(
    knockout_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, field = CASES[knockout_id]
    case = CaseFile.model_validate(data)
    found = knockouts(case)
    assert [k.id for k in found] == [knockout_id]
    assert found[0].field == field
    # The pure calculation refuses it too.
    with pytest.raises(Unsupported):
        compute_return(case, load(case.tax_year))
    # The command line: one error line naming the field, exit status 1.
    import json

    path = tmp_path / "case.json"
    path.write_text(json.dumps(data))
    assert main(["compute", str(path), "--json"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {field}: {found[0].message}"]


@pytest.mark.parametrize("disposition", ["hsa_funding", "rolled_to_employer_plan"])
def test_other_ira_only_dispositions_on_a_plan_form(disposition: str) -> None:
    with pytest.raises(CaseFileError) as caught:
        parse_case(base_case(forms_1099r=[plan(5000, disposition={disposition: 5000})]))
    assert caught.value.problems[0].startswith(f"forms_1099r[0].disposition.{disposition}: ")


def test_roth_ira_cannot_roll_into_a_plan() -> None:
    with pytest.raises(CaseFileError) as caught:
        parse_case(base_case(forms_1099r=[{"box_1": 5000, "box_7": "J",
                                           "disposition": {"rolled_to_employer_plan": 5000}}]))
    assert "Roth IRA money cannot be rolled into an employer plan" in caught.value.problems[0]


def test_plan_code_p_of_next_year_is_refused_but_of_this_year_left_off() -> None:
    # Next year's P form would be this return's line 1h: refused. This year's P form
    # belongs on last year's return: left off with a finding, not refused.
    assert [k.id for k in knockouts(CaseFile.model_validate(base_case(
        forms_1099r=[plan(2500, "P", form_year=2026)])))] == ["plan-excess-deferral"]
    assert knockouts(CaseFile.model_validate(base_case(forms_1099r=[plan(2500, "P")]))) == []


def test_blocking_findings_stop_prepare(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    import json

    case = base_case()
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 9000}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    assert main(["compute", str(path)]) == 0  # the lines it can figure, with the error
    capsys.readouterr()
    assert main(["prepare", str(path), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: taxpayer.ira.nondeductible_contributions: ")
    assert not (tmp_path / "out").exists()


def test_roth_contribution_above_the_limit_blocks() -> None:
    # Born 1985: limit 7,000; 5,000 traditional leaves 2,000 for a Roth IRA; 3,000 is
    # 1,000 over (Pub. 590-A, "Can You Contribute to a Roth IRA?").

    case = base_case()
    case["taxpayer"]["date_of_birth"] = "1985-01-01"
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 5000}
    case["taxpayer"]["roth"] = {"contributions_this_year": 3000}
    out = run_json(case)
    finding = next(w for w in out["warnings"] if w["id"] == "roth-contribution-over-limit")
    assert finding["blocking"] is True and "$1,000 more" in finding["message"]


def test_scope_document_names_every_knockout_and_blocking_finding() -> None:
    text = (ROOT / "docs" / "scope.md").read_text()
    named = set(re.findall(r"`([a-z0-9-]+)`", text))
    source = (ROOT / "src" / "formhelper" / "calc" / "scope.py").read_text()
    ids = set(re.findall(r'Knockout\(\s*"([a-z0-9-]+)"', source))
    assert ids == set(CASES), ids ^ set(CASES)
    assert ids | {"contribution-over-limit", "roth-contribution-over-limit"} <= named


def test_the_wizard_shows_a_knockout_at_its_field() -> None:
    # The wizard checks the typed case with the case-file reader (files.drafts.check):
    # no return is computed, and the problem sits at the field it names.
    from formhelper.files import drafts

    data, field = CASES["code-4-not-described"]
    checked = drafts.check(drafts.typed(data))
    assert checked.case is None
    assert field in checked.problems
    # In the wizard's words: its button and field, no case-file syntax.
    (message,) = checked.problems[field]
    assert "Describe the inherited IRA" in message and "Paid from" in message
    assert "[[" not in message and "inherited_from" not in message


def test_every_knockout_reads_plainly_in_the_wizard() -> None:
    # No knockout message the wizard shows holds a case-file name (a word with "_" or
    # a [[table]]).
    from formhelper.files import drafts

    for data, _ in CASES.values():
        checked = drafts.check(drafts.typed(data))
        for messages in checked.problems.values():
            for message in messages:
                assert "[[" not in message, message
                assert not re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", message), message


def test_inherited_amounts_typed_in_the_wizard_are_amounts() -> None:
    from formhelper.files import drafts

    case = with_inherited([ira(3000, "4")])
    case["taxpayer"]["inherited_iras"] = [{"decedent": "Parent", "basis": "$3,000",
                                           "year_end_value": "27,000"}]
    checked = drafts.check(drafts.typed(case))
    assert checked.case is not None
    assert checked.case.taxpayer.inherited_iras[0].basis == 3000


@pytest.mark.parametrize("box_7", ["T4", "Q4", "J4"])
def test_code_4_on_a_roth_ira_form_is_an_inherited_roth_ira(box_7: str) -> None:
    """Code 4 (death) with a Roth IRA code: the distribution comes from an inherited Roth
    IRA, whose 5-year period and basis are the decedent's (Pub. 590-B, Distributions
    from an inherited Roth IRA): refused by name, never figured with the recipient's own
    Roth IRA history."""
    data = base_case(forms_1099r=[{"box_1": 10000, "box_7": box_7,
                                   "box_2b_taxable_not_determined": True}])
    data["taxpayer"]["roth"] = {"first_contribution_year": 2024}
    with pytest.raises(CaseFileError) as info:
        run_json(data)
    assert info.value.problems == [info.value.problems[0]]
    assert info.value.problems[0].startswith("forms_1099r[0].box_7: a distribution from an "
                                             "inherited Roth IRA is not supported")
