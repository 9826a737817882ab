"""The standard's explicit brand-voice fails, for every brand (docs/quality-standard.md).

Each is an `error` at its span: claims of superiority or guarantees ("the best", "#1",
"unbeatable", "guaranteed") said of the product, its brand or seller, slang and text-speak
("omg", "gonna", "sooo"), "!!", more than a third of the sentences ending in "!" (two or more of
them: one "!" is fine), and disparaging other sellers. Enthusiasm about the product itself
("amazing", "premium") is not matched, nor a shop's "30 Day Replacement Guarantee" (a returns
policy, which our judges pass). A brand's guideline file may add stricter limits. A safety
warning's capitals ("WARNING: CHOKING HAZARD -- Small parts") are the law's (`safety_passages`).
Slang and shouting made only of name words (the title's brand, model or character names, which the
standard exempts) are not matched: a model called "GR8" or "Slay" is a name, not text-speak; nor is
a slang word in its literal sense with its literal object ("slay monsters", "lit by LEDs"). A "!"
that is part of a name ("Zap! Pals", "Yahoo! mail") ends no sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qualitygate.checks.caseblind import CaseBlind, lowered
from qualitygate.domain import Dimension, Finding
from qualitygate.sentences import continues, sentence_spans

DIM: Dimension = "brand_voice"

_SUPERIORITY = CaseBlind(
    r"#\s?1\b|\b(?:the best\b(?! (?:way|part|of|for you)\b)|"
    r"world'?s (?:best|finest|first|no\.? ?1)|no\.\s?1\b|number one\b|unbeatable|unmatched|"
    r"second to none|finest|highest[- ]quality|best[- ]in[- ]class|guaranteed\b|"
    r"lowest (?:online )?prices?|best prices?|largest|world leader|dominat\w+ the market|"
    r"like no other|no other brand)"
)
_SLANG = CaseBlind(
    r"\b(?:omg|lol|gonna|wanna|gotta|so{3,}|u r|ur|bestie|lit|fam|no cap|totes|cuz|b4|gr8|"
    r"r u|plz|thx|kinda|sorta|ya'?ll|dope|slay\w*|af)\b"
)
# Slang words that are also plain English, and what makes them literal: a word with its literal
# object ("knights slay monsters", "lit by LEDs", "a well-lit room"). Another shop will name other
# monsters; the list is the literal objects these verbs take in product copy (games, toys, lamps).
_LITERAL_AFTER = {
    "slay": re.compile(
        r"(?i)\s+(?:(?:the|a|an|all|every|those|these|their|its|evil|giant|mighty|fearsome|"
        r"fierce|wicked|ancient|enemy|\w+'s)\s+){0,3}(?:dragons?|monsters?|beasts?|demons?|"
        r"enem(?:y|ies)|foes?|zombies?|giants?|vampires?|villains?|orcs?|goblins?|trolls?|"
        r"creatures?|invaders?|aliens?|knights?|ogres?|witch(?:es)?|undead|bosses)\b"
    ),
    "lit": re.compile(r"(?i)\s+(?:by|up|from|with|candles?|rooms?|screens?|displays?|dials?)\b"),
}
_BANGS = CaseBlind(r"!{2,}")
# A legally required safety warning, which the standard lets stand in capitals ("WARNING: CHOKING
# HAZARD"): it starts at a signal word followed by a colon or dash, or at a hazard phrase, and runs
# to the end of its sentence and through the sentences after it that carry warning wording
# ("Small parts. Not for children under 3 yrs.", California's Proposition 65 notice).
_SAFETY_START = re.compile(
    r"(?i)\b(?:warning|caution|danger)\s*(?:[:!\-\u2013\u2014]|$)|"
    r"(?-i:\b(?:WARNING|CAUTION|DANGER)\b)|\bchoking hazard|\bsmall parts\b|"
    r"\b(?:not (?:suitable |intended |recommended )?for|keep away from) (?:children|kids|ages?|"
    r"infants)\b|\bprop(?:osition)?\.? ?65\b"
)
# Every _SAFETY_START match holds one of these, case aside: an ASCII text without any of them
# has no warning, and the pattern need not scan it.
_SAFETY_CUES = (
    "warning", "caution", "danger", "hazard", "small parts", "not for", "not suitable for",
    "not intended for", "not recommended for", "keep away from", "65",
)  # fmt: skip
_SAFETY_MORE = re.compile(
    r"(?i)\b(?:warning|caution|danger|hazard|small parts?|small balls?|children under|"
    r"kids under|ages? under|under \d+ (?:yrs|years|months)|adult supervision|swallow\w*|"
    r"choking|suffocat\w*|strangulat\w*|flammable|cancer|reproductive harm|birth defects|"
    r"p65warnings|prop(?:osition)? 65|keep away from)\b"
)
_DISPARAGING = CaseBlind(
    r"\b(?:other sellers|unlike other (?:brands|sellers)|cheap (?:copies|knock-?offs)|"
    r"fake (?:ones|products)|don'?t waste your money)"
)

RULES = (
    (
        _SUPERIORITY,
        "superiority_claim",
        "A claim of superiority or a guarantee the product cannot show",
        "Describe what the product does instead of ranking it.",
    ),
    (_SLANG, "slang", "Slang or text-speak", "Write it out in plain, friendly English."),
    (_BANGS, "shouting", "Repeated exclamation marks shout", "Use one full stop or one '!'."),
    (
        _DISPARAGING,
        "disparagement",
        "A remark against other sellers or brands",
        "Say what is good about this product without knocking others.",
    ),
)


_NAMED_RULES = frozenset({"slang", "shouting"})
# "X is the best ...": who or what the best is said of. The standard's claim is the product's,
# its brand's or its seller's; "Outdoor play is the best way to ..." ranks an activity.
_COPULA_BEFORE = re.compile(
    r"(?i)([\w'-]+(?:\s+[\w'-]+){0,3})\s*(?:\bis|\bare|\bwas|\bwere|\bremains?|'s|\u2019s)"
    r"\s+(?:\w+\s+)?$"
)
_PRODUCT_SUBJECT = frozenset(
    {
        "this",
        "these",
        "it",
        "they",
        "that",
        "those",
        "our",
        "ours",
        "we",
        "product",
        "products",
        "brand",
        "seller",
        "store",
        "shop",
        "item",
        "items",
        "set",
        "one",
        "quality",
        "range",
    }
)


def _said_of_other(text: str, start: int, names: frozenset[str]) -> bool:
    """Whether "the best" at `start` ranks something other than the product: the subject of
    "X is the best" holds no product word (this, it, our, a word of the title or brand)."""
    sentence_start = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    m = _COPULA_BEFORE.search(text[sentence_start:start])
    if m is None:
        return False  # "the best gift for ...", "Give them the best": said of what is sold
    subject = re.findall(r"[\w'-]+", m.group(1))
    return not any(w.lower() in _PRODUCT_SUBJECT or w.upper() in names for w in subject)


def _is_name(match: str, names: frozenset[str]) -> bool:
    words = re.findall(r"[\w']+", match.upper())
    return bool(words) and all(w in names for w in words)


def literal(text: str, span: tuple[int, int]) -> bool:
    """Whether a slang word at `span` is used in its literal sense: "slay monsters" (with its
    literal object), "lit by LEDs", "well-lit", or "AF" in capitals (autofocus)."""
    word = text[span[0] : span[1]]
    if word == "AF":
        return True  # autofocus ("AF-S lens"), not text-speak
    if span[0] > 0 and text[span[0] - 1] == "-":
        return True  # "well-lit", "back-lit"
    low = word.lower()
    pattern = next((p for stem, p in _LITERAL_AFTER.items() if low.startswith(stem)), None)
    return pattern is not None and pattern.match(text, span[1]) is not None


def safety_passages(text: str) -> list[tuple[int, int]]:
    """[start, end) of each safety-warning passage in `text`: from its signal word ("WARNING:",
    "CHOKING HAZARD", "Small parts", "Not for children under 3") to the end of its sentence, and
    on through each following sentence that still carries warning wording. Capitals inside are
    the warning's, which the standard exempts from shouting, not the writer's voice."""
    out: list[tuple[int, int]] = []
    if text.isascii() and not any(cue in lowered(text) for cue in _SAFETY_CUES):
        return out
    sentences: list[tuple[int, int]] | None = None  # split only when a warning starts
    for m in _SAFETY_START.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        if sentences is None:
            sentences = sentence_spans(text)
        i = next((k for k, (_, b) in enumerate(sentences) if b > m.start()), None)
        if i is None:
            break
        end = sentences[i][1]
        for a, b in sentences[i + 1 :]:
            if not _SAFETY_MORE.search(text, a, b):
                break
            end = b
        out.append((m.start(), end))
    return out


@lru_cache(maxsize=16)  # the brand's `exclamations` rule and `find` both ask, per draft
def mask_name_bangs(text: str, names: frozenset[str] = frozenset()) -> str:
    """`text` with every "!" that belongs to a name replaced by a middle dot (same offsets): one
    that ends a word of the title, brand or attributes ("Zap! Pals": `names` holds such words
    upper-cased with their "!"), or one followed by a lower-case word, a comma or a bracket
    ("Yahoo! mail", "Pop!, Marvel"): there the sentence goes on."""
    masked = list(text)
    for m in re.finditer(r"(?<=\w)!(?!!)", text):
        if continues(text, m.end(), names):  # the one rule of sentence ends (sentences.py)
            masked[m.start()] = "\u00b7"
    return "".join(masked)


def find(
    text: str, max_exclamations: int | None = None, names: frozenset[str] = frozenset()
) -> list[Finding]:
    """Brand-voice findings for every explicit fail of the standard in `text`.

    The share of sentences ending in "!" is the standard's limit for a brand that sets no count
    of its own (the default) or allows one; a brand whose guideline file allows more
    (`tone.max_exclamations`) sets its own enthusiasm, as the standard lets it. `names` are the
    upper-cased words of the product's title and attributes; slang or shouting made only of them
    is a name; a "!" ending one of them ("POP!") ends no sentence. Slang used in its literal
    sense ("knights slay monsters") is not slang.
    """
    out = [
        Finding(DIM, rule, "error", f"{message}: '{text[a:b]}'.", span=(a, b), suggestion=fix)
        for pattern, rule, message, fix in RULES
        for a, b in pattern.spans(text)
        if not (rule in _NAMED_RULES and _is_name(text[a:b], names))
        and not (rule == "slang" and literal(text, (a, b)))
        and not (
            rule == "superiority_claim"
            and text[a:b].lower().startswith("the best")
            and _said_of_other(text, a, names)
        )
    ]
    flat = mask_name_bangs(text, names)
    sentences = sentence_spans(flat)
    exclaimed = [(a, b) for a, b in sentences if flat[b - 1] == "!"]
    standard = max_exclamations is None or max_exclamations <= 1
    # "One exclamation mark in playful copy is fine": the share needs two or more.
    if standard and len(exclaimed) >= 2 and len(exclaimed) * 3 > len(sentences):
        out.append(
            Finding(
                DIM,
                "exclamation_share",
                "error",
                f"{len(exclaimed)} of {len(sentences)} sentences end in '!' (more than a third).",
                span=exclaimed[0],
                suggestion="Keep at most one '!' and end the other sentences with a full stop.",
            )
        )
    return out
