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
Before that, a quantity is attached to what it measures (`role`), and only like is compared with
like (the standard compares a number "that disagrees with an attribute"; a quantity of something
else says nothing about it):
- a weight CAPACITY ("holds up to 65 lbs", "supports 250 lb", "load capacity 20 kg", "150 lb
  max") is compared only with a capacity attribute ("Weight Capacity", "Maximum Load"), and a
  capacity attribute never with the item's own weight in the text;
- a paper's BASIS weight ("20 lb bond paper", "80 g/m2", "110 lb cardstock") only with a paper
  weight attribute ("Paper Weight", "Basis Weight");
- a row of a SIZE CHART or a list of sizes ("S: chest 34-36 in, age 4-5", "sizes 2T, 3T and 4T
  for ages 2, 3 and 4") with nothing: it describes the range of variants, not this item.
A length below the largest listed dimension (`Product Dimensions` are often the package's) is no
contradiction, and neither is a fact the title states. Every finding cites the text span and the
attribute, with both values in the message.
Rule: quantity_mismatch (age_mismatch for ages, battery_mismatch for batteries).
"""

from __future__ import annotations

import re

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
from qualitygate.sentences import sentence_spans

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


# What a mass measures when it is not the item's own weight (text words around it; attribute names).
_LOAD_BEFORE = re.compile(
    r"(?i)\b(?:hold(?:s|ing)?|supports?|supporting|carr(?:y|ies)|bears?|bearing|load|loads|"
    r"capacity|capacities|max(?:imum)?|limit|up to|withstands?|rated (?:for|to)|accommodates?)\b"
)
_LOAD_AFTER = re.compile(
    r"(?i)^\s*(?:\)\s*)?(?:\w+\s+){0,1}(?:capacity|load|limit|max(?:imum)?\b|rating|"
    r"weight (?:capacity|limit|rating))"
)
_LOAD_KEY = frozenset(
    {"capacity", "load", "max", "maximum", "limit", "bearing", "supported", "recommendation"}
)
_BASIS_AFTER = re.compile(
    r"(?i)^\s*(?:/\s?(?:m2|m²|sq)|(?:\w+\s+){0,2}(?:paper|papers|bond|cardstock|card stock|"
    r"stock|sheets?|cover|text weight|gsm))"
)
_BASIS_BEFORE = re.compile(r"(?i)\b(?:paper|basis|bond|cardstock|gsm|ream)\b")
_BASIS_KEY = frozenset({"paper", "basis", "gsm", "bond", "ream", "sheet"})
# A size-chart row or a list of sizes: a size label with its measure ("S: chest 34 in",
# "XL - 42", "2T (age 2)"), or "size chart"/"size guide" before the number.
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_BODY = r"(?i:chest|bust|waist|hips?|length|height|ages?|fits?)"
_SIZE_ROW = re.compile(
    r"(?<![\w.])(?:XXS|XS|S|M|L|XL|XXL|XXXL|[2-6]XL|\d{1,2}T|(?i:small|medium|large|x-large))"
    rf"\s?(?:[:(]\s?(?:{_BODY}|\d)|[–-]\s?{_BODY})"
)
_SIZE_CHART = re.compile(r"(?i)\bsiz(?:e|ing) (?:chart|guide|table)|\bsizes\b")


# A size of the product assembled or opened up: "the finished puzzle measures 18 x 24 in",
# "measures 6 ft when unfolded"; the standard: "listed dimensions are often the package's".
# ("Laid flat" alone is not: a mat that cannot fit its listed dimensions contradicts them.)
_ASSEMBLED = re.compile(r"(?i)\b(?:assembled|finished|completed?|opened|unfolded|set[- ]up)\b")


def role(text: str, fact: Fact, sentence: tuple[int, int], same_kind: int) -> str:
    """What a text fact measures: "chart" (a size-chart row or a list of sizes), "assembled" (a
    length of the product assembled, finished, opened or unfolded), "load" (a mass the product
    holds), "basis" (a paper's basis weight), or "" (the product's own)."""
    a, b = sentence
    piece = text[a:b]
    listed = fact.kind == "age" and same_kind >= 3  # "ages 2-3, 4-5 and 6-7": a list of sizes
    if _SIZE_ROW.search(piece) or _SIZE_CHART.search(text, a, fact.span[0]) or listed:
        return "chart"
    if fact.kind == "length":
        # Its own clause: back to the previous number or ";", on to the end of the sentence.
        before = re.split(r"[;\d]", text[max(a, fact.span[0] - 60) : fact.span[0]])[-1]
        after = re.split(r"[;\d]", text[fact.span[1] : b])[0]
        return "assembled" if _ASSEMBLED.search(before) or _ASSEMBLED.search(after) else ""
    if fact.kind != "mass":
        return ""
    # The words before it in its own clause, back to the previous number ("easy to carry, it
    # weighs 2 lb" and "holds up to 50 lb and weighs 10 lb": the 2 and the 10 are the item's).
    before = re.split(r"[,.;!?\d]", text[max(a, fact.span[0] - 40) : fact.span[0]])[-1]
    # To the end of its sentence ("20.5 lb capacity": the full stop of a decimal ends nothing).
    after = re.split(r"[.;!?](?:\s|$)", text[fact.span[1] : fact.span[1] + 30])[0]
    if _BASIS_AFTER.match(after) or _BASIS_BEFORE.search(before):
        return "basis"
    if _LOAD_AFTER.match(after) or _LOAD_BEFORE.search(before):
        return "load"
    return ""


def key_role(key: str) -> str:
    """What an attribute measures: "load" (Weight Capacity, Maximum Load), "basis" (Paper
    Weight), or "" (the product's own)."""
    words = set(norm_key(key).replace("(", " ").replace(")", " ").split())
    if words & _BASIS_KEY:
        return "basis"
    return "load" if words & _LOAD_KEY else ""


def _stems(words: list[str]) -> set[str]:
    return {w.lower()[:4] for w in words}


def _near(inp: CheckInput, span: tuple[int, int]) -> set[str]:
    """Stems of the words just before a fact (back to the previous number or punctuation, at
    most five) and the one after."""
    toks = inp.analysis.tokens
    before = [t for t in toks if t.end <= span[0]][-2 * _WINDOW :]
    words: list[str] = []
    for t in reversed(before):
        # Back to the previous number or the clause's start: "easy to carry, it weighs 2 lb".
        if any(c.isdigit() for c in t.text) or t.text in (",", ";", ".", "!", "?"):
            break
        if t.is_word:
            words.append(t.lower)
        if len(words) == _WINDOW:
            break
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
    said = text_facts(inp.text)
    sentences = sentence_spans(_DECIMAL_POINT.sub("\u00b7", inp.text))  # "3.75 in" is one
    # When the text itself states the listed dimensions (two or more of their numbers: "folds to
    # 13 x 7 x 10 in"), its other, larger sizes describe the product unfolded or in use.
    dims = [c for c in by_kind.get("length", []) if _dimensions(c)]
    listed = [f for f in said if f.kind == "length" and any(agree(f, c[2]) for c in dims)]
    states_dims = len(listed) >= 2
    for fact in said:
        cands = by_kind.get(fact.kind)
        if not cands or fact.span in reported or inp.analysis.in_specs(fact.span[0]):
            continue
        if any(a <= fact.span[0] and fact.span[1] <= b for a, b in names):
            continue
        sentence = next(((a, b) for a, b in sentences if a <= fact.span[0] < b), (0, len(inp.text)))
        same_kind = len(
            {f.span for f in said if f.kind == fact.kind and sentence[0] <= f.span[0] < sentence[1]}
        )
        measures = role(inp.text, fact, sentence, same_kind)
        if measures in ("chart", "assembled"):
            # a size chart lists every variant's measures, not this item's; a size of the
            # product assembled or opened is not the listed (often the package's) dimensions
            continue
        cands = [c for c in cands if fact.kind != "mass" or key_role(c[0]) == measures]
        if not cands:
            continue  # a capacity or paper weight with no attribute of its kind: nothing to compare
        if any(agree(fact, c[2]) for c in cands) or any(agree(fact, t) for t in title):
            continue  # a text that agrees with the title is not held to the attributes
        if fact.kind == "length" and (_fits(fact, cands) or states_dims):
            continue
        own = [c for c in cands if not about_package(c[0])]
        if not own:
            continue
        if measures:  # like with like: a capacity against the capacity attribute
            keys = {c[0] for c in own}
            verdict: tuple[Severity, tuple[str, str, Fact]] | None = (
                "error" if len(keys) == 1 else "warning",
                own[0],
            )
        else:
            verdict = _severity(fact, _near(inp, fact.span), own)
        if verdict is None:
            continue
        severity, (key, value, _) = verdict
        reported.add(fact.span)
        rule = _RULE.get(fact.kind, "quantity_mismatch")
        out.append(_finding(fact, severity, inp, key, value, rule))
    return out
