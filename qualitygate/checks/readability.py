"""Readability: sentence-level measures that work on short product copy, and grade formulas where
they are valid (Flesch-Kincaid on 100+ words of prose; below that reported, never failed on).

Rules: run_on (error: the standard's comma-spliced 40+ words), long_sentence, passive_voice and
passive_share (unscored tips: the standard calls a long grammatical sentence or a list fine and
says nothing of the passive voice), complex_words, grade_level (a warning only far above the
brand's band, as the standard fails only "far above the brand's reading level"), over prose
only; and the standard's copy-paste defects over the whole text (`artefacts.py`:
repeated_passage, crawl_header, field_prefix, html, run_together), since a flattened spec table
or a pasted header shows on the page as junk.
"""

from __future__ import annotations

from functools import lru_cache

import pyphen

from qualitygate.checks import artefacts
from qualitygate.checks.common import CheckInput, result
from qualitygate.checks.text import Analysis, Sentence, Tok, joined_sentences
from qualitygate.domain import CheckResult, Dimension, Finding

DIM: Dimension = "readability"
FORMULA_MIN_WORDS = 100
# "Far above the brand's reading level" (the standard's examples: legalese, jargon for a toy):
# more than this many grades above the band's top. Legal and technical prose reads at grade 15+,
# plain product copy at 6-12; on the judged train and validation rows of 100+ prose words, every
# grade between 10 and 14 was judged on other defects, none on its vocabulary.
GRADE_FAR_ABOVE = 4.0
# textstat's English syllable counter fetches NLTK's cmudict over the network on first use,
# which this service may not do; its offline fallback is pyphen's hyphenation, used directly.
_PYPHEN = pyphen.Pyphen(lang="en_US")
RUN_ON_WORDS = 40
# Words that join clauses properly: a clause they introduce is not a comma splice.
_JOINERS = frozenset({"and", "but", "or", "so", "while", "which", "that", "because", "who", "when"})
_SUBJECT = frozenset({"nsubj", "nsubjpass", "expl"})
_SPLIT_WORDS = frozenset({"and", "but", "which", "while", "so", "with", "as", "because", "where"})


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one lower-case word (hyphenation points + 1, as textstat's fallback counts)."""
    return len(_PYPHEN.positions(word)) + 1


def fk_grade(n_sentences: int, words: list[str]) -> float:
    """Flesch-Kincaid grade level over words already split into sentences by spaCy."""
    if not words or not n_sentences:
        return 0.0
    per_sentence = len(words) / n_sentences
    per_word = sum(syllables(w) for w in words) / len(words)
    return 0.39 * per_sentence + 11.8 * per_word - 15.59


def split_point(analysis: Analysis, sent: Sentence) -> str | None:
    """Where to split a long sentence: the conjunction or comma nearest its middle."""
    toks = analysis.tokens[sent.tok_start : sent.tok_end]
    mid = (toks[0].start + toks[-1].end) / 2
    best: tuple[float, str] | None = None
    for k, tok in enumerate(toks[2:-2], start=2):
        if tok.lower in _SPLIT_WORDS or tok.text in (",", ";", ":"):
            prev = toks[k - 1]
            where = (
                f"before '{tok.text}' (after '{prev.text}')"
                if tok.lower in _SPLIT_WORDS
                else f"at the '{tok.text}' after '{prev.text}'"
            )
            dist = abs(tok.start - mid)
            if best is None or dist < best[0]:
                best = (dist, where)
    return best[1] if best else None


def _is_passive(analysis: Analysis, sent: Sentence) -> bool:
    return any(
        t.dep in ("nsubjpass", "auxpass", "csubjpass")
        for t in analysis.tokens[sent.tok_start : sent.tok_end]
    )


def is_run_on(analysis: Analysis, sent: Sentence) -> bool:
    """The standard's run-on: 40+ words of independent clauses strung together with commas.

    Counted from the parse: at least three clauses with a subject of their own, joined by commas
    more than by conjunctions or relative words; at least three of the comma-separated pieces hold
    a subject, and those pieces (first to last) make the 40 words.
    A long sentence that is grammatical joins its clauses properly; a list of contents ("it
    comes with a brush, a palette, 12 paints, ...") is pieces without subjects, which the
    standard calls fine, so a clause followed by a list is not a run-on."""
    if sent.n_words < RUN_ON_WORDS:
        return False
    toks = analysis.tokens[sent.tok_start : sent.tok_end]
    subjects = sum(t.dep in _SUBJECT for t in toks)
    joined = sum(t.lower in _JOINERS for t in toks)
    if sum(t.text == "," for t in toks) < 2 or subjects < 3 or subjects - joined < 2:
        return False
    pieces: list[list[Tok]] = [[]]
    for t in toks:
        if t.text in (",", ";"):
            pieces.append([])
        else:
            pieces[-1].append(t)
    clauses = [i for i, p in enumerate(pieces) if any(t.dep in _SUBJECT for t in p)]
    if len(clauses) < 3:
        return False
    # The clauses themselves, from the first to the last, must make the 40 words: a list of
    # contents after them is fine.
    span = pieces[clauses[0] : clauses[-1] + 1]
    return sum(1 for p in span for t in p if t.is_word) >= RUN_ON_WORDS


def _sentence_rules(inp: CheckInput, prose: list[Sentence]) -> list[Finding]:
    analysis, limit = inp.analysis, inp.guidelines.max_sentence_words
    out: list[Finding] = []
    passive_count = 0
    for sent in prose:
        if analysis.text.count(":", sent.start, sent.end) >= 3:
            continue  # "Material: PU Heel: Wedge Warranty: 30 days" is a flattened list
        if is_run_on(analysis, sent):
            out.append(
                Finding(
                    DIM,
                    "run_on",
                    "error",
                    f"A run-on sentence: {sent.n_words} words of independent clauses strung "
                    "together with commas.",
                    span=(sent.start, sent.end),
                    suggestion="End each complete thought with a full stop.",
                )
            )
        elif sent.n_words > limit:
            where = split_point(analysis, sent)
            out.append(
                Finding(
                    DIM,
                    "long_sentence",
                    "info",
                    f"Tip: this sentence has {sent.n_words} words; the brand's style suggests "
                    f"at most {limit}. A long grammatical sentence is fine by the standard.",
                    span=(sent.start, sent.end),
                    suggestion=f"Split this {sent.n_words}-word sentence {where}."
                    if where
                    else f"Split this {sent.n_words}-word sentence into two.",
                )
            )
        if _is_passive(analysis, sent):
            passive_count += 1
            out.append(
                Finding(
                    DIM,
                    "passive_voice",
                    "info",
                    "Tip: this sentence is in the passive voice.",
                    span=(sent.start, sent.end),
                    suggestion="Say who does it: 'The sole grips' rather than 'grip is provided'.",
                )
            )
    if len(prose) >= 3 and passive_count / len(prose) > 0.5:
        out.append(
            Finding(
                DIM,
                "passive_share",
                "info",
                f"Tip: {passive_count} of {len(prose)} sentences are passive; the standard does "
                "not count the passive voice against the copy.",
                suggestion="Rewrite most of them in the active voice.",
            )
        )
    return out


def _text_rules(inp: CheckInput, prose: list[Sentence]) -> list[Finding]:
    analysis, (lo, hi) = inp.analysis, inp.guidelines.grade_band
    out: list[Finding] = []
    words = [t for s in prose for t in analysis.words(s) if t.text.isalpha()]
    n = len(words)
    if n >= 30:
        complex_words = [t for t in words if len(t.text) > 6 and syllables(t.lower) >= 3]
        share = len(complex_words) / n
        if share > 0.25:
            out.append(
                Finding(
                    DIM,
                    "complex_words",
                    "warning" if share > 0.35 else "info",
                    f"{share:.0%} of the words have three or more syllables "
                    f"(e.g. '{complex_words[0].text}').",
                    span=(complex_words[0].start, complex_words[0].end),
                    suggestion="Prefer short, everyday words.",
                )
            )
    if n and prose:
        grade = fk_grade(len(prose), [t.lower for t in words])
        far = grade > hi + GRADE_FAR_ABOVE
        if n >= FORMULA_MIN_WORDS and far:
            out.append(
                Finding(
                    DIM,
                    "grade_level",
                    "warning",
                    f"Reads at grade {grade:.1f}, far above this brand's band ({lo:g}-{hi:g}).",
                    span=(prose[0].start, prose[-1].end),
                    suggestion="Shorten sentences and use plainer words.",
                )
            )
        elif grade > hi and (far or n >= FORMULA_MIN_WORDS):
            reason = (
                f"the formula is unreliable under {FORMULA_MIN_WORDS} words"
                if n < FORMULA_MIN_WORDS
                else f"the standard fails only copy far above it (over {hi + GRADE_FAR_ABOVE:g})"
            )
            out.append(
                Finding(
                    DIM,
                    "grade_level",
                    "info",
                    f"Grade formula says {grade:.1f} (band {lo:g}-{hi:g}); {reason}.",
                    suggestion="Check the longest sentences.",
                )
            )
    return out


def check(inp: CheckInput) -> CheckResult:
    """All readability rules for one draft."""
    prose = joined_sentences(inp.analysis, inp.names, prose=True)
    found = _sentence_rules(inp, prose) + _text_rules(inp, prose) + artefacts.find(inp.text)
    return result(DIM, found)
