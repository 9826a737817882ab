"""Sentence spans over raw text, with no parse: for rules and explanations that need only where
sentences start and end (spaCy's sentences, in `checks/text.py`, are for the prose rules).

Plain Python on purpose: `explain.py` uses it in every scoring process, and the API processes,
which import the scorer's module but never score, must not load spaCy.
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence-like piece of `text` (split at . ! ? and line breaks),
    surrounding spaces excluded."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans
