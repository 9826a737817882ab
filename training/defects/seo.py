"""SEO: the product's target keywords, the label rule, and missing/stuffed keyword defects."""

from __future__ import annotations

import random
import re

from qualitygate.domain import Product
from training.defects.text import contains_phrase, count_phrase, product_noun, words

STUFF_LIMIT = 4  # occurrences of one keyword ...
STUFF_DENSITY = 0.06  # ... that also make up this share of the words
STUFF_TEMPLATES = (
    "Buy {kw} online. Best {kw}. {kw} price. {kw} for sale. {kw} deals.",
    "{kw}, {kw} online, {kw} India, latest {kw}, new {kw}, top {kw}",
    "Tags: {kw} | {kw} sale | {kw} offer | {kw} shop | {kw} store",
    "Looking for {kw}? Our {kw} is the {kw} for you. Order this {kw} and enjoy your {kw}.",
)
GENERIC = ("it", "this piece", "this one", "the item")


def candidate_keywords(product: Product) -> list[str]:
    """Search phrases a content team would target: product type, brand, a category leaf."""
    candidates = [product_noun(product.title)]
    noun_last = candidates[0].split()[-1]
    if noun_last != candidates[0]:
        candidates.append(noun_last)
    brand = product.attributes.get("Brand") or product.title.split()[0]
    candidates.append(brand.lower())
    for leaf in product.category[1:3]:
        if len(leaf.split()) <= 3 and "..." not in leaf:
            candidates.append(leaf.lower())
    seen: list[str] = []
    for c in candidates:
        if c and c not in seen and re.search(r"[a-z]", c):
            seen.append(c)
    return seen


def choose_keywords(rng: random.Random, product: Product, text: str) -> list[str]:
    """Two or three keywords, preferring those the text already uses (weak supervision)."""
    candidates = candidate_keywords(product)
    present = [c for c in candidates if contains_phrase(text, c)]
    absent = [c for c in candidates if c not in present]
    chosen = present[: rng.randint(2, 3)]
    while len(chosen) < 2 and absent:
        chosen.append(absent.pop(0))
    return chosen


def seo_ok(text: str, keywords: tuple[str, ...] | list[str]) -> bool:
    """The label rule: every keyword appears, and none is stuffed."""
    total = max(1, len(words(text)))
    for kw in keywords:
        n = count_phrase(text, kw)
        if n == 0:
            return False
        if n >= STUFF_LIMIT and n * len(kw.split()) / total > STUFF_DENSITY:
            return False
    return True


def _remove_keyword(rng: random.Random, text: str, keywords: list[str]) -> tuple[str, list[str]]:
    target = rng.choice(keywords)
    pattern = re.compile(rf"(?<![A-Za-z]){re.escape(target)}(?![A-Za-z])", re.IGNORECASE)
    return pattern.sub(lambda _: rng.choice(GENERIC), text), keywords


def _ignored_brief(rng: random.Random, text: str, keywords: list[str]) -> tuple[str, list[str]]:
    extra = rng.choice(
        (
            "gift for her",
            "gift for him",
            "festive wear",
            "online shopping india",
            "best seller",
            "new arrival",
            "summer collection",
            "office wear",
        )
    )
    if contains_phrase(text, extra):
        return _remove_keyword(rng, text, keywords)
    return text, [*keywords, extra]


def _stuffed(rng: random.Random, text: str, keywords: list[str]) -> tuple[str, list[str]]:
    kw = rng.choice(keywords)
    block = rng.choice(STUFF_TEMPLATES).format(kw=kw)
    while count_phrase(text + " " + block, kw) * len(kw.split()) <= STUFF_DENSITY * len(
        words(text + " " + block)
    ):
        block += " " + rng.choice(STUFF_TEMPLATES).format(kw=kw)
    return (text + " " + block if rng.random() < 0.7 else block + " " + text), keywords


VARIANTS = {
    "keyword_removed": _remove_keyword,
    "keyword_brief_ignored": _ignored_brief,
    "keyword_stuffed": _stuffed,
}


def inject(
    rng: random.Random, text: str, product: Product, keywords: list[str]
) -> tuple[str, list[str], str]:
    name = rng.choice(list(VARIANTS))
    new_text, new_keywords = VARIANTS[name](rng, text, keywords)
    return new_text, new_keywords, name
