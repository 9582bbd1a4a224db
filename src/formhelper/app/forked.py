"""Work done beside the main process: in a forked child, on the other core.

``formhelper prepare`` spends about 85 ms drawing its own PDFs with reportlab
(importing it, then the worksheets and the basis-record page) and as long again
filling the IRS forms with pypdf.  The two do not depend on each other, so
:class:`Beside` starts the first in a child process made with ``os.fork`` (which
inherits the computed return: nothing is sent to it) and the parent fills the
forms meanwhile.  The child sends back only bytes, through a pipe.

This is an optimisation only: where ``fork`` is missing (Windows) or unsafe
(the process runs other threads, as the wizard does), or when the child fails
in any way, the work is done in the calling process, where an error is raised
the usual way.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """``os.fork`` exists and no other thread runs (a fork copies only this one)."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Beside(Generic[T]):
    """Start ``work`` in a child process; :meth:`result` waits for its value.

    ``work`` must return something picklable.  With ``fork=False`` or without
    :func:`can_fork`, ``work`` runs here when :meth:`result` is called.  Used as a
    context manager: leaving the block without the result (an error in the
    parent) stops and reaps the child.
    """

    def __init__(self, work: Callable[[], T], *, fork: bool = True) -> None:
        self.work = work
        self.pid = 0
        self.read_end = -1
        if not (fork and can_fork()):
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: do the work, send it, leave without any clean-up
            status = 1
            try:
                os.close(read_end)
                data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self.pid, self.read_end = pid, read_end

    def result(self) -> T:
        if not self.pid:
            return self.work()
        with os.fdopen(self.read_end, "rb") as pipe:
            data = pipe.read()
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if status != 0:
            return self.work()  # the child failed: do it here, where errors show
        value: T = pickle.loads(data)
        return value

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.read_end)
            self.pid = 0
