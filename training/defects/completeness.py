"""Completeness defects: the description leaves out what a shopper needs to know."""

from __future__ import annotations

import random
import re

from qualitygate.domain import Product
from training.defects.text import product_noun, sentences

TAGLINES = (
    "{Noun}. A great choice for everyday use.",
    "Shop the {noun} today.",
    "Our new {noun}. Order now.",
    "{Title}.",
    "The {noun} you have been waiting for.",
    "Introducing the {noun} from {brand}.",
    "{Title} - available now.",
    "A must-have {noun} for your collection.",
)


def _fill(template: str, product: Product) -> str:
    noun = product_noun(product.title)
    brand = product.attributes.get("Brand") or product.title.split()[0]
    return template.format(
        noun=noun, Noun=noun[:1].upper() + noun[1:], Title=product.title, brand=brand
    )


def _first_sentence(rng: random.Random, text: str, product: Product) -> str | None:
    parts = sentences(text)
    if len(parts) < 2 or len(parts[0].split()) > 18:
        return None
    return parts[0]


def _drop_attribute_sentences(rng: random.Random, text: str, product: Product) -> str | None:
    values = [v.lower() for v in product.attributes.values() if 2 < len(v) < 40]
    kept = [
        s
        for s in sentences(text)
        if not any(v in s.lower() for v in values) and not re.search(r"\d", s)
    ]
    if not kept or len(" ".join(kept).split()) > 15:
        return None
    return " ".join(kept)


def _tagline(rng: random.Random, text: str, product: Product) -> str | None:
    return _fill(rng.choice(TAGLINES), product)


def _title_and_price(rng: random.Random, text: str, product: Product) -> str | None:
    price = rng.choice((299, 399, 499, 799, 999, 1299, 1499, 2499))
    return rng.choice(
        (
            f"{product.title} Price: Rs. {price}",
            f"{product.title}. Buy now for Rs. {price}.",
            f"{product.title} at the best price. Free delivery.",
        )
    )


VARIANTS = {
    "first_sentence_only": _first_sentence,
    "attributes_dropped": _drop_attribute_sentences,
    "generic_tagline": _tagline,
    "title_and_price": _title_and_price,
}


def inject(rng: random.Random, text: str, product: Product) -> tuple[str, str] | None:
    names = list(VARIANTS)
    rng.shuffle(names)
    for name in names:
        result = VARIANTS[name](rng, text, product)
        if result:
            return result, name
    return None
