"""What each wizard screen says: the IRS question in plain words, and where to find it."""

from __future__ import annotations

INTRO: dict[str, str] = {
    "basics": (
        "Which return is this? The tax year is the year the money moved (the year on "
        "your Forms 1099-R). Your filing status is the box you check at the top of Form 1040."
    ),
    "people": (
        "Names and social security numbers go at the top of Form 8606 and Form 1040, "
        "exactly as on your social security card. The date of birth decides the age "
        "rules (59½ for the 10% tax, 70½ for charity gifts from an IRA)."
    ),
    "forms": (
        "Add every Form 1099-R you received for the year: each IRA or plan payout, "
        "conversion and rollover has one. Copy the boxes exactly as printed, even if "
        "you think they are wrong; formhelper checks them."
    ),
    "money": (
        "For each Form 1099-R, say where the money went. A conversion shows on the Roth "
        "custodian's Form 5498 box 3; a rollover on Form 5498 box 2; your account "
        "statements show both. Tax withheld (box 4) was not converted or rolled over. "
        "What you leave here was kept."
    ),
    "basis": (
        "Basis is money you put into traditional IRAs without a deduction: it comes out "
        "tax-free, in proportion, across all your traditional, SEP and SIMPLE IRAs. "
        "Last year's basis is line 14 of last year's Form 8606, or import it from the "
        "basis record formhelper wrote last year."
    ),
    "year_end": (
        "Form 8606 line 6 needs the value on December 31 of ALL your traditional, SEP "
        "and SIMPLE IRAs (Form 5498 box 5, or the December statement). Do not count "
        "401(k)s, Roth IRAs or your spouse's IRAs. Even $0 matters: enter it. An inherited "
        "IRA's value goes on its own line."
    ),
    "roth": (
        "You took money out of a Roth IRA that was not a qualified distribution. Form 8606 "
        "Part III needs what you put in before: regular contributions, and each earlier "
        "conversion with its year (the 5-year clock). Last year's basis record has them."
    ),
    "review": (
        "Your lines, recomputed as you type. Move through them to see where each comes "
        "from; Enter on a warning goes to its field."
    ),
    "output": (
        "Write the filled IRS forms, worksheets, a summary and next year's basis record. "
        "The blank IRS forms come from the folder below or formhelper's cache; a form "
        "missing is listed (and offered from irs.gov), and everything else is written. "
        "Nothing is replaced without asking."
    ),
}

ROTH_FIRST_YEAR_INTRO = (
    "Money reached a Roth IRA this year. Tax-free earnings need a Roth IRA funded 5 years "
    "before (the first year any Roth IRA of yours got a contribution or a conversion). "
    "If you do not know, leave it empty: next year's basis record says \"not given\"."
)

