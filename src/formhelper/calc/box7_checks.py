"""Checks of Form 1099-R entries: box 7 codes, boxes, ages, and the case around them.

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
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from formhelper.calc.ages import birthday_at, reached
from formhelper.calc.f8606 import F8606Lines
from formhelper.calc.findings import Finding, Severity, path
from formhelper.calc.roth import is_qualified
from formhelper.calc.route import Source, is_returned_contribution, line_7_part, source_of
from formhelper.models import CaseFile, Form1099R, Owner, Person
from formhelper.models.box7 import DIRECT_ROLLOVER, EXCESS_RETURN, RECHARACTERIZATION, ROTH_IRA
from formhelper.money import ZERO, whole_dollars
from formhelper.years.codes import AdditionalTax, CodeTable, F1040Line
from formhelper.years.params import F1040Reporting

__all__ = [
    "CodeMeaning",
    "Explanation",
    "account_label",
    "check_case",
    "check_codes",
    "check_form",
    "explain",
    "form_index",
    "merge",
    "normalize_box7",
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


def _d(amount: Decimal) -> str:
    """Dollars as written in a message: ``$50,000`` or ``$1,234.50``."""
    if amount == amount.to_integral_value():
        return f"${int(amount):,}"
    return f"${amount:,.2f}"


def _where(index: int | None) -> str:
    return f"forms_1099r[{index}]: " if index is not None else ""


def _field(index: int | None, *parts: str) -> str | None:
    return path("forms_1099r", index, *parts) if index is not None else None


def _codes_text(codes: Sequence[str]) -> str:
    if len(codes) == 1:
        return f"code {codes[0]}"
    return "codes " + " and ".join(codes)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day(when: date) -> str:
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
    where = _where(index)
    field = _field(index, "box_7")
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
    where = _where(index)
    field = _field(index, "box_7")
    basis = ("" if known else " (only the age at the end of the year is known, so every birth "
             "date in that year is considered)")

    early = sorted(codes & EARLY_NO_EXCEPTION)
    if early:
        what = _codes_text(early)
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
            when = f"on {_day(birthday_at(youngest, 59, 6))}" + (
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
        when = f" (59½ on {_day(birthday_at(born, 59, 6))})" if known else ""
        contract = ("" if form.ira_sep_simple
                    else " Code 7 is also used for life insurance, annuity and endowment "
                         "contracts at any age; if this is one, nothing is wrong.")
        out.append(Finding(
            id="age-code-7-under-59-half", box="7", field=field,
            message=(f"{where}code 7 (normal distribution) is for age 59½ or older, but the "
                     f"recipient is under 59½ for all of {tax_year}{when}{basis}. Unless an "
                     "exception applies, the 10% additional tax applies (Form 5329); ask the "
                     f"payer whether code 1 or 2 was meant.{contract}"),
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
    where = _where(index)
    codes = set(form.codes)
    for box, name, value in (("2a", "box_2a", form.box_2a), ("4", "box_4", form.box_4),
                             ("5", "box_5", form.box_5)):
        if value is not None and value > form.box_1:
            out.append(Finding(
                id=f"box-{box}-over-box-1", severity=Severity.ERROR, box=box,
                field=_field(index, name),
                message=(f"{where}box {box} ({_d(value)}) is more than box 1, the gross "
                         f"distribution ({_d(form.box_1)}), which it is paid out of. Check the "
                         "amounts typed."),
            ))
    if form.box_1 <= 0:
        return out  # No amounts given: the rest needs them.
    if form.box_5 > 0 and form.ira_sep_simple:
        out.append(Finding(
            id="box-5-on-ira", box="5", field=_field(index, "box_5"),
            message=(f"{where}box 5 ({_d(form.box_5)}) is for employee after-tax contributions, "
                     "designated Roth contributions or insurance premiums recovered from a plan "
                     "or contract; it is generally blank for a traditional, SEP or SIMPLE IRA. "
                     "IRA basis comes from your Forms 8606 (line 14), not from box 5."),
        ))
    if "G" in codes and form.box_2a is None:
        out.append(Finding(
            id="code-g-box-2a-blank", box="2a", field=_field(index, "box_2a"),
            message=(f"{where}a direct rollover (code G) with box 2a blank. Box 2a should be 0 "
                     "for a rollover to a traditional IRA or another plan, and the taxable "
                     "amount for a rollover to a Roth IRA or an in-plan Roth rollover (i1099r, "
                     "Direct rollovers). Ask the payer; formhelper takes as taxable only the "
                     "part converted to a Roth IRA or rolled in-plan."),
        ))
    if "H" in codes and form.box_2a is not None and form.box_2a > 0:
        out.append(Finding(
            id="code-h-taxable", box="2a", field=_field(index, "box_2a"),
            message=(f"{where}code H is a direct rollover of a designated Roth account to a Roth "
                     f"IRA, which is not taxable, but box 2a shows {_d(form.box_2a)}. Form 1040 "
                     "line 5b should be 0 for it; ask the payer for a corrected form. formhelper "
                     "uses box 2a as printed."),
        ))
    if "B" in codes and form.box_11 is None:
        out.append(Finding(
            id="code-b-no-box-11", box="11", field=_field(index, "box_11"),
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
    where = _where(index)
    field = _field(index, "ira_sep_simple")
    if form.ira_sep_simple:
        roth = [c for c in codes if c in ROTH_IRA]
        if roth:
            out.append(Finding(
                id="ira-box-with-roth-code", box="7", field=field,
                message=(f"{where}the IRA/SEP/SIMPLE box is checked, but {_codes_text(roth)} is "
                         "for a Roth IRA, and that box is for traditional, SEP and SIMPLE IRAs. "
                         "formhelper goes by the code and treats it as a Roth IRA distribution "
                         "(Form 8606 Part III); if it came from a traditional IRA, ask the payer "
                         "for a corrected form."),
            ))
        plan = [c for c in codes if table.codes[c].f1040_line == "5"]
        if plan:
            out.append(Finding(
                id="ira-box-with-plan-code", box="7", field=field,
                message=(f"{where}the IRA/SEP/SIMPLE box is checked, but {_codes_text(plan)} is "
                         "used only for employer plans, annuities or insurance contracts, which "
                         "go on Form 1040 line 5. Check the form; formhelper follows the box and "
                         "treats it as an IRA distribution (line 4)."),
            ))
    else:
        ira_only = [c for c in codes if c in IRA_BOX_CODES]
        if ira_only and not set(codes) & ROTH_IRA:
            out.append(Finding(
                id="ira-code-without-ira-box", box="7", field=field,
                message=(f"{where}{_codes_text(ira_only)} is used only for traditional, SEP or "
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
    return [f.model_copy(update={"message": _cap(f.message)}) for f in findings]


# ---------------------------------------------------------------------------
# The case: dispositions and Form 8606


def _under_59_half_all_year(person: Person, tax_year: int) -> bool:
    return not reached(person.date_of_birth, 59, 6, date(tax_year, 12, 31))


def _disposition_findings(
    case: CaseFile, index: int, form: Form1099R, person: Person
) -> list[Finding]:
    """One form's disposition against its codes and boxes."""
    out: list[Finding] = []
    d = form.disposition
    codes = set(form.codes)
    where = _where(index)
    source = source_of(form)
    if source == Source.TRADITIONAL_IRA and d.converted_to_roth_ira > 0 and form.box_4 > 0:
        early = _under_59_half_all_year(person, case.tax_year)
        tail = (" Under age 59½, the 10% additional tax may apply to it too (Form 5329)."
                if early else "")
        out.append(Finding(
            id="withholding-on-conversion", box="4", field=_field(index, "box_4"),
            severity=Severity.WARNING if early else Severity.INFO,
            message=(f"{where}{_d(form.box_4)} of federal tax was withheld from a conversion. The "
                     "withheld part never reached the Roth IRA: it is a distribution, taxable "
                     "on Form 1040 line 4b (through Form 8606 line 7 when Part I is used), and "
                     f"the tax withheld counts as paid on line 25b.{tail}"),
        ))
    if (source == Source.PLAN and d.converted_to_roth_ira > 0 and codes & CONVERSION_CODES
            and not codes & (DIRECT_ROLLOVER | {"B"})):
        out.append(Finding(
            id="ira-box-unchecked-conversion", box="7", field=_field(index, "ira_sep_simple"),
            message=(f"{where}{_d(d.converted_to_roth_ira)} reached a Roth IRA, the code is "
                     f"{form.box_7} and the IRA/SEP/SIMPLE box is not checked, so formhelper "
                     "treats it as an employer-plan distribution rolled over to a Roth IRA "
                     "(Form 1040 line 5, no Form 8606). If it came from a traditional, SEP or "
                     "SIMPLE IRA it is a conversion (Form 8606 Part II): check the box "
                     "(ira_sep_simple)."),
        ))
    if "Y" in codes and d.qcd == 0 and form.box_1 > 0:
        out.append(Finding(
            id="code-y-without-qcd", box="7", field=_field(index, "disposition", "qcd"),
            message=(f"{where}code Y says a qualified charitable distribution was claimed, but "
                     "the disposition records no QCD, so the whole amount is treated as taxable. "
                     "If it was paid directly to a charity, record it as disposition.qcd."),
        ))
    return out


