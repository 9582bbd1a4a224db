"""Form 1040 lines 4a-4c and 5a-5c: mixed dispositions, QCDs, HFDs, several forms.

Every figure is worked by hand in the test from the text it names: Instructions for
Form 1040 (2025), lines 4a-4c, Exceptions 1 (rollover), 2 (Form 8606), 3 (QCD) and 4
(HFD), and Line 4c ("If Exception 1 applies to you, check box 1 on line 4c. If
Exception 3 applies to you, check box 2 on line 4c. If Exception 4 applies to you,
check box 3 on line 4c and enter "HFD" ..."); Form 8606 (2025) lines 1-15c; Pub. 590-A
(rollovers) and Pub. 590-B (QCDs).  "If your IRA distributions are fully taxable ...
enter the total on line 4b; don't make an entry on line 4a": line 4a is left out.
"""

from __future__ import annotations

from typing import Any

import pytest

from formhelper.files.casefile import CaseFileError, parse_case
from support import base_case, run_json


def ira(box_1: int, box_7: str = "7", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"box_1": box_1, "box_2a": box_1, "box_7": box_7,
                            "ira_sep_simple": True, "box_2b_taxable_not_determined": True}
    data.update(extra)
    return data


def test_partial_rollover_no_basis() -> None:
    # Exception 1: "enter the total distribution on line 4a ... enter the part not rolled
    # over on line 4b" and check box 1 on line 4c.  20,000 paid, 15,000 rolled over within
    # 60 days, no basis: 4a 20,000, 4b 5,000, 4c Rollover.
    out = run_json(base_case(forms_1099r=[ira(20000, disposition={"rolled_over": 15000})]))
    assert out["f1040"] == {"line_4a": 20000, "line_4b": 5000, "line_4c": ["rollover"]}
    assert out["f8606"] == {}


def test_qcd_rollover_and_hfd_on_one_return() -> None:
    # Born 1950 (70½ in 2020).  Form 1: 20,000, of it 4,000 an HSA funding distribution
    # (Exception 4: total on 4a, "If only part of the distribution is an HFD ... enter the
    # part that isn't an HFD on line 4b"): 16,000 taxable.  Form 2: 5,000, 2,000 paid to a
    # charity (Exception 3) and 3,000 rolled over (Exception 1): 0 taxable.  No basis.
    # 4a 25,000; 4b 16,000; line 4c boxes 1, 2 and 3 (each Exception that applies).
    case = base_case(forms_1099r=[ira(20000, disposition={"hsa_funding": 4000}),
                                  ira(5000, disposition={"qcd": 2000, "rolled_over": 3000})])
    case["taxpayer"]["date_of_birth"] = "1950-01-01"
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 25000, "line_4b": 16000,
                            "line_4c": ["rollover", "qcd", "hfd"]}


def test_qcd_with_basis_over_three_custodians() -> None:
    # Born 1950.  Basis 10,000 (line 2), year-end value of all traditional, SEP and SIMPLE
    # IRAs 70,000 (line 6).  Three Forms 1099-R: 20,000 (10,000 of it a QCD), 5,000 and
    # 5,000 (e.g. a SEP and a SIMPLE IRA: one pro-rata rule over all of them).
    # Form 8606 line 7 "Do not include ... qualified charitable distributions": 10,000 +
    # 5,000 + 5,000 = 20,000.  Line 9 = 70,000 + 20,000 = 90,000; line 10 = 10,000 /
    # 90,000 = 0.11111; line 12 = 20,000 x 0.11111 = 2,222.2 -> 2,222; line 13 2,222;
    # line 14 = 10,000 - 2,222 = 7,778; line 15a = 20,000 - 2,222 = 17,778 = line 15c.
    # Form 1040: 4a 30,000 (every box 1), 4b 17,778, line 4c box 2 QCD.
    case = base_case(forms_1099r=[ira(20000, disposition={"qcd": 10000}), ira(5000),
                                  ira(5000)])
    case["taxpayer"]["date_of_birth"] = "1950-01-01"
    case["taxpayer"]["ira"] = {"prior_basis": 10000, "year_end_value": 70000}
    out = run_json(case)
    f = out["f8606"]["taxpayer"]
    assert (f["line_7"], f["line_9"], f["line_10"], f["line_12"], f["line_13"], f["line_14"],
            f["line_15c"]) == (20000, 90000, 0.11111, 2222, 2222, 7778, 17778)
    assert out["f1040"] == {"line_4a": 30000, "line_4b": 17778, "line_4c": ["qcd"]}
    assert out["basis_next_year"]["taxpayer"] == 7778