#: Help for a field, shown at the bottom while it has the focus (keyed by the last
#: part of the field path).
FIELD_HELP: dict[str, str] = {
    "tax_year": "The year on your Forms 1099-R.",
    "filing_status": "Form 1040, Filing Status. Married filing jointly pools nothing: each "
                     "spouse has their own Form 8606.",
    "name": "As on the social security card (Form 1040, top).",
    "ssn": "Nine digits, 123-45-6789. Masked: press Show to check it. Saved only on this "
           "computer (mode 0600).",
    "date_of_birth": "As 03/14/1975 (month/day/year), 1975-03-14 or March 14, 1975.",
    "payer": "The PAYER'S name box at the top left of the Form 1099-R.",
    "owner": "Whose name is in the RECIPIENT'S name box.",
    "box_1": "Box 1, Gross distribution: everything paid out, including tax withheld.",
    "box_2a": "Box 2a, Taxable amount. Leave empty if the box is empty.",
    "box_2b_taxable_not_determined": "Box 2b, first checkbox: taxable amount not determined.",
    "box_2b_total_distribution": "Box 2b, second checkbox: total distribution.",
    "box_3": "Box 3, Capital gain (included in box 2a). Usually empty.",
    "box_4": "Box 4, Federal income tax withheld.",
    "box_5": "Box 5, Employee contributions / Designated Roth contributions or insurance "
             "premiums.",
    "box_7": "Box 7, Distribution code(s): one or two letters or digits, e.g. 7, 2, G, 4D.",
    "ira_sep_simple": "The small IRA/SEP/SIMPLE checkbox beside box 7.",
    "box_9b": "Box 9b, Total employee contributions (plans only).",
    "box_10": "Box 10, Amount allocable to IRR within 5 years.",
    "box_11": "Box 11, 1st year of designated Roth contributions.",
    "converted_to_roth_ira": "Amount that reached a Roth IRA: Form 5498 box 3 from the Roth "
                             "custodian (for a plan rollover to a Roth IRA: box 2).",
    "in_plan_roth_rollover": "Amount moved into the designated Roth account of the same plan.",
    "rolled_over": "Amount put back into an account of the same kind within 60 days or "
                   "directly (Form 5498 box 2). Not a conversion.",
    "rolled_to_employer_plan": "Part of this IRA payout put into a 401(k), 403(b) or "
                               "governmental 457(b) within 60 days: a rollover (line 4c), "
                               "explained in a statement. Paid straight to the plan: code G, "
                               "leave empty.",
    "qcd": "Paid directly from the IRA to a charity at age 70½ or older.",
    "hsa_funding": "One-time transfer from the IRA to a health savings account.",
    "nondeductible_contributions": "Form 8606 line 1: traditional IRA contributions for this "
                                   "year that you do not deduct, including those made Jan 1 - "
                                   "Apr 15 of next year (a backdoor Roth's contribution).",
    "contributions_made_next_year": "Form 8606 line 4: the part of line 1 made Jan 1 - Apr 15 "
                                    "of next year.",
    "deductible_contributions": "Traditional IRA contributions you deduct (Schedule 1 line 20).",
    "prior_basis": "Form 8606 line 2: line 14 of last year's Form 8606. 0 if you never made a "
                   "nondeductible contribution.",
    "year_end_value": "Form 8606 line 6: all traditional, SEP and SIMPLE IRAs on December 31 "
                      "(Form 5498 box 5 of each).",
    "outstanding_rollovers": "Money taken out after November 1 and rolled back in next year "
                             "within 60 days.",
    "first_contribution_year": "First year you put anything (contribution or conversion) into "
                               "any Roth IRA: starts the 5-year clock. Empty if not known.",
    "contribution_basis": "Regular Roth IRA contributions of earlier years, less what earlier "
                          "withdrawals took from them.",
    "contributions_this_year": "Regular Roth IRA contributions for this tax year.",
    "first_time_homebuyer_expenses": "Form 8606 line 20: qualified first-time homebuyer "
                                     "expenses paid from this distribution.",
    "prior_first_time_homebuyer": "First-time homebuyer distributions of earlier years "
                                  "(the $10,000 lifetime limit).",
    "year": "The year of that conversion or rollover.",
    "form_year": "Only when the year printed on the form is not the tax year: a next-year "
                 "form coded P or R (an excess contribution returned, a recharacterization).",
    "inherited_from": "Which inherited IRA paid this (a form coded 4, death): it goes on "
                      "that IRA's own Form 8606, not with your own IRAs.",
    "disabled": "Unable to do any substantial work because of a long-lasting condition "
                "(IRC 72(m)(7)): exception 03 to the 10% tax; a Roth IRA payout after 5 "
                "years is then qualified.",
    "decedent": "The name of the person you inherited this IRA from (not your spouse "
                "whose IRA you treat as your own).",
    "basis": "Its Form 8606 line 2: the dead person's last Form 8606 line 14 (your share), "
             "less what your earlier payouts from it recovered. 0 if none.",
    "number": "The exception number from the Instructions for Form 5329, line 2.",
    "amount": "The part of this form's early distribution the exception covers.",
    "kind": "A conversion from a traditional IRA, or a rollover from an employer plan.",
    "taxable": "Taxable part still in the Roth IRA (that year's Form 8606 line 18).",
    "nontaxable": "Nontaxable part still in the Roth IRA (that year's Form 8606 line 17).",
}


#: Help for an inherited IRA's fields (``<owner>.inherited_iras[i].<name>``), where the
#: same last part means something else than on the person's own IRAs.
INHERITED_HELP: dict[str, str] = {
    "year_end_value": "Its own Form 8606 line 6: the inherited IRA's value on December 31 "
                      "(Form 5498 box 5). Not in the value of your own IRAs.",
}


def field_help(path: str) -> str:
    key = path.rsplit(".", 1)[-1]
    if ".inherited_iras[" in path and key in INHERITED_HELP:
        return INHERITED_HELP[key]
    return FIELD_HELP.get(key, "")
