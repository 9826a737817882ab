"""Plain domain types shared by the checks, the model, the gate and the training code.

Nothing here imports Flask, Celery or SQLAlchemy: a reader can follow what makes a description
pass or fail without knowing how it arrived.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Dimension = Literal["completeness", "readability", "accuracy", "brand_voice", "seo"]
DIMENSIONS: tuple[Dimension, ...] = (
    "completeness",
    "readability",
    "accuracy",
    "brand_voice",
    "seo",
)

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Product:
    """The product as the CMS describes it (structured attributes, not prose)."""

    sku: str
    title: str
    category: tuple[str, ...] = ()
    attributes: Mapping[str, str] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Draft:
    """One description version of one product, written for one brand: the unit that is scored."""

    brand: str
    product: Product
    text: str
    locale: str = "en-US"


def build_draft(brand: str, product: Mapping[str, Any], text: str, locale: str = "en-US") -> Draft:
    """The one way a webhook body or a stored submission becomes the unit that is scored.

    `product` has the webhook's keys (sku, title, category, attributes, keywords); attribute
    values are the strings that are stored and checked.
    """
    return Draft(
        brand=brand,
        product=Product(
            sku=product["sku"],
            title=product["title"],
            category=tuple(product.get("category") or ()),
            attributes=dict(product.get("attributes") or {}),
            keywords=tuple(product.get("keywords") or ()),
        ),
        text=text,
        locale=locale,
    )


@dataclass(frozen=True, slots=True)
class Finding:
    """One explained problem. `span` is [start, end) character offsets into the description text."""

    dimension: Dimension
    rule: str
    severity: Severity
    message: str
    span: tuple[int, int] | None = None
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What the rules say about one dimension: a score in [0, 1] (1 = meets the standard)."""

    dimension: Dimension
    score: float
    findings: tuple[Finding, ...] = ()
