"""Builds the LLM providers from settings: the only place where agents meet Django."""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from crm_agents.providers.base import LLMProvider
from crm_agents.providers.local import LocalProvider

logger = logging.getLogger(__name__)

T = TypeVar("T")


def provider_description() -> str:
    """The start-up log line that says which provider answers."""
    if settings.LLM_PROVIDER == "local":
        return "LLM provider: local (offline rules and templates; set GEMINI_API_KEY for Gemini)"
    return (
        f"LLM provider: gemini model={settings.GEMINI_MODEL} "
        f"base_url={settings.GEMINI_BASE_URL or 'default'} (local provider as fallback)"
    )


def _once_per_process(build: Callable[[], T]) -> Callable[[], T]:
    """``build()`` once, by one thread, then its result for every caller without a lock.

    A threaded server's first requests arrive together; with a bare cache each
    would build its own provider (its own HTTP pool and circuit breaker) and all
    but one would be thrown away. ``cache_clear`` is kept for the tests.
    """
    built: list[T] = []
    lock = threading.Lock()

    @functools.wraps(build)
    def get() -> T:
        if not built:
            with lock:
                if not built:
                    built.append(build())
        return built[0]

    get.cache_clear = built.clear  # type: ignore[attr-defined]
    return get


@_once_per_process
def fallback_provider() -> LocalProvider:
    return LocalProvider()


@_once_per_process
def configured_provider() -> LLMProvider:
    """One provider per process, reused by every request (the Gemini client pools connections)."""
    provider = _provider_build()
    # One line per server process: a second one in the same pid would be a bug.
    logger.info("LLM provider %s built in process %d", provider.name, os.getpid())
    return provider


def _provider_build() -> LLMProvider:
    if settings.LLM_PROVIDER == "local":
        return fallback_provider()
    from crm_agents.providers.gemini import GeminiProvider
    from crm_agents.providers.resilience import CircuitBreaker

    return GeminiProvider(
        api_key=settings.GEMINI_API_KEY,
        model=settings.GEMINI_MODEL,
        base_url=settings.GEMINI_BASE_URL,
        call_timeout_s=settings.LLM_CALL_TIMEOUT,
        max_attempts=settings.LLM_MAX_ATTEMPTS,
        breaker=CircuitBreaker(
            failure_threshold=settings.LLM_BREAKER_FAILURES,
            cooldown_s=settings.LLM_BREAKER_COOLDOWN,
        ),
        max_connections=settings.GEMINI_MAX_CONNECTIONS,
    )
