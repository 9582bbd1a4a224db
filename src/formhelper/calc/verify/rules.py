"""The instruction each line follows, in the form's own words, and which lines it uses.

Quoted from the face of the 2025 Forms 8606 and 5329 and Form 1040 (the 2024 Form
8606 numbers its lines the same way, domain-spec §1.7); Form 1040 lines 4a/4b from the
Instructions for Form 1040, "Lines 4a and 4b" (Exception 2: "enter the total
distribution on line 4a and see Form 8606 and its instructions to figure the amount to
enter on line 4b").
"""

from __future__ import annotations

#: Form 8606 lines that are entered, not figured from other lines: their figures come
#: from records (last year's line 14, the December 31 statements, the Forms 1099-R),
#: so only a case file can check them (issue 17: lines 1, 2, 4, 6, 7, 8, 16 when Part I
#: is not used, 19, 20, 22, 24; 15b and 25b come from Form 8915-F).
F8606_INPUTS = ("line_1", "line_2", "line_4", "line_6", "line_7", "line_8", "line_15b",
                "line_19", "line_20", "line_22", "line_24", "line_25b")

#: The lines each Form 8606 line is figured from (for "follows from their line N").
F8606_USES: dict[str, tuple[str, ...]] = {
    "line_3": ("line_1", "line_2"),
    "line_5": ("line_3", "line_4"),
    "line_9": ("line_6", "line_7", "line_8"),
    "line_10": ("line_5", "line_9"),
    "line_11": ("line_8", "line_10"),
    "line_12": ("line_7", "line_10"),
    "line_13": ("line_11", "line_12"),
    "line_14": ("line_3", "line_13"),
    "line_15a": ("line_7", "line_12"),
    "line_15c": ("line_15a", "line_15b"),
    "line_16": ("line_8",),
    "line_17": ("line_11",),
    "line_18": ("line_16", "line_17"),
    "line_21": ("line_19", "line_20"),
    "line_23": ("line_21", "line_22"),
    "line_25a": ("line_23", "line_24"),
    "line_25c": ("line_25a", "line_25b"),
}

F8606_RULES: dict[str, str] = {
    "line_1": "Form 8606 line 1: \"Enter your nondeductible contributions to traditional IRAs "
              "for 2025, including those made for 2025 from January 1, 2026, through April 15, "
              "2026\"",
    "line_2": "Form 8606 line 2: \"Enter your total basis in traditional IRAs\"; it is line 14 "
              "of the last Form 8606 you filed (instructions, Total Basis Chart)",
    "line_3": "Form 8606 line 3: \"Add lines 1 and 2\"",
    "line_4": "Form 8606 line 4: \"Enter those contributions included on line 1 that were made "
              "from January 1, 2026, through April 15, 2026\"",
    "line_5": "Form 8606 line 5: \"Subtract line 4 from line 3\"",
    "line_6": "Form 8606 line 6: \"Enter the value of all your traditional IRAs as of December "
              "31, 2025, plus any outstanding rollovers\" (traditional IRAs include traditional "
              "SEP and SIMPLE IRAs)",
    "line_7": "Form 8606 line 7: \"Enter your distributions from traditional IRAs in 2025. Do "
              "not include rollovers ... qualified charitable distributions; a one-time "
              "distribution to fund an HSA; conversions to a Roth IRA; certain returned "
              "contributions; or recharacterizations\"",
    "line_8": "Form 8606 line 8: \"Enter the net amount you converted from traditional IRAs to "
              "Roth IRAs in 2025\"",
    "line_9": "Form 8606 line 9: \"Add lines 6, 7, and 8\"",
    "line_10": "Form 8606 line 10: \"Divide line 5 by line 9. Enter the result as a decimal "
               "rounded to at least 3 places. If the result is 1.000 or more, enter "
               "'1.000'\"",
    "line_11": "Form 8606 line 11: \"Multiply line 8 by line 10\"",
    "line_12": "Form 8606 line 12: \"Multiply line 7 by line 10\"",
    "line_13": "Form 8606 line 13: \"Add lines 11 and 12\"",
    "line_14": "Form 8606 line 14: \"Subtract line 13 from line 3. This is your total basis in "
               "traditional IRAs for 2025 and earlier years\"",
    "line_15a": "Form 8606 line 15a: \"Subtract line 12 from line 7\"",
    "line_15b": "Form 8606 line 15b: the part of line 15a from qualified disaster distributions "
                "(Form 8915-F)",
    "line_15c": "Form 8606 line 15c: \"Subtract line 15b from line 15a. Reduce that amount by "
                "certain 2025 retirement plan distribution repayments ... that are treated as "
                "rollovers\"",
    "line_16": "Form 8606 line 16: \"If you completed Part I, enter the amount from line 8. "
               "Otherwise, enter the net amount you converted\"",
    "line_17": "Form 8606 line 17: \"If you completed Part I, enter the amount from line 11. "
               "Otherwise, enter your basis in the amount on line 16\"",
    "line_18": "Form 8606 line 18: \"Taxable amount. Subtract line 17 from line 16\"",
    "line_19": "Form 8606 line 19: \"Enter your total nonqualified distributions from Roth "
               "IRAs in 2025\"",
    "line_20": "Form 8606 line 20: \"Qualified first-time homebuyer expenses ... Do not enter "
               "more than $10,000 reduced by the total of all your prior qualified first-time "
               "homebuyer distributions\"",
    "line_21": "Form 8606 line 21: \"Subtract line 20 from line 19. If zero or less, enter "
               "-0-\"",
    "line_22": "Form 8606 line 22: \"Enter your basis in Roth IRA contributions\"",
    "line_23": "Form 8606 line 23: \"Subtract line 22 from line 21. If zero or less, enter -0- "
               "and skip lines 24 and 25\"",
    "line_24": "Form 8606 line 24: \"Enter your basis in conversions from traditional IRAs and "
               "rollovers from qualified retirement plans to a Roth IRA\"",
    "line_25a": "Form 8606 line 25a: \"Subtract line 24 from line 23. If zero or less, enter "
                "-0- and skip lines 25b and 25c\"",
    "line_25b": "Form 8606 line 25b: the part of line 25a from qualified disaster distributions "
                "(Form 8915-F)",
    "line_25c": "Form 8606 line 25c: \"Taxable amount. Subtract line 25b from line 25a. Reduce "
                "that amount by certain 2025 retirement plan distribution repayments ... that "
                "are treated as rollovers\"",
}

