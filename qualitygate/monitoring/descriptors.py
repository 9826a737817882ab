"""Input descriptors of one draft: what a description looks like, independent of any model.

Text length, attribute count, top-level category, the share of words the tokenizer splits
unusually, and a coarse language guess. The reference (at training time) and live traffic are
described by the same function, so drift compares like with like.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from qualitygate.domain import Draft

NUMERIC_DESCRIPTORS = ("text_length", "attribute_count", "unusual_token_share")
CATEGORICAL_DESCRIPTORS = ("category", "language")
# A word the WordPiece tokenizer cuts into this many pieces or more (or maps to [UNK]) is
# "split unusually": misspellings, run-together words, foreign or garbled text.
UNUSUAL_PIECES = 4
NO_CATEGORY = "(none)"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# The most frequent English function words: their share tells English from other Latin text.
_ENGLISH = frozenset(
    "the and with for of a an to in is it this your you on are be as from that by or".split()
)

PieceCounter = Callable[[str], int]


@dataclass(frozen=True, slots=True)
class Descriptors:
    text_length: int
    attribute_count: int
    category: str
    unusual_token_share: float
    language: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "text_length": self.text_length,
            "attribute_count": self.attribute_count,
            "category": self.category,
            "unusual_token_share": self.unusual_token_share,
            "language": self.language,
        }


def language_of(text: str) -> str:
    """`en`, `latin-other`, `non-latin` or `none` (no letters): coarse, but cheap and stable."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "none"
    if sum(1 for c in letters if ord(c) > 0x24F) / len(letters) > 0.3:
        return "non-latin"
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(1 for w in words if w in _ENGLISH)
    return "en" if words and english / len(words) >= 0.04 else "latin-other"


def tokenizer_piece_counter(tokenizer: Any) -> PieceCounter:
    """Pieces per word for a Hugging Face tokenizer, cached (words repeat a lot in catalogues);
    an unknown word counts as unusual outright."""
    unk = getattr(tokenizer, "unk_token", None)

    @lru_cache(maxsize=200_000)
    def pieces(word: str) -> int:
        tokens = tokenizer.tokenize(word)
        if unk is not None and unk in tokens:
            return UNUSUAL_PIECES
        return len(tokens)

    return pieces


def packaged_piece_counter() -> PieceCounter:
    """The piece counter of the packaged base model's tokenizer (loaded once per process)."""
    return _packaged()


@lru_cache(maxsize=1)
def _packaged() -> PieceCounter:
    from transformers import AutoTokenizer

    from qualitygate.ml.artifacts import PACKAGED_BASE, resolve_base

    tokenizer = AutoTokenizer.from_pretrained(
        str(resolve_base(PACKAGED_BASE)), local_files_only=True
    )
    return tokenizer_piece_counter(tokenizer)


def unusual_share(text: str, pieces: PieceCounter) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    return sum(1 for w in words if pieces(w) >= UNUSUAL_PIECES) / len(words)


def describe(draft: Draft, pieces: PieceCounter) -> Descriptors:
    category = draft.product.category[0].strip() if draft.product.category else ""
    return Descriptors(
        text_length=len(draft.text),
        attribute_count=len(draft.product.attributes),
        category=category or NO_CATEGORY,
        unusual_token_share=unusual_share(draft.text, pieces),
        language=language_of(draft.text),
    )


def describe_many(drafts: Sequence[Draft], pieces: PieceCounter | None = None) -> list[Descriptors]:
    counter = pieces or packaged_piece_counter()
    return [describe(d, counter) for d in drafts]
