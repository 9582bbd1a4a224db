"""Checks of one Form 1099-R: its box 7 codes against the year's table, its boxes, ages.

The checks across a case are in :mod:`formhelper.calc.form_checks`; the plain-words
explanation of one form (``check-1099r``) is :mod:`formhelper.render.check_text`.

Pure: the year's code table (:class:`formhelper.years.codes.CodeTable`, read
from ``forms/<year>/codes.toml`` outside the core) is passed in.

Sources:

* Instructions for Forms 1099-R and 5498 ("i1099r"), box 7 instructions and
  Table 1, Guide to Distribution Codes: the codes, which may be combined
  ("Enter a maximum of two alphanumeric codes"; "Only three numeric
  combinations are permitted on one Form 1099-R: Codes 8 and 1, 8 and 2, or
  8 and 4", as reproduced by secondary sources, see ``codes.toml`` [S]), the
  IRA/SEP/SIMPLE checkbox, boxes 2a, 4, 5 and 11.
* Instructions for Form 1040, lines 4a-4c and 5a-5c: where each amount goes.  How
  the year's form takes a rollover, QCD or HFD (a box on line 4c/5c, or a word next to
  line 4b/5b on the 2024 form) is the year's data (:class:`F1040Reporting`, passed in).
* Form 8606 and its instructions, lines 7, 8, 16 and 19: what reaches Form 8606.
* Instructions for Form 5329, line 2, exception 12: a distribution coded 1, J
  or S although the recipient was 59½ or older.
* Pub. 590-B: the 59½ rule, QCDs at 70½, the 5-year period for Roth IRAs.

Finding ids are stable; ``docs`` and tests refer to them.  Every finding
names the Form 1099-R box it concerns (``box``) and, in a case, the case-file
field (``field``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from formhelper.calc.ages import birthday_at, reached
from formhelper.calc.findings import Finding, Severity, path
from formhelper.models import Form1099R
from formhelper.models.box7 import PLAN_ONLY, ROTH_IRA
from formhelper.years.codes import CodeTable

__all__ = [
    "at_form",
    "cap",
    "check_codes",
    "check_form",
    "codes_text",
    "day_text",
    "field_of",
    "form_index",
    "normalize_box7",
    "usd",
]

#: Codes that say "early distribution, no known exception": 1 (any plan or
#: IRA), J (Roth IRA), S (SIMPLE IRA in its first 2 years).  Instructions for
#: Form 5329, line 2, exception 12 covers a distribution wrongly coded 1, J or
#: S when the recipient was 59½ or older (domain-spec E13 [S]).
EARLY_NO_EXCEPTION = frozenset("1JS")
#: Codes that exist only for traditional, SEP or SIMPLE IRAs, so the
#: IRA/SEP/SIMPLE box should be checked: 5 (prohibited transaction: the IRA
#: stops being an IRA), K (traditional IRA assets without a readily available
#: FMV), S (SIMPLE IRA), Y (QCD, IRC 408(d)(8); domain-spec E18) (i1099r Table 1).
IRA_BOX_CODES = frozenset("5KSY")
#: Codes of an IRA distribution that may be a conversion: 2 (a conversion
#: under 59½), 7 (a conversion at 59½ or older) (domain-spec §4.2), and 1 (a
#: distribution the owner converted within 60 days: the payer did not know).
CONVERSION_CODES = frozenset("127")

_PREFIX_FORM = re.compile(r"^forms_1099r\[(\d+)\]")


# ---------------------------------------------------------------------------
# Small helpers


def normalize_box7(text: str) -> str:
    """Box 7 as typed -> its code characters: spaces and commas dropped, upper case.

    Unlike :func:`formhelper.models.box7.parse_box7` this never raises: what is
    wrong with the entry is reported by :func:`check_codes`.
    """
    return "".join(text.split()).upper().replace(",", "")


def usd(amount: Decimal) -> str:
    """Dollars as written in a message: ``$50,000`` or ``$1,234.50``."""
    if amount == amount.to_integral_value():
        return f"${int(amount):,}"
    return f"${amount:,.2f}"


def at_form(index: int | None) -> str:
    return f"forms_1099r[{index}]: " if index is not None else ""


def field_of(index: int | None, *parts: str) -> str | None:
    return path("forms_1099r", index, *parts) if index is not None else None


def codes_text(codes: Sequence[str]) -> str:
    if len(codes) == 1:
        return f"code {codes[0]}"
    return "codes " + " and ".join(codes)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def day_text(when: date) -> str:
    return f"{when:%B} {when.day}, {when.year}"


def form_index(finding: Finding) -> int | None:
    """The index of the Form 1099-R a finding's ``field`` points into, if any."""
    match = _PREFIX_FORM.match(finding.field or "")
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------------------
# Box 7 codes


