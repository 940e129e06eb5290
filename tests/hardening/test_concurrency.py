"""Nothing done twice: duplicate deliveries and racing decisions, in threads and across
two server processes sharing one PostgreSQL database."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection
from rest_framework_simplejwt.tokens import AccessToken

from crm_agents import analyst, executor
from pipeline.models import Run
from tests.concurrency import concurrently
from tests.conftest import WEBHOOK_KEY
from tests.hardening.live import Server, agent_calls, database_url

OTHER_KEY = "test-webhook-key-next"
WEBHOOK = "/api/v1/webhook/messages"
DECIDE = "/api/v1/supervisor/decide"
PAYLOAD = {
    "client_id": "CRM-race",
    "message": "I want a refund, this is unacceptable!",
    "timestamp": "2026-02-26T08:00:00Z",
}

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL: SQLite's in-memory test database, shared "
    "between threads, answers 'table is locked' at once (SQLITE_LOCKED ignores the busy "
    "timeout), and other processes cannot open it",
)


def pending_case(client_id: str = "CRM-case") -> Run:
    return Run.objects.create(
        client_id=client_id,
        message="I want a refund, this is unacceptable!",
        timestamp="2026-02-26T08:00:00Z",
        sentiment="negative",
        intent="refund_request",
        language="en",
        proposed_action="escalate_to_human",
        supervisor_note="Angry customer asking for a refund.",
        status=Run.Status.PENDING_APPROVAL,
        sender="key:test",
        request_hash=uuid.uuid4().hex,
    )


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {AccessToken.for_user(user)}"}


class ServerPair:
    """Two gunicorn processes on the test database, with slow agents to widen races."""

    def __init__(self, calls_log):
        self.calls_log = calls_log
        env = {"ANALYST_DELAY_SECONDS": "0.5", "EXECUTOR_DELAY_SECONDS": "0.5"}
        url = database_url(connection.settings_dict)
        self.servers = [Server(url, calls_log, env=env) for _ in range(2)]

    def calls(self, agent: str) -> int:
        return len(agent_calls(self.calls_log, agent))


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    """Started once for the module's tests (each test's data is still its own)."""
    if connection.vendor != "postgresql":
        pytest.skip("two server processes need PostgreSQL")
    pair = ServerPair(tmp_path_factory.mktemp("servers") / "agent-calls.log")
    try:
        Server.start_all(pair.servers)
        yield pair
    finally:
        Server.stop_all(pair.servers)


# --- Idempotent intake -------------------------------------------------------------------


@pytest.fixture
def counted_analyst(monkeypatch):
    """Count pipeline executions in this process; each takes a moment, as with a model."""
    calls = []
    lock = threading.Lock()
    real = analyst.analyze

    def analyze(*args, **kwargs):
        with lock:
            calls.append(kwargs.get("client_id"))
        threading.Event().wait(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(analyst, "analyze", analyze)
    return calls


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_against_a_live_server_run_once(live_server, counted_analyst):
    sent = 20

    def deliver(_):
        return requests.post(
            live_server.url + WEBHOOK,
            json=PAYLOAD,
            headers={"X-Api-Key": WEBHOOK_KEY, "Idempotency-Key": "evt-0001"},
            timeout=60,
        )

    answers = concurrently(sent, deliver)
    ok = [a for a in answers if a.status_code == 200]
    in_flight = [a for a in answers if a.status_code == 409]
    assert len(ok) + len(in_flight) == sent, [a.status_code for a in answers]
    assert {a.json()["code"] for a in in_flight} <= {"delivery_in_progress"}
    assert ok and all(a.json() == ok[0].json() for a in ok)
    assert Run.objects.count() == 1
    assert str(Run.objects.get().run_id) == ok[0].json()["run_id"]
    assert len(counted_analyst) == 1

    # The same key from another API client is another delivery.
    other = requests.post(
        live_server.url + WEBHOOK,
        json=PAYLOAD,
        headers={"X-Api-Key": OTHER_KEY, "Idempotency-Key": "evt-0001"},
        timeout=60,
    )
    assert other.status_code == 200
    assert other.json()["run_id"] != ok[0].json()["run_id"]
    # The same key with another message is refused.
    reused = requests.post(
        live_server.url + WEBHOOK,
        json={**PAYLOAD, "message": "Something else"},
        headers={"X-Api-Key": WEBHOOK_KEY, "Idempotency-Key": "evt-0001"},
        timeout=60,
    )
    assert reused.status_code == 409
    assert reused.json()["code"] == "idempotency_key_reused"
    assert Run.objects.count() == 2
    assert len(counted_analyst) == 2


@pytest.mark.django_db
def test_idempotency_rules_one_request_at_a_time(api_client, monkeypatch):
    """The same rules without concurrency, on any database."""
    calls = []
    real = analyst.analyze
    monkeypatch.setattr(analyst, "analyze", lambda *a, **k: calls.append(1) or real(*a, **k))

    def deliver(key=WEBHOOK_KEY, **headers_and_fields):
        api_client.credentials(HTTP_X_API_KEY=key)
        fields = {k: v for k, v in headers_and_fields.items() if not k.startswith("HTTP_")}
        headers = {k: v for k, v in headers_and_fields.items() if k.startswith("HTTP_")}
        return api_client.post(WEBHOOK, {**PAYLOAD, **fields}, format="json", **headers)

    first = deliver(HTTP_IDEMPOTENCY_KEY="evt-1")
    assert deliver(HTTP_IDEMPOTENCY_KEY="evt-1").json() == first.json()
    # The body field is the same key; the header wins when both are sent.
    assert deliver(message_id="evt-1").json() == first.json()
    assert deliver(message_id="other", HTTP_IDEMPOTENCY_KEY="evt-1").json() == first.json()
    assert len(calls) == 1
    reused = deliver(message="Another message", HTTP_IDEMPOTENCY_KEY="evt-1")
    assert (reused.status_code, reused.json()["code"]) == (409, "idempotency_key_reused")
    assert reused.json()["run_id"] == first.json()["run_id"]
    other_sender = deliver(OTHER_KEY, HTTP_IDEMPOTENCY_KEY="evt-1")
    assert other_sender.json()["run_id"] != first.json()["run_id"]
    # Without a key, every delivery is a new message, as in the original.
    assert deliver().json()["run_id"] != deliver().json()["run_id"]
    assert Run.objects.count() == 4
    assert len(calls) == 4


@pytest.mark.django_db(transaction=True)
def test_a_retry_after_a_decision_gets_the_first_answer(webhook_client, supervisor_client):
    """Meta retries for days: the retry's body is the one the first delivery got."""
    first = webhook_client.post(WEBHOOK, {**PAYLOAD, "message_id": "wamid.1"}, format="json")
    assert first.json()["status"] == "pending_approval"
    supervisor_client.post(
        DECIDE, {"run_id": first.json()["run_id"], "approved": True}, format="json"
    )
    retry = webhook_client.post(WEBHOOK, {**PAYLOAD, "message_id": "wamid.1"}, format="json")
    assert retry.status_code == 200
    assert retry.json() == first.json()
    assert Run.objects.count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_duplicates_across_two_server_processes_run_once(servers):
    one, two = servers.servers
    before = servers.calls("analyst")
    sent = 40

    def deliver(i):
        server = (one, two)[i % 2]
        key = WEBHOOK_KEY if i < sent else OTHER_KEY
        return server.post(WEBHOOK, PAYLOAD, {"X-Api-Key": key, "Idempotency-Key": "evt-multi"})

    answers = concurrently(sent, deliver)
    codes = [a.status_code for a in answers]
    ok = [a.json() for a in answers if a.status_code == 200]
    assert set(codes) <= {200, 409}, codes
    assert all(a.json()["code"] == "delivery_in_progress" for a in answers if a.status_code == 409)
    assert ok and all(body == ok[0] for body in ok)
    assert Run.objects.count() == 1
    assert servers.calls("analyst") - before == 1
    print(f"duplicates sent={sent} answered 200={len(ok)} 409={codes.count(409)} runs stored=1")


