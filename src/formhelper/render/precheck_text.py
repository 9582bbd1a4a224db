"""What ``formhelper precheck`` prints: the projected lines, what spoils them, the
remedies side by side and the dates, as text or as JSON.

Pure: strings and dicts from a :class:`formhelper.calc.precheck.Precheck`.  The
projected return is shown by :mod:`formhelper.render.return_text`, so its lines and
JSON keys are the ones ``compute`` prints.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from formhelper.calc.precheck import KeyDate, Move, Precheck, Scenario, Spoiler
from formhelper.models import CaseFile, Owner
from formhelper.money import fmt_dollars
from formhelper.render.ics import Event
from formhelper.render.return_text import to_json, to_text
from formhelper.render.wrap import wrap

#: Where each rule is written; every spoiler, remedy and date names its source.
SOURCES: dict[str, str] = {
    "line_6": "Form 8606 instructions, line 6",
    "separate": "Form 8606 instructions: \"If married, file a separate form for each spouse\"",
    "basis": "Form 8606 instructions, lines 1, 4 and 14 (Total Basis Chart)",
    "penalty": "Form 8606 instructions, \"Penalty for not filing\" ($50)",
    "no_recharacterization": "Pub. 590-A, Recharacterizations (no conversion made after 2017 "
                             "can be recharacterized)",
    "roll_to_plan": "Pub. 590-A, Rollover From Traditional IRAs Into an Eligible Retirement "
                    "Plan Other Than an IRA; IRC 408(d)(3)(H); Form 8606 line 7 (rollovers "
                    "left out)",
    "simple": "Pub. 590-A, SIMPLE IRAs: in the first 2 years of participation, a rollover "
              "only to another SIMPLE IRA",
    "convert": "Form 8606 lines 8-18",
    "contribution_deadline": "Pub. 590-A, When Can Contributions Be Made? (the due date of "
                             "the return, not including extensions); IRC 7503",
    "year_end": "Form 8606 instructions, line 6 (value as of December 31) and Part II",
    "window_ends": "Pub. 590-B, Ordering Rules and Additional Tax on Early Distributions "
                   "(5-year period from January 1 of the conversion year); IRC 408A(d)(3)(F)",
}


def _d(amount: Decimal) -> str:
    return "$" + fmt_dollars(amount)


def _day(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _you(owner: Owner) -> tuple[str, str]:
    """("you", "your") or ("your spouse", "your spouse's")."""
    if owner == Owner.SPOUSE:
        return "your spouse", "your spouse's"
    return "you", "your"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cost(spoiler: Spoiler) -> str:
    if spoiler.cost is None:
        return ""
    if spoiler.cost <= 0:
        return " It adds nothing to the taxable amount."
    return (f" Without it, Form 1040 line 4b would be {_d(spoiler.cost)} lower: that much "
            "more is taxable.")


def spoiler_text(s: Spoiler, tax_year: int) -> tuple[str, str]:
    """(sentence, source) for one spoiler."""
    _who, whose = _you(s.owner)
    counts = (f"Form 8606 line 6 takes the December 31 value of all {whose} traditional, "
              "SEP and SIMPLE IRAs.")
    last = tax_year - 1
    texts: dict[str, tuple[str, str]] = {
        "sep": (f"{_cap(whose)} SEP IRA ({_d(s.amount)}) counts: {counts}", "line_6"),
        "simple": (f"{_cap(whose)} SIMPLE IRA ({_d(s.amount)}) counts: {counts}", "line_6"),
        "rolled_in": (f"The {_d(s.amount)} rolled into {whose} traditional IRA this year "
                      f"counts, though it came from an employer plan: {counts}", "line_6"),
        "other_ira": (f"Pre-tax money in {whose} traditional IRAs on December 31 (of the "
                      f"{_d(s.amount)} expected) counts: {counts}", "line_6"),
        "outstanding_rollover": (f"The {_d(s.amount)} taken out after November 1 and rolled "
                                 f"over next year (an outstanding rollover) is added to line 6.",
                                 "line_6"),
        "basis_short": (f"{_cap(whose)} basis looks short by {_d(s.amount)}: a contribution "
                        f"for {last} made from January 1 to April 15, {tax_year} is on the "
                        f"{last} Form 8606 lines 1 and 4, so in its line 14, which is this "
                        f"year's line 2. If the {last} Form 8606 does not show it, correct it "
                        "before filing.", "basis"),
        "basis_not_given": (f"Last year's Form 8606 line 14 ({whose} basis) was not given and "
                            "is taken as 0. Nondeductible contributions of earlier years are "
                            "basis: give last year's line 14, and file the Form 8606 of any "
                            "year that had one but went without it.", "penalty"),
        "year_end_decides": (f"A conversion is taxed by what {whose} IRAs hold on December 31 "
                             f"({_d(s.amount)} expected), not on the day of the conversion: "
                             f"money that reaches {whose} traditional, SEP or SIMPLE IRAs "
                             "before the year ends (an employer's SEP contribution, a rollover "
                             "from a plan) makes it more taxable, and a conversion cannot be "
                             "undone.", "no_recharacterization"),
        "spouse_apart": (f"{_cap(_other_whose(s.owner))} IRAs ({_d(s.amount)}) do not count on "
                         f"{whose} Form 8606: each spouse files a separate Form 8606 and line "
                         "6 holds only the owner's IRAs.", "separate"),
    }
    text, source = texts[s.id]
    return text + _cost(s), SOURCES[source]


def _other_whose(owner: Owner) -> str:
    return "your" if owner == Owner.SPOUSE else "your spouse's"


def _move(m: Move) -> str:
    _who, whose = _you(m.owner)
    if m.kind == "roll_to_plan":
        return (f"roll {_d(m.amount)} of pre-tax money from {whose} traditional, SEP and "
                "SIMPLE IRAs into an employer plan that accepts it (a direct rollover)")
    if m.kind == "convert":
        return f"convert {_d(m.amount)} of {whose} traditional IRA money to a Roth IRA"
    return f"do not make the {_d(m.amount)} conversion planned"


def remedy_title(s: Scenario, joint: bool) -> str:
    prefix = ""
    if joint and s.owner is not None:
        prefix = "You: " if s.owner == Owner.TAXPAYER else "Your spouse: "
    if s.id == "as_planned":
        return "As planned"
    words = {"roll_to_plan": "Roll pre-tax IRA money to a plan",
             "convert_all": "Convert everything",
             "do_nothing": "Do nothing this year"}
    return prefix + words[s.id]


def remedy_notes(s: Scenario, p: Precheck, simple: bool) -> list[tuple[str, str]]:
    """(sentence, source) explaining one remedy."""
    assert s.owner is not None
    _who, whose = _you(s.owner)
    moves = "; ".join(_move(m) for m in s.moves)
    out: list[tuple[str, str]] = []
    if s.id == "roll_to_plan":
        out.append((f"By {_day(s.by or date.max)}: {moves}. Only the pre-tax part can go: "
                    f"what stays in {whose} IRAs or is not rolled over must be at least "
                    f"{whose} basis (the nondeductible contributions). Ask the plan first: "
                    "plans may, but need not, accept rollovers from IRAs.", "roll_to_plan"))
    elif s.id == "convert_all":
        out.append((f"By {_day(s.by or date.max)}: {moves}. Every pre-tax dollar converted is "
                    "taxed this year; nothing is left on line 6.", "convert"))
    elif s.id == "do_nothing":
        out.append((f"{_cap(moves)} this year. The contribution stays basis (line 14, next "
                    "year's line 2): convert in a year whose December 31 finds no pre-tax "
                    f"money in {whose} traditional, SEP and SIMPLE IRAs. A contribution for "
                    f"{p.tax_year} not made yet can wait until {_day(s.by or date.max)}.",
                    "contribution_deadline"))
    if simple and s.id in ("roll_to_plan", "convert_all"):
        out.append(("SIMPLE IRA money in its first 2 years can move only to another "
                    "SIMPLE IRA.", "simple"))
    return [(text, SOURCES[source]) for text, source in out]


def date_text(d: KeyDate, tax_year: int) -> tuple[str, str]:
    if d.id == "year_end":
        return (f"Last day of {tax_year}: a conversion counts in {tax_year}, and a rollover "
                f"of IRA money into an employer plan is off the {tax_year} Form 8606 line 6, "
                "only when done by this day.", SOURCES["year_end"])
    if d.id == "contribution_deadline":
        return (f"Last day to make a traditional IRA contribution for {tax_year} "
                "(Form 8606 line 1).", SOURCES["contribution_deadline"])
    assert d.owner is not None
    _who, whose = _you(d.owner)
    return (f"End of the 5-year window of {whose} {d.year} conversion or plan rollover to a "
            "Roth IRA: its taxable part taken out before then can owe the 10% additional "
            "tax under age 59½.", SOURCES["window_ends"])


def _joint(p: Precheck) -> bool:
    return Owner.SPOUSE in p.planned.result.f8606


def _line(s: Scenario, owner: Owner | None, key: str) -> Decimal | None:
    if owner is None:
        return None
    value: Decimal | None = getattr(s.result.f8606[owner], key)
    return value


def _amount(value: Decimal | None, ratio: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:.5f}" if ratio else fmt_dollars(value)


def to_precheck_text(case: CaseFile, p: Precheck, notes: list[str], simple: set[Owner]) -> str:
    """The whole report: projection, spoilers, remedies side by side, dates."""
    joint = _joint(p)
    out = [f"Precheck of {p.tax_year}: a projection from the values expected on "
           f"{_day(date(p.tax_year, 12, 31))}, not a return.", ""]
    planned = "; ".join(_move(m) for m in p.planned.moves) or "no conversion planned"
    out += wrap(f"As planned: {planned}.", "")
    out += ["", "Projected lines (as planned)", ""]
    out += to_text(case, p.planned.result).rstrip("\n").split("\n")
    out += ["", "What makes it taxable"]
    if not p.spoilers:
        out.append("- Nothing found that makes it taxable.")
    for spoiler in p.spoilers:
        text, source = spoiler_text(spoiler, p.tax_year)
        out += wrap(f"{text} ({source})")
    if p.remedies:
        out += ["", "Remedies, each projected on its own"]
        out.append(f"{'Form 8606 lines 10 and 18, Form 1040 line 4b':<47}{'by':>10}"
                   f"{'l.10':>9}{'l.18':>7}{'4b':>7}")
        rows: list[tuple[Scenario, Owner, str]] = []
        for owner in p.planned.result.f8606:
            title = "As planned" + ((" (you)" if owner == Owner.TAXPAYER else
                                     " (your spouse)") if joint else "")
            rows.append((p.planned, owner, title))
        rows += [(s, s.owner, remedy_title(s, joint)) for s in p.remedies if s.owner]
        for s, owner, title in rows:
            by = f"{s.by:%Y-%m-%d}" if s.by else "-"
            out.append(f"{title[:46]:<47}{by:>10}"
                       f"{_amount(_line(s, owner, 'line_10'), True):>9}"
                       f"{_amount(_line(s, owner, 'line_18')):>7}{_amount(s.taxable):>7}")
        for s in p.remedies:
            out += ["", remedy_title(s, joint)]
            for text, source in remedy_notes(s, p, s.owner in simple):
                out += wrap(f"{text} ({source})")
            out += _remedy_lines(s)
    out += ["", "Dates"]
    for d in p.dates:
        text, source = date_text(d, p.tax_year)
        out += wrap(f"{text} ({source})", f"{d.day:%Y-%m-%d}  ")
    if notes:
        out += ["", "Notes"]
        for note in notes:
            out += wrap(note)
    return "\n".join(out) + "\n"


def _remedy_lines(s: Scenario) -> list[str]:
    """The lines a remedy changes: Form 8606 lines 6-18 and 14, Form 1040 4a/4b."""
    assert s.owner is not None
    lines = s.result.f8606[s.owner].lines()
    shown = [(k.removeprefix("line_"), v) for k, v in lines.items()
             if v is not None and k in ("line_6", "line_8", "line_9", "line_10", "line_11",
                                        "line_14", "line_17", "line_18")]
    parts = [f"line {k} {_amount(v, k == '10')}" for k, v in shown]
    f1040 = s.result.f1040
    text = "Form 8606 " + "; ".join(parts) + ". " if parts else ""
    text += (f"Form 1040 line 4a {_amount(f1040.line_4a)}; line 4b "
             f"{_amount(f1040.line_4b)}.")
    return wrap(text.replace(" -", " blank"), "  ")


def _scenario_json(s: Scenario, p: Precheck, joint: bool, simple: set[Owner]) -> dict[str, Any]:
    full = to_json(s.result)
    data: dict[str, Any] = {
        "id": s.id,
        "title": remedy_title(s, joint),
        "by": s.by.isoformat() if s.by else None,
        "moves": [{"kind": m.kind, "owner": m.owner.value, "amount": _number(m.amount)}
                  for m in s.moves],
        "f8606": full["f8606"],
        "f1040": full["f1040"],
        "basis_next_year": full["basis_next_year"],
        "line_4b_saved": _number(p.planned.taxable - s.taxable),
    }
    if s.owner is not None:
        data["owner"] = s.owner.value
        data["notes"] = [{"text": t, "source": src}
                         for t, src in remedy_notes(s, p, s.owner in simple)]
    return data


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def to_precheck_json(p: Precheck, notes: list[str], simple: set[Owner]) -> dict[str, Any]:
    """``compute --json``'s document of the planned year, plus ``planned``,
    ``spoilers``, ``remedies`` (each with its own ``f8606``/``f1040`` lines) and
    ``dates``."""
    joint = _joint(p)
    data = to_json(p.planned.result)
    data["planned"] = _scenario_json(p.planned, p, joint, simple)
    data["spoilers"] = [
        {"id": s.id, "owner": s.owner.value, "amount": _number(s.amount),
         "cost": None if s.cost is None else _number(s.cost),
         "text": spoiler_text(s, p.tax_year)[0], "source": spoiler_text(s, p.tax_year)[1]}
        for s in p.spoilers
    ]
    data["remedies"] = [_scenario_json(s, p, joint, simple) for s in p.remedies]
    data["dates"] = [
        {"date": d.day.isoformat(), "id": d.id, "text": date_text(d, p.tax_year)[0],
         "source": date_text(d, p.tax_year)[1],
         **({"owner": d.owner.value, "year": d.year} if d.owner is not None else {})}
        for d in p.dates
    ]
    data["notes"] = notes
    return data


def calendar_events(p: Precheck) -> list[Event]:
    """The dates as calendar events (``--calendar FILE``)."""
    year = p.tax_year
    out: list[Event] = []
    for d in p.dates:
        text, source = date_text(d, year)
        if d.id == "year_end":
            summary = f"Last day for {year} Roth conversions and IRA rollovers into a plan"
            key = d.id
        elif d.id == "contribution_deadline":
            summary = f"Last day for IRA contributions for {year}"
            key = d.id
        else:
            assert d.owner is not None
            _who, whose = _you(d.owner)
            summary = f"5-year window of {whose} {d.year} Roth conversion ends"
            key = f"window-{d.owner.value}-{d.year}"
        out.append(Event(d.day, key, summary, f"{text} Source: {source}."))
    return out