def check_codes(box_7: str, table: CodeTable, index: int | None = None) -> list[Finding]:
    """Box 7 against the year's Table 1, Guide to Distribution Codes.

    The order of the codes does not matter ("7D" is "D7").  One finding at
    most: the first rule broken, in this order: empty, more than
    ``rules.max_codes`` codes, a code not in the year's table, the same code
    twice, two numeric codes other than 8+1, 8+2, 8+4; then a pair the table
    lists in ``rules.unverified_pairs`` (a warning, not an error: "JS" for
    2025), a code that must stand alone, a pair not in each other's "used
    with" list, a single code that must be paired.
    """
    codes = normalize_box7(box_7)
    where = at_form(index)
    field = field_of(index, "box_7")
    year = table.tax_year

    def error(id_: str, message: str) -> list[Finding]:
        return [Finding(id=id_, severity=Severity.ERROR, box="7", field=field,
                        message=where + message)]

    if not codes:
        return error("code-missing", "box 7 is empty: the distribution code(s) decide how the "
                     "amount is reported (i1099r, box 7).")
    if len(codes) > table.rules.max_codes:
        return error("code-too-many", f"box 7 holds {len(codes)} codes ({codes}); the payer may "
                     f"enter at most {table.rules.max_codes} (i1099r, box 7).")
    unknown = [c for c in codes if c not in table.codes]
    if unknown:
        listed = ", ".join(unknown)
        return error("code-unknown", f"{listed} is not a Form 1099-R distribution code for "
                     f"{year} (Table 1, Guide to Distribution Codes, "
                     f"{table.table_year} instructions). Check box 7 of the form.")
    if len(codes) == 2 and codes[0] == codes[1]:
        return error("code-repeated", f"code {codes[0]} is written twice in box 7.")
    if len(codes) == 2:
        first, second = codes[0], codes[1]
        if first.isdigit() and second.isdigit() and frozenset(codes) not in {
            frozenset(p) for p in table.rules.numeric_pairs
        }:
            allowed = ", ".join("+".join(sorted(p, key=lambda c: c != "8"))
                                for p in table.rules.numeric_pairs)
            return error("code-two-numeric", f"codes {first} and {second} are two numeric codes; "
                         f"only {allowed} may share a Form 1099-R. Any other two numeric codes "
                         "need separate forms (i1099r, box 7).")
        if table.pair_unverified(first, second):
            return [Finding(
                id="code-combination-unverified", severity=Severity.WARNING, box="7",
                field=field,
                message=(f"{where}codes {first} and {second} together are reported by some "
                         f"payers but are not in the {table.table_year} Table 1 that "
                         "formhelper could verify. Keep the form as issued, and ask the payer "
                         "if in doubt."),
            )]
        alone = [c for c in codes if table.codes[c].only_alone]
        if alone:
            c = alone[0]
            return error("code-must-stand-alone", f"code {c} ({_meaning(table, c)}) is used "
                         f"with no other code (Table 1, 'Used with: None'), but box 7 is {codes}.")
        if not table.pair_allowed(first, second):
            return error("code-combination-invalid", _combination_message(first, second, table))
        return []
    code = codes[0]
    if not table.codes[code].alone:
        partners = ", ".join(table.codes[code].used_with)
        return error("code-must-pair", f"code {code} ({_meaning(table, code)}) is never "
                     f"used alone; it comes with one of {partners} (Table 1).")
    return []