def _line_7_and_8(lines: F8606Lines | None) -> tuple[Decimal | None, Decimal]:
    """What reached Form 8606 as distributions (line 7) and conversions (line 8,
    or line 16 when Part I was not needed).  ``None`` for distributions when
    the form does not show them (no Part I: they go to Form 1040 line 4b)."""
    if lines is None:
        return None, ZERO
    conversions = lines.line_16 or lines.line_8 or ZERO
    if lines.line_7 is not None:
        return lines.line_7, conversions
    if lines.worksheet_1_1 is not None:
        # Worksheet 1-1 line 5 holds distributions plus conversions.
        return lines.worksheet_1_1.line_5 - conversions, conversions
    return None, conversions


def _ira_cross_findings(
    case: CaseFile, owner: Owner, lines: F8606Lines | None
) -> list[Finding]:
    """Traditional, SEP and SIMPLE IRA forms against Form 8606 lines 7 and 8.

    Line 7 (Form 8606 instructions): distributions, not including rollovers,
    QCDs, HSA funding distributions, conversions, returned contributions or
    recharacterizations; line 8: the net amount converted.  Tax withheld from
    a conversion was distributed, not converted (domain-spec §5.6).
    """
    out: list[Finding] = []
    who = owner.value
    forms = [(i, f) for i, f in case.forms_of(owner)
             if source_of(f) == Source.TRADITIONAL_IRA and not is_returned_contribution(f)]
    if not forms:
        return out
    line_7, line_8 = _line_7_and_8(lines)

    # A form that was partly converted, whose rest nothing explains.
    for index, form in forms:
        d = form.disposition
        if set(form.codes) & DIRECT_ROLLOVER or d.converted_to_roth_ira <= 0:
            continue
        rest = form.kept - form.box_4
        if whole_dollars(rest) < 1:
            continue
        landing = (f"Form 8606 line 7 ({who}'s line 7 is {_d(line_7)})" if line_7 is not None
                   else "Form 1040 line 4b as a fully taxable distribution")
        out.append(Finding(
            id="cross-ira-vs-8606", box="1", field=_field(index, "disposition"),
            message=(f"{_where(index)}box 1 is {_d(form.box_1)} but {_d(d.converted_to_roth_ira)} "
                     "was converted (Form 8606 Part II), and nothing else (tax withheld, a "
                     "rollover, a QCD or an HSA funding distribution) accounts for the other "
                     f"{_d(rest)}. It is treated as a distribution you kept: it goes on {landing}. "
                     "If that money also reached a Roth IRA or was rolled over, record it in the "
                     "form's disposition."),
        ))

    # The person's totals: every dollar of box 1 must land somewhere.
    gross = sum((f.box_1 for _i, f in forms), ZERO)
    excluded = sum(
        (f.box_1 if set(f.codes) & DIRECT_ROLLOVER
         else f.disposition.rolled_over + f.disposition.qcd + f.disposition.hsa_funding
         for _i, f in forms),
        ZERO,
    )
    distributed = line_7 if line_7 is not None else whole_dollars(
        sum((line_7_part(f) for _i, f in forms), ZERO))
    missing = gross - excluded - distributed - line_8
    if abs(missing) > 1:  # lines 7 and 8 are each rounded to whole dollars once
        in_plan = [i for i, f in forms if f.disposition.in_plan_roth_rollover > 0]
        hint = (f" forms_1099r[{in_plan[0]}] records an in-plan Roth rollover, which happens "
                "inside an employer plan, never from an IRA: record a traditional-to-Roth IRA "
                "move as converted_to_roth_ira, or a move to another traditional IRA as "
                "rolled_over." if in_plan else "")
        out.append(Finding(
            id="cross-ira-unreconciled", severity=Severity.ERROR, box="1",
            field=_field(in_plan[0], "disposition") if in_plan else path(who, "ira"),
            message=(f"{who}: box 1 of the traditional, SEP and SIMPLE IRA Forms 1099-R adds up "
                     f"to {_d(gross)}. Rollovers, QCDs, HSA funding and direct rollovers account "
                     f"for {_d(excluded)}, distributions (Form 8606 line 7) for "
                     f"{_d(distributed)} and conversions (line 8/16) for {_d(line_8)}: "
                     f"{_d(abs(missing))} is on neither Form 8606 nor Form 1040 line 4b.{hint}"),
        ))
    return out


