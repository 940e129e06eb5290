"""Request throttles: 429 with ``Retry-After`` past a rate set in settings.

Counters live in Django's cache: per process by default, shared through Redis when
``REDIS_URL`` is set. Each counter is one integer per fixed window, incremented
atomically, so a burst from many servers cannot slip through a read-then-write race
and a high webhook rate costs one cache round trip per request.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class FixedWindowThrottle(SimpleRateThrottle):
    """``SimpleRateThrottle`` with an atomic counter per window instead of a history list."""

    cache = cache

    def get_rate(self):
        # Read at each request, not at import: settings may change (tests, reloads).
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return None if rate in (None, "", "off") else rate

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        now = time.time()
        window = int(now // self.duration)
        self.window_ends_at = (window + 1) * self.duration
        key = f"throttle:{self.scope}:{ident}:{window}"
        # add() is a no-op when the key exists; incr() is atomic in Redis and locmem.
        self.cache.add(key, 0, timeout=self.duration + 1)
        try:
            count = self.cache.incr(key)
        except ValueError:  # the key expired between add() and incr()
            self.cache.add(key, 1, timeout=self.duration + 1)
            count = 1
        if count is None:  # the shared cache is unreachable: let the request through
            return True
        self.now = now
        return count <= self.num_requests

    def wait(self):
        return max(1.0, self.window_ends_at - time.time())


def _hashed(value: str) -> str:
    # Cache keys must not carry user input verbatim (length, characters, secrets).
    return hashlib.sha256(value.encode()).hexdigest()[:32]


class LoginIpThrottle(FixedWindowThrottle):
    """Login attempts per client IP (``TRUSTED_PROXY_COUNT`` says whom to believe)."""

    scope = "login_ip"

    def get_cache_key(self, request, view):
        return _hashed(self.get_ident(request) or "unknown")


class LoginUsernameThrottle(FixedWindowThrottle):
    """Login attempts per posted username, whatever IPs they come from."""

    scope = "login_username"

    def get_cache_key(self, request, view):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if not isinstance(username, str) or not username:
            return None  # nothing to guess against; the IP throttle still counts it
        return _hashed(username.strip().casefold())


class WebhookSenderThrottle(FixedWindowThrottle):
    """Deliveries per webhook API key (its fingerprint, never the key)."""

    scope = "webhook"

    def get_cache_key(self, request, view):
        name = getattr(request.user, "name", None)
        return _hashed(name) if name else None
