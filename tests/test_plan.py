"""``formhelper plan``: the staged Roth conversion planner.

Every expected figure is worked by hand below from the document named: the bracket
tops from the Rev. Procs. (2024: Rev. Proc. 2023-34 §3.01 Tables 1-4; 2025: Rev.
Proc. 2024-40 §2.01; 2026: Rev. Proc. 2025-32 §4.01), the standard deductions from
Rev. Proc. 2025-32 §4.14(1) and OBBBA §70102 (2025), the pro-rata rule from Form
8606 lines 6-18, the rounding of indexed figures from IRC 1(f)(7).
"""

from __future__ import annotations

import builtins
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from formhelper.calc.plan import (
    LIMITS,
    PlanInput,
    YearFigures,
    index_figures,
    plan,
)
from formhelper.cli import main
from formhelper.models import FilingStatus
from formhelper.planner import figures_for
from formhelper.years import load

D = Decimal
RATES = ("0.10", "0.12", "0.22", "0.24", "0.32")

# Tops of the 10/12/22/24/32% brackets, typed from the Rev. Procs. (domain-spec §7.6).
# Table 1 is "Married Individuals Filing Joint Returns and Surviving Spouses", so the
# qualifying surviving spouse has the joint figures.
TOPS: dict[int, dict[str, tuple[int, ...]]] = {
    2024: {  # Rev. Proc. 2023-34 §3.01, Tables 1-4
        "single": (11600, 47150, 100525, 191950, 243725),
        "married_filing_jointly": (23200, 94300, 201050, 383900, 487450),
        "married_filing_separately": (11600, 47150, 100525, 191950, 243725),
        "head_of_household": (16550, 63100, 100500, 191950, 243700),
        "qualifying_surviving_spouse": (23200, 94300, 201050, 383900, 487450),
    },
    2025: {  # Rev. Proc. 2024-40 §2.01, Tables 1-4
        "single": (11925, 48475, 103350, 197300, 250525),
        "married_filing_jointly": (23850, 96950, 206700, 394600, 501050),
        "married_filing_separately": (11925, 48475, 103350, 197300, 250525),
        "head_of_household": (17000, 64850, 103350, 197300, 250500),
        "qualifying_surviving_spouse": (23850, 96950, 206700, 394600, 501050),
    },
    2026: {  # Rev. Proc. 2025-32 §4.01, Tables 1-4 (HOH 24% top $201,750)
        "single": (12400, 50400, 105700, 201775, 256225),
        "married_filing_jointly": (24800, 100800, 211400, 403550, 512450),
        "married_filing_separately": (12400, 50400, 105700, 201775, 256225),
        "head_of_household": (17700, 67450, 105700, 201750, 256200),
        "qualifying_surviving_spouse": (24800, 100800, 211400, 403550, 512450),
    },
}

EDGE_CASES = [
    (year, status, D(rate), top)
    for year, by_status in TOPS.items()
    for status, tops in by_status.items()
    for rate, top in zip(RATES, tops, strict=True)
]


def one_year(**fields: Any) -> Any:
    inputs = PlanInput(**fields)
    return plan(inputs, figures_for(inputs))


@pytest.mark.parametrize(("year", "status", "rate", "top"), EDGE_CASES,
                         ids=[f"{y}-{s}-{r}" for y, s, r, _ in EDGE_CASES])
def test_bracket_edges(year: int, status: str, rate: Decimal, top: int) -> None:
    """Income exactly at the top of the bracket leaves no room; a dollar below, $1."""
    at_top = one_year(tax_year=year, filing_status=status, taxable_income=D(top),
                      balance=D(600000), target_rate=rate).years[0]
    assert at_top.bracket_top == top
    assert (at_top.room, at_top.conversion, at_top.added_tax) == (0, 0, 0)
    below = one_year(tax_year=year, filing_status=status, taxable_income=D(top - 1),
                     balance=D(600000), target_rate=rate).years[0]
    assert (below.room, below.conversion, below.taxable) == (1, 1, 1)
    # One dollar at the target rate: 10 to 32 cents, rounded to whole dollars (0).
    assert below.marginal_rate == rate
    assert below.income_after == top