def _roth_cross_findings(
    case: CaseFile, owner: Owner, person: Person, lines: F8606Lines | None
) -> list[Finding]:
    """Roth IRA forms (codes J, Q, T) against Form 8606 line 19.

    Line 19: nonqualified distributions from Roth IRAs, not including
    rollovers, QCDs, HSA funding distributions or returned contributions.
    Code Q, and code T once the 5-year period has passed, are qualified and
    stay off line 19 (Form 1040 instructions, line 4b, Exception 2).  Money
    moved from a Roth IRA to another Roth IRA is a rollover, never a
    conversion or an in-plan Roth rollover.
    """
    forms = [(i, f) for i, f in case.forms_of(owner)
             if source_of(f) == Source.ROTH_IRA and not set(f.codes) & EXCESS_RETURN]
    nonqualified = [
        (i, f) for i, f in forms
        if not is_qualified(f, person, case.tax_year)
    ]
    if not nonqualified:
        return []
    expected = whole_dollars(sum((f.kept for _i, f in nonqualified), ZERO))
    line_19 = (lines.line_19 if lines is not None else None) or ZERO
    if abs(line_19 - expected) <= 1:
        return []
    odd = [i for i, f in nonqualified
           if f.disposition.converted_to_roth_ira > 0 or f.disposition.in_plan_roth_rollover > 0]
    hint = (f" forms_1099r[{odd[0]}] records Roth IRA money as converted or rolled in-plan; "
            "moving it to another Roth IRA is a rollover: record it as rolled_over."
            if odd else "")
    return [Finding(
        id="cross-roth-vs-line-19", box="1",
        field=_field(odd[0], "disposition") if odd else path(owner.value, "roth"),
        message=(f"{owner.value}: box 1 of the nonqualified Roth IRA Forms 1099-R, less what "
                 f"their dispositions say went elsewhere, is {_d(expected)}, but Form 8606 line "
                 f"19 is {_d(line_19)}.{hint}"),
    )]


