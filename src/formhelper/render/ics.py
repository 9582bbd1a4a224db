"""An iCalendar file (RFC 5545) of all-day events: ``precheck --calendar FILE``.

Pure: bytes from (date, summary, description) rows.  Lines end with CRLF and are
folded at 75 octets (RFC 5545 3.1); text values escape backslash, semicolon, comma
and newline (3.3.11); each event has a UID and a DTSTAMP (3.6.1), and an all-day
event is a DTSTART with VALUE=DATE and the next day as DTEND.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

PRODID = "-//formhelper//precheck//EN"


@dataclass(frozen=True)
class Event:
    day: date
    #: A short stable name, part of the UID: ``year_end``, ``contribution_deadline`` ...
    key: str
    summary: str
    description: str


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> list[str]:
    """One content line as lines of at most 75 octets, each continuation starting with
    a space; a UTF-8 character is never split."""
    out: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = " "
            limit = 75
        current += char
    out.append(current)
    return out


def stamp_of(document: bytes) -> datetime | None:
    """The first DTSTAMP of an iCalendar document (UTC), ``None`` when it has none that
    :func:`calendar` could have written."""
    for line in document.split(b"\r\n"):
        if line.startswith(b"DTSTAMP:"):
            try:
                found = datetime.strptime(line[8:].decode("ascii"), "%Y%m%dT%H%M%SZ")
            except (UnicodeDecodeError, ValueError):
                return None
            return found.replace(tzinfo=UTC)
    return None


def calendar(events: Sequence[Event], stamp: datetime) -> bytes:
    """The VCALENDAR document; ``stamp`` (UTC) is every event's DTSTAMP."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.day:%Y%m%d}-{event.key}@formhelper",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(event.summary)}",
            f"DESCRIPTION:{escape(event.description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
