"""Accuracy defects: the description contradicts the product's own attributes.

Errors are written the way writers make them: a wrong colour (often as a synonym such as
"crimson" for red), a wrong material, a wrong number or unit, a wrong pack count, the wrong
gender. Each is applied in place when the text states the fact, otherwise as an added sentence.
`benign` adds the *correct* fact with the same templates (and correct colour synonyms), so the
model cannot learn "an added sentence means an error".
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from qualitygate.domain import Product
from training.defects.text import contains_phrase, insert_sentence, product_noun, replace_phrase

COLOURS: dict[str, tuple[str, ...]] = {
    "black": ("black", "jet black", "onyx", "charcoal black"),
    "white": ("white", "ivory", "snow white", "off-white"),
    "blue": ("blue", "navy", "royal blue", "sky blue", "cobalt"),
    "red": ("red", "crimson", "scarlet", "cherry red"),
    "green": ("green", "olive", "emerald", "mint green"),
    "yellow": ("yellow", "mustard", "lemon yellow"),
    "pink": ("pink", "fuchsia", "rose pink", "baby pink"),
    "grey": ("grey", "gray", "ash grey", "slate"),
    "brown": ("brown", "tan", "chocolate", "coffee brown"),
    "purple": ("purple", "violet", "lavender", "plum"),
    "orange": ("orange", "tangerine", "rust orange"),
    "gold": ("gold", "golden"),
    "silver": ("silver", "metallic silver"),
    "beige": ("beige", "cream", "sand"),
    "maroon": ("maroon", "burgundy", "wine"),
}
MATERIALS: dict[str, tuple[str, ...]] = {
    "cotton": ("cotton", "100% cotton", "pure cotton"),
    "polyester": ("polyester", "poly-blend"),
    "silk": ("silk", "art silk"),
    "leather": ("genuine leather", "leather", "full-grain leather"),
    "synthetic": ("synthetic", "PU leather", "faux leather"),
    "denim": ("denim",),
    "wool": ("wool", "woollen"),
    "linen": ("linen",),
    "rayon": ("rayon", "viscose"),
    "nylon": ("nylon",),
    "steel": ("stainless steel", "steel"),
    "brass": ("brass",),
    "sterling silver": ("sterling silver", "925 silver"),
    "alloy": ("alloy", "metal alloy"),
    "plastic": ("plastic", "ABS plastic"),
    "wood": ("wood", "solid wood", "sheesham wood"),
    "glass": ("glass",),
    "ceramic": ("ceramic",),
    "rubber": ("rubber",),
    "canvas": ("canvas",),
}
GENDERS: dict[str, tuple[str, ...]] = {
    "women": ("women's", "women", "ladies", "girls", "her"),
    "men": ("men's", "men", "gents", "boys", "him"),
}
COLOUR_KEYS = ("Color", "Colour", "Dial Color", "Strap Color", "Frame Color", "Metal Color")
MATERIAL_KEYS = ("Fabric", "Material", "Outer Material", "Base Material", "Sole Material")
NUMBER_RE = re.compile(r"(\d+(?:\.\d+)?)\s?(mm|cm|m|inch|inches|g|gm|kg|ml|l|L|mAh|W|GB|ct)\b")
UNIT_SWAPS = {
    "mm": "cm",
    "cm": "mm",
    "g": "kg",
    "gm": "kg",
    "kg": "g",
    "ml": "L",
    "l": "ml",
    "L": "ml",
    "inch": "cm",
    "inches": "cm",
    "m": "cm",
    "mAh": "Ah",
    "W": "kW",
    "GB": "MB",
    "ct": "g",
}
COLOUR_TEMPLATES = (
    "Available in a {v} shade.",
    "The {v} colour goes with everything.",
    "Its {v} finish looks elegant.",
    "Comes in classic {v}.",
)
MATERIAL_TEMPLATES = (
    "Made from {v}.",
    "Crafted in {v} for durability.",
    "The {v} construction feels premium.",
    "It is made of quality {v}.",
)
GENDER_TEMPLATES = ("Designed for {v}.", "A perfect pick for {v}.", "Made especially for {v}.")
PACK_TEMPLATES = (
    "Comes as a pack of {v}.",
    "You get a set of {v}.",
    "The box contains {v} pieces.",
)
NUMBER_TEMPLATES = ("The {k} is {v}.", "{K}: {v}.", "It measures {v}.", "With a {k} of {v}.")

Fact = tuple[str, str, str]  # (kind, correct value, a wrong value)


def _family(value: str, families: dict[str, tuple[str, ...]]) -> str | None:
    low = value.lower()
    if "synthetic" in families and re.search(r"\b(?:synthetic|faux|pu)\b", low):
        return "synthetic"  # "Synthetic Leather" is not leather: "genuine leather" contradicts it
    for name, words in families.items():
        if any(re.search(rf"\b{re.escape(w.lower())}\b", low) for w in words):
            return name
    return None


def _attr(product: Product, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if product.attributes.get(key):
            return product.attributes[key]
    return None


def _swap_family(
    rng: random.Random,
    text: str,
    value: str,
    families: dict[str, tuple[str, ...]],
    tpl: tuple[str, ...],
) -> tuple[str, str] | None:
    right = _family(value, families)
    if right is None:
        return None
    wrong = rng.choice([f for f in families if f != right])
    wrong_word = rng.choice(families[wrong])
    for word in sorted(families[right], key=len, reverse=True):
        if contains_phrase(text, word):
            return replace_phrase(text, word, wrong_word)[0], "in_place"
    return insert_sentence(rng, text, rng.choice(tpl).format(v=wrong_word)), "added"


def _colour(rng: random.Random, text: str, product: Product) -> tuple[str, str] | None:
    value = _attr(product, COLOUR_KEYS)
    return _swap_family(rng, text, value, COLOURS, COLOUR_TEMPLATES) if value else None


def _material(rng: random.Random, text: str, product: Product) -> tuple[str, str] | None:
    value = _attr(product, MATERIAL_KEYS)
    return _swap_family(rng, text, value, MATERIALS, MATERIAL_TEMPLATES) if value else None


def _gender_of(product: Product) -> str | None:
    ideal = (product.attributes.get("Ideal For") or "").lower()
    women = bool(re.search(r"women|girl|ladies", ideal))
    men = bool(re.search(r"\bmen|\bboy", ideal))
    if women != men:
        return "women" if women else "men"
    return None


def _gender(rng: random.Random, text: str, product: Product) -> tuple[str, str] | None:
    right = _gender_of(product)
    if right is None:
        return None
    wrong = "men" if right == "women" else "women"
    swaps = dict(zip(GENDERS[right], GENDERS[wrong], strict=True))
    out, hits = text, 0
    for word in GENDERS[right]:
        out, n = replace_phrase(out, word, swaps[word])
        hits += n
    if hits:
        return out, "in_place"
    phrase = rng.choice(GENDERS[wrong][:3])
    return insert_sentence(rng, text, rng.choice(GENDER_TEMPLATES).format(v=phrase)), "added"


def _pack_count(product: Product) -> int | None:
    for key in ("Pack of", "Number of Contents in Sales Package"):
        m = re.search(r"(\d+)", product.attributes.get(key, ""))
        if m:
            return int(m.group(1))
    return None


def _pack(rng: random.Random, text: str, product: Product) -> tuple[str, str] | None:
    count = _pack_count(product)
    if count is None:
        return None
    wrong = rng.choice([n for n in (1, 2, 3, 4, 5, 6, 10) if n != count])
    pattern = re.compile(rf"\b(pack|set) of {count}\b", re.IGNORECASE)
    if pattern.search(text):
        return pattern.sub(lambda m: f"{m.group(1)} of {wrong}", text), "in_place"
    phrase = str(wrong) if wrong > 1 or rng.random() < 0.5 else "1"
    return insert_sentence(rng, text, rng.choice(PACK_TEMPLATES).format(v=phrase)), "added"


def _number(rng: random.Random, text: str, product: Product) -> tuple[str, str] | None:
    facts = [(k, m) for k, v in product.attributes.items() if (m := NUMBER_RE.search(v))]
    if not facts:
        return None
    key, match = rng.choice(facts)
    number, unit = match.group(1), match.group(2)
    if rng.random() < 0.4:
        wrong = f"{number} {UNIT_SWAPS.get(unit, 'cm')}"
    else:
        scale = rng.choice((0.5, 2, 3, 10, 1.5))
        value = float(number) * scale
        wrong = f"{value:g} {unit}"
    if number in text and rng.random() < 0.7:
        return re.sub(rf"\b{re.escape(number)}\s?{re.escape(unit)}\b", wrong, text), "in_place"
    sentence = rng.choice(NUMBER_TEMPLATES).format(k=key.lower(), K=key, v=wrong)
    return insert_sentence(rng, text, sentence), "added"


KINDS: dict[str, Callable[[random.Random, str, Product], tuple[str, str] | None]] = {
    "wrong_colour": _colour,
    "wrong_material": _material,
    "wrong_gender": _gender,
    "wrong_pack_count": _pack,
    "wrong_number_or_unit": _number,
}


def inject(rng: random.Random, text: str, product: Product) -> tuple[str, str] | None:
    names = list(KINDS)
    rng.shuffle(names)
    for name in names:
        result = KINDS[name](rng, text, product)
        if result is not None and result[0] != text:
            return result[0], f"{name}:{result[1]}"
    return None


def benign(rng: random.Random, text: str, product: Product) -> tuple[str, str] | None:
    """Add a *correct* fact with the defect templates (accuracy label stays 1)."""
    options: list[tuple[str, str]] = []
    colour = _family(_attr(product, COLOUR_KEYS) or "", COLOURS)
    if colour:
        options.append(
            (rng.choice(COLOUR_TEMPLATES).format(v=rng.choice(COLOURS[colour])), "colour")
        )
    material = _family(_attr(product, MATERIAL_KEYS) or "", MATERIALS)
    if material:
        word = rng.choice(MATERIALS[material])
        options.append((rng.choice(MATERIAL_TEMPLATES).format(v=word), "material"))
    gender = _gender_of(product)
    if gender:
        word = rng.choice(GENDERS[gender][:3])
        options.append((rng.choice(GENDER_TEMPLATES).format(v=word), "gender"))
    count = _pack_count(product)
    if count:
        options.append((rng.choice(PACK_TEMPLATES).format(v=count), "pack"))
    if not options:
        noun = product_noun(product.title)
        options.append((f"This {noun} is built to last.", "generic"))
    sentence, kind = rng.choice(options)
    return insert_sentence(rng, text, sentence), f"correct_{kind}"