def test_pro_rata_gross_up_worked_by_hand() -> None:
    """2025, single, taxable income $80,000, fill the 22% bracket; $100,000 in IRAs with
    $20,000 basis.

    Room: 103,350 (Rev. Proc. 2024-40 Table 3 22% top) - 80,000 = 23,350.
    Line 10 = 20,000 / 100,000 = 0.20000; room / (1 - 0.2) = 29,187.50.
    29,188: line 11 = 29,188 x 0.2 = 5,837.60 -> 5,838 (whole dollars, half up); line 18 =
    29,188 - 5,838 = 23,350 = room.  29,189: 5,837.80 -> 5,838, line 18 23,351 > room.
    So the gross conversion is 29,188, a dollar above the unrounded formula.
    Tax added: all at 22%: 23,350 x 22% = 5,137 (before: 1,192.50 + 4,386 + 6,935.50 =
    12,514; after: 1,192.50 + 4,386 + 12,072.50 = 17,651; difference 5,137).
    Average on the gross: 5,137 / 29,188 = 0.17599... -> 0.1760.
    Basis left (line 14) = 20,000 - 5,838 = 14,162.
    """
    row = one_year(tax_year=2025, filing_status="single", taxable_income=D(80000),
                   balance=D(100000), basis=D(20000), target_rate=D("0.22")).years[0]
    assert row.room == 23350
    assert row.nontaxable_fraction == D("0.20000")
    assert (row.conversion, row.nontaxable, row.taxable) == (29188, 5838, 23350)
    assert (row.tax_before, row.tax_after, row.added_tax) == (12514, 17651, 5137)
    assert row.marginal_rate == D("0.22")
    assert row.average_rate == D("0.1760")
    assert (row.balance_after, row.basis_after) == (100000 - 29188, 14162)


def test_added_tax_across_three_brackets() -> None:
    """2025, single, taxable income $40,000, fill the 24% bracket, no basis.

    Room 197,300 - 40,000 = 157,300, all taxable (no basis).  Added tax (Rev. Proc.
    2024-40 Table 3): 12% x (48,475 - 40,000) = 1,017; 22% x (103,350 - 48,475) =
    12,072.50; 24% x (197,300 - 103,350) = 22,548; total 35,637.50 -> 35,638.
    Average 35,638 / 157,300 = 0.22656... -> 0.2266; marginal 24%.
    """
    row = one_year(tax_year=2025, filing_status="single", taxable_income=D(40000),
                   balance=D(1000000), target_rate=D("0.24")).years[0]
    assert (row.conversion, row.taxable) == (157300, 157300)
    assert row.added_tax == 35638
    assert (row.marginal_rate, row.average_rate) == (D("0.24"), D("0.2266"))


def test_unused_standard_deduction_adds_room() -> None:
    """2025, single, wages $10,000, fill the 10% bracket.

    Standard deduction $15,750 (OBBBA §70102; Rev. Proc. 2025-32 §2.08): income less
    deduction = -5,750, so taxable income before is 0 and the room is 11,925 + 5,750 =
    17,675.  Tax added: 10% x 11,925 = 1,192.50 -> 1,193.
    """
    row = one_year(tax_year=2025, filing_status="single", wages=D(10000),
                   balance=D(50000), target_rate=D("0.10")).years[0]
    assert (row.deduction, row.income_before, row.room) == (15750, 0, 17675)
    assert (row.conversion, row.income_after, row.added_tax) == (17675, 11925, 1193)


