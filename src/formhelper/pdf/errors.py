"""The error of filling a form, importable without pypdf (``prepare`` catches it
before pypdf is loaded)."""


class FillError(Exception):
    """A value could not be placed, or the filled PDF does not hold it."""
