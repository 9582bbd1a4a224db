"""``formhelper verify``, the checks (calc/verify): their lines typed, figures worked by hand.

Sources: the face of the 2025 Form 8606 (line 10 "Divide line 5 by line 9. Enter the
result as a decimal rounded to at least 3 places. If the result is 1.000 or more, enter
'1.000'"; lines 15c, 18, 25c "also include this amount on ... Form 1040 ... line 4b"),
the Instructions for Form 1040, lines 4a and 4b (Exception 2: with a Form 8606, "enter
the total distribution on line 4a"), and the 2025 Form 5329 line 4 ("Enter 10% (0.10) of
line 3"; 25% for a SIMPLE IRA in its first 2 years).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from formhelper.calc.verify import Status, TheirForm, TheirReturn, VerifyReport, verify
from formhelper.files.casefile import parse_case
from formhelper.files.years import load
from formhelper.models import CaseFile, Owner
from formhelper.render.verify_text import summary, to_json, to_text
from support import run, sample

D = Decimal
RATES = load(2025).f5329.rates

#: samples/pro-rata-conversion-2025.toml as formhelper fills it: basis 20,000 (line 2),
#: year-end value 50,000 (line 6), 50,000 converted (line 8): line 9 = 100,000, line 10
#: = 20,000 / 100,000 = 0.2, line 11 = 50,000 x 0.2 = 10,000, line 14 = 20,000 - 10,000
#: = 10,000, line 18 = 50,000 - 10,000 = 40,000.
PRO_RATA = {"line_1": 0, "line_2": 20000, "line_3": 20000, "line_4": 0, "line_5": 20000,
            "line_6": 50000, "line_7": 0, "line_8": 50000, "line_9": 100000,
            "line_10": "0.20000", "line_11": 10000, "line_12": 0, "line_13": 10000,
            "line_14": 10000, "line_15a": 0, "line_15c": 0, "line_16": 50000,
            "line_17": 10000, "line_18": 40000}


def lines(**values: Any) -> dict[str, Decimal | str | None]:
    return {k: (D(str(v)) if k != "line_2_number" and (not isinstance(v, str)
                                                        or v[:1].isdigit()) else v)
            for k, v in values.items()}


def f8606(*owner: Owner, **values: Any) -> TheirForm:
    """Their Form 8606 (yours, or the owner given)."""
    return TheirForm(form="f8606", owner=owner[0] if owner else Owner.TAXPAYER,
                     lines=lines(**values), source="theirs")


def f1040(**values: Any) -> TheirForm:
    return TheirForm(form="f1040", lines=lines(**values), source="theirs")


def f5329(*owner: Owner, **values: Any) -> TheirForm:
    return TheirForm(form="f5329", owner=owner[0] if owner else Owner.TAXPAYER,
                     lines=lines(**values), source="theirs")


def check(report: VerifyReport, line: str, form: str = "f8606",
          owner: Owner | None = Owner.TAXPAYER) -> Any:
    owner = None if form == "f1040" else owner
    found = [c for c in report.checks if c.form == form and c.line == line and c.owner == owner]
    assert len(found) == 1, (line, report.checks)
    return found[0]


def differing(report: VerifyReport) -> list[str]:
    return [f"{c.form[1:]} {c.line}" for c in report.differing]


def themselves(*forms: TheirForm, year: int = 2025) -> VerifyReport:
    return verify(TheirReturn(tax_year=year, forms=forms), RATES)


def against(case: CaseFile, *forms: TheirForm) -> VerifyReport:
    return verify(TheirReturn(tax_year=case.tax_year, forms=forms), RATES, case, run(case))


# ------------------------------------------------------------------ against themselves


def test_a_right_return_agrees_with_itself() -> None:
    report = themselves(f8606(**PRO_RATA), f1040(line_4a=50000, line_4b=40000))
    assert report.agrees
    assert check(report, "14").expected == D(10000)
    assert check(report, "10").status == Status.AGREES
    # 4b holds at least lines 15c + 18 + 25c = 0 + 40,000 + 0.
    assert check(report, "4b", "f1040").expected == D(40000)
    # Entered lines cannot be checked without the case file; they are not differences.
    assert check(report, "2").status == Status.NOT_CHECKED


def test_wrong_line_14_is_the_only_line_that_differs() -> None:
    report = themselves(f8606(**{**PRO_RATA, "line_14": 20000}))
    assert differing(report) == ["8606 14"]
    line_14 = check(report, "14")
    assert line_14.expected == D(10000) and line_14.difference == D(10000)
    assert "line 3 - line 13 = 10,000" in line_14.why
    assert "Subtract line 13 from line 3" in line_14.rule


def test_line_10_to_three_places_is_right_and_fewer_is_not() -> None:
    # Line 5 = 10,000; line 9 = 10,000 + 0 + 20,000 = 30,000; 10,000 / 30,000 =
    # 0.33333...: "0.333" (3 places) is right; line 11 = 20,000 x 0.333 = 6,660.
    base = dict(line_1=0, line_2=10000, line_3=10000, line_4=0, line_5=10000, line_6=10000,
                line_7=0, line_8=20000, line_9=30000, line_12=0, line_13=6660,
                line_14=3340, line_16=20000, line_17=6660, line_18=13340)
    assert themselves(f8606(**base, line_10="0.333", line_11=6660)).agrees
    # Five places is also "at least 3": 0.33333 x 20,000 = 6,666.60 -> 6,667.
    five = themselves(f8606(**{**base, "line_13": 6667, "line_14": 3333, "line_17": 6667,
                               "line_18": 13333}, line_10="0.33333", line_11=6667))
    assert five.agrees
    assert "more places than 3 are allowed" in check(five, "10").why
    # "0.33" is rounded to 2 places only.
    two = themselves(f8606(**base, line_10="0.33", line_11=6600))
    assert "8606 10" in differing(two)
    assert "at least 3" in check(two, "10").why
    # 0.334 is not 0.33333... rounded.
    wrong = themselves(f8606(**base, line_10="0.334", line_11=6680))
    assert "8606 10" in differing(wrong)
    assert check(wrong, "10").expected == D("0.333")


def test_line_10_is_capped_at_1_000() -> None:
    # Backdoor Roth: line 5 = 7,000, line 9 = 0 + 0 + 7,000: the result is 1.000.
    base = dict(line_1=7000, line_2=0, line_3=7000, line_4=0, line_5=7000, line_6=0,
                line_7=0, line_8=7000, line_9=7000, line_11=7000, line_12=0, line_13=7000,
                line_14=0, line_16=7000, line_17=7000, line_18=0)
    assert themselves(f8606(**base, line_10="1.000")).agrees
    # Line 5 = 8,000 (line 1 8,000), line 9 = 7,000: 1.142... -> still 1.000.
    more = {**base, "line_1": 8000, "line_3": 8000, "line_5": 8000, "line_14": 1000}
    report = themselves(f8606(**more, line_10="1.143"))
    assert "8606 10" in differing(report)
    assert "1.000" in check(report, "10").why


def test_rounding_guard_on_line_11_is_allowed() -> None:
    # domain-spec §1.6 T1: line 5 = 7,000, line 8 = 7,010, line 9 = 7,010: line 10 to 3
    # places is 0.999 (7,000 / 7,010 = 0.99857...), and 7,010 x 0.999 = 7,002.99 -> 7,003,
    # more than the 7,000 of basis; entering 7,000 keeps line 14 from going negative.
    base = dict(line_1=7000, line_2=0, line_3=7000, line_4=0, line_5=7000, line_6=0,
                line_7=0, line_8=7010, line_9=7010, line_10="0.999", line_12=0,
                line_16=7010)
    guarded = themselves(f8606(**base, line_11=7000, line_13=7000, line_14=0, line_17=7000,
                               line_18=10))
    assert guarded.agrees
    assert check(guarded, "11").status == Status.ALLOWED
    # Without the guard line 14 is 7,000 - 7,003 = -3: no Form 8606 line is negative.
    negative = themselves(f8606(**base, line_11=7003, line_13=7003, line_14=-3, line_17=7003,
                                line_18=7))
    assert differing(negative) == ["8606 14"]
    assert "negative" in check(negative, "14").why


def test_part_iii_arithmetic_and_its_stops() -> None:
    # samples/early-roth-distribution-2025.toml: line 19 = 40,000, line 22 = 20,000, line
    # 23 = 20,000, line 24 = 25,000, line 25a = 20,000 - 25,000 -> 0.
    right = dict(line_19=40000, line_21=40000, line_22=20000, line_23=20000, line_24=25000,
                 line_25a=0)
    assert themselves(f8606(**right)).agrees
    wrong = themselves(f8606(**{**right, "line_23": 25000}))
    assert differing(wrong) == ["8606 23"]
    # Line 25a is zero: "skip lines 25b and 25c"; a taxable amount on 25c is wrong.
    taxed = themselves(f8606(**right, line_25c=5000))
    assert differing(taxed) == ["8606 25c"]
    assert "skip lines 25b and 25c" in check(taxed, "25c").why


def test_form_1040_against_their_forms_8606() -> None:
    # Line 18 = 40,000 must reach line 4b; with a Form 8606 line 4a holds the total
    # distribution, at least lines 7 + 8 + 19 = 50,000.
    report = themselves(f8606(**PRO_RATA), f1040(line_4b=30000))
    assert differing(report) == ["1040 4a", "1040 4b"]
    assert check(report, "4b", "f1040").why.startswith("less than Form 8606 lines 15c + 18")
    assert "10,000 of taxable income is missing" in check(report, "4b", "f1040").why
    # Two spouses: lines 18 of both count (20,000 + 18,000).
    both = themselves(f8606(line_16=20000, line_17=0, line_18=20000),
                      f8606(Owner.SPOUSE, line_16=18000, line_17=0, line_18=18000),
                      f1040(line_4a=40000, line_4b=38000))
    assert both.agrees


def test_form_5329_lines_3_and_4() -> None:
    # Line 3 = 12,000 - 3,000 = 9,000; line 4 = 10% = 900.
    right = f5329(line_1=12000, line_2_number="05", line_2=3000, line_3=9000, line_4=900)
    assert themselves(right).agrees
    # 25% (2,250) is right only for a SIMPLE IRA in its first 2 years: allowed, said why.
    simple = themselves(f5329(line_1=12000, line_2_number="05", line_2=3000, line_3=9000,
                              line_4=2250))
    assert simple.agrees and check(simple, "4", "f5329").status == Status.ALLOWED
    # Less than 10% of line 3 is wrong (between 10% and 25% could be a SIMPLE IRA part).
    wrong = themselves(f5329(line_1=12000, line_2_number="05", line_2=3000, line_3=9000,
                             line_4=800))
    assert differing(wrong) == ["5329 4"]
    # Line 1 more than the early distributions the return includes in income: line 4b
    # 4,000 + line 5b 0 = 4,000.
    over = themselves(f5329(line_1=12000, line_3=12000, line_4=1200),
                      f1040(line_4a=12000, line_4b=4000))
    assert differing(over) == ["5329 1"]


# ------------------------------------------------------------------ against your case


def _basis_lost() -> TheirForm:
    # The other program lost the 20,000 of basis: line 2 = 0, so line 3 = 0, line 10 =
    # 0 / 100,000 = 0.000, nothing is nontaxable and all 50,000 is taxable on line 18.
    return f8606(**{**PRO_RATA, "line_2": 0, "line_3": 0, "line_5": 0, "line_10": "0.000",
                    "line_11": 0, "line_13": 0, "line_14": 0, "line_17": 0, "line_18": 50000})


def test_lost_basis_is_explained_by_last_years_line_14() -> None:
    case = sample("pro-rata-conversion-2025")
    report = against(case, _basis_lost(), f1040(line_4a=50000, line_4b=50000))
    line_2 = check(report, "2")
    assert line_2.status == Status.DIFFERS
    assert line_2.why.startswith("their line 2 is 0; your basis carried from 2024 is 20,000 "
                                 "(last year's Form 8606 line 14): the basis was lost")
    for line in ("3", "5", "10", "11", "13", "14", "17", "18"):
        assert check(report, line).why == "follows from their line 2 (the arithmetic is right)"
    assert check(report, "4b", "f1040").why.startswith("follows from their Form 8606")
    assert len(report.differing) == 10
    # formhelper's taxable amount is 40,000, theirs 50,000.
    assert report.taxable_change == D(-10000)
    assert " ".join(summary(report).split()) == (
        "10 lines differ; with formhelper's figures your taxable amount (Form 1040 lines 4b + "
        "5b) would change by -$10,000.")
    # Differences first in the table.
    assert [c.status for c in report.checks[:9]] == [Status.DIFFERS] * 9


def test_sep_ira_left_out_of_line_6() -> None:
    # Their line 6 is 20,000: line 9 = 70,000; line 10 = 20,000 / 70,000 = 0.28571;
    # line 11 = 50,000 x 0.28571 = 14,285.50 -> 14,286; line 14 = 5,714; line 18 = 35,714.
    theirs = f8606(**{**PRO_RATA, "line_6": 20000, "line_9": 70000, "line_10": "0.28571",
                      "line_11": 14286, "line_13": 14286, "line_14": 5714, "line_17": 14286,
                      "line_18": 35714})
    report = against(sample("pro-rata-conversion-2025"), theirs)
    assert check(report, "11").status == Status.DIFFERS
    why = check(report, "6").why
    assert why.startswith("their line 6 is 30,000 less than your year-end value (50,000")
    assert "a SEP or SIMPLE IRA left out?" in why
    assert check(report, "18").why == "follows from their line 6 (the arithmetic is right)"
    # Their own arithmetic is right: checked against itself it agrees.
    assert themselves(theirs).agrees
    # Without a Form 1040 the change is Form 8606's: 40,000 - 35,714.
    assert report.taxable_change == D(4286)
    assert "Their Form 1040 was not given" in " ".join(report.notes)


def test_withholding_counted_as_converted_on_line_16() -> None:
    # samples/married-both-convert-2025.toml, the spouse: box 1 20,000, 2,000 withheld,
    # 18,000 reached the Roth IRA: line 16 = 18,000 (no basis, Part II only). Their
    # program entered box 1.
    case = sample("married-both-convert-2025")
    theirs = f8606(Owner.SPOUSE, line_16=20000, line_17=0, line_18=20000)
    report = against(case, theirs)
    why = check(report, "16", owner=Owner.SPOUSE).why
    assert why.startswith("their line 16 includes the 2,000 withheld from the conversion, "
                          "which was distributed, not converted")
    assert check(report, "18", owner=Owner.SPOUSE).why.startswith("follows from their line 16")
    assert any("formhelper files a Form 8606 for your return" in n for n in report.notes)


SPLIT: dict[str, Any] = {
    # One Form 1099-R: 50,000 taken out, 30,000 rolled over within 60 days, 20,000
    # converted. No basis: Form 8606 Part II only (line 16 = 18 = 20,000); Form 1040 line
    # 4a = 50,000 (box 1 once), 4b = 20,000, 4c Rollover.
    "tax_year": 2025, "filing_status": "single",
    "taxpayer": {"name": "Sam Split", "date_of_birth": "1960-03-01",
                 "ira": {"year_end_value": 30000}},
    "forms_1099r": [{"payer": "Big Custodian", "box_1": 50000, "box_2a": 50000,
                     "box_2b_taxable_not_determined": True, "box_7": "7",
                     "ira_sep_simple": True,
                     "disposition": {"converted_to_roth_ira": 20000, "rolled_over": 30000}}],
}


def test_split_form_1099r_counted_twice() -> None:
    case = parse_case(SPLIT)
    assert run(case).f1040.line_4a == D(50000)
    part_ii = f8606(line_16=20000, line_17=0, line_18=20000)
    twice = against(case, part_ii, f1040(line_4a=100000, line_4b=20000, line_4c="rollover"))
    assert differing(twice) == ["1040 4a"]
    assert check(twice, "4a", "f1040").why == ("the Form 1099-R from Big Custodian (box 1 "
                                               "50,000) is counted twice on line 4a")
    # Entered once as the rollover, then again for the converted part.
    again = against(case, part_ii, f1040(line_4a=70000, line_4b=20000, line_4c="rollover"))
    assert "the 20,000 converted from the Form 1099-R from Big Custodian is counted again" \
        in check(again, "4a", "f1040").why
    # On both lines 4a and 5a.
    both = against(case, part_ii, f1040(line_4a=50000, line_4b=20000, line_4c="rollover",
                                        line_5a=50000, line_5b=0))
    assert "the same Form 1099-R counted twice, on lines 4a and 5a" in \
        check(both, "5a", "f1040").why
    assert against(case, part_ii, f1040(line_4a=50000, line_4b=20000,
                                        line_4c="rollover")).agrees


def test_line_10_rounded_to_three_places_is_not_an_error() -> None:
    # Basis 10,000, year-end 10,000, converted 20,000: formhelper's line 10 = 0.33333,
    # line 11 = 6,667 (20,000 x 0.33333 = 6,666.60); theirs to 3 places: 0.333 and
    # 6,660. The 7 dollars follow from line 10's rounding, which the form allows.
    case = parse_case({
        "tax_year": 2025, "filing_status": "single",
        "taxpayer": {"name": "Ro Round", "date_of_birth": "1970-01-01",
                     "ira": {"prior_basis": 10000, "year_end_value": 10000}},
        "forms_1099r": [{"box_1": 20000, "box_2a": 20000, "box_7": "7",
                         "ira_sep_simple": True,
                         "disposition": {"converted_to_roth_ira": 20000}}]})
    ours = run(case).f8606[Owner.TAXPAYER]
    assert (ours.line_10, ours.line_11) == (D("0.33333"), D(6667))
    theirs = f8606(line_1=0, line_2=10000, line_3=10000, line_4=0, line_5=10000,
                   line_6=10000, line_7=0, line_8=20000, line_9=30000, line_10="0.333",
                   line_11=6660, line_12=0, line_13=6660, line_14=3340, line_15a=0,
                   line_15c=0, line_16=20000, line_17=6660, line_18=13340)
    report = against(case, theirs)
    assert report.agrees
    assert "not an error" in check(report, "10").why
    assert check(report, "18").status == Status.ALLOWED
    # Lines 10, 11, 13, 14, 17 and 18.
    assert "(6 more differ only as the instructions allow)" in summary(report)


def test_part_iii_against_the_case() -> None:
    # Their program lost the 20,000 of Roth IRA contribution basis: line 22 = 0, line 23
    # = 40,000, line 25a = 40,000 - 25,000 = 15,000, taxable on 25c.
    case = sample("early-roth-distribution-2025")
    theirs = f8606(line_19=40000, line_21=40000, line_22=0, line_23=40000, line_24=25000,
                   line_25a=15000, line_25c=15000)
    report = against(case, theirs)
    assert differing(report) == ["8606 22", "8606 23", "8606 25a", "8606 25c"]
    assert "your basis in Roth IRA contributions: 20,000" in check(report, "22").why
    assert check(report, "25c").why.startswith("follows from their line 22")
    assert report.taxable_change == D(-15000)


def test_form_5329_against_the_case() -> None:
    case = sample("early-distribution-5329-2025")
    ours = run(case).f5329[Owner.TAXPAYER]
    right = f5329(**{k: v for k, v in ours.lines().items() if v is not None})
    assert against(case, right).agrees
    wrong = f5329(line_1=ours.line_1, line_3=ours.line_1,
                  line_4=(ours.line_1 or D(0)) / 10)
    report = against(case, wrong)
    assert "5329 2" in differing(report)
    assert check(report, "4", "f5329").why.startswith("follows from their line 3")


def test_both_spouses_and_2024() -> None:
    case = sample("married-both-convert-2025")
    result = run(case)
    forms = [f8606(owner, **{k: v for k, v in result.f8606[owner].lines().items()
                             if v is not None}) for owner in (Owner.TAXPAYER, Owner.SPOUSE)]
    assert against(case, *forms, f1040(line_4a=27000, line_4b=20000, line_25b=2000)).agrees
    # 2024: Form 1040 only (no 2024 Form 8606 layout); the items are words on the 2024 form.
    old = sample("qcd-and-rollover-2024")
    ours = run(old).f1040
    theirs = f1040(line_4a=ours.line_4a, line_4b=ours.line_4b, line_5a=ours.line_5a,
                   line_5b=ours.line_5b)
    assert against(old, theirs).agrees
    assert differing(against(old, f1040(line_4a=ours.line_4a, line_4b=ours.line_4a,
                                        line_5a=ours.line_5a, line_5b=ours.line_5b))) \
        == ["1040 4b"]


def test_report_text_and_json() -> None:
    report = against(sample("pro-rata-conversion-2025"), _basis_lost(),
                     f1040(line_4a=50000, line_4b=50000))
    text = to_text(report)
    assert "Form 8606, yours" in text and "Form 1040" in text
    assert "  2                   0        20,000      -20,000  DIFFERS" in text
    assert "Rule: Form 8606 line 2:" in text
    doc = to_json(report)
    assert doc["agrees"] is False and doc["differing"] == 10
    assert doc["taxable_change"] == -10000
    first = doc["checks"][0]
    assert (first["line"], first["theirs"], first["expected"], first["difference"]) == \
        ("2", 0, 20000, -20000)


def test_docs_example_is_what_verify_prints(capsys: Any) -> None:
    """docs/verify.md shows the lost-basis example's output as it is."""
    from formhelper.cli import main
    from support import ROOT

    doc = (ROOT / "docs" / "verify.md").read_text()
    start = doc.index("$ formhelper verify samples/other-software/lost-basis-2025.toml")
    shown = doc[doc.index("\n", doc.index("--case", start)) + 1: doc.index("$ echo $?", start)]
    capsys.readouterr()
    code = main(["verify", str(ROOT / "samples/other-software/lost-basis-2025.toml"),
                 "--case", str(ROOT / "samples/pro-rata-conversion-2025.toml")])
    assert code == 1
    assert capsys.readouterr().out == shown


def test_the_checks_are_pure() -> None:
    """calc/verify is tax core: no PDF, UI or template library (docs/architecture.md)."""
    import subprocess
    import sys

    code = ("import sys, formhelper.calc.verify\n"
            "print([m for m in ('pypdf', 'textual', 'reportlab', 'jinja2') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
