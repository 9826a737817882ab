"""Small text helpers shared by the defect modules."""

from __future__ import annotations

import random
import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9']+", text)


def insert_sentence(rng: random.Random, text: str, sentence: str) -> str:
    """Put a sentence at the start, after a random sentence, or at the end."""
    parts = sentences(text)
    position = rng.randint(0, len(parts))
    parts.insert(position, sentence)
    return " ".join(parts)


def match_case(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def replace_phrase(text: str, old: str, new: str) -> tuple[str, int]:
    """Replace every whole-word, case-insensitive occurrence of `old`, keeping the case style."""
    pattern = re.compile(rf"(?<![A-Za-z]){re.escape(old)}(?![A-Za-z])", re.IGNORECASE)
    return pattern.subn(lambda m: match_case(m.group(0), new), text)


def contains_phrase(text: str, phrase: str) -> bool:
    pattern = rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def count_phrase(text: str, phrase: str) -> int:
    pattern = rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])"
    return len(re.findall(pattern, text, re.IGNORECASE))


def product_noun(title: str) -> str:
    """The product type a writer would name: the last word(s) of the title before any qualifier."""
    head = re.split(r"\s[-(|]\s?|,", title)[0]
    tokens = [t for t in head.split() if re.fullmatch(r"[A-Za-z']+", t)]
    if not tokens:
        return "product"
    return " ".join(tokens[-2:]).lower() if len(tokens) >= 2 else tokens[-1].lower()