def _meaning(table: CodeTable, code: str) -> str:
    """A code's meaning to quote inside a sentence."""
    text = table.codes[code].meaning.rstrip(".")
    return text[:1].lower() + text[1:]


def _combination_message(first: str, second: str, table: CodeTable) -> str:
    def partners(code: str) -> str:
        used = table.codes[code].used_with
        return ", ".join(used) if used else "no other code"

    return (f"codes {first} and {second} may not be combined (Table 1, Guide to Distribution "
            f"Codes, {table.table_year}): {first} is used with {partners(first)}; {second} with "
            f"{partners(second)}. Check box 7, or ask the payer for a corrected form.")


# ---------------------------------------------------------------------------
# One form


def _birth_bounds(born: date, known: bool) -> tuple[date, date]:
    """Earliest and latest possible birth date: the same day when the date is
    known; any day of ``born.year`` when only the age at year end is."""
    if known:
        return born, born
    return date(born.year, 1, 1), date(born.year, 12, 31)


def _age_findings(
    form: Form1099R, tax_year: int, born: date, known: bool, index: int | None
) -> list[Finding]:
    """Age codes against the recipient's age.

    The payment date is not on the form's data here, so the checks look at
    the whole tax year and only flag what holds on every day of it (and, when
    only the age at year end is given, for every birth date in that year).
    59½ is reached six calendar months after the 59th birthday (Pub. 590-B,
    "Age 59½ Rule"; :func:`formhelper.calc.ages.birthday_at`).
    """
    out: list[Finding] = []
    codes = set(form.codes)
    oldest, youngest = _birth_bounds(born, known)
    first_day, last_day = date(tax_year, 1, 1), date(tax_year, 12, 31)
    where = at_form(index)
    field = field_of(index, "box_7")
    basis = ("" if known else " (only the age at the end of the year is known, so every birth "
             "date in that year is considered)")

    early = sorted(codes & EARLY_NO_EXCEPTION)
    if early:
        what = codes_text(early)
        if reached(youngest, 59, 6, first_day):
            out.append(Finding(
                id="age-code-1-over-59-half", box="7", field=field,
                message=(f"{where}{what} says early distribution with no known exception, but the "
                         f"recipient was 59½ or older for all of {tax_year}{basis}. The "
                         "additional tax on early distributions does not apply: exception 12 on "
                         "Form 5329 line 2 covers it (formhelper enters it there when it "
                         "computes the return), or ask the payer for a corrected form."),
            ))
        elif reached(oldest, 59, 6, last_day):
            when = f"on {day_text(birthday_at(youngest, 59, 6))}" + (
                "" if known else " at the latest (only the age at the end of the year is known)")
            out.append(Finding(
                id="age-code-1-over-59-half", severity=Severity.INFO, box="7", field=field,
                message=(f"{where}{what} says early distribution with no known exception. The "
                         f"recipient reaches 59½ {when}; formhelper does not know the payment "
                         "date. If it was paid on or after that day, claim exception 12 (Form "
                         "5329 line 2) for it: early_exceptions = [{number = \"12\", amount = "
                         "...}] on this form in the case file, or the wizard's step 4."),
            ))

    if "7" in codes and "D" not in codes and not reached(oldest, 59, 6, last_day):
        when = f" (59½ on {day_text(birthday_at(born, 59, 6))})" if known else ""
        # Instructions for Forms 1099-R, code 7: "(a) for a normal distribution from a plan,
        # including a traditional IRA, section 401(k), or section 403(b) plan, if the
        # employee/taxpayer is at least age 59½ ... (c) to report a distribution from a life
        # insurance, annuity, or endowment contract ... Generally, use Code 7 if no other
        # code applies" (2016 Guide to Distribution Codes).  On an IRA form formhelper puts
        # it on Form 5329 line 1 (calc.f5329); on a plan form it cannot tell a 401(k) or
        # 403(b) (early, IRC 72(t)) from a contract or a governmental 457(b) plan (not
        # subject to the 10%, i5329 "Other": "Distributions from a section 457 plan, which
        # aren't from a rollover from a qualified retirement plan"), and leaves it off.
        if form.ira_sep_simple:
            tail = ("Unless an exception applies, the 10% additional tax applies (Form "
                    "5329 line 1, where formhelper puts it); ask the payer whether code 1 or "
                    "2 was meant.")
        else:
            tail = ("Code 7 is also used at any age for life insurance, annuity and "
                    "endowment contracts and, generally, when no other code applies (a "
                    "governmental 457(b) plan, whose distributions are not subject to the "
                    "10% additional tax): formhelper leaves this form off Form 5329. If it "
                    "is an early distribution from a 401(k), 403(b) or other qualified "
                    "plan, the 10% additional tax on its taxable part is NOT in these "
                    "figures: ask the payer for a corrected form (code 1, or 2 if an "
                    "exception applies).")
        out.append(Finding(
            id="age-code-7-under-59-half", box="7", field=field,
            message=(f"{where}code 7 (normal distribution) is for age 59½ or older, but the "
                     f"recipient is under 59½ for all of {tax_year}{when}{basis}. {tail}"),
        ))

    if "Y" in codes and not reached(oldest, 70, 6, last_day):
        out.append(Finding(
            id="age-code-y-under-70-half", box="7", field=field,
            message=(f"{where}code Y says qualified charitable distribution, but a QCD can only "
                     f"be made at age 70½ or older (IRC 408(d)(8)(B)(ii); Pub. 590-B) and the "
                     f"recipient is under 70½ for all of {tax_year}{basis}. It is not a QCD but a "
                     "taxable distribution."),
        ))
    return out


