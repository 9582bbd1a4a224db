"""A case-file field path in the words of the forms, for everything a person reads.

``forms_1099r[0].box_2a`` is how a case file and a program name a field; a person
reads "Form 1099-R #1 (Big Brokerage), box 2a".  ``taxpayer.ira.prior_basis`` is
"Your basis from last year (Form 8606 line 2)".  This is the one mapping from
case fields to words: the wizard (review, problems, warnings, start screen), the
worksheets, the summaries and the basis record page all use it.  Case-file paths
stay in ``--json`` and in the command line's errors about a case file typed by
hand, where the person needs the field's name to fix the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

#: A person's own fields (``taxpayer.<name>``): the noun after "Your".
PERSON_FIELDS: Mapping[str, str] = {
    "name": "name",
    "ssn": "social security number",
    "date_of_birth": "date of birth",
}

#: ``<person>.ira.<name>``: traditional IRAs, Form 8606 Part I.
IRA_FIELDS: Mapping[str, str] = {
    "nondeductible_contributions": "nondeductible IRA contributions (Form 8606 line 1)",
    "contributions_made_next_year": "contributions made January-April of next year "
                                    "(Form 8606 line 4)",
    "deductible_contributions": "deductible IRA contributions",
    "prior_basis": "basis from last year (Form 8606 line 2)",
    "year_end_value": "value of all traditional, SEP and SIMPLE IRAs on December 31 "
                      "(Form 8606 line 6)",
    "outstanding_rollovers": "outstanding rollovers (Form 8606 line 6)",
}

#: ``<person>.roth.<name>``: Roth IRAs, Form 8606 Part III.
ROTH_FIELDS: Mapping[str, str] = {
    "first_contribution_year": "first year a Roth IRA was funded",
    "contribution_basis": "earlier regular Roth IRA contributions (Form 8606 line 22)",
    "contributions_this_year": "Roth IRA contributions this year (Form 8606 line 22)",
    "first_time_homebuyer_expenses": "first-time homebuyer expenses (Form 8606 line 20)",
    "prior_first_time_homebuyer": "earlier first-time homebuyer distributions",
    "layers": "earlier conversions and rollovers (Form 8606 line 24)",
}

#: ``<person>.roth.layers[i].<name>``.
LAYER_FIELDS: Mapping[str, str] = {
    "year": "year",
    "kind": "kind",
    "taxable": "taxable part left",
    "nontaxable": "nontaxable part left",
}

#: ``<person>.inherited_iras[i].<name>``: an inherited IRA, on its own Form 8606.
INHERITED_FIELDS: Mapping[str, str] = {
    "decedent": "who it was inherited from",
    "basis": "basis (its Form 8606 line 2)",
    "year_end_value": "value on December 31 (its Form 8606 line 6)",
}

#: ``forms_1099r[i].<name>``: the boxes as printed on Form 1099-R.
FORM_FIELDS: Mapping[str, str] = {
    "owner": "whose form it is",
    "payer": "payer's name",
    "box_1": "box 1",
    "box_2a": "box 2a",
    "box_2b_taxable_not_determined": "box 2b (taxable amount not determined)",
    "box_2b_total_distribution": "box 2b (total distribution)",
    "box_3": "box 3",
    "box_4": "box 4",
    "box_5": "box 5",
    "box_7": "box 7",
    "ira_sep_simple": "the IRA/SEP/SIMPLE box",
    "box_9b": "box 9b",
    "box_10": "box 10",
    "box_11": "box 11",
    "state": "state boxes",
    "disposition": "where the money went",
    "early_exceptions": "exceptions to the 10% tax (Form 5329 line 2)",
    "form_year": "year printed on the form",
    "inherited_from": "inherited IRA it was paid from",
    "disabled": "whether the recipient was disabled",
}

#: ``forms_1099r[i].disposition.<name>``: where the money went.
DISPOSITION_FIELDS: Mapping[str, str] = {
    "converted_to_roth_ira": "amount that reached a Roth IRA",
    "in_plan_roth_rollover": "amount rolled to the plan's Roth account",
    "rolled_over": "amount rolled over",
    "rolled_to_employer_plan": "amount rolled into an employer plan",
    "qcd": "amount given to charity (QCD)",
    "hsa_funding": "amount moved to an HSA",
}

#: Top-level fields.
CASE_FIELDS: Mapping[str, str] = {
    "case": "the return",
    "tax_year": "tax year",
    "filing_status": "filing status",
    "schema_version": "case file version",
    "taxpayer": "you",
    "spouse": "your spouse",
    "forms_1099r": "the Forms 1099-R",
}

_PART = re.compile(r"([A-Za-z0-9_]+)|\[(\d+)\]")


def _split(path: str) -> list[str | int]:
    return [int(index) if index else name for name, index in _PART.findall(path)]


def _words(name: str, table: Mapping[str, str]) -> str:
    return table.get(name, name.replace("_", " "))


def person(owner: str) -> str:
    """``taxpayer`` -> "you", ``spouse`` -> "your spouse"."""
    return "you" if owner == "taxpayer" else "your spouse"


def possessive(owner: str) -> str:
    """``taxpayer`` -> "your", ``spouse`` -> "your spouse's"."""
    return "your" if owner == "taxpayer" else "your spouse's"


def form_name(index: int, payers: Sequence[str] = ()) -> str:
    """``Form 1099-R #1 (Big Brokerage)``: numbered from 1, as the wizard lists them."""
    payer = payers[index].strip() if 0 <= index < len(payers) else ""
    return f"Form 1099-R #{index + 1}" + (f" ({payer})" if payer else "")


