"""formhelper: Form 8606 and Form 1040 lines 4-5 after Roth conversions and rollovers."""

__version__ = "0.1.0"
