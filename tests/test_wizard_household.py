"""The household planner in the wizard (issue 19): started from the return as
``formhelper plan --start CASE`` does, adjusted on one screen, figured and shown as
``formhelper plan PLAN_FILE`` shows it, saved as its ``--pdf``.

The figures are the planner's own (tested in tests/test_plan_household.py against IRS
examples); here the wizard must give the planner the same household the command line
gives it and show the same report: each screen test compares with ``formhelper plan`` run
on a plan file written by hand with the same values.  Ages become calendar years: born
1975, Social Security from the year you turn 67 is ``{2042 = amount}``, wages stopping
the year you turn 65 is ``{2026 = amount, 2040 = 0}``.
"""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from formhelper.cli import main
from formhelper.tui.app import WizardApp, make_app
from formhelper.tui.household import (
    BadInput,
    HouseholdScreen,
    defaults,
    household_data,
    plain_problem,
)
from support import SAMPLES


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("FORMHELPER_DATA_DIR", str(folder))
    return folder


def copy_sample(tmp_path: Path, name: str) -> Path:
    target = tmp_path / f"{name}.toml"
    shutil.copy(SAMPLES / f"{name}.toml", target)
    return target


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 0
    return capsys.readouterr().out


async def open_household(pilot: Pilot[None]) -> HouseholdScreen:
    """Review -> Plan conversions -> Household plan, as a person clicks."""
    app = pilot.app
    await pilot.pause()
    await pilot.click("#open-plan")
    await pilot.pause()
    await pilot.click("#plan-household")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, HouseholdScreen)
    await settle(pilot)
    return screen


async def settle(pilot: Pilot[None]) -> None:
    """Let the pause after typing pass and the worker finish."""
    await pilot.pause(0.5)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def set_box(pilot: Pilot[None], key: str, text: str) -> None:
    box = pilot.app.screen.query_one(f"#{key}", Input)
    box.focus()
    await pilot.pause()
    box.action_home()
    await pilot.press("ctrl+k", *text)


def shown(screen: HouseholdScreen, widget: str = "#hh-text") -> str:
    return str(screen.query_one(widget, Static).render())


# ------------------------------------------------------------------ the data, no screen

START = {"tax_year": 2026, "years": 30, "filing_status": "single", "taxable_balance": 0,
         "heirs_rate": Decimal("0.24"), "state_rate": 0,
         "people": [{"name": "you", "birth_date": date(1975, 3, 14),
                     "ira_balance": 50000, "ira_basis": 10000, "social_security": 0}]}


def test_ages_become_the_years_of_those_birthdays() -> None:
    """Born 1975: Social Security from the year of the 67th birthday (2042), wages until
    the year of the 65th (2040); percents become rates."""
    values = defaults(START) | {"hh_ss_0": "30000", "hh_wages_0": "60000",
                                "hh_heirs": "30", "hh_state": "5", "hh_bracket": "0.24",
                                "hh_tier": "1", "hh_cash": "100000", "hh_years": "20"}
    data = household_data(START, values)
    person = data["people"][0]
    assert person["social_security"] == {2042: Decimal(30000)}
    assert person["wages"] == {2026: Decimal(60000), 2040: Decimal(0)}
    assert person["pension"] == 0
    assert (data["heirs_rate"], data["state_rate"], data["years"]) == (
        Decimal("0.3"), Decimal("0.05"), 20)
    assert data["limits"] == {"bracket": Decimal("0.24"), "irmaa_tier": 1}
    assert data["taxable_balance"] == Decimal(100000)


def test_marketplace_coverage_and_the_aca_cliff_limit() -> None:
    """The ACA inputs become the plan file's ``[aca]`` table and ``limits.aca_cliff``;
    no year: no coverage."""
    assert "aca" not in household_data(START, defaults(START))
    values = defaults(START) | {"hh_aca_last": "2030", "hh_aca_benchmark": "24000",
                                "hh_aca_cliff": "yes"}
    data = household_data(START, values)
    assert data["aca"] == {"last": 2030, "benchmark": Decimal(24000)}
    assert data["limits"] == {"aca_cliff": True}
    with pytest.raises(BadInput, match=r"^Marketplace through: the last year"):
        household_data(START, defaults(START) | {"hh_aca_last": "1999"})
    assert plain_problem("aca.benchmark: no benchmark premium in 2026", ["you"]) == (
        "Benchmark premium: no benchmark premium in 2026")


