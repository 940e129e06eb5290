"""Fixtures shared by the whole suite."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from pipeline.models import Run
from pipeline.providers import configured_provider
from pipeline.services import message_process
from supervisor.groups import supervisors_group_ensure

WEBHOOK_KEY = "test-webhook-key"


@pytest.fixture(autouse=True)
def _fresh_provider_cache():
    # The provider is built once per process from settings; tests that change
    # the settings must not see the previous test's provider.
    configured_provider.cache_clear()
    yield
    configured_provider.cache_clear()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def webhook_client() -> APIClient:
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=WEBHOOK_KEY)
    return client


@pytest.fixture
def supervisor(db):
    user = get_user_model().objects.create_user("alice", password="alice-password", is_staff=True)
    user.groups.add(supervisors_group_ensure())
    return user


@pytest.fixture
def supervisor_client(supervisor) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(supervisor)}")
    return client


@pytest.fixture
def message_payload() -> dict:
    return {
        "client_id": "CRM-001",
        "message": "I want a refund, this is unacceptable!",
        "timestamp": "2026-02-26T08:00:00Z",
    }


@pytest.fixture
def fresh_timestamp() -> str:
    """A message written a minute ago: well within the SLA."""
    return (timezone.now() - timedelta(minutes=1)).isoformat()


@pytest.fixture
def escalated_run(db):
    """A negative message the Triage escalated, waiting for a supervisor."""
    run = message_process(
        client_id="CRM-001",
        message="I want a refund, this is unacceptable!",
        timestamp=timezone.now() - timedelta(minutes=5),
        sender="test",
    )
    assert run.status == Run.Status.PENDING_APPROVAL
    return run
