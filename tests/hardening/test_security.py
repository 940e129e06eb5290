"""Deploy settings, revoked supervisors, CORS and what the logs may show."""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import bcrypt
import pytest
from django.contrib.auth.models import Permission
from rest_framework_simplejwt.tokens import AccessToken

from tests.conftest import WEBHOOK_KEY

PROJECT_DIR = Path(__file__).resolve().parents[2]


def production_env(**overrides) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "THROTTLE_", "PYTEST", "DEBUG"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_READ_DOT_ENV_FILE="false",
        DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        JWT_SECRET_KEY=secrets.token_hex(32),
        WEBHOOK_API_KEY=secrets.token_urlsafe(32),
        SUPERVISOR_USERNAME="supervisor",
        SUPERVISOR_PASSWORD_HASH=bcrypt.hashpw(b"x", bcrypt.gensalt(4)).decode(),
        ALLOWED_HOSTS="crm.example.com",
        SECURE_SSL_REDIRECT="true",
        USE_X_FORWARDED_PROTO="true",
        LLM_PROVIDER="local",
    )
    env.update(overrides)
    return env


def deploy_check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = deploy_check(production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_https():
    """The check is real: the same settings with the redirect off are flagged."""
    result = deploy_check(production_env(SECURE_SSL_REDIRECT="false"))
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("variable", "weak", "check_id"),
    [("JWT_SECRET_KEY", "short-jwt-secret", "crm.W001"), ("WEBHOOK_API_KEY", "abc", "crm.W002")],
)
def test_check_deploy_flags_weak_keys(variable, weak, check_id):
    result = deploy_check(production_env(**{variable: weak}))
    assert result.returncode != 0
    assert check_id in result.stderr + result.stdout


def test_production_refuses_to_start_without_secrets():
    env = production_env()
    del env["JWT_SECRET_KEY"]
    result = deploy_check(env)
    assert result.returncode != 0
    assert "JWT_SECRET_KEY is not set" in result.stderr


@pytest.mark.django_db
def test_https_redirect_and_hsts_behind_a_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/api/v1/supervisor/pending")
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    proxied = client.get("/api/v1/supervisor/pending", HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 401
    assert "max-age=31536000" in proxied["Strict-Transport-Security"]
    # Health probes from inside the network stay on http.
    assert client.get("/health").status_code == 200


@pytest.mark.django_db
def test_token_of_a_deactivated_supervisor_is_refused(supervisor, supervisor_client):
    assert supervisor_client.get("/api/v1/supervisor/pending").status_code == 200
    supervisor.is_active = False
    supervisor.save()
    response = supervisor_client.get("/api/v1/supervisor/pending")
    assert response.status_code == 401


@pytest.mark.django_db
def test_token_of_a_supervisor_who_lost_the_permission_is_refused(
    supervisor, supervisor_client, django_user_model
):
    supervisor.groups.clear()
    supervisor.user_permissions.add(
        Permission.objects.get(codename="view_pendingapproval", content_type__app_label="pipeline")
    )
    response = supervisor_client.post(
        "/api/v1/supervisor/decide",
        {"run_id": "00000000-0000-0000-0000-000000000000", "approved": True},
        format="json",
    )
    assert response.status_code == 403
    # Still allowed to look, not to decide.
    assert supervisor_client.get("/api/v1/supervisor/pending").status_code == 200
    supervisor.user_permissions.clear()
    fresh = django_user_model.objects.get(pk=supervisor.pk)
    assert not fresh.has_perm("pipeline.view_pendingapproval")
    assert supervisor_client.get("/api/v1/supervisor/pending").status_code == 403


@pytest.mark.django_db
def test_token_of_a_deleted_supervisor_is_refused(supervisor, supervisor_client):
    supervisor.delete()
    assert supervisor_client.get("/api/v1/supervisor/pending").status_code == 401


@pytest.mark.django_db
def test_tampered_or_foreign_tokens_are_refused(supervisor, api_client):
    token = str(AccessToken.for_user(supervisor))
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {forged}")
    assert api_client.get("/api/v1/supervisor/pending").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION="Bearer eyJhbGciOiJub25lIn0.eyJ1c2VyX2lkIjoxfQ.")
    assert api_client.get("/api/v1/supervisor/pending").status_code == 401


ALLOWED = "https://crm.example.com"


def preflight(client, origin):
    return client.options(
        "/api/v1/supervisor/pending",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )


@pytest.mark.django_db
def test_cors_preflight_only_for_allowed_origins(client, settings):
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED]
    allowed = preflight(client, ALLOWED)
    assert allowed.status_code == 200
    assert allowed["Access-Control-Allow-Origin"] == ALLOWED
    assert "authorization" in allowed["Access-Control-Allow-Headers"]
    refused = preflight(client, "https://evil.example.net")
    assert "Access-Control-Allow-Origin" not in refused
    # Nor on an actual request from that origin.
    response = client.get("/health", HTTP_ORIGIN="https://evil.example.net")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_no_secret_token_or_api_key_in_the_logs(client, supervisor, caplog, message_payload):
    """A full round trip at DEBUG level: login, webhook, list, decide, and failed attempts."""
    from django.conf import settings

    caplog.set_level(logging.DEBUG)
    login = client.post("/api/v1/auth/login", {"username": "alice", "password": "alice-password"})
    token = login.json()["access_token"]
    client.post("/api/v1/auth/login", {"username": "alice", "password": "guess-one"})
    run = client.post(
        "/api/v1/webhook/messages?api_key=" + WEBHOOK_KEY,
        message_payload,
        content_type="application/json",
        HTTP_X_API_KEY=WEBHOOK_KEY,
        HTTP_IDEMPOTENCY_KEY="delivery-secret-0001",
    ).json()
    client.post(
        "/api/v1/webhook/messages",
        message_payload,
        content_type="application/json",
        HTTP_X_API_KEY="wrong-key-attempt-123456",
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.get("/api/v1/supervisor/pending?token=" + token, **auth)
    client.post(
        "/api/v1/supervisor/decide",
        {"run_id": run["run_id"], "approved": True},
        content_type="application/json",
        **auth,
    )
    logged = caplog.text
    assert "POST /api/v1/webhook/messages" in logged
    for secret in (
        token,
        token.split(".")[2],
        WEBHOOK_KEY,
        "wrong-key-attempt-123456",
        "alice-password",
        "guess-one",
        settings.SECRET_KEY,
        settings.JWT_SECRET_KEY,
    ):
        assert secret not in logged
