"""The standard's copy-paste and crawl defects (readability), found in the raw text.

docs/quality-standard.md fails readability on "copy-paste and crawl artefacts that would show on
the page as junk" (one is enough) and on "text repeated verbatim". Each rule here is an `error`
with the span of the junk and a suggestion:

- repeated_passage: a sentence of REPEAT_MIN_WORDS+ words that already appeared word for word
  (the standard's "a sentence or more appearing twice"; a bare list of names is no sentence);
- crawl_header: a section header of a crawled page run into the prose ("Key Features of",
  "Specifications of", "Product Description", "General Details", "About the brand:");
- field_prefix: a field label glued to its value ("Color:Pink", "Price: Rs. 599");
- html: HTML entities or tags ("&amp;", "<br>");
- run_together: two words run together at a full stop ("expectations.This").

Plain regular expressions over the text: no parse needed, so they add little to the rules' cost.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qualitygate.checks.common import quote
from qualitygate.domain import Dimension, Finding
from qualitygate.sentences import sentence_spans

DIM: Dimension = "readability"
REPEAT_MIN_WORDS = 6

_HEADERS = re.compile(
    r"\b(?:Key Features of|Specifications of|Product Description|From the Manufacturer|"
    r"About the [Bb]rand:|General Details|Additional Details|Product Details|In the Box)\b"
)
_FIELD = re.compile(r"\b(?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+:(?=[A-Z0-9])|\bPrice: Rs\.")
_HTML = re.compile(r"&(?:[a-z]{2,6}|#\d{2,5});|</?(?:br|p|li|ul|b|i|strong|div|span)\b[^>]*>")
_RUN_TOGETHER = re.compile(r"\b[a-z]{3,}\.(?=[A-Z][a-z]{2,})")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


# Words that make a comma-separated piece a clause, not a list of names: pronouns, common verbs
# and auxiliaries, and the prepositions of a phrase ("useful for parties, ...").
_CLAUSE_WORDS = frozenset(
    {
        "i",
        "we",
        "you",
        "he",
        "she",
        "it",
        "they",
        "this",
        "these",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "can",
        "will",
        "may",
        "means",
        "makes",
        "gives",
        "get",
        "gets",
        "do",
        "does",
        "for",
        "in",
        "to",
        "on",
        "from",
        "at",
        "by",
        "our",
        "your",
        "its",
    }
)


def _is_list(piece: str) -> bool:
    """A bare list of names ("Batman, Robin, Joker and Bane"): three or more items split by
    commas or a final "and", none longer than three words. Not a sentence, which is what the
    standard fails when it appears twice."""
    items = [i for i in re.split(r",|;|\band\b|&", piece.strip(" .!?:")) if i.strip()]
    words = {w.lower() for w in re.findall(r"[\w']+", piece)}
    return (
        len(items) >= 3
        and all(len(i.split()) <= 3 for i in items)
        and not words & _CLAUSE_WORDS  # "In Hindi, '9' means 'Nav' and ...": a sentence
        and not re.search(r"\d|:", piece)  # a size chart or spec row pasted twice is junk
    )


@lru_cache(maxsize=16)  # readability and SEO (`seo.verbatim_repeats`) both ask, per draft
def repeats(text: str) -> tuple[tuple[int, int], ...]:
    """[start, end) of every sentence of REPEAT_MIN_WORDS+ words seen before, word for word
    (a bare list of names is not a sentence)."""
    seen: set[str] = set()
    out: list[tuple[int, int]] = []
    for a, b in sentence_spans(text):
        key = _norm(text[a:b])
        if len(key.split()) < REPEAT_MIN_WORDS or _is_list(text[a:b]):
            continue
        if key in seen:
            out.append((a, b))
        seen.add(key)
    return tuple(out)


def find(text: str) -> list[Finding]:
    """Readability findings for every artefact in `text` (at most one per rule and span)."""
    out: list[Finding] = []
    for a, b in repeats(text):
        out.append(
            Finding(
                DIM,
                "repeated_passage",
                "error",
                f"This sentence already appears earlier word for word: '{quote(text, (a, b))}'.",
                span=(a, b),
                suggestion="Delete the repeat; say each thing once.",
            )
        )
    rules = (
        (_HEADERS, "crawl_header", "A page's section header is run into the text"),
        (_FIELD, "field_prefix", "A field label is glued to its value"),
        (_HTML, "html", "HTML code shows as text"),
        (_RUN_TOGETHER, "run_together", "Two words are run together at a full stop"),
    )
    fixes = {
        "crawl_header": "Remove the header and any spec table after it; write the facts as prose.",
        "field_prefix": "Write the fact as a sentence ('in pink') instead of a label.",
        "html": "Remove the markup; the page renders plain text.",
        "run_together": "Add a space after the full stop.",
    }
    for pattern, rule, message in rules:
        for match in pattern.finditer(text):
            out.append(
                Finding(
                    DIM,
                    rule,
                    "error",
                    f"{message}: '{quote(text, match.span())}'.",
                    span=match.span(),
                    suggestion=fixes[rule],
                )
            )
    return out
