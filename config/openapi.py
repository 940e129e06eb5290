"""Error bodies in the OpenAPI schema, so that the schema tells every answer a client can get.

The bodies are the ones ``config.exceptions.api_exception_handler`` and the middleware
produce; an error may carry more fields than listed (a 409 names the run and who
decided it, a bad token lists its reasons).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorResponseSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(help_text="Stable, for programs: e.g. `already_decided`.")


class ValidationErrorItemSerializer(serializers.Serializer):
    loc = serializers.ListField(
        child=serializers.JSONField(), help_text='Where: ["body", "timestamp"].'
    )
    msg = serializers.CharField()
    type = serializers.CharField()


class ValidationErrorResponseSerializer(serializers.Serializer):
    detail = ValidationErrorItemSerializer(many=True)
    code = serializers.ChoiceField(choices=["validation_error"])


_DESCRIPTIONS = {
    400: "Malformed request (the body is not parseable JSON or form data).",
    401: "Missing or invalid credentials.",
    403: "Authenticated, but not allowed to do this.",
    404: "No such escalated case.",
    409: "Conflicts with an earlier request (see `code`).",
    413: "The body is larger than the limit (`MAX_REQUEST_BYTES`, 64 KiB by default).",
    415: "Unsupported Content-Type.",
    422: "Invalid field values, each with its location.",
    429: "Too many requests; `Retry-After` says in how many seconds to retry.",
    503: "The database is unreachable; nothing was stored. Retry after `Retry-After` seconds.",
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """The ``responses`` entries of ``extend_schema`` for these error statuses."""
    return {
        status: OpenApiResponse(
            response=(
                ValidationErrorResponseSerializer if status == 422 else ErrorResponseSerializer
            ),
            description=_DESCRIPTIONS[status],
        )
        for status in statuses
    }