# --- Exactly-once decisions ----------------------------------------------------------------


def race_decisions(servers, case, user, count: int = 20, approved=lambda i: i % 2 == 0):
    headers = bearer(user)

    def decide(i):
        server = servers[i % len(servers)]
        return server.post(DECIDE, {"run_id": str(case.run_id), "approved": approved(i)}, headers)

    return concurrently(count, decide)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_approvals_call_the_executor_once(servers, supervisor):
    """Repeats of one decision, as from double clicks on two consoles: one reply drafted,
    and every request gets the recorded result (the late ones wait while it is drafted)."""
    case = pending_case("CRM-approvals")
    before = servers.calls("executor")
    answers = race_decisions(servers.servers, case, supervisor, approved=lambda i: True)
    assert [a.status_code for a in answers] == [200] * 20
    assert all(a.json() == answers[0].json() for a in answers)
    assert answers[0].json()["status"] == "approved_and_executed"
    assert servers.calls("executor") - before == 1
    case.refresh_from_db()
    assert [step["step"] for step in case.steps].count("executor") == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_racing_decisions_across_two_processes_decide_once(servers, supervisor):
    pair = servers.servers
    outcomes = []
    for n in range(3):  # a few races, so that both outcomes are likely to be exercised
        case = pending_case(f"CRM-race-{n}")
        before = servers.calls("executor")
        answers = race_decisions(pair, case, supervisor)
        case.refresh_from_db()
        assert case.status in (Run.Status.APPROVED_AND_EXECUTED, Run.Status.REJECTED)
        winners = [a for a in answers if a.status_code == 200]
        losers = [a for a in answers if a.status_code != 200]
        # Every request for the recorded decision got the recorded result ...
        assert len(winners) == 10, [a.status_code for a in answers]
        assert all(a.json() == winners[0].json() for a in winners)
        assert winners[0].json()["status"] == case.status
        # ... and every request for the other one a conflict.
        assert {(a.status_code, a.json()["code"]) for a in losers} == {(409, "already_decided")}
        executor_calls = servers.calls("executor") - before
        assert executor_calls == (1 if case.approved else 0)
        steps = [
            s for s in case.steps if s.get("step") == "executor" or s.get("agent") == "executor"
        ]
        assert len(steps) <= 1
        outcomes.append((case.status, executor_calls))
    print(f"racing decisions: 3 x 20 requests -> outcomes and executor calls {outcomes}")