def _conversion_not_recorded(case: CaseFile, owner: Owner, person: Person) -> list[Finding]:
    """A traditional IRA form coded 1, 2 or 7 whose disposition is empty, while the
    case says money went into a Roth IRA this year some other way: a conversion
    left out of the disposition is taxed as a cash distribution (line 7)."""
    forms = case.forms_of(owner)
    roth_funded = any(f.disposition.converted_to_roth_ira > 0 or "H" in f.codes
                      for _i, f in forms)
    evidence = ""
    if (person.roth.first_contribution_year == case.tax_year
            and person.roth.contributions_this_year == 0 and not roth_funded):
        evidence = (f"the case says {owner.value}'s first Roth IRA was funded in {case.tax_year}, "
                    "with no regular contribution and no conversion or rollover recorded")
    elif (person.ira.nondeductible_contributions > 0 and person.ira.year_end_value == 0
          and not roth_funded):
        evidence = (f"{owner.value} made a nondeductible contribution and had nothing left in "
                    "traditional IRAs on December 31, the pattern of a backdoor Roth conversion")
    if not evidence:
        return []
    out: list[Finding] = []
    for index, form in forms:
        if (source_of(form) == Source.TRADITIONAL_IRA and form.disposition.accounted == 0
                and set(form.codes) & CONVERSION_CODES):
            out.append(Finding(
                id="cross-conversion-not-recorded", box="1",
                field=_field(index, "disposition", "converted_to_roth_ira"),
                message=(f"{_where(index)}nothing in the disposition says where the "
                         f"{_d(form.box_1)} went, so it is treated as a distribution kept in "
                         f"cash (Form 8606 line 7), but {evidence}. If it was converted, record "
                         "disposition.converted_to_roth_ira (the Roth custodian's Form 5498 box "
                         "3)."),
            ))
    return out


