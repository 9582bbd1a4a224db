"""Each sample case, computed end to end; expected figures worked by hand in each
sample's header comment (repeated here) from the Form 8606 line texts and the
Form 1040 instructions for lines 4a-5c."""

from __future__ import annotations

from decimal import Decimal as D

from formhelper.models import Owner
from formhelper.render.return_text import to_json
from support import SAMPLES, run, sample


def test_every_sample_has_a_comment_saying_what_it_shows() -> None:
    for path in SAMPLES.glob("*.toml"):
        assert path.read_text().startswith("# "), path.name


def test_backdoor_roth() -> None:
    # 7,000 contributed and converted at 7,010: line 10 = 0.99857, line 18 = 10.
    out = to_json(run(sample("backdoor-roth-2025")))
    f = out["f8606"]["taxpayer"]
    assert (f["line_1"], f["line_8"], f["line_10"], f["line_11"]) == (7000, 7010, 0.99857, 7000)
    assert (f["line_14"], f["line_16"], f["line_17"], f["line_18"]) == (0, 7010, 7000, 10)
    assert out["f1040"] == {"line_4a": 7010, "line_4b": 10}
    assert out["warnings"] == []


def test_pro_rata_conversion() -> None:
    # Issue #2: IRAs of 100,000 in all, 20,000 basis, 50,000 converted: 10,000
    # nontaxable, 40,000 taxable, 10,000 basis left.
    result = run(sample("pro-rata-conversion-2025"))
    f = result.f8606[Owner.TAXPAYER]
    assert (f.line_9, f.line_10, f.line_11, f.line_18, f.line_14) == (
        100000, D("0.2"), 10000, 40000, 10000)
    assert (result.f1040.line_4a, result.f1040.line_4b) == (50000, 40000)
    assert to_json(result)["basis_next_year"] == {"taxpayer": 10000}


def test_in_service_401k_direct_rollover_to_roth_ira() -> None:
    # Code G, box 1 40,000, box 2a 30,000, box 5 10,000: line 5a 40,000, 5b 30,000,
    # Rollover box; no Form 8606 (not an IRA conversion).
    out = to_json(run(sample("in-service-401k-to-roth-ira-2025")))
    assert out["f8606"] == {}
    assert out["f1040"] == {"line_5a": 40000, "line_5b": 30000, "line_5c": ["rollover"]}


def test_in_plan_roth_rollover() -> None:
    # Code G, 50,000 / 50,000: 5a 50,000, 5b 50,000 (taxable), Rollover box; no 8606.
    out = to_json(run(sample("in-plan-roth-rollover-2025")))
    assert out["f8606"] == {}
    assert out["f1040"] == {"line_5a": 50000, "line_5b": 50000, "line_5c": ["rollover"]}


def test_qcd_and_plan_rollover_2024() -> None:
    # IRA 10,000 with a 6,000 QCD, no basis: 4a 10,000, 4b 4,000 (Exception 3); 401(k)
    # direct rollover, code G: 5a 20,000, 5b 0.  The 2024 form has no lines 4c/5c: the
    # words go next to lines 4b and 5b (forms/2024/f1040.toml [reporting]).
    out = to_json(run(sample("qcd-and-rollover-2024")))
    assert out["f8606"] == {}
    assert out["f1040"] == {"line_4a": 10000, "line_4b": 4000, "line_4c": ["qcd"],
                            "line_5a": 20000, "line_5b": 0, "line_5c": ["rollover"]}
    where = {k: (v["line"], [i["word"] for i in v["items"]])
             for k, v in out["f1040_reporting"].items()}
    assert where == {"line_4c": ("4b", ["QCD"]), "line_5c": ("5b", ["Rollover"])}
    assert out["warnings"] == []


def test_married_couple_each_gets_own_8606() -> None:
    # Taxpayer: backdoor 7,000 -> line 18 = 0. Spouse: no basis, 18,000 converted
    # (Part II only) + 2,000 withheld (fully taxable distribution). 4a = 27,000;
    # 4b = 0 + 18,000 + 2,000 = 20,000; 25b = 2,000.
    result = run(sample("married-both-convert-2025"))
    mine, theirs = result.f8606[Owner.TAXPAYER], result.f8606[Owner.SPOUSE]
    assert (mine.line_10, mine.line_18, mine.line_14) == (1, 0, 0)
    assert (theirs.line_3, theirs.line_16, theirs.line_17, theirs.line_18) == (
        None, 18000, 0, 18000)
    assert (result.f1040.line_4a, result.f1040.line_4b, result.f1040.line_25b) == (
        27000, 20000, 2000)


def test_early_roth_distribution_reaches_conversion_layers() -> None:
    # T6: line 19 40,000; 22 20,000; 23 20,000; 24 25,000; 25a 0. 20,000 of it is
    # conversion money inside its 5-year window at age 52: warned (Form 5329).
    result = run(sample("early-roth-distribution-2025"))
    f = result.f8606[Owner.TAXPAYER]
    assert (f.line_19, f.line_22, f.line_23, f.line_24, f.line_25a, f.line_25c) == (
        40000, 20000, 20000, 25000, 0, None)
    assert (result.f1040.line_4a, result.f1040.line_4b) == (40000, 0)
    assert [x.id for x in result.findings] == ["roth-recapture"]
    assert "$20,000" in result.findings[0].message


def test_backdoor_prior_year_contribution_2024() -> None:
    # E3: line 1 7,000; "No" branch; line 14 = line 3 = 7,000; no 1040 lines.
    out = to_json(run(sample("backdoor-prior-year-contribution-2024")))
    assert out["f8606"]["taxpayer"] == {"line_1": 7000, "line_2": 0, "line_3": 7000,
                                        "line_14": 7000}
    assert out["f1040"] == {}
    assert out["basis_next_year"] == {"taxpayer": 7000}


def test_partial_conversion_2026_uses_2026_limits() -> None:
    # Line 10 = 18,600 / 90,000 = 0.20667; line 11 = 6,200; line 14 = 12,400;
    # line 18 = 23,800. 8,600 contributed = 7,500 + 1,100 catch-up: no warning.
    result = run(sample("partial-conversion-2026"))
    f = result.f8606[Owner.TAXPAYER]
    assert (f.line_3, f.line_9, f.line_10, f.line_11) == (18600, 90000, D("0.20667"), 6200)
    assert (f.line_14, f.line_18) == (12400, 23800)
    assert (result.f1040.line_4a, result.f1040.line_4b) == (30000, 23800)
    assert result.findings == ()
