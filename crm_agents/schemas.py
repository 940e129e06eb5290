"""The vocabulary the agents share: labels, actions and the records of a run."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Sentiment(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class Intent(StrEnum):
    REFUND_REQUEST = "refund_request"
    SUPPORT_REQUEST = "support_request"
    GENERAL_INQUIRY = "general_inquiry"


class Action(StrEnum):
    SEND_STANDARD_RESPONSE = "send_standard_response"
    PROCESS_REFUND = "process_refund"
    ESCALATE_TO_HUMAN = "escalate_to_human"


# The languages the local provider writes replies in; other detected languages
# are answered in English by it (Gemini answers in any language).
REPLY_LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Analysis:
    """What the Analyst says of one customer message."""

    sentiment: Sentiment
    intent: Intent
    language: str  # ISO 639-1, lower case


@dataclass(frozen=True)
class StepRecord:
    """How one agent step was answered: kept with the run for audit and the admin."""

    step: str  # "analyst" | "triage" | "executor"
    provider: str  # the provider that produced the answer that was used
    latency_ms: float
    prompt_tokens: int | None = None
    response_tokens: int | None = None
    fallback: bool = False
    error: str | None = None  # why the configured provider's answer was not used

    def as_dict(self) -> dict:
        # Every field is a plain value: a shallow copy is the whole dict, at a
        # fraction of asdict()'s recursive copy (this runs for every step stored).
        return {name: getattr(self, name) for name in _STEP_RECORD_FIELDS}


_STEP_RECORD_FIELDS = tuple(field.name for field in fields(StepRecord))


@dataclass
class StepResult(Generic[T]):
    """An agent's answer together with the record of how it was obtained."""

    value: T
    record: StepRecord


@dataclass(frozen=True)
class TriageDecision:
    sla_breached: bool
    proposed_action: Action
    supervisor_note: str | None = None
    records: tuple[StepRecord, ...] = field(default=())