def test_three_year_schedule_worked_by_hand() -> None:
    """Married filing jointly, taxable income $50,000 a year, fill the 12% bracket,
    $200,000 in IRAs with $20,000 basis, 10% growth, 2024-2026 (published figures).

    2024: top 94,300 (Rev. Proc. 2023-34 Table 1); room 44,300; line 10 = 20,000 /
      200,000 = 0.10000; 44,300 / 0.9 = 49,222.2.  49,222 x 0.1 = 4,922.2 -> 4,922, line
      18 = 44,300 (49,223 would give 44,301).  Tax 12% x 44,300 = 5,316; average 5,316 /
      49,222 = 0.10800.  Left 150,778; basis 20,000 - 4,922 = 15,078.
      Next balance 150,778 x 1.1 = 165,855.8 -> 165,856.
    2025: top 96,950 (Rev. Proc. 2024-40 Table 1); room 46,950; line 10 = 15,078 /
      165,856 = 0.0909102 -> 0.09091; 46,950 / 0.90909 = 51,645.05.  51,645 x 0.09091 =
      4,695.05 -> 4,695, line 18 = 46,950 (51,646 -> 4,695.14 -> 4,695 -> 46,951).  Tax
      12% x 46,950 = 5,634; average 5,634 / 51,645 = 0.10909 -> 0.1091.  Left 114,211;
      basis 15,078 - 4,695 = 10,383.  Next balance 114,211 x 1.1 = 125,632.1 -> 125,632.
    2026: top 100,800 (Rev. Proc. 2025-32 Table 1); room 50,800; line 10 = 10,383 /
      125,632 = 0.0826461 -> 0.08265; 50,800 / 0.91735 = 55,376.9.  55,377 x 0.08265 =
      4,576.91 -> 4,577, line 18 = 50,800 (55,378 -> 4,576.99 -> 4,577 -> 50,801).  Tax
      12% x 50,800 = 6,096; average 6,096 / 55,377 = 0.11008 -> 0.1101.  Left 70,255;
      basis 10,383 - 4,577 = 5,806; after growth 70,255 x 1.1 = 77,280.5 -> 77,281.
    Totals: converted 156,244; taxable 142,050; tax 17,046.
    """
    result = one_year(tax_year=2024, filing_status="married_filing_jointly",
                      taxable_income=D(50000), balance=D(200000), basis=D(20000),
                      target_rate=D("0.12"), years=3, growth=D("0.10"))
    got = [(r.tax_year, r.bracket_top, r.room, r.balance, r.basis, r.nontaxable_fraction,
            r.conversion, r.nontaxable, r.taxable, r.added_tax, r.average_rate,
            r.balance_after, r.basis_after) for r in result.years]
    assert got == [
        (2024, 94300, 44300, 200000, 20000, D("0.10000"), 49222, 4922, 44300, 5316,
         D("0.1080"), 150778, 15078),
        (2025, 96950, 46950, 165856, 15078, D("0.09091"), 51645, 4695, 46950, 5634,
         D("0.1091"), 114211, 10383),
        (2026, 100800, 50800, 125632, 10383, D("0.08265"), 55377, 4577, 50800, 6096,
         D("0.1101"), 70255, 5806),
    ]
    assert all(r.marginal_rate == D("0.12") and not r.estimated for r in result.years)
    assert (result.total_converted, result.total_taxable, result.total_added_tax) == (
        156244, 142050, 17046)
    assert (result.balance_left, result.basis_left) == (77281, 5806)
    assert result.estimated_years == ()


def test_plan_takes_year_params_as_they_are() -> None:
    """The wizard may pass ``years.load(year)`` directly: same plan as ``figures_for``."""
    inputs = PlanInput(tax_year=2024, filing_status="married_filing_jointly",
                       taxable_income=D(50000), balance=D(200000), basis=D(20000),
                       target_rate=D("0.12"), years=3, growth=D("0.10"))
    direct = plan(inputs, {year: load(year) for year in (2024, 2025, 2026)})
    assert direct == plan(inputs, figures_for(inputs))
    assert direct.years[0].conversion == 49222  # worked in the three-year test above


def test_schedule_stops_once_everything_is_converted() -> None:
    """2026 single, taxable income $50,000, fill 22% (top 105,700): room 55,700 a year.
    $100,000, no basis, no growth: 2026 converts 55,700, 2027 the other 44,300 (2027's
    estimated 22% top: 105,700 + 2,642.50 rounded down to $50 = 108,300, room 58,300),
    and no 2028 row although 5 years were asked."""
    result = one_year(tax_year=2026, filing_status="single", taxable_income=D(50000),
                      balance=D(100000), target_rate=D("0.22"), years=5, growth=D(0))
    assert [(r.tax_year, r.room, r.conversion) for r in result.years] == [
        (2026, 55700, 55700), (2027, 58300, 44300)]
    assert result.balance_left == 0


