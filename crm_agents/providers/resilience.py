"""Retries inside a deadline, and a circuit breaker, for providers that call a network service.

Both speak ``LLMError`` reasons, so they know nothing of any SDK: the provider
maps its exceptions to reasons first and these decide what happens next.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from crm_agents.deadline import Deadline
from crm_agents.providers.base import LLMError

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Failures that say the service is busy or unreachable, so that asking again
# later may work. A 4xx other than 408/429, or an answer that is unusable
# (not JSON, off schema, blocked, truncated), would only fail again.
_RETRYABLE_REASONS = frozenset({"timeout", "connection"})
_RETRYABLE_CLIENT_STATUSES = frozenset({408, 429})

# Failures that say nothing about the service's health: it answered, but the
# answer could not be used for this request.
_CONTENT_REASONS = frozenset({"schema_mismatch", "safety_block", "truncated"})


def is_retryable(reason: str) -> bool:
    """Whether a failure with this ``LLMError.reason`` is worth another attempt."""
    if reason in _RETRYABLE_REASONS:
        return True
    status = reason.removeprefix("http_")
    if status == reason or not status.isdigit():
        return False
    return int(status) in _RETRYABLE_CLIENT_STATUSES or 500 <= int(status) <= 599


def counts_against_service(reason: str) -> bool:
    """Whether a failure with this reason should count towards opening the breaker."""
    return reason not in _CONTENT_REASONS


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry one call.

    ``max_attempts`` counts the first call. The pause before retry *n* is
    ``initial_backoff_s * 2**(n-1)`` capped at ``max_backoff_s``, plus up to
    ``jitter_s`` at random so that threads failing together do not retry in
    lockstep. An attempt is started only if at least ``min_attempt_s`` of the
    deadline would be left for it after the pause: a call given a few
    milliseconds can only time out.
    """

    max_attempts: int = 3
    initial_backoff_s: float = 0.5
    max_backoff_s: float = 4.0
    jitter_s: float = 0.25
    min_attempt_s: float = 0.1

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if min(self.initial_backoff_s, self.max_backoff_s, self.jitter_s) < 0:
            raise ValueError("backoff and jitter cannot be negative")
        if self.min_attempt_s <= 0:
            raise ValueError("min_attempt_s must be positive")

    def backoff(self, failed_attempt: int, *, rand: Callable[[], float] = random.random) -> float:
        """Seconds to wait after attempt number ``failed_attempt`` (1-based) failed."""
        base = min(self.max_backoff_s, self.initial_backoff_s * 2 ** (failed_attempt - 1))
        return base + self.jitter_s * rand()


def call_with_retries(
    attempt: Callable[[float], T],
    *,
    policy: RetryPolicy,
    deadline: Deadline,
    call_timeout_s: float,
    sleep: Callable[[float], None] = time.sleep,
    rand: Callable[[], float] = random.random,
) -> T:
    """Run ``attempt(timeout_s)`` until it succeeds, retrying retryable ``LLMError``s.

    Each attempt gets ``min(call_timeout_s, deadline.remaining())``, and no
    pause or attempt is started that the deadline cannot cover; then the call
    fails with ``deadline_exceeded`` (the last failure is in its detail), as
    it does when an attempt shortened by the deadline times out. When the
    attempts run out, the last failure is raised as it was. The caller checks
    that the deadline leaves room for the first attempt.
    """
    number = 1
    while True:
        timeout_s = min(call_timeout_s, deadline.remaining())
        try:
            return attempt(timeout_s)
        except LLMError as exc:
            if exc.reason == "timeout" and timeout_s < call_timeout_s:
                # The attempt was cut short by the deadline, not by its own
                # timeout: the record should say which limit was reached.
                raise LLMError(
                    "deadline_exceeded", f"attempt {number} used the last {timeout_s:.2f} s"
                ) from exc
            if not is_retryable(exc.reason) or number >= policy.max_attempts:
                raise
            pause = policy.backoff(number, rand=rand)
            if deadline.remaining() < pause + policy.min_attempt_s:
                raise LLMError(
                    "deadline_exceeded",
                    f"no time left to retry after attempt {number} failed with {exc}",
                ) from exc
            logger.info("attempt %d failed (%s), retrying in %.2f s", number, exc.reason, pause)
            sleep(pause)
            number += 1


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Stops calling a service that keeps failing, and probes it again after a cool-down.

    Closed: calls go through; ``failure_threshold`` consecutive failures open
    it. Open: calls are refused until ``cooldown_s`` has passed; then the next
    caller is let through alone as a trial (half-open) while the others are
    still refused. The trial's success closes the breaker, its failure opens
    it for another cool-down. Shared by the threads of a worker, so every
    transition happens under one lock.

    Every ``allow()`` that returned ``True`` must be followed by exactly one
    ``record_success()`` or ``record_failure()``.
    """

    def __init__(
        self,
        failure_threshold: int = 5,
        cooldown_s: float = 30.0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ):
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self.failure_threshold = failure_threshold
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._lock = threading.Lock()
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0

    @property
    def state(self) -> BreakerState:
        """The state as of now (an open breaker whose cool-down is over still says open)."""
        with self._lock:
            return self._state

    def allow(self) -> bool:
        """May a call be made now? ``True`` commits the caller to report its outcome."""
        with self._lock:
            if self._state == BreakerState.CLOSED:
                return True
            if self._state == BreakerState.OPEN and (
                self._clock() - self._opened_at >= self.cooldown_s
            ):
                self._state = BreakerState.HALF_OPEN
                logger.info("circuit half-open: one trial call")
                return True
            return False

    def retry_after(self) -> float:
        """Seconds until an open breaker lets a trial call through (0 when it is not open)."""
        with self._lock:
            if self._state != BreakerState.OPEN:
                return 0.0
            return max(0.0, self.cooldown_s - (self._clock() - self._opened_at))

    def record_success(self) -> None:
        with self._lock:
            if self._state != BreakerState.CLOSED:
                logger.info("circuit closed: the trial call succeeded")
            self._state = BreakerState.CLOSED
            self._failures = 0

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._state == BreakerState.HALF_OPEN or (
                self._state == BreakerState.CLOSED and self._failures >= self.failure_threshold
            ):
                logger.warning(
                    "circuit open for %.0f s after %d consecutive failures",
                    self.cooldown_s,
                    self._failures,
                )
                self._state = BreakerState.OPEN
                self._opened_at = self._clock()
