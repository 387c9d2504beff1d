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

A Python signal handler runs between any two bytecodes of the main thread, so
the machinery is written for a SIGINT that lands anywhere in it:

 - nothing is changed before our handler is in place (signal.signal runs a
   signal already caught, with the handler it replaces: a KeyboardInterrupt
   raised there leaves nothing to undo);
 - our handler raises only in a user's callback, never in a frame of this
   package or of contextlib (the counters, the pool and the list of calls are
   changed there); one that lands there inside a callback is caught again at
   the next bytecode (_thread.interrupt_main), until it reaches the user's
   code or the callback returns to C;
 - a noted SIGINT also interrupts the calls under way itself: one caught
   before the wake-up fd was ours wrote no byte for the watcher, and the call
   would otherwise run its course (a wait: until the job ends); the signals
   caught by then are run (PyErr_CheckSignals) once the fd is ours, and as a
   callback starts;
 - a SIGINT that another thread caught (the kernel may give a process's
   signal to the thread that sent it) does not wake a main thread blocked in
   a user's callback: the watcher sends it again to the main thread (_kick).
"""

from __future__ import annotations

import _thread
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, Protocol


class Interruptible(Protocol):
    def interrupt(self) -> None: ...


_MAIN = threading.main_thread().ident or 0  # always set: the main thread runs
# A SIGINT read by the watcher while the main thread runs a user's callback is
# sent again to the main thread if our handler has not run _KICK_AFTER_S after
# it, nor in the _KICK_HANDLED_S before (then it was this SIGINT's run).
_KICK_AFTER_S = 0.05
_KICK_HANDLED_S = 0.5


def _check_signals() -> None:
    """Runs the Python handlers of the signals caught so far (the C API's
    PyErr_CheckSignals), as the next bytecode would."""
    global _check
    if _check is None:
        import ctypes

        _check = ctypes.pythonapi.PyErr_CheckSignals
        _check.restype = ctypes.c_int
        _check.argtypes = []
    _check()


_check: Any = None


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
                sigint = signal.SIGINT in self.drain_locked()
                if sigint:
                    for call in self.active:
                        call.interrupt()
            if sigint and _state.depth:
                self._kick(_state.outer_calls, time.monotonic())

    def _kick(self, call: int, seen: float) -> None:
        """A SIGINT that reached another thread (the kernel may hand a process's
        signal to any of its threads: to the one that sent it, say) runs
        Python's handler only as the main thread next runs Python code; one
        blocked in a user's callback (time.sleep, a read) would not see it
        until that ends. Sent again to the main thread itself, it cuts such a
        wait short. Not when the handler ran around it: twice would be two
        Ctrl-Cs."""
        time.sleep(_KICK_AFTER_S)
        if (
            _state.outer_calls == call  # still the call it came during
            and _state.depth
            and _state.callbacks
            and _state.caught_at < seen - _KICK_HANDLED_S
        ):
            signal.pthread_kill(_MAIN, signal.SIGINT)


class _MainState:
    """What the main thread's calls share (only the main thread changes it;
    the watcher reads it)."""

    def __init__(self) -> None:
        self.depth = 0  # calls under way (a callback may make a call of its own)
        self.callbacks = 0  # user callbacks running inside them
        self.pending = False  # a SIGINT noted, not yet handed to the original handler
        self.retrip = False  # the SIGINT caught next is our own catch again of it
        self.caught_at = -1.0  # when our handler last ran (time.monotonic)
        self.outer_calls = 0  # the main thread's outermost calls so far
        self.original: Any = None  # the SIGINT handler we replaced

    def handler(self, signum: int, frame: FrameType | None) -> None:
        self.caught_at = time.monotonic()
        if self.retrip:  # our own catch again of a SIGINT noted below
            self.retrip = False
            if not self.pending:  # delivered since
                return
        if self.callbacks and not _machinery(frame):
            self.pending = False
            self.original(signum, frame)  # in the user's callback: KeyboardInterrupt
            return
        first = not self.pending
        self.pending = True
        w = _watcher
        if first and w is not None:
            for call in list(w.active):  # a copy: this thread may hold w.lock
                call.interrupt()
        if self.callbacks:
            # Between a callback's start and the user's code: caught again at
            # the next bytecode, which may be the user's.
            self.retrip = True
            _thread.interrupt_main(signal.SIGINT)

    def deliver(self) -> None:
        """Hands a noted SIGINT to the original handler (usually: raises KeyboardInterrupt)."""
        if self.pending:
            self.pending = False
            self.original(signal.SIGINT, None)


def _machinery(frame: FrameType | None) -> bool:
    """Whether a SIGINT caught in this frame must not raise there: this
    package's code and contextlib's (their state changes are not atomic)."""
    if frame is None:
        return False
    name = frame.f_globals.get("__name__")
    return isinstance(name, str) and (name == "contextlib" or name.startswith(_PACKAGE))


_PACKAGE = __name__.rpartition(".")[0] + "."
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
    outer = _state.depth == 0
    if outer:
        # First: a SIGINT caught before this raises here, with nothing to undo.
        _state.original = signal.signal(signal.SIGINT, _state.handler)
        _state.caught_at = -1.0  # a run of an earlier call's is no run for this one
        _state.outer_calls += 1
    # From here on a SIGINT is only noted (outside a user's callback).
    _state.depth += 1
    old_fd = -1
    try:
        with w.lock:
            w.active.append(call)
            if outer:  # no byte is drained before we know where to forward it
                old_fd = signal.set_wakeup_fd(w.fd, warn_on_full_buffer=False)
                w.forward_fd = old_fd
        if outer:
            # A SIGINT caught before the wake-up fd was ours, by another
            # thread, may not have run our handler yet: run it now.
            _check_signals()
        if _state.pending:  # noted before `call` was in the list: it stops at once
            call.interrupt()
        yield
    finally:
        if outer:
            signal.set_wakeup_fd(old_fd)  # from here on, no byte comes to us
        with w.lock:
            if outer:
                w.drain_locked()  # a signal of this call is never read as the next one's
                w.forward_fd = -1
            if call in w.active:
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
    _check_signals()  # one caught by another thread while C ran: noted now
    _state.callbacks += 1
    try:
        _state.deliver()  # one noted just as C called us
        yield
    finally:
        _state.callbacks -= 1