def test_qcd_limit_is_per_person_and_spouse_basis_untouched() -> None:
    # IRC 408(d)(8)(A); Instructions for Form 1040 (2025), Exception 3: the QCD "cannot be
    # more than $108,000" per person.  You (born 1950): 110,000 to charity, no basis: 108,000
    # is a QCD, 2,000 taxable.  Your spouse (born March 1, 1955, 70½ on September 1, 2025):
    # 6,000 to charity, all a QCD (their own limit); basis 6,000, and with no line 7 amount
    # no Form 8606 Part I is needed: the basis carries over unchanged.
    # 4a 116,000; 4b 2,000; line 4c QCD.
    case = base_case(filing_status="married_filing_jointly", forms_1099r=[
        ira(110000, disposition={"qcd": 110000}),
        ira(6000, owner="spouse", disposition={"qcd": 6000})])
    case["taxpayer"]["date_of_birth"] = "1950-01-01"
    case["spouse"] = {"name": "Spouse", "date_of_birth": "1955-03-01",
                      "ira": {"prior_basis": 6000, "year_end_value": 54000}}
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 116000, "line_4b": 2000, "line_4c": ["qcd"]}
    assert out["basis_next_year"] == {"taxpayer": 0, "spouse": 6000}
    assert "qcd-over-limit" in {w["id"] for w in out["warnings"]}


def test_disability_code_3_ira_under_59_half() -> None:
    # Code 3 (disability): fully taxable, no basis: "enter the total on line 4b; don't make
    # an entry on line 4a".  No Form 5329: the 10% does not apply (IRC 72(t)(2)(A)(iii)),
    # and "you don't have to file Form 5329 if ... distribution code 3 ... is shown in box 7"
    # (Instructions for Form 5329, Who Must File).
    out = run_json(base_case(forms_1099r=[ira(10000, "3")]))
    assert out["f1040"] == {"line_4b": 10000}
    assert out["f5329"] == {} and out["schedule_2"] == {}


def test_two_ira_rollovers_in_one_year_refused() -> None:
    # Pub. 590-A, "Application of one-rollover-per-year limitation": "You can make only one
    # rollover from an IRA to another (or the same) IRA in any 1-year period regardless of
    # the number of IRAs you own"; its example: after a January 1 rollover, John "can't roll
    # over any other [same-year] IRA distribution".  Two forms of one year, both rolled over
    # (10,000 and 8,000): line 4b 0 would be wrong for one of them; which is unknown.
    case = base_case(forms_1099r=[ira(10000, disposition={"rolled_over": 10000}),
                                  ira(8000, disposition={"rolled_over": 8000})])
    with pytest.raises(CaseFileError, match="one rollover"):
        parse_case(case)


def test_rollover_limit_does_not_reach_conversions_plans_or_the_other_spouse() -> None:
    # Same section: "trustee-to-trustee transfers between IRAs aren't limited and rollovers
    # from traditional IRAs to Roth IRAs (conversions) aren't limited"; an IRA rolled into
    # an employer plan is no IRA-to-IRA rollover; the limit is per individual.
    # You: 10,000 rolled over, 6,000 converted, 5,000 rolled into a 401(k); your spouse:
    # 7,000 rolled over.  No basis: 4a 28,000; 4b 6,000 (the conversion); 4c Rollover.
    case = base_case(filing_status="married_filing_jointly", forms_1099r=[
        ira(10000, disposition={"rolled_over": 10000}),
        ira(6000, disposition={"converted_to_roth_ira": 6000}),
        ira(5000, disposition={"rolled_to_employer_plan": 5000}),
        ira(7000, owner="spouse", disposition={"rolled_over": 7000})])
    case["spouse"] = {"name": "Spouse", "date_of_birth": "1970-01-01"}
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 28000, "line_4b": 6000, "line_4c": ["rollover"]}


