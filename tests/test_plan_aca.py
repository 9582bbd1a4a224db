"""The ACA premium tax credit in the household planner: Form 8962 line by line
(calc/plan_aca.py), the plan file's ``[aca]`` table, the credit in each year's result, the
ACA cliff as a limit and a strategy.

Sources of the figures below:
* Instructions for Form 8962 (2025): Worksheet 2 (line 5: "drop any numbers after the
  decimal point. For example, for 0.9984, enter the result as 99; for 1.8565, enter the
  result as 185; and for 3.997, enter the result as 399"; more than 4.0 x line 4: 401),
  Table 1-1 (2024 poverty lines: $15,060, $5,380 each additional person), Table 2 (150 or
  less 0.0000, 176 0.0104, 200 0.0200, 250 0.0400, 300 0.0600, 301 0.0603, 350 0.0725,
  399 0.0848, 400 or more 0.0850), lines 8a, 11(d), 11(e).
* Rev. Proc. 2025-25 §3.01 (the 2026 applicable percentage table) and the HHS 2025
  poverty guidelines ($15,650, $5,500; Alaska $19,550, $6,880), worked by hand here.
The instructions have no worked example of the whole annual calculation; those below are
worked by hand, each line named.
"""

from __future__ import annotations

import json
import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from formhelper.app.plan import household_years
from formhelper.calc import plan_aca
from formhelper.calc.plan_grid import grid_search
from formhelper.calc.plan_household import Aca, Household, Limits, Person
from formhelper.calc.plan_optimize import strategies
from formhelper.calc.plan_sim import YearModel
from formhelper.cli import main
from formhelper.files.plan_file import PlanFileError, parse
from formhelper.files.years import load_aca
from formhelper.years.aca_params import Region

D = Decimal
SAMPLE = (Path(__file__).resolve().parent.parent / "samples" / "plans"
          / "early-retiree-aca-2026.toml")


def _models(h: Household) -> list[YearModel]:
    return [YearModel(h, d.figures.tax_year, d) for d in household_years(h)]


# Form 8962 line by line -------------------------------------------------------------

@pytest.mark.parametrize(("income", "expected"), [
    (D(9984), 99), (D(18565), 185), (D(39970), 399),  # Worksheet 2's own examples
    (D(40000), 400), (D(40001), 401), (D(0), 0),
])
def test_line_5_drops_the_decimals_and_401_above_400(income: Decimal, expected: int) -> None:
    assert plan_aca.line_5(income, D(10000)) == expected


@pytest.mark.parametrize(("percent", "figure"), [
    (99, "0.0000"), (150, "0.0000"), (151, "0.0004"), (176, "0.0104"), (199, "0.0196"),
    (200, "0.0200"), (250, "0.0400"), (251, "0.0404"), (300, "0.0600"), (301, "0.0603"),
    (302, "0.0605"), (350, "0.0725"), (353, "0.0733"), (399, "0.0848"), (400, "0.0850"),
    (401, "0.0850"),
])
def test_line_7_is_table_2_of_2025(percent: int, figure: str) -> None:
    assert plan_aca.line_7(percent, load_aca(2025).applicable) == D(figure)


@pytest.mark.parametrize(("percent", "figure"), [
    # Rev. Proc. 2025-25: less than 133%: 2.10%; 133-150%: 3.14% to 4.19%; ...
    (100, "0.0210"), (132, "0.0210"), (133, "0.0314"),
    # 140: 3.14 + (4.19 - 3.14) x 7/17 = 3.5724% -> 0.0357.
    (140, "0.0357"),
    (150, "0.0419"),
    # 175: 4.19 + (6.60 - 4.19) x 25/50 = 5.395% -> 0.0540 (half up).
    (175, "0.0540"),
    (200, "0.0660"), (250, "0.0844"),
    # 275: 8.44 + (9.96 - 8.44) x 25/50 = 9.20%.
    (275, "0.0920"),
    (300, "0.0996"), (400, "0.0996"),
])
def test_line_7_for_2026_from_rev_proc_2025_25(percent: int, figure: str) -> None:
    assert plan_aca.line_7(percent, load_aca(2026).applicable) == D(figure)


