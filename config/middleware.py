"""Request logging: one line per request with method, path, status and duration."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.http import JsonResponse

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


class RequestSizeLimitMiddleware:
    """Refuses a body larger than ``MAX_REQUEST_BYTES`` with 413, before anything reads it.

    Django's own ``DATA_UPLOAD_MAX_MEMORY_SIZE`` only trips when ``request.body`` is read
    and then surfaces as a 400 from deep inside a view; this answers at the door, in the
    API's error format. A body sent without ``Content-Length`` is not read by Django at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse(
                {"detail": "Invalid Content-Length header.", "code": "bad_request"}, status=400
            )
        if length > settings.MAX_REQUEST_BYTES:
            return request_too_large_response()
        return self.get_response(request)


def request_too_large_response() -> JsonResponse:
    return JsonResponse(
        {
            "detail": f"The request body is larger than {settings.MAX_REQUEST_BYTES} bytes.",
            "code": "request_too_large",
        },
        status=413,
    )
