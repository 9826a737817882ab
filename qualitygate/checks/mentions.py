"""Attribute mentions in text and in attribute values: colours, materials, audiences, claims, packs.

Each finder returns what was said, where, and what it is anchored to (the noun it describes or the
label before it), because only an anchored mention can contradict a specific attribute.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from qualitygate.checks.lexicons import (
    ANY_COLOUR,
    AUDIENCE,
    CLAIMS,
    COLOURS,
    MATERIALS,
    NEGATIONS,
    NO,
    YES,
)
from qualitygate.checks.text import Analysis, Phrases, Tok

_COLOUR_CUES = frozenset(
    {"color", "colour", "colors", "colours", "colored", "coloured", "shade", "tone", "hue"}
)
# "Comes in classic pink", "available in navy": the product's own colour, so anchored as a label.
_OFFERED = frozenset({"come", "comes", "available", "offered", "arrives"})
_OFFERED_SKIP = frozenset({"in", "a", "an", "the", "classic", "bold", "rich", "deep", "soft"})
# "made of quality cotton": praise between the label and the material does not break the anchor.
_MATERIAL_SKIP = frozenset(
    {"quality", "premium", "fine", "finest", "soft", "durable", "superior", "high", "good"}
)
_LABEL_SKIP = frozenset({":", "-", "–", "in", "a", "an", "the", "is", "of"})
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
}
_PACK_RE = re.compile(
    r"\b(?:pack|set|combo|box|bundle) of (\d+|" + "|".join(_NUMBER_WORDS) + r")\b"
    r"|(?<![\d.,])\b(\d+)\s?(?:-\s?)?(?:pcs|pieces|piece set|pc set|pack)\b",
    re.IGNORECASE,
)
_PLURALS = frozenset(
    {
        "men",
        "women",
        "boys",
        "girls",
        "kids",
        "ladies",
        "children",
        "gents",
        "babies",
        "infants",
        "toddlers",
    }
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One attribute-like statement in the text."""

    kind: str
    value: str
    span: tuple[int, int]
    # The noun described; "label" after "Color: X" / "made of X"; "label:dial" after "Dial colour:".
    anchor: str | None = None
    negated: bool = False
    partial: bool = False  # "15% polyester": one component of a blend
    emphatic: bool = False  # "100% cotton", "genuine leather"


def _sorted_lexicon(lexicon: dict[str, object]) -> list[str]:
    return sorted(lexicon, key=lambda w: -len(w.split()))


_COLOUR_WORDS = _sorted_lexicon(dict(COLOURS))
_MATERIAL_WORDS = _sorted_lexicon(dict(MATERIALS))
_COLOUR_PHRASES = Phrases(_COLOUR_WORDS)
_MATERIAL_PHRASES = Phrases(_MATERIAL_WORDS)


def _lexicon_spans(analysis: Analysis, words: Phrases) -> Iterator[tuple[str, tuple[int, int]]]:
    """Longest-first, non-overlapping matches of lexicon entries outside the spec table."""
    taken: list[tuple[int, int]] = []
    for n, spans in words.spans(analysis):
        word = words.phrases[n]
        for span in spans:
            if analysis.in_specs(span[0]):
                continue
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            yield word, span


def _tok_index(analysis: Analysis, span: tuple[int, int]) -> tuple[int, int]:
    toks = analysis.tokens
    first = next(i for i, t in enumerate(toks) if t.end > span[0])
    last = max(i for i in range(first, len(toks)) if toks[i].start < span[1])
    return first, last


def _described_noun(analysis: Analysis, last: int) -> Tok | None:
    """The noun a modifier describes: its syntactic head, or the next noun within three tokens."""
    toks = analysis.tokens
    tok = toks[last]
    head = toks[tok.head]
    if tok.dep in ("amod", "compound", "nmod") and head.pos in ("NOUN", "PROPN") and head.i > last:
        return head
    for nxt in toks[last + 1 : last + 4]:
        if nxt.pos in ("NOUN", "PROPN"):
            return nxt
        if nxt.pos not in ("ADJ", "NOUN", "PROPN", "CCONJ") and nxt.text != ",":
            break
    return None


