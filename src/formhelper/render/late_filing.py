"""The words of ``formhelper basis rebuild``: the rebuilt chain, and for each year to
file late a page on filing its Form 8606 and a draft reasonable-cause statement.

What the pages rest on (IRS text seen as quoted; see the sources named in each page):

* Instructions for Form 8606, "When and Where To File": a person who must file Form
  8606 but no income tax return signs it and sends it to the IRS at the same time and
  place a Form 1040 would be filed (the 2009 and 2016 wording, seen as quoted in
  copies; domain-spec §1.1 "Filing alone").  The form
  itself (2023 face): "Fill in Your Address Only if You Are Filing This Form by Itself
  and Not With Your Tax Return" and "Sign Here Only if You Are Filing This Form by
  Itself and Not With Your Tax Return".
* Instructions for Form 8606, "Amending Form 8606": "complete a new Form 8606 showing
  the revised information and file it with Form 1040X" (2010 instructions, formsbank copy
  of page 5).
* Instructions for Form 8606, "Penalty for Not Filing": "If you are required to file
  Form 8606 to report a nondeductible contribution to a traditional IRA for [year], but
  don't do so, you must pay a $50 penalty, unless you can show reasonable cause"
  (2015 and 2016 instructions, formsbank copies of page 6; IRC 6693(b)(2)).
"""

from __future__ import annotations

from decimal import Decimal

from formhelper.calc.rebuild import Chain, RebuiltYear
from formhelper.money import ZERO, fmt_dollars
from formhelper.render.return_text import F8606_LABELS

#: The columns of the chain table (Form 8606 lines).
COLUMNS = ("line_1", "line_2", "line_3", "line_4", "line_5", "line_6", "line_7", "line_8",
           "line_9", "line_10", "line_11", "line_12", "line_13", "line_14", "line_15c",
           "line_16", "line_17", "line_18")

WHEN_AND_WHERE = ("Instructions for Form 8606, \"When and Where To File\": if you must file "
                  "Form 8606 but not an income tax return, sign Form 8606 and send it to the "
                  "IRS at the same time and place you would otherwise file Form 1040 "
                  "(paraphrased from the 2009 and 2016 instructions)")
AMENDING = ("Instructions for Form 8606, \"Amending Form 8606\": \"complete a new Form 8606 "
            "showing the revised information and file it with Form 1040X\" (2010 wording)")


def _cell(key: str, value: Decimal | None) -> str:
    if value is None:
        return ""
    if key == "line_10":
        # As `compute` prints it: five places ("rounded to at least 3 places").
        return f"{value:.5f}"
    return fmt_dollars(value)


def _money(value: Decimal) -> str:
    return "$" + fmt_dollars(value)


def why_needed(year: RebuiltYear) -> list[str]:
    """The "Who Must File" reasons the year's lines show."""
    lines = year.lines
    out = []
    if (lines.line_1 or ZERO) > 0:
        out.append(f"a nondeductible contribution of {_money(lines.line_1 or ZERO)} (line 1)")
    if (lines.line_7 or ZERO) > 0:
        out.append(f"distributions of {_money(lines.line_7 or ZERO)} while you had basis "
                   "(line 7)")
    if lines.line_16 is not None:
        out.append(f"a conversion of {_money(lines.line_16)} to a Roth IRA (Part II)")
    return out


def _action(year: RebuiltYear, prefix: str) -> str:
    parts = []
    if year.missing:
        parts.append(f"Form 8606 needed for {'; '.join(why_needed(year))} and not filed")
    if year.amend:
        change = year.taxable_change or ZERO
        assert year.taxable_reported is not None
        parts.append(f"taxable amount {_money(year.taxable)} with the rebuilt basis, "
                     f"{_money(year.taxable_reported)} reported: amend with Form 1040-X "
                     f"({'down' if change < 0 else 'up'} {_money(abs(change))})")
    elif year.missing:
        parts.append("file it by itself")
    return f"- {year.year}: " + "; ".join(parts) + f" ({prefix}how-to-file.md)"