def test_typed_values_refused_by_their_label() -> None:
    with pytest.raises(BadInput, match=r"^Years to plan: not a number$"):
        household_data(START, defaults(START) | {"hh_years": "thirty"})
    with pytest.raises(BadInput, match=r"^Years to plan: type a whole number$"):
        household_data(START, defaults(START) | {"hh_years": "2.5"})
    with pytest.raises(BadInput, match=r"^Age Social Security starts \(you\): an age from 0"):
        household_data(START, defaults(START) | {"hh_ss_0": "1000", "hh_ss_age_0": "-3"})
    # Wages that stop before the plan starts are a contradiction, not a zero.
    with pytest.raises(BadInput, match=r"^Wages \(you\): they stop in 2026"):
        household_data(START, defaults(START) | {"hh_wages_0": "1000",
                                                 "hh_wages_age_0": "51"})


def test_plan_file_problems_in_the_screens_words() -> None:
    names = ["you", "spouse"]
    assert plain_problem("people[1].wages: must be an amount of 0 or more (got -1)",
                         names) == "Wages (spouse): must be an amount of 0 or more (got -1)"
    assert plain_problem("heirs_rate: 100% is outside 0% to under 100%", names) == (
        "Heirs' tax rate: 100% is outside 0% to under 100%")
    assert plain_problem("people: give the two spouses different names", names) == (
        "The household: give the two spouses different names")


# ------------------------------------------------------------------ the screen


