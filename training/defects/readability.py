"""Readability defects: run-on sentences, jargon and shorthand a shopper has to decode."""

from __future__ import annotations

import random
import re

from qualitygate.domain import Product
from training.defects.text import sentences

JOINERS = (", and ", " and also ", ", which ", " and then ", ", plus ", " as well as ")
JARGON_SWAPS = {
    r"\buse\b": "utilise",
    r"\bhelps\b": "facilitates",
    r"\bmade\b": "engineered",
    r"\bcomfortable\b": "ergonomically optimised",
    r"\bgood\b": "value-accretive",
    r"\bfeatures\b": "functionalities",
    r"\bstyle\b": "aesthetic paradigm",
    r"\bgives\b": "operationalises",
    r"\bmakes\b": "enables",
    r"\bdesign\b": "form-factor architecture",
}
JARGON_CLAUSES = (
    "leveraging a synergistic, end-to-end value proposition",
    "whose holistic form-factor architecture operationalises best-in-class paradigms",
    "by means of a vertically integrated, multi-modal comfort ecosystem",
    "thereby facilitating the optimisation of user-centric wearability metrics",
    "as a function of its scalable, mission-critical aesthetic deliverables",
    "with a robust, future-proofed utilisation framework",
)
SHORTHAND = {
    r"\bwith\b": "w/",
    r"\band\b": "&",
    r"\bcotton\b": "ctn",
    r"\bavailable\b": "avl",
    r"\bblack\b": "blk",
    r"\bcolour\b": "clr",
    r"\bcolor\b": "clr",
    r"\bwomen's\b": "wmns",
    r"\bmen's\b": "mns",
    r"\bquality\b": "qlty",
    r"\bwashable\b": "m/c wsh",
    r"\bregular\b": "reg",
    r"\bpack\b": "pk",
}


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s[:2] != s[:2].upper() else s


def _run_on(rng: random.Random, text: str, product: Product) -> str | None:
    parts = [p.rstrip(".!?") for p in sentences(text)]
    if len(parts) < 2:
        return None
    out = parts[0]
    for part in parts[1:]:
        out += rng.choice(JOINERS) + _lower_first(part)
    if len(out.split()) < 28:
        out += rng.choice(JOINERS) + "it is something that you will find that you really like"
        out += " because it has everything that you would want and need in one place"
    return out + "."


def _no_punctuation(rng: random.Random, text: str, product: Product) -> str | None:
    if len(text.split()) < 15:
        return None
    stripped = re.sub(r"[.,;:!?]+", "", text)
    return stripped.lower() if rng.random() < 0.5 else stripped


def _jargon(rng: random.Random, text: str, product: Product) -> str | None:
    out = text
    for pattern, swap in JARGON_SWAPS.items():
        out = re.sub(pattern, swap, out, flags=re.IGNORECASE)
    parts = sentences(out)
    if not parts:
        return None
    for _ in range(min(len(parts), rng.randint(2, 3))):
        i = rng.randrange(len(parts))
        parts[i] = parts[i].rstrip(".!?") + ", " + rng.choice(JARGON_CLAUSES) + "."
    return " ".join(parts)


def _shorthand(rng: random.Random, text: str, product: Product) -> str | None:
    out = text
    hits = 0
    for pattern, swap in SHORTHAND.items():
        out, n = re.subn(pattern, swap, out, flags=re.IGNORECASE)
        hits += n
    if hits < 3:
        return None
    out = re.sub(r"\.\s+", " / ", out)
    return out


def _nested(rng: random.Random, text: str, product: Product) -> str | None:
    parts = [p.rstrip(".!?") for p in sentences(text)]
    if len(parts) < 3:
        return None
    head, rest = parts[0], parts[1:]
    middle = "; ".join(f"(which, it should be noted, {_lower_first(p)})" for p in rest[:-1])
    return f"{head}, {middle}, notwithstanding that {_lower_first(rest[-1])}."


VARIANTS = {
    "run_on": _run_on,
    "no_punctuation": _no_punctuation,
    "jargon": _jargon,
    "shorthand": _shorthand,
    "nested_clauses": _nested,
}


def inject(rng: random.Random, text: str, product: Product) -> tuple[str, str] | None:
    names = list(VARIANTS)
    rng.shuffle(names)
    for name in names:
        result = VARIANTS[name](rng, text, product)
        if result:
            return result, name
    return None
