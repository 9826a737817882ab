"""Accuracy's numeric comparisons: facts stated in the text against the attributes' typed facts.

A text fact (`facts.text_facts`) is compared with the attribute facts of its kind. It agrees with
any of them (units converted, rounding allowed, a value inside a stated range agrees) -> nothing.
Otherwise it is a contradiction only where the text ties it to that attribute:
- `error`: the words before it name the attribute ("Height 9.5 cm" and Height; "weighs 5 lb" and
  Item Weight), or name the kind ("weighs", "measures", "dimensions") and the product has one
  attribute of that kind; ages and battery types are tied by their own words ("ages 3 and up");
- `warning`: not tied, but the product has one attribute of that kind (not a length: a product has
  many lengths);
- nothing: several candidates and no tie, or a cue that the number is another thing's ("holds
  up to 50 lb", "package", "supports").
A length below the largest listed dimension (`Product Dimensions` are often the package's) is no
contradiction, and neither is a fact the title states. Every finding cites the text span and the
attribute, with both values in the message.
Rule: quantity_mismatch (age_mismatch for ages, battery_mismatch for batteries).
"""

from __future__ import annotations

from qualitygate.checks.common import CheckInput, norm_key, quote
from qualitygate.checks.facts import (
    REL_TOL,
    Fact,
    about_package,
    agree,
    attribute_facts,
    key_kind,
    text_facts,
)
from qualitygate.domain import Dimension, Finding, Severity

DIM: Dimension = "accuracy"
_WINDOW = 5
# Key words that say nothing about which quantity an attribute is.
_STOP_KEY_WORDS = frozenset(
    {
        "of",
        "the",
        "in",
        "and",
        "for",
        "number",
        "type",
        "other",
        "size",
        "item",
        "product",
        "net",
        "unit",
        "manufacturer",
        "recommended",
        "overall",
        "total",
    }
)
# Four-letter stems that tie a number to its kind.
KIND_CUES: dict[str, frozenset[str]] = {
    "mass": frozenset({"weig", "heav", "wt"}),
    "length": frozenset({"dime", "meas", "size"}),
    "volume": frozenset({"capa", "volu"}),
    "power": frozenset({"powe", "watt", "rate"}),
    "charge": frozenset({"batt", "capa"}),
    "count": frozenset({"piec", "coun", "incl"}),
}
# Stems that say the number belongs to something else than the product.
OTHER_THING = frozenset(
    {
        "hold",
        "supp",
        "load",
        "carr",
        "up",
        "to",
        "max",
        "maxi",
        "pack",
        "ship",
        "box",
        "bear",
        "plac",  # "placed at a height of 30 in"
        "cent",  # "centre width of 10 mm": a part's, not the product's
    }
)
_RULE = {"age": "age_mismatch", "battery": "battery_mismatch"}
# Kinds the comparison covers (units.py's voltage, storage and time stay with quantity_mismatch).
KINDS = frozenset({"mass", "length", "volume", "power", "charge", "age", "battery", "count"})


def _stems(words: list[str]) -> set[str]:
    return {w.lower()[:4] for w in words}


def _near(inp: CheckInput, span: tuple[int, int]) -> set[str]:
    """Stems of the words just before a fact (back to the previous number) and the one after."""
    toks = inp.analysis.tokens
    before = [t for t in toks if t.end <= span[0] and t.is_word][-_WINDOW:]
    words: list[str] = []
    for t in reversed(before):
        if any(c.isdigit() for c in t.text):
            break
        words.append(t.lower)
    after = next((t for t in toks if t.start >= span[1] and t.is_word), None)
    if after is not None and after.lower in ("long", "tall", "wide", "deep", "high", "heavy"):
        words.append(after.lower)
    return _stems(words)


def _key_stems(key: str) -> set[str]:
    return {w[:4] for w in norm_key(key).split() if w not in _STOP_KEY_WORDS}


def _finding(
    fact: Fact, severity: Severity, inp: CheckInput, key: str, value: str, rule: str
) -> Finding:
    said = quote(inp.text, fact.span)
    return Finding(
        DIM,
        rule,
        severity,
        f"Text says '{said}', but attribute {key} is '{value}'.",
        span=fact.span,
        suggestion=f"Correct the text or the attribute so they agree ({key}: {value}).",
    )


def _dimensions(cand: tuple[str, str, Fact]) -> bool:
    """Whether an attribute states the product's dimensions (by its name or an "A x B" value)."""
    return key_kind(cand[0]) == "dimensions" or cand[2].detail == "dimensions"


def _fits(fact: Fact, cands: list[tuple[str, str, Fact]]) -> bool:
    """A length smaller than the product's listed dimensions (often the package's) is no
    contradiction; one that cannot fit them is (the standard)."""
    dims = [c[2].high for c in cands if _dimensions(c)]
    return bool(dims) and fact.high <= max(dims) * (1 + REL_TOL)


def _severity(
    fact: Fact, near: set[str], cands: list[tuple[str, str, Fact]]
) -> tuple[Severity, tuple[str, str, Fact]] | None:
    """How sure the text speaks of the attribute it disagrees with (None: not comparable)."""
    keys = list(dict.fromkeys(c[0] for c in cands))
    if fact.kind not in ("age", "battery") and near & OTHER_THING:
        return None
    for cand in cands:
        stems = _key_stems(cand[0])
        if stems and stems <= near:
            return "error", cand
    if fact.kind in ("age", "battery"):
        if fact.kind == "age":
            stated = cands[0][2]
            gap = max(stated.low - fact.low, fact.low - stated.high)
            return ("error" if gap > 1.0 else "warning"), cands[0]
        return "error", cands[0]
    cued = near & KIND_CUES.get(fact.kind, frozenset())
    # "Size 38 inch" ties a length to the product's dimensions, not to its Height alone.
    if cued and len(keys) == 1 and (fact.kind != "length" or _dimensions(cands[0])):
        return "error", cands[0]
    if any(stems & near for stems in map(_key_stems, keys)):
        return "warning", next(c for c in cands if _key_stems(c[0]) & near)
    if len(keys) == 1 and fact.kind not in ("length", "count"):
        return "warning", cands[0]
    return None


def find(inp: CheckInput, names: list[tuple[int, int]]) -> list[Finding]:
    """Numeric contradictions between the text and the attributes (see the module doc)."""
    by_kind = attribute_facts(inp.draft.product.attributes)
    if not by_kind.keys() & KINDS:
        return []
    title = text_facts(inp.draft.product.title)
    out: list[Finding] = []
    reported: set[tuple[int, int]] = set()
    for fact in text_facts(inp.text):
        cands = by_kind.get(fact.kind)
        if not cands or fact.span in reported or inp.analysis.in_specs(fact.span[0]):
            continue
        if any(a <= fact.span[0] and fact.span[1] <= b for a, b in names):
            continue
        if any(agree(fact, c[2]) for c in cands) or any(agree(fact, t) for t in title):
            continue  # a text that agrees with the title is not held to the attributes
        if fact.kind == "length" and _fits(fact, cands):
            continue
        own = [c for c in cands if not about_package(c[0])]
        if not own:
            continue
        verdict = _severity(fact, _near(inp, fact.span), own)
        if verdict is None:
            continue
        severity, (key, value, _) = verdict
        reported.add(fact.span)
        rule = _RULE.get(fact.kind, "quantity_mismatch")
        out.append(_finding(fact, severity, inp, key, value, rule))
    return out
