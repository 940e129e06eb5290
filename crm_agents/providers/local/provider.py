"""The local provider: answers every task offline, instantly and deterministically."""

from __future__ import annotations

from crm_agents.deadline import Deadline
from crm_agents.providers.base import LLMRequest, LLMResponse, Task
from crm_agents.providers.local import templates
from crm_agents.providers.local.classifier import classify


class LocalProvider:
    """Reads a request's ``facts`` (it cannot read prose prompts) and never fails."""

    name = "local"
    answers_in_process = True
    model = "rules-v1"

    def generate(self, request: LLMRequest, *, deadline: Deadline) -> LLMResponse:
        facts = request.facts
        if request.task == Task.ANALYZE:
            found = classify(facts["message"])
            data = {
                "sentiment": found.sentiment.value,
                "intent": found.intent.value,
                "language": found.language,
            }
            return LLMResponse(provider=self.name, model=self.model, data=data)
        if request.task == Task.BRIEF:
            return LLMResponse(
                provider=self.name, model=self.model, text=templates.briefing(**facts)
            )
        return LLMResponse(provider=self.name, model=self.model, text=templates.reply(**facts))
