"""Reading what a person gives formhelper, with bounded work (docs/limits.md).

* :func:`read_file`: regular files only (a folder, ``/dev/zero``, a FIFO or a
  socket is refused before it is opened for reading), the size checked with
  ``stat`` before a byte is read, and never more than the limit read.
* :func:`load_json` and :func:`load_toml`: a key given twice is refused (TOML
  refuses it itself), a dotted TOML key of more than :data:`MAX_DEPTH` parts is
  refused before ``tomllib`` sees it (its cost grows with the square of the
  parts), and the parsed data is checked by :func:`check_shape` before pydantic
  sees it: at most :data:`MAX_DEPTH` levels, :data:`MAX_ENTRIES` keys and list
  items, and every number below :data:`MAX_NUMBER` with at most
  :data:`MAX_PLACES` decimal places (``1E+999999`` costs a minute to print).
* :func:`short` and :func:`capped`: a long value is cut where a message echoes
  it, and a long list of problems ends with "... and 4,990 more".

Every problem is an :class:`InputError` whose message starts with the file's name.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

#: Levels of tables/objects and lists in a case file or basis record (they use 4).
MAX_DEPTH = 32
#: Keys and list items in one file (a case file with 100 Forms 1099-R has ~3,000).
MAX_ENTRIES = 20_000
#: Numbers are below this (amounts are below $1,000,000,000,000 in the case file).
MAX_NUMBER = Decimal("1e15")
#: Decimal places a number may have.
MAX_PLACES = 15
#: Characters of a value echoed in a message.
ECHO_CHARS = 80
#: Problems printed for one file.
MAX_PROBLEMS = 20


class InputError(Exception):
    """A file that cannot be read within the limits; the message names it."""


def printable(text: str) -> str:
    """``text`` with line breaks and other unprintable characters escaped (``\\n``),
    so that a problem stays on its one line whatever the file holds."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def short(text: str, limit: int = ECHO_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters)"