def _box_findings(form: Form1099R, index: int | None) -> list[Finding]:
    """Boxes against each other (i1099r, boxes 1, 2a, 4, 5, 11)."""
    out: list[Finding] = []
    where = at_form(index)
    codes = set(form.codes)
    for box, name, value in (("2a", "box_2a", form.box_2a), ("4", "box_4", form.box_4),
                             ("5", "box_5", form.box_5)):
        if value is not None and value > form.box_1:
            out.append(Finding(
                id=f"box-{box}-over-box-1", severity=Severity.ERROR, box=box,
                field=field_of(index, name),
                message=(f"{where}box {box} ({usd(value)}) is more than box 1, the gross "
                         f"distribution ({usd(form.box_1)}), which it is paid out of. Check the "
                         "amounts typed."),
            ))
    if form.box_1 <= 0:
        return out  # No amounts given: the rest needs them.
    if form.box_5 > 0 and form.ira_sep_simple and not set(form.codes) & PLAN_ONLY:
        out.append(Finding(
            id="box-5-on-ira", box="5", field=field_of(index, "box_5"),
            message=(f"{where}box 5 ({usd(form.box_5)}) is for employee after-tax contributions, "
                     "designated Roth contributions or insurance premiums recovered from a plan "
                     "or contract; it is generally blank for a traditional, SEP or SIMPLE IRA. "
                     "IRA basis comes from your Forms 8606 (line 14), not from box 5."),
        ))
    if "G" in codes and form.box_2a is None:
        out.append(Finding(
            id="code-g-box-2a-blank", box="2a", field=field_of(index, "box_2a"),
            message=(f"{where}a direct rollover (code G) with box 2a blank. Box 2a should be 0 "
                     "for a rollover to a traditional IRA or another plan, and the taxable "
                     "amount for a rollover to a Roth IRA or an in-plan Roth rollover (i1099r, "
                     "Direct rollovers). Ask the payer; formhelper takes as taxable only the "
                     "part converted to a Roth IRA or rolled in-plan."),
        ))
    if "H" in codes and form.box_2a is not None and form.box_2a > 0:
        out.append(Finding(
            id="code-h-taxable", box="2a", field=field_of(index, "box_2a"),
            message=(f"{where}code H is a direct rollover of a designated Roth account to a Roth "
                     f"IRA, which is not taxable, but box 2a shows {usd(form.box_2a)}. Form 1040 "
                     "line 5b should be 0 for it; ask the payer for a corrected form. formhelper "
                     "uses box 2a as printed."),
        ))
    if "B" in codes and form.box_11 is None:
        out.append(Finding(
            id="code-b-no-box-11", box="11", field=field_of(index, "box_11"),
            message=(f"{where}code B (designated Roth account) but box 11, the first year of "
                     "designated Roth contributions, is blank. That year starts the 5-taxable-"
                     "year period that decides whether the distribution is qualified (i1099r, "
                     "box 11); ask the plan for it."),
        ))
    return out


