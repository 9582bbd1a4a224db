"""Filling the official IRS PDFs (Form 8606, Form 1040) by AcroForm field name.

Imports pypdf (all but :mod:`formhelper.pdf.errors`); only ``formhelper prepare``
and ``formhelper forms`` load it, never ``formhelper --help`` or ``compute``.
"""
