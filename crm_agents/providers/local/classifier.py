"""Rule-based sentiment, intent and language of a customer message."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crm_agents.schemas import Intent, Sentiment

_WORD = re.compile(r"\w+", re.UNICODE)

_SPANISH = {
    "el",
    "la",
    "de",
    "que",
    "y",
    "en",
    "los",
    "por",
    "con",
    "para",
    "mi",
    "no",
    "es",
    "un",
    "una",
    "quiero",
    "hola",
    "gracias",
}
_ENGLISH = {
    "the",
    "and",
    "to",
    "i",
    "my",
    "is",
    "you",
    "for",
    "it",
    "of",
    "a",
    "this",
    "want",
    "hello",
    "thanks",
    "please",
}
_NEGATIVE = {
    "unacceptable",
    "terrible",
    "awful",
    "angry",
    "worst",
    "bad",
    "horrible",
    "never",
    "inaceptable",
    "pésimo",
    "fatal",
    "vergüenza",
    "nunca",
}
_POSITIVE = {"thanks", "thank", "great", "love", "excellent", "gracias", "genial", "excelente"}
_REFUND = {"refund", "reimburse", "reembolso", "devolución", "devolucion"}
_SUPPORT = {"help", "problem", "broken", "cancel", "ayuda", "problema", "cancelar"}


@dataclass(frozen=True)
class Classification:
    sentiment: Sentiment
    intent: Intent
    language: str
    cues: tuple[str, ...] = ()


def classify(text: str) -> Classification:
    words = [w.lower() for w in _WORD.findall(text)]
    language = (
        "es" if sum(w in _SPANISH for w in words) > sum(w in _ENGLISH for w in words) else "en"
    )
    negative = [w for w in words if w in _NEGATIVE]
    positive = [w for w in words if w in _POSITIVE]
    if negative:
        sentiment = Sentiment.NEGATIVE
    elif positive:
        sentiment = Sentiment.POSITIVE
    else:
        sentiment = Sentiment.NEUTRAL
    if any(w in _REFUND for w in words):
        intent = Intent.REFUND_REQUEST
    elif any(w in _SUPPORT for w in words):
        intent = Intent.SUPPORT_REQUEST
    else:
        intent = Intent.GENERAL_INQUIRY
    return Classification(sentiment, intent, language, tuple(negative + positive))