def chain_text(chain: Chain, person: str = "") -> str:
    """The chain as a Markdown page: every year's lines, and what to do."""
    stem = f"{person}-" if person else ""
    who = f" for {chain.identity.name}" if chain.identity.name else ""
    out = [f"# Traditional IRA basis rebuilt year by year{who}", "",
           "Each year's Form 8606 is figured from the figures given, and line 14 is carried "
           "to the next year's line 2 (Instructions for Form 8606, line 2, Total Basis "
           "Chart: line 14 of the last Form 8606 you filed). A blank cell is a line the form "
           "leaves blank.", ""]
    out.append("| Year | " + " | ".join(c.removeprefix("line_") for c in COLUMNS)
               + " | Form 8606 |")
    out.append("|---" * (len(COLUMNS) + 2) + "|")
    for year in chain.years:
        lines = year.lines.lines()
        state = ("missing" if year.missing else "filed" if year.filed and year.needed
                 else "not needed" if not year.needed else "needed")
        out.append(f"| {year.year} | " + " | ".join(_cell(c, lines[c]) for c in COLUMNS)
                   + f" | {state} |")
    last = chain.years[-1].year
    out += ["", f"Basis carried into {last + 1} (the next Form 8606, line 2): "
                f"{_money(chain.basis_after)}.", ""]
    todo = chain.to_file
    if todo:
        out.append("What to file:")
        out += [_action(y, f"{stem}{y.year}-") for y in todo]
    else:
        out.append("Every year that needed a Form 8606 has one, and no taxable amount "
                   "reported changes: nothing to file late.")
    unknown = [y.year for y in chain.years
               if y.taxable_reported is None and y.gross > 0 and y.taxable < y.gross]
    if unknown:
        out += ["", "Not known: what your return reported as taxable for the traditional IRA "
                "distributions and conversions of " + ", ".join(str(y) for y in unknown)
                + ". If it was more than the taxable amount above (lines 15c + 18), that year "
                "also needs Form 1040-X."]
    if chain.gaps:
        out += ["", "Years not given (" + ", ".join(str(y) for y in chain.gaps) + ") were "
                "taken as years with no contribution, distribution or conversion: the basis "
                "carries through them unchanged. If any of them had one, add it and run "
                "this again."]
    if chain.notes:
        out += ["", "Where the case files differ from the rebuilt chain:"]
        out += [f"- {n}" for n in chain.notes]
    return "\n".join(out) + "\n"


def _lines_block(year: RebuiltYear) -> list[str]:
    rows = []
    for key, value in year.lines.lines().items():
        if value is None:
            continue
        rows.append(f"| {key.removeprefix('line_')} | {F8606_LABELS[key]} | {_cell(key, value)} |")
    return ["| Line | | Amount |", "|---|---|---:|", *rows]