@pytest.mark.django_db(transaction=True)
def test_racing_decisions_through_the_service_decide_once(supervisor):
    """The service the API and the admin share, called from twenty threads at once."""
    from pipeline.errors import DecisionConflict
    from pipeline.services import approval_decide

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers for the whole database; PostgreSQL locks rows")
    case = pending_case()
    calls = []
    real = executor.draft_reply

    def draft_reply(*args, **kwargs):
        calls.append(1)
        threading.Event().wait(0.3)
        return real(*args, **kwargs)

    executor.draft_reply, original = draft_reply, executor.draft_reply
    try:

        def decide(i):
            try:
                return approval_decide(
                    run_id=case.run_id, approved=i % 2 == 0, decided_by=supervisor
                ).status
            except DecisionConflict:
                return "conflict"
            finally:
                connection.close()

        results = concurrently(20, decide)
    finally:
        executor.draft_reply = original
    case.refresh_from_db()
    assert results.count("conflict") == 10
    assert set(results) == {case.status, "conflict"}
    assert len(calls) == (1 if case.approved else 0)


# --- No lock held across an LLM call -------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_slow_executor_blocks_nobody_else(live_server, supervisor, monkeypatch):
    """While one approval waits on the Executor, the list, other cases and even a
    conflicting decision on the same case are answered; then the approval completes."""
    slow_case, other_case = pending_case("CRM-slow"), pending_case("CRM-other")
    entered, release = threading.Event(), threading.Event()
    real = executor.draft_reply

    def slow_draft_reply(*args, **kwargs):
        entered.set()
        release.wait(30)  # bounded: the test releases it as soon as it has looked around
        return real(*args, **kwargs)

    monkeypatch.setattr(executor, "draft_reply", slow_draft_reply)
    headers = bearer(supervisor)
    url = live_server.url

    with ThreadPoolExecutor(1) as pool:
        approval = pool.submit(
            requests.post,
            url + DECIDE,
            json={"run_id": str(slow_case.run_id), "approved": True},
            headers=headers,
            timeout=60,
        )
        try:
            assert entered.wait(30), "the Executor was never called"
            pending = requests.get(url + "/api/v1/supervisor/pending", headers=headers, timeout=10)
            other = requests.post(
                url + DECIDE,
                json={"run_id": str(other_case.run_id), "approved": False},
                headers=headers,
                timeout=10,
            )
            conflicting = requests.post(
                url + DECIDE,
                json={"run_id": str(slow_case.run_id), "approved": False},
                headers=headers,
                timeout=10,
            )
            slow_case.refresh_from_db()
            still_executing = slow_case.status
            approval_done_early = approval.done()
        finally:
            release.set()
        approved = approval.result(timeout=60)

    assert not approval_done_early
    assert still_executing == Run.Status.EXECUTING
    assert pending.status_code == 200
    assert [item["run_id"] for item in pending.json()] == [str(other_case.run_id)]
    assert other.status_code == 200 and other.json()["status"] == "rejected"
    assert conflicting.status_code == 409 and conflicting.json()["code"] == "already_decided"
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved_and_executed"
