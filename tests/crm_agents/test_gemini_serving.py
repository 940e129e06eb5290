"""What the Gemini provider does once, so that each call under load costs less."""

from __future__ import annotations

from google import genai
from google.genai import types

from crm_agents import analyst
from crm_agents.deadline import Deadline
from crm_agents.providers.gemini import API_VERSION, DEFAULT_MODEL


def test_the_response_schema_sent_is_the_one_the_sdk_makes_from_the_model(
    gemini_emulator, gemini_provider
):
    request = analyst.build_request("Where is my order?")
    first = gemini_provider.generate(request, deadline=Deadline(5))
    second = gemini_provider.generate(request, deadline=Deadline(5))
    # The same call made with the plain Pydantic class, as the SDK documents it.
    client = genai.Client(
        api_key="test-key",
        vertexai=False,
        http_options=types.HttpOptions(base_url=gemini_emulator.url, api_version=API_VERSION),
    )
    client.models.generate_content(
        model=DEFAULT_MODEL,
        contents=request.user,
        config=types.GenerateContentConfig(
            system_instruction=request.system,
            temperature=request.temperature,
            max_output_tokens=request.max_output_tokens,
            response_mime_type="application/json",
            response_schema=analyst.AnalystOutput,
        ),
    )
    client.close()

    sent = [received.body for received in gemini_emulator.requests]
    assert sent[0] == sent[1] == sent[2]
    assert sent[0]["generationConfig"]["responseSchema"]["required"] == [
        "sentiment",
        "intent",
        "language",
    ]
    expected = {"sentiment": "neutral", "intent": "general_inquiry", "language": "en"}
    assert first.data == second.data == expected
