"""What every dimension module receives, and how findings become a score.

Scoring (documented in docs/checks.md): start at 1.0 and subtract a penalty per finding by
severity — error 0.5, warning 0.15, info 0.02 (nothing for a `TIPS` rule: advice on something
the standard calls fine) — counting at most three findings of one rule, so
one repeated slip cannot zero a dimension on its own. Any error caps the score at 0.4; the gate
fails a dimension with an error whatever its score.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from qualitygate.checks.guidelines import BrandGuidelines, CategoryTemplate
from qualitygate.checks.text import Analysis
from qualitygate.domain import CheckResult, Dimension, Draft, Finding, Product, Severity

PENALTY: Mapping[Severity, float] = {"error": 0.5, "warning": 0.15, "info": 0.02}
MAX_COUNTED_PER_RULE = 3
ERROR_CAP = 0.4
# Advice shown to the writer that the standard does not count against the copy: long grammatical
# sentences, the passive voice (the standard never mentions it), a product without a category (a
# data gap, not a fault of the text).
# The standard sets no word minimum for SEO ("too_short": it fails only "little product text to
# index", no_product_text's measure), and its SEO repetition fail is stuffing (keyword_stuffing):
# a repeated run of words short of a sentence is advice ("repeated_text"), a repeated sentence is
# readability's repeated_passage.
TIPS = frozenset(
    {
        "long_sentence",
        "passive_voice",
        "passive_share",
        "missing_category",
        "too_short",
        "repeated_text",
    }
)


@dataclass(frozen=True, slots=True)
class CheckInput:
    """One draft, its analysis, the brand's guidelines and its category template."""

    draft: Draft
    analysis: Analysis
    guidelines: BrandGuidelines
    template: CategoryTemplate
    # Upper-cased words of the title, category and attribute values (`name_words`): names the
    # standard exempts from shouting and slang, and whose "!" ends no sentence. Built once per
    # draft by the engine; brand voice, SEO and readability all read it.
    names: frozenset[str]

    @property
    def text(self) -> str:
        return self.draft.text


def name_words(product: Product) -> frozenset[str]:
    """Upper-cased words of the title, category and attribute values: names the standard exempts
    from shouting and slang (a model called "TURBO" or "GR8")."""
    source = " ".join([product.title, *product.category, *product.attributes.values()])
    # "Pop!" is kept with its "!" too: a "!" ending a name ends no sentence (voice_standard).
    words = re.findall(r"[\w']+!?", source)
    return frozenset(w.upper().rstrip("!") for w in words) | frozenset(
        w.upper() for w in words if w.endswith("!")
    )


def score(findings: Iterable[Finding]) -> float:
    """The dimension score for a set of findings (see the module docstring)."""
    seen: Counter[tuple[str, Severity]] = Counter()
    total = 1.0
    has_error = False
    for f in findings:
        seen[(f.rule, f.severity)] += 1
        has_error = has_error or f.severity == "error"
        if seen[(f.rule, f.severity)] <= MAX_COUNTED_PER_RULE and f.rule not in TIPS:
            total -= PENALTY[f.severity]
    total = max(0.0, total)
    if has_error:
        total = min(total, ERROR_CAP)
    return round(total, 4)


def result(dimension: Dimension, findings: Iterable[Finding]) -> CheckResult:
    """A CheckResult with findings sorted by position (payload-level findings first)."""
    ordered = sorted(findings, key=lambda f: (f.span or (-1, -1), f.rule))
    return CheckResult(dimension=dimension, score=score(ordered), findings=tuple(ordered))


@lru_cache(maxsize=8192)
def norm_key(key: str) -> str:
    """An attribute key compared case- and spacing-insensitively."""
    return " ".join(key.lower().replace("_", " ").split())


def attribute(draft: Draft, keys: Iterable[str]) -> tuple[str, str] | None:
    """The first non-empty attribute under any of `keys` (normalised), as (key, value)."""
    wanted = [norm_key(k) for k in keys]
    by_key = {norm_key(k): (k, v) for k, v in draft.product.attributes.items()}
    for key in wanted:
        hit = by_key.get(key)
        if hit and str(hit[1]).strip():
            return hit[0], str(hit[1]).strip()
    return None


def quote(text: str, span: tuple[int, int], limit: int = 60) -> str:
    """The spanned text, shortened for a message."""
    piece = " ".join(text[span[0] : span[1]].split())
    return piece if len(piece) <= limit else piece[: limit - 1] + "…"
