"""Input models: what the taxpayer has (the case file)."""

from formhelper.models.case import (
    CaseFile,
    Disposition,
    EarlyException,
    FilingStatus,
    Form1099R,
    InheritedIra,
    LocatedError,
    Owner,
    Person,
    RothIra,
    RothLayer,
    RothLayerKind,
    StateEntry,
    TraditionalIra,
)

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
