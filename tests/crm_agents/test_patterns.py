"""The substring guards must never hide a match of their pattern."""

import re

import pytest

from crm_agents.providers.local import intent, lexicon_en, lexicon_es
from crm_agents.providers.local.patterns import GuardedPattern, leading_words


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (r"\bon hold\b", ("on hold",)),
        (r"\b(?:lost|missing) bag", ("lost", "missing")),
        (r"\bcancell?ed", ("cancel",)),
        (r"\bthanks?\b|\bcheers\b", ("thank", "cheers")),
        (r"\b(?:customer )?service", None),
        (r"[abc]x", None),
    ],
)
def test_leading_words(source, words):
    assert leading_words(source) == words


def test_guarded_search_agrees_with_plain_search():
    sources = [p.pattern.pattern.pattern for p in (*lexicon_en.PHRASES, *lexicon_es.PHRASES)]
    sources += [p.pattern.pattern for p, _ in (*intent._SUPPORT, *intent._GENERAL)]
    texts = [
        "still waiting on hold for 2 hours, no one answers",
        "nobody cares, i will not fly with you again",
        "they lost my luggage and the flight was cancelled",
        "nadie contesta, sigo esperando mi maleta perdida",
        "i cannot log in and my card was declined",
        "how much is the fee to change my order?",
    ]
    for source in sources:
        guarded, plain = GuardedPattern(source), re.compile(source, re.ASCII)
        for text in texts:
            assert bool(guarded.search(text)) == bool(plain.search(text)), (source, text)
