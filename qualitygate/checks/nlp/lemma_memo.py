"""The rule lemmatizer's output, with its per-token Python loop replaced by a memo.

spaCy's `Lemmatizer.__call__` walks the doc token by token through the Python API and, even when
its own cache answers, costs about 5% of `check_many`. A rule lemma depends only on the token's
text, POS and morphology (`Lemmatizer.rule_lemmatize` caches on exactly that key), so this reads
those as one array per doc, asks the lemmatizer once per new (text, POS, morphology), and writes
the lemmas back in one `Doc.from_array`. Tokens that already have a lemma (the attribute_ruler's
exceptions) keep it, as the lemmatizer does without `overwrite`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

_ATTRS: list[int | str] = ["ORTH", "POS", "MORPH", "LEMMA"]
_MAX_MEMO = 200_000


class LemmaMemo:
    """`pipe` for a rule-mode `Lemmatizer` that does not overwrite lemmas."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self._lemmatizer = lemmatizer
        self._memo: dict[tuple[int, int, int], int] = {}

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Lemmatize docs as `Lemmatizer.pipe` does (batch_size unused, as there)."""
        for doc in stream:
            yield self(doc)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmatizer, memo = self._lemmatizer, self._memo
        strings = doc.vocab.strings
        rows = doc.to_array(_ATTRS).tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma == 0:
                key = (orth, pos, morph)
                got = memo.get(key)
                if got is None:
                    got = strings.add(lemmatizer.lemmatize(doc[i])[0])
                    if pos:  # no POS: spaCy warns (W108) each time; let it
                        if len(memo) >= _MAX_MEMO:
                            memo.clear()
                        memo[key] = got
                lemma = got
            lemmas.append(lemma)
        column = numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1)
        doc.from_array(["LEMMA"], column)  # type: ignore[arg-type]
        return doc


def speed_up(lemmatizer: Lemmatizer) -> bool:
    """Give `lemmatizer` the memoised `pipe` when it is in rule mode without overwrite."""
    if lemmatizer.mode != "rule" or lemmatizer.overwrite:
        return False
    lemmatizer._validate_tables()  # what its first __call__ would do
    lemmatizer.pipe = LemmaMemo(lemmatizer).pipe  # type: ignore[method-assign]
    return True
