"""Ctrl-C while the main thread is inside a C call.

Python runs its SIGINT handler (the one that raises KeyboardInterrupt) only
between bytecodes of the main thread, so a C call blocked in a wait would not
see it for minutes. While the main thread is in a call:

 - the process's wake-up fd (signal.set_wakeup_fd: Python's C-level handler
   writes the signal number there at once, from any thread) is a socket that
   one watcher thread reads; on SIGINT it calls oft_client_interrupt on the
   calls under way, which return OFT_EINTERRUPTED promptly. A wake-up fd set
   by someone else (asyncio) keeps receiving every byte;
 - the Python-level SIGINT handler is ours. The C call may run Python
   callbacks, and a KeyboardInterrupt raised as a ctypes callback starts would
   be printed and lost, so ours only notes the signal; inside a user's
   callback it runs the original handler (the KeyboardInterrupt unwinds the
   callback and is raised by the call). A noted signal is handed to the
   original handler as the call ends, so KeyboardInterrupt comes from a known
   place, after the C results are freed.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, Protocol


class Interruptible(Protocol):
    def interrupt(self) -> None: ...


_MAIN = threading.main_thread().ident


class _Watcher:
    """Reads the wake-up socket; a SIGINT byte interrupts the calls in `active`.

    Bytes are consumed only under `lock`, by the watcher or by a call ending
    (which also leaves `active` in the same hold of the lock), so a signal
    byte always belongs to the calls in `active` when it is read: one written
    during a call that has ended is never taken for the next call's.
    """

    def __init__(self) -> None:
        import socket  # here: only a program that makes calls needs it

        self._recv, self._send = socket.socketpair()
        self._recv.setblocking(False)
        self._send.setblocking(False)
        self.fd = self._send.fileno()
        self.lock = threading.Lock()
        self.active: list[Interruptible] = []
        self.forward_fd = -1
        threading.Thread(target=self._run, name="openai_ft-sigint", daemon=True).start()

    def drain_locked(self) -> bytes:
        """Takes every byte waiting (forwarding it to a previous wake-up fd)."""
        data = b""
        while True:
            try:
                chunk = self._recv.recv(256)
            except (BlockingIOError, InterruptedError):
                break
            if not chunk:
                break
            data += chunk
        if data and self.forward_fd >= 0:
            try:
                os.write(self.forward_fd, data)
            except OSError:
                pass
        return data

    def _run(self) -> None:
        import select

        while True:
            select.select([self._recv], [], [])  # waits without the GIL
            with self.lock:
                if signal.SIGINT in self.drain_locked():
                    for call in self.active:
                        call.interrupt()


class _MainState:
    """What the main thread's calls share (only the main thread touches it)."""

    def __init__(self) -> None:
        self.depth = 0  # calls under way (a callback may make a call of its own)
        self.callbacks = 0  # user callbacks running inside them
        self.pending = False  # a SIGINT noted, not yet handed to the original handler
        self.original: Any = None  # the SIGINT handler we replaced

    def handler(self, signum: int, frame: FrameType | None) -> None:
        if self.callbacks:
            self.original(signum, frame)
        else:
            self.pending = True

    def deliver(self) -> None:
        """Hands a noted SIGINT to the original handler (usually: raises KeyboardInterrupt)."""
        if self.pending:
            self.pending = False
            self.original(signal.SIGINT, None)


_state = _MainState()
_watcher: _Watcher | None = None
_watcher_lock = threading.Lock()


def _get_watcher() -> _Watcher:
    global _watcher
    with _watcher_lock:
        if _watcher is None:
            _watcher = _Watcher()
        return _watcher


def in_main_call() -> bool:
    return threading.get_ident() == _MAIN and _state.depth > 0


@contextmanager
def sigint_interrupts(call: Interruptible) -> Iterator[None]:
    """While inside, a SIGINT interrupts `call` (main thread only; elsewhere a no-op)."""
    if threading.get_ident() != _MAIN or (
        _state.depth == 0 and not callable(signal.getsignal(signal.SIGINT))
    ):
        # No KeyboardInterrupt can reach this thread (or SIGINT is not Python's).
        yield
        return
    w = _get_watcher()
    with w.lock:
        w.active.append(call)
    outer = _state.depth == 0
    _state.depth += 1
    old_fd = -1
    try:
        if outer:
            _state.original = signal.signal(signal.SIGINT, _state.handler)
            with w.lock:  # no byte is drained before we know where to forward it
                old_fd = signal.set_wakeup_fd(w.fd, warn_on_full_buffer=False)
                w.forward_fd = old_fd
        yield
    finally:
        if outer:
            signal.set_wakeup_fd(old_fd)  # from here on, no byte comes to us
        with w.lock:
            if outer:
                w.drain_locked()  # a signal of this call is never read as the next one's
                w.forward_fd = -1
            w.active.remove(call)
        _state.depth -= 1
        if outer:
            signal.signal(signal.SIGINT, _state.original)
            _state.deliver()


def deliver_pending() -> None:
    """Raises a SIGINT noted during this main-thread call now (from the call's
    own code rather than after it)."""
    if in_main_call():
        _state.deliver()


@contextmanager
def user_callback() -> Iterator[None]:
    """Around a user's callback run by C: a SIGINT reaches it as usual."""
    if not in_main_call():
        yield
        return
    _state.callbacks += 1
    try:
        _state.deliver()  # one noted just as C called us
        yield
    finally:
        _state.callbacks -= 1
