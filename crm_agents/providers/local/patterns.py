"""Regular expressions that are only run when a plain substring test says they could match.

Python's ``re`` cannot skip ahead to a pattern that starts with ``\\b`` and an
alternation, so each search walks the whole message; with a hundred phrase
patterns that was most of the analyzer's time. Every match of a pattern like
``\\b(?:lost|missing) (?:my )?bag`` must contain one of its leading words, so
``"lost" in text or "missing" in text`` (a fast C scan) rules most messages out
first. The words are read from the pattern itself; a pattern whose start is not
plain words is always run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_PLAIN = re.compile(r"[a-z' ]+")
_QUANTIFIERS = "?*{"
_DIGITS = "0123456789"


class GuardedPattern:
    __slots__ = ("guards", "pattern")

    def __init__(self, source: str):
        # ASCII word boundaries are cheaper, and the text is unaccented by then.
        self.pattern = re.compile(source, re.ASCII)
        self.guards = leading_words(source)

    def search(self, text: str) -> re.Match[str] | None:
        # map() keeps the substring loop in C; a generator here cost more than the searches.
        if self.guards is not None and not any(map(text.__contains__, self.guards)):
            return None
        return self.pattern.search(text)


def search_each(
    patterns: Sequence[GuardedPattern], text: str
) -> Iterator[tuple[int, re.Match[str]]]:
    """(index, match) of each of ``patterns`` found in ``text``.

    The same as calling ``search`` on each, without a Python call per pattern:
    this loop runs for every message over about fifty patterns.
    """
    contains = text.__contains__
    for index, guarded in enumerate(patterns):
        guards = guarded.guards
        if guards is not None and not any(map(contains, guards)):
            continue
        match = guarded.pattern.search(text)
        if match:
            yield index, match


def leading_words(source: str) -> tuple[str, ...] | None:
    """Words one of which every match of ``source`` starts with, or None if unsure."""
    words: list[str] = []
    for branch in _split_alternatives(source):
        found = _branch_start(branch)
        if not found:
            return None
        words.extend(found)
    return tuple(words)


def _branch_start(branch: str) -> list[str] | None:
    if branch.startswith(r"\b"):
        branch = branch[2:]
    if branch.startswith("(?:"):
        end = _closing(branch)
        if end is None or branch[end + 1 : end + 2] in tuple(_QUANTIFIERS):
            return None  # an optional group guarantees nothing
        starts: list[str] = []
        for alternative in _split_alternatives(branch[3:end]):
            found = _branch_start(alternative)
            if not found:
                return None
            starts.extend(found)
        return starts
    if branch.startswith(r"\d"):
        return list(_DIGITS)
    match = _PLAIN.match(branch)
    if not match:
        return None
    word = match.group(0)
    if branch[match.end() : match.end() + 1] in tuple(_QUANTIFIERS):
        word = word[:-1]  # "cancell?ed": the second "l" may be missing
    return [word] if word.strip() else None


def _split_alternatives(source: str) -> list[str]:
    parts, start = [], 0
    for index, char, depth in _structure(source):
        if char == "|" and depth == 0:
            parts.append(source[start:index])
            start = index + 1
    parts.append(source[start:])
    return parts


def _closing(source: str) -> int | None:
    for index, char, depth in _structure(source):
        if char == ")" and depth == 0:
            return index
    return None


def _structure(source: str) -> Iterator[tuple[int, str, int]]:
    """Each character of a regex with its group depth, skipping escapes and [...] classes."""
    depth, index = 0, 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = source.index("]", index + 1) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        yield index, char, depth
        index += 1
