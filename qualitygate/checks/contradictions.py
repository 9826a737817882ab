"""Accuracy: facts in the text that contradict the product's own pattern, sleeve, gender or type.

docs/quality-standard.md fails accuracy when the text "states a colour, material, gender, size or
model that disagrees with an attribute or the title" or "describes a different product (another
item type ...)". These rules cover four contradictions our judges met most often that the other
accuracy rules do not read (each an `error` citing the text and the attribute):

- pattern: a print ("floral", "checks", "stripes") for a product whose Pattern is Solid;
- sleeve: "sleeveless" for a product with sleeves;
- gender: men's wording for a women's-only product, or women's for a men's-only one, in the
  forms the audience rule does not read ("every man's attention", "the women of today");
- footwear_type: another kind of footwear than the title's ("bellies" for boots).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from qualitygate.checks.common import attribute
from qualitygate.domain import Dimension, Draft, Finding

DIM: Dimension = "accuracy"

_PRINTS = re.compile(
    r"(?i)\b(?:floral|flowery|checks|checked|checkered|stripes|striped|polka dots?|paisley|"
    r"animal print|leopard print|raindrop pattern|abstract print|geometric print)\b"
)
_SLEEVELESS = re.compile(r"(?i)\bsleeveless\b")
# Only the wording `mentions.audiences` leaves alone ("men's", "for women" are its own, reported as
# `audience_mismatch`): a singular possessive ("every man's attention") and "women of today",
# which our judges read as saying whom the product is for.
_MEN_WORDS = re.compile(r"(?i)\b(?:man's|boy's|gentleman's)")
_WOMEN_WORDS = re.compile(r"(?i)\b(?:woman's|girl's|lady's|women of today)\b")
# Footwear kinds; words in one group name the same kind. Heels, wedges and sandals are left out:
# a heeled sandal is sold under all three names.
_FOOTWEAR = (
    ("boots", "boot"),
    ("bellies", "ballerinas", "ballet flats", "flats"),
    ("loafers", "loafer", "moccasins", "moccasin"),
    ("sneakers", "sneaker"),
)


_FOOTWEAR_RES = tuple(
    (kind, re.compile(rf"(?i)\b{re.escape(word)}\b"))
    for kind, words in enumerate(_FOOTWEAR)
    for word in words
)


def _kind_in(text: str) -> Iterator[tuple[int, re.Match[str]]]:
    for kind, regex in _FOOTWEAR_RES:
        yield from ((kind, m) for m in regex.finditer(text))


def find(draft: Draft) -> list[Finding]:
    """Accuracy findings for the four contradictions in `draft`'s text."""
    text, title = draft.text, draft.product.title
    out: list[Finding] = []

    def add(rule: str, match: re.Match[str], fact: str, suggestion: str) -> None:
        if match.group().lower() in title.lower():
            return  # the title says it too (a listing of several variants): no contradiction
        out.append(
            Finding(
                DIM,
                rule,
                "error",
                f"The text says '{match.group()}', but {fact}.",
                span=match.span(),
                suggestion=suggestion,
            )
        )

    pattern = attribute(draft, ["Pattern"])
    solid = (pattern and pattern[1].lower() == "solid") or re.search(r"\bSolid\b", title)
    if solid:
        for m in _PRINTS.finditer(text):
            add("pattern", m, "the product is solid (Pattern: Solid)", "Describe it as solid.")
    sleeve = attribute(draft, ["Sleeve", "Sleeve Length", "Sleeve Type"])
    if sleeve and "sleeveless" not in sleeve[1].lower():
        for m in _SLEEVELESS.finditer(text):
            add("sleeve", m, f"its Sleeve is '{sleeve[1]}'", f"Say '{sleeve[1].lower()}'.")
    ideal = attribute(draft, ["Ideal For", "Gender"])
    if ideal:
        value = ideal[1].lower()
        mens = bool(re.search(r"\b(?:men|boys|gents|man)\b", value))
        womens = bool(re.search(r"\b(?:women|girls|ladies|woman)\b", value))
        if womens and not mens and "unisex" not in value:
            for m in _MEN_WORDS.finditer(text):
                add("gender", m, f"it is for {ideal[1]}", f"Say it is for {ideal[1].lower()}.")
        elif mens and not womens and "unisex" not in value:
            for m in _WOMEN_WORDS.finditer(text):
                add("gender", m, f"it is for {ideal[1]}", f"Say it is for {ideal[1].lower()}.")
    kinds = {k for k, _ in _kind_in(title)}
    if len(kinds) == 1:
        (own,) = kinds
        for kind, m in _kind_in(text):
            if kind != own:
                add(
                    "footwear_type",
                    m,
                    f"the title sells {_FOOTWEAR[own][0]}",
                    f"Call them {_FOOTWEAR[own][0]}.",
                )
    return out