def test_line_2a_adds_tax_exempt_interest_and_untaxed_social_security() -> None:
    # Worksheet 1-1: AGI 40,000 + tax-exempt interest 1,000 + (6a 20,000 - 6b 5,000).
    assert plan_aca.line_2a(D(40000), D(1000), D(20000), D(5000)) == 56000


def test_line_4_poverty_line_by_region_and_family_size() -> None:
    p25, p26 = load_aca(2025), load_aca(2026)
    assert plan_aca.line_4(1, Region.STATES_48, p25) == 15060
    assert plan_aca.line_4(2, Region.STATES_48, p25) == 20440
    assert plan_aca.line_4(2, Region.STATES_48, p26) == 21150
    assert plan_aca.line_4(3, Region.ALASKA, p26) == 19550 + 2 * 6880


def test_form_8962_2025_single_below_200_percent() -> None:
    # Single, 48 states, AGI 30,000: line 3 30,000; line 4 15,060; line 5 30,000 / 15,060
    # = 1.992 -> 199; line 7 0.0196; line 8a 30,000 x 0.0196 = 588; 11(b) 7,200 - 588 =
    # 6,612 = 11(d); 11(e) the lesser of 11(a) 6,000 and 6,612: 6,000.
    f = plan_aca.form_8962(D(30000), D(0), D(0), D(0), 1, Region.STATES_48, D(6000),
                           D(7200), load_aca(2025))
    assert (f.line_3, f.line_4, f.line_5, f.line_7, f.line_8a) == (30000, 15060, 199,
                                                                   D("0.0196"), 588)
    assert (f.line_11d, f.line_24, f.eligible) == (6612, 6000, True)


def test_form_8962_2025_has_no_cliff() -> None:
    # Single, 100,000: more than 4 x 15,060: line 5 401, line 7 0.0850, 8a 8,500;
    # benchmark 12,000: 11(d) 3,500, the premium the same: credit 3,500 (What's New 2025:
    # above 400% "may be allowed a PTC").
    f = plan_aca.form_8962(D(100000), D(0), D(0), D(0), 1, Region.STATES_48, D(12000),
                           D(12000), load_aca(2025))
    assert (f.line_5, f.line_8a, f.line_24) == (401, 8500, 3500)


def test_form_8962_2026_cliff_one_dollar_over_400_percent_loses_it_all() -> None:
    # Family of 2, 48 states, 2026: line 4 21,150; 400% = 84,600.  At 84,600: line 5 400,
    # line 7 0.0996, 8a 84,600 x 0.0996 = 8,426.16 -> 8,426; 26,000 - 8,426 = 17,574, less
    # than the premium 22,000: credit 17,574.  At 84,601: line 5 401 (Worksheet 2), more
    # than 400% (IRC 36B(c)(1)(A)): no credit.
    p = load_aca(2026)
    at_cliff = plan_aca.form_8962(D(84600), D(0), D(0), D(0), 2, Region.STATES_48, D(22000),
                                  D(26000), p)
    over = plan_aca.form_8962(D(84601), D(0), D(0), D(0), 2, Region.STATES_48, D(22000),
                              D(26000), p)
    assert (at_cliff.line_5, at_cliff.line_8a, at_cliff.line_24) == (400, 8426, 17574)
    assert (over.line_5, over.eligible, over.line_24) == (401, False, 0)
    assert plan_aca.cliff(2, Region.STATES_48, p) == 84600
    assert plan_aca.cliff(2, Region.STATES_48, load_aca(2025)) is None


def test_below_100_percent_no_credit() -> None:
    # 2026, single: 15,649 / 15,650 -> 99: not an applicable taxpayer.
    f = plan_aca.form_8962(D(15649), D(0), D(0), D(0), 1, Region.STATES_48, D(9000),
                           D(9000), load_aca(2026))
    assert (f.line_5, f.line_24) == (99, 0)


