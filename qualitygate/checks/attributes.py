"""The product's attributes as the accuracy comparisons need them, and where the text names the
product (title and brand copies), since words there are names rather than claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qualitygate.checks.caseblind import find_all_ci
from qualitygate.checks.common import CheckInput, norm_key


def stem(word: str) -> str:
    """A crude singular: "bellies" and "belly" -> "belly", "straps" -> "strap"."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


class Attributes:
    """The product's attributes grouped the way the comparisons need them."""

    def __init__(self, attributes: dict[str, str], title: str) -> None:
        # Free-text catch-alls ("Other Dimensions", "Other Details") mix several parts' values.
        self.items = [
            (k, str(v).strip())
            for k, v in attributes.items()
            if str(v).strip() and not norm_key(k).startswith("other ")
        ]
        self.by_key = {norm_key(k): (k, v) for k, v in self.items}
        self.title_words = {stem(w) for w in re.findall(r"[a-z]+", title.lower())}

    def get(self, keys: Iterable[str]) -> list[tuple[str, str]]:
        return [self.by_key[k] for k in keys if k in self.by_key]

    def keyed_by(self, noun: str, kind: str) -> list[tuple[str, str]]:
        """Attributes such as "Dial Color" for noun "dial" and kind "color"."""
        noun = stem(noun)
        out = []
        for k, v in self.items:
            words = norm_key(k).split()
            if kind in " ".join(words) and any(stem(w) == noun for w in words):
                out.append((k, v))
        return out

    def targets(
        self, anchor: str | None, main: tuple[str, ...], kind: str
    ) -> list[tuple[str, str]]:
        """The attributes an anchored mention speaks about (empty: not comparable)."""
        if anchor is None:
            return []
        if anchor == "label":
            return self.get(main)
        if anchor.startswith("label:"):
            noun = anchor.split(":", 1)[1]
            specific = self.keyed_by(noun, kind)
            if specific:
                return specific
            # "Diamond colour:" on a ring speaks of the stone, not of the ring's Color.
            mentioned = any(stem(noun) in map(stem, norm_key(k).split()) for k, _ in self.items)
            return [] if mentioned else self.get(main)
        specific = self.keyed_by(anchor, kind)
        if specific:
            return specific
        return self.get(main) if stem(anchor) in self.title_words else []


def name_spans(inp: CheckInput) -> list[tuple[int, int]]:
    """Where the text repeats the title or the brand name: words there are names, not claims
    ("Silver Streak" is a brand, "Intex Aqua" a phone model)."""
    product = inp.draft.product
    names = [product.title, product.attributes.get("Brand", "")]
    spans = []
    for name in names:
        name = name.strip()
        if len(name) > 2:
            spans += find_all_ci(name, inp.text)
    return spans


def named(span: tuple[int, int], names: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in names)
