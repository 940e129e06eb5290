"""Analyst: the request it builds, how answers are validated, and its fallback."""

from __future__ import annotations

import pytest

from crm_agents import analyst
from crm_agents.deadline import Deadline
from crm_agents.prompting import DATA_NOTICE
from crm_agents.providers.base import LLMResponse, Task
from crm_agents.schemas import Analysis, Intent, Sentiment
from tests.crm_agents.doubles import Answers


def _response(**data) -> LLMResponse:
    labels = {"sentiment": "neutral", "intent": "general_inquiry", "language": "en"}
    return LLMResponse(provider="fake", model="fake-1", data={**labels, **data})


def test_the_request_asks_for_json_at_temperature_zero():
    request = analyst.build_request("Where is my parcel?")

    assert request.task == Task.ANALYZE
    assert request.temperature == 0.0
    assert request.response_schema is analyst.AnalystOutput
    assert request.user == "<customer_message>\nWhere is my parcel?\n</customer_message>"
    assert request.facts == {"message": "Where is my parcel?"}
    assert DATA_NOTICE in request.system


def test_a_valid_answer_is_parsed():
    analysis = analyst.parse_analysis(
        _response(sentiment="negative", intent="refund_request", language="es")
    )

    assert analysis == Analysis(Sentiment.NEGATIVE, Intent.REFUND_REQUEST, "es")


@pytest.mark.parametrize(("given", "kept"), [("EN", "en"), (" es ", "es"), ("Pt", "pt")])
def test_the_language_code_is_normalised(given, kept):
    assert analyst.parse_analysis(_response(language=given)).language == kept


@pytest.mark.parametrize(
    "language", ["", "e", "eng", "english", "es-ES", "pt_BR", "e1", "12", "ñe", "ελ", "e "]
)
def test_a_language_that_is_not_an_iso_639_1_code_is_rejected(language):
    with pytest.raises(ValueError, match="ISO 639-1"):
        analyst.parse_analysis(_response(language=language))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"sentiment": "angry"}, id="sentiment-out-of-enum"),
        pytest.param({"intent": "cancel_order"}, id="intent-out-of-enum"),
        pytest.param({"sentiment": None}, id="null-label"),
        pytest.param({"language": 42}, id="language-not-a-string"),
    ],
)
def test_labels_outside_the_schema_are_rejected(data):
    with pytest.raises(ValueError, match="outside the schema"):
        analyst.parse_analysis(_response(**data))


@pytest.mark.parametrize(
    "response",
    [
        LLMResponse(provider="fake", model="m", data=None, text="negative"),
        LLMResponse(provider="fake", model="m", data={}),
        LLMResponse(provider="fake", model="m", data={"sentiment": "negative"}),
    ],
)
def test_an_answer_without_the_three_labels_is_rejected(response):
    with pytest.raises(ValueError):
        analyst.parse_analysis(response)


def test_a_good_answer_is_used_and_recorded(local_provider):
    provider = Answers({"sentiment": "positive", "intent": "support_request", "language": "de"})

    result = analyst.analyze(
        "Danke!", client_id="c", provider=provider, fallback=local_provider, deadline=Deadline(5)
    )

    assert result.value == Analysis(Sentiment.POSITIVE, Intent.SUPPORT_REQUEST, "de")
    assert (result.record.step, result.record.provider, result.record.fallback) == (
        "analyst",
        "fake",
        False,
    )
    assert (result.record.prompt_tokens, result.record.response_tokens) == (10, 3)


def test_an_invalid_answer_falls_back_to_the_local_analysis(local_provider):
    message = "Hello, where is my order?"
    provider = Answers({"sentiment": "neutral", "intent": "general_inquiry", "language": "xyz"})

    result = analyst.analyze(
        message, client_id="c", provider=provider, fallback=local_provider, deadline=Deadline(5)
    )

    local = analyst.parse_analysis(
        local_provider.generate(analyst.build_request(message), deadline=Deadline(1))
    )
    assert result.value == local
    assert (result.record.provider, result.record.fallback, result.record.error) == (
        "local",
        True,
        "invalid_output",
    )


def test_the_local_analysis_of_an_obvious_complaint(local_provider):
    result = analyst.analyze(
        "I want a refund, this is unacceptable!",
        client_id="c",
        provider=local_provider,
        fallback=local_provider,
        deadline=Deadline(5),
    )

    assert result.value == Analysis(Sentiment.NEGATIVE, Intent.REFUND_REQUEST, "en")
    assert (result.record.provider, result.record.fallback) == ("local", False)
