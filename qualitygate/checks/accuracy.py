"""Accuracy: what the description says against what the attributes say.

A contradiction (text and attribute disagree about the same thing) is an `error` carrying the text
span and the attribute key and value. A claim no attribute mentions ("waterproof" with no
water-resistance attribute) is absent data, not a contradiction, and is left to completeness.
Mentions are compared only when they are anchored
to the attribute they would contradict: a colour after "Color:" or describing the product noun is
compared with Color; "black dial" with Dial Color; an unanchored "red" (a red stitch, a red hand)
is left alone. Units are converted (1.5 kg = 1500 g) within a 5% tolerance, multi-valued attributes
("Red, Blue") accept any of their values, and colours compare by family (navy is a blue).

Rules: colour_mismatch, material_mismatch, material_blend, audience_mismatch, age_mismatch,
pack_mismatch, size_mismatch, quantity_mismatch, battery_mismatch, claim_contradicted (a claim
no attribute mentions is absent data, not a contradiction). Numeric facts (mass, lengths and
dimension triples, volume, power, charge, ages, batteries, piece counts) are compared through the
typed fact layer (`facts`, `fact_checks`); attributes named unlike the Flipkart sheet ("Color
Name", "Target Gender", "Material Type") are read under the canonical name their kind has
(`facts.with_aliases`).
"""

from __future__ import annotations

import re

from qualitygate.checks import contradictions, fact_checks
from qualitygate.checks import mentions as mt
from qualitygate.checks.attributes import Attributes, name_spans, named
from qualitygate.checks.common import CheckInput, norm_key, quote, result
from qualitygate.checks.facts import with_aliases
from qualitygate.checks.lexicons import (
    AMBIGUOUS_COLOURS,
    AUDIENCE,
    CLAIMS,
    COLOURS,
    MATERIAL_COMPATIBLE,
    MATERIALS,
)
from qualitygate.checks.units import find_quantities, same_amount
from qualitygate.domain import CheckResult, Dimension, Finding, Severity

DIM: Dimension = "accuracy"
MAIN_COLOUR_KEYS = ("color", "colour", "primary color", "primary colour", "shade")
MAIN_MATERIAL_KEYS = (
    "fabric",
    "material",
    "outer material",
    "base material",
    "primary material",
    "upper material",
    "body material",
)
AUDIENCE_KEYS = ("ideal for", "gender")
PACK_KEYS = ("pack of", "number of contents in sales package")
SIZE_KEYS = ("size", "brand size")
# Quantities the typed fact layer does not cover; `_quantities` compares them as before.
_OTHER_QUANTITIES = frozenset({"voltage", "storage", "time"})
_NOT_A_MATERIAL_AFTER = frozenset(
    {
        "plated",
        "plating",
        "tone",
        "toned",
        "finish",
        "polish",
        "coated",
        "coating",
        "look",
        "print",
        "printed",
        "color",
        "colour",
        "effect",
        "like",
        "textured",
        "shade",
        "polished",
    }
)
_ANCHOR_WINDOW = 5
# Material words that usually name something else ("net weight", "gold tone", "mesh panel").
AMBIGUOUS_MATERIALS = frozenset(
    {
        "net",
        "gold",
        "silver",
        "copper",
        "crystal",
        "mesh",
        "poly",
        "glass",
        "steel",
        "rubber",
        "wood",
        "bamboo",
        "canvas",
        "modal",
    }
)
_STOP_KEY_WORDS = frozenset({"of", "the", "in", "and", "for", "number", "type", "other", "size"})


def _finding(
    rule: str,
    severity: Severity,
    text: str,
    span: tuple[int, int],
    key: str,
    value: str,
    what: str | None = None,
) -> Finding:
    said = what or quote(text, span)
    return Finding(
        DIM,
        rule,
        severity,
        f"Text says '{said}', but attribute {key} is '{value}'.",
        span=span,
        suggestion=f"Correct the text or the attribute so they agree ({key}: {value}).",
    )


