"""The demo generator is deterministic and its labels follow the documented rules."""

from __future__ import annotations

import random

from qualitygate.domain import Draft, Product
from training.build_dataset import clean_text, is_template, product_examples, weak_labels
from training.defects import accuracy, seo

PRODUCT = Product(
    sku="P1",
    title="Alibi Casual Sleeveless Solid Women's Top",
    category=("Clothing", "Women's Clothing", "Tops"),
    attributes={"Color": "Black", "Fabric": "Cotton", "Ideal For": "Women's", "Pack of": "1"},
)
TEXT = (
    "Double your fashion flair as you wear this black colored top from the house of Alibi. "
    "Fashioned using soft cotton, this women's top will keep you comfortable all day long. "
    "Team it with grey shorts for a sassy look."
)


def test_same_seed_same_rows() -> None:
    draft = Draft(brand="default", product=PRODUCT, text=TEXT)
    first = [(ex.draft.text, ex.labels, d) for ex, d in product_examples(draft, seed=13)]
    again = [(ex.draft.text, ex.labels, d) for ex, d in product_examples(draft, seed=13)]
    assert first == again
    assert first[0][1] == {
        "completeness": 1,
        "readability": 1,
        "accuracy": 1,
        "brand_voice": 1,
        "seo": 1,
    }
    assert any(0 in labels.values() for _, labels, _ in first[1:])


def test_spec_block_is_stripped_and_templates_are_incomplete() -> None:
    assert clean_text("Nice top. Specifications of X Color Black Fabric Cotton") == "Nice top."
    template = (
        "X Top - Buy X Top for Rs. 399 online. Only Genuine Products. "
        "30 Day Replacement Guarantee. Free Shipping. Cash On Delivery!"
    )
    assert is_template(template)
    assert weak_labels(template)["completeness"] == 0


def test_colour_contradiction_uses_another_colour_family() -> None:
    for seed in range(20):
        text, how = accuracy.KINDS["wrong_colour"](random.Random(seed), TEXT, PRODUCT) or ("", "")
        assert how == "in_place"
        assert "black" not in text.lower()


def test_seo_rule_catches_missing_and_stuffed_keywords() -> None:
    assert seo.seo_ok(TEXT, ["top", "alibi"])
    assert not seo.seo_ok(TEXT, ["top", "kurta"])
    stuffed = TEXT + " top, top online, best top, new top, top sale"
    assert not seo.seo_ok(stuffed, ["top"])


def test_both_flipkart_templates_and_restated_titles_are_incomplete() -> None:
    second = (
        "Orous Casual Printed Women's Top - Buy Black Orous Casual Printed Women's Top For Only "
        "Rs. 2400 Online in India. Shop Online For Apparels. Huge Collection of Branded Clothes "
        "Only at Flipkart.com"
    )
    assert is_template(second) and weak_labels(second, PRODUCT.title)["completeness"] == 0
    restated = (
        "Alibi Casual Sleeveless Solid Women's Top Price: Rs. 579 Alibi Womens Sleeveless Solid "
        "Top Alibi Womens Sleeveless Solid Top Alibi Casual Top for Women's Casual Wear"
    )
    assert len(restated.split()) >= 20 and not is_template(restated)
    assert weak_labels(restated, PRODUCT.title)["completeness"] == 0
    assert weak_labels(TEXT, PRODUCT.title)["completeness"] == 1


def test_audited_products_are_inaccurate_in_every_row() -> None:
    draft = Draft(brand="default", product=PRODUCT, text=TEXT)
    rows = product_examples(draft, seed=13, audited={"P1": "text says X, attribute says Y"})
    assert [ex.labels["accuracy"] for ex, _ in rows] == [0] * len(rows)
    assert product_examples(draft, seed=13)[0][0].labels["accuracy"] == 1


def test_benign_material_edits_never_call_synthetic_leather_genuine() -> None:
    shoe = Product(
        sku="S",
        title="Boots",
        category=("Footwear",),
        attributes={"Outer Material": "Synthetic Leather", "Color": "Black"},
    )
    for seed in range(40):
        hit = accuracy.benign(random.Random(seed), "Smart boots for the city.", shoe)
        assert hit is not None and "genuine leather" not in hit[0].lower()