def test_ira_to_plan_rollover_within_the_taxable_part() -> None:
    # Pub. 590-A, "Tax treatment of a rollover from a traditional IRA to an eligible
    # retirement plan other than an IRA": the rollover is treated "as including only
    # otherwise taxable amounts if the amount you either leave in your IRAs or do not roll
    # over is at least equal to your basis".  Basis 2,000; 10,000 paid and all rolled into a
    # 401(k) within 60 days; 2,000 left in the IRAs on December 31 (= the basis).  Not a
    # Form 8606 line 7 distribution: 4a 10,000, 4b 0, line 4c box 1 (Exception 1: "IRA to a
    # qualified plan"), and the 2,000 basis carries over unchanged.
    case = base_case(forms_1099r=[ira(10000, disposition={"rolled_to_employer_plan": 10000})])
    case["taxpayer"]["ira"] = {"prior_basis": 2000, "year_end_value": 2000}
    out = run_json(case)
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 0, "line_4c": ["rollover"]}
    assert out["basis_next_year"]["taxpayer"] == 2000


@pytest.mark.parametrize("year_end_value", [0, 1999])
def test_ira_to_plan_rollover_that_would_take_basis_refused(year_end_value: int) -> None:
    # Same rule, IRC 408(d)(3)(A)(ii): only the includible part can be rolled into a plan.
    # Basis 2,000 and less than 2,000 left in the IRAs: part of the basis went into the
    # plan; carrying 2,000 of basis over an IRA worth less would be a wrong figure.
    for form in (ira(10000, disposition={"rolled_to_employer_plan": 10000}),
                 {"box_1": 10000, "box_2a": 0, "box_7": "G", "ira_sep_simple": True}):
        case = base_case(forms_1099r=[form])
        case["taxpayer"]["ira"] = {"prior_basis": 2000, "year_end_value": year_end_value}
        with pytest.raises(CaseFileError, match="only the taxable part"):
            parse_case(case)


@pytest.mark.parametrize(("born", "hfd", "blocked"), [
    ("1970-01-01", 9550, False), ("1970-01-01", 9551, True),
    ("1975-06-15", 8550, False), ("1975-06-15", 8551, True)])
def test_hfd_above_the_largest_hsa_limit_blocks(born: str, hfd: int, blocked: bool) -> None:
    # IRC 408(d)(9)(C): an HSA funding distribution is excluded only up to the year's HSA
    # contribution limit (IRC 223(b)).  2025: family coverage 8,550 (Rev. Proc. 2024-25), plus
    # 1,000 at 55 or older (IRC 223(b)(3)): 9,550 for someone born 1970 (55 in 2025),
    # 8,550 for someone born 1975 (50).  Above that formhelper cannot tell the taxable part
    # (coverage and other HSA contributions unknown): blocking.  Within it, Exception 4:
    # 4a the total, 4b 0, line 4c box 3 with "HFD".
    case = base_case(forms_1099r=[ira(hfd, disposition={"hsa_funding": hfd})])
    case["taxpayer"]["date_of_birth"] = born
    out = run_json(case)
    found = [w for w in out["warnings"] if w["id"] == "hfd-over-limit"]
    assert bool(found) is blocked
    assert all(w["blocking"] for w in found)
    if not blocked:
        assert out["f1040"] == {"line_4a": hfd, "line_4b": 0, "line_4c": ["hfd"]}