def _label_before(analysis: Analysis, first: int, labels: frozenset[str]) -> str | None:
    """If a label word ("Color:", "Fabric -", "made of") sits just before token `first`: the
    anchor it gives — the noun in front of the label ("Dial colour:" -> "dial"), else "label"."""
    toks = analysis.tokens
    k = first - 1
    steps = 0
    while k >= 0 and steps < 4 and toks[k].lower in _LABEL_SKIP:
        k, steps = k - 1, steps + 1
    if k < 0 or not (toks[k].lower in labels or toks[k].lemma in labels):
        return None
    before = toks[k - 1] if k > 0 else None
    if before is not None and before.pos in ("NOUN", "PROPN", "ADJ") and before.lower not in labels:
        return "label:" + before.lemma
    return "label"


def _offered_in(toks: list[Tok], first: int) -> bool:
    """True for "comes in (classic) X" / "available in X": a statement of the product's colour."""
    k = first - 1
    while k >= 0 and first - k <= 3 and toks[k].lower in _OFFERED_SKIP:
        if toks[k].lower == "in":
            return k > 0 and toks[k - 1].lower in _OFFERED
        k -= 1
    return False


def colours(analysis: Analysis) -> Iterator[Mention]:
    """Colour words with the noun they colour (or "label" after "Color:" / before "colour")."""
    for word, span in _lexicon_spans(analysis, _COLOUR_PHRASES):
        first, last = _tok_index(analysis, span)
        toks = analysis.tokens
        after = toks[last + 1].lower if last + 1 < len(toks) else ""
        label = _label_before(analysis, first, _COLOUR_CUES)
        if label or after in _COLOUR_CUES | {"finish"} or _offered_in(toks, first):
            yield Mention("colour", word, span, anchor=label or "label")
            continue
        noun = _described_noun(analysis, last)
        yield Mention("colour", word, span, anchor=noun.lemma if noun else None)


_MATERIAL_LABELS = frozenset(
    {"fabric", "material", "made", "crafted", "constructed", "manufactured", "fashioned", "using"}
)
_EMPHASIS = frozenset({"genuine", "real", "pure", "original", "authentic"})


def materials(analysis: Analysis) -> Iterator[Mention]:
    """Material words; "made of X", "Fabric: X" and "X fabric" are anchored as labels."""
    toks = analysis.tokens
    for word, span in _lexicon_spans(analysis, _MATERIAL_PHRASES):
        first, last = _tok_index(analysis, span)
        before = [t.lower for t in toks[max(0, first - 2) : first]]
        emphatic = before[-2:] == ["100", "%"] or bool(set(before[-1:]) & _EMPHASIS)
        share = before[-2:] if len(before) == 2 and before[-1] == "%" and not emphatic else None
        after = toks[last + 1].lower if last + 1 < len(toks) else ""
        start = first
        while start > 0 and toks[start - 1].lower in _MATERIAL_SKIP:
            start -= 1
        label = _label_before(analysis, start, _MATERIAL_LABELS | {"from", "100", "%"})
        if label is None and (after in ("fabric", "material", "construction") or emphatic):
            label = "label"
        noun = None if label else _described_noun(analysis, last)
        yield Mention(
            "material",
            word,
            span,
            anchor=label or (noun.lemma if noun else None),
            emphatic=emphatic,
            partial=share is not None,
        )


def audiences(analysis: Analysis) -> Iterator[Mention]:
    """Who the text says the product is for: "for men", "women's", "ideal for boys and girls"."""
    toks = analysis.tokens
    for i, tok in enumerate(toks):
        if tok.lower not in AUDIENCE or analysis.in_specs(tok.start):
            continue
        if i + 1 < len(toks) and toks[i + 1].text in ("-", "–"):
            continue  # "man-made"
        # "men's shoes" names the audience; "a man's attention" does not.
        possessive = (
            i + 1 < len(toks) and toks[i + 1].lower in ("'s", "’s", "'") and tok.lower in _PLURALS
        )
        k = i - 1
        while k >= 0 and toks[k].lower in (",", "and", "or", "&", "both", "/") | AUDIENCE.keys():
            k -= 1
        after_for = k >= 0 and toks[k].lower == "for"
        if tok.lower in ("him", "her") and not after_for:
            continue
        if possessive or after_for:
            yield Mention("audience", tok.lower, (tok.start, tok.end))


_CLAIM_OF_FORM = [claim for claim, (forms, _keys) in CLAIMS.items() for _ in forms]
_CLAIM_FORMS = Phrases(form for forms, _keys in CLAIMS.values() for form in forms)


