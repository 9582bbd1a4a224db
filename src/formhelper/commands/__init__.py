"""Subcommands kept in their own modules; ``MODULES`` lists them in help order."""

from __future__ import annotations

from types import ModuleType

MODULES: list[ModuleType] = []
