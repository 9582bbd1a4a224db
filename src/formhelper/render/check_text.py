"""``check-1099r``'s explanation of one Form 1099-R in plain words: what each code
means, which Form 1040 line and Form 8606 line the money reaches, the additional tax,
and what to check (Instructions for Forms 1099-R and 5498, Table 1; Instructions for
Form 1040, lines 4a-5c).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from formhelper.calc.box7_checks import cap, codes_text, usd
from formhelper.calc.route import OffReturn, Returned, Route, Source, route_form
from formhelper.models import Form1099R
from formhelper.years.codes import AdditionalTax, CodeTable, F1040Line
from formhelper.years.params import F1040Reporting

# ---------------------------------------------------------------------------
# Explanation


class CodeMeaning(BaseModel):
    """One code's row of the year's table, for the reader."""

    model_config = ConfigDict(frozen=True)

    code: str
    meaning: str
    explain: str
    additional_tax: AdditionalTax
    form_8606: str
    form_5329: str
    f1040_line: F1040Line


class Explanation(BaseModel):
    """What a Form 1099-R means and where its amounts go on the return."""

    model_config = ConfigDict(frozen=True)

    tax_year: int
    #: The year of the code table used (another year's when ``same_as``).
    table_year: int
    box_7: str
    #: "traditional_ira", "roth_ira" or "plan" (:class:`formhelper.calc.route.Source`).
    account: str
    codes: tuple[CodeMeaning, ...]
    #: Form 1040 lines: "4a/4b", "5a/5b", "none", or "prior-year return".
    f1040_lines: str
    gross: str
    taxable: str
    form_8606: str
    additional_tax: AdditionalTax
    form_5329: str
    notes: tuple[str, ...] = ()


_ACCOUNT = {
    Source.TRADITIONAL_IRA: "a traditional, SEP or SIMPLE IRA",
    Source.ROTH_IRA: "a Roth IRA",
    Source.PLAN: "an employer plan (401(k), 403(b), 457(b), pension), annuity or insurance "
                 "contract",
}


def _amount(value: Decimal | None) -> str:
    return f" ({usd(value)})" if value is not None and value > 0 else ""


def _resolve_tax(values: Sequence[AdditionalTax]) -> AdditionalTax:
    """The additional tax a pair of codes signals: "depends" takes the paired
    code's answer (codes.toml header); 25% (SIMPLE IRA, first 2 years) over
    10% over none."""
    if "25%" in values:
        return "25%"
    if "10%" in values:
        return "10%"
    if "none" in values:
        return "none"
    return "depends"


def _do(reporting: F1040Reporting, key: str, items: tuple[str, ...], conj: str = "and") -> str:
    """The year's instruction for a rollover, QCD or HFD: 'check box 1 "Rollover" on line
    4c' (2025) or 'write "Rollover" next to line 4b' (2024)."""
    return reporting.of(key).instruction(items, conj)


