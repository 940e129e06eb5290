"""No database connection is held while an LLM call is in flight.

Served with hundreds of threads per process, requests that kept their
connection through seconds of LLM latency would exhaust the pool while using
none of it. These tests look at the connection from inside the LLM call.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection

from crm_agents.providers.base import LLMRequest, LLMResponse
from crm_agents.providers.local import LocalProvider
from pipeline import services
from pipeline.models import Run


class ConnectionProbe:
    """Answers like the local provider and notes what the database connection looks like."""

    name = "probe"
    answers_in_process = False  # it stands for a provider that waits on the network

    def __init__(self):
        self.seen: list[dict] = []
        self._local = LocalProvider()

    def generate(self, request: LLMRequest, *, deadline) -> LLMResponse:
        stats = connection.pool.get_stats()
        self.seen.append(
            {
                "task": request.task,
                "thread_holds_connection": connection.connection is not None,
                "pool_size": stats["pool_size"],
                "pool_available": stats["pool_available"],
            }
        )
        response = self._local.generate(request, deadline=deadline)
        return LLMResponse(
            provider=self.name, model="probe", text=response.text, data=response.data
        )


@pytest.fixture
def probe(monkeypatch) -> ConnectionProbe:
    if connection.vendor != "postgresql":
        pytest.skip("the connection pool exists only with PostgreSQL (set DATABASE_URL)")
    probe = ConnectionProbe()
    monkeypatch.setattr(services, "configured_provider", lambda: probe)
    return probe


def _assert_all_returned(seen: list[dict]) -> None:
    assert seen, "the probe was never called"
    for call in seen:
        assert not call["thread_holds_connection"], call
        # Nothing else uses the pool in this test: every connection is back in it.
        assert call["pool_available"] == call["pool_size"] > 0, call


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_message_processing_gives_the_connection_back_before_the_agents_run(probe):
    run = services.message_process(
        client_id="CRM-POOL",
        message="Hi, could you tell me your opening hours?",
        timestamp=datetime.now(UTC),
        sender="key:test",
    )

    assert [call["task"] for call in probe.seen] == ["analyze", "reply"]
    _assert_all_returned(probe.seen)
    # The connection is taken again afterwards: the run was stored.
    assert Run.objects.get(pk=run.pk).status == Run.Status.PROCESSED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_approval_gives_the_connection_back_before_the_executor_runs(probe, supervisor):
    run = services.message_process(
        client_id="CRM-POOL",
        message="I want a refund, this is unacceptable!",
        timestamp=datetime.now(UTC),
        sender="key:test",
    )
    assert run.status == Run.Status.PENDING_APPROVAL
    probe.seen.clear()

    case = services.approval_decide(run_id=run.run_id, approved=True, decided_by=supervisor)

    assert [call["task"] for call in probe.seen] == ["reply"]
    _assert_all_returned(probe.seen)
    assert case.status == Run.Status.APPROVED_AND_EXECUTED
