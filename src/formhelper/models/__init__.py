"""Input models: what the taxpayer has (the case file)."""

from formhelper.models.case import (
    CaseFile,
    InheritedIra,
    LocatedError,
    Person,
    RothIra,
    RothLayer,
    RothLayerKind,
    TraditionalIra,
)
from formhelper.models.form1099r import Disposition, EarlyException, Form1099R, StateEntry
from formhelper.models.types import FilingStatus, Owner

__all__ = [
    "CaseFile",
    "Disposition",
    "EarlyException",
    "FilingStatus",
    "Form1099R",
    "InheritedIra",
    "LocatedError",
    "Owner",
    "Person",
    "RothIra",
    "RothLayer",
    "RothLayerKind",
    "StateEntry",
    "TraditionalIra",
]
