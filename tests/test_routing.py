"""Where each Form 1099-R lands on Form 1040 lines 4a-5c and 25b.

Source: Instructions for Form 1040, lines 4a-4c (Exceptions 1-4) and 5a-5c;
Instructions for Forms 1099-R and 5498 (direct rollovers, in-plan Roth
rollovers, codes Q and T); domain-spec §4.4, §5.6 and §5.8.  Figures are
worked by hand in each test.
"""

from __future__ import annotations

from typing import Any

from support import base_case, run_json


def ira(box_1: int, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"box_1": box_1, "box_2a": box_1, "box_7": "7",
                            "ira_sep_simple": True}
    data.update(extra)
    return data


def plan(box_1: int, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"box_1": box_1, "box_2a": box_1, "box_7": "7"}
    data.update(extra)
    return data


def test_fully_taxable_ira_distribution_leaves_4a_blank() -> None:
    # No basis, no exception: "enter the total on line 4b; don't make an entry on line 4a".
    out = run_json(base_case(forms_1099r=[ira(6000, box_4=600)]))
    assert out["f8606"] == {}
    assert out["f1040"] == {"line_4b": 6000, "line_25b": 600}


def test_conversion_with_withholding_t7() -> None:
    # T7: age 45, no basis, box 1 10,000, code 2, 2,500 withheld, 7,500 reached the Roth
    # IRA. Part II: 16 = 7,500, 18 = 7,500; the 2,500 withheld is a taxable distribution.
    # 4a = 10,000; 4b = 7,500 + 2,500 = 10,000; 25b = 2,500.
    case = base_case(forms_1099r=[ira(10000, box_4=2500, box_7="2",
                                      disposition={"converted_to_roth_ira": 7500})])
    case["taxpayer"]["date_of_birth"] = "1980-02-01"
    out = run_json(case)
    assert out["f8606"]["taxpayer"] == {"line_16": 7500, "line_17": 0, "line_18": 7500}
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 10000, "line_25b": 2500}
    assert [w["id"] for w in out["warnings"]] == ["conversion-withholding-early"]


def test_withheld_part_of_a_conversion_shares_the_pro_rata_fraction() -> None:
    # Basis 10,000; year-end 40,000; 1099-R box 1 50,000 with 5,000 withheld, 45,000
    # converted. Line 7 = 5,000 (withheld), line 8 = 45,000, line 9 = 90,000,
    # line 10 = 0.11111; line 11 = 4,999.95 -> 5,000; line 12 = 555.55 -> 556;
    # line 13 = 5,556; line 14 = 4,444; 15c = 4,444; 18 = 40,000; 4b = 44,444.
    case = base_case(forms_1099r=[ira(50000, box_4=5000,
                                      disposition={"converted_to_roth_ira": 45000})])
    case["taxpayer"]["ira"] = {"prior_basis": 10000, "year_end_value": 40000}
    case["taxpayer"]["date_of_birth"] = "1960-01-01"
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_7"], f["line_8"], f["line_9"], f["line_10"]) == (5000, 45000, 90000, 0.11111)
    assert (f["line_11"], f["line_12"], f["line_13"], f["line_14"]) == (5000, 556, 5556, 4444)
    assert (f["line_15c"], f["line_18"]) == (4444, 40000)
    assert out["f1040"] == {"line_4a": 50000, "line_4b": 44444, "line_25b": 5000}


def test_qcd_is_excluded_from_line_7_and_4b_and_checks_4c() -> None:
    # Age 75, basis 0: 10,000 out, 8,000 of it a QCD (code 7Y). Exception 3: total on 4a,
    # the part not a QCD (2,000) on 4b, QCD box on line 4c.
    case = base_case(forms_1099r=[ira(10000, box_7="7Y", disposition={"qcd": 8000})])
    case["taxpayer"]["date_of_birth"] = "1950-01-01"
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 2000, "line_4c": ["qcd"]}
    assert out["warnings"] == []


