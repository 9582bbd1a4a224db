"""The Form 1099-R box 7 code table of a tax year: ``forms/<year>/codes.toml``.

The table is the IRS "Guide to Distribution Codes" (Instructions for Forms
1099-R and 5498, Table 1): what each code means, which codes it may be "used
with", and how the amount is reported (Instructions for Form 1040, lines
4a-5b).  It is data, read here and handed to the pure checks in
:mod:`formhelper.calc.box7_checks`, the way :mod:`formhelper.years.params` reads
``params.toml``; the calculation never reads files itself.

A year whose instructions have not been checked yet names the year whose
table it uses: ``same_as = 2025``.  The loader follows that link; nothing
here tests for a particular year.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from formhelper.models.box7 import CODE_CHARS

#: "additional_tax" of a code: the 10% (IRC 72(t)) or 25% (SIMPLE IRA in its
#: first 2 years, IRC 72(t)(6)) additional tax on early distributions, none, or
#: "depends" on the paired code (for code 5, on age).
AdditionalTax = Literal["10%", "25%", "none", "depends"]
#: Form 1040 line of this year's return: IRA distributions (4a/4b), pensions and
#: annuities (5a/5b), either one by the IRA/SEP/SIMPLE box, or neither.
F1040Line = Literal["4", "5", "4 or 5", "n/a"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CodeInfo(_Frozen):
    """One row of Table 1, Guide to Distribution Codes, with how it is reported."""

    meaning: str = Field(min_length=3)
    #: Table 1 "Used with code ...": the codes that may share box 7 with this one.
    used_with: tuple[str, ...] = ()
    #: May appear in box 7 by itself.
    alone: bool
    #: Table 1 "Used with: None": may appear only by itself.
    only_alone: bool
    kind: str = Field(min_length=1)
    additional_tax: AdditionalTax
    form_8606: str = Field(min_length=3)
    form_5329: str = Field(min_length=3)
    f1040_line: F1040Line
    explain: str = Field(min_length=3)
    source: str = Field(min_length=3)


class Rules(_Frozen):
    """The box 7 rules that are not a single code's row (i1099r, box 7 instructions)."""

    #: "Enter a maximum of two alphanumeric codes".
    max_codes: int = Field(ge=1)
    #: "Only three numeric combinations are permitted on one Form 1099-R: Codes 8
    #: and 1, 8 and 2, or 8 and 4."
    numeric_pairs: tuple[tuple[str, str], ...]
    #: Codes that must be used with another code (A, D, K; Y from 2025).
    must_pair: tuple[str, ...] = ()
    #: Codes whose "used with" is "None".
    must_stand_alone: tuple[str, ...] = ()
    used_with_symmetric: bool = True
    #: Codes a payer may leave off for the year (Y for 2025).
    optional_codes: tuple[str, ...] = ()
    #: Pairs reported by a secondary source but not in the table that could be
    #: verified: a checker warns instead of rejecting them.
    unverified_pairs: tuple[tuple[str, str], ...] = ()
    source: tuple[str, ...] = ()


class CodeTable(_Frozen):
    """The box 7 codes of one tax year."""

    #: The tax year the table is used for.
    tax_year: int
    #: The year whose ``codes.toml`` holds the rows (differs from ``tax_year``
    #: when that year's file says ``same_as``).
    table_year: int
    source: str = Field(min_length=3)
    rules: Rules
    codes: dict[str, CodeInfo]

    @property
    def borrowed(self) -> bool:
        """True when the rows come from another year's table (``same_as``)."""
        return self.table_year != self.tax_year

    def info(self, code: str) -> CodeInfo | None:
        return self.codes.get(code)

    def pair_allowed(self, first: str, second: str) -> bool:
        """Table 1: ``second`` is in the "used with" list of ``first`` (either order)."""
        a, b = self.codes.get(first), self.codes.get(second)
        if a is None or b is None or first == second:
            return False
        return second in a.used_with or first in b.used_with

    def pair_unverified(self, first: str, second: str) -> bool:
        return frozenset((first, second)) in {frozenset(p) for p in self.rules.unverified_pairs}

    @model_validator(mode="after")
    def _consistent(self) -> CodeTable:
        """The rows and the rules must tell the same story, so a typo in the
        TOML fails loudly instead of changing an answer."""
        problems: list[str] = []
        for code, row in self.codes.items():
            if code not in CODE_CHARS:
                problems.append(f"{code!r} is not a box 7 code character")
            for other in row.used_with:
                partner = self.codes.get(other)
                if partner is None:
                    problems.append(f"code {code} is used with {other}, which is not in the table")
                elif self.rules.used_with_symmetric and code not in partner.used_with:
                    problems.append(f"code {code} lists {other} but {other} does not list {code}")
                if code.isdigit() and other.isdigit() and not _in_pairs(
                    code, other, self.rules.numeric_pairs
                ):
                    problems.append(f"codes {code} and {other} are two numeric codes not allowed")
            if row.only_alone and (row.used_with or not row.alone):
                problems.append(f"code {code} is only_alone but has partners or alone = false")
            if (code in self.rules.must_pair) == row.alone:
                problems.append(f"code {code}: alone = {row.alone} disagrees with rules.must_pair")
            if (code in self.rules.must_stand_alone) != row.only_alone:
                problems.append(f"code {code}: only_alone disagrees with rules.must_stand_alone")
        listed = (
            [c for pair in self.rules.numeric_pairs for c in pair]
            + [c for pair in self.rules.unverified_pairs for c in pair]
            + list(self.rules.must_pair)
            + list(self.rules.must_stand_alone)
            + list(self.rules.optional_codes)
        )
        problems += [f"rules name code {c}, which is not in the table"
                     for c in sorted(set(listed)) if c not in self.codes]
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _in_pairs(a: str, b: str, pairs: tuple[tuple[str, str], ...]) -> bool:
    return frozenset((a, b)) in {frozenset(p) for p in pairs}
