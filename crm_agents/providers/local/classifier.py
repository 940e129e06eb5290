"""Rule-based sentiment, intent and language of a customer message.

The pieces live next to this module: ``text`` (cleaning and tokens),
``language``, ``sentiment`` with the lexicons ``lexicon_en``/``lexicon_es``/
``lexicon_emoji``, and ``intent``. Every label comes with the cues that led to
it, so a reviewer can see why a message was judged negative.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_agents.providers.local import lexicon_en, lexicon_es
from crm_agents.providers.local.intent import judge_intent
from crm_agents.providers.local.language import detect_language
from crm_agents.providers.local.sentiment import judge_sentiment
from crm_agents.providers.local.text import prepare
from crm_agents.schemas import Intent, Sentiment

# Languages without a lexicon of their own are read with the English one:
# emoji, "!!!" and loanwords ("ok", "wtf") still say something.
_LEXICONS = {"en": lexicon_en.LEXICON, "es": lexicon_es.LEXICON}


@dataclass(frozen=True)
class Classification:
    sentiment: Sentiment
    intent: Intent
    language: str
    cues: tuple[str, ...] = ()


def classify(text: str) -> Classification:
    prepared = prepare(text)
    language, language_cue = detect_language(prepared)
    sentiment = judge_sentiment(prepared, _LEXICONS.get(language, lexicon_en.LEXICON))
    intent = judge_intent(prepared)
    return Classification(
        sentiment=sentiment.sentiment,
        intent=intent.intent,
        language=language,
        cues=(language_cue, *sentiment.cues, *intent.cues),
    )
