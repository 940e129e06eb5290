"""The environment's supervisor (SUPERVISOR_USERNAME + bcrypt SUPERVISOR_PASSWORD_HASH)."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate, get_user_model
from rest_framework.test import APIClient

from supervisor.groups import DECIDE_PERMISSION, SUPERVISORS_GROUP

LOGIN = "/api/v1/auth/login"
DECIDE = "/api/v1/supervisor/decide"
ENV_CREDENTIALS = {"username": "envsupervisor", "password": "env-password"}

pytestmark = pytest.mark.django_db


def _login(credentials=ENV_CREDENTIALS, **extra):
    return APIClient().post(LOGIN, credentials, format="json", **extra)


def test_the_env_supervisor_logs_in_with_the_env_password():
    response = _login()

    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"


def test_the_env_supervisor_logs_in_with_the_form_too():
    response = APIClient().post(
        LOGIN,
        data="username=envsupervisor&password=env-password",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200


@pytest.mark.parametrize("password", ["wrong", "env-password ", "ENV-PASSWORD"])
def test_a_wrong_env_password_is_refused(password):
    response = _login({"username": "envsupervisor", "password": password})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert not get_user_model().objects.filter(username="envsupervisor").exists()


def test_an_empty_env_password_is_a_422():
    response = _login({"username": "envsupervisor", "password": ""})

    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "blank"
    assert not get_user_model().objects.filter(username="envsupervisor").exists()


def test_the_env_supervisor_becomes_a_staff_user_in_the_supervisors_group():
    _login()

    user = get_user_model().objects.get(username="envsupervisor")
    assert user.is_staff
    assert user.is_active
    assert not user.is_superuser
    assert user.groups.filter(name=SUPERVISORS_GROUP).exists()
    assert user.has_perm(DECIDE_PERMISSION)
    # The environment's hash is the only way in: Django's own password stays unusable.
    assert not user.has_usable_password()


def test_a_second_login_reuses_the_same_user():
    _login()
    _login()

    assert get_user_model().objects.filter(username="envsupervisor").count() == 1


def test_the_env_supervisor_can_decide(escalated_run):
    token = _login().json()["access_token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = client.post(
        DECIDE, {"run_id": str(escalated_run.run_id), "approved": True}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "approved_and_executed"
    escalated_run.refresh_from_db()
    assert escalated_run.decided_by.username == "envsupervisor"


def test_a_deactivated_env_supervisor_cannot_log_in():
    _login()
    get_user_model().objects.filter(username="envsupervisor").update(is_active=False)

    response = _login()

    assert response.status_code == 401
    assert response.json()["code"] == "bad_credentials"


def test_a_deactivated_env_supervisors_token_is_refused(escalated_run):
    token = _login().json()["access_token"]
    get_user_model().objects.filter(username="envsupervisor").update(is_active=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = client.post(
        DECIDE, {"run_id": str(escalated_run.run_id), "approved": True}, format="json"
    )

    assert response.status_code == 401


def test_without_a_configured_username_nobody_logs_in_by_env(settings):
    settings.SUPERVISOR_USERNAME = ""

    assert _login().status_code == 401
    assert authenticate(None, **ENV_CREDENTIALS) is None


def test_a_malformed_hash_lets_nobody_in(settings):
    settings.SUPERVISOR_PASSWORD_HASH = "not-a-bcrypt-hash"

    assert _login().status_code == 401


def test_the_env_password_does_not_open_another_account(supervisor):
    response = _login({"username": "alice", "password": "env-password"})

    assert response.status_code == 401
