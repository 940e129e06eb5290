"""LLM providers: the Gemini one and the offline local one, behind one protocol."""

from crm_agents.providers.base import LLMError, LLMProvider, LLMRequest, LLMResponse, Task

__all__ = ["LLMError", "LLMProvider", "LLMRequest", "LLMResponse", "Task"]
