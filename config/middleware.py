"""Request logging: one line per request with method, path, status and duration."""

from __future__ import annotations

import logging
import time

logger = logging.getLogger("config.requests")


class RequestLoggingMiddleware:
    """Logs ``POST /api/v1/webhook/messages → 200  (2341.7 ms)``.

    Only the path is logged, never the query string or headers, so tokens and
    keys cannot end up in the log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.info(
            "%s %s → %s  (%.1f ms)", request.method, request.path, response.status_code, elapsed_ms
        )
        return response
