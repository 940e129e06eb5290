"""Provider doubles for the agents' tests."""

from __future__ import annotations

from crm_agents.deadline import Deadline
from crm_agents.providers.base import LLMRequest, LLMResponse


class Answers:
    """A provider double that answers every request the same way and remembers the requests."""

    name = "fake"
    answers_in_process = True

    def __init__(self, data: dict | None = None, text: str | None = None):
        self.data, self.text = data, text
        self.requests: list[LLMRequest] = []

    def generate(self, request: LLMRequest, *, deadline: Deadline) -> LLMResponse:
        self.requests.append(request)
        return LLMResponse(
            provider=self.name,
            model="fake-1",
            data=self.data,
            text=self.text,
            prompt_tokens=10,
            response_tokens=3,
        )
