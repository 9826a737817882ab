"""Shared fixtures for the rule tests: one spaCy pipeline and one RuleEngine per test session."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qualitygate.checks import RuleEngine
from qualitygate.domain import CheckResult, Dimension, Draft, Product

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "flipkart_sample.jsonl"


def to_draft(record: dict[str, Any], brand: str = "default") -> Draft:
    """A fixture record as a Draft (specs become attributes, like training.sources does)."""
    attributes = {str(k): str(v) for k, v in (record.get("specs") or {}).items()}
    if record.get("brand") and "Brand" not in attributes:
        attributes["Brand"] = str(record["brand"])
    product = Product(
        sku=str(record["id"]),
        title=record.get("title") or "",
        category=tuple(record.get("category") or ()),
        attributes=attributes,
    )
    return Draft(brand=brand, product=product, text=record.get("description") or "")


@pytest.fixture(scope="session")
def records() -> list[dict[str, Any]]:
    with FIXTURE.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def by_title(records: list[dict[str, Any]]) -> Callable[[str], Draft]:
    def find(fragment: str) -> Draft:
        for r in records:
            if fragment.lower() in (r.get("title") or "").lower():
                return to_draft(r)
        raise KeyError(fragment)

    return find


@pytest.fixture(scope="session")
def engine() -> RuleEngine:
    return RuleEngine()


Check = Callable[..., dict[Dimension, CheckResult]]


@pytest.fixture(scope="session")
def run(engine: RuleEngine) -> Check:
    """Check a draft, or a product with replaced text/attributes/brand."""

    def _run(
        draft: Draft,
        text: str | None = None,
        attributes: dict[str, str] | None = None,
        brand: str | None = None,
        **product_changes: Any,
    ) -> dict[Dimension, CheckResult]:
        product = draft.product
        if attributes is not None or product_changes:
            fields = {
                "sku": product.sku,
                "title": product.title,
                "category": product.category,
                "attributes": product.attributes if attributes is None else attributes,
                "keywords": product.keywords,
                **product_changes,
            }
            product = Product(**fields)
        return engine.check(
            Draft(
                brand=brand or draft.brand,
                product=product,
                text=draft.text if text is None else text,
            )
        )

    return _run


def rules(result: CheckResult, severity: str | None = None) -> list[str]:
    """Rule names of a result's findings (optionally of one severity)."""
    return [f.rule for f in result.findings if severity is None or f.severity == severity]