def claims(analysis: Analysis) -> Iterator[Mention]:
    """Yes/no feature claims, with negation ("not waterproof", "non-reversible")."""
    toks = analysis.tokens
    found: dict[str, set[tuple[int, int]]] = {}  # in CLAIMS' order, as the forms are
    for n, form_spans in _CLAIM_FORMS.spans(analysis):
        found.setdefault(_CLAIM_OF_FORM[n], set()).update(form_spans)
    for claim, spans in found.items():
        for span in sorted(spans):
            if analysis.in_specs(span[0]):
                continue
            first, _ = _tok_index(analysis, span)
            window = [t.lower for t in toks[max(0, first - 3) : first]]
            negated = any(w in NEGATIONS for w in window)
            yield Mention("claim", claim, span, negated=negated)


def packs(text: str, analysis: Analysis) -> Iterator[Mention]:
    """Pack counts: "pack of 3", "set of two", "6 pcs"."""
    for m in _PACK_RE.finditer(text):
        if analysis.in_specs(m.start()):
            continue
        raw = (m.group(1) or m.group(2)).lower()
        count = _NUMBER_WORDS.get(raw) or int(raw)
        yield Mention("pack", str(count), m.span())


# --- attribute values -------------------------------------------------------------------------


def _alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


_COLOUR_ALT = _alternation(_COLOUR_WORDS)
_MATERIAL_ALT = _alternation(_MATERIAL_WORDS)


@lru_cache(maxsize=8192)
def colour_families(value: str) -> frozenset[str] | None:
    """Colour families named in an attribute value; None when it allows any colour or none known."""
    low = " ".join(value.lower().replace("-", " ").split())
    if any(a in low for a in ANY_COLOUR if len(a) > 2) or low in ANY_COLOUR:
        return None
    fams: set[str] = set()
    for word in _COLOUR_ALT.findall(low):
        fams |= COLOURS[word]
    return frozenset(fams) or None


@lru_cache(maxsize=8192)
def material_groups(value: str) -> frozenset[str]:
    """Canonical material groups named in an attribute value ("Cotton Lycra" -> cotton, elastane).

    Empty when the value is an unspecified blend ("Cotton Blend"): then nothing contradicts it.
    """
    low = " ".join(value.lower().replace("-", " ").split())
    if re.search(r"\bblend(?:ed)?\b|\bmix(?:ed)?\b|\bothers?\b", low):
        return frozenset()
    low = re.sub(r"\b(?:artificial|faux|synthetic|pu|imitation) leather\b", " synthetic ", low)
    return frozenset(MATERIALS[word] for word in _MATERIAL_ALT.findall(low))


def audience_of(value: str) -> tuple[set[str], set[str]]:
    """(genders, age groups) an "Ideal For" value covers; "any" gender for unisex."""
    genders: set[str] = set()
    ages: set[str] = set()
    for word in re.findall(r"[a-z]+", value.lower()):
        if word in AUDIENCE:
            g, a = AUDIENCE[word]
            if g:
                genders.add(g)
            if a:
                ages.add(a)
        elif word in ("couple", "couples", "family"):
            genders.add("any")
    return genders, ages


def truth(value: str, claim: str) -> bool | None:
    """Whether an attribute value affirms (True) or denies (False) a yes/no claim."""
    low = value.strip().lower()
    first = re.split(r"[\s,;/.]+", low, maxsplit=1)[0] if low else ""
    if first in YES:
        return True
    # A "not" denies the claim only in the part of the value that speaks of it: "Machine Wash,
    # Do Not Bleach" affirms machine washing.
    said = "machine wash" if claim == "machine washable" else claim
    parts = [p for p in re.split(r"[,;.]", low) if said in p.replace("machinewash", "machine wash")]
    if parts:
        return not re.search(r"\b(?:not|non|no)[\s-]", parts[0])
    if first in NO or re.search(r"\b(?:not|non)[\s-]", low):
        return False
    if claim == "machine washable":
        if re.search(r"\b(?:hand wash|dry clean)(?:ing)? only\b", low):
            return False
        return True if "machine wash" in low else None
    if claim in ("wireless",) and re.search(r"\bwired\b", low):
        return False
    return True if claim in low else None


_SIZE_RE = re.compile(
    r"\bsize\s*[:\-]?\s*(XXS|XS|S|M|L|XL|XXL|XXXL|[2-6]XL|\d{1,2}(?:\.5)?)(?!\w|\.\d)",
    re.IGNORECASE,
)


def sizes(text: str, analysis: Analysis) -> Iterator[Mention]:
    """Stated sizes: "size M", "Size: XL", "size 7"."""
    for m in _SIZE_RE.finditer(text):
        if not analysis.in_specs(m.start()):
            yield Mention("size", m.group(1).upper(), m.span(1))