def test_unpublished_year_keeps_the_table_and_indexes_the_poverty_line() -> None:
    # 2027 from 2026 at 2.5%: 15,650 + 391.25 rounded down to $10 = 16,040;
    # 5,500 + 137.50 -> 5,630; the 2026 table and its 400% limit kept.
    est = plan_aca.index_aca_params(load_aca(2026), 2027, D("0.025"))
    assert (est.poverty.states_48.first, est.poverty.states_48.each_more) == (16040, 5630)
    assert est.applicable.bands == load_aca(2026).applicable.bands
    assert est.applicable.most == 400
    assert not est.poverty.verified and "estimate" in est.poverty.source


# The plan file -------------------------------------------------------------------------

@pytest.mark.parametrize(("aca", "field", "words"), [
    (True, "aca", "an [aca] table with"),
    ({"benchmark": 20000}, "aca.last", "required"),
    ({"last": 2027, "first": 2028, "benchmark": 20000}, "aca.last", "before the first"),
    ({"last": 2027, "first": 2020, "benchmark": 20000}, "aca.first", "not a year of the plan"),
    ({"last": 2027, "benchmark": 20000, "family_size": 0}, "aca.family_size", ""),
    ({"last": 2027, "benchmark": {2027: 20000}}, "aca.benchmark", "no benchmark premium in 2026"),
    ({"last": 2027, "benchmark": -5}, "aca.benchmark", "0 or more"),
    ({"last": 2027, "benchmark": 20000, "region": "guam"}, "aca.region", ""),
    # Born June 1965: Medicare from June 2030, 7 months of 2030.
    ({"last": 2031, "benchmark": 20000}, "aca.last", "in 2030 you are on Medicare"),
])
def test_bad_aca_tables_are_refused_naming_the_field(aca: object, field: str,
                                                      words: str) -> None:
    data: dict[str, object] = {"tax_year": 2026, "filing_status": "single", "years": 10,
                               "people": [{"birth_date": "1965-06-01"}], "aca": aca}
    with pytest.raises(PlanFileError) as problem:
        parse(data)
    assert any(p.startswith(field) and words in p for p in problem.value.problems), \
        problem.value.problems


def test_aca_false_is_no_coverage_and_defaults() -> None:
    base = {"tax_year": 2026, "filing_status": "single",
            "people": [{"birth_date": "1965-06-01"}]}
    assert parse({**base, "aca": False}).aca is None
    h = parse({**base, "aca": {"last": 2028, "benchmark": 9000}})
    assert h.aca_years() == [2026, 2027, 2028]
    assert h.family_size() == 1
    assert h.aca is not None and h.aca.paid(2027) == 9000 and h.aca.region == Region.STATES_48


# The simulation and the strategies ---------------------------------------------------

def _single(years: int = 2, limits: Limits | None = None, **aca: object) -> Household:
    # Single, born 1966, 2026: pension 40,000, 300,000 in traditional IRAs, Marketplace
    # coverage 2026-2027 with a 12,000 benchmark.  Line 4 for one: 15,650; 400%: 62,600.
    return Household(
        tax_year=2026, years=years, filing_status="single", index_income=False,
        taxable_balance=D(100000), limits=limits or Limits(),
        people=[Person(birth_date=date(1966, 6, 1), ira_balance=D(300000),
                       pension=D(40000))],
        aca=Aca(last=2027, benchmark=D(12000), **aca))


def test_the_credit_is_a_negative_tax_of_the_year_and_a_conversion_pays_for_it() -> None:
    # 2026, x = 0: household income 40,000; 40,000 / 15,650 = 2.555 -> 255; line 7
    # 8.44 + 1.52 x 5/50 = 8.592% -> 0.0859; 8a 40,000 x 0.0859 = 3,436; credit
    # 12,000 - 3,436 = 8,564.  x = 22,601: household income 62,601, more than 62,600:
    # no credit.  x = 22,600: line 5 400, 0.0996, 8a 6,234.96 -> 6,235; credit 5,765.
    model = _models(_single())[0]
    base = model.tax(D(0))
    assert (base.form_8962 is not None and base.form_8962.line_5, base.aca_credit) == (255, 8564)
    assert base.now == base.income_tax + base.niit + base.state - 8564
    assert model.tax(D(22600)).aca_credit == 5765
    assert model.tax(D(22601)).aca_credit == 0
    assert model.aca_cliff() == 62600


