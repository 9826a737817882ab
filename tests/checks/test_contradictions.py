"""Accuracy: pattern, sleeve, gender and footwear-type contradictions, with spans and both facts.

Examples are written for the test in the shape of Flipkart products (PromptCloud, CC BY-SA 4.0).
"""

from __future__ import annotations

import pytest

from qualitygate.checks import contradictions
from qualitygate.domain import Draft, Product


def _draft(text: str, title: str, **attributes: str) -> Draft:
    attrs = {k.replace("_", " "): v for k, v in attributes.items()}
    return Draft(
        brand="default", product=Product(sku="s", title=title, attributes=attrs), text=text
    )


@pytest.mark.parametrize(
    ("draft", "rule", "said", "fact"),
    [
        (
            _draft(
                "A kurti with a raindrop pattern.", "MASARA Solid Women's Kurta", Pattern="Solid"
            ),
            "pattern",
            "raindrop pattern",
            "Pattern: Solid",
        ),
        (
            _draft("A breezy sleeveless top.", "Kaaryah Solid Women's Top", Sleeve="Short Sleeve"),
            "sleeve",
            "sleeveless",
            "Short Sleeve",
        ),
        (
            _draft(
                "Made to catch every style-conscious man's eye.",
                "Steppings Boots",
                Ideal_For="Women",
            ),
            "gender",
            "man's",
            "for Women",
        ),
        (
            _draft(
                "A ring expressive of the women of today.", "Karatcraft Men's Ring", Ideal_For="Men"
            ),
            "gender",
            "women of today",
            "for Men",
        ),
        (
            _draft("Slip into this pair of bellies.", "Kielz Ladies Boots"),
            "footwear_type",
            "bellies",
            "sells boots",
        ),
    ],
)
def test_a_contradiction_is_an_error_citing_both_facts(
    draft: Draft, rule: str, said: str, fact: str
) -> None:
    (finding,) = contradictions.find(draft)
    assert (finding.rule, finding.severity, finding.dimension) == (rule, "error", "accuracy")
    assert finding.span is not None and draft.text[slice(*finding.span)] == said
    assert said in finding.message and fact in finding.message


@pytest.mark.parametrize(
    "draft",
    [
        # What agrees with the product is not flagged.
        _draft("A solid pink kurta in soft cotton.", "MASARA Solid Women's Kurta", Pattern="Solid"),
        _draft("Floral prints all over.", "Vishudh Printed Women's Kurta", Pattern="Printed"),
        _draft("A sleeveless top for summer.", "Juelle Sleeveless Top", Sleeve="Sleeveless"),
        _draft("Boots for women who walk a lot.", "Kielz Ladies Boots", Ideal_For="Women"),
        _draft("A unisex watch for men and women.", "Sonata Watch", Ideal_For="Men, Women"),
        # A listing of several variants names both in its title.
        _draft(
            "Short sleeve or sleeveless, your pick.",
            "Cation Short Sleeve, Sleeveless Top",
            Sleeve="Short Sleeve, Sleeveless",
        ),
        # Heels, wedges and sandals are sold under each other's names.
        _draft("Strappy heeled sandals.", "Anaya Women Heels"),
    ],
)
def test_agreeing_text_passes(draft: Draft) -> None:
    assert contradictions.find(draft) == []