@pytest.mark.slow  # the wizard end to end (tests/conftest.py SLOW)
async def test_started_from_the_return_as_plan_start(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    """Untouched, the screen shows what ``plan --start CASE`` then ``plan FILE`` print."""
    case = copy_sample(tmp_path, "pro-rata-conversion-2025")
    started = tmp_path / "start.toml"
    started.write_text(cli(["plan", "--start", str(case)], capsys))
    expected = cli(["plan", str(started)], capsys)
    app = make_app(case)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_household(pilot)
        assert screen.plan is not None
        assert shown(screen) == expected
        # The figures of the return: the December 31 value and Form 8606 line 14.
        person = screen.plan.household.people[0]
        assert (person.ira_balance, person.ira_basis) == (Decimal(50000), Decimal(10000))
        assert shown(screen, "#hh-status").startswith("Optimum: converts $")


@pytest.mark.slow  # the wizard end to end (tests/conftest.py SLOW)
async def test_inputs_adjust_the_plan(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Typed on the screen = written in a plan file by hand, report for report."""
    case = copy_sample(tmp_path, "pro-rata-conversion-2025")
    by_hand = tmp_path / "plan.toml"
    by_hand.write_text(
        "tax_year = 2026\nyears = 20\nfiling_status = \"single\"\n"
        "taxable_balance = 100000\nheirs_rate = 0.30\nstate_rate = 0.05\n"
        "[[people]]\nname = \"you\"\nbirth_date = 1975-03-14\nira_balance = 50000\n"
        "ira_basis = 10000\nwages = { 2026 = 60000, 2040 = 0 }\npension = 0\n"
        "social_security = { 2042 = 30000 }\n[limits]\nbracket = 0.24\nirmaa_tier = 1\n")
    expected = cli(["plan", str(by_hand)], capsys)
    app = make_app(case)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_household(pilot)
        for key, text in (("hh_years", "20"), ("hh_cash", "100000"), ("hh_heirs", "30"),
                          ("hh_state", "5"), ("hh_ss_0", "30000"), ("hh_wages_0", "60000")):
            await set_box(pilot, key, text)
        screen.query_one("#hh_bracket", Select).value = "0.24"
        screen.query_one("#hh_tier", Select).value = "1"
        await pilot.pause()
        # While the optimizer runs the screen says so (and stays responsive).
        screen.replan()
        assert shown(screen, "#hh-status").startswith("working...")
        await settle(pilot)
        assert screen.plan is not None
        assert shown(screen) == expected
    # The inputs are kept with the draft: the screen opens with them next time.
    assert isinstance(app, WizardApp) and app.session is not None
    assert app.session.draft.settings["hh_ss_0"] == "30000"


@pytest.mark.slow  # the wizard end to end (tests/conftest.py SLOW)
async def test_bad_input_shows_no_figures(tmp_path: Path) -> None:
    case = copy_sample(tmp_path, "pro-rata-conversion-2025")
    app = make_app(case)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_household(pilot)
        await set_box(pilot, "hh_heirs", "100")
        await settle(pilot)
        assert shown(screen, "#hh-status") == (
            "! Heirs' tax rate: 100% is outside 0% to under 100%")
        assert screen.plan is None and shown(screen) == ""
        await pilot.press("ctrl+s")  # nothing to save
        await pilot.pause()
        assert not (tmp_path / "pro-rata-conversion-2025-output").exists()


@pytest.mark.slow  # the wizard end to end (tests/conftest.py SLOW)
async def test_a_household_the_planner_refuses_is_named(tmp_path: Path) -> None:
    """married-both-convert: spouses born 1979 and 1960, more than 10 years apart: the
    Uniform Lifetime Table may not apply (Pub. 590-B Table II); refused, not figured."""
    case = copy_sample(tmp_path, "married-both-convert-2025")
    app = make_app(case)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_household(pilot)
        assert screen.plan is None
        assert shown(screen, "#hh-status").startswith(
            "! The household: a spouse more than 10 years younger")


async def test_a_return_the_planner_cannot_start_from_shows_only_why(
        tmp_path: Path) -> None:
    """partial-conversion-2026 is married filing separately, which the household planner
    refuses: the screen says so in its words, with no inputs to fill, and Back returns."""
    case = copy_sample(tmp_path, "partial-conversion-2026")
    app = make_app(case)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_household(pilot)
        assert screen.plan is None
        assert shown(screen, "#hh-status") == (
            "! Filing status: married filing separately is not supported by the household "
            "planner")
        assert not screen.query(Input)
        await pilot.press("enter")  # on "< Back"
        await pilot.pause()
        assert not isinstance(app.screen, HouseholdScreen)


@pytest.mark.slow  # the wizard end to end (tests/conftest.py SLOW)
async def test_two_people_and_both_sizes(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A joint return (married-both-convert with the spouses 3 years apart): a column
    of inputs each; the report fits 80 columns at 80x24 and at 120x40."""
    case = tmp_path / "joint.toml"
    case.write_text((SAMPLES / "married-both-convert-2025.toml").read_text()
                    .replace("date_of_birth = 1979-04-01", "date_of_birth = 1963-04-01"))
    started = tmp_path / "start.toml"
    text = cli(["plan", "--start", str(case)], capsys)
    at = text.rindex("pension = 0")  # the spouse's, the second person of the file
    started.write_text(text[:at] + "pension = 12000" + text[at + len("pension = 0"):])
    expected = cli(["plan", str(started)], capsys)
    for size in ((80, 24), (120, 40)):
        app = make_app(case)
        async with app.run_test(size=size) as pilot:
            screen = await open_household(pilot)
            await set_box(pilot, "hh_pension_1", "12000")
            await settle(pilot)
            assert screen.plan is not None
            assert [p.name for p in screen.plan.household.people] == ["you", "spouse"]
            assert shown(screen) == expected
            report = screen.query_one("#hh-report")
            assert report.content_region.width >= 80  # the text report's 80 columns
            assert report.region.height >= (8 if size[1] == 24 else 20)
            assert report.region.bottom <= size[1] - 1  # above the footer


@pytest.mark.slow  # the wizard end to end (tests/conftest.py SLOW)
async def test_pdf_written_and_never_replaced_without_a_yes(tmp_path: Path) -> None:
    case = copy_sample(tmp_path, "pro-rata-conversion-2025")
    target = tmp_path / "pro-rata-conversion-2025-output" / "household-plan-2026.pdf"
    app = make_app(case)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_household(pilot)
        await pilot.click("#hh-pdf")
        await pilot.pause()
        first = target.read_bytes()
        assert first.startswith(b"%PDF")
        await set_box(pilot, "hh_state", "5")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")  # No
        await pilot.pause()
        assert target.read_bytes() == first
        assert "kept as it was" in shown(screen, "#hh-status")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert target.read_bytes() != first
        assert target.with_name(target.name + ".bak").read_bytes() == first
        await pilot.press("escape")  # back to the single-bracket planner
        await pilot.pause()
        assert type(app.screen).__name__ == "PlanScreen"


@pytest.mark.slow  # the wizard end to end (tests/conftest.py SLOW)
async def test_marketplace_inputs_are_the_plan_files_aca_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Marketplace coverage typed on the screen = the ``[aca]`` table written by hand."""
    case = copy_sample(tmp_path, "pro-rata-conversion-2025")
    by_hand = tmp_path / "plan.toml"
    by_hand.write_text(
        "tax_year = 2026\nyears = 10\nfiling_status = \"single\"\n"
        "taxable_balance = 0\nheirs_rate = 0.24\nstate_rate = 0\n"
        "[[people]]\nname = \"you\"\nbirth_date = 1975-03-14\nira_balance = 50000\n"
        "ira_basis = 10000\nwages = 0\npension = 20000\nsocial_security = 0\n"
        "[aca]\nlast = 2029\nbenchmark = 9000\n[limits]\naca_cliff = true\n")
    expected = cli(["plan", str(by_hand)], capsys)
    app = make_app(case)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_household(pilot)
        for key, text in (("hh_years", "10"), ("hh_pension_0", "20000"),
                          ("hh_aca_last", "2029"), ("hh_aca_benchmark", "9000")):
            await set_box(pilot, key, text)
        screen.query_one("#hh_aca_cliff", Select).value = "yes"
        await settle(pilot)
        assert screen.plan is not None
        assert shown(screen) == expected
        assert "ACA premium tax credit, Form 8962" in expected
