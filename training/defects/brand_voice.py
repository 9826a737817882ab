"""Brand-voice defects: hype, shouting, slang, emoji and terms the house style bans."""

from __future__ import annotations

import random

from qualitygate.domain import Product
from training.defects.text import insert_sentence, product_noun, sentences

HYPE = (
    "This is hands down the BEST {noun} in the world!",
    "Unbelievable quality at a jaw-dropping price!",
    "A total game-changer you will never find anywhere else!",
    "Simply the most amazing {noun} ever made, period!",
    "Insanely good, ridiculously stylish, absolutely perfect!",
    "Everyone will be SO jealous of your new {noun}!",
)
SLANG = (
    "Lowkey the coolest {noun} out there, no cap.",
    "This {noun} is totally lit, fam.",
    "Gonna be your fave, trust us.",
    "Major vibes, bestie.",
    "OMG, you're gonna slay in this.",
    "It's giving main-character energy fr.",
)
BANNED = (
    "Cheap {noun} with guaranteed results.",
    "100% guaranteed to last forever.",
    "The No.1 {noun} - a miracle buy.",
    "Risk-free and cheaper than anywhere else.",
    "Miracle comfort, guaranteed or your money back.",
    "Cheapest price online, best quality guaranteed.",
)
EMOJI = ("🔥🔥🔥", "😍😍", "💯", "👌✨", "🤩🛍️")


def _fill(template: str, product: Product) -> str:
    return template.format(noun=product_noun(product.title))


def _hype(rng: random.Random, text: str, product: Product) -> str:
    out = text
    for line in rng.sample(HYPE, rng.randint(1, 2)):
        out = insert_sentence(rng, out, _fill(line, product))
    return out


def _shouting(rng: random.Random, text: str, product: Product) -> str:
    parts = sentences(text) or [text]
    for _ in range(max(1, len(parts) // 2)):
        i = rng.randrange(len(parts))
        parts[i] = parts[i].upper().rstrip(".!") + rng.choice(("!!!", "!!", "!!!!"))
    if rng.random() < 0.5:
        parts.append(rng.choice(("BUY NOW!!!", "HURRY, LIMITED STOCK!!!", "DON'T MISS OUT!!")))
    return " ".join(parts)


def _slang(rng: random.Random, text: str, product: Product) -> str:
    out = text
    for line in rng.sample(SLANG, rng.randint(1, 2)):
        out = insert_sentence(rng, out, _fill(line, product))
    return out


def _banned(rng: random.Random, text: str, product: Product) -> str:
    return insert_sentence(rng, text, _fill(rng.choice(BANNED), product))


def _emoji(rng: random.Random, text: str, product: Product) -> str:
    parts = sentences(text) or [text]
    for _ in range(rng.randint(2, 3)):
        i = rng.randrange(len(parts))
        parts[i] = parts[i] + " " + rng.choice(EMOJI)
    return " ".join(parts) + " " + rng.choice(("Must have!!", "Grab it now!!", "Love it!!"))


VARIANTS = {
    "hype": _hype,
    "shouting": _shouting,
    "slang": _slang,
    "banned_terms": _banned,
    "emoji": _emoji,
}


def inject(rng: random.Random, text: str, product: Product) -> tuple[str, str] | None:
    name = rng.choice(list(VARIANTS))
    return VARIANTS[name](rng, text, product), name