def test_one_more_dollar_of_conversion_never_raises_the_credit() -> None:
    # From 100% of the poverty line up (below it there is no credit at all), household
    # income rises with every dollar and line 7 never falls: the credit never rises.
    rng = random.Random(8962)
    for household in (_single(), _single(premium=D(9000))):
        for model in _models(household):
            for _ in range(300):
                x = D(rng.randrange(0, 120000))
                assert model.tax(x + 1).aca_credit <= model.tax(x).aca_credit, (model.year, x)
    h2025 = Household(tax_year=2025, years=1, filing_status="single", index_income=False,
                      people=[Person(birth_date=date(1966, 6, 1), ira_balance=D(300000),
                                     pension=D(20000))],
                      aca=Aca(last=2025, benchmark=D(12000)))
    model = _models(h2025)[0]
    for n in range(0, 200000, 997):
        assert model.tax(D(n + 1)).aca_credit <= model.tax(D(n)).aca_credit
    # 2025 has no cliff: at 400% and far above, the credit falls gradually.
    assert model.tax(D(200000)).aca_credit == 0
    assert model.tax(D(60000)).aca_credit > 0


def _rich(limits: Limits) -> Household:
    # A large IRA and a 40% heirs' rate: without the limit the optimum converts far past
    # the cliff in the covered years (giving up the credit).
    return Household(tax_year=2026, years=3, filing_status="single", index_income=False,
                     taxable_balance=D(400000), heirs_rate=D("0.40"), limits=limits,
                     people=[Person(birth_date=date(1966, 6, 1), ira_balance=D(2000000),
                                    pension=D(40000))],
                     aca=Aca(last=2027, benchmark=D(12000)))


def test_optimizer_never_crosses_the_aca_cliff_when_it_is_the_limit() -> None:
    free = _rich(Limits())
    crossed = strategies(free, _models(free))[-1]
    assert any(y.tax.form_8962 is not None and not y.tax.form_8962.eligible
               for y in crossed.years)
    h = _rich(Limits(aca_cliff=True))
    result = strategies(h, _models(h))
    assert [o.name for o in result] == ["none", "bracket", "irmaa", "aca", "optimum"]
    for outcome in result:
        for year in outcome.years:
            f = year.tax.form_8962
            if f is not None:
                # 400% of the poverty line: 62,600 in 2026, the indexed line's in 2027.
                assert f.line_5 <= 400 and f.eligible, (outcome.name, year.year)
    optimum = result[-1]
    assert optimum.binding[:2] == ("ACA cliff", "ACA cliff")
    assert optimum.wealth >= max(o.wealth for o in result[:-1])


def test_under_the_cliff_the_optimum_waits_when_the_credit_costs_more() -> None:
    # A dollar converted under the cliff costs 12% tax and about 10% of credit (line 7
    # rises with it): the optimum converts in the years without coverage.
    h = _single(years=3)
    result = strategies(h, _models(h))
    optimum = result[-1]
    assert optimum.wealth >= max(o.wealth for o in result[:-1])
    assert [y.tax.ira_taxable for y in optimum.years[:2]] == [0, 0]


def test_the_aca_strategy_fills_to_the_cliff_then_the_bracket() -> None:
    h = _single(years=3)
    result = {o.name: o for o in strategies(h, _models(h))}
    aca = result["aca"]
    assert aca.binding[:2] == ("ACA cliff", "ACA cliff")
    assert aca.binding[2] == "22% top"
    for year in aca.years[:2]:
        assert year.tax.form_8962 is not None and year.tax.form_8962.eligible
    # The lifetime tax counts the credit (a negative tax).
    assert aca.lifetime_tax == sum((y.tax.income_tax + y.tax.niit + y.tax.state
                                    + y.tax.irmaa - y.tax.aca_credit for y in aca.years), D(0))


