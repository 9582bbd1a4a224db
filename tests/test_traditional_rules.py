"""Traditional IRA rules of issue 14: inherited IRAs, SIMPLE IRAs in their 2-year period,
QCDs over the limit, rollovers into an employer plan, excess-contribution corrections, a
plan's box 2a that cannot be right, and advice that helps.

Every figure is worked by hand in the test from the IRS text named there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from formhelper.app.prepare import Blocked, build
from formhelper.files.casefile import CaseFileError, parse_case
from formhelper.files.years import load
from support import base_case, run, run_json


def ira(box_1: int, box_7: str = "7", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"box_1": box_1, "box_7": box_7, "ira_sep_simple": True}
    data.update(extra)
    return data


def ids(out: dict[str, Any]) -> set[str]:
    return {w["id"] for w in out["warnings"]}


# ---------------------------------------------------------------------------
# Rule 1: inherited IRAs are never pooled (Pub. 590-B, "IRA with basis": "that basis
# remains with the IRA ... you can't combine this basis with any basis you have in your
# own traditional IRA(s) or any basis in traditional IRA(s) you inherited from other
# decedents ... you must complete separate Forms 8606").


def inherited_case(**inherited: Any) -> dict[str, Any]:
    case = base_case()
    case["taxpayer"]["ira"] = {"prior_basis": 6000, "year_end_value": 30000}
    case["taxpayer"]["inherited_iras"] = [{"decedent": "Parent", **inherited}]
    return case


def test_inherited_ira_has_its_own_form_8606_issue_example() -> None:
    # Issue 14 example. Inherited Form 8606: line 2 3,000; line 6 27,000; line 7 3,000;
    # line 9 30,000; line 10 3,000 / 30,000 = 0.10000; line 12 300; line 14 2,700;
    # line 15c 2,700. Own basis untouched: 6,000 carried, no own Form 8606.
    case = inherited_case(basis=3000, year_end_value=27000)
    case["forms_1099r"] = [ira(3000, "4")]
    out = run_json(case)
    inherited = out["f8606_inherited"]["taxpayer"]["Parent"]
    assert inherited["line_10"] == 0.1
    assert (inherited["line_2"], inherited["line_6"], inherited["line_7"],
            inherited["line_9"], inherited["line_12"], inherited["line_14"],
            inherited["line_15c"]) == (3000, 27000, 3000, 30000, 300, 2700, 2700)
    assert out["f1040"] == {"line_4a": 3000, "line_4b": 2700}
    assert out["basis_next_year"] == {"taxpayer": 6000}
    assert out["basis_next_year_inherited"] == {"taxpayer": {"Parent": 2700}}
    assert out["f8606"] == {}
    assert out["f5329"] == {}  # code 4: death, no additional tax


def test_inherited_ira_without_basis_is_fully_taxable_and_own_pro_rata_is_unchanged() -> None:
    # Own: basis 10,000, year-end 40,000, a 10,000 distribution (code 7): line 9 50,000,
    # line 10 0.20000, line 12 2,000, line 15c 8,000, line 14 8,000.
    # Inherited from an aunt, no basis, 5,000 out: no Form 8606, 5,000 taxable.
    # 4a 15,000; 4b 8,000 + 5,000 = 13,000. Pooling the inherited 50,000 into line 6 would
    # have given line 10 10,000 / 105,000.
    case = base_case(forms_1099r=[ira(10000), ira(5000, "4", inherited_from="Aunt")])
    case["taxpayer"]["date_of_birth"] = "1960-01-01"
    case["taxpayer"]["ira"] = {"prior_basis": 10000, "year_end_value": 40000}
    case["taxpayer"]["inherited_iras"] = [{"decedent": "Aunt", "year_end_value": 50000}]
    out = run_json(case)
    own = out["f8606"]["taxpayer"]
    assert (own["line_6"], own["line_7"], own["line_9"], own["line_10"], own["line_12"],
            own["line_15c"], own["line_14"]) == (40000, 10000, 50000, 0.2, 2000, 8000, 8000)
    assert out["f8606_inherited"] == {"taxpayer": {}}
    assert out["basis_next_year_inherited"] == {"taxpayer": {"Aunt": 0}}
    assert out["f1040"] == {"line_4a": 15000, "line_4b": 13000}


def test_two_decedents_two_forms_8606() -> None:
    # Mother: basis 5,000, year-end 45,000, 5,000 out: line 10 5,000 / 50,000 = 0.1,
    # 15c 4,500. Father: basis 2,000, year-end 6,000, 2,000 out: line 10 2,000 / 8,000 =
    # 0.25, 15c 1,500. 4b 6,000 of 4a 7,000.
    case = base_case(forms_1099r=[ira(5000, "4", inherited_from="Mother"),
                                  ira(2000, "4", inherited_from="father")])
    case["taxpayer"]["inherited_iras"] = [
        {"decedent": "Mother", "basis": 5000, "year_end_value": 45000},
        {"decedent": "Father", "basis": 2000, "year_end_value": 6000}]
    out = run_json(case)
    forms = out["f8606_inherited"]["taxpayer"]
    assert (forms["Mother"]["line_10"], forms["Mother"]["line_15c"]) == (0.1, 4500)
    assert (forms["Father"]["line_10"], forms["Father"]["line_15c"]) == (0.25, 1500)
    assert out["f1040"] == {"line_4a": 7000, "line_4b": 6000}
    assert out["basis_next_year_inherited"]["taxpayer"] == {"Mother": 4500, "Father": 1500}


def refused(case: dict[str, Any]) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        parse_case(case)
    return caught.value.problems


def test_code_4_on_an_ira_not_described_as_inherited_is_refused() -> None:
    case = base_case(forms_1099r=[ira(3000, "4", payer="Big Bank")])
    problems = refused(case)
    assert len(problems) == 1
    assert problems[0].startswith("forms_1099r[0].inherited_from: Form 1099-R 1 (Big Bank)")
    assert "[[taxpayer.inherited_iras]]" in problems[0]


def test_code_4_with_two_inherited_iras_must_say_which() -> None:
    case = base_case(forms_1099r=[ira(3000, "4")])
    case["taxpayer"]["inherited_iras"] = [{"decedent": "A"}, {"decedent": "B"}]
    assert refused(case)[0].startswith("forms_1099r[0].inherited_from: coded 4")


def test_inherited_from_must_name_a_described_decedent() -> None:
    case = base_case(forms_1099r=[ira(3000, "4", inherited_from="Nobody")])
    assert refused(case)[0].startswith("forms_1099r[0].inherited_from: 'Nobody' is not in")


@pytest.mark.parametrize("moved", ["converted_to_roth_ira", "rolled_over",
                                   "rolled_to_employer_plan"])
def test_inherited_ira_cannot_be_converted_or_rolled_over(moved: str) -> None:
    case = inherited_case(basis=0, year_end_value=0)
    case["forms_1099r"] = [ira(3000, "4", disposition={moved: 3000})]
    problems = refused(case)
    assert problems[0].startswith(f"forms_1099r[0].disposition.{moved}: money from an IRA "
                                  "inherited")


def test_inherited_roth_ira_is_refused() -> None:
    case = inherited_case()
    case["forms_1099r"] = [{"box_1": 3000, "box_7": "T", "inherited_from": "Parent"}]
    assert "inherited Roth IRA is not supported" in refused(case)[0]


def test_inherited_from_makes_the_form_an_ira_form() -> None:
    # A form tied to an inherited IRA is an IRA form (line 4) even with the IRA/SEP/SIMPLE
    # box left unchecked: basis 1,000, value 9,000, 1,000 out: line 10 0.10000, 15c 900.
    case = inherited_case(basis=1000, year_end_value=9000)
    case["forms_1099r"] = [{"box_1": 1000, "box_2a": 1000, "box_7": "4",
                            "inherited_from": "Parent"}]
    out = run_json(case)
    assert out["f8606_inherited"]["taxpayer"]["Parent"]["line_15c"] == 900
    assert out["f1040"] == {"line_4a": 1000, "line_4b": 900}


def test_inherited_ira_without_year_end_value_warns() -> None:
    case = inherited_case(basis=1000)
    case["forms_1099r"] = [ira(1000, "4")]
    out = run_json(case)
    missing = [w for w in out["warnings"] if w["id"] == "year-end-value-missing"]
    assert missing[0]["field"] == "taxpayer.inherited_iras[0].year_end_value"


def test_inherited_plan_distribution_code_4_needs_no_description() -> None:
    # An inherited 401(k) (no IRA box): line 5, no Form 8606.
    out = run_json(base_case(forms_1099r=[{"box_1": 8000, "box_2a": 8000, "box_7": "4"}]))
    assert out["f1040"] == {"line_5b": 8000}


# ---------------------------------------------------------------------------
# Rule 2: SIMPLE IRA money in its 2-year period (code S) cannot be converted: IRC
# 408(d)(3)(G); Reg. 1.408A-4, Q&A-4(b). A taxable distribution, 25% under 59½ (IRC
# 72(t)(6); Form 5329 line 4 caution).


def test_code_s_conversion_is_a_taxable_distribution_issue_example() -> None:
    # 6,000 "converted", age 40, no basis: 4b 6,000 (fully taxable: 4a blank), Form 5329
    # line 1 6,000, line 4 25% = 1,500; no Form 8606 Part II (no conversion layer).
    case = base_case(forms_1099r=[ira(6000, "S",
                                      disposition={"converted_to_roth_ira": 6000})])
    case["taxpayer"]["date_of_birth"] = "1985-05-01"
    out = run_json(case)
    assert out["f1040"] == {"line_4b": 6000}
    assert out["f8606"] == {}
    assert (out["f5329"]["taxpayer"]["line_1"], out["f5329"]["taxpayer"]["line_4"]) == (6000,
                                                                                       1500)
    assert "simple-not-converted" in ids(out)


def test_code_s_conversion_with_basis_goes_through_part_i_not_part_ii() -> None:
    # Basis 2,000, year-end 14,000, 6,000 out coded S and moved to a Roth IRA: line 7
    # 6,000, line 8 0, line 9 20,000, line 10 0.10000, line 12 600, line 15c 5,400.
    # Form 5329: line 1 5,400, line 4 25% = 1,350.
    case = base_case(forms_1099r=[ira(6000, "S",
                                      disposition={"converted_to_roth_ira": 6000})])
    case["taxpayer"]["ira"] = {"prior_basis": 2000, "year_end_value": 14000}
    out = run_json(case)
    lines = out["f8606"]["taxpayer"]
    assert (lines["line_7"], lines["line_8"], lines["line_10"], lines["line_15c"]) == (
        6000, 0, 0.1, 5400)
    assert "line_16" not in lines
    assert out["f1040"] == {"line_4a": 6000, "line_4b": 5400}
    assert (out["f5329"]["taxpayer"]["line_1"], out["f5329"]["taxpayer"]["line_4"]) == (5400,
                                                                                       1350)


# ---------------------------------------------------------------------------
# Rule 7: a QCD over the year's limit: IRC 408(d)(8)(A); Instructions for Form 1040
# (2025), lines 4a-4b, Exception 3 ("cannot be more than $108,000").


def test_qcd_over_the_limit_is_taxable_issue_example() -> None:
    # 2025, limit 108,000, no basis, 110,000 to charity: 4a 110,000, 4b 2,000, QCD box.
    case = base_case(forms_1099r=[ira(110000, "7", disposition={"qcd": 110000})])
    case["taxpayer"]["date_of_birth"] = "1950-02-01"
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 110000, "line_4b": 2000, "line_4c": ["qcd"]}
    assert "qcd-over-limit" in ids(out)


def test_qcd_excess_with_basis_joins_line_7_2024_limit() -> None:
    # 2024 limit 105,000 (params). Basis 10,000, year-end 90,000; box 1 120,000 of which
    # 110,000 to charity: QCD 105,000, excess 5,000 joins the 10,000 kept on line 7:
    # line 7 15,000, line 9 105,000, line 10 10,000 / 105,000 = 0.09524, line 12
    # 15,000 x 0.09524 = 1,428.60 -> 1,429, line 15c 13,571. 4a 120,000, 4b 13,571.
    case = base_case(tax_year=2024, forms_1099r=[ira(120000, disposition={"qcd": 110000})])
    case["taxpayer"]["date_of_birth"] = "1945-01-01"
    case["taxpayer"]["ira"] = {"prior_basis": 10000, "year_end_value": 90000}
    out = run_json(case)
    lines = out["f8606"]["taxpayer"]
    assert (lines["line_7"], lines["line_9"], lines["line_10"], lines["line_12"],
            lines["line_15c"]) == (15000, 105000, 0.09524, 1429, 13571)
    assert out["f1040"]["line_4a"] == 120000 and out["f1040"]["line_4b"] == 13571


def test_qcd_limit_is_per_person_across_forms() -> None:
    # Two forms, 60,000 and 60,000 of QCD: 120,000 - 108,000 = 12,000 taxable (2025).
    case = base_case(forms_1099r=[ira(60000, disposition={"qcd": 60000}),
                                  ira(60000, disposition={"qcd": 60000})])
    case["taxpayer"]["date_of_birth"] = "1950-02-01"
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 120000, "line_4b": 12000, "line_4c": ["qcd"]}


# ---------------------------------------------------------------------------
# Rule 8: IRA money rolled into an employer plan: Instructions for Form 1040, lines
# 4a-4b, Exception 1 ("IRA to a qualified plan other than an IRA ... If you rolled over
# the distribution into a qualified plan other than an IRA or you made the rollover in
# [next year], attach a statement explaining what you did").


def test_direct_ira_to_plan_rollover_checks_rollover_and_asks_for_a_statement() -> None:
    out = run_json(base_case(forms_1099r=[ira(50000, "G", box_2a=0)]))
    assert out["f1040"] == {"line_4a": 50000, "line_4b": 0, "line_4c": ["rollover"]}
    statement = [w for w in out["warnings"] if w["id"] == "rollover-statement"]
    assert statement and "attach a statement explaining what you did" in statement[0]["message"]


def test_60_day_rollover_into_a_plan() -> None:
    # 25,000 out (code 7, 59½+), 20,000 rolled into a 401(k) within 60 days: 4a 25,000,
    # 4b 5,000, Rollover; a statement.
    case = base_case(forms_1099r=[ira(25000, disposition={"rolled_to_employer_plan": 20000})])
    case["taxpayer"]["date_of_birth"] = "1960-01-01"
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 25000, "line_4b": 5000, "line_4c": ["rollover"]}
    assert "rollover-statement" in ids(out)


def test_rollover_completed_next_year_asks_for_a_statement() -> None:
    case = base_case()
    case["taxpayer"]["ira"] = {"prior_basis": 1000, "year_end_value": 9000,
                               "outstanding_rollovers": 4000}
    assert "rollover-statement" in ids(run_json(case))


# ---------------------------------------------------------------------------
# Rule 9: excess-contribution corrections.


def test_code_p_form_of_next_year_goes_on_this_return_without_the_10_percent() -> None:
    # A 2026 Form 1099-R coded P1: 7,200 returned, 200 earnings "taxable in 2025"
    # (i1099r Table 1, code P). On the 2025 return: 4a 7,200, 4b 200 (Exception 2);
    # Form 5329 line 1 200, line 2 200 with exception 21 (SECURE 2.0 §333), line 4 0.
    case = base_case(forms_1099r=[ira(7200, "P1", box_2a=200, form_year=2026)])
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 7200, "line_4b": 200}
    f5329 = out["f5329"]["taxpayer"]
    assert (f5329["line_1"], f5329["line_2"], f5329["line_2_number"], f5329["line_3"],
            f5329["line_4"]) == (200, 200, "21", 0, 0)
    assert out["schedule_2"] == {}
    assert "prior-year-form" not in ids(out)


def test_code_81_earnings_carry_no_additional_tax() -> None:
    # Code 81 on a 2025 form: 150 of earnings, age 40: line 1 150, exception 21, line 4 0.
    out = run_json(base_case(forms_1099r=[ira(6150, "81", box_2a=150)]))
    assert out["f1040"] == {"line_4a": 6150, "line_4b": 150}
    assert out["f5329"]["taxpayer"]["line_4"] == 0
    assert out["schedule_2"] == {}


def test_code_p_form_of_the_tax_year_names_the_return_it_belongs_on() -> None:
    out = run_json(base_case(forms_1099r=[ira(7200, "P1", box_2a=200)]))
    assert out["f1040"] == {}
    message = next(w["message"] for w in out["warnings"] if w["id"] == "prior-year-form")
    assert "your 2024 return" in message


@pytest.mark.parametrize(("year", "code", "start"), [
    (2026, "7", "a 2026 Form 1099-R belongs on your 2026 return"),
    (2027, "P1", "a 2027 Form 1099-R coded P1 reports an amount for your 2026 return"),
    (2024, "7", "a 2024 Form 1099-R belongs on your 2024 return"),
])
def test_form_of_another_year_is_refused(year: int, code: str, start: str) -> None:
    case = base_case(forms_1099r=[ira(1000, code, box_2a=100, form_year=year)])
    assert refused(case)[0].startswith(f"forms_1099r[0].form_year: {start}")


def test_nondeductible_contribution_above_the_limit_is_not_basis() -> None:
    # 2025 limit 7,000 (born 1975: 50 in 2025, so 8,000 with the catch-up). 9,000
    # nondeductible: line 1 8,000, basis carried 8,000 (line 14 = line 3), and a blocking
    # finding (Pub. 590-A, "Excess Contributions").
    case = base_case()
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 9000}
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_1"] == 8000
    assert out["basis_next_year"] == {"taxpayer": 8000}
    finding = next(w for w in out["warnings"] if w["id"] == "contribution-over-limit")
    assert finding["severity"] == "error" and finding["blocking"] is True


def test_line_1_is_the_limit_less_the_deducted_part() -> None:
    # Born 1985 (40): limit 7,000. Deducted 3,000, nondeductible 6,000: 9,000 is 2,000
    # over, so line 1 = 7,000 - 3,000 = 4,000 (i8606 line 1: nondeductible up to the limit
    # less the deduction).
    case = base_case()
    case["taxpayer"]["date_of_birth"] = "1985-01-01"
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 6000,
                               "deductible_contributions": 3000}
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_1"] == 4000


def test_prepare_refuses_a_blocking_finding() -> None:
    case = base_case()
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 9000}
    parsed = parse_case(case)
    with pytest.raises(Blocked) as caught:
        build(parsed, run(parsed), load(2025))
    assert caught.value.problems[0].startswith("taxpayer.ira.nondeductible_contributions: ")


# ---------------------------------------------------------------------------
# Rule 10: a plan's box 2a that cannot be right (i1099r, Direct rollovers: "the taxable
# amount in box 2a, and any basis recovery amount in box 5").


def test_code_g_to_roth_with_box_2a_zero_taxes_box_1_less_box_5() -> None:
    # 40,000 to a Roth IRA, box 5 10,000, box 2a 0: taxable 30,000.
    case = base_case(forms_1099r=[{"box_1": 40000, "box_2a": 0, "box_5": 10000,
                                   "box_7": "G",
                                   "disposition": {"converted_to_roth_ira": 40000}}])
    out = run_json(case)
    assert out["f1040"] == {"line_5a": 40000, "line_5b": 30000, "line_5c": ["rollover"]}
    finding = next(w for w in out["warnings"] if w["id"] == "code-g-box-2a-zero-to-roth")
    assert finding["severity"] == "error"


def test_code_g_split_puts_the_pre_tax_money_in_the_traditional_ira_first() -> None:
    # 50,000, box 5 5,000: 45,000 pre-tax. 20,000 to a traditional IRA takes pre-tax first
    # (IRC 402(c)(2)); 30,000 to a Roth IRA holds 25,000 pre-tax: 5b 25,000.
    case = base_case(forms_1099r=[{"box_1": 50000, "box_2a": 0, "box_5": 5000,
                                   "box_7": "G",
                                   "disposition": {"converted_to_roth_ira": 30000,
                                                   "rolled_over": 20000}}])
    assert run_json(case)["f1040"]["line_5b"] == 25000


# ---------------------------------------------------------------------------
# Rule 11: advice that helps.


def test_withholding_made_up_from_other_money_is_not_warned() -> None:
    # 10,000 out, 1,000 withheld, all 10,000 converted (the 1,000 made up within 60
    # days): nothing kept, no 10%, no warning about the withholding.
    case = base_case(forms_1099r=[ira(10000, "2", box_4=1000,
                                      disposition={"converted_to_roth_ira": 10000})])
    case["taxpayer"]["date_of_birth"] = "1985-01-01"
    out = run_json(case)
    assert not ids(out) & {"conversion-withholding-early", "withholding-on-conversion"}
    assert out["f5329"] == {}


def test_code_7_form_with_a_kept_rmd_and_a_conversion_is_normal() -> None:
    # Born 1950 (75): 25,000 out, 20,000 converted, 5,000 kept (the RMD).
    case = base_case(forms_1099r=[ira(25000, disposition={"converted_to_roth_ira": 20000})])
    case["taxpayer"]["date_of_birth"] = "1950-01-01"
    out = run_json(case)
    severities = {w["id"]: w["severity"] for w in out["warnings"]}
    assert severities.get("cross-ira-vs-8606") == "info"
    assert "cross-ira-unreconciled" not in severities
    assert "conversion-in-rmd-year" in severities
    assert out["f1040"] == {"line_4a": 25000, "line_4b": 25000}


def test_no_rmd_warning_before_rmd_age() -> None:
    # Born 1960: RMDs start at 75 (IRC 401(a)(9)(C)(v) as amended by SECURE 2.0 §107).
    case = base_case(forms_1099r=[ira(20000, disposition={"converted_to_roth_ira": 20000})])
    case["taxpayer"]["date_of_birth"] = "1960-01-01"
    assert "conversion-in-rmd-year" not in ids(run_json(case))


def test_recharacterization_in_a_conversion_year_is_flagged() -> None:
    case = base_case(forms_1099r=[ira(10000, "2", disposition={"converted_to_roth_ira": 10000}),
                                  {"box_1": 5000, "box_2a": 0, "box_7": "N"}])
    assert "conversion-not-recharacterizable" in ids(run_json(case))


def test_plan_rolled_to_roth_is_not_told_to_check_the_ira_box() -> None:
    case = base_case(forms_1099r=[{"box_1": 10000, "box_2a": 10000, "box_7": "7",
                                   "disposition": {"converted_to_roth_ira": 10000}}])
    case["taxpayer"]["date_of_birth"] = "1960-01-01"
    out = run_json(case)
    finding = next(w for w in out["warnings"] if w["id"] == "ira-box-unchecked-conversion")
    assert finding["severity"] == "info"
    assert "check the box (ira_sep_simple)" not in finding["message"]
    assert out["f1040"] == {"line_5a": 10000, "line_5b": 10000, "line_5c": ["rollover"]}


def test_prepare_fills_a_separate_form_8606_for_the_inherited_ira(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The issue example again: the inherited IRA's Form 8606 is its own PDF; no Form 8606
    # for the person's own IRAs (no own distribution, basis carried).
    from formhelper.pdf.fill import read_values
    from pdfsupport import blank_path, forms_root

    blank_path(2025, "f8606")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    case = inherited_case(basis=3000, year_end_value=27000)
    case["forms_1099r"] = [ira(3000, "4")]
    parsed = parse_case(case)
    prepared = build(parsed, run(parsed), load(2025), forms_dir=forms_root())
    names = {o.name for o in prepared.outputs}
    assert "f8606-taxpayer-inherited-1.pdf" in names
    assert "f8606-taxpayer.pdf" not in names
    pdf = next(o.data for o in prepared.outputs if o.name == "f8606-taxpayer-inherited-1.pdf")
    values = set(read_values(pdf).values())
    assert {"3,000", "27,000", "30,000", "300", "2,700"} <= values


def test_check_1099r_says_where_a_next_year_code_p_form_goes() -> None:
    # check-1099r's explanation reads the route: a 2026 form coded P1 is on the 2025
    # return (line 4b: the earnings), a 2025 one belongs on the 2024 return.
    from formhelper.files.years import load_codes
    from formhelper.render.check_text import explain

    case = parse_case(base_case(forms_1099r=[ira(7200, "P1", box_2a=200, form_year=2026),
                                             ira(7200, "P1", box_2a=200)]))
    result = run(case)
    table, reporting = load_codes(2025), load(2025).f1040_reporting
    next_year = explain(case.forms_1099r[0], table, reporting, result.routes[0])
    this_year = explain(case.forms_1099r[1], table, reporting, result.routes[1])
    assert next_year.f1040_lines == "4a/4b" and "earnings" in next_year.taxable
    assert this_year.f1040_lines == "prior-year return" and "2024" in this_year.gross


def test_corrective_distribution_earnings_before_2023_keep_the_10_percent() -> None:
    # SECURE 2.0 §333 applies to distributions after December 28, 2022: the 2022 Form 5329
    # list has no exception 21 (forms/2022/f5329.toml), so 150 of earnings coded 81 at
    # age 40 owe 10%: line 1 150, line 4 15.
    out = run_json(base_case(tax_year=2022, forms_1099r=[ira(6150, "81", box_2a=150)]))
    f5329 = out["f5329"]["taxpayer"]
    assert (f5329["line_1"], f5329["line_4"]) == (150, 15)
