"""The types of the per-year data in ``forms/<year>/`` (loaded by :mod:`formhelper.files.years`)."""
