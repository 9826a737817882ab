"""Unit parsing/conversion and the score formula."""

from __future__ import annotations

import pytest

from qualitygate.checks.common import score
from qualitygate.checks.mentions import audience_of, colour_families, material_groups, truth
from qualitygate.checks.units import find_quantities, same_amount
from qualitygate.domain import Finding


@pytest.mark.parametrize(
    ("text", "dimension", "values"),
    [
        ("weighs 1.5 kg", "mass", [1500.0]),
        ("1500g", "mass", [1500.0]),
        ("2 lbs", "mass", [907.18474]),
        ("holds 500ml", "volume", [0.5]),
        ("a 1.5 L jug", "volume", [1.5]),
        ("8cm x 8cm x 5cm", "length", [0.08, 0.08, 0.05]),
        ("8 x 10 inches", "length", [0.2032, 0.254]),
        ('a 30" shelf', "length", [0.762]),
        ("1.5-inch heel", "length", [0.0381]),
        ("5,000 mAh", "charge", [5000.0]),
        ("2 GB RAM", "storage", [2.0]),
        ("1 TB", "storage", [1000.0]),
        ("10W charger", "power", [10.0]),
        ("12 V", "voltage", [12.0]),
        ("lasts 10 hours", "time", [10.0]),
    ],
)
def test_quantities(text: str, dimension: str, values: list[float]) -> None:
    found = list(find_quantities(text))
    assert [q.dimension for q in found] == [dimension] * len(values)
    assert [round(q.value, 5) for q in found] == pytest.approx(values)


def test_no_false_units() -> None:
    assert list(find_quantities("5 mobiles, size 4.5 UK, 3 pairs, in 2 colours")) == []


def test_tolerance() -> None:
    assert same_amount(1500.0, 1500.0)
    assert same_amount(0.381, 0.4)  # "15 inch / 40 cm" as the data writes it
    assert not same_amount(0.0095, 0.095)  # 9.5 mm vs 9.5 cm


def test_attribute_value_parsing() -> None:
    assert colour_families("Navy Blue") == frozenset({"blue"})
    assert colour_families("Multicolor") is None
    assert colour_families("Leatherette Black") == frozenset({"black"})
    assert material_groups("Cotton Lycra") == frozenset({"cotton", "elastane"})
    assert material_groups("Synthetic Leather") == frozenset({"synthetic"})
    assert material_groups("Cotton Blend") == frozenset()
    assert audience_of("Men, Boys") == ({"male"}, {"adult", "kid"})
    assert audience_of("Unisex")[0] == {"any"}
    assert truth("Yes", "waterproof") is True
    assert truth("No", "waterproof") is False
    assert truth("Hand Wash Only", "machine washable") is False


def _f(rule: str, severity: str) -> Finding:
    return Finding("seo", rule, severity, "msg")  # type: ignore[arg-type]


def test_score() -> None:
    assert score([]) == 1.0
    assert score([_f("a", "info")]) == 0.98
    assert score([_f("a", "warning"), _f("b", "warning")]) == 0.7
    assert score([_f("a", "warning")] * 10) == pytest.approx(0.55)  # at most three counted
    assert score([_f("a", "error")]) == 0.4
    assert score([_f("a", "error"), _f("b", "error"), _f("c", "warning")]) == 0.0
