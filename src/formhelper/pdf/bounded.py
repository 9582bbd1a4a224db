"""Reading a PDF someone gave formhelper, within bounds (docs/limits.md).

pypdf caps each stream it decompresses (75 MB), not a file: a 10 KB PDF of many
small streams that each inflate to tens of megabytes took gigabytes.  Inside
:func:`bounded`:

* all the streams pypdf decodes add up to at most :data:`MAX_DECODED` bytes
  (each one also to at most that), and the reading takes at most
  :data:`MAX_SECONDS` (checked at every stream, and on POSIX in the main thread
  by a timer that interrupts any other loop);
* pypdf's log lines and warnings stay off stderr;
* any failure becomes a :class:`PdfRefused` whose message names the file and says
  what to do: a password to remove, an encryption or filter formhelper cannot
  read, a limit reached, or simply "not a readable PDF".

An encrypted PDF that needs no password to open is read (pypdf tries the empty
password); AES encryption needs the ``cryptography`` package, which formhelper
does not require.
"""

from __future__ import annotations

import contextvars
import logging
import signal
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

#: Bytes decoded from all the streams of one PDF (an IRS form decodes to ~5 MB).
MAX_DECODED = 64_000_000
#: Seconds to read one PDF (an IRS form: well under one).
MAX_SECONDS = 5.0


class PdfRefused(Exception):
    """A PDF that cannot be read within the limits, or at all; the message names it."""


class _Stop(BaseException):
    """A limit was reached.  Not an ``Exception``, so that no ``except Exception`` of
    pypdf's recovery code swallows it; :func:`bounded` turns it into PdfRefused."""


@dataclass
class _Budget:
    left: int
    deadline: float
    reached: str | None = None


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "formhelper_pdf_budget", default=None)
_INSTALLED = False


def _install() -> None:
    """Wrap pypdf's one function that decodes a stream (``StreamObject.get_data``
    imports it from ``pypdf.filters`` at each call) with the budget of the caller."""
    global _INSTALLED
    if _INSTALLED:
        return
    import pypdf.filters

    original = pypdf.filters.decode_stream_data

    def decode_stream_data(stream: Any) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return original(stream)
        _check(budget)
        data: bytes = original(stream)
        budget.left -= len(data)
        if budget.left < 0:
            budget.reached = (f"its streams decompress to more than {MAX_DECODED:,} bytes "
                              "(the limit)")
            raise _Stop(budget.reached)
        return data

    pypdf.filters.decode_stream_data = decode_stream_data
    _INSTALLED = True


def _check(budget: _Budget) -> None:
    if budget.reached is not None:
        raise _Stop(budget.reached)
    if time.monotonic() > budget.deadline:
        budget.reached = f"reading it takes more than {MAX_SECONDS:g} seconds (the limit)"
        raise _Stop(budget.reached)


@contextmanager
def bounded(source: str, *, decoded: int = MAX_DECODED,
            seconds: float = MAX_SECONDS) -> Iterator[None]:
    """Read PDFs inside this block within ``decoded`` bytes and ``seconds``; any failure
    raises :class:`PdfRefused` naming ``source``."""
    from pypdf import apply_configuration, get_configuration

    _install()
    budget = _Budget(decoded, time.monotonic() + seconds)
    token = _BUDGET.set(budget)
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    caps: dict[str, Any] = {key: decoded for key in (
        "zlib_maximum_output_length", "lzw_maximum_output_length",
        "run_length_maximum_output_length", "brotli_maximum_output_length",
        "jbig2_maximum_output_length", "array_based_stream_maximum_output_length",
        "image_maximum_buffer_size", "maximum_declared_stream_length")}
    caps["stream_decoding_work_maximum_length"] = 2 * decoded
    try:
        with warnings.catch_warnings(), _alarm(budget, seconds), \
                apply_configuration(get_configuration().with_overwrites(**caps)):
            warnings.simplefilter("ignore")
            yield
    except _Stop as stop:
        raise PdfRefused(f"{source}: {stop}") from None
    except PdfRefused:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged or hostile file
        if budget.reached is not None:
            raise PdfRefused(f"{source}: {budget.reached}") from None
        raise PdfRefused(f"{source}: {why(exc)}") from None
    finally:
        logger.setLevel(level)
        _BUDGET.reset(token)
    if budget.reached is not None:  # pypdf caught the stop and went on
        raise PdfRefused(f"{source}: {budget.reached}")


@contextmanager
def _alarm(budget: _Budget, seconds: float) -> Iterator[None]:
    """On POSIX, in the main thread and with no timer of someone else's running: stop
    any loop after ``seconds``, not only one that decodes a stream."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread()
              is threading.main_thread() and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        budget.reached = f"reading it takes more than {seconds:g} seconds (the limit)"
        raise _Stop(budget.reached)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds + 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


#: What to do with a PDF protected by a password, in words.
UNLOCK = ("open it with its password and save a copy without one (in most PDF viewers: "
          "Print, then Save as PDF; or `qpdf --decrypt --password=PASSWORD IN.pdf OUT.pdf`), "
          "then give formhelper that copy")


def _short(text: str, limit: int = 120) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text if len(text) <= limit else f"{text[:limit]}..."


def why(exc: BaseException) -> str:
    """What went wrong reading a PDF, for a person: ``exc`` from pypdf."""
    from pypdf.errors import (
        DependencyError,
        FileNotDecryptedError,
        LimitReachedError,
        WrongPasswordError,
    )

    text = _short(str(exc))
    if isinstance(exc, FileNotDecryptedError | WrongPasswordError):
        return f"the PDF is protected by a password; {UNLOCK}"
    if isinstance(exc, DependencyError):
        return ("the PDF is encrypted with AES, which formhelper reads only with the Python "
                f"package `cryptography` installed (pip install cryptography); or {UNLOCK}")
    if isinstance(exc, NotImplementedError):
        if "filter" in text.lower():
            return f"a part of the PDF uses a compression formhelper cannot read ({text})"
        return (f"the PDF is encrypted in a way formhelper cannot read ({text}); {UNLOCK}")
    if isinstance(exc, LimitReachedError):
        return f"a part of the PDF is larger than formhelper reads ({text})"
    if isinstance(exc, RecursionError):
        return "not a readable PDF (its objects are nested too deeply)"
    if isinstance(exc, MemoryError):
        return "not a readable PDF (it needs more memory than there is)"
    return f"not a readable PDF ({text or type(exc).__name__})"
