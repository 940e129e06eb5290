"""Service-level endpoints: identity, liveness and readiness, and JSON error pages."""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.defaults import page_not_found, server_error

from config.exceptions import DATABASE_ERRORS, DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE

logger = logging.getLogger(__name__)

APP_INFO = {"app": "CRM Multi-Agent API", "version": "0.1.0", "docs": "/docs"}


def root(request):
    return JsonResponse(APP_INFO)


def health(request):
    """Liveness: the process answers. It checks nothing else, on purpose."""
    return JsonResponse({"status": "healthy"})


def ready(request):
    """Readiness: the database answers, so the webhook can store what it accepts."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("readiness check failed: %s", exc.__class__.__name__)
        return JsonResponse(
            {"status": "unavailable", "database": "unreachable"},
            status=503,
            headers={"Retry-After": "5"},
        )
    return JsonResponse({"status": "ready", "database": "ok"})


def _wants_html(request) -> bool:
    return request.path.startswith("/admin")


def not_found(request, exception=None):
    if _wants_html(request):
        return page_not_found(request, exception)
    return JsonResponse({"detail": "Not found."}, status=404)


def internal_error(request):
    """Django's last resort, also for errors raised outside the API's views (middleware,
    sessions, the admin). Django calls it while handling the exception, so it can tell a
    database outage, which the client should retry, from a bug."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return JsonResponse(
            DATABASE_UNAVAILABLE,
            status=503,
            headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
        )
    if _wants_html(request):
        return server_error(request)
    return JsonResponse(
        {"detail": "An unexpected error occurred. Please try again later."}, status=500
    )
