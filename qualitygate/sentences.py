"""Sentence spans over raw text, with no parse: for rules and explanations that need only where
sentences start and end (spaCy's sentences, in `checks/text.py`, are for the prose rules).

Plain Python on purpose: `explain.py` uses it in every scoring process, and the API processes,
which import the scorer's module but never score, must not load spaCy.
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


_NAME_BANG = re.compile(r"[\w']+!$")
_DECIMAL_AFTER = re.compile(r" ?\d")  # "7. 5 in", "8.5 in": a crawl-spaced or plain decimal
_INITIAL_BEFORE = re.compile(r"(?:^|[^\w.'])[^\W\d_]\.$")  # "... a." / "J."
_INITIAL_AFTER = re.compile(r"\s*[^\W\d_]\.")  # " T." / " K."


def continues(text: str, end: int, names: frozenset[str] = frozenset()) -> bool:
    """Whether the "." or "!" at `text[end - 1]` leaves the sentence going on: the one rule of
    sentence ends for every check that counts sentences.

    A "!" that belongs to a name: it ends a word of the title, brand or attributes ("Zoom!
    Zoom! Racers", "Zap! Pals": `names` holds such words upper-cased with their "!"), or a
    lower-case word, a comma, a colon or a bracket follows it ("Yahoo! mail", "Pop!, Marvel").
    A "." between digits ("7. 5 inches", "8.5 in"), and a "." after a single letter next to
    another single-letter initial ("b. K. Lane", "J. R. Moss").
    """
    if end < 1 or end > len(text):
        return False
    mark = text[end - 1]
    if mark == "!":
        if text[end : end + 1] == "!" or text[end - 2 : end - 1] in ("!", ""):
            return False  # "!!" shouts; a bare "!" ends
        word = _NAME_BANG.search(text, max(0, end - 60), end)
        after = text[end : end + 2].lstrip()
        named = word is not None and word.group().upper() in names
        return word is not None and (named or after[:1].islower() or after[:1] in (",", ")", ":"))
    if mark != ".":
        return False
    if text[end - 2 : end - 1].isdigit() and _DECIMAL_AFTER.match(text, end):
        return True
    if not _INITIAL_BEFORE.search(text, max(0, end - 3), end):
        return False
    before = text[max(0, end - 5) : end - 2]  # an initial before this one: "a. T."
    return bool(_INITIAL_AFTER.match(text, end) or _INITIAL_BEFORE.search(before.rstrip()))


def sentence_spans(text: str, names: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """[start, end) of each sentence-like piece of `text` (split at . ! ? and line breaks, but
    not where `continues` says the sentence goes on), surrounding spaces excluded."""
    spans: list[tuple[int, int]] = []
    joined = False
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            if joined and spans:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        # a piece cut at a line break never joins the next
        joined = (
            end > start and match.group().rstrip(" \t")[-1:] in ".!" and continues(text, end, names)
        )
    return spans
