"""Fill a blank IRS PDF by AcroForm field name, then prove the result.

The IRS PDFs are AcroForm + XFA hybrids without ``/NeedAppearances``: a value
written only to the AcroForm ``/V`` shows blank in Adobe Reader (which reads
the XFA) and in viewers that do not build appearances.  So :func:`fill`

1. refuses an unknown field name, a value of the wrong kind and an over-long
   value (``/MaxLen``), before touching the PDF;
2. deletes ``/XFA`` from the AcroForm dictionary, and the usage-rights signature
   (``/Perms``) from the catalog, which the changes would break (Adobe Reader then
   says the document was changed and disables its extended features);
3. writes the values, with an appearance stream for each text field (pypdf's
   ``TextStreamAppearance``, as ``PdfWriter.update_page_form_field_values``
   makes it) and a checkbox's ``/V`` and ``/AS`` set to its on-state name,
   and sets ``/NeedAppearances`` so viewers that rebuild appearances do so;
4. embeds the files given (the basis record in Form 8606);
5. optionally flattens: draws the appearances into the page content and
   removes the form;
6. reads the written bytes back and raises :class:`FillError` if any field
   holds something other than the intended value.

Steps 2-4 are an *incremental update* (PDF 32000-1, 7.5.6;
:mod:`formhelper.pdf.update`): the blank's bytes unchanged, then only the
changed field dictionaries, the AcroForm dictionary, the new appearance streams
and embedded file, and a cross-reference section whose ``/Prev`` is the blank's.
The blank is parsed once per process (:mod:`formhelper.pdf.opened`) and never
modified: each fill copies the dictionaries it changes.  The IRS forms ask for
this (``/SigFlags 2``, append only).  The read-back (step 6,
:mod:`formhelper.pdf.readback`) reads the output as a PDF reader does, each
changed field by its fully qualified name.
A blank of an unusual shape (encrypted, a widget that is not an indirect
object) is filled by cloning the whole document instead, and read back by
parsing the whole output.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from formhelper.pdf.dump import FieldInfo
from formhelper.pdf.errors import FillError as FillError  # re-exported
from formhelper.pdf.fonts import FONT_NAME, latin_font, winansi
from formhelper.pdf.opened import Parsed as Parsed  # re-exported
from formhelper.pdf.opened import name_of
from formhelper.pdf.opened import parsed as parsed  # re-exported
from formhelper.pdf.readback import attachments as carried
from formhelper.pdf.readback import read_values as read_values  # re-exported
from formhelper.pdf.readback import verify as _verify
from formhelper.pdf.readback import verify_flat as _verify_flat
from formhelper.pdf.readback import verify_update as _verify_update
from formhelper.pdf.update import DOCUMENT_ACTIONS
from formhelper.pdf.update import OFF as OFF  # re-exported
from formhelper.pdf.update import Unfit as _Unfit
from formhelper.pdf.update import Update as _Update
from formhelper.pdf.update import attach_update as _attach_update
from formhelper.pdf.update import fill_update as _fill_update


def check_values(fields: Mapping[str, FieldInfo], values: Mapping[str, str],
                 labels: Mapping[str, str] | None = None) -> None:
    """Refuse unknown names, wrong kinds and over-long text before filling; each
    problem names the field by its label (the case field, see
    :class:`formhelper.pdf.values.Filled`) when one is given."""
    labels = labels or {}
    problems: list[str] = []
    for name, value in values.items():
        info = fields.get(name)
        where = labels.get(name, name)
        if info is None:
            problems.append(f"{where}: no such field in the blank form")
            continue
        if info["kind"] == "text":
            if value.startswith("/"):
                problems.append(f"{where}: a text field, given the checkbox state {value!r}")
            elif info["maxlen"] is not None and len(value) > info["maxlen"]:
                shown = value if len(value) <= 60 else value[:60] + "..."
                problems.append(
                    f"{where}: {shown!r} is {len(value)} characters, the box on the form "
                    f"takes {info['maxlen']}" + ("; shorten it (a middle initial, say)"
                                                 if where.endswith(".name") else "")
                )
        elif info["kind"] == "checkbox":
            if value not in info["on_states"]:
                problems.append(
                    f"{where}: a checkbox with on-state {info['on_states']}, given {value!r}"
                )
        else:
            problems.append(f"{where}: a {info['kind']} field, which formhelper does not fill")
    if problems:
        raise FillError("; ".join(problems))


def _flatten(writer: PdfWriter, values: Mapping[str, str]) -> None:
    """Draw the filled fields into the pages, then drop every widget and the form."""
    writer.update_page_form_field_values(None, dict(values), auto_regenerate=None, flatten=True)
    writer.remove_annotations(subtypes="/Widget")
    del writer._root_object["/AcroForm"]


# ---------------------------------------------------------------------------
# fill


def fill(blank: bytes | Parsed, values: Mapping[str, str], *, flatten: bool = False,
         attachments: Mapping[str, bytes] | None = None,
         labels: Mapping[str, str] | None = None) -> bytes:
    """Return ``blank`` with ``values`` ({fully qualified field name: value}) filled
    and ``attachments`` ({file name: contents}) embedded.  ``blank`` is the blank's
    bytes, or those already opened (:func:`parsed`, :meth:`Parsed.from_index`).

    A text value is the text to show; a checkbox value is its on-state name
    (``"/1"``).  Raises :class:`FillError` on a bad value or when reading the
    output back does not give ``values`` and the attachments.
    """
    source = blank if isinstance(blank, Parsed) else parsed(blank)
    check_values(source.fields, values, labels)
    files = dict(attachments or {})
    filled = None
    if source.incremental:
        update = _Update(source)
        try:
            _fill_update(update, values)
            _attach_update(update, files)
        except _Unfit:
            pass
        else:
            filled = update.write()
            _verify_update(filled, source, values, files)
    if filled is None:
        filled = _fill_clone(source.reader, source.fields, values, files)
    if not flatten:
        return filled
    flat_writer = PdfWriter(clone_from=PdfReader(io.BytesIO(filled)))
    _flatten(flat_writer, values)
    out = io.BytesIO()
    flat_writer.write(out)
    flat = out.getvalue()
    _verify_flat(flat, values, source.fields)
    if files and {n: carried(flat).get(n) for n in files} != files:
        raise FillError("the flattened PDF lost its embedded files")
    return flat


def _fill_clone(reader: PdfReader, fields: Mapping[str, FieldInfo], values: Mapping[str, str],
                files: Mapping[str, bytes]) -> bytes:
    """The whole document cloned and rewritten (a blank unfit for an update)."""
    writer = PdfWriter(clone_from=reader)
    if "/AcroForm" not in writer._root_object:
        raise FillError("the PDF has no form fields")
    acro_form = writer._root_object["/AcroForm"].get_object()
    if isinstance(acro_form, DictionaryObject) and "/XFA" in acro_form:
        del acro_form["/XFA"]
    if "/Perms" in writer._root_object:  # the usage-rights signature, as in fill_update
        del writer._root_object["/Perms"]
    for key in DOCUMENT_ACTIONS:  # no script goes with the filled form, as in fill_update
        if key in writer._root_object:
            del writer._root_object[key]
    names = writer._root_object["/Names"].get_object() if "/Names" in writer._root_object \
        else None
    if isinstance(names, DictionaryObject) and "/JavaScript" in names:
        del names["/JavaScript"]
    latin = [value for name, value in values.items()
             if fields[name]["kind"] == "text" and not winansi(value)]
    if latin and isinstance(acro_form, DictionaryObject):  # see formhelper.pdf.fonts
        resources = acro_form.setdefault(NameObject("/DR"), DictionaryObject()).get_object()
        fonts = cast(DictionaryObject, resources).setdefault(
            NameObject("/Font"), DictionaryObject()).get_object()
        cast(DictionaryObject, fonts)[NameObject(FONT_NAME)] = writer._add_object(
            latin_font(latin))
    if values:
        writer.update_page_form_field_values(
            None, {name: value if winansi(value) else (value, FONT_NAME, 0)
                   for name, value in values.items()}, auto_regenerate=True)
    else:
        writer.set_need_appearances_writer(True)
    for name, value in values.items():
        # pypdf issue 3115: a checkbox /V must be a name, not a string.
        if fields[name]["kind"] == "checkbox":
            _set_name_value(writer, name, value)
    for name, data in files.items():
        writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    filled = out.getvalue()
    _verify(filled, fields, values)
    if files and {n: carried(filled).get(n) for n in files} != dict(files):
        raise FillError("the embedded files do not read back from the PDF")
    return filled


def _set_name_value(writer: PdfWriter, name: str, value: str) -> None:
    for page in writer.pages:
        for ref in page.get("/Annots", []) or []:
            widget = ref.get_object()
            node = widget
            if "/T" not in node and "/Parent" in node:
                node = node["/Parent"].get_object()
            if not isinstance(node, DictionaryObject):
                continue
            if name_of(node) == name:
                node[NameObject("/V")] = NameObject(value)

