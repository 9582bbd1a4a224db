"""Plain words where a person reads (issue 16, point 3): no case-file field paths.

One mapping, ``render.field_words``, turns ``forms_1099r[0].box_2a`` into "Form 1099-R
#1 (Big Brokerage), box 2a" and ``taxpayer.ira.prior_basis`` into "Your basis from
last year (Form 8606 line 2)"; the summaries, worksheets, basis record page and the
wizard use it.  Case-file paths stay in ``--json`` and in command-line errors.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from formhelper.app.compute import compute_case
from formhelper.app.prepare import build
from formhelper.calc.basis import build_record
from formhelper.render.basis_page import record_pdf
from formhelper.render.field_words import field_words, plain
from formhelper.render.summary import context, render_html, render_markdown
from support import SAMPLES, sample

#: What a case-file path looks like in prose.
PATH = re.compile(r"forms_1099r|\b(?:taxpayer|spouse)\.|\bcase: |\.ira\.|\.roth\.|"
                  r"disposition\.|_")


@pytest.mark.parametrize(("path", "words"), [
    ("forms_1099r[0].box_2a", "Form 1099-R #1 (Big Brokerage), box 2a"),
    ("forms_1099r[1].disposition.converted_to_roth_ira",
     "Form 1099-R #2, amount that reached a Roth IRA"),
    ("forms_1099r[0].early_exceptions[0].amount",
     "Form 1099-R #1 (Big Brokerage), exception 1 to the 10% tax, the amount it covers"),
    ("taxpayer.date_of_birth", "Your date of birth"),
    ("spouse.ssn", "Your spouse's social security number"),
    ("taxpayer.ira.prior_basis", "Your basis from last year (Form 8606 line 2)"),
    ("spouse.roth.first_contribution_year", "Your spouse's first year a Roth IRA was funded"),
    ("taxpayer.roth.layers[1].taxable", "Your earlier conversion or rollover 2, taxable part left"),
    ("tax_year", "Tax year"),
    ("case", "The return"),
    # The fields the wizard asks when box 7 or an inherited IRA makes them matter.
    ("forms_1099r[0].form_year", "Form 1099-R #1 (Big Brokerage), year printed on the form"),
    ("forms_1099r[0].inherited_from",
     "Form 1099-R #1 (Big Brokerage), inherited IRA it was paid from"),
    ("forms_1099r[0].disabled",
     "Form 1099-R #1 (Big Brokerage), whether the recipient was disabled"),
    ("forms_1099r[1].disposition.rolled_to_employer_plan",
     "Form 1099-R #2, amount rolled into an employer plan"),
    ("taxpayer.inherited_iras[0].decedent", "Your inherited IRA 1, who it was inherited from"),
    ("spouse.inherited_iras[1].year_end_value",
     "Your spouse's inherited IRA 2, value on December 31 (its Form 8606 line 6)"),
    ("taxpayer.inherited_iras[0].basis", "Your inherited IRA 1, basis (its Form 8606 line 2)"),
])
def test_field_words(path: str, words: str) -> None:
    assert field_words(path, ["Big Brokerage"]) == words


def test_messages_lose_their_paths() -> None:
    payers = ["Big Brokerage"]
    assert plain("forms_1099r[0]: box 4 (100) is more than box 1", payers) == \
        "Form 1099-R #1 (Big Brokerage): box 4 (100) is more than box 1"
    assert plain("taxpayer: the December 31 value is missing") == \
        "You: the December 31 value is missing"
    assert plain("a QCD must be made at 70½, and taxpayer is not 70½") == \
        "a QCD must be made at 70½, and you are not 70½"
    assert plain("but spouse was 59½ or older") == "but your spouse was 59½ or older"
    assert plain("Form 8606 line 7 (spouse's line 7 is 5)") == \
        "Form 8606 line 7 (your spouse's line 7 is 5)"
    # Words that only look like owners are left alone.
    assert plain("each spouse files a separate form") == "each spouse files a separate form"


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_summaries_and_worksheets_name_no_case_field(path: Path, tmp_path: Path) -> None:
    done = compute_case(sample(path.stem))
    data = context(done.case, done.result, [], [])
    for text in (render_markdown(data), render_html(data)):
        prose = "\n".join(line for line in text.splitlines() if "<" not in line[:1])
        for row in data["warnings"]:
            assert not PATH.search(row["message"]), row["message"]
        assert "forms_1099r" not in prose and "case: " not in prose
        assert "(taxpayer)" not in prose and "(spouse)" not in prose
    outputs = build(done.case, done.result, done.params, forms_dir=tmp_path / "none").outputs
    sheets = next(o.data for o in outputs if o.name == "worksheets.pdf")
    text = _pdf_text(sheets)
    assert "forms_1099r" not in text and "case: " not in text and "taxpayer" not in text


def test_worksheets_without_form_8606_explain_lines_4_and_5_on_the_first_page() -> None:
    """samples/in-service-401k-to-roth-ira-2025.toml: no Form 8606; the worksheets are one
    page that explains Form 1040 lines 5a/5b, not a page that only says 8606 is not needed."""
    done = compute_case(sample("in-service-401k-to-roth-ira-2025"))
    assert not done.result.filed_8606 and not done.result.f5329
    outputs = build(done.case, done.result, done.params, forms_dir=Path("/nonexistent")).outputs
    reader = PdfReader(io.BytesIO(next(o.data for o in outputs if o.name == "worksheets.pdf")))
    assert len(reader.pages) == 1
    first = reader.pages[0].extract_text()
    assert "Form 8606: not needed" in first and "Form 1040 lines 4 and 5" in first
    # Line 5b is the whole taxable rollover to a Roth IRA, and the worksheet says so
    # (not "rollovers excluded").
    flat = " ".join(first.split())
    assert "rollovers excluded" not in flat
    assert "rolled over to a Roth IRA: taxable" in flat


def test_basis_record_page_does_not_guess_the_first_roth_year() -> None:
    """The pro-rata sample converts in 2025 and says nothing about an earlier Roth IRA:
    the page says "not given" (2025 or earlier, derived from the conversion), and shows
    no markup characters."""
    done = compute_case(sample("pro-rata-conversion-2025"))
    record = build_record(done.case, done.result)
    assert record.people[0].roth_first_contribution_year is None
    text = " ".join(_pdf_text(record_pdf(record)).split())
    assert "First year a Roth IRA was funded (qualified-distribution clock) not given " \
           "(2025 or earlier" in text
    assert "`" not in text and "(taxpayer)" not in text and "(you)" in text


def test_compute_text_names_people_and_forms_in_words() -> None:
    """``formhelper compute`` (text) is read by people too: its warnings and headings use
    the same words; ``--json`` keeps the case-file paths for programs."""
    from formhelper.render.return_text import to_json, to_text

    done = compute_case(sample("early-distribution-5329-2025"))
    text = to_text(done.case, done.result)
    assert "Form 1099-R #2 (IRA Custodian): $2,000 was withheld from a conversion" in text
    assert "(your spouse)" in text
    assert "forms_1099r" not in text and "(taxpayer)" not in text
    assert "forms_1099r[1]" in str(to_json(done.result)["warnings"])
