"""Fixtures shared by the whole suite."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from pipeline.providers import configured_provider
from tests.factories import escalated_case_create, supervisor_create

WEBHOOK_KEY = "test-webhook-key"

# The fields of the contract's ProcessingResponse (webhook and decide answer with it).
PROCESSING_RESPONSE_FIELDS = {
    "run_id",
    "status",
    "sentiment",
    "sla_breached",
    "proposed_action",
    "supervisor_note",
    "execution_result",
    "message",
}


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
    return supervisor_create("alice")


@pytest.fixture
def api_client_for():
    """An API client that sends a user's access token."""

    def client_for(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
        return client

    return client_for


@pytest.fixture
def supervisor_client(supervisor, api_client_for) -> APIClient:
    return api_client_for(supervisor)


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
    return escalated_case_create(message="I want a refund, this is unacceptable!", hours_ago=5 / 60)
