"""Subcommands kept in their own modules; ``MODULES`` lists them in help order."""

from __future__ import annotations

from types import ModuleType

from formhelper.commands import forms, prepare

MODULES: list[ModuleType] = []
MODULES.append(prepare)
MODULES.append(forms)