def _lines_and_taxable(form: Form1099R, table: CodeTable, route: Route,
                       reporting: F1040Reporting) -> tuple[str, str, str]:
    """(Form 1040 lines, where box 1 goes, how the taxable part is found).

    Instructions for Form 1040, lines 4a-4b (Exceptions 1-4) and 5a-5b.
    """
    codes = set(form.codes)
    source = route.source
    year = table.tax_year
    box_1 = _amount(form.box_1)
    box_2a = f" ({usd(form.box_2a)})" if form.box_2a is not None else ""
    known = [c for c in form.codes if c in table.codes]
    if not route.on_return and ("R" in codes or route.off_return == OffReturn.STATEMENT_ONLY):
        # Code R: the amount transferred goes only in the recharacterization statement
        # (Form 8606 instructions, Recharacterizations; calc.route).
        contribution_year = (route.form_year or year) - 1
        return ("none",
                "On no line of Form 1040: report the amount transferred only in the statement "
                f"explaining the recharacterization, attached to your {contribution_year} "
                "return.",
                "Not on Form 8606 line 7; the contribution counts as made to the second IRA.")
    if not route.on_return:
        # Codes P and R: the year before the form's year (calc.route decides).
        belongs = (route.form_year or year) - 1
        return ("prior-year return",
                f"Not on your {year} return: it belongs on your {belongs} return (amend it if "
                "that return is already filed).",
                f"Figured on the {belongs} return.")
    # Codes the table puts on no line of this year's return; P and R that reached here are
    # on this return (a next year's form: calc.route), so they do not count.
    no_line = [c for c in known if table.codes[c].f1040_line == "n/a" and c not in "PR"]
    if no_line:
        if form.box_2a is not None and form.box_2a > 0:
            return ("5a/5b", f"Box 1{box_1} goes on line 5a.",
                    f"Box 2a{box_2a} shows a taxable amount: it goes on line 5b.")
        return ("none", f"{cap(codes_text(no_line))}: nothing goes on lines 4a-5b.",
                "Nothing is taxable unless box 2a shows an amount.")
    if source == Source.ROTH_IRA:
        gross = f"Box 1{box_1} goes on line 4a."
        if route.returned == Returned.EXCESS:
            taxable = f"Line 4b: only the earnings returned, box 2a{box_2a}."
        elif "Q" in codes:
            taxable = ("Line 4b is 0: a qualified Roth IRA distribution is not taxable, and no "
                       "Form 8606 is needed.")
        elif "T" in codes:
            taxable = ("Line 4b is 0, without Form 8606, if the 5-year period that began with "
                       "your first Roth IRA contribution or conversion has ended; otherwise Form "
                       "8606 Part III figures the taxable part.")
        else:
            taxable = ("Form 8606 Part III (lines 19-25c) figures line 4b: regular "
                       "contributions come out first and tax-free, then conversions (oldest "
                       "first), then earnings (Pub. 590-B ordering rules).")
        return "4a/4b", gross, taxable
    if source == Source.TRADITIONAL_IRA:
        gross = f"Box 1{box_1} goes on line 4a."
        if route.returned == Returned.RECHARACTERIZATION:
            taxable = ("Line 4b is 0 unless part of it is taxable; attach the statement the "
                       "Form 1040 instructions ask for.")
        elif route.returned == Returned.EXCESS:
            taxable = f"Line 4b: only the earnings returned with the excess, box 2a{box_2a}."
        elif "G" in codes:
            taxable = ("Line 4b is 0: a direct rollover from the IRA to an employer plan. "
                       f"{cap(_do(reporting, 'line_4c', ('rollover',)))}.")
        else:
            left_out = _do(reporting, "line_4c", ("rollover", "qcd", "hfd"), "or")
            taxable = ("Line 4b: the taxable part. Amounts rolled over within 60 days, paid "
                       f"directly to a charity (QCD) or moved to an HSA are left out ({left_out}"
                       "); the rest, including any amount converted to a Roth IRA, "
                       "is taxable less your basis: with nondeductible contributions in any "
                       "traditional, SEP or SIMPLE IRA, Form 8606 figures the nontaxable part "
                       "(pro-rata rule). Fully taxable with no exception: leave line 4a blank "
                       "and enter the total on line 4b.")
        return "4a/4b", gross, taxable
    gross = f"Box 1{box_1} goes on line 5a."
    if "H" in codes:
        taxable = ("Line 5b is 0: a designated Roth account rolled directly to a Roth IRA. "
                   f"{cap(_do(reporting, 'line_5c', ('rollover',)))}.")
    elif "G" in codes:
        shown = box_2a or " (blank: ask the payer)"
        taxable = (f"Line 5b: box 2a{shown}. Box 2a is 0 for a direct rollover to a "
                   "traditional IRA or another plan, and the taxable amount for a direct "
                   "rollover to a Roth IRA or an in-plan Roth rollover. "
                   f"{cap(_do(reporting, 'line_5c', ('rollover',)))}.")
    elif form.box_2a is not None:
        rolled = _do(reporting, "line_5c", ("rollover",))
        taxable = (f"Line 5b: box 2a{box_2a}, less any part you rolled over to a traditional "
                   f"IRA or plan within 60 days ({rolled}); a part rolled to a "
                   "Roth IRA stays taxable. Fully taxable with no rollover: leave line 5a blank "
                   "and enter the amount on line 5b.")
    else:
        taxable = ("Box 2a is blank: the taxable amount is box 1 less your after-tax "
                   f"contributions in box 5{_amount(form.box_5)}; with after-tax money in the "
                   "plan, the Simplified Method worksheet in the Form 1040 instructions figures "
                   "it.")
    return "5a/5b", gross, taxable


def _form_8606_text(form: Form1099R, table: CodeTable, route: Route) -> str:
    codes = set(form.codes)
    source = route.source
    if not route.on_return:
        belongs = (route.form_year or table.tax_year) - 1
        if "R" in codes:
            return ("Not on line 7: a recharacterized contribution for "
                    f"{belongs}, reported in the statement only.")
        return f"Not on the {table.tax_year} Form 8606 (a {belongs} matter)."
    if source == Source.ROTH_IRA:
        if "Q" in codes:
            return "Not needed: a qualified distribution."
        if route.returned == Returned.EXCESS:
            return "Not on line 19: a returned excess contribution is not a distribution there."
        return ("Part III (lines 19-25c)" + (", unless the 5-year period has ended (code T)."
                                             if "T" in codes else "."))
    if source == Source.TRADITIONAL_IRA:
        if route.inherited_from is not None:
            return (f"Its own Form 8606, for the IRA inherited from {route.inherited_from} "
                    "(Part I: that IRA's basis, value and distributions), never your own.")
        if route.returned is not None:
            return ("Not on line 7: returned contributions and recharacterizations are left "
                    "out of Form 8606 distributions.")
        if "G" in codes:
            return "Not on line 7: a direct rollover to an employer plan."
        return ("Part I (lines 1-15c) if you have basis in traditional, SEP or SIMPLE IRAs: the "
                "distribution goes on line 7; Part II (lines 16-18) for any amount converted to "
                "a Roth IRA. Without basis and without a conversion, no Form 8606 is needed.")
    if "H" in codes:
        return table.codes["H"].form_8606
    return "Not used: Form 8606 is for IRAs only."