def _box_7_checkbox_findings(form: Form1099R, table: CodeTable, index: int | None) -> list[Finding]:
    """The IRA/SEP/SIMPLE checkbox against the codes (domain-spec E18, E19).

    i1099r, box 7: check it "if the distribution is from a traditional IRA,
    SEP IRA, or SIMPLE IRA"; "It is not necessary to check the box for a
    distribution from a Roth IRA or for an IRA recharacterization".
    """
    out: list[Finding] = []
    codes = [c for c in form.codes if c in table.codes]
    where = at_form(index)
    field = field_of(index, "ira_sep_simple")
    if form.ira_sep_simple:
        roth = [c for c in codes if c in ROTH_IRA]
        if roth:
            out.append(Finding(
                id="ira-box-with-roth-code", box="7", field=field,
                message=(f"{where}the IRA/SEP/SIMPLE box is checked, but {codes_text(roth)} is "
                         "for a Roth IRA, and that box is for traditional, SEP and SIMPLE IRAs. "
                         "formhelper goes by the code and treats it as a Roth IRA distribution "
                         "(Form 8606 Part III); if it came from a traditional IRA, ask the payer "
                         "for a corrected form."),
            ))
        plan = [c for c in codes if table.codes[c].f1040_line == "5"]
        if plan:
            out.append(Finding(
                id="ira-box-with-plan-code", box="7", field=field,
                message=(f"{where}the IRA/SEP/SIMPLE box is checked, but {codes_text(plan)} is "
                         "used only for employer plans, annuities or insurance contracts, which "
                         "go on Form 1040 line 5. "
                         + ("formhelper goes by the code and treats it as an employer-plan "
                            "distribution (line 5); if it came from an IRA, ask the payer for "
                            "a corrected form." if set(plan) & PLAN_ONLY else
                            "Check the form; formhelper follows the box and treats it as an "
                            "IRA distribution (line 4).")),
            ))
    else:
        ira_only = [c for c in codes if c in IRA_BOX_CODES]
        if ira_only and not set(codes) & ROTH_IRA:
            out.append(Finding(
                id="ira-code-without-ira-box", box="7", field=field,
                message=(f"{where}{codes_text(ira_only)} is used only for traditional, SEP or "
                         "SIMPLE IRAs, but the IRA/SEP/SIMPLE box is not checked, so formhelper "
                         "treats the form as an employer-plan distribution (Form 1040 line 5). "
                         "If it came from an IRA, check the box (ira_sep_simple)."),
            ))
    return out


def check_form(
    form: Form1099R,
    table: CodeTable,
    tax_year: int,
    date_of_birth: date | None,
    index: int | None,
    *,
    birth_date_known: bool = True,
) -> list[Finding]:
    """Everything that can be checked on one Form 1099-R by itself.

    While box 7 is wrong, only box 7 and the amounts are reported: the
    checkbox and age checks read the codes.

    ``date_of_birth`` is the recipient's (``None`` skips the age checks);
    with ``birth_date_known=False`` only its year is used (the age at the end
    of the tax year is all that is known).  ``index`` is the form's place in
    the case file (``None`` for a form given on the command line).
    The disposition (what happened to the money) is checked by
    :func:`check_case`, which knows the rest of the case.
    """
    out = check_codes(form.box_7, table, index)
    if not any(f.severity == Severity.ERROR for f in out):
        # The checkbox and the ages are checked against codes that make sense.
        out += _box_7_checkbox_findings(form, table, index)
        if date_of_birth is not None:
            out += _age_findings(form, tax_year, date_of_birth, birth_date_known, index)
    out += _box_findings(form, index)
    return _sentences(out) if index is None else out


def _sentences(findings: list[Finding]) -> list[Finding]:
    """Without the ``forms_1099r[i]:`` prefix a message starts a sentence."""
    return [f.model_copy(update={"message": cap(f.message)}) for f in findings]