def test_both_spouses_conversion_qcd_and_a_partial_plan_rollover() -> None:
    # Married filing jointly, one Form 8606 per spouse (Form 8606 instructions: "If you
    # are married, each spouse must complete a separate Form 8606"), lines 4a/4b/5a/5b
    # together.
    # You (basis 9,000; December 31 value 60,000): 30,000 paid, 20,000 converted.  Line 7
    # 10,000; line 8 20,000; line 9 = 60,000 + 10,000 + 20,000 = 90,000; line 10 = 9,000 /
    # 90,000 = 0.1; line 11 2,000; line 12 1,000; line 13 3,000; line 14 6,000; line 15c =
    # 10,000 - 1,000 = 9,000; line 18 = 20,000 - 2,000 = 18,000.
    # Your spouse (born 1952, basis 4,000, value 45,000): 12,000 of which 7,000 a QCD, and
    # 3,000 from another custodian.  Line 7 = 5,000 + 3,000 = 8,000 (the QCD excluded);
    # line 9 53,000; line 10 = 4,000 / 53,000 = 0.07547; line 12 = 8,000 x 0.07547 =
    # 603.76 -> 604; line 14 3,396; line 15c 7,396.
    # 401(k): 40,000, 25,000 rolled over (Exception 1 for line 5): 5a 40,000, 5b 15,000,
    # line 5c box 1.  4a = 30,000 + 12,000 + 3,000 = 45,000; 4b = 9,000 + 18,000 + 7,396 =
    # 34,396; line 4c only box 2 QCD (a conversion is Exception 2: no box).
    case = base_case(filing_status="married_filing_jointly", forms_1099r=[
        ira(30000, disposition={"converted_to_roth_ira": 20000}),
        ira(12000, owner="spouse", disposition={"qcd": 7000}),
        ira(3000, owner="spouse"),
        {"box_1": 40000, "box_2a": 40000, "box_7": "7",
         "disposition": {"rolled_over": 25000}}])
    case["taxpayer"] = {"name": "T", "date_of_birth": "1960-02-01",
                        "ira": {"prior_basis": 9000, "year_end_value": 60000}}
    case["spouse"] = {"name": "S", "date_of_birth": "1952-05-01",
                      "ira": {"prior_basis": 4000, "year_end_value": 45000}}
    out = run_json(case)
    you, spouse = out["f8606"]["taxpayer"], out["f8606"]["spouse"]
    assert (you["line_7"], you["line_9"], you["line_13"], you["line_14"], you["line_15c"],
            you["line_18"]) == (10000, 90000, 3000, 6000, 9000, 18000)
    assert (spouse["line_7"], spouse["line_10"], spouse["line_12"], spouse["line_14"],
            spouse["line_15c"]) == (8000, 0.07547, 604, 3396, 7396)
    assert out["f1040"] == {"line_4a": 45000, "line_4b": 34396, "line_4c": ["qcd"],
                            "line_5a": 40000, "line_5b": 15000, "line_5c": ["rollover"]}


def test_pre_tax_ira_rolled_into_a_plan_before_a_backdoor_conversion() -> None:
    # Pub. 590-A special rule (above): the 100,000 paid directly to a 401(k) (code G on an
    # IRA form) counts as taxable money only, because what was not rolled over (the 7,010
    # converted) is at least the basis (7,000 contributed for the year).  So it stays off
    # Form 8606: line 8 7,010; line 9 = 0 + 0 + 7,010; line 10 = 7,000 / 7,010 = 0.99857;
    # line 11 = 7,000; line 18 = 10.  4a = 100,000 + 7,010 = 107,010; 4b 10; line 4c box 1
    # (Exception 1, IRA to a qualified plan; the conversion is Exception 2, no box).
    case = base_case(forms_1099r=[
        {"box_1": 100000, "box_2a": 0, "box_7": "G", "ira_sep_simple": True},
        ira(7010, "2", disposition={"converted_to_roth_ira": 7010})])
    case["taxpayer"]["ira"] = {"nondeductible_contributions": 7000, "year_end_value": 0}
    out = run_json(case)
    assert out["f8606"]["taxpayer"]["line_18"] == 10
    assert out["f1040"] == {"line_4a": 107010, "line_4b": 10, "line_4c": ["rollover"]}
    assert out["basis_next_year"]["taxpayer"] == 0