def test_basis_equal_to_balance_is_all_nontaxable() -> None:
    """Line 10 = 1.000 when the basis is the whole balance: the whole balance converts
    tax free even with no room (income above the bracket); line 14 basis left = 0."""
    row = one_year(tax_year=2025, filing_status="single", taxable_income=D(300000),
                   balance=D(7000), basis=D(7000), target_rate=D("0.12")).years[0]
    assert row.room == 0
    assert (row.conversion, row.nontaxable, row.taxable, row.added_tax) == (7000, 7000, 0, 0)
    assert (row.marginal_rate, row.average_rate, row.basis_after) == (None, D(0), 0)


def test_indexed_years_round_increases_down_as_irc_1f7() -> None:
    """2027 and 2028 from the 2026 figures at 2.5% inflation.

    IRC 1(f)(7)(A): increases rounded down to a multiple of $50; (B): $25 for married
    filing separately, except the standard deduction (63(c)(4)).
    Single 24% top 201,775 (Rev. Proc. 2025-32 Table 3): 2027 increase 201,775 x 0.025 =
      5,044.375 -> 5,000 -> 206,775; 2028 increase 201,775 x 0.050625 = 10,214.86 ->
      10,200 -> 211,975.
    MFS 24% top 201,775: 2027 increase 5,044.375 -> 5,025 ($25) -> 206,800.
    Standard deduction 16,100 (Rev. Proc. 2025-32 §4.14(1)): 2027 increase 402.50 -> 400
      -> 16,500 for single and for MFS ($50 for both).
    """
    base = YearFigures.published(load(2026))
    y2027 = index_figures(base, 2027, D("0.025"))
    y2028 = index_figures(base, 2028, D("0.025"))
    single = FilingStatus.SINGLE
    mfs = FilingStatus.MARRIED_FILING_SEPARATELY
    assert y2027.table(single)[3].upper == 206775
    assert y2028.table(single)[3].upper == 211975
    assert y2027.table(mfs)[3].upper == 206800
    assert (y2027.standard(single), y2027.standard(mfs)) == (16500, 16500)
    assert y2027.estimated and y2027.table(single)[-1].upper is None
    assert "estimate" in y2027.brackets.source
    # No inflation, no change.
    same = index_figures(base, 2027, D(0))
    assert same.table(single) == base.table(single)


def test_plan_says_which_years_are_estimated() -> None:
    result = one_year(tax_year=2026, filing_status="single", taxable_income=D(50000),
                      balance=D(1000000), target_rate=D("0.12"), years=2,
                      inflation=D("0.03"))
    assert [r.estimated for r in result.years] == [False, True]
    assert result.estimated_years == (2027,)
    note = [a for a in result.assumptions if a.startswith("ESTIMATED")]
    assert note and "2027" in note[0] and "3%" in note[0] and "1(f)(7)" in note[0]


