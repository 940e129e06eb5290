"""POST /api/v1/webhook/messages: the ProcessingResponse and every way a request is refused."""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from pipeline.models import Run
from pipeline.serializers import ProcessingResponseSerializer
from tests.conftest import PROCESSING_RESPONSE_FIELDS

URL = "/api/v1/webhook/messages"

pytestmark = pytest.mark.django_db


def _post(client, payload):
    return client.post(URL, payload, format="json")


def test_the_contracts_example_message_is_escalated(webhook_client, message_payload):
    response = _post(webhook_client, message_payload)

    assert response.status_code == 200
    body = response.json()
    assert body.keys() >= PROCESSING_RESPONSE_FIELDS
    assert uuid.UUID(body["run_id"])
    assert body["status"] == "pending_approval"
    assert body["sentiment"] == "negative"
    # The example's timestamp (2026-02-26T08:00:00Z) lies more than two hours back.
    assert body["sla_breached"] is True
    assert body["proposed_action"] == "escalate_to_human"
    assert isinstance(body["supervisor_note"], str)
    assert body["supervisor_note"].strip()
    assert body["execution_result"] is None
    assert isinstance(body["message"], str)
    assert body["message"]
    assert body["intent"] == "refund_request"
    assert body["language"] == "en"


def test_the_body_has_exactly_the_fields_the_openapi_schema_declares(
    webhook_client, message_payload
):
    # The serializer writes the body itself; its declared fields are what /openapi.json shows.
    body = _post(webhook_client, message_payload).json()

    assert body.keys() == ProcessingResponseSerializer().fields.keys()


def test_the_run_is_stored_with_what_the_response_says(webhook_client, message_payload):
    body = _post(webhook_client, message_payload).json()

    run = Run.objects.get(pk=body["run_id"])
    assert run.client_id == "CRM-001"
    assert run.message == message_payload["message"]
    assert run.timestamp.isoformat() == "2026-02-26T08:00:00+00:00"
    assert run.status == body["status"]
    assert run.sentiment == body["sentiment"]
    assert run.proposed_action == body["proposed_action"]
    assert run.supervisor_note == body["supervisor_note"]


def test_a_positive_message_is_answered_automatically(webhook_client, fresh_timestamp):
    payload = {
        "client_id": "CRM-002",
        "message": "Thanks, the delivery was great! When do you open on Sunday?",
        "timestamp": fresh_timestamp,
    }

    response = _post(webhook_client, payload)

    assert response.status_code == 200
    body = response.json()
    assert body.keys() >= PROCESSING_RESPONSE_FIELDS
    assert body["status"] == "processed"
    assert body["sentiment"] == "positive"
    assert body["sla_breached"] is False
    assert body["proposed_action"] == "send_standard_response"
    assert body["supervisor_note"] is None
    assert isinstance(body["execution_result"], str)
    assert body["execution_result"].strip()
    assert Run.objects.get(pk=body["run_id"]).execution_result == body["execution_result"]


def test_a_neutral_message_is_answered_automatically(webhook_client, fresh_timestamp):
    payload = {
        "client_id": "CRM-003",
        "message": "Hello, what are your opening hours?",
        "timestamp": fresh_timestamp,
    }

    body = _post(webhook_client, payload).json()

    assert body["status"] == "processed"
    assert body["sentiment"] == "neutral"
    assert body["proposed_action"] == "send_standard_response"
    assert body["execution_result"]


def test_a_spanish_message_is_answered_in_spanish(webhook_client, fresh_timestamp):
    payload = {
        "client_id": "CRM-004",
        "message": "Hola, quiero saber el horario de la tienda, gracias",
        "timestamp": fresh_timestamp,
    }

    body = _post(webhook_client, payload).json()

    assert body["status"] == "processed"
    assert body["language"] == "es"
    assert "gracias" in body["execution_result"].lower()


def test_a_calm_refund_request_is_processed_as_a_refund(webhook_client, fresh_timestamp):
    payload = {
        "client_id": "CRM-005",
        "message": "Hello, I would like a refund for order 1234 please.",
        "timestamp": fresh_timestamp,
    }

    body = _post(webhook_client, payload).json()

    assert body["status"] == "processed"
    assert body["proposed_action"] == "process_refund"
    assert body["sla_breached"] is False
    assert "refund" in body["execution_result"].lower()


def test_an_old_message_breaches_the_sla_and_is_escalated(webhook_client):
    old = timezone.now() - timedelta(hours=settings.SLA_THRESHOLD_HOURS + 1)
    payload = {
        "client_id": "CRM-006",
        "message": "Thanks, great service. Can you tell me my order status?",
        "timestamp": old.isoformat(),
    }

    body = _post(webhook_client, payload).json()

    assert body["sentiment"] == "positive"
    assert body["sla_breached"] is True
    assert body["proposed_action"] == "escalate_to_human"
    assert body["status"] == "pending_approval"
    assert body["supervisor_note"]
    assert body["execution_result"] is None


