"""The supervisor endpoints refuse every JWT that is not a live, HS256-signed access token."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from django.conf import settings
from rest_framework.test import APIClient

PENDING = "/api/v1/supervisor/pending"
DECIDE = "/api/v1/supervisor/decide"

pytestmark = pytest.mark.django_db


_DEFAULT = object()


def _token(user, *, key=_DEFAULT, algorithm="HS256", expires_in=timedelta(minutes=5)) -> str:
    """A token shaped like the ones the login hands out, crafted with PyJWT."""
    now = datetime.now(UTC)
    claims = {
        "token_type": "access",
        "exp": now + expires_in,
        "iat": now - timedelta(minutes=1),
        "jti": uuid.uuid4().hex,
        "user_id": str(user.pk),
    }
    return jwt.encode(
        claims, settings.JWT_SECRET_KEY if key is _DEFAULT else key, algorithm=algorithm
    )


def _get(token: str | None):
    client = APIClient()
    if token is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get(PENDING)


def _call(client: APIClient, url: str):
    """GET the pending list, or POST an empty decision: each endpoint as it is used."""
    return client.get(url) if url == PENDING else client.post(url, {}, format="json")


def _assert_refused(response):
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "detail" in response.json()


def test_a_correctly_crafted_token_is_accepted(supervisor):
    # The control for the refusals below: only the one property they change is wrong.
    assert _get(_token(supervisor)).status_code == 200


def test_the_scheme_may_be_written_as_the_login_spells_it(supervisor):
    # The login answers token_type "bearer"; clients that send `{token_type} {token}`
    # write it in lower case, and the scheme is case-insensitive (RFC 7235).
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"bearer {_token(supervisor)}")

    assert client.get(PENDING).status_code == 200


@pytest.mark.parametrize("url", [PENDING, DECIDE])
def test_without_a_token_the_request_is_refused(url):
    response = _call(APIClient(), url)

    _assert_refused(response)
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("header", ["Bearer", "Bearer not.a.jwt", "Bearer abc", "Basic YTpi"])
def test_a_malformed_authorization_header_is_refused(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get(PENDING)

    # "Basic ..." is not ours to judge: it is answered as no credentials at all.
    _assert_refused(response)


def test_an_expired_token_is_refused(supervisor):
    response = _get(_token(supervisor, expires_in=timedelta(minutes=-1)))

    _assert_refused(response)
    assert response.json()["code"] == "token_not_valid"


def test_a_token_signed_with_another_key_is_refused(supervisor):
    response = _get(_token(supervisor, key="another-secret-key-that-is-long-enough-for-hs256"))

    _assert_refused(response)
    assert response.json()["code"] == "token_not_valid"


def test_an_unsigned_alg_none_token_is_refused(supervisor):
    response = _get(_token(supervisor, key=None, algorithm="none"))

    _assert_refused(response)


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_a_token_with_another_hmac_algorithm_is_refused(supervisor):
    # Right secret, wrong algorithm: only HS256 is accepted.
    response = _get(_token(supervisor, algorithm="HS512"))

    _assert_refused(response)


def test_a_token_of_a_deactivated_user_is_refused(supervisor):
    token = _token(supervisor)
    supervisor.is_active = False
    supervisor.save()

    response = _get(token)

    _assert_refused(response)
    assert response.json()["code"] == "user_inactive"


def test_a_token_of_a_deleted_user_is_refused(supervisor):
    token = _token(supervisor)
    supervisor.delete()

    _assert_refused(_get(token))


@pytest.mark.parametrize("url", [PENDING, DECIDE])
def test_a_webhook_key_does_not_open_the_supervisor_api(webhook_client, url):
    response = _call(webhook_client, url)

    _assert_refused(response)
