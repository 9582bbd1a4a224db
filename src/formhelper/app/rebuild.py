"""``formhelper basis rebuild``: the basis chain from a history or from one case file per
year, and the late-filing packet of every year that needs a Form 8606 it lacks.

The chain's Forms 8606 come from :mod:`formhelper.calc.rebuild` (history) or from the
whole return of each case file (:func:`formhelper.app.compute.compute_case`), both
through :func:`formhelper.calc.f8606.compute`: the pro-rata rule is stated once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from formhelper.app.compute import compute_case
from formhelper.calc.findings import Finding, Severity
from formhelper.calc.rebuild import (
    Chain,
    History,
    Identity,
    RebuiltYear,
    gaps,
    rebuild,
    rebuilt,
)
from formhelper.files.atomic import Output
from formhelper.models import CaseFile, Owner
from formhelper.money import whole_dollars


class RebuildError(ValueError):
    """A year of the chain cannot be figured (a blocking finding); the message says why."""


def from_history(history: History, identity: Identity) -> Chain:
    years = rebuild(history)
    return Chain(identity=identity, years=years, gaps=tuple(gaps(years)))


def from_cases(cases: Sequence[CaseFile], *, filed: Sequence[int] = (),
               reported: Mapping[int, Decimal] | None = None) -> list[Chain]:
    """Each person's chain through the case files (one per year, any order): every
    year's line 2 is the line 14 carried from the year before, whatever the case file
    says (the difference is noted).  ``filed``: years whose Form 8606 was filed;
    ``reported``: the taxable amount each year's return reported on line 4b for the
    person's traditional IRA distributions and conversions."""
    ordered = sorted(cases, key=lambda c: c.tax_year)
    seen = [c.tax_year for c in ordered]
    dupes = sorted({y for y in seen if seen.count(y) > 1})
    if dupes:
        raise RebuildError(f"two case files for tax year {dupes[0]}")
    first = ordered[0]
    chains: list[Chain] = []
    for owner, person in first.people():
        basis = whole_dollars(person.ira.prior_basis)
        years: list[RebuiltYear] = []
        notes: list[str] = []
        for case in ordered:
            own = case.taxpayer if owner == Owner.TAXPAYER else case.spouse
            if own is None:
                raise RebuildError(f"the {case.tax_year} case file has no {owner.value}")
            if case is not first and whole_dollars(own.ira.prior_basis) != basis:
                notes.append(f"{case.tax_year}: the case file gives Form 8606 line 2 as "
                             f"{whole_dollars(own.ira.prior_basis):,}; the rebuilt basis "
                             f"carried from {years[-1].year} is {basis:,}")
            ira = own.ira.model_copy(update={"prior_basis": basis})
            changed = case.model_copy(update={owner.value: own.model_copy(update={"ira": ira})})
            done = compute_case(changed)
            blocking = [f for f in done.result.findings if f.severity == Severity.ERROR]
            if blocking:
                raise RebuildError(f"tax year {case.tax_year}: {blocking[0].message}")
            lines = done.result.f8606[owner]
            report = (reported or {}).get(case.tax_year)
            findings: list[Finding] = list(done.result.findings)
            years.append(rebuilt(case.tax_year, lines, filed=case.tax_year in filed,
                                 taxable_reported=report, findings=findings))
            basis = lines.basis_carried
        chains.append(Chain(identity=Identity(name=person.name, ssn=person.ssn),
                            years=tuple(years), gaps=tuple(gaps(years)), notes=tuple(notes)))
    return chains


@dataclass
class Packet:
    outputs: list[Output] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _form_values(identity: Identity, year: RebuiltYear) -> dict[str, Decimal | str | None]:
    """What the late Form 8606 shows: name, SSN, the address block (filed by itself) and
    the rebuilt lines."""
    values: dict[str, Decimal | str | None] = {"name": identity.name, "ssn": identity.ssn,
                                 "home_address": identity.home_address,
                                 "apartment": identity.apartment,
                                 "city_state_zip": identity.city_state_zip}
    values.update(year.lines.lines())
    return values


def _filled_8606(year: RebuiltYear, identity: Identity, forms_dir: Path | None,
                 prefix: str) -> tuple[Output | None, str]:
    """The filled Form 8606 of ``year`` in its own layout, or why not (no field map for
    the layout, or no blank at hand)."""
    from formhelper.files.years import load
    from formhelper.pdf.blanks import BlankMissing, find_blank
    from formhelper.pdf.fieldmap import cached_map, has_map
    from formhelper.pdf.fill import fill
    from formhelper.pdf.values import fill_values

    layout = load(year.year).layout_year
    if not has_map("f8606", layout):
        return None, (f"no field map for the {layout} Form 8606 layout yet: copy the lines "
                      f"from {prefix}how-to-file.md onto the {year.year} Form 8606 "
                      f"(`formhelper forms fetch {year.year}` gets the blank)")
    try:
        blank = find_blank("f8606", layout, forms_dir)
    except BlankMissing as missing:
        return None, f"the {year.year} Form 8606 was not filled: {missing}"
    values = fill_values(cached_map("f8606", layout), _form_values(identity, year))
    name = f"{prefix}f8606.pdf"
    return Output(name, fill(blank.opened, values), private=identity.ssn is not None), ""


def packet(chain: Chain, forms_dir: Path | None = None, *, person: str = "") -> Packet:
    """The late-filing packet: the chain, and for each year to file its Form 8606 (or
    its lines), how to file it, whether to amend, and a reasonable-cause statement."""
    from formhelper.render.late_filing import chain_text, filing_page, reasonable_cause

    out = Packet()
    stem = f"{person}-" if person else ""
    out.outputs.append(Output(f"{stem}basis-chain.md", chain_text(chain, person).encode()))
    for year in chain.to_file:
        prefix = f"{stem}{year.year}-"
        pdf, why = _filled_8606(year, chain.identity, forms_dir, prefix)
        if pdf is not None:
            out.outputs.append(pdf)
        else:
            out.notes.append(f"{prefix}f8606.pdf not written: {why}")
        out.outputs.append(Output(f"{prefix}how-to-file.md",
                                  filing_page(chain, year, pdf is not None, person).encode()))
        statement = reasonable_cause(chain, year)
        if statement:
            out.outputs.append(Output(f"{prefix}reasonable-cause.txt", statement.encode(),
                                      private=chain.identity.ssn is not None))
    return out