def test_a_message_within_the_sla_is_not_breached(webhook_client):
    recent = timezone.now() - timedelta(hours=settings.SLA_THRESHOLD_HOURS - 1)
    payload = {"client_id": "CRM-007", "message": "Thanks!", "timestamp": recent.isoformat()}

    body = _post(webhook_client, payload).json()

    assert body["sla_breached"] is False


def test_a_timestamp_without_offset_is_taken_as_utc(webhook_client):
    naive = (timezone.now() - timedelta(hours=settings.SLA_THRESHOLD_HOURS + 1)).replace(
        tzinfo=None, microsecond=0
    )
    payload = {"client_id": "CRM-008", "message": "Thanks!", "timestamp": naive.isoformat()}

    body = _post(webhook_client, payload).json()

    assert body["sla_breached"] is True
    assert Run.objects.get(pk=body["run_id"]).timestamp == naive.replace(tzinfo=UTC)


# --- Validation: 422 with per-field details ---------------------------------------------


def _errors_by_field(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    for item in body["detail"]:
        assert set(item) == {"loc", "msg", "type"}
        assert item["loc"][0] == "body"
        assert isinstance(item["msg"], str)
    return {item["loc"][-1]: item["type"] for item in body["detail"]}


@pytest.mark.parametrize("field", ["client_id", "message", "timestamp"])
def test_a_missing_field_is_named(webhook_client, message_payload, field):
    del message_payload[field]

    errors = _errors_by_field(_post(webhook_client, message_payload))

    assert errors == {field: "required"}
    assert not Run.objects.exists()


def test_an_empty_body_names_every_required_field(webhook_client):
    errors = _errors_by_field(_post(webhook_client, {}))

    assert errors == {"client_id": "required", "message": "required", "timestamp": "required"}


@pytest.mark.parametrize("field", ["client_id", "message"])
@pytest.mark.parametrize("value", [12345, 1.5, True, ["text"], {"text": "x"}])
def test_a_non_string_text_field_is_refused(webhook_client, message_payload, field, value):
    message_payload[field] = value

    errors = _errors_by_field(_post(webhook_client, message_payload))

    assert errors == {field: "invalid"}
    assert not Run.objects.exists()


@pytest.mark.parametrize("value", ["yesterday", "2026-13-45T99:00:00Z", "", 1772092800])
def test_an_unparseable_timestamp_is_refused(webhook_client, message_payload, value):
    message_payload["timestamp"] = value

    errors = _errors_by_field(_post(webhook_client, message_payload))

    assert set(errors) == {"timestamp"}


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("", "blank"),
        ("   \n\t", "blank"),
        (None, "null"),
        ("a" * (settings.MESSAGE_MAX_CHARS + 1), "max_length"),
    ],
    ids=["empty", "whitespace", "null", "over-the-limit"],
)
def test_an_invalid_message_is_refused(webhook_client, message_payload, value, kind):
    message_payload["message"] = value

    errors = _errors_by_field(_post(webhook_client, message_payload))

    assert errors == {"message": kind}
    assert not Run.objects.exists()


@pytest.mark.parametrize("field", ["client_id", "message"])
@pytest.mark.parametrize(
    ("escaped", "kind"),
    [(r"a\u0000b", "null_characters_not_allowed"), (r"\ud800", "surrogate_characters_not_allowed")],
)
def test_text_postgresql_cannot_store_is_refused(webhook_client, field, escaped, kind):
    # Sent as JSON escapes: PostgreSQL rejects NUL, and a lone surrogate cannot be encoded.
    values = {"client_id": '"CRM-1"', "message": '"hi"', field: f'"{escaped}"'}
    body = (
        f'{{"client_id": {values["client_id"]}, "message": {values["message"]}, '
        f'"timestamp": "{timezone.now().isoformat()}"}}'
    )

    response = webhook_client.post(URL, data=body, content_type="application/json")

    assert _errors_by_field(response) == {field: kind}


def test_a_message_at_the_limit_is_accepted(webhook_client, message_payload):
    message_payload["message"] = "a" * settings.MESSAGE_MAX_CHARS

    assert _post(webhook_client, message_payload).status_code == 200


def test_a_json_request_without_a_body_names_every_required_field(webhook_client):
    response = webhook_client.post(URL, data="", content_type="application/json")

    assert set(_errors_by_field(response)) == {"client_id", "message", "timestamp"}


def test_a_body_that_is_not_an_object_is_refused(webhook_client):
    response = webhook_client.post(URL, ["client_id", "message"], format="json")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]


def test_malformed_json_is_a_400(webhook_client):
    response = webhook_client.post(
        URL, data='{"client_id": "CRM-001", "message": ', content_type="application/json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "parse_error"
    assert "JSON" in body["detail"]
    assert not Run.objects.exists()


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/xml"],
)
def test_a_body_that_is_not_json_is_a_415(webhook_client, content_type):
    response = webhook_client.post(
        URL, data="client_id=CRM-001&message=hi", content_type=content_type
    )

    assert response.status_code == 415
    body = response.json()
    assert body["code"] == "unsupported_media_type"
    assert content_type in body["detail"]
    assert not Run.objects.exists()


def test_get_is_not_allowed(webhook_client):
    response = webhook_client.get(URL)

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
