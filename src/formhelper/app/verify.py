"""``formhelper verify``: read their pages, find whose each form is, check them.

The use case behind the command (and a wizard entry later): files in, a
:class:`~formhelper.calc.verify.VerifyReport` out.  Whose Form 8606 or 5329 a page is
comes from the SSN or the name printed on it, matched against the case file (or their
Form 1040's SSNs); a typed-lines file says it (``[f8606.spouse]``).  When that cannot
be told, the forms are taken in the order given and a note says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from formhelper.app.compute import Computed, compute_case
from formhelper.calc.verify import TheirForm, TheirReturn, Value, VerifyReport, verify
from formhelper.files.casefile import load_case
from formhelper.files.their_return import Loaded, load
from formhelper.files.years import load as load_params
from formhelper.models import CaseFile, Owner
from formhelper.pdf.their_pages import ReadForm


class VerifyError(Exception):
    """Their files and the case do not go together; the message says why."""


@dataclass(frozen=True)
class Verified:
    report: VerifyReport
    theirs: TheirReturn
    #: What the reading found worth saying (pages skipped, forms taken in order).
    notes: tuple[str, ...]
    case_path: Path | None = None


def _digits(text: str | None) -> str:
    return "".join(ch for ch in (text or "") if ch.isascii() and ch.isdigit())


def _tax_year(loaded: Loaded, computed: Computed | None) -> int:
    years: dict[int, str] = {}
    for source, year in loaded.typed_years:
        years.setdefault(year, source)
    pdf_layouts = {form.layout_year: source for source, form in loaded.pdf_forms}
    if computed is not None:
        year = computed.case.tax_year
        for other, source in years.items():
            if other != year:
                raise VerifyError(f"{source}: tax_year {other}, but the case file is for {year}")
        for layout, source in pdf_layouts.items():
            if layout != computed.params.layout_year:
                raise VerifyError(f"{source}: a {layout} form, but the case file is for {year} "
                                  f"(the {computed.params.layout_year} forms)")
        return year
    for layout, source in pdf_layouts.items():
        years.setdefault(layout, source)
    if len(years) > 1:
        listed = ", ".join(f"{y} ({s})" for y, s in sorted(years.items()))
        raise VerifyError(f"their files are for different years: {listed}")
    if not years:
        raise VerifyError("the tax year is not known: write tax_year = 2025 in the typed-lines "
                          "file, or give your case file (--case)")
    year = next(iter(years))
    try:
        load_params(year)
    except LookupError as exc:
        raise VerifyError(str(exc)) from None
    return year


def _owner_by_id(form: ReadForm, case: CaseFile | None,
                 f1040_ssns: list[str]) -> Owner | None:
    """Whose form: its SSN, else its name, against the case (or their Form 1040)."""
    ssn = form.ssns[0] if form.ssns else ""
    if case is not None:
        people = [(Owner.TAXPAYER, case.taxpayer)]
        if case.spouse is not None:
            people.append((Owner.SPOUSE, case.spouse))
        if ssn:
            for owner, person in people:
                if _digits(person.ssn) == ssn:
                    return owner
        if form.name:
            for owner, person in people:
                if person.name.casefold().split() == form.name.casefold().split():
                    return owner
        return None
    if ssn and ssn in f1040_ssns:
        return Owner.TAXPAYER if f1040_ssns.index(ssn) == 0 else Owner.SPOUSE
    return None


def _their_forms(loaded: Loaded, case: CaseFile | None) -> tuple[list[TheirForm], list[str]]:
    notes: list[str] = []
    forms: list[TheirForm] = []
    f1040_ssns = next((f.ssns for _s, f in loaded.pdf_forms if f.form == "f1040"), [])
    taken: dict[str, set[Owner]] = {"f8606": set(), "f5329": set()}
    pending: list[tuple[str, ReadForm]] = []
    for source, read in loaded.pdf_forms:
        if read.form == "f1040":
            forms.append(TheirForm(form="f1040", lines=read.lines, source=source))
            continue
        owner = _owner_by_id(read, case, f1040_ssns)
        if owner is None and case is not None and (read.ssns or read.name):
            who = read.name or "SSN ending " + read.ssns[0][-4:]
            raise VerifyError(f"{source}: the Form {read.form[1:]} of {who} is neither yours nor "
                              "your spouse's in the case file (by SSN and name)")
        if owner is None:
            pending.append((source, read))
            continue
        forms.append(_taken(taken, read.form, owner, source, read.lines, read.name, read.ssns))
    for source, typed in loaded.typed_forms:
        if typed.form == "f1040":
            forms.append(TheirForm(form="f1040", lines=typed.lines, source=source))
            continue
        owner = Owner(typed.owner) if typed.owner else None
        if owner is None:
            owner = Owner.TAXPAYER if Owner.TAXPAYER not in taken[typed.form] else Owner.SPOUSE
        forms.append(_taken(taken, typed.form, owner, source, typed.lines, "", []))
    for source, read in pending:
        free = [o for o in (Owner.TAXPAYER, Owner.SPOUSE) if o not in taken[read.form]]
        if not free:
            raise VerifyError(f"{source}: a third Form {read.form[1:]}; a return has one per "
                              "person")
        owner = free[0]
        if len(pending) > 1 or (case is not None and case.spouse is not None):
            whose = "yours" if owner == Owner.TAXPAYER else "your spouse's"
            notes.append(f"{source}: whose Form {read.form[1:]} this is could not be told from "
                         f"its SSN or name; taken as {whose} (the order given)")
        forms.append(_taken(taken, read.form, owner, source, read.lines, read.name, read.ssns))
    if sum(1 for f in forms if f.form == "f1040") > 1:
        raise VerifyError("more than one Form 1040 given; a return has one")
    return forms, notes


def _taken(taken: dict[str, set[Owner]], form: str, owner: Owner, source: str,
           lines: dict[str, Value], name: str, ssns: list[str]) -> TheirForm:
    if owner in taken[form]:
        whose = "your" if owner == Owner.TAXPAYER else "your spouse's"
        raise VerifyError(f"{source}: a second Form {form[1:]} for {whose} return; give one per "
                          "person")
    taken[form].add(owner)
    return TheirForm.model_validate({"form": form, "owner": owner, "lines": lines,
                                     "source": source, "name": name,
                                     "ssn": ssns[0] if ssns else ""})


def run(paths: list[Path], case_path: Path | None = None,
        computed: Computed | None = None) -> Verified:
    """Check the files of theirs; with ``case_path`` (or the wizard's ``computed``
    return) against formhelper's own.  Raises :class:`TheirReturnError`,
    :class:`CaseFileError` or :class:`VerifyError`."""
    loaded = load(paths)
    if computed is None and case_path is not None:
        computed = compute_case(load_case(case_path))
    year = _tax_year(loaded, computed)
    forms, notes = _their_forms(loaded, computed.case if computed else None)
    theirs = TheirReturn(tax_year=year, forms=tuple(forms))
    params = computed.params if computed is not None else load_params(year)
    report = verify(theirs, params.f5329.rates, computed.case if computed else None,
                    computed.result if computed else None)
    return Verified(report, theirs, tuple(loaded.notes + notes), case_path)
