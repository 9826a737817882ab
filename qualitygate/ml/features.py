"""How a draft becomes the model's input pair: `[CLS] attributes [SEP] description [SEP]`.

Training and serving both call `pair_text`, so the model sees exactly the same text in both.
The attribute side is ordered and capped so the facts a description can contradict (colour,
material, gender, pack size, measurements) survive truncation, and the description keeps the
larger share of the token budget.
"""

from __future__ import annotations

from qualitygate.domain import Draft, Product

# Keys a writer most often gets wrong; they go first so truncation never drops them.
PRIORITY_KEYS: tuple[str, ...] = (
    "color",
    "colour",
    "fabric",
    "material",
    "outer material",
    "base material",
    "ideal for",
    "gender",
    "pack of",
    "number of contents in sales package",
    "sales package",
    "weight",
    "capacity",
    "size",
    "brand",
    "type",
)
# Identifiers and boilerplate carry no claim a description could get wrong; they only cost tokens.
SKIP_KEYS = frozenset(
    {
        "style code",
        "model number",
        "model name",
        "model id",
        "other details",
        "warranty summary",
        "covered in warranty",
        "not covered in warranty",
        "service type",
        "domestic warranty",
    }
)
MAX_ATTRIBUTES = 8
MAX_VALUE_CHARS = 30
MAX_TEXT_CHARS = 2500


def _attribute_order(key: str) -> tuple[int, str]:
    low = key.strip().lower()
    for rank, prefix in enumerate(PRIORITY_KEYS):
        if low == prefix or low.endswith(prefix):
            return rank, low
    return len(PRIORITY_KEYS), low


def attributes_text(product: Product) -> str:
    """The product's structured side as one compact line (title, category, keywords, attributes)."""
    parts = [f"title: {product.title}"]
    if product.category:
        parts.append("category: " + " > ".join(product.category[:2]))
    if product.keywords:
        parts.append("keywords: " + ", ".join(product.keywords))
    keys = [k for k in product.attributes if k.strip().lower() not in SKIP_KEYS]
    keys = sorted(keys, key=_attribute_order)[:MAX_ATTRIBUTES]
    for key in keys:
        value = str(product.attributes[key])[:MAX_VALUE_CHARS]
        parts.append(f"{key}: {value}")
    return " | ".join(parts)


def pair_text(draft: Draft) -> tuple[str, str]:
    """The (attributes, description) pair fed to the tokenizer as two segments."""
    return attributes_text(draft.product), draft.text[:MAX_TEXT_CHARS]
