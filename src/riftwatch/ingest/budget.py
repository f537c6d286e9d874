"""A per-document time budget, so that one pathological page cannot stall a run.

The budget is a real-time alarm (SIGALRM): it interrupts Python code wherever it is, including inside
trafilatura, feedparser or a regular expression loop that returns to the interpreter. It cannot interrupt a
single C call that never returns to Python (lxml parses 100,000 nested tags in well under a second, so the
readers do not depend on that). Alarms exist only in the main thread of a Unix process; elsewhere the budget
is not enforced and the size limits are the only guard.

The alarm repeats every REPEAT seconds until the call ends: Python swallows an exception raised inside a
finaliser (`__del__`, a weakref callback: "Exception ignored in ..."), so a single alarm that lands there
would be lost and the document would run without a limit (the fuzzer found regex's `Group.__del__` doing so).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from typing import TypeVar

from ..errors import InputError
from ..models import RejectionReason

logger = logging.getLogger(__name__)
T = TypeVar("T")
REPEAT = 0.1  # seconds between alarms after the first, should one be swallowed


class TimedOut(InputError):
    """A document took longer than its time budget (`document_time_budget`) to read."""

    reason = RejectionReason.TIMEOUT


class _Alarm(BaseException):
    # A BaseException, so that a library's `except Exception:` cannot swallow the interruption.
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _Alarm


def within_budget(
    seconds: float, what: str, function: Callable[..., T], *args: object, **kwargs: object
) -> T:
    """Call `function(*args, **kwargs)`; raise TimedOut when it runs longer than `seconds` (0 = no limit)."""
    if seconds <= 0 or not _can_alarm():
        return function(*args, **kwargs)
    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        return function(*args, **kwargs)  # an outer budget is running: it covers this call too
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
        try:
            return function(*args, **kwargs)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Alarm:
        raise TimedOut(
            f"{what} took longer than the {seconds:g}-second budget per document (set RIFTWATCH_DOCUMENT_TIME_BUDGET to change it)"
        ) from None
    finally:
        signal.signal(signal.SIGALRM, previous)


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
