"""The tax core is headless: no UI/PDF/template libraries, no I/O while computing."""

from __future__ import annotations

import builtins
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from formhelper.calc import compute_return
from formhelper.files.casefile import load_case
from formhelper.files.years import load
from support import SAMPLES

CORE = ["formhelper.calc", "formhelper.years", "formhelper.models", "formhelper.money"]
FORBIDDEN = ["textual", "pypdf", "reportlab", "jinja2"]


def test_import_contracts_hold() -> None:
    """The layers of docs/architecture.md, the headless tax core and no import cycles:
    the import-linter contracts in pyproject.toml."""
    root = Path(__file__).resolve().parent.parent
    code = "from importlinter.cli import lint_imports_command; lint_imports_command()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=root, env={**os.environ, "PYTHONPATH": str(root / "src")})
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_core_imports_no_ui_pdf_or_template_library() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + f"print([m for m in {FORBIDDEN!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_compute_path_imports_none_of_them_either() -> None:
    code = (
        "import sys\nfrom formhelper.cli import main\n"
        f"main(['compute', {str(SAMPLES / 'backdoor-roth-2025.toml')!r}, '--json'])\n"
        f"print([m for m in {FORBIDDEN!r} if m in sys.modules], file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stderr.strip() == "[]"


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_compute_does_no_io(path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case(path)
    params = load(case.tax_year)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the calculation opened a file")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(io, "open", refuse)
    compute_return(case, params)


def test_wizard_state_imports_no_textual() -> None:
    """The wizard's state (drafts, session) is testable and reusable without Textual."""
    code = ("import sys\nimport formhelper.files.drafts, formhelper.tui.session\n"
            "print('textual' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def test_no_tax_module_is_imported_by_name_under_tui_except_through_calc_entry_points() -> None:
    """No tax rule under tui/: its modules hold no Decimal arithmetic on form lines.

    A screen may read a computed line, never compute one: the only ``calc`` names it
    imports are the finding type, the routing used to choose which boxes to show, the
    Form 1099-R checks it displays, the planner's entry point (``calc.plan.plan``,
    as ``formhelper plan`` calls it), and the household planner's types (what it is told,
    ``Household``, and what it answers, ``HouseholdPlan``; the wizard plans through
    ``app.plan.plan_household`` as ``formhelper plan PLAN_FILE`` does), and the basis
    rebuild's types (``History`` it is told, ``Chain`` it answers; the screen rebuilds
    through ``app.rebuild`` as ``formhelper basis rebuild`` does).
    """
    import re

    allowed = {"formhelper.calc.findings", "formhelper.calc.route",
               "formhelper.calc.box7_checks", "formhelper.calc.plan",
               "formhelper.calc.plan_figures", "formhelper.calc.basis",
               "formhelper.calc.plan_household", "formhelper.calc.plan_optimize",
               "formhelper.calc.rebuild"}
    tui = Path(__file__).resolve().parent.parent / "src" / "formhelper" / "tui"
    used = set()
    for source in tui.glob("*.py"):
        used |= set(re.findall(r"from (formhelper\.calc[\w.]*) import", source.read_text()))
    assert used <= allowed, used - allowed


def test_help_imports_no_heavy_library() -> None:
    """``formhelper --help`` stays fast: the command modules import their libraries (and
    the case-file models) inside the commands, not when they register."""
    code = ("import sys, contextlib, io\nfrom formhelper.cli import main\n"
            "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['--help'])\n"
            "print(sorted(m for m in ('pydantic', 'pypdf', 'textual', 'reportlab', 'jinja2', "
            "'rich', 'pdfminer') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
