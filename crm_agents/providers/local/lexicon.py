"""The shape of a sentiment lexicon, shared by the English and Spanish ones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from crm_agents.providers.local.patterns import GuardedPattern
from crm_agents.providers.local.text import unaccent


@dataclass(frozen=True)
class Phrase:
    """A pattern that carries sentiment as a whole ("on hold", "no funciona")."""

    pattern: GuardedPattern
    weight: float
    label: str


@dataclass(frozen=True)
class Lexicon:
    name: str
    positive: Mapping[str, float]
    negative: Mapping[str, float]
    phrases: tuple[Phrase, ...]
    negators: frozenset[str]
    intensifiers: Mapping[str, float]
    contrast: frozenset[str]
    # Pieces of run-together hashtags ("#americanairlinesfail"): word -> weight.
    hashtag_parts: Mapping[str, float] = field(default_factory=dict)
    # positive minus negative, merged once: the lookup runs for every word of every message.
    weights: Mapping[str, float] = field(init=False, repr=False)
    phrase_patterns: tuple[GuardedPattern, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        merged = dict(self.positive)
        for word, weight in self.negative.items():
            merged[word] = merged.get(word, 0.0) - weight
        object.__setattr__(self, "weights", merged)
        object.__setattr__(self, "phrase_patterns", tuple(p.pattern for p in self.phrases))

    def weight(self, word: str) -> float:
        """Positive for a positive word, negative for a negative one, 0 otherwise."""
        return self.weights.get(word, 0.0)


def word_set(words: str) -> frozenset[str]:
    """Words written as one space-separated string, as lexicons are easiest to read and edit."""
    return frozenset(unaccent(word) for word in words.split())


def weigh(words_by_weight: Mapping[float, str]) -> dict[str, float]:
    """``{2: "good nice"}`` -> ``{"good": 2.0, "nice": 2.0}``; a word listed twice keeps its first weight.

    Accents are removed from the keys, as from the text they are looked up in.
    """
    weights: dict[str, float] = {}
    for weight, words in words_by_weight.items():
        for word in words.split():
            weights.setdefault(unaccent(word), float(weight))
    return weights


def phrases(rows: Iterable[tuple[str, float, str]]) -> tuple[Phrase, ...]:
    return tuple(
        Phrase(GuardedPattern(pattern), float(weight), label) for pattern, weight, label in rows
    )
