"""The wizard's state, without Textual: the draft, its checks and the computed return.

Every change goes through :meth:`Session.set` (or another method here): the
draft is saved at once (atomic, 0600), checked by the case model and, when
it is a valid case, computed by the same code as ``formhelper compute``.
The screens only show what this holds; no tax rule lives under ``tui/``.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from formhelper.app.compute import Computed, compute_case
from formhelper.calc.box7_checks import check_codes, check_form
from formhelper.calc.findings import Finding
from formhelper.calc.route import Source, route_form
from formhelper.files import drafts
from formhelper.files.drafts import Draft
from formhelper.files.years import load_codes, supported_years
from formhelper.models import CaseFile, FilingStatus, Form1099R, Owner
from formhelper.money import fmt_dollars, typed_amount
from formhelper.render.field_words import field_words, plain
from formhelper.years.codes import CodeTable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    id: str
    title: str


STEPS: tuple[Step, ...] = (
    Step("basics", "Tax year and filing status"),
    Step("people", "People"),
    Step("forms", "Forms 1099-R"),
    Step("money", "What happened to the money"),
    Step("basis", "Contributions and basis"),
    Step("year_end", "Year-end values"),
    Step("roth", "Roth IRA history"),
    Step("review", "Review"),
    Step("output", "Write the paperwork"),
)
STEP_IDS = tuple(s.id for s in STEPS)
TITLES = {s.id: s.title for s in STEPS}

_BASIS_FIELDS = {"nondeductible_contributions", "contributions_made_next_year",
                 "deductible_contributions", "prior_basis"}
_YEAR_END_FIELDS = {"year_end_value", "outstanding_rollovers"}


def step_of(path: str) -> tuple[str, int | None]:
    """The step (and Form 1099-R index) where the field ``path`` is typed."""
    parts = drafts.split_path(path)
    if not parts:
        return "review", None
    head = parts[0]
    if head == "forms_1099r":
        index = parts[1] if len(parts) > 1 and isinstance(parts[1], int) else None
        if len(parts) > 2 and parts[2] == "disposition":
            return "money", index
        return "forms", index
    if head in ("taxpayer", "spouse"):
        if len(parts) > 1 and parts[1] == "roth":
            return "roth", None
        if len(parts) > 2 and parts[1] == "ira":
            return ("year_end" if parts[2] in _YEAR_END_FIELDS else "basis"), None
        if len(parts) > 1 and parts[1] == "inherited_iras":
            # Its Form 8606 line 6 with the year-end values, the rest with the basis.
            return ("year_end" if len(parts) > 3 and parts[3] in _YEAR_END_FIELDS
                    else "basis"), None
        return "people", None
    if head in ("tax_year", "filing_status"):
        return "basics", None
    return "review", None


class Session:
    """One draft being edited."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.checked = drafts.Checked(None, {})
        self.computed: Computed | None = None
        self.error: str | None = None
        self.recheck()

    # -------------------------------------------------------------- changes

    def set(self, path: str, value: Any) -> None:
        """Record what was typed at ``path``, save the draft, check and compute."""
        if drafts.get(self.draft.case, path, None) == value:
            return
        drafts.put(self.draft.case, path, value)
        self.draft.focus = path
        self.changed()

    def changed(self) -> None:
        self.save()
        self.recheck()

    def save(self) -> None:
        self.draft.save()

    def recheck(self) -> None:
        """Check the typed case; compute it when it is valid."""
        self.checked = drafts.check(self.case_input())
        self.computed = None
        self.error = None
        if self.checked.case is not None:
            try:
                self.computed = compute_case(self.checked.case)
            except Exception as exc:  # a bug must not cost the person their screen
                log.exception("compute failed")
                self.error = f"formhelper could not compute this case: {exc}"

    def case_input(self) -> dict[str, Any]:
        """The typed case, less what the filing status leaves out.

        The spouse's facts are kept in the draft whatever the status, but only a
        joint return reports the spouse's IRAs, and only a married return names
        the spouse.
        """
        data = copy.deepcopy(self.draft.case)
        status = self.filing_status
        if status not in (FilingStatus.MARRIED_FILING_JOINTLY.value,
                          FilingStatus.MARRIED_FILING_SEPARATELY.value):
            data.pop("spouse", None)
        elif status != FilingStatus.MARRIED_FILING_JOINTLY.value and "spouse" in data:
            spouse = data["spouse"]
            if isinstance(spouse, dict):
                spouse.pop("ira", None)
                spouse.pop("roth", None)
                spouse.pop("inherited_iras", None)
        return data

    # -------------------------------------------------------------- reading

    @property
    def case(self) -> CaseFile | None:
        return self.checked.case

    @property
    def filing_status(self) -> str:
        return str(drafts.get(self.draft.case, "filing_status") or "single")

    @property
    def joint(self) -> bool:
        return self.filing_status == FilingStatus.MARRIED_FILING_JOINTLY.value

    @property
    def married(self) -> bool:
        return self.joint or self.filing_status == FilingStatus.MARRIED_FILING_SEPARATELY.value

    def owners(self) -> list[str]:
        """Whose IRAs this return reports: the taxpayer, and the spouse on a joint return."""
        return ["taxpayer", "spouse"] if self.joint else ["taxpayer"]

    def person_name(self, owner: str) -> str:
        name = str(drafts.get(self.draft.case, f"{owner}.name") or "").strip()
        return name or ("You" if owner == "taxpayer" else "Your spouse")

    @property
    def tax_year(self) -> int:
        text = str(drafts.get(self.draft.case, "tax_year") or "")
        years = supported_years()
        return int(text) if text.isdigit() and int(text) in years else max(years)

    def problems(self, path: str) -> list[str]:
        return self.checked.problems.get(path, [])

    def problem_paths(self) -> list[str]:
        return list(self.checked.problems)

    @property
    def forms(self) -> list[dict[str, Any]]:
        forms = self.draft.case.setdefault("forms_1099r", [])
        assert isinstance(forms, list)
        return forms

    def valid_form(self, index: int) -> Form1099R | None:
        """The Form 1099-R at ``index`` if its boxes are valid on their own."""
        try:
            return Form1099R.model_validate(drafts.case_data(self.forms[index]))
        except ValidationError:
            return None

    def form_boxes(self, index: int) -> Form1099R | None:
        """The Form 1099-R at ``index`` if its boxes are valid, whatever its disposition."""
        data = drafts.case_data(self.forms[index])
        data.pop("disposition", None)
        try:
            return Form1099R.model_validate(data)
        except ValidationError:
            return None

    def form_source(self, index: int) -> Source | None:
        form = self.valid_form(index)
        return None if form is None else route_form(form, index).source

    def has_roth_distribution(self) -> bool:
        return any(self.form_source(i) == Source.ROTH_IRA for i in range(len(self.forms)))

    def roth_owners(self) -> list[str]:
        """Whose Roth IRAs receive money or pay out this year, per the forms typed so far:
        a Roth IRA distribution, a conversion or plan rollover to a Roth IRA, a designated
        Roth account rolled to a Roth IRA (code H).  Each is asked the first year a Roth IRA
        was funded: the 5-year clock of qualified distributions starts then (Pub. 590-B),
        and a conversion this year may not be the first."""
        owners = set()
        for index in range(len(self.forms)):
            form = self.valid_form(index)
            if form is None:
                continue
            if (route_form(form, index).source == Source.ROTH_IRA
                    or form.disposition.converted_to_roth_ira > 0 or "H" in form.codes):
                owners.add(form.owner.value)
        return [o for o in self.owners() if o in owners]

    def visible_steps(self) -> list[str]:
        """The steps this return needs: Roth history only when a Roth IRA takes in or pays
        out money."""
        return [s for s in STEP_IDS if s != "roth" or self.roth_owners()]

    def problems_up_to(self, step: str) -> tuple[int, int]:
        """How many problems are at ``step``, and at the steps before it."""
        order = {name: n for n, name in enumerate(STEP_IDS)}
        here = before = 0
        for path, messages in self.checked.problems.items():
            where = order.get(step_of(path)[0], len(STEP_IDS))
            if where == order.get(step, len(STEP_IDS)):
                here += len(messages)
            elif where < order.get(step, len(STEP_IDS)):
                before += len(messages)
        return here, before

    # -------------------------------------------------------------- inherited IRAs

    def form_codes(self, index: int) -> str:
        """Box 7 of the form at ``index`` as typed, in capitals (``""`` when empty)."""
        return str(self.forms[index].get("box_7") or "").strip().upper()

    def inherited_iras(self, owner: str) -> list[dict[str, Any]]:
        """One person's inherited IRAs as typed (``<owner>.inherited_iras``)."""
        entries = drafts.get(self.draft.case, f"{owner}.inherited_iras", [])
        return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []

    def decedents(self, owner: str) -> list[str]:
        """The names typed as "inherited from" for one person's inherited IRAs."""
        names = (str(e.get("decedent") or "").strip() for e in self.inherited_iras(owner))
        return [n for n in names if n]

    def coded_death(self, owner: str) -> bool:
        """A Form 1099-R of ``owner`` is coded 4 (death): it may come from an inherited IRA
        (Instructions for Forms 1099-R and 5498, box 7, code 4)."""
        return any(str(form.get("owner") or "taxpayer") == owner and "4" in self.form_codes(i)
                   for i, form in enumerate(self.forms))

    def asks_inherited(self, owner: str) -> bool:
        """The basis and year-end steps ask about ``owner``'s inherited IRAs: one is
        described already, or a form of theirs is coded 4 (death)."""
        return bool(self.inherited_iras(owner)) or self.coded_death(owner)

    def add_inherited(self, owner: str) -> str:
        """Add an empty inherited IRA for ``owner``; returns its "inherited from" path."""
        path = f"{owner}.inherited_iras"
        entries = drafts.get(self.draft.case, path, None)
        if not isinstance(entries, list):
            entries = []
            drafts.put(self.draft.case, path, entries)
        entries.append({"decedent": "", "basis": "", "year_end_value": ""})
        self.changed()
        return f"{path}[{len(entries) - 1}].decedent"

    def remove_inherited(self, owner: str, index: int) -> None:
        entries = drafts.get(self.draft.case, f"{owner}.inherited_iras", [])
        if isinstance(entries, list) and 0 <= index < len(entries):
            del entries[index]
            person = self.draft.case.get(owner)
            if not entries and isinstance(person, dict):
                del person["inherited_iras"]
            self.changed()

    def payers(self) -> list[str]:
        """The payers typed on the Forms 1099-R, in order (to name the forms in words)."""
        return [str(form.get("payer") or "") for form in self.forms]

    def neighbour(self, step: str, delta: int) -> str | None:
        steps = self.visible_steps()
        if step not in steps:
            steps = list(STEP_IDS)
        i = steps.index(step) + delta
        return steps[i] if 0 <= i < len(steps) else None

    @property
    def findings(self) -> tuple[Finding, ...]:
        return () if self.computed is None else self.computed.result.findings

    def code_table(self) -> CodeTable:
        return load_codes(self.tax_year)

    def box_7_notes(self, index: int) -> tuple[list[str], list[Finding]]:
        """Box 7 of one form as typed: each code's meaning, and the check findings."""
        table = self.code_table()
        form = self.forms[index]
        text = str(form.get("box_7", "")).strip()
        if not text:
            return [], []
        meanings = [f"{c}: {table.codes[c].meaning}" for c in text.upper() if c in table.codes]
        valid = self.valid_form(index)
        if valid is None:
            return meanings, check_codes(text, table, index)
        born = None
        if self.case is not None:
            person = self.case.spouse if valid.owner == Owner.SPOUSE else self.case.taxpayer
            born = person.date_of_birth if person is not None else None
        return meanings, check_form(valid, table, self.tax_year, born, index)

    def early_forms(self) -> frozenset[int]:
        """Forms with an amount on Form 5329 line 1 (the 10% may apply), as computed."""
        if self.computed is None:
            return frozenset()
        return frozenset(item.form for lines in self.computed.result.f5329.values()
                         for item in lines.items if item.form is not None)

    def exception_choices(self) -> list[tuple[str, str]]:
        """(label, number) of the year's Form 5329 line 2 exceptions.

        A description not yet checked against the IRS text says so: the person should
        read the number's entry in the Instructions for Form 5329 before choosing it.
        """
        from formhelper.files.years import load as load_params

        table = load_params(self.tax_year).f5329
        return [(f"{number} {info.short}" + ("" if info.verified else " (check i5329)"), number)
                for number, info in sorted(table.exceptions.items())]

    # -------------------------------------------------------------- forms list

    def add_form(self, owner: str = "taxpayer") -> int:
        self.forms.append(drafts.empty_form(owner))
        index = len(self.forms) - 1
        self.draft.form_index = index
        self.changed()
        return index

    def remove_form(self, index: int) -> None:
        del self.forms[index]
        self.draft.form_index = None
        self.changed()

    def go(self, step: str, *, form_index: int | None = None, focus: str | None = None) -> None:
        """Move to ``step`` and remember it (resuming opens the same place)."""
        self.draft.step = step
        self.draft.form_index = form_index
        self.draft.focus = focus
        self.save()

    def attempt(self, step: str) -> None:
        """The person pressed Next on ``step``: from now on show its "required" problems."""
        if step not in self.draft.attempted:
            self.draft.attempted.append(step)
            self.save()