def check_case(
    case: CaseFile, table: CodeTable, f8606: Mapping[Owner, F8606Lines]
) -> list[Finding]:
    """Every Form 1099-R of the case, then each person's forms against Form 8606.

    ``f8606`` is the computed Form 8606 of each person
    (:attr:`formhelper.calc.ReturnResult.f8606`).
    """
    out: list[Finding] = []
    for index, form in enumerate(case.forms_1099r):
        person = case.spouse if form.owner == Owner.SPOUSE else case.taxpayer
        born = person.date_of_birth if person is not None else None
        out += check_form(form, table, case.tax_year, born, index)
        if person is not None:
            out += _disposition_findings(case, index, form, person)
    for owner, person in case.people():
        lines = f8606.get(owner)
        out += _ira_cross_findings(case, owner, lines)
        out += _roth_cross_findings(case, owner, person, lines)
        out += _conversion_not_recorded(case, owner, person)
    return out


#: A check whose point the calculation already makes, for the same field,
#: under its own id: ``compute`` shows the calculation's finding only.
_SAID_BY_COMPUTE: Mapping[str, str] = {
    "withholding-on-conversion": "conversion-withholding-early",
}


def merge(computed: Sequence[Finding], checked: Sequence[Finding]) -> list[Finding]:
    """The checks that add something to the calculation's own findings.

    A check with the same id and field as a computed finding (code G with
    box 2a blank is found by both), or one the calculation states in other
    words (:data:`_SAID_BY_COMPUTE`), is left out.
    """
    said = {(f.id, f.field) for f in computed}
    return [
        f for f in checked
        if (f.id, f.field) not in said and (_SAID_BY_COMPUTE.get(f.id), f.field) not in said
    ]


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
    return f" ({_d(value)})" if value is not None and value > 0 else ""


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


def _lines_and_taxable(form: Form1099R, table: CodeTable, source: Source,
                       reporting: F1040Reporting) -> tuple[str, str, str]:
    """(Form 1040 lines, where box 1 goes, how the taxable part is found).

    Instructions for Form 1040, lines 4a-4b (Exceptions 1-4) and 5a-5b.
    """
    codes = set(form.codes)
    year = table.tax_year
    box_1 = _amount(form.box_1)
    box_2a = f" ({_d(form.box_2a)})" if form.box_2a is not None else ""
    known = [c for c in form.codes if c in table.codes]
    if codes & {"P", "R"}:
        return ("prior-year return",
                f"Not on your {year} return: it belongs on your {year - 1} return (amend it if "
                "that return is already filed).",
                f"Figured on the {year - 1} return.")
    no_line = [c for c in known if table.codes[c].f1040_line == "n/a"]
    if no_line:
        if form.box_2a is not None and form.box_2a > 0:
            return ("5a/5b", f"Box 1{box_1} goes on line 5a.",
                    f"Box 2a{box_2a} shows a taxable amount: it goes on line 5b.")
        return ("none", f"{_cap(_codes_text(no_line))}: nothing goes on lines 4a-5b.",
                "Nothing is taxable unless box 2a shows an amount.")
    if source == Source.ROTH_IRA:
        gross = f"Box 1{box_1} goes on line 4a."
        if "8" in codes:
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
        if codes & RECHARACTERIZATION:
            taxable = ("Line 4b is 0 unless part of it is taxable; attach the statement the "
                       "Form 1040 instructions ask for.")
        elif "8" in codes:
            taxable = f"Line 4b: only the earnings returned with the excess, box 2a{box_2a}."
        elif "G" in codes:
            taxable = ("Line 4b is 0: a direct rollover from the IRA to an employer plan. "
                       f"{_cap(_do(reporting, 'line_4c', ('rollover',)))}.")
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
                   f"{_cap(_do(reporting, 'line_5c', ('rollover',)))}.")
    elif "G" in codes:
        shown = box_2a or " (blank: ask the payer)"
        taxable = (f"Line 5b: box 2a{shown}. Box 2a is 0 for a direct rollover to a "
                   "traditional IRA or another plan, and the taxable amount for a direct "
                   "rollover to a Roth IRA or an in-plan Roth rollover. "
                   f"{_cap(_do(reporting, 'line_5c', ('rollover',)))}.")
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


