"""GET /api/v1/supervisor/pending: the escalated cases still waiting, oldest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from pipeline.models import Run
from pipeline.services import approval_decide
from tests.factories import run_process

URL = "/api/v1/supervisor/pending"

# The contract's PendingApprovalItem.
PENDING_ITEM_FIELDS = {
    "run_id",
    "client_id",
    "message",
    "sentiment",
    "sla_breached",
    "proposed_action",
    "supervisor_note",
    "timestamp",
}

pytestmark = pytest.mark.django_db


def _process(client_id: str, message: str, *, timestamp=None) -> Run:
    return run_process(message, client_id=client_id, timestamp=timestamp)


def test_an_empty_list_when_nothing_waits(supervisor_client):
    response = supervisor_client.get(URL)

    assert response.status_code == 200
    assert response.json() == []


def test_an_item_has_every_contract_field(supervisor_client):
    run = _process(
        "CRM-001",
        "I want a refund, this is unacceptable!",
        timestamp=datetime(2026, 2, 26, 8, 0, tzinfo=UTC),
    )

    [item] = supervisor_client.get(URL).json()

    assert item.keys() >= PENDING_ITEM_FIELDS
    assert item["run_id"] == str(run.run_id)
    assert item["client_id"] == "CRM-001"
    assert item["message"] == "I want a refund, this is unacceptable!"
    assert item["sentiment"] == "negative"
    assert item["sla_breached"] is True
    assert item["proposed_action"] == "escalate_to_human"
    assert isinstance(item["supervisor_note"], str)
    assert item["supervisor_note"] == run.supervisor_note
    assert item["timestamp"] == "2026-02-26T08:00:00Z"


def test_oldest_first(supervisor_client):
    runs = [_process(f"CRM-{n}", "This is terrible.") for n in range(3)]
    # Escalated in the order 2, 0, 1, whatever order the rows were written in.
    base = timezone.now() - timedelta(hours=1)
    for offset, run in zip((1, 2, 0), runs, strict=True):
        Run.objects.filter(pk=run.pk).update(created_at=base + timedelta(minutes=offset))

    items = supervisor_client.get(URL).json()

    assert [item["client_id"] for item in items] == ["CRM-2", "CRM-0", "CRM-1"]


def test_only_cases_still_pending_are_listed(supervisor_client, supervisor):
    waiting = _process("CRM-WAIT", "This is terrible.")
    approved = _process("CRM-APPROVED", "This is terrible.")
    rejected = _process("CRM-REJECTED", "This is terrible.")
    answered = _process("CRM-AUTO", "Thanks, great service!")
    approval_decide(run_id=approved.run_id, approved=True, decided_by=supervisor)
    approval_decide(run_id=rejected.run_id, approved=False, decided_by=supervisor)
    assert answered.status == Run.Status.PROCESSED

    items = supervisor_client.get(URL).json()

    assert [item["run_id"] for item in items] == [str(waiting.run_id)]


def test_a_user_who_may_only_view_cases_sees_the_list(viewer, api_client_for):
    assert api_client_for(viewer).get(URL).status_code == 200


def test_a_user_without_permissions_is_forbidden(api_client_for):
    nobody = get_user_model().objects.create_user("nobody", password="x")

    response = api_client_for(nobody).get(URL)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You do not have permission to see escalated cases.",
        "code": "permission_denied",
    }


def test_without_a_token_it_is_a_401(api_client):
    response = api_client.get(URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
