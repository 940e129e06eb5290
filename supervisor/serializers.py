"""Inputs and outputs of the supervisor API."""

from __future__ import annotations

from rest_framework import serializers

from pipeline.models import DECISION_REASON_MAX_CHARS, DECISION_REPLY_MAX_CHARS
from pipeline.serializers import StrictCharField


class PendingApprovalItemSerializer(serializers.Serializer):
    """The contract's ``PendingApprovalItem`` (plus ``intent``, ``language``, ``created_at``)."""

    run_id = serializers.UUIDField()
    client_id = serializers.CharField()
    message = serializers.CharField()
    sentiment = serializers.CharField()
    intent = serializers.CharField()
    language = serializers.CharField()
    sla_breached = serializers.BooleanField()
    proposed_action = serializers.CharField()
    supervisor_note = serializers.CharField(allow_null=True)
    timestamp = serializers.DateTimeField()
    created_at = serializers.DateTimeField()


class LoginInputSerializer(serializers.Serializer):
    # Strict: a JSON number is refused (422) rather than tried as a password.
    username = StrictCharField(max_length=150)
    password = StrictCharField(max_length=1024, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    access_token = serializers.CharField()
    token_type = serializers.CharField(default="bearer")


class DecisionInputSerializer(serializers.Serializer):
    # Any string: an id that is not a UUID is simply not found (404), as in the original.
    run_id = StrictCharField(max_length=64)
    approved = serializers.BooleanField()
    reason = StrictCharField(
        max_length=DECISION_REASON_MAX_CHARS, required=False, allow_blank=True, default=""
    )
    reply = StrictCharField(
        max_length=DECISION_REPLY_MAX_CHARS,
        required=False,
        allow_null=True,
        default=None,
        help_text="On approval, send this text instead of a freshly drafted reply.",
    )
