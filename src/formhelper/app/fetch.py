"""Download the blank IRS forms of a tax year from irs.gov into the forms cache.

Used by ``formhelper forms fetch YEAR`` and by the wizard's last step, when the person
asks for it there.  No other command opens the network.  Each download is kept only
when its fields match the committed field dump of the year's layout
(:func:`formhelper.pdf.blanks.check_blank`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

#: A blank IRS form is well under this; anything larger is not one.
MAX_DOWNLOAD = 20_000_000
TIMEOUT_SECONDS = 30


def download(url: str) -> bytes:
    """GET ``url``; raises ``OSError`` (``urllib.error.URLError``) on network failure."""
    import urllib.request  # only fetching opens the network

    request = urllib.request.Request(url, headers={"User-Agent": "formhelper"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        data: bytes = response.read(MAX_DOWNLOAD + 1)
    if len(data) > MAX_DOWNLOAD:
        raise OSError(f"{url}: larger than {MAX_DOWNLOAD} bytes, not a blank form")
    return data


@dataclass
class Fetched:
    """What a fetch did: one line per form stored, one per failed attempt."""

    stored: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: Forms (``f8606``...) that could not be fetched from any address.
    failed: list[str] = field(default_factory=list)


def fetch_blanks(year: int) -> Fetched:
    """Fetch every blank form of ``year``'s layout; raises ``LookupError`` for a year
    formhelper does not support, ``ValueError`` for a layout with no field dumps."""
    from formhelper.files.years import load
    from formhelper.pdf import blanks
    from formhelper.pdf.fieldmap import committed_dumps

    layout = load(year).layout_year
    newest = max(y for _form, y, _path in committed_dumps())
    forms = [form for form, y, _path in committed_dumps() if y == layout]
    if not forms:
        raise ValueError(f"no field dumps for the {layout} layout")
    done = Fetched()
    for form in forms:
        current = blanks.CURRENT_URL.format(form=form)
        prior = blanks.PRIOR_URL.format(form=form, year=layout)
        # The newest year is under irs-pdf/ until the IRS publishes the next one; then
        # it moves to irs-prior/.  Each download is accepted only if its fields match.
        urls = [current, prior] if layout >= newest else [prior]
        notes: list[str] = []
        for url in urls:
            try:
                data = download(url)
            except (OSError, ValueError) as exc:
                reason = getattr(exc, "reason", None) or exc
                notes.append(f"{url}: download failed ({reason})")
                continue
            problems = blanks.check_blank(data, form, layout, url)
            if problems:
                notes.append(f"{url}: not the {layout} Form {form[1:]} ({problems[0]})")
                continue
            try:
                target = blanks.store(data, form, layout)
            except OSError as exc:
                notes.append(f"{url}: cannot store it in the cache ({exc.strerror or exc})")
                continue
            done.stored.append(f"Form {form[1:]} ({layout}) from {url} stored as {target} "
                               f"(sha256 {hashlib.sha256(data).hexdigest()})")
            break
        else:
            done.failed.append(form)
            done.errors += notes
    return done
