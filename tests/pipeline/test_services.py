"""message_process and approval_decide, called as the API and the admin call them."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm_agents.providers.local import LocalProvider
from pipeline import services
from pipeline.errors import CaseNotFound, DecisionConflict
from pipeline.models import PendingApproval, Run
from pipeline.selectors import pending_approval_list
from pipeline.services import approval_decide
from tests.factories import run_process

pytestmark = pytest.mark.django_db


def _process(message: str, **kwargs) -> Run:
    return run_process(message, **{"client_id": "CRM-1", **kwargs})


class _AnalystDown(Exception):
    pass


class _NetworkProvider(LocalProvider):
    """Answers like the local provider but, as Gemini would, from across the network."""

    answers_in_process = False


def test_the_run_is_stored_before_any_llm_call(monkeypatch):
    seen = {}

    def analyze(message, **_):
        seen["stored"] = list(Run.objects.values_list("status", "message"))
        raise _AnalystDown

    monkeypatch.setattr(services, "configured_provider", _NetworkProvider)
    monkeypatch.setattr(services.analyst, "analyze", analyze)

    with pytest.raises(_AnalystDown):
        _process("Where is my parcel?")

    assert seen["stored"] == [(Run.Status.RECEIVED, "Where is my parcel?")]
    # The accepted message is still there for someone to pick up.
    assert Run.objects.get().status == Run.Status.RECEIVED


def test_a_provider_across_the_network_stores_the_run_then_completes_it(monkeypatch):
    monkeypatch.setattr(services, "configured_provider", _NetworkProvider)

    with CaptureQueriesContext(connection) as queries:
        run = _process("Thanks, great shop! Do you ship abroad?")

    writes = _writes(queries)
    assert writes == ["INSERT", "UPDATE"]
    assert Run.objects.get().status == run.status == Run.Status.PROCESSED


def test_an_in_process_provider_writes_the_run_once_complete():
    with CaptureQueriesContext(connection) as queries:
        run = _process("Hello, I would like a refund for order 1234, please.")

    writes = _writes(queries)
    assert writes == ["INSERT"]
    stored = Run.objects.get()
    assert (stored.run_id, stored.status) == (run.run_id, Run.Status.PROCESSED)
    assert stored.proposed_action == "process_refund"
    assert stored.execution_result == run.execution_result


def test_a_delivery_with_a_key_is_claimed_before_the_agents_run():
    # The unique key is taken first, so a duplicate never runs the agents at all.
    with CaptureQueriesContext(connection) as queries:
        _process("Hello, I would like a refund for order 1234, please.", idempotency_key="evt-9")

    writes = _writes(queries)
    assert writes == ["INSERT", "UPDATE"]


def test_an_in_process_failure_stores_nothing_and_acknowledges_nothing(monkeypatch):
    # Nothing was accepted: the error reaches the sender, who delivers again.
    monkeypatch.setattr(services.analyst, "analyze", _raise_analyst_down)

    with pytest.raises(_AnalystDown):
        _process("Where is my parcel?")

    assert not Run.objects.exists()


def _writes(queries: CaptureQueriesContext) -> list[str]:
    """The INSERTs and UPDATEs a block ran, in order."""
    return [q["sql"].split()[0] for q in queries if q["sql"].startswith(("INSERT", "UPDATE"))]


def _raise_analyst_down(message, **_):
    raise _AnalystDown


def test_an_automatic_answer_records_the_reply_and_the_steps():
    run = _process("Thanks, great shop! Do you ship abroad?")

    assert run.status == Run.Status.PROCESSED
    assert run.execution_result
    assert run.executed_at is not None
    assert [step["step"] for step in run.steps] == ["analyst", "executor"]
    assert run.agent_state["messages"] == [
        {"role": "customer", "content": "Thanks, great shop! Do you ship abroad?"},
        {"role": "agent", "content": run.execution_result},
    ]
    assert not run.degraded


def test_an_escalation_stores_the_briefing_and_no_reply():
    run = _process("This is unacceptable, I want my money back.")

    assert run.status == Run.Status.PENDING_APPROVAL
    assert run.proposed_action == "escalate_to_human"
    assert run.supervisor_note
    assert run.execution_result is None
    assert [step["step"] for step in run.steps] == ["analyst", "triage"]


def test_a_timestamp_in_the_future_has_not_breached_the_sla():
    run = _process("Thanks!", timestamp=timezone.now() + timedelta(days=1))

    assert run.sla_breached is False
    assert run.status == Run.Status.PROCESSED


# --- approval_decide ---------------------------------------------------------------------


def test_approval_drafts_the_reply_with_the_executor(escalated_run, supervisor):
    case = approval_decide(
        run_id=escalated_run.run_id, approved=True, decided_by=supervisor, reason="VIP"
    )

    assert case.status == Run.Status.APPROVED_AND_EXECUTED
    assert case.execution_result
    assert case.steps[-1]["step"] == "executor"
    assert case.agent_state["messages"][-1] == {"role": "agent", "content": case.execution_result}


def test_approval_accepts_the_run_id_as_text(escalated_run, supervisor):
    case = approval_decide(run_id=str(escalated_run.run_id), approved=False, decided_by=supervisor)

    assert case.status == Run.Status.REJECTED


@pytest.mark.parametrize("approved", [True, False])
def test_nothing_is_deleted_after_a_decision(escalated_run, supervisor, approved):
    other = _process("This is terrible.", client_id="CRM-2")
    runs_before = Run.objects.count()

    approval_decide(
        run_id=escalated_run.run_id, approved=approved, decided_by=supervisor, reason="why"
    )

    assert Run.objects.count() == runs_before
    case = PendingApproval.objects.get(pk=escalated_run.pk)
    assert case.status == (Run.Status.APPROVED_AND_EXECUTED if approved else Run.Status.REJECTED)
    assert case.approved is approved
    assert case.decided_by == supervisor
    assert case.decided_at is not None
    assert case.decision_reason == "why"
    assert (case.execution_result is not None) is approved
    assert case.message == escalated_run.message
    assert case.supervisor_note == escalated_run.supervisor_note
    assert list(pending_approval_list()) == [other]


def test_the_same_decision_again_returns_the_recorded_case(escalated_run, supervisor):
    first = approval_decide(run_id=escalated_run.run_id, approved=True, decided_by=supervisor)

    again = approval_decide(
        run_id=escalated_run.run_id, approved=True, decided_by=supervisor, reply="other text"
    )

    assert again.pk == first.pk
    assert again.execution_result == first.execution_result
    assert again.decided_at == first.decided_at
    assert again.reply_edited is False


def test_the_opposite_decision_raises_a_conflict_with_who_and_when(escalated_run, supervisor):
    first = approval_decide(run_id=escalated_run.run_id, approved=False, decided_by=supervisor)

    with pytest.raises(DecisionConflict) as raised:
        approval_decide(run_id=escalated_run.run_id, approved=True, decided_by=supervisor)

    assert raised.value.extra == {
        "run_id": str(escalated_run.run_id),
        "status": Run.Status.REJECTED,
        "decided_by": "alice",
        "decided_at": first.decided_at.isoformat(),
    }
    assert PendingApproval.objects.get(pk=escalated_run.pk).execution_result is None


def test_the_supervisors_reply_replaces_the_executor(escalated_run, supervisor, monkeypatch):
    def no_executor(*args, **kwargs):
        raise AssertionError("the Executor must not be asked when the supervisor wrote the reply")

    monkeypatch.setattr(services.executor, "draft_reply", no_executor)

    case = approval_decide(
        run_id=escalated_run.run_id, approved=True, decided_by=supervisor, reply="Done, sorry!"
    )

    assert case.status == Run.Status.APPROVED_AND_EXECUTED
    assert case.execution_result == "Done, sorry!"
    assert case.reply_edited is True


@pytest.mark.parametrize("run_id", [uuid.uuid4(), "not-a-uuid", ""])
def test_an_unknown_case_is_not_found(db, supervisor, run_id):
    with pytest.raises(CaseNotFound):
        approval_decide(run_id=run_id, approved=True, decided_by=supervisor)


def test_a_run_answered_automatically_cannot_be_decided(supervisor):
    run = _process("Thanks, lovely service!")

    with pytest.raises(CaseNotFound):
        approval_decide(run_id=run.run_id, approved=False, decided_by=supervisor)

    assert Run.objects.get(pk=run.pk).status == Run.Status.PROCESSED