_TAX_TEXT: Mapping[AdditionalTax, str] = {
    "10%": ("The 10% additional tax on early distributions applies to the taxable part not "
            "rolled over unless an exception applies: Form 5329 Part I (or Schedule 2 line 8 "
            "directly when it is owed on the whole taxable amount)."),
    "25%": ("The additional tax is 25% instead of 10% (SIMPLE IRA in its first 2 years) unless "
            "an exception applies: Form 5329 Part I, line 4."),
    "none": "No additional tax on early distributions for this form; no Form 5329 for it.",
    "depends": ("Depends on the paired code, or for code 5 on whether you were under 59½: see "
                "each code's note."),
}


def _disposition_notes(form: Form1099R, source: Source, reporting: F1040Reporting) -> list[str]:
    """Where each part of box 1 goes, from the case file's disposition."""
    d = form.disposition
    notes: list[str] = []
    if d.converted_to_roth_ira > 0:
        if source == Source.TRADITIONAL_IRA:
            notes.append(f"{usd(d.converted_to_roth_ira)} converted to a Roth IRA: Form 8606 "
                         "line 8 (or line 16 when Part I is not needed); its taxable part, line "
                         "18, goes on line 4b.")
        else:
            notes.append(f"{usd(d.converted_to_roth_ira)} rolled over to a Roth IRA: its "
                         "taxable part stays on line 5b.")
    if d.in_plan_roth_rollover > 0:
        notes.append(f"{usd(d.in_plan_roth_rollover)} rolled in-plan to a designated Roth "
                     "account: taxable on line 5b.")
    ira_line = "line_5c" if source == Source.PLAN else "line_4c"
    if d.rolled_over > 0:
        notes.append(f"{usd(d.rolled_over)} rolled over: left out of the taxable amount. "
                     f"{cap(_do(reporting, ira_line, ('rollover',)))}.")
    if d.qcd > 0:
        notes.append(f"{usd(d.qcd)} qualified charitable distribution: left out of line 4b "
                     f"(and of Form 8606 line 7). {cap(_do(reporting, 'line_4c', ('qcd',)))}.")
    if d.hsa_funding > 0:
        notes.append(f"{usd(d.hsa_funding)} HSA funding distribution: left out of line 4b. "
                     f"{cap(_do(reporting, 'line_4c', ('hfd',)))}.")
    if form.box_4 > 0:
        notes.append(f"{usd(form.box_4)} federal tax withheld (box 4): Form 1040 line 25b.")
    return notes


def explain(form: Form1099R, table: CodeTable, reporting: F1040Reporting,
            route: Route | None = None) -> Explanation:
    """What each code of ``form`` means and where the amounts go on Form 1040.

    The code rows come from the year's table (i1099r Table 1 and the
    reporting notes in ``codes.toml``); the lines from the Instructions for
    Form 1040, lines 4a-5c and 25b; how a rollover, QCD or HFD is shown on the
    year's form from ``reporting`` (``YearParams.f1040_reporting`` of the same tax
    year: boxes on line 4c/5c, or a word next to line 4b/5b).  Codes not in the
    table are named in ``notes`` and otherwise ignored, so call this for a form whose codes
    :func:`check_codes` accepts to get the whole story.
    """
    codes = tuple(form.codes)
    known = [c for c in codes if c in table.codes]
    route = route or route_form(form)
    source = route.source
    lines, gross, taxable = _lines_and_taxable(form, table, route, reporting)
    tax = _resolve_tax([table.codes[c].additional_tax for c in known])
    notes = _disposition_notes(form, source, reporting)
    unknown = [c for c in codes if c not in table.codes]
    if unknown:
        notes.append(f"Not a {table.tax_year} code: {', '.join(unknown)}.")
    optional = [c for c in known if c in table.rules.optional_codes]
    if optional:
        notes.append(f"{cap(codes_text(optional))} is optional for {table.table_year}: "
                     "a payer may leave it off, and its presence does not prove the rules for "
                     "it were met.")
    if table.borrowed:
        notes.append(f"The {table.tax_year} code table has not been checked yet; the "
                     f"{table.table_year} table is used, so its year references mean the "
                     "form's year.")
    return Explanation(
        tax_year=table.tax_year,
        table_year=table.table_year,
        box_7="".join(codes),
        account=source.value,
        codes=tuple(
            CodeMeaning(code=c, **table.codes[c].model_dump(
                include={"meaning", "explain", "additional_tax", "form_8606", "form_5329",
                         "f1040_line"}))
            for c in known
        ),
        f1040_lines=lines,
        gross=gross,
        taxable=taxable,
        form_8606=_form_8606_text(form, table, route),
        additional_tax=tax,
        form_5329=_TAX_TEXT[tax],
        notes=tuple(notes),
    )


def account_label(source: str) -> str:
    """Plain words for :attr:`Explanation.account`."""
    return _ACCOUNT[Source(source)]