def test_optimum_with_the_credit_never_worse_than_exhaustive_grid() -> None:
    h = Household(tax_year=2026, years=2, filing_status="single", index_income=False,
                  taxable_balance=D(50000),
                  people=[Person(birth_date=date(1966, 6, 1), ira_balance=D(60000),
                                 pension=D(45000))],
                  aca=Aca(last=2027, benchmark=D(14000)))
    models = _models(h)
    optimum = strategies(h, models)[-1]
    _, best_on_grid, _ = grid_search(h, models, D(5000))
    assert optimum.wealth >= best_on_grid


def test_cli_sample_with_aca_years(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    assert main(["plan", str(SAMPLE), "--years", "6", "--pdf", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert all(len(line) <= 80 for line in out.splitlines())
    for words in ("ACA cliff, then the 24% bracket", "ACA credit over the plan",
                  "ACA premium tax credit, Form 8962", "ACA cliff", "Marketplace coverage"):
        assert words in out
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["plan", str(SAMPLE), "--years", "6", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    optimum = data["strategies"][-1]
    first = optimum["years"][0]
    assert first["form_8962"]["line_4"] == 21150 and first["form_8962"]["line_5"] <= 400
    assert optimum["years"][5]["form_8962"] is None
    assert optimum["aca_credit"] == sum(y["form_8962"]["line_24"] for y in optimum["years"]
                                        if y["form_8962"])


def test_optimum_without_the_cliff_limit_is_never_below_the_optimum_with_it() -> None:
    # Every plan within the limit is a plan without it: removing the limit can only help.
    from formhelper.files.plan_file import read

    h = read(SAMPLE, {"years": 12})
    limited = strategies(h, _models(h))[-1]
    free = h.model_copy(update={"limits": h.limits.model_copy(update={"aca_cliff": False})})
    assert strategies(free, _models(free))[-1].wealth >= limited.wealth


def test_below_100_percent_a_conversion_can_reach_the_credit() -> None:
    # Single, 2026, pension 10,000: 10,000 / 15,650 -> line 5 63, no credit.  Taxable IRA
    # money of 5,650 brings household income to 15,650: line 5 100, line 7 0.0210, 8a
    # 15,650 x 0.021 = 328.65 -> 329, credit 12,000 - 329 = 11,671 (the premium the same).
    # Tax: 2026 standard deduction (16,100 single) leaves no taxable income.  The level
    # "ACA 100%" is among the optimum's candidates, and the optimum takes the credit.
    h = Household(tax_year=2026, years=1, filing_status="single", index_income=False,
                  taxable_balance=D(10000),
                  people=[Person(birth_date=date(1970, 6, 1), ira_balance=D(100000),
                                 pension=D(10000))],
                  aca=Aca(last=2026, benchmark=D(12000)))
    model = _models(h)[0]
    assert model.aca_floor() == 15650
    assert model.tax(D(5649)).aca_credit == 0
    assert model.tax(D(5650)).aca_credit == 11671
    result = strategies(h, [model])
    optimum = result[-1]
    f = optimum.years[0].tax.form_8962
    assert f is not None and f.line_5 >= 100 and optimum.years[0].tax.aca_credit > 11000
    assert optimum.wealth >= max(o.wealth for o in result[:-1])


def test_every_aca_year_loads_with_sources_and_a_rising_table() -> None:
    # Each forms/<year>/aca.toml: a source on each part, the guidelines of the year before
    # (26 CFR 1.36B-1(h)), and an applicable figure that never falls as line 5 rises (the
    # credit then never rises with income, above 100% of the poverty line).
    from formhelper.files.years import aca_years

    assert {2025, 2026} <= set(aca_years())
    for year in aca_years():
        p = load_aca(year)
        assert p.poverty.source and p.applicable.source
        assert p.poverty.guideline_year == year - 1
        figures = [plan_aca.line_7(n, p.applicable) for n in range(p.applicable.least, 402)]
        assert figures == sorted(figures), year
