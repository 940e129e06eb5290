"""Triage: the SLA check and the deterministic routing matrix; a briefing on escalation."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from crm_agents.deadline import Deadline
from crm_agents.fallback import describe_step, parse_text, run_with_fallback
from crm_agents.prompting import DATA_NOTICE, delimit_customer_text
from crm_agents.providers.base import LLMProvider, LLMRequest, Task
from crm_agents.schemas import Action, Analysis, Intent, Sentiment, StepResult, TriageDecision

logger = logging.getLogger(__name__)

TEMPERATURE = 0.1

SYSTEM_PROMPT = f"""You brief a human customer-service supervisor on an escalated case.
Write exactly two sentences in English: what the customer wants and how they feel, then what the
supervisor should weigh before deciding (waiting time, refund, tone). No greeting, no lists.
{DATA_NOTICE}"""


def sla_breached(timestamp: datetime, *, now: datetime, threshold_hours: float) -> bool:
    """True when the customer has waited strictly longer than the threshold.

    A timestamp without an offset is taken as UTC; one in the future (a sender
    whose clock runs ahead) has not waited at all, so it is never breached.
    """
    return now - as_utc(timestamp) > timedelta(hours=threshold_hours)


def as_utc(timestamp: datetime) -> datetime:
    return timestamp if timestamp.tzinfo is not None else timestamp.replace(tzinfo=UTC)


def route(analysis: Analysis, *, breached: bool) -> Action:
    """The routing matrix of the contract, in its order of precedence."""
    if analysis.sentiment == Sentiment.NEGATIVE or breached:
        return Action.ESCALATE_TO_HUMAN
    if analysis.intent == Intent.REFUND_REQUEST:
        return Action.PROCESS_REFUND
    return Action.SEND_STANDARD_RESPONSE


def build_briefing_request(
    message: str, analysis: Analysis, *, breached: bool, hours_waiting: float
) -> LLMRequest:
    user = (
        f"Sentiment: {analysis.sentiment}. Intent: {analysis.intent}. "
        f"Language: {analysis.language}. Waiting: {hours_waiting:.1f} hours "
        f"(SLA {'breached' if breached else 'within limits'}).\n"
        f"{delimit_customer_text(message)}"
    )
    return LLMRequest(
        task=Task.BRIEF,
        system=SYSTEM_PROMPT,
        user=user,
        temperature=TEMPERATURE,
        facts={
            "message": message,
            "sentiment": analysis.sentiment,
            "intent": analysis.intent,
            "language": analysis.language,
            "sla_breached": breached,
            "hours_waiting": hours_waiting,
        },
        max_output_tokens=160,
    )


def triage(
    message: str,
    analysis: Analysis,
    *,
    client_id: str,
    timestamp: datetime,
    now: datetime,
    threshold_hours: float,
    provider: LLMProvider,
    fallback: LLMProvider,
    deadline: Deadline,
) -> TriageDecision:
    """Decide the action; when it is an escalation, also write the supervisor's briefing."""
    breached = sla_breached(timestamp, now=now, threshold_hours=threshold_hours)
    action = route(analysis, breached=breached)
    note = None
    records = ()
    if action == Action.ESCALATE_TO_HUMAN:
        hours_waiting = max(0.0, (now - as_utc(timestamp)).total_seconds() / 3600)
        result: StepResult[str] = run_with_fallback(
            "triage",
            build_briefing_request(
                message, analysis, breached=breached, hours_waiting=hours_waiting
            ),
            provider=provider,
            fallback=fallback,
            deadline=deadline,
            parse=parse_text,
        )
        note = result.value
        records = (result.record,)
        logger.info(
            "client=%s sla_breached=%s proposed_action=%s %s",
            client_id,
            breached,
            action,
            describe_step(result.record),
        )
    else:
        logger.info("client=%s sla_breached=%s proposed_action=%s", client_id, breached, action)
    return TriageDecision(
        sla_breached=breached, proposed_action=action, supervisor_note=note, records=records
    )