def filing_page(chain: Chain, year: RebuiltYear, filled: bool, person: str = "") -> str:
    """How to file the Form 8606 of ``year``: by itself, or with Form 1040-X."""
    stem = f"{person}-" if person else ""
    ident = chain.identity
    y = year.year
    out = [f"# Form 8606 for {y}" + (f": {ident.name}" if ident.name else ""), ""]
    if year.missing:
        out += [f"A Form 8606 was needed for {y} for " + "; ".join(why_needed(year))
                + " (Instructions for Form 8606, \"Who Must File\"), and none was filed. "
                "Without it the IRS treats your contributions as deductible, so the "
                "nontaxable part of later distributions and conversions is lost.", ""]
    out.append("## The form")
    if filled:
        out.append(f"{stem}{y}-f8606.pdf is the {y} Form 8606 filled with these lines:")
    else:
        out.append(f"The {y} Form 8606 blank is not at hand, so it was not filled: get it "
                   f"with `formhelper forms fetch {y}` (or from IRS.gov, Prior Year Forms) "
                   "and copy these lines onto it:")
    out += ["", *_lines_block(year), ""]
    out.append(f"Line 14, {_money(year.lines.basis_carried)}, is the basis carried to the "
               f"next Form 8606's line 2.")
    out.append("")
    change = year.taxable_change
    if year.amend and change is not None and year.taxable_reported is not None:
        out += [f"## Filing it with Form 1040-X (your {y} return changes)", "",
                f"With the rebuilt basis, the taxable part of your {y} traditional IRA "
                f"distributions and conversions is {_money(year.taxable)} (Form 8606 lines "
                f"15c + 18), not the {_money(year.taxable_reported)} reported. File Form "
                f"1040-X for {y} and attach this Form 8606 ({AMENDING}). Leave the address "
                "block and the signature of Form 8606 blank: you sign the Form 1040-X.", "",
                f"Changed Form 1040 lines for {y}:",
                f"- Line 4a (IRA distributions): unchanged, {_money(year.gross)} for these "
                "amounts.",
                f"- Line 4b (taxable amount): {'down' if change < 0 else 'up'} by "
                f"{_money(abs(change))}, from {_money(year.taxable_reported)} to "
                f"{_money(year.taxable)} for these amounts (other IRA amounts on line 4b "
                "stay as they were).",
                "- Every line figured from line 4b changes with it: total income, adjusted "
                "gross income, taxable income, tax, and the refund or amount owed. formhelper "
                f"does not refigure those: work them through your {y} return in Form 1040-X "
                "columns A-C.",
                "- If you paid the 10% additional tax on an early distribution (Form 5329 "
                "line 1), its base is the taxable amount, so it changes too.", "",
                "A refund claim on Form 1040-X must generally be filed within 3 years after "
                "the return was filed or 2 years after the tax was paid, whichever is later "
                "(Instructions for Form 1040-X). If that time has passed, no refund can be "
                "claimed for the year, but the corrected Form 8606 still fixes the basis "
                "carried into the later years.", ""]
    else:
        out += ["## Filing it by itself", "",
                f"Nothing on your {y} return changes with this form" + (
                    "" if year.taxable_reported is not None or year.gross == 0
                    else " if the return reported " + _money(year.taxable) + " as the "
                    "taxable part of these distributions and conversions; if it reported "
                    "more, file it with Form 1040-X instead (" + AMENDING + ")")
                + ", so the form goes to the IRS on its own:", "",
                "1. Fill in the address block at the top of page 1 (\"Fill in Your Address "
                "Only if You Are Filing This Form by Itself and Not With Your Tax Return\")"
                + (" (filled in from your history)" if ident.home_address and filled else "")
                + ".",
                "2. Sign and date page 2 under \"Sign Here Only if You Are Filing This Form "
                "by Itself and Not With Your Tax Return\".",
                f"3. Mail it to the IRS at the place you would file a {y} Form 1040 without "
                "a payment: the address for your state in \"Where Do You File?\" of the "
                "Instructions for Form 1040, or on IRS.gov (\"Where to file paper tax "
                f"returns\"). The rule: {WHEN_AND_WHERE}. The instructions write it for a "
                "person with no return to file; a late form for a year whose return was "
                "filed and does not change is sent the same way (general practice, not a "
                "quoted IRS sentence).",
                "4. Keep a copy with your Forms 5498 and 1099-R for the year (Instructions "
                "for Form 8606, \"What Records Must I Keep?\").", ""]
    if (year.lines.line_1 or ZERO) > 0:
        out += ["## The $50 penalty", "",
                f"Instructions for Form 8606, \"Penalty for Not Filing\" (2016 wording, the "
                f"year changed to {y}): \"If you are "
                f"required to file Form 8606 to report a nondeductible contribution to a "
                f"traditional IRA for {y}, but don't do so, you must pay a $50 penalty, "
                "unless you can show reasonable cause\" (Internal Revenue Code section "
                f"6693(b)(2)). {stem}{y}-reasonable-cause.txt is a draft statement: put the "
                "reason in your own words, sign it, and send it with the form.", ""]
    else:
        out += ["## The $50 penalty", "",
                f"The penalty is for not reporting a nondeductible contribution; this {y} "
                "form reports none (line 1 is 0), so no statement is drafted.", ""]
    return "\n".join(out)


def reasonable_cause(chain: Chain, year: RebuiltYear) -> str:
    """A draft statement asking that the $50 penalty be waived; "" when the year's form
    reports no nondeductible contribution (the penalty does not apply)."""
    amount = year.lines.line_1 or ZERO
    if amount <= 0 or not year.missing:
        return ""
    ident = chain.identity
    y = year.year
    how = "with Form 1040-X" if year.amend else "by itself"
    lines = [
        f"Statement of reasonable cause: Form 8606 for {y}",
        "",
        f"Name: {ident.name or '[your name]'}",
        f"Social security number: {ident.ssn or '[your SSN]'}",
        "",
        "To the Internal Revenue Service:",
        "",
        f"For {y} I made nondeductible contributions of {_money(amount)} to my traditional "
        "IRA [EDIT: the dates, from your Forms 5498 or bank statements]. I did not file "
        f"Form 8606 for {y} because [EDIT: say why in your own words, for example: I did not "
        "know that a nondeductible contribution had to be reported on Form 8606; my tax "
        "software did not ask about it; my preparer was not told of it].",
        "",
        f"I learned of this in [EDIT: month and year] and I am now filing the {y} Form "
        f"8606 {how}. My {y} return claimed no deduction for these contributions.",
        "",
        "I ask that the $50 penalty for not filing Form 8606 (Internal Revenue Code "
        "section 6693(b)(2)) be waived, because the failure was due to reasonable cause.",
        "",
        "Signature: ______________________    Date: ______________",
        "",
    ]
    return "\n".join(lines)