def _lower(path: str, payers: Sequence[str]) -> str:
    """The words for ``path``, as they read in the middle of a sentence."""
    parts = _split(path)
    if not parts:
        return "the return"
    head = parts[0]
    if head == "forms_1099r" and len(parts) > 1 and isinstance(parts[1], int):
        words = form_name(parts[1], payers)
        rest = parts[2:]
        if not rest:
            return words
        name = rest[0]
        if name == "disposition" and len(rest) > 1 and isinstance(rest[1], str):
            return f"{words}, {_words(rest[1], DISPOSITION_FIELDS)}"
        if name == "early_exceptions" and len(rest) > 1 and isinstance(rest[1], int):
            what = {"number": "its number", "amount": "the amount it covers"}
            tail = f", {_words(str(rest[2]), what)}" if len(rest) > 2 else ""
            return f"{words}, exception {rest[1] + 1} to the 10% tax{tail}"
        if name == "state" and len(rest) > 1 and isinstance(rest[1], int):
            box = f", {str(rest[2]).replace('_', ' ')}" if len(rest) > 2 else ""
            return f"{words}, state line {rest[1] + 1}{box}"
        return f"{words}, {_words(str(name), FORM_FIELDS)}"
    if head in ("taxpayer", "spouse"):
        owner = str(head)
        rest = parts[1:]
        if not rest:
            return person(owner)
        if rest[0] == "ira" and len(rest) > 1:
            return f"{possessive(owner)} {_words(str(rest[1]), IRA_FIELDS)}"
        if rest[0] == "roth" and len(rest) > 1:
            if rest[1] == "layers" and len(rest) > 2 and isinstance(rest[2], int):
                layer = f", {_words(str(rest[3]), LAYER_FIELDS)}" if len(rest) > 3 else ""
                return (f"{possessive(owner)} earlier conversion or rollover "
                        f"{rest[2] + 1}{layer}")
            return f"{possessive(owner)} {_words(str(rest[1]), ROTH_FIELDS)}"
        if rest[0] == "inherited_iras":
            if len(rest) > 1 and isinstance(rest[1], int):
                tail = (f", {_words(str(rest[2]), INHERITED_FIELDS)}" if len(rest) > 2
                        else "")
                return f"{possessive(owner)} inherited IRA {rest[1] + 1}{tail}"
            return f"{possessive(owner)} inherited IRAs"
        if rest[0] == "ira":
            return f"{possessive(owner)} traditional IRAs"
        if rest[0] == "roth":
            return f"{possessive(owner)} Roth IRAs"
        return f"{possessive(owner)} {_words(str(rest[0]), PERSON_FIELDS)}"
    return _words(str(head), CASE_FIELDS)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def field_words(path: str, payers: Sequence[str] = ()) -> str:
    """The field ``path`` in plain words, starting a sentence.

    ``payers`` are the payers' names of the Forms 1099-R, in the case's order.

    >>> field_words("forms_1099r[0].box_2a", ["Big Brokerage"])
    'Form 1099-R #1 (Big Brokerage), box 2a'
    >>> field_words("spouse.date_of_birth")
    "Your spouse's date of birth"
    """
    return _capital(_lower(path, payers))


#: A case-file path inside a sentence: a form's (with or without a field) or a
#: person's field (``taxpayer.ira.prior_basis``; a bare ``taxpayer`` is a word).
_PATH = re.compile(
    r"\bforms_1099r\[\d+\](?:\.[A-Za-z0-9_]+|\[\d+\])*"
    r"|\b(?:taxpayer|spouse)(?:\.[A-Za-z0-9_]+|\[\d+\])+"
)
#: The owner's name used as a word: "taxpayer: ...", "taxpayer's", "spouse was".
_OWNER_WORD = re.compile(r"\b(taxpayer|spouse)(?:(?P<own>'s)|(?P<verb> (?:is|was|has)\b)|"
                         r"(?P<colon>:)|(?P<made> made\b))")
_YOU_VERBS = {" is": " are", " was": " were", " has": " have"}


def plain(text: str, payers: Sequence[str] = ()) -> str:
    """``text`` with every case-file path in it (and the owner names used as words)
    put in plain words: ``forms_1099r[0]: box 4 ...`` -> ``Form 1099-R #1 (Big
    Brokerage): box 4 ...``; ``taxpayer: ...`` -> ``You: ...``."""

    def path(match: re.Match[str]) -> str:
        words = _lower(match.group(0), payers)
        return _capital(words) if _starts_sentence(match.string, match.start()) else words

    def owner(match: re.Match[str]) -> str:
        who, at = match.group(1), match.start()
        if match.string[max(0, at - 4):at] in ("the ", "our "):
            return match.group(0)  # "the spouse's", "your spouse": already words
        if match.group("own"):
            words = possessive(who)
        elif match.group("verb"):
            verb = match.group("verb")
            words = person(who) + (_YOU_VERBS[verb] if who == "taxpayer" else verb)
        else:
            words = person(who) + (match.group("colon") or match.group("made") or "")
        return _capital(words) if _starts_sentence(match.string, at) else words

    return _OWNER_WORD.sub(owner, _PATH.sub(path, text))


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before.endswith((".", "!", "?"))


def payers_of(forms: Sequence[Any]) -> list[str]:
    """The payers' names of a case's Forms 1099-R (models or a draft's dicts)."""
    names = []
    for form in forms:
        payer = form.get("payer") if isinstance(form, Mapping) else getattr(form, "payer", "")
        names.append(str(payer or ""))
    return names
