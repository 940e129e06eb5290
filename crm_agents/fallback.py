"""Run one agent step on the configured provider, falling back to the local one."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from crm_agents.deadline import Deadline
from crm_agents.providers.base import LLMError, LLMProvider, LLMRequest, LLMResponse
from crm_agents.schemas import StepRecord, StepResult

logger = logging.getLogger(__name__)

T = TypeVar("T")


def run_with_fallback(
    step: str,
    request: LLMRequest,
    *,
    provider: LLMProvider,
    fallback: LLMProvider,
    deadline: Deadline,
    parse: Callable[[LLMResponse], T],
) -> StepResult[T]:
    """Ask ``provider``; if it fails or its answer does not ``parse``, ask ``fallback``.

    ``parse`` turns a response into the step's value and raises ``ValueError``
    for an answer that is unusable (out of the allowed labels, empty text...):
    such an answer is treated like a failed call, never passed on. The fallback
    (the local provider) does not fail, so a step always yields a value.
    """
    started = time.perf_counter()
    error: str | None = None
    if provider is not fallback:
        try:
            response = provider.generate(request, deadline=deadline)
            value = parse(response)
        except LLMError as exc:
            error = exc.reason
        except ValueError as exc:
            error = "invalid_output"
            logger.warning("step=%s provider=%s rejected output: %s", step, provider.name, exc)
        else:
            return StepResult(value, _record(step, response, started, error=None))
    response = fallback.generate(request, deadline=deadline)
    return StepResult(parse(response), _record(step, response, started, error=error))


def parse_text(response: LLMResponse) -> str:
    """The ``parse`` of steps that answer in prose: any non-blank text will do."""
    text = (response.text or "").strip()
    if not text:
        raise ValueError("empty text")
    return text


def _record(step: str, response: LLMResponse, started: float, *, error: str | None) -> StepRecord:
    return StepRecord(
        step=step,
        provider=response.provider,
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
        prompt_tokens=response.prompt_tokens,
        response_tokens=response.response_tokens,
        fallback=error is not None,
        error=error,
    )


def describe_step(record: StepRecord) -> str:
    """The per-step part of an agent's log line: who answered, how fast, at what cost."""
    text = (
        f"provider={record.provider} latency_ms={record.latency_ms:.1f} "
        f"tokens_in={record.prompt_tokens} tokens_out={record.response_tokens}"
    )
    if record.fallback:
        text += f" fallback=true reason={record.error}"
    return text
