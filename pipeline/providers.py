"""Builds the LLM providers from settings: the only place where agents meet Django."""

from __future__ import annotations

import functools
import logging

from django.conf import settings

from crm_agents.providers.base import LLMProvider
from crm_agents.providers.local import LocalProvider

logger = logging.getLogger(__name__)


def provider_description() -> str:
    """The start-up log line that says which provider answers."""
    if settings.LLM_PROVIDER == "local":
        return "LLM provider: local (offline rules and templates; set GEMINI_API_KEY for Gemini)"
    return (
        f"LLM provider: gemini model={settings.GEMINI_MODEL} "
        f"base_url={settings.GEMINI_BASE_URL or 'default'} (local provider as fallback)"
    )


@functools.cache
def fallback_provider() -> LocalProvider:
    return LocalProvider()


@functools.cache
def configured_provider() -> LLMProvider:
    """One provider per process, reused by every request (the Gemini client pools connections)."""
    if settings.LLM_PROVIDER == "local":
        logger.info(
            "LLM provider: local (offline rules and templates; set GEMINI_API_KEY for Gemini)"
        )
        return fallback_provider()
    from crm_agents.providers.gemini import GeminiProvider

    logger.info(
        "LLM provider: gemini model=%s base_url=%s (local provider as fallback)",
        settings.GEMINI_MODEL,
        settings.GEMINI_BASE_URL or "default",
    )
    return GeminiProvider(
        api_key=settings.GEMINI_API_KEY,
        model=settings.GEMINI_MODEL,
        base_url=settings.GEMINI_BASE_URL,
        call_timeout_s=settings.LLM_CALL_TIMEOUT,
        max_attempts=settings.LLM_MAX_ATTEMPTS,
    )
