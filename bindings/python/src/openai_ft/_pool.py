"""The C clients behind one Client, pooled as an HTTP client pools connections.

The C library runs one call at a time per oft_client. A Client holds up to
`size` of them: the first is made with the Client (it checks the options),
the others when a call finds none idle. A call takes one for its duration and
gives it back; the one given back last is taken first (its connection is the
warmest), and a call that finds every one busy and the pool full waits for one.
close() frees the idle ones at once and each busy one as its call ends.
A C client given back has any interrupt left pending on it dropped
(oft_client_interrupt_clear): one that came as its call was returning, or
that reached it between two calls, must not stop the unrelated call that
takes it next.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ._errors import ConcurrentUseError, OpenAIFTError

# How often a call waiting for a busy pool's C client looks for a Ctrl-C that
# was only noted meanwhile (see _interrupt): how late, at most, it stops.
_STOP_CHECK_S = 0.1


class Pool:
    def __init__(
        self,
        first: int,
        make: Callable[[], int],
        free: Callable[[int], None],
        interrupt: Callable[[int], None],
        clear: Callable[[int], None],
        size: int,
    ) -> None:
        self._make = make
        self._free = free
        self._interrupt = interrupt
        self._clear = clear
        self.size = size
        self._cond = threading.Condition()
        self._idle: list[int] = [first]
        self._busy: dict[int, int] = {}  # C client -> the thread using it
        self._count = 1  # made and not freed (idle, busy, or being made)
        self.closed = False

    def acquire(self, want: int | None = None, stop: Callable[[], None] | None = None) -> int:
        """A C client for one call: an idle one, a new one, or the next given
        back; with `want`, that C client (one a C iterator is bound to), once
        it is idle. While it waits, `stop` is called every _STOP_CHECK_S
        seconds: what it raises (a Ctrl-C noted meanwhile) ends the wait."""
        me = threading.get_ident()
        with self._cond:
            while True:
                if self.closed:
                    raise OpenAIFTError("the Client is closed")
                if want is not None:
                    if want in self._idle:
                        self._idle.remove(want)
                        self._busy[want] = me
                        return want
                    self._wait(stop)
                    continue
                if self._idle:
                    ptr = self._idle.pop()
                    self._busy[ptr] = me
                    return ptr
                if self._count < self.size:
                    self._count += 1
                    break
                if me in self._busy.values():
                    # A callback calling its own client, every C client busy:
                    # waiting would wait for this very thread.
                    raise ConcurrentUseError(
                        f"all {self.size} C clients of this Client are busy and this thread "
                        "holds one (a callback calling the client that runs it): waiting "
                        "would never end; give the Client a larger pool_size"
                    )
                self._wait(stop)
        try:
            ptr = self._make()  # without the lock: it may take a while
        except BaseException:
            with self._cond:
                self._count -= 1
                self._cond.notify()
            raise
        with self._cond:
            if not self.closed:
                self._busy[ptr] = me
                return ptr
            self._count -= 1
        self._free(ptr)
        raise OpenAIFTError("the Client is closed")

    def _wait(self, stop: Callable[[], None] | None) -> None:
        """Waits (under the lock) for a change, or for `stop`'s next check."""
        if stop is None:
            self._cond.wait()
        else:
            self._cond.wait(_STOP_CHECK_S)
            stop()

    def release(self, ptr: int) -> None:
        """Gives a C client back, by the thread that made its calls. Under the
        lock, so that interrupt() can no longer reach it: what is dropped here
        cannot come back before the next call."""
        with self._cond:
            del self._busy[ptr]
            if not self.closed:
                self._clear(ptr)
                self._idle.append(ptr)
                self._cond.notify_all()  # a waiter may want this very one
                return
            self._count -= 1
        self._free(ptr)

    def interrupt(self) -> None:
        """Interrupts the C clients in use; an idle one is left alone (the
        next call to take it is no call the interrupt was meant for)."""
        with self._cond:
            for ptr in self._busy:
                self._interrupt(ptr)

    def close(self) -> None:
        """Frees the idle C clients now; the busy ones are freed as their calls end."""
        with self._cond:
            self.closed = True
            idle, self._idle = self._idle, []
            self._count -= len(idle)
            self._cond.notify_all()
        for ptr in idle:
            self._free(ptr)

    def stats(self) -> tuple[int, int]:
        """(C clients made and not freed, C clients busy)."""
        with self._cond:
            return self._count, len(self._busy)