def capped(problems: list[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """The first ``limit`` problems, then one line saying how many more there are."""
    if len(problems) <= limit:
        return problems
    return [*problems[:limit], f"... and {len(problems) - limit:,} more"]


def read_file(path: Path, limit: int, what: str) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes.

    ``what`` names the kind of file in messages ("case file").  The size is
    checked before reading, so ``/dev/zero`` or a FIFO is refused at once, and
    a file that grows while it is read is read only up to the limit.
    """
    name = printable(str(path))
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{name}: no such file") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{name}: cannot read ({_reason(exc)})") from None
    _check_stat(info, name, limit, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({_reason(exc)})") from None
    try:
        _check_stat(os.fstat(fd), name, limit, what)  # the file opened is the one checked
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({_reason(exc)})") from None
    finally:
        os.close(fd)
    if size > limit:
        raise InputError(f"{name}: too large for a {what} (more than {limit:,} bytes, the "
                         "limit)")
    return b"".join(chunks)


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)


def _check_stat(info: os.stat_result, name: str, limit: int, what: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name}: is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name}: not a regular file (a device, pipe or socket); give a "
                         f"{what}")
    if info.st_size > limit:
        raise InputError(f"{name}: too large for a {what} ({info.st_size:,} bytes; the limit "
                         f"is {limit:,})")


# ---------------------------------------------------------------------------
# JSON and TOML


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not an amount")


def load_json(text: str, name: str, syntax: str = "not valid JSON") -> Any:
    """``text`` parsed as JSON (numbers with a fraction or exponent as text, so that
    pydantic reads them exactly), a repeated key refused, then :func:`check_shape`.
    ``syntax`` says what text that is not JSON is not."""
    try:
        data = json.loads(text, parse_float=str, parse_constant=_reject_constant,
                          object_pairs_hook=_no_duplicates)
    except _DuplicateKey as exc:
        raise InputError(f"{name}: the key {printable(json.dumps(short(exc.key)))} appears "
                         "twice in one object; keep one (JSON does not say which counts)"
                         ) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: {syntax}: {exc.msg} (line {exc.lineno}, "
                         f"column {exc.colno})") from None
    except ValueError as exc:  # a constant (NaN) or an integer of thousands of digits
        raise InputError(f"{name}: {syntax}: {printable(short(str(exc)))}") from None
    except RecursionError:
        raise InputError(f"{name}: {syntax}: nested too deeply (the limit is "
                         f"{MAX_DEPTH} levels)") from None
    check_shape(data, name)
    return data


#: A bare or quoted key part, then a dot: one level of a dotted key.
_KEY_PART = re.compile(r'\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')\s*\.')


def _dotted_depth(text: str) -> int:
    """The most parts of a dotted key or table header at the start of a line (a
    lexical scan; a line inside a multi-line string may count too, which only
    refuses a file no case file looks like)."""
    deepest = 0
    for line in text.splitlines():
        at = len(line) - len(line.lstrip(" \t["))
        parts = 1
        while (match := _KEY_PART.match(line, at)) is not None:
            parts += 1
            at = match.end()
            if parts > MAX_DEPTH:
                return parts
        deepest = max(deepest, parts)
    return deepest


def load_toml(text: str, name: str, parse_float: Callable[[str], Any] = str) -> Any:
    """``text`` parsed as TOML (numbers with a fraction or exponent as text, or as
    ``parse_float`` makes them), a dotted key of more than :data:`MAX_DEPTH` parts
    refused first, then :func:`check_shape`."""
    if _dotted_depth(text) > MAX_DEPTH:
        raise InputError(f"{name}: a dotted key or table name of more than {MAX_DEPTH} "
                         "parts (the limit); a case file nests a few levels")
    try:
        data = tomllib.loads(text, parse_float=parse_float)
    except ValueError as exc:  # TOMLDecodeError, or an integer of thousands of digits
        raise InputError(f"{name}: not valid TOML: {printable(short(str(exc)))}") from None
    except RecursionError:
        raise InputError(f"{name}: not valid TOML: nested too deeply (the limit is "
                         f"{MAX_DEPTH} levels)") from None
    check_shape(data, name)
    return data


#: Text written as a number with an exponent or a fraction (possessive quantifiers:
#: a million digits must not make the match backtrack for ever).
_EXPONENT = re.compile(r"\s*+[+-]?+(?:[0-9]++\.?+[0-9]*+|\.[0-9]++)[eE][+-]?+[0-9]++\s*+",
                       re.ASCII)
_FRACTION = re.compile(r"\s*+[+-]?+[0-9]*+\.[0-9]++\s*+", re.ASCII)


def check_shape(data: Any, name: str) -> None:
    """Refuse data deeper than :data:`MAX_DEPTH`, with more than :data:`MAX_ENTRIES`
    keys and items, or holding a number out of range (see :func:`_number_problem`).

    Walks without recursion, so any depth pydantic would choke on is refused here.
    """
    entries = 0
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        value, depth, where = stack.pop()
        if isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise InputError(f"{name}: nested more than {MAX_DEPTH} levels deep (the "
                                 f"limit); {where or 'the file'} is")
            entries += len(value)
            if entries > MAX_ENTRIES:
                raise InputError(f"{name}: more than {MAX_ENTRIES:,} keys and list items "
                                 "(the limit); a case file has a few hundred")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                part = f"[{key}]" if isinstance(key, int) else \
                    (f".{short(printable(key), 40)}" if where else short(printable(key), 40))
                stack.append((item, depth + 1, where + part))
            continue
        problem = _number_problem(value)
        if problem:
            raise InputError(f"{name}: {where or 'value'}: {problem}")


def _number_problem(value: Any) -> str | None:
    """Why ``value`` (a number, or text written as one with a fraction or exponent)
    is out of range, or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = Decimal(value)
        text = str(value) if value.bit_length() < 200 else f"a {len(str(value)):,}-digit number"
    elif isinstance(value, float):
        number, text = Decimal(repr(value)), repr(value)
    elif isinstance(value, Decimal):
        number, text = value, short(str(value), 40)
    elif isinstance(value, str) and (_EXPONENT.fullmatch(value) or _FRACTION.fullmatch(value)):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        text = short(value.strip(), 40)
    else:
        return None
    if not number.is_finite():
        return None  # left to the field's own message
    if number.copy_abs() >= MAX_NUMBER:
        return (f"{text} is out of range (numbers must be below "
                f"{MAX_NUMBER:,.0f}; amounts below 1,000,000,000,000)")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_PLACES and number != 0:
        return f"{text} has more than {MAX_PLACES} decimal places (amounts have 2)"
    return None
