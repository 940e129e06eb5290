"""Sentiment from a lexicon: words and phrases add up, context bends their weight.

The score of a message is the sum of its cues. A word's weight is
- turned around after a negator within three words ("not happy", "no funciona");
- multiplied by an intensifier just before it ("very late", "muy mal");
- halved when a contrast word follows it ("nice crew but 3 hours late");
- raised when it is SHOUTED or elongated ("sooo bad").
Complaint phrases ("on hold", "lost my bag"), emoji and emoticons add their own
weight, and "!" marks make whatever the message already says stronger.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_agents.providers.local.lexicon import Lexicon
from crm_agents.providers.local.lexicon_emoji import emoji_cues
from crm_agents.providers.local.patterns import search_each
from crm_agents.providers.local.text import Text, squeeze
from crm_agents.schemas import Sentiment

NEGATION_SCOPE = 3
_CLAUSE_ENDS = frozenset("!?.,;")
# A negated positive is a complaint ("not happy"). A negated negative is not
# praise ("no apology?", "no excuse for delays"), so it only loses its weight;
# the rare faint praise ("not bad") is a phrase of its own.
NEGATED_POSITIVE = -0.8
NEGATED_NEGATIVE = 0.0
BEFORE_CONTRAST = 0.5
SHOUTED = 1.5
ELONGATED = 1.3
EXCLAMATION_BOOST = 0.15  # per "!", up to three
# Scores between the two thresholds are neutral. Customers who write to a
# company without a single positive cue are rarely pleased, hence the
# asymmetry: less evidence is needed for negative than for positive.
NEGATIVE_BELOW = -0.5
# A long statement written to a company (@mention) with no word of praise and
# no question is, in support traffic, almost always a complaint told in full.
# Headlines and adverts about the company have no addressee and are spared.
LONG_MESSAGE_WORDS = 12
# Past this length even a question or a headline with no praise leans negative.
VERY_LONG_MESSAGE_WORDS = 18
LONG_COMPLAINT = -0.6
POSITIVE_ABOVE = 1.5


@dataclass(frozen=True)
class SentimentJudgement:
    sentiment: Sentiment
    score: float
    cues: tuple[str, ...]


def judge_sentiment(text: Text, lexicon: Lexicon) -> SentimentJudgement:
    cues: list[str] = []
    score = 0.0
    tokens = text.tokens
    words = [token for token in tokens if token not in _CLAUSE_ENDS]
    question = "?" in tokens
    positive_words = 0
    weight_of = lexicon.weights.get
    for index, token in enumerate(tokens):
        weight = weight_of(token, 0.0)
        if not weight and token in lexicon.contrast and score:
            score *= BEFORE_CONTRAST
            cues.append(f"contrast '{token}' weakens what came before")
            continue
        if not weight and text.elongated and (squeezed := squeeze(token)) != token:
            weight = lexicon.weight(squeezed) * ELONGATED
        if not weight:
            continue
        weight, context = _in_context(tokens, index, weight, lexicon)
        if token in text.shouted:
            weight *= SHOUTED
            context.append("in CAPS")
        score += weight
        positive_words += weight > 0
        cues.append(
            f"{_polarity(weight)}:'{token}'" + (f" ({', '.join(context)})" if context else "")
        )
    for index, match in search_each(lexicon.phrase_patterns, text.plain):
        phrase = lexicon.phrases[index]
        score += phrase.weight
        cues.append(f"{_polarity(phrase.weight)}:'{match.group(0)}' ({phrase.label})")
    for tag in text.hashtags:
        if lexicon.weight(tag):
            continue  # already counted as a word
        for part, weight in lexicon.hashtag_parts.items():
            if part in tag:
                score += weight
                cues.append(f"{_polarity(weight)}:'#{tag}' (has '{part}')")
                break
    if not positive_words and _told_at_length(text, words, question):
        score += LONG_COMPLAINT
        cues.append(f"negative: {len(words)} words and no praise (a complaint told at length)")
    for symbol, weight in emoji_cues(text.raw, text.lowered):
        score += weight
        cues.append(f"{_polarity(weight)}:'{symbol}'")
    exclamations = min(tokens.count("!"), 3)
    if exclamations and score:
        score *= 1 + EXCLAMATION_BOOST * exclamations
        cues.append(f"{'!' * exclamations} strengthens")
    if score <= NEGATIVE_BELOW:
        sentiment = Sentiment.NEGATIVE
    elif score >= POSITIVE_ABOVE:
        sentiment = Sentiment.POSITIVE
    else:
        sentiment = Sentiment.NEUTRAL
    cues.append(f"score {score:+.1f}")
    return SentimentJudgement(sentiment, score, tuple(cues))


def _polarity(weight: float) -> str:
    return "positive" if weight > 0 else "negative"


def _told_at_length(text: Text, words: list[str], question: bool) -> bool:
    if len(words) >= VERY_LONG_MESSAGE_WORDS:
        return True
    return text.addressed and not question and len(words) >= LONG_MESSAGE_WORDS


def _in_context(
    tokens: tuple[str, ...], index: int, weight: float, lexicon: Lexicon
) -> tuple[float, list[str]]:
    context: list[str] = []
    previous = tokens[index - 1] if index else ""
    if previous in lexicon.intensifiers:
        weight *= lexicon.intensifiers[previous]
        context.append(f"'{previous}' intensifies")
    for back in range(index - 1, max(-1, index - 1 - NEGATION_SCOPE), -1):
        word = tokens[back]
        if word in _CLAUSE_ENDS or word in lexicon.contrast:
            break
        if word in lexicon.negators:
            if weight > 0:
                weight *= NEGATED_POSITIVE
                context.append(f"negation '{word}' flips it")
            else:
                weight *= NEGATED_NEGATIVE
                context.append(f"negation '{word}' cancels it")
            break
        if lexicon.weight(word):
            # A negator reaches the first sentiment word after it, not the next ones.
            break
    return weight, context
