"""The protocol every provider implements, and what goes in and out of it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel

from crm_agents.deadline import Deadline


class Task(StrEnum):
    ANALYZE = "analyze"
    BRIEF = "brief"
    REPLY = "reply"


@dataclass(frozen=True)
class LLMRequest:
    """One call, written twice: as a prompt for a language model and as facts.

    A language model reads ``system`` and ``user``; the rule-based local
    provider cannot read prose, so it works from ``facts``, the structured
    inputs the prompt was rendered from. Both describe the same question.
    """

    task: Task
    system: str
    user: str
    temperature: float
    facts: Mapping[str, Any] = field(default_factory=dict)
    # When set, the answer must be JSON of this shape (``LLMResponse.data``).
    response_schema: type[BaseModel] | None = None
    max_output_tokens: int = 512


@dataclass(frozen=True)
class LLMResponse:
    provider: str
    model: str
    text: str | None = None
    data: dict[str, Any] | None = None
    prompt_tokens: int | None = None
    response_tokens: int | None = None


class LLMError(Exception):
    """The provider gave no usable answer; ``reason`` is short and stable, for logs and records."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class LLMProvider(Protocol):
    name: str
    # True when ``generate`` answers from this process without waiting on the
    # network; a run is then decided before it is stored, and written once.
    answers_in_process: bool

    def generate(self, request: LLMRequest, *, deadline: Deadline) -> LLMResponse:
        """Answer ``request`` before ``deadline`` or raise ``LLMError``."""
        ...