def test_plan_does_no_io(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = PlanInput(tax_year=2025, filing_status="single", wages=D(90000),
                       balance=D(100000), basis=D(5000), target_rate=D("0.24"), years=4)
    figures = figures_for(inputs)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the planner opened a file")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(io, "open", refuse)
    assert plan(inputs, figures).years


def test_planner_core_imports_no_ui_pdf_or_template_library() -> None:
    code = ("import sys, formhelper.calc.plan\n"
            "print([m for m in ('textual', 'pypdf', 'reportlab', 'jinja2') "
            "if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


# ------------------------------------------------------------------------- command line

ARGS = ["plan", "--year", "2026", "--filing-status", "single", "--wages", "90000",
        "--balance", "300000", "--basis", "30000", "--bracket", "24", "--years", "3"]


def test_cli_text_states_the_limits_and_fits_80_columns(
        capsys: pytest.CaptureFixture[str]) -> None:
    """2026 single, wages 90,000 less the 16,100 standard deduction = 73,900 taxable;
    room to the 24% top 201,775 = 127,875; line 10 = 30,000 / 300,000 = 0.1;
    127,875 / 0.9 = 142,083.3 -> 142,083 (x 0.1 = 14,208.3 -> 14,208; 142,083 - 14,208 =
    127,875)."""
    assert main(ARGS) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "142,083" in out and "127,875" in out
    for limit in LIMITS:
        assert " ".join(limit.split()[:3]) in " ".join(out.split())
    for word in ("state", "IRMAA", "Social Security", "NIIT", "capital-gain",
                 "deductions or credits"):
        assert word in out
    assert "ESTIMATED brackets for 2027, 2028" in " ".join(out.split())
    assert "2027*" in out and "|" in out


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ARGS, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["years"][0]
    assert (first["tax_year"], first["conversion"], first["taxable"]) == (2026, 142083, 127875)
    assert first["marginal_rate"] == 0.24 and first["estimated"] is False
    assert [y["tax_year"] for y in data["years"]] == [2026, 2027, 2028]
    assert data["estimated_years"] == [2027, 2028]
    assert len(data["limits"]) == len(LIMITS)
    assert data["inputs"]["filing_status"] == "single"


def test_cli_pdf_written_and_not_overwritten_without_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "plan.pdf"
    assert main([*ARGS, "--pdf", str(pdf)]) == 0
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    for year in ("2026", "2027", "2028"):
        assert year in text
    assert "IRMAA" in text and "142,083" in text
    first = pdf.read_bytes()
    capsys.readouterr()
    # Different plan, same file: refused, the file untouched.
    other = [*ARGS[:-1], "2", "--pdf", str(pdf)]
    assert main(other) == 1
    err = capsys.readouterr().err
    assert "--pdf" in err and "--force" in err
    assert pdf.read_bytes() == first
    assert main([*other, "--force"]) == 0
    assert pdf.read_bytes() != first
    assert "2028" not in " ".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.mark.parametrize(("change", "option", "words"), [
    (["--balance", "-5"], "--balance", "more than 0"),
    (["--basis", "400000"], "--basis", "more than the balance"),
    (["--bracket", "15"], "--bracket", "10, 12, 22, 24, 32"),
    (["--basis", "-1"], "--basis", "negative"),
    (["--growth", "abc"], "--growth", "not a number"),
    (["--years", "0"], "--years", "greater than or equal to 1"),
    (["--year", "2020"], "--year", "not supported"),
    (["--taxable-income", "50000"], "--taxable-income", "not both"),
    (["--inflation", "40"], "--inflation", "outside"),
])
def test_cli_bad_input_names_the_option(change: list[str], option: str, words: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    args = list(ARGS)
    if change[0] in args:
        args[args.index(change[0]) + 1] = change[1]
    else:
        args += change
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {option}") and words in err
    assert "Traceback" not in err


def test_cli_income_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["plan", "--year", "2026", "--filing-status", "single", "--balance", "1000",
            "--bracket", "12"]
    assert main(args) == 1
    assert "--taxable-income" in capsys.readouterr().err


def test_cli_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as stop:
        main(["plan", "--year", "2026", "--filing-status", "widowed", "--balance", "1",
              "--bracket", "12", "--wages", "1"])
    assert stop.value.code == 2


def test_help_lists_plan_and_loads_no_heavy_library() -> None:
    code = ("import sys, contextlib, io\nfrom formhelper.cli import main\n"
            "buf = io.StringIO()\n"
            "with contextlib.redirect_stdout(buf):\n    main([])\n"
            "assert 'plan' in buf.getvalue()\n"
            "print([m for m in ('textual', 'pypdf', 'reportlab', 'jinja2', "
            "'formhelper.calc.plan') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_cli_says_when_a_year_has_no_room(capsys: pytest.CaptureFixture[str]) -> None:
    """2025 single, taxable income 120,000 is above the 22% top 103,350: nothing fits."""
    assert main(["plan", "--year", "2025", "--filing-status", "single", "--taxable-income",
                 "120000", "--balance", "50000", "--bracket", "22"]) == 0
    out = capsys.readouterr().out
    assert "No room in 2025" in out
    assert "Left in traditional IRAs after the 2025 conversion, grown to 2026: $52,500" in out


def test_readme_example_is_what_the_command_prints(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    block = readme.split("## Plan staged conversions", 1)[1].split("```", 2)[1]
    shown = block.splitlines()[3:]
    shown = shown[:shown.index("...assumptions and limits follow...")]
    assert main(["plan", "--year", "2025", "--filing-status", "single", "--taxable-income",
                 "80000", "--balance", "100000", "--basis", "20000", "--bracket", "22",
                 "--years", "3"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[:len(shown)] == shown
