"""Subcommands kept in their own modules; ``MODULES`` lists them in help order.

Each module's ``register(subparsers)`` adds its subparser; heavy libraries are
imported inside the command's function so that ``formhelper --help`` stays fast.
"""

from __future__ import annotations

from types import ModuleType

from formhelper.commands import (
    basis,
    batch,
    check_1099r,
    forms,
    plan,
    precheck,
    prepare,
    verify,
    wizard,
)

MODULES: list[ModuleType] = [wizard, prepare, batch, forms, check_1099r, basis, plan, precheck,
                             verify]
