"""POST /api/v1/auth/login: OAuth2-style password login that hands out an HS256 JWT."""

from __future__ import annotations

import time

import jwt
import pytest
from django.conf import settings

URL = "/api/v1/auth/login"
CREDENTIALS = {"username": "alice", "password": "alice-password"}

pytestmark = pytest.mark.django_db


def _assert_token_response(response) -> str:
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"access_token", "token_type"}
    assert body["token_type"] == "bearer"
    return body["access_token"]


@pytest.mark.parametrize(
    "send",
    [
        # The contract's form, as an OAuth2 client (and the original's Streamlit front end) sends it.
        lambda client: client.post(
            URL,
            data="username=alice&password=alice-password",
            content_type="application/x-www-form-urlencoded",
        ),
        lambda client: client.post(URL, CREDENTIALS, format="multipart"),
        lambda client: client.post(URL, CREDENTIALS, format="json"),
    ],
    ids=["form-urlencoded", "multipart", "json"],
)
def test_login_returns_a_bearer_token(api_client, supervisor, send):
    _assert_token_response(send(api_client))


def test_the_token_is_hs256_with_the_configured_secret_and_lifetime(api_client, supervisor):
    before = int(time.time())
    token = _assert_token_response(api_client.post(URL, CREDENTIALS, format="json"))
    after = int(time.time())

    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    claims = jwt.decode(token, settings.JWT_SECRET_KEY, algorithms=["HS256"])
    lifetime = settings.JWT_EXPIRE_MINUTES * 60
    assert before + lifetime <= claims["exp"] <= after + lifetime + 1
    assert claims["exp"] - claims["iat"] == lifetime
    assert str(claims["user_id"]) == str(supervisor.pk)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "another-secret-key-that-is-long-enough-for-hs256", algorithms=["HS256"])


def test_the_token_opens_the_supervisor_api(api_client, supervisor):
    token = _assert_token_response(api_client.post(URL, CREDENTIALS, format="json"))

    response = api_client.get("/api/v1/supervisor/pending", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "alice", "password": "wrong-password"},
        {"username": "alice", "password": "alice-password "},
        {"username": "nobody", "password": "alice-password"},
        {"username": "ALICE", "password": "alice-password"},
    ],
)
def test_bad_credentials_are_a_401_with_bearer_challenge(api_client, supervisor, credentials):
    response = api_client.post(URL, credentials, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "detail": "Incorrect username or password.",
        "code": "bad_credentials",
    }


def test_a_deactivated_user_cannot_log_in(api_client, supervisor):
    supervisor.is_active = False
    supervisor.save()

    response = api_client.post(URL, CREDENTIALS, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "bad_credentials"


@pytest.mark.parametrize(
    ("payload", "missing"),
    [
        ({"username": "alice"}, {"password"}),
        ({"password": "alice-password"}, {"username"}),
        ({}, {"username", "password"}),
    ],
)
def test_missing_fields_are_a_422_naming_them(api_client, payload, missing):
    response = api_client.post(URL, payload, format="json")

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert {tuple(item["loc"]) for item in body["detail"]} == {("body", field) for field in missing}
    assert {item["type"] for item in body["detail"]} == {"required"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"username": 123, "password": "alice-password"}, "username"),
        ({"username": "alice", "password": 12345678}, "password"),
        ({"username": ["alice"], "password": "alice-password"}, "username"),
    ],
)
def test_a_number_or_list_for_a_text_field_is_a_422(api_client, payload, field):
    response = api_client.post(URL, payload, format="json")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (["body", field], "invalid")


def test_missing_form_fields_are_a_422(api_client):
    response = api_client.post(
        URL, data="username=alice", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "password"]


def test_a_form_with_too_many_fields_is_a_400_not_a_500(api_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    form = "&".join(f"f{n}=x" for n in range(10)) + "&username=alice&password=x"

    response = api_client.post(URL, data=form, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_an_unsupported_content_type_is_a_415(api_client):
    response = api_client.post(URL, data="alice:alice-password", content_type="text/plain")

    assert response.status_code == 415
