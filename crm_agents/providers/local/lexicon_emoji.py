"""Emoji and emoticons, which say the same in every language."""

from __future__ import annotations

import re

# 😂 and 😅 are left out: in complaints they laugh at the airline as often as with it.
POSITIVE_EMOJI = frozenset(
    "😀😃😄😁😆😊☺🙂😍🥰😘😗😙😚❤♥💕💖💗💙💚💛💜🧡👍👏🙌🎉🎊✨😎🤗💯🙏😇🤩🌞☀💃🥳"
)
NEGATIVE_EMOJI = frozenset("😡😠🤬😤😞😔😟😢😭😩😫😒🙄😑👎💔😓😰😱🤦😕😖😣😿🤮🤢💩😪🙁☹")

# Matched on lower-cased text with links removed (a link's "://" is not a frown).
_POSITIVE_EMOTICON = re.compile(r"(?:^|\s)(?:[:;=]-?[)\]d*p]|\(-?[:;=]|<3|\^_*\^)(?=\s|$|[.,!?])")
_NEGATIVE_EMOTICON = re.compile(r"(?:^|\s)(?:[:;=]'?-?[(\[/\\|]|>:-?\(|</3)(?=\s|$|[.,!?])")

EMOJI_WEIGHT = 2.0
# Pictographs live above U+2600; skipping plain text this way keeps the scan cheap.
_SYMBOL = re.compile("[\u2600-\U0010ffff]")


def emoji_cues(raw: str, lowered: str) -> list[tuple[str, float]]:
    """(symbol, weight) for each emoji or emoticon found; one entry per distinct symbol."""
    found: list[tuple[str, float]] = []
    seen: set[str] = set()
    for char in _SYMBOL.findall(raw):
        if char in seen:
            continue
        if char in POSITIVE_EMOJI:
            found.append((char, EMOJI_WEIGHT))
        elif char in NEGATIVE_EMOJI:
            found.append((char, -EMOJI_WEIGHT))
        seen.add(char)
    for match in _POSITIVE_EMOTICON.finditer(lowered):
        found.append((match.group(0).strip(), EMOJI_WEIGHT))
    for match in _NEGATIVE_EMOTICON.finditer(lowered):
        found.append((match.group(0).strip(), -EMOJI_WEIGHT))
    return found
