"""Subcommands kept in their own modules; ``MODULES`` lists them in help order."""

from __future__ import annotations

from types import ModuleType

from formhelper.commands import check_1099r, forms, prepare

MODULES: list[ModuleType] = []
MODULES.append(prepare)
MODULES.append(forms)
MODULES.append(check_1099r)
# Appended after the list so that the lines above stay as they are.
from formhelper.commands import batch  # noqa: E402

MODULES.append(batch)
from formhelper.commands import basis  # noqa: E402

MODULES.append(basis)
from formhelper.commands import plan  # noqa: E402

MODULES.append(plan)
