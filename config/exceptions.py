"""The one place where exceptions become HTTP responses for the API."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from pipeline.errors import DomainError

logger = logging.getLogger(__name__)

GENERIC_500 = "An unexpected error occurred. Please try again later."
DATABASE_RETRY_AFTER_SECONDS = 5
DATABASE_ERRORS = (OperationalError, InterfaceError)
DATABASE_UNAVAILABLE = {
    "detail": "The service is temporarily unavailable.",
    "code": "database_unavailable",
}


def api_exception_handler(exc, context):
    """Validation → 422 with per-field details; domain errors → their status and code;
    a body over Django's upload limit → 413; database unreachable → 503 with Retry-After;
    anything unexpected → logged, generic 500."""
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            {"detail": validation_details(exc.detail), "code": "validation_error"},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if isinstance(exc, DomainError):
        return Response(
            {"detail": exc.message, "code": exc.code, **exc.extra}, status=exc.status_code
        )
    if isinstance(exc, DATABASE_ERRORS):
        # The sender must not take this for a success nor drop the message: 503 tells
        # CRM platforms to retry later, and nothing was acknowledged.
        logger.error("database unavailable: %s", exc.__class__.__name__)
        return Response(
            DATABASE_UNAVAILABLE,
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, RequestDataTooBig):
        # Read past DATA_UPLOAD_MAX_MEMORY_SIZE without a Content-Length to stop it earlier.
        return Response(
            {"detail": "The request body is too large.", "code": "request_too_large"},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, SuspiciousOperation):
        # E.g. a form with more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields: Django answers
        # these with 400 outside DRF; inside, they would otherwise end as a 500.
        logger.warning("suspicious request: %s", exc.__class__.__name__)
        return Response(
            {"detail": "The request was refused as malformed.", "code": "bad_request"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is not None:
        if isinstance(exc, exceptions.APIException) and isinstance(response.data, dict):
            response.data.setdefault("code", _code_of(exc))
        return response
    view = context.get("view").__class__.__name__ if context.get("view") else "?"
    logger.exception("unhandled error in %s", view)
    detail = f"{exc.__class__.__name__}: {exc}" if settings.DEBUG else GENERIC_500
    return Response({"detail": detail}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)


def validation_details(detail, loc=("body",)) -> list[dict]:
    """DRF's nested error dict flattened into the FastAPI-style list the original returned:
    ``[{"loc": ["body", "message"], "msg": "This field may not be blank.", "type": "blank"}]``."""
    if isinstance(detail, dict):
        items = []
        for field, sub in detail.items():
            field_loc = loc if field == "non_field_errors" else (*loc, field)
            items.extend(validation_details(sub, field_loc))
        return items
    if isinstance(detail, list):
        items = []
        for index, sub in enumerate(detail):
            sub_loc = (*loc, index) if isinstance(sub, (dict, list)) else loc
            items.extend(validation_details(sub, sub_loc))
        return items
    return [{"loc": list(loc), "msg": str(detail), "type": getattr(detail, "code", "invalid")}]


def _code_of(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code
