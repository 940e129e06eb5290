"""Analyst: sentiment, intent and language of a customer message, in one call."""

from __future__ import annotations

import logging

from pydantic import BaseModel, Field, ValidationError

from crm_agents.deadline import Deadline
from crm_agents.fallback import describe_step, run_with_fallback
from crm_agents.prompting import DATA_NOTICE, delimit_customer_text
from crm_agents.providers.base import LLMProvider, LLMRequest, LLMResponse, Task
from crm_agents.schemas import Analysis, Intent, Sentiment, StepResult

logger = logging.getLogger(__name__)

TEMPERATURE = 0.0

SYSTEM_PROMPT = f"""You classify customer-service messages for a CRM.
Return JSON with:
- sentiment: "positive", "neutral" or "negative" (how the customer feels now; complaints, anger,
  frustration and disappointment are negative even when polite);
- intent: "refund_request" (wants money back, or asks about a refund they requested),
  "support_request" (needs help with a problem, an order, an account or a change),
  or "general_inquiry" (questions, information, feedback, anything else);
- language: the ISO 639-1 code of the language the message is written in ("en", "es", ...).
{DATA_NOTICE}"""


class AnalystOutput(BaseModel):
    """The JSON shape asked of the model (also sent to Gemini as the response schema)."""

    sentiment: Sentiment
    intent: Intent
    language: str = Field(description="ISO 639-1 code, two lower-case letters")


def build_request(message: str) -> LLMRequest:
    return LLMRequest(
        task=Task.ANALYZE,
        system=SYSTEM_PROMPT,
        user=delimit_customer_text(message),
        temperature=TEMPERATURE,
        facts={"message": message},
        response_schema=AnalystOutput,
        max_output_tokens=64,
    )


def parse_analysis(response: LLMResponse) -> Analysis:
    try:
        output = AnalystOutput.model_validate(response.data or {})
    except ValidationError as exc:
        raise ValueError(f"analysis outside the schema: {exc.errors()[0]['msg']}") from exc
    language = output.language.strip().lower()
    # isalpha() alone accepts any script ("ελ", "ñe"); ISO 639-1 codes are ASCII.
    if len(language) != 2 or not (language.isascii() and language.isalpha()):
        raise ValueError(f"language is not an ISO 639-1 code: {output.language!r}")
    return Analysis(sentiment=output.sentiment, intent=output.intent, language=language)


def analyze(
    message: str,
    *,
    client_id: str,
    provider: LLMProvider,
    fallback: LLMProvider,
    deadline: Deadline,
) -> StepResult[Analysis]:
    """Classify ``message``; on any provider failure the local analyzer's labels are used."""
    result = run_with_fallback(
        "analyst",
        build_request(message),
        provider=provider,
        fallback=fallback,
        deadline=deadline,
        parse=parse_analysis,
    )
    analysis = result.value
    logger.info(
        "client=%s sentiment=%s intent=%s language=%s %s",
        client_id,
        analysis.sentiment,
        analysis.intent,
        analysis.language,
        describe_step(result.record),
    )
    return result