F1040_RULES: dict[str, str] = {
    "line_4a": "Form 1040 line 4a, IRA distributions: with a Form 8606, \"enter the total "
               "distribution on line 4a\" (Form 1040 instructions, lines 4a and 4b, "
               "Exception 2)",
    "line_4b": "Form 1040 line 4b: Form 8606 lines 15c, 18 and 25c: \"also include this amount "
               "on 2025 Form 1040 ... line 4b\"",
    "line_4c": "Form 1040 line 4c: \"Check if\" 1 Rollover, 2 QCD, 3 (other)",
    "line_5a": "Form 1040 line 5a, pensions and annuities: the total of box 1 of the Forms "
               "1099-R from plans",
    "line_5b": "Form 1040 line 5b: the taxable amount of the plan distributions (a rollover to "
               "a Roth IRA stays taxable)",
    "line_5c": "Form 1040 line 5c: \"Check if\" 1 Rollover, 2 PSO, 3 (other)",
    "line_25b": "Form 1040 line 25b: federal income tax withheld on Forms 1099 (box 4 of each "
                "Form 1099-R)",
}

F5329_RULES: dict[str, str] = {
    "line_1": "Form 5329 line 1: \"Early distributions includible in income\"; for Roth IRAs "
              "Form 8606 line 25c, line 20 and the recapture amounts (Form 5329 instructions)",
    "line_2_number": "Form 5329 line 2: \"Enter the appropriate exception number from the "
                     "instructions\"",
    "line_2": "Form 5329 line 2: \"Early distributions included on line 1 that are not subject "
              "to the additional tax\"",
    "line_3": "Form 5329 line 3: \"Amount subject to additional tax. Subtract line 2 from line "
              "1\"",
    "line_4": "Form 5329 line 4: \"Additional tax. Enter 10% (0.10) of line 3\" (25% for a "
              "SIMPLE IRA in its first 2 years: line 4 caution)",
}

RULES: dict[str, dict[str, str]] = {"f8606": F8606_RULES, "f1040": F1040_RULES,
                                     "f5329": F5329_RULES}


def label(line: str) -> str:
    """``line_15a`` -> ``15a``; ``line_2_number`` -> ``2 (exception number)``."""
    if line == "line_2_number":
        return "2 (no.)"
    return line.removeprefix("line_")


def rule(form: str, line: str, year: int) -> str:
    """The words of ``line`` with the tax year's dates (the quotes are the 2025 form's)."""
    text = RULES.get(form, {}).get(line, "")
    return (text.replace("2026", "\0next\0").replace("2025", str(year))
            .replace("\0next\0", str(year + 1)))


def upstream(line: str) -> list[str]:
    """Every Form 8606 line ``line`` is figured from, nearest first."""
    seen: list[str] = []
    todo = list(F8606_USES.get(line, ()))
    while todo:
        item = todo.pop(0)
        if item not in seen:
            seen.append(item)
            todo += F8606_USES.get(item, ())
    return seen
