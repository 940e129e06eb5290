"""The two use cases that write: processing a customer message, and deciding a case.

Both keep LLM calls outside any transaction and any row lock: a slow model must
never hold up the pending list or decisions on other cases.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from crm_agents import analyst, executor, triage
from crm_agents.deadline import Deadline
from crm_agents.schemas import Action, Analysis, Intent, Sentiment
from pipeline.errors import (
    DecisionConflict,
    DecisionInProgress,
    DeliveryInProgress,
    IdempotencyKeyReused,
)
from pipeline.locks import escalated_case_lock
from pipeline.models import PendingApproval, Run
from pipeline.providers import configured_provider, fallback_provider

logger = logging.getLogger(__name__)

# How often a duplicate request looks again at a run another request is working on.
_POLL_SECONDS = 0.1


def message_process(
    *,
    client_id: str,
    message: str,
    timestamp: datetime,
    sender: str,
    idempotency_key: str | None = None,
) -> Run:
    """Run a customer message through Analyst → Triage → Executor, or escalate it.

    The run is stored before the first LLM call, so an accepted message is
    never lost, and completed afterwards. With an ``idempotency_key``, a
    retried delivery from the same ``sender`` gets the first run back and
    nothing runs twice: the database's unique constraint decides which request
    is first, not a check-then-insert. A delivery without a key has nothing to
    claim; when every step answers in this process (the local provider), its
    run is decided first and written once, complete.
    """
    request_hash = _request_hash(client_id, message, timestamp)
    run = Run(
        client_id=client_id,
        message=message,
        timestamp=timestamp,
        sender=sender,
        idempotency_key=idempotency_key,
        request_hash=request_hash,
    )
    decided_first = idempotency_key is None and configured_provider().answers_in_process
    if decided_first:
        _run_fill(run, _pipeline_outcome(run))
    try:
        _run_insert(run)
    except IntegrityError:
        if idempotency_key is None:
            raise
        first = Run.objects.get(sender=sender, idempotency_key=idempotency_key)
        if first.request_hash != request_hash:
            raise IdempotencyKeyReused(run_id=str(first.run_id)) from None
        logger.info("client=%s duplicate delivery of run=%s", client_id, first.run_id)
        return _delivery_replay(first)
    if decided_first:
        _run_log(run)
        return run
    return _run_pipeline(run)


def _run_insert(run: Run) -> None:
    if connection.in_atomic_block:
        # Inside a caller's transaction a duplicate key would break it: a savepoint
        # contains the IntegrityError. In autocommit mode the INSERT is a transaction
        # of its own and needs neither (nor the BEGIN and COMMIT round trips).
        with transaction.atomic():
            run.save(force_insert=True)
    else:
        run.save(force_insert=True)


def _request_hash(client_id: str, message: str, timestamp: datetime) -> str:
    canonical = "\x1f".join((client_id, message, timestamp.isoformat()))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _delivery_replay(first: Run) -> Run:
    """The first delivery's run, once it is finished; a stale unfinished one is taken over."""
    if first.status != Run.Status.RECEIVED:
        return first
    if _claim_stale(first, Run.Status.RECEIVED):
        return _run_pipeline(first)
    finished = _wait_until_not(first, Run.Status.RECEIVED)
    if finished is None:
        raise DeliveryInProgress(run_id=str(first.run_id))
    return finished


def _run_pipeline(run: Run) -> Run:
    """Complete a stored run; its database connection is given back while the LLM answers."""
    _db_connection_release()
    fields = _pipeline_outcome(run)
    # Conditional on RECEIVED: if a stale run was taken over meanwhile, the first
    # writer wins and the other returns what was stored.
    if Run.objects.filter(pk=run.pk, status=Run.Status.RECEIVED).update(**fields):
        # The row now holds exactly ``fields``: no need to read it back.
        _run_fill(run, fields)
    else:
        run.refresh_from_db()
    _run_log(run)
    return run


def _pipeline_outcome(run: Run) -> dict:
    """The three agents on ``run``'s message: the fields that record their outcome."""
    deadline = Deadline(settings.LLM_TOTAL_TIMEOUT)
    agents = {
        "client_id": run.client_id,
        "provider": configured_provider(),
        "fallback": fallback_provider(),
        "deadline": deadline,
    }
    analysis_step = analyst.analyze(run.message, **agents)
    analysis = analysis_step.value
    decision = triage.triage(
        run.message,
        analysis,
        timestamp=run.timestamp,
        now=timezone.now(),
        threshold_hours=settings.SLA_THRESHOLD_HOURS,
        **agents,
    )
    records = [analysis_step.record, *decision.records]
    messages = [{"role": "customer", "content": run.message}]
    fields = {
        "sentiment": analysis.sentiment.value,
        "intent": analysis.intent.value,
        "language": analysis.language,
        "sla_breached": decision.sla_breached,
        "proposed_action": decision.proposed_action.value,
        "supervisor_note": decision.supervisor_note,
        "status": Run.Status.PENDING_APPROVAL,
    }
    if decision.proposed_action != Action.ESCALATE_TO_HUMAN:
        reply = executor.draft_reply(run.message, analysis, decision.proposed_action, **agents)
        records.append(reply.record)
        messages.append({"role": "agent", "content": reply.value})
        fields.update(
            status=Run.Status.PROCESSED, execution_result=reply.value, executed_at=timezone.now()
        )
    fields.update(
        degraded=any(record.fallback for record in records),
        agent_state={"messages": messages, "steps": [record.as_dict() for record in records]},
        updated_at=timezone.now(),
    )
    return fields


