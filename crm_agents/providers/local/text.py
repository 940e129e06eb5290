"""Turning a raw message into the words the lexicons are written in.

Tweets and support messages carry noise that must not be read as words
(@mentions, links, HTML entities left by exporters) and signals that are not
words (emoji, "!!!", CAPITALS, "sooo"). Everything here is shared by the
language, sentiment and intent rules, so they all see the same tokens.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_MENTION = re.compile(r"@\w+")
# A hashtag is kept as its word: "#fail" says as much as "fail".
_HASHTAG = re.compile(r"#(\w+)")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|[!?.,;]")
# Candidates for SHOUTING: words of 3+ letters with no ASCII lower case (isupper() decides).
_CAPITALS = re.compile(r"\b[^\W\da-z_]{3,}\b")
# Three or more of the same letter are never English or Spanish spelling.
_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")

# Lexicon keys are unaccented so that "perdida" and "pérdida" (customers type
# both) find the same entry.
_UNACCENT = str.maketrans("áéíóúüàèìòùâêîôûäëïöñç", "aeiouuaeiouaeiouaeionc")
# Typographic apostrophes (U+2018, U+2019) would split "don't" into two tokens.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


@dataclass(frozen=True)
class Text:
    """One message seen three ways, each for the rules that need it."""

    raw: str
    # Lower case, links and @mentions removed, accents kept (language rules).
    lowered: str
    # ``lowered`` without accents, elongations shortened (lexicon rules).
    plain: str
    # The words and the marks that end a clause ("!", "?", ".", ",", ";") of ``plain``, in order.
    tokens: tuple[str, ...]
    # Words of the original written in CAPITALS (3+ letters), lower-cased.
    shouted: frozenset[str]
    # Words as typed with a letter held down ("sooo"), for the cues.
    elongated: tuple[str, ...]
    # Hashtags without "#", lower case: "#neverflyunited" -> "neverflyunited".
    hashtags: tuple[str, ...] = ()
    # Whether it @mentions someone: written to a company, not a headline about it.
    addressed: bool = False


def prepare(raw: str) -> Text:
    text = html.unescape(raw) if "&" in raw else raw
    addressed = False
    if "@" in text:
        text, mentions = _MENTION.subn(" ", text)
        addressed = mentions > 0
    if "http" in text or "www." in text:
        text = _URL.sub(" ", text)
    text = text.translate(_APOSTROPHES)
    shouted = frozenset(w.lower() for w in _CAPITALS.findall(text) if w.isupper())
    hashtags: tuple[str, ...] = ()
    if "#" in text:
        hashtags = tuple(tag.lower().translate(_UNACCENT) for tag in _HASHTAG.findall(text))
        text = _HASHTAG.sub(r"\1", text)
    lowered = text.lower()
    plain = lowered.translate(_UNACCENT)
    elongated: tuple[str, ...] = ()
    if _ELONGATED.search(plain):
        elongated = tuple(w for w in _WORD.findall(plain) if _ELONGATED.search(w))
        # "sooo" -> "soo": the sentiment rules then also try "so" (see squeeze).
        plain = _ELONGATED.sub(r"\1\1", plain)
    return Text(
        raw=raw,
        lowered=lowered,
        plain=plain,
        tokens=tuple(_WORD.findall(plain)),
        shouted=shouted,
        elongated=elongated,
        hashtags=hashtags,
        addressed=addressed,
    )


def unaccent(word: str) -> str:
    return word.translate(_UNACCENT)


def squeeze(word: str) -> str:
    """``word`` with every doubled letter made single ("soo" -> "so", "noo" -> "no")."""
    return re.sub(r"([^\W\d_])\1", r"\1", word)
