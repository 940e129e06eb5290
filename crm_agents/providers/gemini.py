"""The Gemini provider: Google's google-genai SDK, with retries, a deadline and a circuit breaker.

What the SDK does not do for us (see the project's notes on it): it has no
timeout and no retries by default, its timeouts and connection failures are
``httpx2`` exceptions rather than its own ``APIError``, and ``response.parsed``
quietly becomes ``None`` for an answer that is not JSON, breaks the schema or
was cut short. Every one of those cases is turned here into an ``LLMError``
with a short stable reason, so that the agents fall back to the local provider.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import random
import time
from collections.abc import Callable
from typing import Any

import httpx2
from google import genai
from google.genai import errors, types
from pydantic import BaseModel

from crm_agents.deadline import Deadline
from crm_agents.providers.base import LLMError, LLMRequest, LLMResponse
from crm_agents.providers.resilience import (
    CircuitBreaker,
    RetryPolicy,
    call_with_retries,
    counts_against_service,
)

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "gemini-2.5-flash-lite"

# Pinned rather than left to the SDK's default (v1), which could move with an
# upgrade; v1beta is the version Google's REST examples for the Gemini API use.
API_VERSION = "v1beta"

# Candidates stopped for one of these reasons carry no answer we may use.
_BLOCKED_FINISH_REASONS = frozenset(
    {
        types.FinishReason.SAFETY,
        types.FinishReason.RECITATION,
        types.FinishReason.BLOCKLIST,
        types.FinishReason.PROHIBITED_CONTENT,
        types.FinishReason.SPII,
    }
)


class GeminiProvider:
    """Asks Gemini, within the caller's deadline, and raises ``LLMError`` when that fails.

    Holds one SDK client (and so one HTTP connection pool) for its lifetime:
    build one provider per process and share it between threads. The breaker
    is shared too, so all threads stop calling Gemini together when it is down.

    ``call_timeout_s`` bounds one HTTP attempt; ``max_attempts`` counts the
    first one; backoff between attempts starts at ``initial_backoff_s`` and
    doubles up to ``max_backoff_s``, plus up to ``jitter_s``. Whatever these
    say, one ``generate`` never outlasts its ``deadline``.

    ``max_connections`` caps the HTTP connections to Gemini, all kept alive:
    give it at least the number of threads that may call at once (the server's
    threads per process), or calls queue for a connection inside the SDK.
    """

    name = "gemini"
    answers_in_process = False

    def __init__(
        self,
        api_key: str,
        model: str = DEFAULT_MODEL,
        base_url: str | None = None,
        call_timeout_s: float = 10.0,
        max_attempts: int = 3,
        breaker: CircuitBreaker | None = None,
        *,
        initial_backoff_s: float = 0.5,
        max_backoff_s: float = 4.0,
        jitter_s: float = 0.25,
        min_attempt_s: float = 0.1,
        max_connections: int = 256,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
    ):
        if not api_key:
            # The SDK would fall back to GOOGLE_API_KEY / GEMINI_API_KEY from the
            # environment; the key must come from our settings, visibly.
            raise ValueError("a Gemini API key is required")
        if call_timeout_s <= 0:
            raise ValueError("call_timeout_s must be positive")
        self.model = model
        self.call_timeout_s = call_timeout_s
        self.retry_policy = RetryPolicy(
            max_attempts=max_attempts,
            initial_backoff_s=initial_backoff_s,
            max_backoff_s=max_backoff_s,
            jitter_s=jitter_s,
            min_attempt_s=min_attempt_s,
        )
        self.breaker = breaker if breaker is not None else CircuitBreaker()
        self._sleep = sleep
        self._rand = rand
        self._client = genai.Client(
            api_key=api_key,
            # Explicit, so that GOOGLE_GENAI_USE_VERTEXAI (or _ENTERPRISE) in the
            # environment cannot switch us to another API with other credentials.
            vertexai=False,
            http_options=types.HttpOptions(
                base_url=base_url,
                api_version=API_VERSION,
                timeout=_milliseconds(call_timeout_s),
                # httpx's default pool (100 connections, 20 kept alive) would make
                # a threaded server queue for connections and reconnect all the time.
                client_args={
                    "limits": httpx2.Limits(
                        max_connections=max_connections,
                        max_keepalive_connections=max_connections,
                    )
                },
                # No retry_options: the SDK then makes one attempt, and retries
                # happen in ``generate``, where the deadline is known.
            ),
        )

    def generate(self, request: LLMRequest, *, deadline: Deadline) -> LLMResponse:
        """Answer ``request`` before ``deadline`` or raise ``LLMError``."""
        if deadline.remaining() < self.retry_policy.min_attempt_s:
            raise LLMError("deadline_exceeded", "no time left for a call")
        if not self.breaker.allow():
            raise LLMError(
                "circuit_open", f"Gemini is failing; next try in {self.breaker.retry_after():.0f} s"
            )
        config = _base_config(
            request.system, request.temperature, request.max_output_tokens, request.response_schema
        )
        try:
            response = call_with_retries(
                functools.partial(self._attempt, request, config),
                policy=self.retry_policy,
                deadline=deadline,
                call_timeout_s=self.call_timeout_s,
                sleep=self._sleep,
                rand=self._rand,
            )
        except LLMError as exc:
            if counts_against_service(exc.reason):
                self.breaker.record_failure()
            else:
                self.breaker.record_success()
            logger.warning("gemini task=%s failed: %s", request.task, exc)
            raise
        except BaseException:
            # Never leave a half-open breaker waiting for a verdict that will not come.
            self.breaker.record_failure()
            raise
        self.breaker.record_success()
        return response

    def close(self) -> None:
        """Close the HTTP connection pool; the provider cannot be used afterwards."""
        self._client.close()

    def _attempt(
        self, request: LLMRequest, config: types.GenerateContentConfig, timeout_s: float
    ) -> LLMResponse:
        call_config = config
        if timeout_s < self.call_timeout_s:
            # Only an attempt cut short by the deadline pays for a config of its own;
            # the others use the client's timeout.
            call_config = config.model_copy(
                update={"http_options": types.HttpOptions(timeout=_milliseconds(timeout_s))}
            )
        try:
            response = self._client.models.generate_content(
                model=self.model, contents=request.user, config=call_config
            )
        except errors.APIError as exc:
            raise LLMError(f"http_{exc.code}", _shorten(exc.message or str(exc.status))) from exc
        # TimeoutError: what the SDK's aiohttp path raises, should it ever be taken.
        except (httpx2.TimeoutException, TimeoutError) as exc:
            raise LLMError("timeout", f"no answer within {timeout_s:.2f} s") from exc
        except (httpx2.TransportError, ConnectionError) as exc:
            raise LLMError("connection", _shorten(f"{type(exc).__name__}: {exc}")) from exc
        except json.JSONDecodeError as exc:
            # An HTTP 200 whose body is not JSON (a proxy's error page, say).
            raise LLMError("non_json", "HTTP 200 with a body that is not JSON") from exc
        except Exception as exc:
            # The protocol promises LLMError or an answer; anything else here is
            # an SDK surprise that must not take the whole request down.
            logger.exception("unexpected failure calling Gemini")
            raise LLMError("unexpected", type(exc).__name__) from exc
        return self._read(request, response)

    def _read(self, request: LLMRequest, response: types.GenerateContentResponse) -> LLMResponse:
        feedback = response.prompt_feedback
        if feedback is not None and feedback.block_reason is not None:
            raise LLMError("safety_block", f"prompt blocked: {_enum_name(feedback.block_reason)}")
        candidate = response.candidates[0] if response.candidates else None
        finish_reason = candidate.finish_reason if candidate is not None else None
        if finish_reason == types.FinishReason.MAX_TOKENS:
            raise LLMError("truncated", f"cut at max_output_tokens={request.max_output_tokens}")
        if finish_reason in _BLOCKED_FINISH_REASONS:
            raise LLMError("safety_block", f"answer blocked: {_enum_name(finish_reason)}")
        text = response.text
        if not text or not text.strip():
            raise LLMError(
                "safety_block", f"no text in the answer (finish_reason={_enum_name(finish_reason)})"
            )

        data: dict[str, Any] | None = None
        if request.response_schema is not None:
            data = _structured_data(response.parsed, text)
            text = None
        usage = response.usage_metadata
        return LLMResponse(
            provider=self.name,
            model=response.model_version or self.model,
            text=text,
            data=data,
            prompt_tokens=usage.prompt_token_count if usage else None,
            response_tokens=_output_tokens(usage),
        )


@functools.lru_cache(maxsize=64)
def _base_config(
    system: str,
    temperature: float,
    max_output_tokens: int,
    response_schema: type[BaseModel] | None,
) -> types.GenerateContentConfig:
    """The config of one kind of request, built once (each agent sends the same few)."""
    structured: dict[str, Any] = {}
    if response_schema is not None:
        structured = {
            "response_mime_type": "application/json",
            "response_schema": _with_json_schema_once(response_schema),
        }
    return types.GenerateContentConfig(
        system_instruction=system,
        temperature=temperature,
        max_output_tokens=max_output_tokens,
        # We send no tools. Left enabled, the SDK's function-calling loop deep-copies
        # the whole config on every call (about a tenth of a call's CPU) for nothing.
        automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
        **structured,
    )


def _with_json_schema_once(model: type[BaseModel]) -> type[BaseModel]:
    """``model`` whose JSON schema is generated once instead of on every call.

    The SDK converts a Pydantic ``response_schema`` with ``model_json_schema()``
    for each request, about a tenth of a call's CPU. The subclass answers with
    a copy of the schema generated once (the SDK edits what it gets), so the
    request body and ``response.parsed`` are what they were.
    """
    json_schema = model.model_json_schema()

    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs:
            return model.model_json_schema(*args, **kwargs)
        return copy.deepcopy(json_schema)

    return type(
        model.__name__,
        (model,),
        {
            "__module__": model.__module__,
            "__doc__": model.__doc__,
            "model_json_schema": classmethod(model_json_schema),
        },
    )


def _structured_data(parsed: Any, text: str) -> dict[str, Any]:
    # The SDK sets ``parsed`` to None for any answer its model class rejects,
    # without saying why; telling "not JSON" from "JSON of the wrong shape"
    # makes the records worth reading.
    if isinstance(parsed, BaseModel):
        return parsed.model_dump(mode="json")
    try:
        json.loads(text)
    except ValueError:
        raise LLMError("non_json", _shorten(f"answer is not JSON: {text}")) from None
    raise LLMError("schema_mismatch", _shorten(f"answer does not fit the schema: {text}"))


def _output_tokens(usage: types.GenerateContentResponseUsageMetadata | None) -> int | None:
    if usage is None or usage.candidates_token_count is None:
        return None
    # Thinking tokens are billed as output, so they belong with the answer's.
    return usage.candidates_token_count + (usage.thoughts_token_count or 0)


def _milliseconds(seconds: float) -> int:
    # The SDK wants whole milliseconds; rounding down keeps an attempt inside
    # the deadline it was sized from.
    return max(1, int(seconds * 1000))


def _enum_name(value: Any) -> str:
    return str(getattr(value, "value", value))


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