def _run_fill(run: Run, fields: dict) -> None:
    for name, value in fields.items():
        setattr(run, name, value)


def _run_log(run: Run) -> None:
    logger.info(
        "run=%s client=%s status=%s degraded=%s",
        run.run_id,
        run.client_id,
        run.status,
        run.degraded,
    )


def approval_decide(
    *,
    run_id,
    approved: bool,
    decided_by,
    reason: str = "",
    reply: str | None = None,
) -> PendingApproval:
    """Approve or reject an escalated case: the only way a case gets decided.

    Inside a transaction the case's row is locked and re-checked: only a case
    still pending is decided, with who, when and why. Approval drafts the
    customer's reply with the Executor, after the lock is released (or sends
    ``reply``, the supervisor's own text, as it is). Repeating the decision
    that was taken returns the recorded result; the opposite one raises
    ``DecisionConflict``.
    """
    now = timezone.now()
    with transaction.atomic():
        case = escalated_case_lock(run_id=run_id)
        claimed = case.status == Run.Status.PENDING_APPROVAL
        if claimed:
            case.approved = approved
            case.decided_by = decided_by
            case.decided_at = now
            case.decision_reason = reason
            if not approved:
                case.status = Run.Status.REJECTED
            elif reply:
                case.status = Run.Status.APPROVED_AND_EXECUTED
                case.execution_result = reply
                case.reply_edited = True
                case.executed_at = now
                case.agent_state = _with_message(case.agent_state, "supervisor", reply)
            else:
                case.status = Run.Status.EXECUTING
            case.save()
    if not claimed:
        return _decision_replay(case, approved=approved)
    logger.info(
        "run=%s client=%s decision=%s by=%s",
        case.run_id,
        case.client_id,
        "approved" if approved else "rejected",
        decided_by.get_username(),
    )
    if case.status == Run.Status.EXECUTING:
        return _decision_execute(case)
    return case


def _decision_replay(case: PendingApproval, *, approved: bool) -> PendingApproval:
    if case.approved != approved:
        raise DecisionConflict(
            run_id=str(case.run_id),
            status=case.status,
            decided_by=case.decided_by.get_username() if case.decided_by else None,
            decided_at=case.decided_at.isoformat() if case.decided_at else None,
        )
    if case.status != Run.Status.EXECUTING:
        return case
    if _claim_stale(case, Run.Status.EXECUTING):
        return _decision_execute(case)
    finished = _wait_until_not(case, Run.Status.EXECUTING)
    if finished is None:
        raise DecisionInProgress(run_id=str(case.run_id))
    return PendingApproval.objects.get(pk=finished.pk)


def _decision_execute(case: PendingApproval) -> PendingApproval:
    """Draft and record the approved reply; no transaction is open while the LLM answers."""
    analysis = Analysis(
        sentiment=Sentiment(case.sentiment), intent=Intent(case.intent), language=case.language
    )
    _db_connection_release()
    reply = executor.draft_reply(
        case.message,
        analysis,
        Action(case.proposed_action),
        client_id=case.client_id,
        guidance=case.decision_reason or None,
        provider=configured_provider(),
        fallback=fallback_provider(),
        deadline=Deadline(settings.LLM_TOTAL_TIMEOUT),
    )
    state = _with_message(case.agent_state, "agent", reply.value)
    state["steps"] = [*state.get("steps", []), reply.record.as_dict()]
    Run.objects.filter(pk=case.pk, status=Run.Status.EXECUTING).update(
        status=Run.Status.APPROVED_AND_EXECUTED,
        execution_result=reply.value,
        executed_at=timezone.now(),
        degraded=case.degraded or reply.record.fallback,
        agent_state=state,
        updated_at=timezone.now(),
    )
    return PendingApproval.objects.select_related("decided_by").get(pk=case.pk)


def _db_connection_release() -> None:
    """Give this thread's database connection back before waiting on an LLM.

    A request otherwise keeps its connection until it ends: with hundreds of
    requests waiting seconds on the model, they would hold the whole pool (or
    the server's connection limit) while using none of it. Closing returns the
    connection to the pool; the next query takes one again. Inside a caller's
    transaction it must stay, so nothing is done there.
    """
    if not connection.in_atomic_block:
        connection.close()


def _with_message(state: dict, role: str, content: str) -> dict:
    return {**state, "messages": [*state.get("messages", []), {"role": role, "content": content}]}


def _stale_after() -> timedelta:
    # Past the LLM budget plus a margin, the worker that owned the run is gone.
    return timedelta(seconds=settings.LLM_TOTAL_TIMEOUT + 30)


def _claim_stale(run: Run, status: str) -> bool:
    """Take over a run left in ``status`` by a worker that died; only one claimer wins."""
    cutoff = timezone.now() - _stale_after()
    if run.updated_at >= cutoff:
        return False
    return bool(
        Run.objects.filter(pk=run.pk, status=status, updated_at=run.updated_at).update(
            updated_at=timezone.now()
        )
    )


def _wait_until_not(run: Run, status: str) -> Run | None:
    """Poll until another request moves ``run`` out of ``status``; None if it does not in time."""
    give_up_at = time.monotonic() + settings.LLM_TOTAL_TIMEOUT + 5
    while time.monotonic() < give_up_at:
        # Waiting is idle time too: holding a pooled connection here would starve
        # the very request this one waits for.
        _db_connection_release()
        time.sleep(_POLL_SECONDS)
        current = Run.objects.select_related("decided_by").get(pk=run.pk)
        if current.status != status:
            return current
    return None
