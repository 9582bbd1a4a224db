"""Filling the official IRS PDFs (Form 8606, Form 1040) by AcroForm field name.

Imports pypdf; only ``formhelper prepare`` and ``formhelper forms`` load this
package, never ``formhelper --help`` or ``formhelper compute``.
"""
