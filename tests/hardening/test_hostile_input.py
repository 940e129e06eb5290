"""Hostile input to every endpoint gets a 4xx in the API's error format, never a 5xx."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from pipeline.models import Run

WEBHOOK = "/api/v1/webhook/messages"
HEADERS = {"HTTP_X_API_KEY": "test-webhook-key"}
VALID = {"client_id": "CRM-1", "message": "Hello", "timestamp": "2026-02-26T08:00:00Z"}


@pytest.fixture
def client():
    # A 500 must show up as a response, as a real server would send it.
    return Client(raise_request_exception=False)


def post_raw(client, body: bytes | str, content_type="application/json", **headers):
    return client.post(WEBHOOK, data=body, content_type=content_type, **HEADERS, **headers)


def with_fields(**fields) -> str:
    return json.dumps({**VALID, **fields})


HOSTILE_BODIES = {
    "empty body": b"",
    "json null": b"null",
    "json list": b"[1, 2, 3]",
    "json number": b"42",
    "json string": b'"hello"',
    "truncated": b'{"client_id": "CRM-1", ',
    "invalid utf-8": b'{"client_id": "\xff\xfe", "message": "x", "timestamp": "2026-01-01T00:00:00Z"}',
    "utf-16 bom": "\ufeff".encode("utf-16") + b"{}",
    "deep nesting": b"[" * 50_000 + b"]" * 50_000,
    "deep nesting in a field": ('{"client_id": ' + "[" * 20_000 + "]" * 20_000 + "}").encode(),
    "huge integer": ('{"client_id": ' + "9" * 5000 + "}").encode(),
    "huge float": b'{"client_id": "a", "message": "b", "timestamp": 1e999999}',
    "NaN": b'{"client_id": NaN, "message": "b", "timestamp": "2026-01-01T00:00:00Z"}',
    "NUL in client_id": with_fields(client_id="CRM\u00001"),
    "NUL in message": with_fields(message="hi\u0000there"),
    "lone surrogate": b'{"client_id": "\\ud800", "message": "x", "timestamp": "2026-01-01T00:00:00Z"}',
    "client_id a number": with_fields(client_id=123),
    "message an object": with_fields(message={"a": 1}),
    "timestamp a number": with_fields(timestamp=1_700_000_000),
    "timestamp a huge number": with_fields(timestamp=10**30),
    "timestamp a list": with_fields(timestamp=[2026, 1, 1]),
    "year 0": with_fields(timestamp="0000-01-01T00:00:00Z"),
    "year 99999": with_fields(timestamp="99999-01-01T00:00:00Z"),
    "year 1 east of UTC": with_fields(timestamp="0001-01-01T00:00:00+05:00"),
    "year 9999 west of UTC": with_fields(timestamp="9999-12-31T23:59:59-05:00"),
    "month 13": with_fields(timestamp="2026-13-01T00:00:00Z"),
    "offset out of range": with_fields(timestamp="2026-01-01T00:00:00+25:00"),
    "over-long client_id": with_fields(client_id="x" * 10_000),
    "over-long message": with_fields(message="x" * 20_000),
    "over-long message_id": with_fields(message_id="k" * 300),
    "message_id with spaces": with_fields(message_id="a b"),
    "message_id not a string": with_fields(message_id=12),
    "missing fields": b"{}",
    "extra fields only": b'{"foo": "bar"}',
}


@pytest.mark.django_db
@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_hostile_webhook_bodies_get_a_4xx_json_answer_and_store_nothing(client, body):
    response = post_raw(client, body)
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert "code" in response.json()
    assert not Run.objects.exists()


@pytest.mark.django_db
def test_validation_errors_name_the_field(client):
    response = post_raw(client, with_fields(timestamp="99999-01-01T00:00:00Z"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "timestamp"]


INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE pipeline_run;--",
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "${jndi:ldap://127.0.0.1/a}",
    "{{7*7}}",
]


@pytest.mark.django_db
@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_strings_in_ids_are_data_not_code(client, text):
    """Stored and echoed as plain data in client_id, message_id and Idempotency-Key."""
    key = text.replace(" ", "_")
    first = post_raw(client, with_fields(client_id=text), HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 200, first.content
    again = post_raw(client, with_fields(client_id=text), HTTP_IDEMPOTENCY_KEY=key)
    assert again.json()["run_id"] == first.json()["run_id"]
    run = Run.objects.get()
    assert (run.client_id, run.idempotency_key) == (text, key)
    by_field = post_raw(client, with_fields(client_id="c", message_id=key + "-2"))
    assert by_field.status_code == 200
    assert Run.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key",
    ["has space", "tab\there", "x" * 256, "ünïcödé", ""],
    ids=["space", "tab", "too long", "non-ascii", "empty"],
)
def test_bad_idempotency_keys_are_refused(client, key):
    response = post_raw(client, with_fields(), HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 422
    assert not Run.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "run_id", [*INJECTIONS, "\u0000", "x" * 64, "00000000-0000-0000-0000-000000000000"]
)
def test_injection_strings_as_run_id_are_not_found(supervisor, run_id):
    from rest_framework_simplejwt.tokens import AccessToken

    client = Client(raise_request_exception=False)
    response = client.post(
        "/api/v1/supervisor/decide",
        data={"run_id": run_id, "approved": True},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(supervisor)}",
    )
    assert response.status_code in (404, 422), response.content
    assert response.json()["code"] in ("case_not_found", "validation_error")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
    ],
)
def test_webhook_refuses_other_content_types_with_415(client, content_type):
    response = post_raw(client, with_fields(), content_type=content_type)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type",
    [
        "application/json; charset=no-such-codec",
        "application/json; charset=utf-32",
        "application/json; charset=",
    ],
)
def test_odd_charsets_never_get_a_5xx(client, content_type):
    """An unknown charset falls back to UTF-8 (200); a wrong one is a parse error (400)."""
    # generic(): the test client's post() would itself choke on the unknown charset.
    response = client.generic("POST", WEBHOOK, with_fields(), content_type=content_type, **HEADERS)
    assert response.status_code in (200, 400), response.content[:300]


@pytest.mark.django_db
def test_login_refuses_xml_with_415(client):
    response = client.post("/api/v1/auth/login", data="<a/>", content_type="application/xml")
    assert response.status_code == 415


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"null",
        b"[]",
        b"[" * 50_000,
        b'{"username": {"a": 1}, "password": 1}',
        b'{"username": "a\\u0000", "password": "x"}',
    ],
    ids=["empty", "null", "list", "deep", "objects", "NUL"],
)
def test_hostile_login_bodies_get_a_4xx(client, body):
    response = client.post("/api/v1/auth/login", data=body, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content[:300]


@pytest.mark.django_db
def test_body_over_the_limit_is_refused_with_413_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BYTES = 1000
    body = with_fields(message="x" * 2000)
    response = post_raw(client, body)
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    # Also before authentication: nobody gets to make the server read a huge body.
    response = client.post(WEBHOOK, data=body, content_type="application/json")
    assert response.status_code == 413
    assert not Run.objects.exists()


@pytest.mark.django_db
def test_body_at_the_default_limit_with_a_full_length_message_is_accepted(client):
    # Four-byte characters, JSON-escaped: the largest message the serializer allows.
    from django.conf import settings

    body = json.dumps({**VALID, "message": "\U0001f600" * settings.MESSAGE_MAX_CHARS})
    assert len(body.encode()) < settings.MAX_REQUEST_BYTES
    response = post_raw(client, body)
    assert response.status_code in (200, 422)  # 422: emoji count double in UTF-16 terms
    assert response.status_code != 413


@pytest.mark.django_db
def test_invalid_content_length_is_a_400(client):
    response = client.post(
        WEBHOOK, data=b"{}", content_type="application/json", CONTENT_LENGTH="abc", **HEADERS
    )
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("&".join(f"f{n}=1" for n in range(2000)), "application/x-www-form-urlencoded"),
        ("username=a&password=%ff%fe", "application/x-www-form-urlencoded"),
        (
            "--x\r\nContent-Disposition: form-data; name=username\r\n\r\na\r\n",
            "multipart/form-data; boundary=x",
        ),
        ("garbage", "multipart/form-data"),
    ],
    ids=["too many form fields", "bad percent-encoding", "truncated multipart", "no boundary"],
)
def test_hostile_login_forms_get_a_4xx(client, body, content_type):
    response = client.post("/api/v1/auth/login", data=body, content_type=content_type)
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_length_limits_count_what_was_sent_not_what_is_left_after_trimming(client):
    """Found by the fuzzer: a leading NEL (U+0085) is whitespace and was trimmed first."""
    response = post_raw(client, with_fields(client_id="\u0085" + "x" * 128))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "client_id"]
