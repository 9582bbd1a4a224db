"""Properties of the whole return that must hold for every case (hypothesis).

Issue 14, "Properties": Form 1040 line 4b never above line 4a where 4a is shown, 5b
never above 5a; Form 5329 line 3 never above line 1 and line 4 the rate times line 3
(line 4: "Enter 10% (0.10) of line 3"; 25% of the SIMPLE IRA part, the line 4
caution); Form 8606 line 25c never above line 19; basis conserved across a chain of
years (what goes in = the nontaxable part taken out + what is carried; Form 8606
Total Basis Chart, lines 22 and 24 charts); splitting one year's conversion into two
Forms 1099-R changes no line (Form 8606 line 8 is the year's net amount converted);
more tax withheld never lowers the taxable amounts or the additional tax (withholding
is distributed, not converted or rolled over).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from formhelper.calc import ReturnResult
from formhelper.calc.basis import BasisRecord, build_record, next_year_case
from formhelper.files.casefile import parse_case
from formhelper.files.years import load, supported_years
from formhelper.money import ZERO, whole_dollars
from support import run

dollars = st.integers(min_value=0, max_value=200_000)
small = st.integers(min_value=0, max_value=20_000)
born = st.dates(min_value=date(1950, 1, 1), max_value=date(2000, 12, 31))
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def conversion(draw: st.DrawFn, age_code: str) -> dict[str, Any]:
    """A traditional IRA conversion, perhaps with tax withheld (reached: box 1 - box 4)."""
    box_1 = draw(st.integers(min_value=1, max_value=100_000))
    box_4 = draw(st.integers(min_value=0, max_value=box_1 // 4))
    return {"box_1": box_1, "box_2a": box_1, "box_2b_taxable_not_determined": True,
            "box_4": box_4, "box_7": age_code, "ira_sep_simple": True,
            "disposition": {"converted_to_roth_ira": box_1 - box_4}}


@st.composite
def plan_to_roth(draw: st.DrawFn) -> dict[str, Any]:
    """A direct rollover (code G) of plan money to a Roth IRA or in-plan, perhaps split
    with a traditional rollover, perhaps with tax withheld."""
    box_1 = draw(st.integers(min_value=1, max_value=100_000))
    box_5 = draw(st.integers(min_value=0, max_value=box_1))
    box_4 = draw(st.integers(min_value=0, max_value=(box_1 - box_5) // 4))
    rolled = draw(st.integers(min_value=0, max_value=box_1 - box_4))
    rest = box_1 - box_4 - rolled
    where = draw(st.sampled_from(["converted_to_roth_ira", "in_plan_roth_rollover"]))
    disposition = {"rolled_over": rolled, where: rest}
    return {"box_1": box_1, "box_2a": box_1 - box_5, "box_5": box_5, "box_4": box_4,
            "box_7": "G", "disposition": disposition}


@st.composite
def roth_history(draw: st.DrawFn, tax_year: int) -> dict[str, Any]:
    layers: list[dict[str, Any]] = [
        {"year": draw(st.integers(min_value=tax_year - 8, max_value=tax_year - 1)),
         "kind": draw(st.sampled_from(["conversion", "plan_rollover"])),
         "taxable": draw(small), "nontaxable": draw(small)}
        for _ in range(draw(st.integers(min_value=0, max_value=3)))]
    first = draw(st.one_of(st.none(), st.integers(min_value=tax_year - 10,
                                                  max_value=tax_year - 1)))
    if layers:
        first = min([first or tax_year, *(int(lay["year"]) for lay in layers)])
    roth: dict[str, Any] = {"contribution_basis": draw(small),
                            "contributions_this_year": draw(st.sampled_from([0, 7000])),
                            "layers": layers}
    if first is not None:
        roth["first_contribution_year"] = first
    return roth


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """One person's 2025 return: traditional IRAs with or without basis, a conversion,
    a traditional distribution, plan rollovers to Roth, Roth IRA distributions."""
    dob = draw(born)
    half = date(dob.year + 59 + (dob.month + 6 > 12), (dob.month + 5) % 12 + 1, 1)
    age_code = "7" if half <= date(2025, 1, 1) else "2"
    forms: list[dict[str, Any]] = []
    if draw(st.booleans()):
        forms.append(draw(conversion(age_code)))
    if draw(st.booleans()):
        box_1 = draw(st.integers(min_value=1, max_value=50_000))
        forms.append({"box_1": box_1, "box_2a": box_1, "box_7": "7" if age_code == "7" else "1",
                      "ira_sep_simple": True, "box_2b_taxable_not_determined": True})
    if draw(st.booleans()):
        forms.append(draw(plan_to_roth()))
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        forms.append({"box_1": draw(st.integers(min_value=1, max_value=60_000)),
                      "box_7": draw(st.sampled_from(["J", "J", "T", "Q"]))})
    person = {"name": "Prop Erty", "date_of_birth": dob.isoformat(),
              "ira": {"prior_basis": draw(st.sampled_from([0, draw(dollars)])),
                      "nondeductible_contributions": draw(st.sampled_from([0, 7000])),
                      "year_end_value": draw(dollars)},
              "roth": draw(roth_history(2025))}
    return {"tax_year": 2025, "filing_status": "single", "taxpayer": person,
            "forms_1099r": forms}


def _result(data: dict[str, Any]) -> ReturnResult:
    return run(parse_case(data))


@SETTINGS
@given(cases())
def test_taxable_never_above_the_total(data: dict[str, Any]) -> None:
    f1040 = _result(data).f1040
    if f1040.line_4a is not None:
        assert (f1040.line_4b or ZERO) <= f1040.line_4a
    if f1040.line_5a is not None:
        assert (f1040.line_5b or ZERO) <= f1040.line_5a


@SETTINGS
@given(cases())
def test_form_5329_line_3_and_line_4(data: dict[str, Any]) -> None:
    result = _result(data)
    rate = load(2025).f5329.rates.additional_tax.value
    for lines in result.f5329.values():
        assert lines.line_1 is not None and lines.line_3 is not None
        assert 0 <= lines.line_3 <= lines.line_1
        # No code S in these cases: line 4 is 10% of line 3, in whole dollars.
        assert lines.line_4 == whole_dollars(lines.line_3 * rate)
    total = sum((lines.line_4 or ZERO for lines in result.f5329.values()), ZERO)
    assert (result.schedule_2.line_8 or ZERO) == total


@SETTINGS
@given(cases())
def test_line_25c_never_above_line_19(data: dict[str, Any]) -> None:
    for lines in _result(data).f8606.values():
        if lines.line_25c is not None:
            assert lines.line_19 is not None and 0 <= lines.line_25c <= lines.line_19


def _split(form: dict[str, Any], first: int, withheld_first: int) -> list[dict[str, Any]]:
    """One conversion form as two: box 1 ``first`` + the rest, the withholding split."""
    out = []
    for box_1, box_4 in ((first, withheld_first),
                         (form["box_1"] - first, form["box_4"] - withheld_first)):
        out.append({**form, "box_1": box_1, "box_2a": box_1, "box_4": box_4,
                    "disposition": {"converted_to_roth_ira": box_1 - box_4}})
    return out


def _lines(result: ReturnResult) -> dict[str, Any]:
    return {
        "f8606": {o: lines.lines() for o, lines in result.f8606.items()},
        "f1040": result.f1040.model_dump(),
        "f5329": {o: lines.lines() for o, lines in result.f5329.items()},
        "schedule_2": result.schedule_2.model_dump(),
        "basis": {o: (lines.basis_carried, lines.roth_contribution_basis_carried,
                      lines.roth_layers_carried) for o, lines in result.f8606.items()},
    }


@SETTINGS
@given(cases(), st.data())
def test_splitting_a_conversion_into_two_forms_changes_no_line(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    index = next((n for n, f in enumerate(data["forms_1099r"])
                  if f.get("disposition", {}).get("converted_to_roth_ira") and
                  f.get("ira_sep_simple")), None)
    assume(index is not None and data["forms_1099r"][index]["box_1"] >= 2)
    assert index is not None
    form = data["forms_1099r"][index]
    first = draw.draw(st.integers(min_value=1, max_value=form["box_1"] - 1))
    # Each part stays a conversion (something of it reached the Roth IRA): a form with
    # nothing converted is not one (coded 2, it would be an exception to the 10%).
    low = max(0, form["box_4"] - (form["box_1"] - first) + 1)
    high = min(first - 1, form["box_4"])
    assume(low <= high)
    withheld_first = draw.draw(st.integers(min_value=low, max_value=high))
    split = {**data, "forms_1099r": [*data["forms_1099r"][:index],
                                     *_split(form, first, withheld_first),
                                     *data["forms_1099r"][index + 1:]]}
    assert _lines(_result(split)) == _lines(_result(data))


def _taxed(result: ReturnResult) -> tuple[Decimal, Decimal]:
    taxable = (result.f1040.line_4b or ZERO) + (result.f1040.line_5b or ZERO)
    return taxable, result.schedule_2.line_8 or ZERO


@SETTINGS
@given(cases(), st.data())
def test_more_withholding_never_lowers_the_tax(data: dict[str, Any], draw: st.DataObject) -> None:
    # More of a form's money withheld for tax, so less of it converted or rolled to a
    # Roth account: the taxable amounts and the additional tax never go down.
    moving = [n for n, f in enumerate(data["forms_1099r"])
              if f.get("disposition", {}).get("converted_to_roth_ira")
              or f.get("disposition", {}).get("in_plan_roth_rollover")]
    assume(moving)
    index = draw.draw(st.sampled_from(moving))
    form = data["forms_1099r"][index]
    key = ("converted_to_roth_ira" if form["disposition"].get("converted_to_roth_ira")
           else "in_plan_roth_rollover")
    # Something still reaches the Roth account: a form with nothing converted and code 2
    # is no longer a conversion but a distribution with an exception to the 10%.
    assume(form["disposition"][key] >= 2)
    more = draw.draw(st.integers(min_value=1, max_value=form["disposition"][key] - 1))
    changed = {**form, "box_4": form["box_4"] + more,
               "disposition": {**form["disposition"], key: form["disposition"][key] - more}}
    other = {**data, "forms_1099r": [*data["forms_1099r"][:index], changed,
                                     *data["forms_1099r"][index + 1:]]}
    first, second = _result(data), _result(other)
    before, after = _taxed(first), _taxed(second)
    # Form 8606 rounds line 11 (line 8 x line 10) and line 12 (line 7 x line 10) each to
    # whole dollars, so moving dollars from line 8 (converted) to line 7 (withheld) can
    # move the taxable total by $1 either way, and the additional tax by at most as
    # much; without a line 10 there is no such rounding.
    slack = Decimal(1) if any(lines.line_10 is not None
                              for lines in second.f8606.values()) else ZERO
    assert after[0] >= before[0] - slack
    assert after[1] >= before[1] - slack


# ------------------------------------------------------------------ a chain of years


@st.composite
def year_forms(draw: st.DrawFn) -> dict[str, Any]:
    """What happens in one year of the chain: contributions, a conversion, a
    distribution, plan rollovers to Roth, a Roth IRA distribution."""
    forms: list[dict[str, Any]] = []
    if draw(st.booleans()):
        forms.append(draw(conversion("2")))
    if draw(st.booleans()):
        box_1 = draw(st.integers(min_value=1, max_value=30_000))
        forms.append({"box_1": box_1, "box_2a": box_1, "box_7": "1", "ira_sep_simple": True})
    if draw(st.booleans()):
        forms.append(draw(plan_to_roth()))
    if draw(st.booleans()):
        forms.append({"box_1": draw(st.integers(min_value=1, max_value=60_000)), "box_7": "J"})
    return {"forms": forms, "nondeductible": draw(st.sampled_from([0, 7000])),
            "roth_contribution": draw(st.sampled_from([0, 7000])),
            "year_end_value": draw(dollars)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(year_forms(), min_size=2, max_size=4), small, small,
       st.lists(st.tuples(small, small), max_size=2))
def test_basis_is_conserved_across_a_chain_of_years(
    years: list[dict[str, Any]], prior_basis: int, contribution_basis: int,
    layers: list[tuple[int, int]],
) -> None:
    # Traditional IRAs (Total Basis Chart): line 2 of the first year plus every line 1
    # = every line 13 (nontaxable part of distributions and conversions) + the last
    # line 14. Roth IRAs (line 22 and line 24 charts, ordering rules): the contribution
    # basis and the nontaxable parts of conversions and rollovers put in = the parts the
    # distributions took from them + what the last record carries; and each year's
    # taxable parts in = taken + carried.
    supported = supported_years()
    start = min(supported)
    years = years[:len(supported)]
    case: dict[str, Any] = {
        "tax_year": start, "filing_status": "single",
        "taxpayer": {"name": "Chain", "date_of_birth": "1985-04-01",
                     "ira": {"prior_basis": prior_basis},
                     "roth": {"contribution_basis": contribution_basis,
                              # Years before the first supported one (2015 and 2018+
                              # when it was 2024; earlier years were added by issue 21).
                              "first_contribution_year": start - 9,
                              "layers": [{"year": start - 6 + n, "taxable": t, "nontaxable": nt}
                                         for n, (t, nt) in enumerate(layers)]}},
        "forms_1099r": []}
    trad_in, trad_out = Decimal(prior_basis), ZERO
    contrib_in, contrib_out = Decimal(contribution_basis), ZERO
    nontax_in = Decimal(sum(nt for _t, nt in layers))
    tax_in = Decimal(sum(t for t, _nt in layers))
    nontax_out = tax_out = ZERO
    record: BasisRecord | None = None
    for year in years:
        person = case["taxpayer"]
        person["ira"]["nondeductible_contributions"] = year["nondeductible"]
        person["ira"]["year_end_value"] = year["year_end_value"]
        person.setdefault("roth", {})["contributions_this_year"] = year["roth_contribution"]
        case["forms_1099r"] = year["forms"]
        parsed = parse_case(case)
        result = run(parsed)
        lines = result.f8606[parsed.people()[0][0]]
        trad_in += lines.line_1 or ZERO
        trad_out += lines.line_13 or ZERO
        contrib_in += year["roth_contribution"]
        # This year's layer: the conversion (line 17 nontaxable, line 18 taxable) and the
        # plan money that reached a Roth IRA, its pre-tax part after the traditional
        # rollover took its share (IRC 402(c)(2)) taxable, the rest after-tax.
        nontax_in += lines.line_17 or ZERO
        tax_in += lines.line_18 or ZERO
        for form in year["forms"]:
            to_roth = form.get("disposition", {}).get("converted_to_roth_ira", 0)
            if form["box_7"] == "G" and to_roth:
                pre_tax = min(max(form["box_2a"] - form["disposition"]["rolled_over"], 0),
                              to_roth)
                tax_in += pre_tax
                nontax_in += to_roth - pre_tax
        for step in lines.roth_ordering:
            if step.source == "regular contributions":
                contrib_out += step.amount
            elif step.year is not None and step.taxable_when_converted:
                tax_out += step.amount
            elif step.year is not None:
                nontax_out += step.amount
        record = build_record(parsed, result, record)
        case = next_year_case(record)
    assert record is not None
    final = record.people[0]
    assert trad_in == trad_out + final.traditional_ira_basis
    assert contrib_in == contrib_out + final.roth_contribution_basis
    assert nontax_in == nontax_out + sum((lay.nontaxable for lay in final.roth_layers), ZERO)
    assert tax_in == tax_out + sum((lay.taxable for lay in final.roth_layers), ZERO)