def test_qcd_with_basis_does_not_absorb_basis() -> None:
    # Basis 5,000, year-end 45,000, 10,000 out of which 5,000 QCD: line 7 = 5,000 only;
    # line 9 = 50,000; line 10 = 0.1; line 12 = 500; line 15c = 4,500; line 14 = 4,500.
    case = base_case(forms_1099r=[ira(10000, disposition={"qcd": 5000})])
    case["taxpayer"]["ira"] = {"prior_basis": 5000, "year_end_value": 45000}
    case["taxpayer"]["date_of_birth"] = "1950-01-01"
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_7"], f["line_9"], f["line_12"], f["line_14"], f["line_15c"]) == (
        5000, 50000, 500, 4500, 4500)
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 4500, "line_4c": ["qcd"]}


def test_qcd_before_70_half_is_not_a_qcd() -> None:
    # IRC 408(d)(8)(B)(ii): a QCD is made at 70½ or older. Born 1960: 65 in 2025, so the
    # 110,000 paid to charity is a taxable distribution: 4b = all of box 1 (no basis).
    case = base_case(forms_1099r=[ira(120000, disposition={"qcd": 110000})])
    case["taxpayer"]["date_of_birth"] = "1960-01-01"
    out = run_json(case)
    assert {w["id"] for w in out["warnings"]} == {"qcd-under-70-half"}
    assert out["f1040"] == {"line_4b": 120000}


def test_ira_rollover_checks_4c_and_is_not_taxed() -> None:
    # Exception 1: 20,000 out, 15,000 rolled over within 60 days: 4a 20,000, 4b 5,000.
    out = run_json(base_case(forms_1099r=[ira(20000, disposition={"rolled_over": 15000})]))
    assert out["f1040"] == {"line_4a": 20000, "line_4b": 5000, "line_4c": ["rollover"]}


def test_roth_code_q_is_not_taxable_and_needs_no_8606() -> None:
    # Exception 2(b): "Distribution code Q is shown in box 7 ... enter -0- on line 4b".
    out = run_json(base_case(forms_1099r=[{"box_1": 15000, "box_7": "Q"}]))
    assert out["f8606"] == {}
    assert out["f1040"] == {"line_4a": 15000, "line_4b": 0}


def test_roth_code_t_after_the_5_year_period_is_qualified() -> None:
    # IRC 408A(d)(2)(B): the 5-year period starts January 1 of the first year a Roth IRA
    # was funded. First year 2020 -> 2020-2024 -> qualified in 2025.
    case = base_case(forms_1099r=[{"box_1": 9000, "box_7": "T"}])
    case["taxpayer"]["roth"] = {"first_contribution_year": 2020}
    out = run_json(case)
    assert out["f8606"] == {}
    assert out["f1040"] == {"line_4a": 9000, "line_4b": 0}


def test_roth_code_t_inside_the_5_year_period_goes_to_part_iii() -> None:
    # First year 2021 -> the period runs through 2025: nonqualified. Contributions 4,000,
    # 9,000 out: line 19 9,000, line 22 4,000, line 23 5,000, line 24 0, line 25a/c 5,000.
    case = base_case(forms_1099r=[{"box_1": 9000, "box_7": "T"}])
    case["taxpayer"]["roth"] = {"first_contribution_year": 2021, "contribution_basis": 4000}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_19"], f["line_22"], f["line_23"], f["line_24"], f["line_25c"]) == (
        9000, 4000, 5000, 0, 5000)
    assert out["f1040"] == {"line_4a": 9000, "line_4b": 5000}


def test_roth_code_t_with_unknown_first_year_warns() -> None:
    out = run_json(base_case(forms_1099r=[{"box_1": 1000, "box_7": "T"}]))
    assert "code-t-first-year-unknown" in [w["id"] for w in out["warnings"]]
    assert out["f8606"]["taxpayer"]["line_19"] == 1000


def test_roth_contributions_this_year_join_line_22() -> None:
    # Basis 3,000 from earlier years + 2,000 for this year = 5,000 on line 22.
    case = base_case(forms_1099r=[{"box_1": 4000, "box_7": "J"}])
    case["taxpayer"]["roth"] = {"contribution_basis": 3000, "contributions_this_year": 2000}
    out = run_json(case)
    assert (out["f8606"]["taxpayer"]["line_22"], out["f8606"]["taxpayer"]["line_23"]) == (
        5000, 0)