def _colours(inp: CheckInput, attrs: Attributes, names: list[tuple[int, int]]) -> list[Finding]:
    out = []
    for m in mt.colours(inp.analysis):
        if named(m.span, names):
            continue
        if m.value in AMBIGUOUS_COLOURS and not (m.anchor or "").startswith("label"):
            continue
        # "brown/black coloured": the text offers alternatives; one that agrees is enough.
        said = set(COLOURS[m.value]) | _slashed_colours(inp.text, m.span)
        for key, value in attrs.targets(m.anchor, MAIN_COLOUR_KEYS, "colo"):
            fams = mt.colour_families(value)
            if fams is not None and not (said & fams):
                out.append(_finding("colour_mismatch", "error", inp.text, m.span, key, value))
                break
    return out


_SLASH_AFTER = re.compile(r"\s?/\s?([A-Za-z]+)")
_SLASH_BEFORE = re.compile(r"([A-Za-z]+)\s?/\s?$")


def _slashed_colours(text: str, span: tuple[int, int]) -> set[str]:
    """Colour families of a word joined to the mention by a slash ("brown/black")."""
    out: set[str] = set()
    after = _SLASH_AFTER.match(text, span[1])
    before = _SLASH_BEFORE.search(text[max(0, span[0] - 20) : span[0]])
    for m in (after, before):
        if m and m.group(1).lower() in COLOURS:
            out |= COLOURS[m.group(1).lower()]
    return out


def _materials(inp: CheckInput, attrs: Attributes, names: list[tuple[int, int]]) -> list[Finding]:
    out = []
    toks = inp.analysis.tokens
    for m in mt.materials(inp.analysis):
        if named(m.span, names):
            continue
        if m.value in AMBIGUOUS_MATERIALS and not (m.anchor or "").startswith("label"):
            continue
        nxt = next((t for t in toks if t.start >= m.span[1] and t.text not in ("-", "–")), None)
        if nxt is not None and nxt.lower in _NOT_A_MATERIAL_AFTER:
            continue
        group = MATERIALS[m.value]
        for key, value in attrs.targets(m.anchor, MAIN_MATERIAL_KEYS, "material") or (
            attrs.targets(m.anchor, ("fabric",), "fabric")
        ):
            groups = mt.material_groups(value)
            if not groups:
                continue
            fake = m.emphatic and group == "leather" and "synthetic" in groups
            compatible = group in groups or any(
                group in MATERIAL_COMPATIBLE.get(g, ()) or g in MATERIAL_COMPATIBLE.get(group, ())
                for g in groups
            )
            if fake or not compatible:
                # "85% cotton 15% polyester" against "Cotton": the sheet omits a minor component.
                severity: Severity = "warning" if m.partial else "error"
                out.append(_finding("material_mismatch", severity, inp.text, m.span, key, value))
                break
            if m.emphatic and len(groups) > 1 and group != "synthetic":
                out.append(
                    Finding(
                        DIM,
                        "material_blend",
                        "warning",
                        f"Text says '{quote(inp.text, m.span)}' as if pure, but attribute {key} is "
                        f"the blend '{value}'.",
                        span=m.span,
                        suggestion=f"Describe the blend as it is: {value}.",
                    )
                )
                break
    return out


def _audience(inp: CheckInput, attrs: Attributes, names: list[tuple[int, int]]) -> list[Finding]:
    out = []
    for key, value in attrs.get(AUDIENCE_KEYS):
        genders, ages = mt.audience_of(value)
        for m in mt.audiences(inp.analysis):
            if named(m.span, names):
                continue
            g, a = AUDIENCE[m.value]
            soft = m.value in ("him", "her")
            if g in ("male", "female") and genders and "any" not in genders and g not in genders:
                out.append(
                    _finding(
                        "audience_mismatch",
                        "warning" if soft else "error",
                        inp.text,
                        m.span,
                        key,
                        value,
                    )
                )
            elif a and ages and a not in ages and not ({a} | ages) <= {"kid", "baby"}:
                out.append(_finding("age_mismatch", "warning", inp.text, m.span, key, value))
        break
    return out


def _packs(inp: CheckInput, attrs: Attributes, names: list[tuple[int, int]]) -> list[Finding]:
    out = []
    for key, value in attrs.get(PACK_KEYS):
        counts = set(re.findall(r"\d+", value))
        if not counts:
            continue
        for m in mt.packs(inp.text, inp.analysis):
            if m.value not in counts and not named(m.span, names):
                out.append(_finding("pack_mismatch", "error", inp.text, m.span, key, value))
        break
    return out


