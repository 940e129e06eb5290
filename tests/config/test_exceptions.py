"""config.exceptions.api_exception_handler: how the API answers what goes wrong."""

from __future__ import annotations

import logging

import pytest
from django.db import OperationalError
from rest_framework import serializers

from config.exceptions import GENERIC_500, validation_details
from pipeline import apis as pipeline_apis
from pipeline.models import Run
from supervisor import apis as supervisor_apis

WEBHOOK = "/api/v1/webhook/messages"

pytestmark = pytest.mark.django_db


class _Boom(Exception):
    pass


def _explode(**_):
    raise _Boom("internal detail: connection string postgres://u:p@db/x")


def test_an_unexpected_error_is_a_generic_500_with_the_trace_in_the_log(
    caplog, webhook_client, message_payload, monkeypatch
):
    monkeypatch.setattr(pipeline_apis, "message_process", _explode)

    response = webhook_client.post(WEBHOOK, message_payload, format="json")

    assert response.status_code == 500
    assert response.json() == {"detail": "An unexpected error occurred. Please try again later."}
    assert "internal detail" not in response.content.decode()
    [logged] = [record for record in caplog.records if record.exc_info]
    assert logged.name == "config.exceptions"
    assert logged.levelno == logging.ERROR
    assert logged.exc_info[0] is _Boom
    assert "Traceback (most recent call last)" in caplog.text
    assert "_explode" in caplog.text


def test_with_debug_on_the_500_carries_the_real_message(
    settings, webhook_client, message_payload, monkeypatch
):
    settings.DEBUG = True
    monkeypatch.setattr(pipeline_apis, "message_process", _explode)

    response = webhook_client.post(WEBHOOK, message_payload, format="json")

    assert response.status_code == 500
    assert response.json()["detail"] != GENERIC_500
    assert "internal detail" in response.json()["detail"]
    assert "_Boom" in response.json()["detail"]


def test_an_unexpected_error_in_the_decision_is_a_generic_500(
    supervisor_client, escalated_run, monkeypatch
):
    monkeypatch.setattr(supervisor_apis, "approval_decide", _explode)

    response = supervisor_client.post(
        "/api/v1/supervisor/decide",
        {"run_id": str(escalated_run.run_id), "approved": True},
        format="json",
    )

    assert response.status_code == 500
    assert response.json() == {"detail": GENERIC_500}


def test_a_database_outage_is_a_503_to_retry(webhook_client, message_payload, monkeypatch):
    def unavailable(**_):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(pipeline_apis, "message_process", unavailable)

    response = webhook_client.post(WEBHOOK, message_payload, format="json")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "database_unavailable"
    assert "could not connect" not in response.content.decode()
    assert not Run.objects.exists()


def test_validation_details_flatten_nested_errors():
    error = serializers.ValidationError(
        {
            "non_field_errors": ["Both fields clash."],
            "client_id": ["This field is required."],
            "items": [{"name": ["Not a valid string."]}, {}],
        }
    )

    details = validation_details(error.detail)

    assert details == [
        {"loc": ["body"], "msg": "Both fields clash.", "type": "invalid"},
        {"loc": ["body", "client_id"], "msg": "This field is required.", "type": "invalid"},
        {"loc": ["body", "items", 0, "name"], "msg": "Not a valid string.", "type": "invalid"},
    ]