def test_plan_distribution_partly_rolled_over_to_a_traditional_ira() -> None:
    # Line 5: 5a = 30,000; of the 30,000 taxable, 20,000 rolled over (pre-tax first,
    # Notice 2014-54): 5b = 10,000; Rollover box on 5c; 20% withheld 6,000 on 25b.
    out = run_json(base_case(forms_1099r=[plan(30000, box_4=6000, box_7="1",
                                               disposition={"rolled_over": 20000})]))
    assert out["f1040"] == {"line_5a": 30000, "line_5b": 10000, "line_5c": ["rollover"],
                            "line_25b": 6000}


def test_plan_direct_rollover_to_traditional_ira_is_not_taxable() -> None:
    # Code G, box 2a 0: 5a 50,000, 5b 0, Rollover.
    out = run_json(base_case(forms_1099r=[plan(50000, box_2a=0, box_7="G",
                                               disposition={"rolled_over": 50000})]))
    assert out["f1040"] == {"line_5a": 50000, "line_5b": 0, "line_5c": ["rollover"]}


def test_code_g_with_box_2a_blank_warns_and_uses_the_destination() -> None:
    out = run_json(base_case(forms_1099r=[plan(40000, box_2a=None, box_7="G", box_5=10000,
                                               disposition={"converted_to_roth_ira": 40000})]))
    # Taxable = box 1 - box 5 = 30,000, all of it went to the Roth IRA.
    assert out["f1040"]["line_5b"] == 30000
    assert [w["id"] for w in out["warnings"]] == ["code-g-box-2a-blank"]


def test_fully_taxable_pension_leaves_5a_blank() -> None:
    out = run_json(base_case(forms_1099r=[plan(12000)]))
    assert out["f1040"] == {"line_5b": 12000}


def test_designated_roth_rollover_code_h() -> None:
    # Code H, Roth 401(k) -> Roth IRA: 5a 30,000, 5b 0, Rollover (domain-spec §5.8).
    out = run_json(base_case(forms_1099r=[plan(30000, box_2a=0, box_5=20000, box_7="H",
                                               disposition={"rolled_over": 30000})]))
    assert out["f1040"] == {"line_5a": 30000, "line_5b": 0, "line_5c": ["rollover"]}


def test_recharacterization_code_n_is_not_taxable() -> None:
    # Code N: a contribution recharacterized in the same year (Exception 2 item 6):
    # 4a 6,000, 4b 0, and not on line 7.
    case = base_case(forms_1099r=[{"box_1": 6000, "box_2a": 0, "box_7": "N"}])
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 6000, "line_4b": 0}


def test_prior_year_codes_are_left_off_with_a_note() -> None:
    out = run_json(base_case(forms_1099r=[{"box_1": 6000, "box_7": "R"}]))
    assert out["f1040"] == {}
    assert [w["id"] for w in out["warnings"]] == ["prior-year-form"]


def test_spouses_are_never_pooled() -> None:
    # Taxpayer: basis 10,000, year-end 0, converts 10,000 -> line 18 = 0.
    # Spouse: no basis, year-end 90,000, converts 10,000 -> Part II only, line 18 10,000.
    # Pooling would have given 10,000 / 110,000 of basis to each conversion.
    case = base_case(filing_status="married_filing_jointly",
                     spouse={"name": "Spouse", "date_of_birth": "1976-01-01",
                             "ira": {"year_end_value": 90000}},
                     forms_1099r=[ira(10000, box_7="2",
                                      disposition={"converted_to_roth_ira": 10000}),
                                  ira(10000, box_7="2", owner="spouse",
                                      disposition={"converted_to_roth_ira": 10000})])
    case["taxpayer"]["ira"] = {"prior_basis": 10000, "year_end_value": 0}
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_18"] == 0
    assert out["f8606"]["spouse"] == {"line_16": 10000, "line_17": 0, "line_18": 10000}
    assert out["f1040"] == {"line_4a": 20000, "line_4b": 10000}


def test_contribution_over_the_limit_warns() -> None:
    # 2025 limit 7,000, +1,000 at 50 or older (Notice 2024-80). Born 1975: 50 in 2025 ->
    # 8,000 allowed; 8,500 is over.
    case = base_case()
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 8500}
    out = run_json(case)
    assert [w["id"] for w in out["warnings"]] == ["contribution-over-limit"]
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 8000}
    assert run_json(case)["warnings"] == []
