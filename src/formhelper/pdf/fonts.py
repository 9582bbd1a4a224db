"""A font for names with accented Latin letters ("Łukasz Żółw", "Ōtani Shōhei").

The IRS forms write their fields in HelveticaLTStd-Bold with WinAnsiEncoding,
which has no Ł, Ż or Ō: pypdf drew "?ukasz ?ó?w" without a word, and flattening
refused the form.  A value that encoding cannot hold is written instead in
Helvetica-Bold, one of the 14 standard PDF fonts (PDF 32000-1, 9.6.2.2; every
reader has it, nothing is embedded), whose character set covers the Latin
letters with accents of Western, Central and Eastern European and romanized
Japanese names (Adobe's standard Latin set).  The font resource
(:func:`latin_font`) re-encodes the few codes of WinAnsiEncoding that no value of
the form uses with the glyphs needed (``/Differences``, 9.6.6.1), named as in the
Adobe Glyph List, so text extraction reads the letters back.

:func:`unwritable` lists the characters no such font can show (Cyrillic, Greek,
CJK, emoji, control characters): the values that hold one are refused with a
message naming the case field (:mod:`formhelper.pdf.values`).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

#: The resource name of the font in the form's ``/DR`` and in the fields' ``/DA``.
FONT_NAME = "/FormhelperLatin"
#: A standard 14 font like the forms' own (HelveticaLTStd-Bold).
BASE_FONT = "Helvetica-Bold"
#: Codes of WinAnsiEncoding taken over for other glyphs, in order of preference:
#: the five it leaves undefined, then symbols no name holds.
_SPARE_CODES = (0x81, 0x8D, 0x8F, 0x90, 0x9D, *range(0xA1, 0xC0), 0xD7, 0xF7)


@functools.cache
def _glyph_names() -> dict[str, str]:
    """Letter -> glyph name for every letter Helvetica-Bold has beyond WinAnsiEncoding,
    named as in Adobe's font metrics (``Zdotaccent``, ``Gcommaaccent``, ``Dcroat``; the
    Adobe Glyph List also has ``Zdot`` and ``Gcedilla``, which a reader's Helvetica
    may not know)."""
    from pypdf._codecs.adobe_glyphs import adobe_glyphs
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

    widths = CORE_FONT_METRICS[BASE_FONT].character_widths

    def preference(name: str) -> tuple[int, int]:
        rank = 0 if name.endswith("accent") else 1 if "croat" in name else 2
        return rank, len(name)

    names: dict[str, str] = {}
    for name, char in sorted(adobe_glyphs.items(), key=lambda item: preference(item[0])):
        if len(char) == 1 and char in widths and unicodedata.category(char).startswith("L") \
                and not (name[1:2] == "a" and name[2:].isdigit()) \
                and not name.startswith("/uni"):
            names.setdefault(char, name)
    return names


def winansi(text: str) -> bool:
    """Whether the forms' own encoding (WinAnsiEncoding, cp1252) holds ``text``."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def unwritable(text: str) -> list[str]:
    """The characters of ``text`` that no form font here can show, each once."""
    names = _glyph_names()
    bad: list[str] = []
    for char in text:
        ok = char == " " or (char.isprintable() and (winansi(char) or char in names))
        if not ok and char not in bad:
            bad.append(char)
    return bad


def describe(chars: Iterable[str]) -> str:
    """``"'И' (CYRILLIC CAPITAL LETTER I), 'в' ..."`` for a message."""
    return ", ".join(f"{char!r} ({unicodedata.name(char, f'U+{ord(char):04X}')})"
                     for char in chars)


def latin_font(texts: Iterable[str]) -> DictionaryObject:
    """A Helvetica-Bold font resource that can show every character of ``texts``
    (whose characters are all writable: see :func:`unwritable`)."""
    texts = list(texts)
    used = {char for text in texts for char in text}
    needed = sorted({char for char in used if not winansi(char)})
    spare = [code for code in _SPARE_CODES
             if bytes([code]).decode("cp1252", "replace") not in used]
    if len(needed) > len(spare):
        raise ValueError(f"more than {len(spare)} letters outside WinAnsiEncoding")
    names = _glyph_names()
    differences: list[NumberObject | NameObject] = []
    for code, char in zip(spare, needed, strict=False):
        differences += [NumberObject(code), NameObject(names[char])]
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject(f"/{BASE_FONT}"),
        NameObject("/Encoding"): DictionaryObject({
            NameObject("/Type"): NameObject("/Encoding"),
            NameObject("/BaseEncoding"): NameObject("/WinAnsiEncoding"),
            NameObject("/Differences"): ArrayObject(differences),
        }),
    })
