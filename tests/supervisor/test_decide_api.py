"""POST /api/v1/supervisor/decide: approve or reject an escalated case, exactly once."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from pipeline.models import Run
from tests.conftest import PROCESSING_RESPONSE_FIELDS

URL = "/api/v1/supervisor/decide"
PENDING = "/api/v1/supervisor/pending"


pytestmark = pytest.mark.django_db


def _decide(client, run_id, approved: bool, **more):
    return client.post(URL, {"run_id": str(run_id), "approved": approved, **more}, format="json")


def test_approval_executes_the_reply(supervisor_client, supervisor, escalated_run):
    response = _decide(
        supervisor_client, escalated_run.run_id, True, reason="Cliente VIP, proceder"
    )

    assert response.status_code == 200
    body = response.json()
    assert body.keys() >= PROCESSING_RESPONSE_FIELDS
    assert body["run_id"] == str(escalated_run.run_id)
    assert body["status"] == "approved_and_executed"
    assert body["sentiment"] == "negative"
    assert body["proposed_action"] == "escalate_to_human"
    assert body["supervisor_note"] == escalated_run.supervisor_note
    assert isinstance(body["execution_result"], str)
    assert body["execution_result"].strip()
    assert "alice" in body["message"]
    run = Run.objects.get(pk=escalated_run.pk)
    assert run.execution_result == body["execution_result"]
    assert run.reply_edited is False
    assert run.executed_at is not None


def test_rejection_sends_nothing(supervisor_client, escalated_run):
    response = _decide(supervisor_client, escalated_run.run_id, False, reason="Not a customer")

    assert response.status_code == 200
    body = response.json()
    assert body.keys() >= PROCESSING_RESPONSE_FIELDS
    assert body["status"] == "rejected"
    assert body["execution_result"] is None
    assert "alice" in body["message"]
    run = Run.objects.get(pk=escalated_run.pk)
    assert run.execution_result is None
    assert run.executed_at is None


@pytest.mark.parametrize("approved", [True, False])
def test_a_decision_keeps_the_case_with_who_when_and_why(
    supervisor_client, supervisor, escalated_run, approved
):
    runs_before = Run.objects.count()

    _decide(supervisor_client, escalated_run.run_id, approved, reason="Checked the order")

    assert Run.objects.count() == runs_before
    run = Run.objects.get(pk=escalated_run.pk)
    assert run.status == ("approved_and_executed" if approved else "rejected")
    assert run.approved is approved
    assert run.decided_by == supervisor
    assert run.decided_at is not None
    assert run.decision_reason == "Checked the order"
    assert (run.execution_result is not None) is approved
    assert supervisor_client.get(PENDING).json() == []


def test_the_supervisors_own_reply_is_sent_as_written(supervisor_client, escalated_run):
    reply = "Dear customer, we refunded your order today. Sorry for the trouble."

    response = _decide(supervisor_client, escalated_run.run_id, True, reply=reply)

    assert response.status_code == 200
    assert response.json()["status"] == "approved_and_executed"
    assert response.json()["execution_result"] == reply
    run = Run.objects.get(pk=escalated_run.pk)
    assert run.execution_result == reply
    assert run.reply_edited is True
    assert run.agent_state["messages"][-1] == {"role": "supervisor", "content": reply}


@pytest.mark.parametrize("approved", [True, False])
def test_repeating_the_decision_returns_the_recorded_result(
    supervisor_client, escalated_run, approved
):
    first = _decide(supervisor_client, escalated_run.run_id, approved)
    decided_at = Run.objects.get(pk=escalated_run.pk).decided_at

    again = _decide(supervisor_client, escalated_run.run_id, approved, reason="twice")

    assert again.status_code == 200
    assert again.json() == first.json()
    run = Run.objects.get(pk=escalated_run.pk)
    assert run.decided_at == decided_at
    assert run.decision_reason == ""


def test_a_repeated_approval_does_not_rewrite_the_reply(supervisor_client, escalated_run):
    first = _decide(supervisor_client, escalated_run.run_id, True)

    again = _decide(supervisor_client, escalated_run.run_id, True, reply="Something else")

    assert again.json()["execution_result"] == first.json()["execution_result"]


@pytest.mark.parametrize("approved", [True, False])
def test_the_opposite_decision_is_a_409_saying_who_and_when(
    supervisor_client, escalated_run, approved
):
    _decide(supervisor_client, escalated_run.run_id, approved)
    run = Run.objects.get(pk=escalated_run.pk)

    response = _decide(supervisor_client, escalated_run.run_id, not approved)

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "already_decided"
    assert body["run_id"] == str(escalated_run.run_id)
    assert body["status"] == run.status
    assert body["decided_by"] == "alice"
    assert body["decided_at"] == run.decided_at.isoformat()
    assert isinstance(body["detail"], str)
    assert Run.objects.get(pk=escalated_run.pk).status == run.status


@pytest.mark.parametrize("run_id", [uuid.uuid4(), "not-a-uuid", "123", "0" * 64])
def test_an_unknown_or_malformed_run_id_is_a_404(supervisor_client, escalated_run, run_id):
    response = _decide(supervisor_client, run_id, True)

    assert response.status_code == 404
    assert response.json()["code"] == "case_not_found"
    assert Run.objects.get(pk=escalated_run.pk).status == Run.Status.PENDING_APPROVAL


def test_a_run_that_was_never_escalated_is_a_404(supervisor_client, webhook_client):
    body = webhook_client.post(
        "/api/v1/webhook/messages",
        {"client_id": "CRM-9", "message": "Thanks!", "timestamp": "2099-01-01T00:00:00Z"},
        format="json",
    ).json()
    assert body["status"] == "processed"

    response = _decide(supervisor_client, body["run_id"], True)

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("payload", "field", "kind"),
    [
        ({"approved": True}, "run_id", "required"),
        ({"run_id": "x"}, "approved", "required"),
        ({"run_id": 42, "approved": True}, "run_id", "invalid"),
        # An empty id is a missing value, like an empty message, not an unknown case.
        ({"run_id": "", "approved": True}, "run_id", "blank"),
        ({"run_id": "x", "approved": "maybe"}, "approved", "invalid"),
        ({"run_id": "x", "approved": True, "reason": 7}, "reason", "invalid"),
        ({"run_id": "x", "approved": True, "reply": ""}, "reply", "blank"),
    ],
)
def test_invalid_input_is_a_422_naming_the_field(supervisor_client, payload, field, kind):
    response = supervisor_client.post(URL, payload, format="json")

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [(error["loc"], error["type"]) for error in detail] == [(["body", field], kind)]
    assert detail[0]["msg"]


def test_a_user_who_may_only_view_cases_cannot_decide(escalated_run, viewer, api_client_for):
    response = _decide(api_client_for(viewer), escalated_run.run_id, True)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You do not have permission to approve or reject cases.",
        "code": "permission_denied",
    }
    assert Run.objects.get(pk=escalated_run.pk).status == Run.Status.PENDING_APPROVAL


def test_a_staff_user_outside_the_group_cannot_decide(escalated_run, api_client_for):
    staff = get_user_model().objects.create_user("bob", password="x", is_staff=True)

    assert _decide(api_client_for(staff), escalated_run.run_id, False).status_code == 403


def test_a_user_given_the_permission_directly_can_decide(escalated_run, api_client_for):
    user = get_user_model().objects.create_user("carol", password="x")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="pipeline", codename="decide_pendingapproval"
        )
    )

    assert _decide(api_client_for(user), escalated_run.run_id, False).status_code == 200


def test_without_a_token_it_is_a_401(api_client, escalated_run):
    response = _decide(api_client, escalated_run.run_id, True)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert Run.objects.get(pk=escalated_run.pk).status == Run.Status.PENDING_APPROVAL
