"""Who may deliver messages: X-Api-Key (any of the rotation keys) or Meta's body signature."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from pipeline.authentication import key_fingerprint
from pipeline.models import Run

URL = "/api/v1/webhook/messages"
META_SECRET = "test-meta-app-secret"

pytestmark = pytest.mark.django_db


@pytest.fixture
def body() -> bytes:
    return json.dumps(
        {"client_id": "CRM-010", "message": "Hello there", "timestamp": timezone.now().isoformat()}
    ).encode()


def _signature(body: bytes, secret: str = META_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _assert_refused(response):
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert set(response.json()) == {"detail", "code"}
    assert not Run.objects.exists()


def test_without_a_key_the_request_is_refused(api_client, message_payload):
    response = api_client.post(URL, message_payload, format="json")

    _assert_refused(response)
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "key",
    [
        "wrong-key",
        "",
        "test-webhook",  # a prefix of a real key
        "test-webhook-key ",
        "test-webhook-key,test-webhook-key-next",  # the setting itself is not a key
    ],
)
def test_a_wrong_key_is_refused(api_client, message_payload, key):
    response = api_client.post(URL, message_payload, format="json", HTTP_X_API_KEY=key)

    _assert_refused(response)
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize("key", ["test-webhook-key", "test-webhook-key-next"])
def test_every_configured_key_is_accepted(api_client, message_payload, key):
    response = api_client.post(URL, message_payload, format="json", HTTP_X_API_KEY=key)

    assert response.status_code == 200
    # The run records which key delivered it without storing the key.
    run = Run.objects.get()
    assert run.sender == key_fingerprint(key)
    assert key not in run.sender


def test_a_key_from_the_environment_rotation_is_read_at_request_time(
    api_client, message_payload, settings
):
    settings.WEBHOOK_API_KEYS = ["rotated-key"]

    refused = api_client.post(
        URL, message_payload, format="json", HTTP_X_API_KEY="test-webhook-key"
    )
    accepted = api_client.post(URL, message_payload, format="json", HTTP_X_API_KEY="rotated-key")

    assert refused.status_code == 401
    assert accepted.status_code == 200


def test_a_meta_signature_of_the_body_is_accepted(api_client, body):
    response = api_client.post(
        URL, data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=_signature(body)
    )

    assert response.status_code == 200
    assert Run.objects.get().sender == "meta"


@pytest.mark.parametrize(
    "signature",
    [
        "sha256=" + "0" * 64,
        "sha256=",
        "",
        "not-a-signature",
        _signature(b"another body"),
    ],
)
def test_a_wrong_meta_signature_is_refused(api_client, body, signature):
    response = api_client.post(
        URL, data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
    )

    _assert_refused(response)


def test_a_signature_of_the_body_under_another_secret_is_refused(api_client, body):
    response = api_client.post(
        URL,
        data=body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=_signature(body, secret="another-secret"),
    )

    _assert_refused(response)


def test_a_signed_body_changed_in_transit_is_refused(api_client, body):
    tampered = body.replace(b"Hello there", b"Refund me now")

    response = api_client.post(
        URL,
        data=tampered,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=_signature(body),
    )

    _assert_refused(response)


def test_a_signed_body_over_the_upload_limit_is_a_413(api_client, body, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(body) - 1

    response = api_client.post(
        URL, data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=_signature(body)
    )

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert not Run.objects.exists()


def test_the_meta_signature_is_ignored_without_an_app_secret(api_client, body, settings):
    settings.META_APP_SECRET = ""

    response = api_client.post(
        URL, data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=_signature(body)
    )

    _assert_refused(response)
    assert response.json()["code"] == "not_authenticated"


def test_a_wrong_key_is_refused_even_with_a_valid_signature(api_client, body):
    response = api_client.post(
        URL,
        data=body,
        content_type="application/json",
        HTTP_X_API_KEY="wrong-key",
        HTTP_X_HUB_SIGNATURE_256=_signature(body),
    )

    _assert_refused(response)


def test_a_supervisor_jwt_does_not_open_the_webhook(supervisor_client, message_payload):
    response = supervisor_client.post(URL, message_payload, format="json")

    _assert_refused(response)
