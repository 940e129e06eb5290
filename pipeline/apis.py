"""The webhook the CRM bot calls for every customer message."""

from __future__ import annotations

import re

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.openapi import error_responses
from config.throttling import WebhookSenderThrottle
from pipeline.authentication import WebhookAuthentication
from pipeline.serializers import (
    IDEMPOTENCY_KEY_PATTERN,
    ProcessingResponseSerializer,
    WebhookMessageInputSerializer,
)
from pipeline.services import message_process


class WebhookMessageApi(APIView):
    authentication_classes = [WebhookAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [WebhookSenderThrottle]

    @extend_schema(
        operation_id="webhook_message_create",
        request=WebhookMessageInputSerializer,
        responses={
            200: ProcessingResponseSerializer,
            **error_responses(400, 401, 409, 413, 415, 422, 429, 503),
        },
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="A retry with the same key gets the first answer back.",
                pattern=IDEMPOTENCY_KEY_PATTERN,
            )
        ],
    )
    def post(self, request):
        data = WebhookMessageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idempotency_key = request.headers.get("Idempotency-Key")
        if idempotency_key is not None and not re.fullmatch(
            IDEMPOTENCY_KEY_PATTERN, idempotency_key
        ):
            raise serializers.ValidationError(
                {"Idempotency-Key": "Must be 1 to 255 printable characters without spaces."}
            )
        run = message_process(
            client_id=data.validated_data["client_id"],
            message=data.validated_data["message"],
            timestamp=data.validated_data["timestamp"],
            sender=request.user.name,
            idempotency_key=idempotency_key or data.validated_data.get("message_id"),
        )
        return Response(ProcessingResponseSerializer(run, context={"at_intake": True}).data)
