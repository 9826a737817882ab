"""Completeness: the payload has what the category needs, and the description says something.

Rules: missing_title, missing_category (an unscored note: a data gap, not a fault of the text),
missing_attributes (payload; the template's required attributes are still listed, so no
attributes is never better than some); empty_description and
template_only (errors: nothing but the title and marketplace boilerplate); thin_description
(few words AND fewer than half the category's defining facts: the standard fails completeness
on missing facts, not on a word count);
missing_attribute (the category template's required attributes: a warning, or info when the
description itself states the fact, which the standard counts); no_prose (only a feature list
or spec table);
not_mentioned (a facet shoppers need, such as material, that the text never covers).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from qualitygate.checks.caseblind import find_all_ci
from qualitygate.checks.common import CheckInput, attribute, norm_key, result
from qualitygate.checks.facts import text_facts, with_aliases
from qualitygate.checks.lexicons import AUDIENCE, COLOURS, MATERIAL_NAMES, MATERIAL_NOUN_ONLY
from qualitygate.checks.text import Analysis
from qualitygate.domain import CheckResult, Dimension, Finding

DIM: Dimension = "completeness"
# Fewer distinct words than this beyond the title and boilerplate is a template, not a description.
TEMPLATE_MAX_WORDS = 5
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]+")

# Facet -> (attribute keys that carry it, how to say it to a writer).
FACET_KEYS: dict[str, tuple[str, ...]] = {
    "material": (
        "fabric",
        "material",
        "outer material",
        "base material",
        "primary material",
        "strap material",
        "body material",
        "upper material",
    ),
    "colour": ("color", "colour", "primary color", "dial color", "strap color"),
    "size": ("size", "length", "width", "height", "dimensions", "diameter", "fit", "brand fit"),
    "pack": ("number of contents in sales package", "pack of", "sales package", "in the box"),
    "care": ("fabric care", "care instructions", "wash care"),
    "warranty": ("warranty summary", "warranty", "covered in warranty"),
    "capacity": ("capacity", "mug capacity", "volume", "quantity", "net quantity"),
    "gender": ("ideal for", "gender"),
}
_SIZE_RE = re.compile(
    r"\b(?:\d+(?:\.\d+)?\s*(?:mm|cm|m|inch|inches|in|ft|feet|\")|size|sizes|fit|fits|length"
    r"|dimensions?|small|medium|large|xs|s|m|l|xl|xxl|\d?xl|free size)\b",
    re.IGNORECASE,
)
_PACK_RE = re.compile(
    r"\b(?:pack of|set of|combo of|pair of|includes?|including|in the box|sales package|contents"
    r"|comes with|contains?|pieces|pcs"
    r"|\d+\s*-?\s*(?:pc|pcs|piece|pieces|pairs?|pack|pk|count|ct))\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = (
    r"\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|a dozen|dozen|a hundred|hundred"
)
# A count of what is in the box: "Contains 8 party hats", "set of 6", "pack of 12",
# "a 24-piece set", "12 pack".
_COUNT_RE = re.compile(
    rf"\b(?:contains|containing|includes|including|comes with|come with|set of|pack of|box of|"
    rf"bag of|kit of|bundle of|case of)\s+(?:{_NUMBER_WORDS})\b"
    r"|\b\d+\s*-?\s*(?:piece|pieces|pcs|pc|pack|pk|count|ct)\b",
    re.IGNORECASE,
)
# Which pieces: a list of two or more items after "includes", "comes with", "contains", "in the
# box" ("includes shirt with attached vest, head tie, sash, belt and boot tops").
_CONTENTS_RE = re.compile(
    r"\b(?:includes?|including|comes? with|contains?|containing|in the box|set includes|"
    r"consists of|you get)\b\s*:?\s*[^.;!?]{2,}?(?:,[^.;!?]*?\band\b|,[^.;!?]+,)",
    re.IGNORECASE,
)
_CARE_RE = re.compile(
    r"\b(?:wash\w*|dry ?clean\w*|iron\w*|bleach|care|clean\w*|tumble|hand ?wash\w*|wipe)\b",
    re.IGNORECASE,
)
_WARRANTY_RE = re.compile(r"\b(?:warranty|guarantee)\b", re.IGNORECASE)
_CAPACITY_RE = re.compile(
    r"\b(?:\d+(?:\.\d+)?\s*(?:ml|l|ltr|litres?|liters?|g|gm|gms|kg|oz|mah)|capacity|holds?)\b",
    re.IGNORECASE,
)


def _lexicon_hit(words: set[str], text: str, lexicon: dict[str, object]) -> bool:
    lowered = text.lower()
    return any((w in words) if " " not in w else (w in lowered) for w in lexicon)


def _mentions(facet: str, analysis: Analysis, words: set[str]) -> bool:
    text = analysis.text
    detectors: dict[str, Callable[[], bool]] = {
        "material": lambda: _material_word(analysis, text) is not None,
        "colour": lambda: _lexicon_hit(words, text, dict(COLOURS)),
        "size": lambda: bool(_SIZE_RE.search(text)),
        "pack": lambda: bool(_PACK_RE.search(text)),
        "care": lambda: bool(_CARE_RE.search(text)),
        "warranty": lambda: bool(_WARRANTY_RE.search(text)),
        "capacity": lambda: bool(_CAPACITY_RE.search(text)),
        "gender": lambda: _lexicon_hit(words, text, dict(AUDIENCE)),
    }
    detect = detectors.get(facet)
    return True if detect is None else detect()


_WARRANTY_TERM_RE = re.compile(
    r"\b\d+\s*(?:years?|yrs?|months?)\b[^.]{0,30}\bwarranty\b"
    r"|\bwarranty\b[^.]{0,30}\b\d+\s*(?:years?|yrs?|months?)\b",
    re.IGNORECASE,
)
_SIZE_STATED_RE = re.compile(
    r"\b(?:free size|size\s*:?\s*\d+|[2-5]?x{1,3}[ls]|xs)\b", re.IGNORECASE
)
# Facets `stated_fact` reads strictly; the others (pack, care) are stated when mentioned.
_STATED = frozenset({"colour", "material", "gender", "size", "capacity", "warranty"})
# Which facet a required attribute stands for, from its keys (FACET_KEYS read backwards).
_FACET_OF_KEY = {norm_key(k): facet for facet, keys in FACET_KEYS.items() for k in keys}
_FACET_OF_KEY.update({"weight": "capacity", "metal": "material", "plating": "material"})


def _lexicon_word(words: set[str], text: str, lexicon: dict[str, object]) -> str | None:
    lowered = text.lower()
    return next((w for w in lexicon if (w in words if " " not in w else w in lowered)), None)


def _material_word(analysis: Analysis, text: str) -> str | None:
    """The first material or textile the text names (`lexicons.MATERIAL_NAMES`: "PVC",
    "tulle", "stainless steel"); a word that is also a verb ("felt") only as a noun or
    adjective."""
    for t in analysis.tokens:
        if t.lower in MATERIAL_NAMES and (
            t.lower not in MATERIAL_NOUN_ONLY or t.pos in ("NOUN", "PROPN", "ADJ")
        ):
            return t.text
    lowered = text.lower()
    return next((m for m in _MATERIAL_PHRASES if m in lowered), None)


_MATERIAL_PHRASES = tuple(m for m in MATERIAL_NAMES if " " in m)


def stated_fact(facet: str, analysis: Analysis, words: set[str]) -> str | None:
    """What the description states for a facet (a colour, a material, a measure, ...), as
    written, or None. Stricter than `_mentions`: "wash" mentions care, but "size" alone states
    no size."""
    text = analysis.text
    if facet == "colour":
        return _lexicon_word(words, text, dict(COLOURS))
    if facet == "material":
        return _material_word(analysis, text)
    if facet == "gender":
        return _lexicon_word(words, text, dict(AUDIENCE))
    if facet in ("size", "capacity"):
        kinds = ("length",) if facet == "size" else ("volume", "mass")
        fact = next((f for f in text_facts(text) if f.kind in kinds), None)
        if fact is not None:
            return fact.show()
        m = _SIZE_STATED_RE.search(text) if facet == "size" else None
        return m.group() if m else None
    if facet == "warranty":
        m = _WARRANTY_TERM_RE.search(text)
        return " ".join(m.group().split()) if m else None
    return None


# A product of several pieces, by its title or attributes: "Set", "Kit", "Pack of 3", "24 pcs",
# "Play set", "Puzzle", "Board game". Only such a product's pieces are a defining fact (the
# standard's "multi-piece products: how many pieces and which"); a single key ring is not short
# of a count.
_MULTI_PIECE_RE = re.compile(
    r"\b(?:sets?|kits?|packs?|combos?|bundles?|pairs?|pieces?|pcs|pc|playsets?|play sets?|"
    r"puzzles?|games?|collection|assortment|assorted|multipack|\d+\s*-?\s*(?:pk|ct|count))\b",
    re.IGNORECASE,
)


def multi_piece(inp: CheckInput) -> bool:
    """Whether the title or attributes say the product comes in several pieces."""
    pack = attribute(inp.draft, FACET_KEYS["pack"])
    if pack is not None:
        count = re.match(r"\s*(\d+)", pack[1])
        # "3", "Pack of 2", "Shirt, Trouser": several; "1", "1 Key Ring", "Key Ring": one.
        if int(count.group(1)) > 1 if count else bool(re.search(r",|&|\+|\band\b", pack[1])):
            return True
    return bool(_MULTI_PIECE_RE.search(inp.draft.product.title))


def defining_facts(inp: CheckInput, words: set[str]) -> tuple[list[str], list[str]]:
    """(facets the text states, the category's defining facets): the template's required
    attributes' facets and its mentions (the pack only for a multi-piece product), a material
    the text states, plus "a measure" (a size, age, count, weight, volume,
    battery or power: the standard's sizes, age ranges and piece counts) for every category."""
    facets: list[str] = []
    for req in inp.template.required:
        facet = next(
            (_FACET_OF_KEY[k] for k in map(norm_key, req.keys) if k in _FACET_OF_KEY), None
        )
        if facet and facet not in facets:
            facets.append(facet)
    facets += [m for m in inp.template.mentions if m not in facets]
    if "pack" in facets and not multi_piece(inp):
        facets.remove("pack")
    given = [
        f
        for f in facets
        if (
            stated_fact(f, inp.analysis, words)
            if f in _STATED
            else _mentions(f, inp.analysis, words)
        )
    ]
    # A multi-piece product's defining fact is how many pieces and which: a list of contents
    # ("includes shirt, vest, sash and belt") or a count ("contains 12 weights") gives it.
    if _CONTENTS_RE.search(inp.text) or _COUNT_RE.search(inp.text):
        if "pack" not in facets:
            facets.append("pack")
        if "pack" not in given:
            given.append("pack")
    # The standard's lists are examples ("for example"), and material is in most of them: a
    # material the text states counts for any category ("a pewter key ring" gives a fact).
    if "material" not in facets and stated_fact("material", inp.analysis, words):
        facets.append("material")
        given.append("material")
    facets.append("a measure")
    if text_facts(inp.text) or _COUNT_RE.search(inp.text):
        given.append("a measure")
    return given, facets


def substance_words(text: str, title: str, boilerplate: list[tuple[int, int]]) -> set[str]:
    """Distinct content words left once boilerplate and copies of the title are removed."""
    return set(_substance(text, title, tuple(boilerplate)))


@lru_cache(maxsize=16)  # completeness and SEO both ask, one after the other, per draft
def _substance(text: str, title: str, boilerplate: tuple[tuple[int, int], ...]) -> frozenset[str]:
    pieces: list[str] = []
    last = 0
    for a, b in boilerplate:
        pieces.append(text[last:a])
        last = b
    pieces.append(text[last:])
    rest = " ".join(pieces)
    if title.strip():
        kept, last = [], 0
        for a, b in find_all_ci(title.strip(), rest):
            kept.append(rest[last:a])
            last = b
        rest = " ".join([*kept, rest[last:]])
    title_words = {w.lower() for w in _WORD_RE.findall(title)}
    return frozenset(
        w.lower()
        for w in _WORD_RE.findall(rest)
        if len(w) > 2 and w.lower() not in STOP_WORDS and w.lower() not in title_words
    )


def _payload(inp: CheckInput) -> list[Finding]:
    product = inp.draft.product
    out: list[Finding] = []
    if not product.title.strip():
        out.append(
            Finding(
                DIM,
                "missing_title",
                "error",
                "The product has no title.",
                suggestion="Set the product title in the CMS.",
            )
        )
    if not any(level.strip() for level in product.category):
        out.append(
            Finding(
                DIM,
                "missing_category",
                "info",  # a data gap, not a fault of the text: an unscored note (common.TIPS)
                "Note: the product has no category, so only the general template applies.",
                suggestion="Assign the product to a category.",
            )
        )
    if not product.attributes:
        out.append(
            Finding(
                DIM,
                "missing_attributes",
                "error",  # the standard: no attributes fails completeness, whatever the text
                "The product has no attributes; nothing can be checked against specs.",
                suggestion="Fill in the attribute sheet (material, colour, size...).",
            )
        )
    # The template's required attributes are judged whether or not any were sent, so an empty
    # sheet is the worst case of missing fields. "Color Name" counts as Color (facts.with_aliases).
    have = {norm_key(k) for k, v in with_aliases(product.attributes).items() if str(v).strip()}
    words = {t.lower for t in inp.analysis.tokens if t.is_word}
    for req in inp.template.required:
        keys = [norm_key(k) for k in req.keys]
        if have & set(keys):
            continue
        listed = " / ".join(k.title() for k in req.keys[:3])
        # "capacity or size": a volume, a weight or a length in the text gives it.
        facets = dict.fromkeys(_FACET_OF_KEY[k] for k in keys if k in _FACET_OF_KEY)
        said = next(filter(None, (stated_fact(f, inp.analysis, words) for f in facets)), None)
        if said is not None:
            # The standard judges the facts the shopper gets: the text gives this one.
            out.append(
                Finding(
                    DIM,
                    "missing_attribute",
                    "info",
                    f"No {req.name} attribute ({listed}) is set, but the description states it "
                    f"('{said}'); the attribute lets filters find it.",
                    suggestion=f"Add the {req.name} attribute.",
                )
            )
            continue
        out.append(
            Finding(
                DIM,
                "missing_attribute",
                req.severity,
                f"Category '{inp.template.name}' needs {req.name}, but no attribute "
                f"({listed}) is set and the description does not state it.",
                suggestion=f"Add the {req.name} attribute.",
            )
        )
    return out


def check(inp: CheckInput) -> CheckResult:
    """All completeness rules for one draft."""
    findings = _payload(inp)
    text = inp.text
    analysis = inp.analysis
    if not text.strip():
        findings.append(
            Finding(
                DIM,
                "empty_description",
                "error",
                "The description is empty.",
                suggestion="Write a description of the product.",
            )
        )
        return result(DIM, findings)
    substance = substance_words(text, inp.draft.product.title, analysis.boilerplate)
    if len(substance) < TEMPLATE_MAX_WORDS:
        spans = analysis.boilerplate
        findings.append(
            Finding(
                DIM,
                "template_only",
                "error",
                f"Only {len(substance)} distinct words of product information once the title "
                "and marketplace boilerplate are removed; the shopper learns nothing.",
                span=spans[0] if spans else (0, len(text)),
                suggestion="Replace the template with what the product is made of, how it fits or "
                "works, what is in the box and how to care for it.",
            )
        )
        return result(DIM, findings)
    words = {t.lower for t in analysis.tokens if t.is_word}
    facts_given, facets = defining_facts(inp, words)
    if len(substance) < inp.template.min_substance_words and 2 * len(facts_given) < len(facets):
        findings.append(
            Finding(
                DIM,
                "thin_description",
                "warning",
                f"Only {len(substance)} distinct words of product information beyond the title, "
                f"and the text gives {len(facts_given)} of the category's {len(facets)} defining "
                f"facts (given: {', '.join(facts_given) or 'none'}; missing: "
                f"{', '.join(f for f in facets if f not in facts_given)}).",
                span=(0, len(text)),
                suggestion="Add what the product is made of, how it fits or works and how to "
                "care for it.",
            )
        )
    prose_words = sum(s.n_words for s in analysis.prose_sentences())
    if prose_words < 10 and any(r.kind != "prose" for r in analysis.regions):
        findings.append(
            Finding(
                DIM,
                "no_prose",
                "warning",
                "The description is only a feature list or a flattened spec table, with no prose.",
                span=(0, len(text)),
                suggestion="Add two or three sentences on what the product is for and why it suits "
                "the shopper.",
            )
        )
    for facet in inp.template.mentions:
        if _mentions(facet, analysis, words) or (facet == "pack" and not multi_piece(inp)):
            continue
        attr = attribute(inp.draft, FACET_KEYS.get(facet, ()))
        if attr is not None:
            findings.append(
                Finding(
                    DIM,
                    "not_mentioned",
                    "warning",
                    f"The description never mentions the {facet}; attribute {attr[0]} is "
                    f"'{attr[1]}'.",
                    suggestion=f"Mention the {facet} ({attr[1]}) in the description.",
                )
            )
        else:
            findings.append(
                Finding(
                    DIM,
                    "not_mentioned",
                    "info",
                    f"Neither the description nor the attributes give the {facet}.",
                    suggestion=f"Add the {facet} if shoppers of this category need it.",
                )
            )
    return result(DIM, findings)
