"""Ctrl-C while the main thread is inside a C call.

Python runs its SIGINT handler (which raises KeyboardInterrupt) only between
bytecodes, so a thread blocked in libopenai_ft would not see it until the call
returned, minutes later for a wait. While the main thread is in a call, its
wake-up fd (signal.set_wakeup_fd: Python's C-level handler writes the signal
number there at once, from any thread) is a socket read by one watcher thread,
which calls oft_client_interrupt on the clients in the call. The C call returns
OFT_EINTERRUPTED promptly and Python raises KeyboardInterrupt as usual. A
wake-up fd already set by someone else (asyncio) keeps receiving every byte.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Interruptible(Protocol):
    def interrupt(self) -> None: ...


class _Watcher:
    def __init__(self) -> None:
        self._recv, self._send = socket.socketpair()
        self._send.setblocking(False)
        self.fd = self._send.fileno()
        self.lock = threading.Lock()
        self.active: list[Interruptible] = []
        self.forward_fd = -1
        threading.Thread(target=self._run, name="openai_ft-sigint", daemon=True).start()

    def _run(self) -> None:
        while True:
            data = self._recv.recv(256)  # blocks without the GIL
            if not data:
                return
            # Under the lock: once a call has left `active`, nothing interrupts it.
            with self.lock:
                if self.forward_fd >= 0:
                    try:
                        os.write(self.forward_fd, data)
                    except OSError:
                        pass
                if signal.SIGINT in data:
                    for call in self.active:
                        call.interrupt()


_watcher: _Watcher | None = None
_watcher_lock = threading.Lock()
_MAIN = threading.main_thread().ident


def _get_watcher() -> _Watcher:
    global _watcher
    with _watcher_lock:
        if _watcher is None:
            _watcher = _Watcher()
        return _watcher


@contextmanager
def sigint_interrupts(call: Interruptible) -> Iterator[None]:
    """While inside, a SIGINT interrupts `call` (main thread only; elsewhere a no-op)."""
    if threading.get_ident() != _MAIN or not callable(signal.getsignal(signal.SIGINT)):
        # No KeyboardInterrupt can reach this thread (or SIGINT is not Python's).
        yield
        return
    w = _get_watcher()
    # A SIGINT landing before the fd is ours raises KeyboardInterrupt before the
    # C call starts; from then on, the watcher finds the call in `active`.
    with w.lock:
        w.active.append(call)
    old = -1
    owner = False  # this call installed the fd (not a nested call, no failure)
    try:
        old = signal.set_wakeup_fd(w.fd, warn_on_full_buffer=False)
        owner = old != w.fd  # else a callback of an outer call made this call
        if owner:
            with w.lock:
                w.forward_fd = old
        yield
    finally:
        with w.lock:
            w.active.remove(call)
            if owner:
                w.forward_fd = -1
        if owner:
            signal.set_wakeup_fd(old)