def _form_8606_text(form: Form1099R, table: CodeTable, source: Source) -> str:
    codes = set(form.codes)
    if codes & {"P", "R"}:
        return f"Not on the {table.tax_year} Form 8606 (a {table.tax_year - 1} matter)."
    if source == Source.ROTH_IRA:
        if "Q" in codes:
            return "Not needed: a qualified distribution."
        if codes & EXCESS_RETURN:
            return "Not on line 19: a returned excess contribution is not a distribution there."
        return ("Part III (lines 19-25c)" + (", unless the 5-year period has ended (code T)."
                                             if "T" in codes else "."))
    if source == Source.TRADITIONAL_IRA:
        if codes & (RECHARACTERIZATION | EXCESS_RETURN):
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


def _disposition_notes(form: Form1099R, reporting: F1040Reporting) -> list[str]:
    """Where each part of box 1 goes, from the case file's disposition."""
    d = form.disposition
    source = source_of(form)
    notes: list[str] = []
    if d.converted_to_roth_ira > 0:
        if source == Source.TRADITIONAL_IRA:
            notes.append(f"{_d(d.converted_to_roth_ira)} converted to a Roth IRA: Form 8606 "
                         "line 8 (or line 16 when Part I is not needed); its taxable part, line "
                         "18, goes on line 4b.")
        else:
            notes.append(f"{_d(d.converted_to_roth_ira)} rolled over to a Roth IRA: its "
                         "taxable part stays on line 5b.")
    if d.in_plan_roth_rollover > 0:
        notes.append(f"{_d(d.in_plan_roth_rollover)} rolled in-plan to a designated Roth "
                     "account: taxable on line 5b.")
    ira_line = "line_5c" if source == Source.PLAN else "line_4c"
    if d.rolled_over > 0:
        notes.append(f"{_d(d.rolled_over)} rolled over: left out of the taxable amount. "
                     f"{_cap(_do(reporting, ira_line, ('rollover',)))}.")
    if d.qcd > 0:
        notes.append(f"{_d(d.qcd)} qualified charitable distribution: left out of line 4b "
                     f"(and of Form 8606 line 7). {_cap(_do(reporting, 'line_4c', ('qcd',)))}.")
    if d.hsa_funding > 0:
        notes.append(f"{_d(d.hsa_funding)} HSA funding distribution: left out of line 4b. "
                     f"{_cap(_do(reporting, 'line_4c', ('hfd',)))}.")
    if form.box_4 > 0:
        notes.append(f"{_d(form.box_4)} federal tax withheld (box 4): Form 1040 line 25b.")
    return notes


def explain(form: Form1099R, table: CodeTable, reporting: F1040Reporting) -> Explanation:
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
    source = source_of(form)
    lines, gross, taxable = _lines_and_taxable(form, table, source, reporting)
    tax = _resolve_tax([table.codes[c].additional_tax for c in known])
    notes = _disposition_notes(form, reporting)
    unknown = [c for c in codes if c not in table.codes]
    if unknown:
        notes.append(f"Not a {table.tax_year} code: {', '.join(unknown)}.")
    optional = [c for c in known if c in table.rules.optional_codes]
    if optional:
        notes.append(f"{_cap(_codes_text(optional))} is optional for {table.table_year}: "
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
        form_8606=_form_8606_text(form, table, source),
        additional_tax=tax,
        form_5329=_TAX_TEXT[tax],
        notes=tuple(notes),
    )


def account_label(source: str) -> str:
    """Plain words for :attr:`Explanation.account`."""
    return _ACCOUNT[Source(source)]
