"""One time budget shared by every LLM call made for one message."""

from __future__ import annotations

import time


class Deadline:
    """A point in monotonic time after which no LLM call may still be waited on.

    The webhook promises an answer within ``LLM_TOTAL_TIMEOUT`` whatever the
    provider does, so each call (and each retry) gets only what is left.
    """

    def __init__(self, seconds: float, *, clock=time.monotonic):
        self._clock = clock
        self._ends_at = clock() + seconds

    @classmethod
    def unlimited(cls) -> Deadline:
        return cls(float("inf"))

    def remaining(self) -> float:
        return max(0.0, self._ends_at - self._clock())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0.0
