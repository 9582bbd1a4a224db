"""Findings: warnings and notes produced while computing or checking a return."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(BaseModel):
    """One thing the user should look at.

    ``id`` is stable (tests, docs and the wizard refer to it); ``field`` is the
    case-file path it concerns (``forms_1099r[0].box_4``), when there is one;
    ``box`` is the Form 1099-R box it concerns ("1", "2a", "7"), when there is one.
    A ``blocking`` finding (always an error) stops ``prepare``.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    message: str
    severity: Severity = Severity.WARNING
    field: str | None = None
    box: str | None = None
    #: Something formhelper does not compute (docs/scope.md): ``prepare`` and the wizard
    #: refuse to fill forms over it; ``compute`` shows the lines it could figure.
    blocking: bool = False


def path(*parts: str | int) -> str:
    """``("forms_1099r", 1, "box_2a")`` -> ``forms_1099r[1].box_2a``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