def amount_shown(typed: object) -> str:
    """A typed amount as the forms print it (``40000`` -> ``40,000``); text that is not an
    amount yet, as typed; nothing typed, ``?``."""
    text = str(typed or "").strip()
    if not text:
        return "?"
    amount = typed_amount(text)
    return text if amount is None else fmt_dollars(amount)


def describe_source(source: Source | None) -> str:
    return {
        Source.TRADITIONAL_IRA: "traditional IRA",
        Source.ROTH_IRA: "Roth IRA",
        Source.PLAN: "employer plan",
        None: "incomplete",
    }[source]


def import_basis(session: Session, owner: str, path: Path) -> str:
    """Fill one person's starting basis from last year's basis record or Form 8606 PDF.

    Sets ``ira.prior_basis`` (last year's line 14) and the Roth history the
    record carries; returns what was filled, for the screen.  Raises
    :class:`formhelper.files.basis_record.RecordError` for a file that cannot be used.
    """
    from formhelper.calc.basis import person_case
    from formhelper.files.basis_record import RecordError, load_record

    loaded = load_record(path, form_year=session.tax_year - 1)
    record = loaded.record
    if record.for_tax_year != session.tax_year:
        raise RecordError(f"{path}: a record for tax year {record.for_tax_year}; this return "
                          f"is for {session.tax_year}")
    rec = record.person(Owner(owner))
    if rec is None and owner == "taxpayer" and len(record.people) == 1:
        rec = record.people[0]
    if rec is None:
        whom = "you" if owner == "taxpayer" else "your spouse"
        raise RecordError(f"{path}: holds no record for {whom}")
    # person_case writes a date of birth too; the draft keeps its own, so any date will do.
    table = person_case(rec, date_of_birth=rec.date_of_birth or date(1900, 1, 1))
    ira = table.get("ira", {})
    filled = []
    for key, value in ira.items():
        session.set(f"{owner}.ira.{key}", str(value))
        amount = typed_amount(str(value))
        filled.append(f"{field_words(f'{owner}.ira.{key}')} "
                      f"{fmt_dollars(amount) if amount is not None else value}")
    roth = table.get("roth", {})
    for key, value in roth.items():
        session.set(f"{owner}.roth.{key}", drafts.typed(value))
        filled.append(field_words(f"{owner}.roth.{key}"))
    session.draft.prior_record = str(path)
    session.save()
    # The record's notes name its fields from the person's side ("roth.x"): in words.
    notes = " ".join(plain(re.sub(r"\b(ira|roth)\.", f"{owner}.\\1.", w))
                     for w in loaded.warnings)
    return f"Imported from {path.name}: " + "; ".join(filled) + (f". {notes}" if notes else "")

