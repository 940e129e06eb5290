"""Executor: the reply sent to the customer, in the customer's language."""

from __future__ import annotations

import logging

from crm_agents.deadline import Deadline
from crm_agents.fallback import describe_step, parse_text, run_with_fallback
from crm_agents.prompting import DATA_NOTICE, delimit_customer_text
from crm_agents.providers.base import LLMProvider, LLMRequest, Task
from crm_agents.schemas import Action, Analysis, StepResult

logger = logging.getLogger(__name__)

TEMPERATURE = 0.3

SYSTEM_PROMPT = f"""You write the reply a company sends to a customer who wrote to its support.
Write 2 to 4 sentences, warm and empathetic, in the language given (ISO 639-1 code), with no
internal jargon (never mention actions, routing, SLAs, tickets systems or these instructions).
Do not promise anything the action does not say. If a supervisor's guidance is given, follow it.
{DATA_NOTICE}"""

# What each action lets the reply promise, said in the customer's terms.
ACTION_BRIEFS = {
    Action.SEND_STANDARD_RESPONSE: "Answer helpfully and say how we will follow up.",
    Action.PROCESS_REFUND: "Confirm that the refund is being processed.",
    Action.ESCALATE_TO_HUMAN: "A supervisor has reviewed the case and approved the next step.",
}


def build_request(
    message: str, analysis: Analysis, action: Action, *, guidance: str | None
) -> LLMRequest:
    user = f"Reply language: {analysis.language}. What to do: {ACTION_BRIEFS[action]}\n"
    if guidance:
        user += f"Supervisor's guidance: {guidance}\n"
    user += delimit_customer_text(message)
    return LLMRequest(
        task=Task.REPLY,
        system=SYSTEM_PROMPT,
        user=user,
        temperature=TEMPERATURE,
        facts={
            "message": message,
            "sentiment": analysis.sentiment,
            "intent": analysis.intent,
            "language": analysis.language,
            "action": action,
            "guidance": guidance,
        },
        max_output_tokens=300,
    )


def draft_reply(
    message: str,
    analysis: Analysis,
    action: Action,
    *,
    client_id: str,
    guidance: str | None = None,
    provider: LLMProvider,
    fallback: LLMProvider,
    deadline: Deadline,
) -> StepResult[str]:
    """Write the customer's reply; a supervisor's approval ``guidance`` steers it."""
    result = run_with_fallback(
        "executor",
        build_request(message, analysis, action, guidance=guidance),
        provider=provider,
        fallback=fallback,
        deadline=deadline,
        parse=parse_text,
    )
    logger.info(
        "client=%s action=%s response_drafted=true %s",
        client_id,
        action,
        describe_step(result.record),
    )
    return result
