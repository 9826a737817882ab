from __future__ import annotations

from qualitygate.domain import Draft, Product
from qualitygate.ml.features import MAX_ATTRIBUTES, pair_text


def test_pair_puts_contradictable_facts_first_and_drops_identifiers() -> None:
    attributes = {f"Extra {i}": "x" for i in range(20)}
    attributes.update({"Style Code": "ABC-123", "Color": "Red", "Fabric": "Silk"})
    product = Product(
        sku="1",
        title="Silk Saree",
        category=("Clothing",),
        attributes=attributes,
        keywords=("silk saree",),
    )
    first, second = pair_text(Draft(brand="b", product=product, text="A red silk saree."))
    assert first.startswith("title: Silk Saree | category: Clothing | keywords: silk saree")
    assert first.index("Color: Red") < first.index("Extra")
    assert "ABC-123" not in first
    assert first.count(": x") <= MAX_ATTRIBUTES
    assert second == "A red silk saree."