def _anchor_words(inp: CheckInput, start: int) -> set[str]:
    """Four-letter stems of the words just before a quantity ("weighs" -> "weig"), back to the
    previous number: in "Height 8 in, Dia 4.2 in" the 4.2 belongs to "Dia", not to "Height"."""
    toks = [t for t in inp.analysis.tokens if t.end <= start and t.is_word][-_ANCHOR_WINDOW:]
    words: list[str] = []
    for t in reversed(toks):
        if any(c.isdigit() for c in t.text):
            break
        words.append(t.lower[:4])
    return set(words)


def _quantities(inp: CheckInput, attrs: Attributes) -> list[Finding]:
    by_dim: dict[str, list[tuple[str, str, list[float]]]] = {}
    for key, value in attrs.items:
        qs = [q for q in find_quantities(value) if q.dimension in _OTHER_QUANTITIES]
        for dim in {q.dimension for q in qs}:
            by_dim.setdefault(dim, []).append(
                (key, value, [q.value for q in qs if q.dimension == dim])
            )
    if not by_dim:
        return []  # nothing to compare: skip reading the text's quantities
    out = []
    for q in find_quantities(inp.text):
        cands = by_dim.get(q.dimension)  # typed facts (fact_checks) compare the other kinds
        if not cands or inp.analysis.in_specs(q.span[0]):
            continue
        if any(same_amount(q.value, v) for _, _, vals in cands for v in vals):
            continue
        near = _anchor_words(inp, q.span[0])
        stems = {
            c[0]: {w[:4] for w in norm_key(c[0]).split() if w not in _STOP_KEY_WORDS} for c in cands
        }
        anchored = [c for c in cands if stems[c[0]] & near]
        if anchored:
            # "Height 9.5 cm" against Height is clear; "height" against "Jug Height" may be
            # another part's height, so only a full match of the key is an error.
            key, value, _ = anchored[0]
            severity: Severity = "error" if stems[key] <= near else "warning"
            out.append(_finding("quantity_mismatch", severity, inp.text, q.span, key, value))
        elif len(cands) == 1 and q.dimension not in ("length", "time"):
            key, value, _ = cands[0]
            out.append(_finding("quantity_mismatch", "warning", inp.text, q.span, key, value))
    return out


def _sizes(inp: CheckInput, attrs: Attributes, names: list[tuple[int, int]]) -> list[Finding]:
    out = []
    for key, value in attrs.get(SIZE_KEYS):
        allowed = {p.upper() for p in re.findall(r"[A-Za-z0-9.]+", value)}
        if allowed & {"FREE", "ONE"}:
            break
        for m in mt.sizes(inp.text, inp.analysis):
            if m.value not in allowed and not named(m.span, names):
                out.append(_finding("size_mismatch", "warning", inp.text, m.span, key, value))
        break
    return out


def _claims(inp: CheckInput, attrs: Attributes) -> list[Finding]:
    """A yes/no claim the attributes deny. A claim no attribute mentions is not an accuracy
    finding: the standard fails accuracy only where text and data disagree ("facts that are
    absent are a completeness matter")."""
    out = []
    for m in mt.claims(inp.analysis):
        _, keys = CLAIMS[m.value]
        verdicts = [(k, v, mt.truth(v, m.value)) for k, v in attrs.get(keys)]
        said = quote(inp.text, m.span)
        contradicted = [(k, v) for k, v, t in verdicts if t is not None and t == m.negated]
        if contradicted:
            key, value = contradicted[0]
            what = f"not {said}" if m.negated and "not" not in said.lower() else said
            out.append(_finding("claim_contradicted", "error", inp.text, m.span, key, value, what))
    return out


def check(inp: CheckInput) -> CheckResult:
    """All accuracy rules for one draft."""
    product = inp.draft.product
    attrs = Attributes(with_aliases(product.attributes), product.title)
    if not inp.text.strip():
        return result(DIM, [])
    names = name_spans(inp)
    findings = (
        _colours(inp, attrs, names)
        + _materials(inp, attrs, names)
        + _audience(inp, attrs, names)
        + _packs(inp, attrs, names)
        + _sizes(inp, attrs, names)
        + _quantities(inp, attrs)
        + fact_checks.find(inp, names)
        + _claims(inp, attrs)
        + contradictions.find(inp.draft)
    )
    return result(DIM, findings)
