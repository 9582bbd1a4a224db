"""Steps 1, 2 and 4-7: tax year, people, where the money went, basis, year-end values, Roth."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Rule, Static

from formhelper.calc.route import Source
from formhelper.files import drafts
from formhelper.files.years import supported_years
from formhelper.money import fmt_dollars
from formhelper.render.field_words import form_name
from formhelper.tui.base import StepScreen
from formhelper.tui.messages import OpenRebuild, Reopen
from formhelper.tui.session import amount_shown, describe_source, import_basis
from formhelper.tui.text import ROTH_FIRST_YEAR_INTRO
from formhelper.tui.widgets import ChoiceField, dom_id

STATUSES = [
    ("Single", "single"),
    ("Married filing jointly", "married_filing_jointly"),
    ("Married filing separately", "married_filing_separately"),
    ("Head of household", "head_of_household"),
    ("Qualifying surviving spouse", "qualifying_surviving_spouse"),
]


class BasicsScreen(StepScreen):
    STEP = "basics"

    def body(self) -> ComposeResult:
        case = self.session.draft.case
        years = [(str(y), str(y)) for y in reversed(supported_years())]
        yield ChoiceField("tax_year", "Tax year", str(drafts.get(case, "tax_year")), years)
        yield ChoiceField("filing_status", "Filing status",
                          str(drafts.get(case, "filing_status") or "single"), STATUSES)


class PeopleScreen(StepScreen):
    STEP = "people"

    def body(self) -> ComposeResult:
        owners = ["taxpayer", "spouse"] if self.session.married else ["taxpayer"]
        for owner in owners:
            yield Static("You" if owner == "taxpayer" else "Your spouse", classes="section")
            yield self.text(f"{owner}.name", "Name", width=36)
            yield self.text(f"{owner}.ssn", "Social security number", password=True,
                            placeholder="123-45-6789", width=14)
            yield self.text(f"{owner}.date_of_birth", "Date of birth",
                            placeholder="MM/DD/YYYY", width=18)


class MoneyScreen(StepScreen):
    """Step 4: the disposition of each Form 1099-R."""

    STEP = "money"

    def body(self) -> ComposeResult:
        forms = self.session.forms
        if not forms:
            yield Static("No Forms 1099-R yet: go Back to add them.", classes="note")
        for index, form in enumerate(forms):
            source = self.session.form_source(index)
            yield Static(f"{form_name(index, self.session.payers())}: box 1 "
                         f"{amount_shown(drafts.get(form, 'box_1', ''))}, box 7 "
                         f"{form.get('box_7') or '?'} ({describe_source(source)})",
                         classes="section")
            base = f"forms_1099r[{index}].disposition"
            if source == Source.ROTH_IRA:
                yield self.text(f"{base}.rolled_over", "Rolled over to a Roth IRA")
            elif source == Source.PLAN:
                yield self.text(f"{base}.converted_to_roth_ira", "Rolled over to a Roth IRA")
                yield self.text(f"{base}.in_plan_roth_rollover", "Rolled to the plan's Roth")
                yield self.text(f"{base}.rolled_over", "Rolled over (not Roth)")
            else:
                yield self.text(f"{base}.converted_to_roth_ira", "Converted to a Roth IRA")
                yield self.text(f"{base}.rolled_over", "Rolled over to an IRA")
                yield self.text(f"{base}.rolled_to_employer_plan",
                                "Rolled into a 401(k) or other plan")
                yield self.text(f"{base}.qcd", "Given to charity (QCD)")
                yield self.text(f"{base}.hsa_funding", "Moved to an HSA")
                with Horizontal(classes="buttons"):
                    yield Button("Converted all but the tax withheld",
                                 id=f"all-converted-{index}", compact=True)
            yield Static(self._kept(index), id=f"kept-{index}", classes="note")
            yield from self._exceptions(index)

    def _exceptions(self, index: int) -> ComposeResult:
        """Form 5329 line 2: exceptions to the 10% tax, asked where the 10% may apply."""
        path = f"forms_1099r[{index}].early_exceptions"
        claimed = drafts.get(self.session.draft.case, path, [])
        claimed = claimed if isinstance(claimed, list) else []
        if index not in self.session.early_forms() and not claimed:
            return
        yield Static("The 10% additional tax may apply to this form (Form 5329). An "
                     "exception (Instructions for Form 5329, line 2) can cover all or part. "
                     "The descriptions are short; read the number's entry in the "
                     "instructions before you claim it:", classes="note")
        choices = self.session.exception_choices()
        for j, claim in enumerate(claimed):
            number = str(claim.get("number") or choices[0][1]) if isinstance(claim, dict) else ""
            yield ChoiceField(f"{path}[{j}].number", f"Exception {j + 1}", number, choices,
                              width="1fr")
            yield self.text(f"{path}[{j}].amount", "  amount it covers")
        with Horizontal(classes="buttons"):
            yield Button("Claim an exception", id=f"add-exception-{index}", compact=True)
            if claimed:
                yield Button("Remove the last one", id=f"drop-exception-{index}", compact=True)

    def _kept(self, index: int) -> str:
        form = self.session.valid_form(index)
        if form is None:
            return "Kept: fix this form's boxes first (step 3)."
        return (f"Kept as cash or withheld for tax: {fmt_dollars(form.kept)}"
                f" (box 4 withheld {fmt_dollars(form.box_4)})")

    def after_edit(self, path: str) -> None:
        for index in range(len(self.session.forms)):
            self.query_one(f"#kept-{index}", Static).update(self._kept(index))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button.startswith(("add-exception-", "drop-exception-")):
            event.stop()
            index = int(button.rsplit("-", 1)[1])
            path = f"forms_1099r[{index}].early_exceptions"
            claimed = drafts.get(self.session.draft.case, path, None)
            if not isinstance(claimed, list):
                claimed = []
                drafts.put(self.session.draft.case, path, claimed)
            if button.startswith("add-"):
                number = self.session.exception_choices()[0][1]
                claimed.append({"number": number, "amount": ""})
                focus = f"{path}[{len(claimed) - 1}].number"
            else:
                claimed.pop()
                if not claimed:
                    del self.session.draft.case["forms_1099r"][index]["early_exceptions"]
                focus = None
            self.session.changed()
            self.post_message(Reopen(focus=focus))
            return
        if button.startswith("all-converted-"):
            event.stop()
            index = int(button.rsplit("-", 1)[1])
            boxes = self.session.form_boxes(index)
            if boxes is None:
                self.notify("Fix this form's boxes first (step 3).", severity="warning")
                return
            amount = boxes.box_1 - boxes.box_4
            path = f"forms_1099r[{index}].disposition.converted_to_roth_ira"
            box = self.query_one(f"#{dom_id(path)}", Input)
            box.value = f"{amount:f}"
            self.session.set(path, f"{amount:f}")
            self.show_state()
            self.after_edit(path)
            return
        super().on_button_pressed(event)


class BasisScreen(StepScreen):
    """Step 5: Form 8606 lines 1, 2 and 4."""

    STEP = "basis"

    def body(self) -> ComposeResult:
        for owner in self.session.owners():
            yield Static(self.session.person_name(owner), classes="section")
            ira = f"{owner}.ira"
            yield self.text(f"{ira}.nondeductible_contributions",
                            "Nondeductible contributions (line 1)")
            yield self.text(f"{ira}.contributions_made_next_year",
                            "Of line 1, made Jan-Apr next year (4)")
            yield self.text(f"{ira}.deductible_contributions", "Deductible contributions")
            yield self.text(f"{ira}.prior_basis", "Basis from last year (line 2)")
            with Horizontal(classes="import"):
                yield Input(placeholder="last year's basis-YYYY.json or Form 8606 PDF",
                            id=f"import-path-{owner}", compact=True)
                yield Button("Import", id=f"import-{owner}", compact=True)
            yield Static("", id=f"import-result-{owner}", classes="note")
            # Issue 21: a year with nondeductible contributions and no Form 8606.
            yield Static("Did you make nondeductible contributions in a year you filed no "
                         "Form 8606?", classes="note")
            with Horizontal(classes="buttons"):
                yield Button("Yes: rebuild the basis of those years", id=f"rebuild-{owner}",
                             compact=True)
            yield from self._inherited(owner)

    def _inherited(self, owner: str) -> ComposeResult:
        """``owner``'s inherited IRAs: who from and the basis (each its own Form 8606 line
        2; Pub. 590-B, "IRA with basis": "you must complete separate Forms 8606").  Asked
        when a form of theirs is coded 4 (death) or one is described; else one button."""
        entries = self.session.inherited_iras(owner)
        whose = "you" if owner == "taxpayer" else "your spouse"
        if self.session.asks_inherited(owner):
            yield Static(f"IRAs {whose} inherited", classes="subsection")
            yield Static("An IRA inherited from someone other than a spouse keeps the "
                         "basis of the person who died, on its own Form 8606, never added "
                         "to the basis above.", classes="note")
        for i, _entry in enumerate(entries):
            base = f"{owner}.inherited_iras[{i}]"
            yield Rule(line_style="dashed")
            yield self.text(f"{base}.decedent", f"Inherited IRA {i + 1}: inherited from",
                            width=30, placeholder="name of the person who died")
            yield self.text(f"{base}.basis", "  its basis (its Form 8606 line 2)")
            with Horizontal(classes="buttons"):
                yield Button("Remove this inherited IRA", id=f"drop-inherited-{owner}-{i}",
                             compact=True)
        with Horizontal(classes="buttons"):
            yield Button(f"Add an IRA {whose} inherited", id=f"add-inherited-{owner}",
                         compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button.startswith("add-inherited-"):
            event.stop()
            focus = self.session.add_inherited(button.removeprefix("add-inherited-"))
            self.post_message(Reopen(focus=focus))
            return
        if button.startswith("drop-inherited-"):
            event.stop()
            _, _, owner, index = button.split("-", 3)
            self.session.remove_inherited(owner, int(index))
            self.post_message(Reopen())
            return
        if button.startswith("rebuild-"):
            event.stop()
            self.post_message(OpenRebuild(button.removeprefix("rebuild-")))
            return
        if button.startswith("import-"):
            event.stop()
            owner = button.removeprefix("import-")
            self._import(owner)
            return
        super().on_button_pressed(event)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id and event.input.id.startswith("import-path-"):
            event.stop()
            self._import(event.input.id.removeprefix("import-path-"))

    def _import(self, owner: str) -> None:
        from formhelper.files.basis_record import RecordError

        text = self.query_one(f"#import-path-{owner}", Input).value.strip()
        result = self.query_one(f"#import-result-{owner}", Static)
        if not text:
            result.update("! Type the path of last year's basis record or Form 8606 first.")
            return
        try:
            message = import_basis(self.session, owner, Path(text).expanduser())
        except RecordError as exc:
            result.update(f"! {exc}")
            return
        result.update(message)
        prior = drafts.get(self.session.draft.case, f"{owner}.ira.prior_basis", "")
        self.query_one(f"#{dom_id(owner + '.ira.prior_basis')}", Input).value = str(prior)
        self.show_state()


class YearEndScreen(StepScreen):
    """Step 6: Form 8606 line 6."""

    STEP = "year_end"

    def body(self) -> ComposeResult:
        for owner in self.session.owners():
            yield Static(self.session.person_name(owner), classes="section")
            yield self.text(f"{owner}.ira.year_end_value", "All traditional IRAs on Dec 31")
            yield self.text(f"{owner}.ira.outstanding_rollovers", "Outstanding rollovers")
            # Each inherited IRA's own Form 8606 line 6: not in the value above.
            for i, entry in enumerate(self.session.inherited_iras(owner)):
                name = str(entry.get("decedent") or "").strip() or str(i + 1)
                yield self.text(f"{owner}.inherited_iras[{i}].year_end_value",
                                f"Inherited IRA ({name[:13]}) on Dec 31")


class RothScreen(StepScreen):
    """Step 7: the first year a Roth IRA was funded, whenever a Roth IRA takes in or pays
    out money; with a Roth IRA distribution, Form 8606 Part III history too (lines 20,
    22 and 24)."""

    STEP = "roth"

    def intro(self) -> str:
        if self.session.has_roth_distribution():
            return super().intro()
        return ROTH_FIRST_YEAR_INTRO

    def body(self) -> ComposeResult:
        paid_out = self.session.has_roth_distribution()
        for owner in self.session.roth_owners():
            roth = f"{owner}.roth"
            yield Static(self.session.person_name(owner), classes="section")
            yield self.text(f"{roth}.first_contribution_year",
                            "First year a Roth IRA was funded", width=6, placeholder="YYYY")
            if not paid_out:
                continue
            yield self.text(f"{roth}.contribution_basis", "Earlier regular contributions")
            yield self.text(f"{roth}.contributions_this_year", "Contributions this year")
            yield self.text(f"{roth}.first_time_homebuyer_expenses", "First-home expenses")
            yield self.text(f"{roth}.prior_first_time_homebuyer", "Earlier first-home amounts")
            layers = drafts.get(self.session.draft.case, f"{roth}.layers", [])
            for i, _layer in enumerate(layers if isinstance(layers, list) else []):
                base = f"{roth}.layers[{i}]"
                yield Rule(line_style="dashed")
                yield Static(f"Earlier conversion or rollover {i + 1}", classes="subsection")
                yield self.text(f"{base}.year", "Year", width=6)
                yield ChoiceField(f"{base}.kind", "Kind",
                                  str(drafts.get(self.session.draft.case, f"{base}.kind")
                                      or "conversion"),
                                  [("Conversion from an IRA", "conversion"),
                                   ("Rollover from a plan", "plan_rollover")])
                yield self.text(f"{base}.taxable", "Taxable part left")
                yield self.text(f"{base}.nontaxable", "Nontaxable part left")
                with Horizontal(classes="buttons"):
                    yield Button("Remove this one", id=f"drop-layer-{owner}-{i}", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Add an earlier conversion", id=f"add-layer-{owner}", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button.startswith("add-layer-"):
            event.stop()
            owner = button.removeprefix("add-layer-")
            layers = drafts.get(self.session.draft.case, f"{owner}.roth.layers", None)
            if not isinstance(layers, list):
                layers = []
                drafts.put(self.session.draft.case, f"{owner}.roth.layers", layers)
            layers.append({"year": "", "kind": "conversion", "taxable": "", "nontaxable": ""})
            self.session.changed()
            self.post_message(Reopen(focus=f"{owner}.roth.layers[{len(layers) - 1}].year"))
            return
        if button.startswith("drop-layer-"):
            event.stop()
            _, _, owner, index = button.split("-", 3)
            layers = drafts.get(self.session.draft.case, f"{owner}.roth.layers", [])
            del layers[int(index)]
            self.session.changed()
            self.post_message(Reopen())
            return
        super().on_button_pressed(event)
