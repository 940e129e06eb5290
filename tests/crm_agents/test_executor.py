"""Executor: the reply's language, the action it may promise, and the supervisor's guidance."""

from __future__ import annotations

import re

import pytest

from crm_agents import executor
from crm_agents.deadline import Deadline
from crm_agents.providers.base import Task
from crm_agents.schemas import Action, Analysis, Intent, Sentiment

MESSAGE = "Quiero un reembolso, el producto llegó roto"
SPANISH_REFUND = Analysis(Sentiment.NEGATIVE, Intent.REFUND_REQUEST, "es")
GUIDANCE = "Offer a 10% voucher as well, the customer is a long-standing client."


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"\w+", text)}


def test_the_request_names_the_reply_language_and_the_action():
    request = executor.build_request(MESSAGE, SPANISH_REFUND, Action.PROCESS_REFUND, guidance=None)

    assert request.task == Task.REPLY
    assert request.temperature == 0.3
    assert request.response_schema is None
    assert request.user.startswith(
        f"Reply language: es. What to do: {executor.ACTION_BRIEFS[Action.PROCESS_REFUND]}\n"
    )
    assert request.user.endswith(f"<customer_message>\n{MESSAGE}\n</customer_message>")
    assert "Supervisor's guidance" not in request.user
    assert request.facts["language"] == "es"
    assert request.facts["action"] == Action.PROCESS_REFUND


@pytest.mark.parametrize("action", list(Action))
def test_every_action_has_a_brief(action):
    request = executor.build_request(MESSAGE, SPANISH_REFUND, action, guidance=None)

    assert executor.ACTION_BRIEFS[action] in request.user


def test_guidance_reaches_the_prompt_outside_the_customer_block():
    request = executor.build_request(
        MESSAGE, SPANISH_REFUND, Action.ESCALATE_TO_HUMAN, guidance=GUIDANCE
    )

    guidance_at = request.user.index(f"Supervisor's guidance: {GUIDANCE}\n")
    assert guidance_at < request.user.index("<customer_message>")
    assert request.facts["guidance"] == GUIDANCE


def test_empty_guidance_adds_nothing():
    request = executor.build_request(MESSAGE, SPANISH_REFUND, Action.ESCALATE_TO_HUMAN, guidance="")

    assert "Supervisor's guidance" not in request.user


def test_guidance_reaches_gemini(gemini_emulator, gemini_provider, local_provider):
    result = executor.draft_reply(
        MESSAGE,
        SPANISH_REFUND,
        Action.ESCALATE_TO_HUMAN,
        client_id="c",
        guidance=GUIDANCE,
        provider=gemini_provider,
        fallback=local_provider,
        deadline=Deadline(5),
    )

    (sent,) = gemini_emulator.requests
    assert f"Supervisor's guidance: {GUIDANCE}" in sent.user_text
    assert "Reply language: es." in sent.user_text
    assert GUIDANCE not in sent.system_text
    assert sent.temperature == 0.3
    assert (result.record.provider, result.record.fallback) == ("gemini", False)


def _local_reply(message, analysis, action, local_provider, *, guidance=None):
    return executor.draft_reply(
        message,
        analysis,
        action,
        client_id="c",
        guidance=guidance,
        provider=local_provider,
        fallback=local_provider,
        deadline=Deadline(5),
    )


def test_the_local_reply_is_in_spanish_for_a_spanish_customer(local_provider):
    result = _local_reply(
        MESSAGE,
        SPANISH_REFUND,
        Action.PROCESS_REFUND,
        local_provider,
    )

    words = _words(result.value)
    assert words & {"su", "le", "gracias", "reembolso", "lamentamos"}
    assert not words & {"the", "your", "thank", "we"}


def test_the_local_reply_is_in_english_for_a_language_it_does_not_write(local_provider):
    french = Analysis(Sentiment.NEUTRAL, Intent.GENERAL_INQUIRY, "fr")

    result = _local_reply(
        "Bonjour, où est ma commande ?",
        french,
        Action.SEND_STANDARD_RESPONSE,
        local_provider,
    )

    assert _words(result.value) & {"the", "your", "thank", "we"}


def test_a_standard_response_does_not_promise_a_refund(local_provider):
    asks_refund = Analysis(Sentiment.NEUTRAL, Intent.REFUND_REQUEST, "en")

    result = _local_reply(
        "Can I get a refund?",
        asks_refund,
        Action.SEND_STANDARD_RESPONSE,
        local_provider,
    )

    assert "refund" not in result.value.lower()


def test_an_approved_escalation_may_promise_the_refund(local_provider):
    result = _local_reply(
        "I want my money back, this is terrible",
        Analysis(Sentiment.NEGATIVE, Intent.REFUND_REQUEST, "en"),
        Action.ESCALATE_TO_HUMAN,
        local_provider,
        guidance="Approved.",
    )

    assert "refund" in result.value.lower()
