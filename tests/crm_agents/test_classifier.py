"""The local analyzer on hand-written messages of the kinds customers send."""

import dataclasses

import pytest

from crm_agents.providers.local.classifier import Classification, classify
from crm_agents.schemas import Intent, Sentiment


def test_classification_is_frozen_and_carries_cues():
    found = classify("The app is terrible")
    assert isinstance(found, Classification)
    assert found.cues
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.sentiment = Sentiment.POSITIVE  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "This is unacceptable, my flight was cancelled and nobody told me",
        "I am not happy with the service",
        "Been on hold for 2 hours, still waiting for someone to pick up",
        "You lost my bag again. Worst airline ever",
        "Thanks for nothing",
        "@AcmeAir my flight is delayed and no one answers the phone http://example.com/x",
        "El vuelo está retrasado y nadie contesta",
        "La aplicación no funciona, qué vergüenza",
        "Es una verguenza, pesimo servicio",
        "Worst. Service. EVER!!! 😡",
    ],
)
def test_complaints_are_negative(text):
    assert classify(text).sentiment == Sentiment.NEGATIVE


@pytest.mark.parametrize(
    "text",
    [
        "Thank you so much, the crew was amazing!",
        "Great service today, love it :)",
        "Muchas gracias, el personal fue muy amable",
        "Excelente atención, ¡genial! 😊",
    ],
)
def test_praise_is_positive(text):
    assert classify(text).sentiment == Sentiment.POSITIVE


@pytest.mark.parametrize(
    "text",
    [
        "What time does the Boston office open?",
        "Do you fly to Lisbon in March?",
        "Hello, what are your opening hours?",
        "¿A qué hora abre el mostrador de facturación?",
    ],
)
def test_plain_questions_are_neutral(text):
    assert classify(text).sentiment == Sentiment.NEUTRAL


def test_negation_flips_a_positive_word_and_says_so():
    found = classify("The food was not good")
    assert found.sentiment == Sentiment.NEGATIVE
    assert any("'good'" in cue and "negation" in cue for cue in found.cues)


def test_negated_negative_is_not_praise():
    assert classify("No apology, no explanation?").sentiment != Sentiment.POSITIVE


def test_contrast_makes_what_follows_but_count():
    found = classify("The crew was nice but the delay was terrible and I missed my connection")
    assert found.sentiment == Sentiment.NEGATIVE
    assert any("contrast 'but'" in cue for cue in found.cues)


def test_elongated_and_shouted_words_are_read_and_reported():
    found = classify("sooo baaad, TERRIBLE")
    assert found.sentiment == Sentiment.NEGATIVE
    assert any("CAPS" in cue for cue in found.cues)


def test_emoticons_and_emoji_count():
    assert classify("flight 22 :(").sentiment == Sentiment.NEGATIVE
    assert classify("see you in Rome 🎉").sentiment == Sentiment.POSITIVE


def test_spanish_words_match_with_or_without_accents():
    assert classify("el servicio es pesimo").sentiment == Sentiment.NEGATIVE
    assert classify("el servicio es pésimo").sentiment == Sentiment.NEGATIVE


def test_mentions_and_links_are_not_words():
    # "@greatairline" and the link must not read as "great".
    found = classify("@greatairline see https://great.example.com/great")
    assert found.sentiment == Sentiment.NEUTRAL


@pytest.mark.parametrize(
    "text",
    [
        "I want my money back",
        "Please refund my ticket",
        "Where is my refund? It has been two weeks",
        "What is the status of my refund",
        "I'd like to be reimbursed for the hotel",
        "I will file a chargeback with my bank",
        "I want to cancel my purchase and get the money back",
        "I'm waiting for a reimubrsement of $40",  # letters swapped while typing
        "Quiero un reembolso",
        "Exijo que me devuelvan el dinero",
    ],
)
def test_refund_requests(text):
    assert classify(text).intent == Intent.REFUND_REQUEST


@pytest.mark.parametrize(
    "text",
    [
        "What is your refund policy?",
        "In which cases can I ask for a refund?",
        "¿Cuál es la política de reembolsos?",
    ],
)
def test_questions_about_refund_rules_are_general(text):
    assert classify(text).intent == Intent.GENERAL_INQUIRY


@pytest.mark.parametrize(
    "text",
    [
        "My card is not working at the shop",
        "I forgot my password and the account is locked",
        "I need to change the delivery address of order 1234",
        "My transfer is still pending",
        "I want to speak to a human agent",
    ],
)
def test_support_requests(text):
    assert classify(text).intent == Intent.SUPPORT_REQUEST


@pytest.mark.parametrize(
    "text",
    [
        "How much does an international transfer cost?",
        "Which currencies do you support?",
        "Thanks, have a nice day",
    ],
)
def test_general_inquiries(text):
    assert classify(text).intent == Intent.GENERAL_INQUIRY


def test_refund_cue_names_the_phrase():
    found = classify("I want my money back")
    assert "refund:'money back'" in found.cues


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("", Sentiment.NEUTRAL),
        ("   ", Sentiment.NEUTRAL),
        ("!!!", Sentiment.NEUTRAL),
        ("12345", Sentiment.NEUTRAL),
        ("🙂", Sentiment.POSITIVE),
        ("&amp;&lt;3", Sentiment.NEUTRAL),
    ],
)
def test_empty_and_odd_input_get_plain_labels(text, sentiment):
    # Nothing to go on: English (the default), no request found, no sentiment but the emoji's.
    found = classify(text)
    assert (found.sentiment, found.intent, found.language) == (
        sentiment,
        Intent.GENERAL_INQUIRY,
        "en",
    )
