"""The typed fact layer: parsing values and text into facts, and comparing them.

Examples are written for the test (none comes from the held-out Amazon file)."""

from __future__ import annotations

import math

import pytest

from qualitygate.checks.facts import (
    Fact,
    agree,
    attribute_facts,
    key_kind,
    kinds_of,
    text_facts,
    value_facts,
    with_aliases,
)
from qualitygate.domain import Draft, Product
from tests.checks.conftest import Check, rules


def _one(text: str) -> Fact:
    facts = text_facts(text)
    assert len(facts) == 1, facts
    return facts[0]


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("weighs 1.5 kg", 1500.0),
        ("1,500 g", 1500.0),
        ("5.3ounces", 5.3 * 28.349523),
        ("2 lbs", 2 * 453.59237),
        ("½ lb", 226.796185),
        ("1 1/2 pounds", 1.5 * 453.59237),
    ],
)
def test_mass_with_and_without_spaces_and_fractions(text: str, grams: float) -> None:
    fact = _one(text)
    assert fact.kind == "mass"
    assert fact.low == pytest.approx(grams, rel=1e-6)


def test_mass_conversions_agree_both_ways() -> None:
    kg, lb = _one("0.45 kg"), _one("1 lb")
    assert agree(kg, lb) and agree(lb, kg)
    assert not agree(_one("2 kg"), lb) and not agree(lb, _one("2 kg"))
    # Rounding: 15 in is 38.1 cm; "38 cm" agrees, "45 cm" does not.
    assert agree(_one("38 cm"), _one("15 inches")) and agree(_one("15 inches"), _one("38 cm"))
    assert not agree(_one("45 cm"), _one("15 inches"))


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("16x8x1inches", (0.4064, 0.2032, 0.0254)),
        ("10.3 x 3.4 x 0.8 inches", (0.26162, 0.08636, 0.02032)),
        ("5 L x 3 W x 2 H inches", (0.127, 0.0762, 0.0508)),
        ("12 L x 9 W x 6 H inches", (0.3048, 0.2286, 0.1524)),
        ("L 5 x W 3 x H 2 inches", (0.127, 0.0762, 0.0508)),
        ("L 5 in x W 3 in x H 2 in", (0.127, 0.0762, 0.0508)),
        ("L10 x W8 x H6 cm", (0.1, 0.08, 0.06)),
        ('5"L x 3"W x 2"H', (0.127, 0.0762, 0.0508)),
        ("21.5 x 14 cm", (0.215, 0.14)),
        ('8" x 10"', (0.2032, 0.254)),
    ],
)
def test_dimension_groups(text: str, metres: tuple[float, ...]) -> None:
    facts = text_facts(text)
    assert [f.kind for f in facts] == ["length"] * len(metres)
    assert [f.low for f in facts] == pytest.approx(list(metres))
    assert {f.span for f in facts} == {(0, len(text))}


def test_lengths_in_words_and_symbols() -> None:
    assert _one("12 mm").low == pytest.approx(0.012)
    assert _one("3/4 inch").low == pytest.approx(0.01905)
    assert _one("a 24″ frame").low == pytest.approx(0.6096)
    assert _one("2 m long").low == pytest.approx(2.0)
    # "in" is a unit only glued to the number or before punctuation: never "2 in 1".
    assert text_facts("a 2 in 1 toy") == ()
    assert _one("12in, sturdy").low == pytest.approx(0.3048)


@pytest.mark.parametrize(
    ("text", "kind", "low", "high"),
    [
        ("500 ml", "volume", 0.5, 0.5),
        ("1.5 l", "volume", 1.5, 1.5),
        ("8 fl oz", "volume", 0.236588, 0.236588),
        ("a 60W bulb", "power", 60.0, 60.0),
        ("1.2 kW", "power", 1200.0, 1200.0),
        ("5000mAh", "charge", 5000.0, 5000.0),
        ("100 pieces", "count", 100.0, 100.0),
        ("24-count", "count", 24.0, 24.0),
        ("5-7 lbs", "mass", 5 * 453.59237, 7 * 453.59237),
    ],
)
def test_volume_power_charge_count_and_ranges(
    text: str, kind: str, low: float, high: float
) -> None:
    fact = _one(text)
    assert (fact.kind, fact.low, fact.high) == (kind, pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("3 years and up", 3.0, math.inf),
        ("14yearsandup", 14.0, math.inf),
        ("36 months+", 3.0, math.inf),
        ("for ages 4-15", 4.0, 15.0),
        ("ages 8+", 8.0, math.inf),
        ("perfect for 5 year olds", 5.0, 5.0),
        ("Ages 18 months and up", 1.5, math.inf),
    ],
)
def test_ages(text: str, low: float, high: float) -> None:
    fact = _one(text)
    assert (fact.kind, fact.low, fact.high) == ("age", low, high)


def test_an_age_needs_its_cue_in_prose_but_not_in_an_age_attribute() -> None:
    assert text_facts("backed by a 3 years warranty") == ()
    stated = value_facts("Age Group", "3 - 5 Years")[0]
    assert (stated.low, stated.high) == (3.0, 5.0)


def test_age_agreement_reads_ranges() -> None:
    plus14 = value_facts("Manufacturer recommended age", "14yearsandup")[0]
    assert not agree(_one("ages 3 and up"), plus14)
    assert agree(_one("for ages 14 and up"), plus14)
    three_to_ten = value_facts("Age", "3 - 10 years")[0]
    assert agree(_one("perfect for 5 year olds"), three_to_ten)  # one age inside the range
    assert agree(_one("36 months+"), three_to_ten)  # 36 months is 3 years
    assert agree(_one("ages 3-10"), three_to_ten)
    # A range must start where the attribute's does: "ages 8-13" for a 6-13 product misleads.
    assert not agree(_one("ages 5 and up"), three_to_ten)
    assert not agree(_one("ages 8-13"), value_facts("Age", "6 - 13 years")[0])
    assert not agree(_one("ages 12-15"), three_to_ten)


def test_a_value_inside_a_stated_range_agrees_both_ways() -> None:
    assert agree(_one("6 lbs"), _one("5-7 lbs"))
    assert agree(_one("5-7 lbs"), _one("6 lbs"))
    assert not agree(_one("9 lbs"), _one("5-7 lbs"))


def test_batteries_count_and_type() -> None:
    two_aa = _one("runs on 2 AA batteries")
    assert (two_aa.kind, two_aa.low, two_aa.detail) == ("battery", 2.0, "AA")
    stated = value_facts("Batteries", "3 AAA batteries required. (included)")[0]
    assert (stated.low, stated.detail) == (3.0, "AAA")
    assert not agree(two_aa, stated)
    assert agree(_one("needs 3 AAA batteries"), stated)
    assert agree(_one("AAA batteries"), stated)  # no count said: the type decides
    lithium = value_facts("Batteries", "1 Lithium ion batteries required.")[0]
    assert lithium.detail == "LITHIUM"


def test_attribute_meaning_from_its_name_and_from_its_value() -> None:
    for key in ("Weight", "Item Weight", "Net Weight", "item_weight"):
        assert key_kind(key) == "mass"
    for key in ("Dimensions", "Product Dimensions", "Size (L x W x H)"):
        assert key_kind(key) == "dimensions"
    assert key_kind("Manufacturer recommended age") == "age"
    assert key_kind("Heft") is None
    # A name seen nowhere: the value says what it is.
    assert kinds_of({"Heft": "5 ounces", "Foo": "bar", "Color Name": "Red"}) == {
        "Heft": "mass",
        "Color Name": "colour",
    }
    by_kind = attribute_facts({"Heft": "5 ounces", "ProductDimensions": "16x8x1inches"})
    assert by_kind["mass"][0][2].low == pytest.approx(141.747615)
    assert len(by_kind["length"]) == 3


def test_categorical_names_are_read_under_the_canonical_key() -> None:
    attrs = with_aliases({"Color Name": "Navy", "Target Gender": "Women", "Department": "Toys"})
    assert attrs["Color"] == "Navy" and attrs["Ideal For"] == "Women"
    # "Department: Toys" names no audience; an existing canonical key is never overwritten.
    assert with_aliases({"Department": "Toys"}) == {"Department": "Toys"}
    assert with_aliases({"Color": "Red", "Colour Name": "Blue"})["Color"] == "Red"


def _draft(text: str, attributes: dict[str, str]) -> Draft:
    product = Product(
        sku="t1", title="Wooden Shape Sorter", category=("Toys",), attributes=attributes
    )
    return Draft(brand="default", product=product, text=text)


def test_accuracy_cites_span_attribute_and_both_values(run: Check) -> None:
    attrs = {"Item Weight": "5.3ounces", "Product Dimensions": "16x8x1inches"}
    text = "This sturdy sorter weighs 4 pounds, so it stays put on the floor."
    res = run(_draft(text, attrs))["accuracy"]
    (finding,) = res.findings
    assert (finding.rule, finding.severity) == ("quantity_mismatch", "error")
    assert text[finding.span[0] : finding.span[1]] == "4 pounds"
    assert "'4 pounds'" in finding.message and "Item Weight is '5.3ounces'" in finding.message
    ok = "This sturdy sorter weighs 150 g, so it stays put on the floor."
    assert rules(run(_draft(ok, attrs))["accuracy"]) == []


def test_accuracy_reads_space_less_dimensions_and_unseen_names(run: Check) -> None:
    attrs = {"Size Of Thing": "16x8x1inches", "Heft": "5 ounces"}
    bad = "The board measures 40 x 20 x 2.5 cm and is easy to store."
    assert rules(run(_draft(bad, attrs))["accuracy"]) == []  # 40x20x2.5 cm = 15.7x7.9x1 in
    worse = "The board measures 80 x 40 x 5 cm and is easy to store."
    res = run(_draft(worse, attrs))["accuracy"]
    assert rules(res, "error") == ["quantity_mismatch"]
    assert "Size Of Thing is '16x8x1inches'" in res.findings[0].message
    heavy = "It weighs 2 lb."
    assert rules(run(_draft(heavy, attrs))["accuracy"], "error") == ["quantity_mismatch"]


def test_accuracy_ages_and_batteries(run: Check) -> None:
    attrs = {
        "Manufacturer recommended age": "14yearsandup",
        "Batteries": "2 AA batteries required.",
    }
    res = run(_draft("A fun puzzle for ages 3 and up. Runs on 2 AAA batteries.", attrs))
    assert sorted(rules(res["accuracy"], "error")) == ["age_mismatch", "battery_mismatch"]
    good = "A fun puzzle for ages 14 and up. Runs on 2 AA batteries."
    assert rules(run(_draft(good, attrs))["accuracy"]) == []


def test_lengths_that_fit_the_listed_dimensions_and_title_facts_agree(run: Check) -> None:
    attrs = {"Product Dimensions": "16x8x1inches"}
    # 10 in fits inside a 16 in box: listed dimensions are often the package's.
    assert rules(run(_draft("The board measures 10 inches across.", attrs))["accuracy"]) == []
    bad = run(_draft("The board measures 30 inches across.", attrs))["accuracy"]
    assert rules(bad, "error") == ["quantity_mismatch"]
    # The title says 80 cm and the attribute 16 in: a text agreeing with the title is not held
    # to the attribute.
    product = Product(
        sku="t2", title="Laughing Buddha Showpiece - 80 cm", category=("Home",), attributes=attrs
    )
    text = "This showpiece measures 80 cm from base to crown."
    assert rules(run(Draft(brand="default", product=product, text=text))["accuracy"]) == []
    assert rules(run(_draft(text, attrs))["accuracy"], "error") == ["quantity_mismatch"]


def test_a_number_about_another_thing_is_left_alone(run: Check) -> None:
    attrs = {"Item Weight": "2 pounds"}
    text = "The shelf holds up to 50 lbs of books and tools."
    assert rules(run(_draft(text, attrs))["accuracy"]) == []
    # Package figures are not the product's: they never contradict the text.
    attrs = {"Item Weight": "2 pounds", "Shipping Weight": "3 pounds"}
    assert rules(run(_draft("It weighs 3 pounds.", attrs))["accuracy"]) == []


def test_a_weight_capacity_is_compared_only_with_a_capacity(run: Check) -> None:
    # The standard compares a number "that disagrees with an attribute": what the product holds
    # is not what it weighs.
    attrs = {"Item Weight": "10 pounds"}
    for text in (
        "This sturdy shelf holds up to 65 lbs of books.",
        "The frame supports 250 lb, so adults can sit on it too.",
        "It has a weight capacity of 65 lbs and folds flat.",
        "A load capacity of 40 kg on each shelf.",
        "Rated for a 150 lb max load.",
    ):
        assert rules(run(_draft(text, attrs))["accuracy"]) == [], text
    # Like with like: a capacity against the capacity attribute.
    attrs = {"Item Weight": "10 pounds", "Maximum Weight Capacity": "50 pounds"}
    res = run(_draft("This sturdy shelf holds up to 65 lbs of books.", attrs))["accuracy"]
    [f] = res.findings
    assert f.rule == "quantity_mismatch" and "Maximum Weight Capacity" in f.message
    ok = "This sturdy shelf holds up to 50 lbs of books and weighs only 10 lb."
    assert rules(run(_draft(ok, attrs))["accuracy"]) == []
    # A capacity attribute is never the item's own weight; the item's weight still is.
    attrs = {"Weight Capacity": "250 Pounds"}
    assert rules(run(_draft("The stool weighs just 12 lb.", attrs))["accuracy"]) == []
    attrs = {"Item Weight": "2 pounds", "Weight Capacity": "250 Pounds"}
    res = run(_draft("Easy to carry, the stool weighs 12 lb.", attrs))["accuracy"]
    assert rules(res, "error") == ["quantity_mismatch"] and "Item Weight" in res.findings[0].message


def test_a_paper_basis_weight_is_not_the_item_weight(run: Check) -> None:
    attrs = {"Item Weight": "5 pounds"}
    for text in (
        "Printed on 20 lb bond paper that takes ink well.",
        "A ream of 80 g/m2 copier sheets.",
        "Heavy 110 lb cardstock covers.",
        "Paper weight: 24 lb.",
    ):
        assert rules(run(_draft(text, attrs))["accuracy"]) == [], text
    attrs = {"Item Weight": "5 pounds", "Paper Weight": "24 lb"}
    res = run(_draft("Printed on 20 lb bond paper that takes ink well.", attrs))["accuracy"]
    assert [f.rule for f in res.findings] == ["quantity_mismatch"]
    assert "Paper Weight" in res.findings[0].message


def test_a_size_chart_row_is_not_the_item_s_own_age_or_size(run: Check) -> None:
    attrs = {"Manufacturer recommended age": "3 years and up", "Item Weight": "1 pounds"}
    for text in (
        "Size guide. S: chest 34-36 in, age 4-5. M: chest 36-38 in, age 6-7.",
        "Sizes run small: 2T (age 2), 3T (age 3), 4T (age 4).",
        "Fits ages 4-5, ages 6-7 and ages 8-9 in three sizes.",
    ):
        assert rules(run(_draft(text, attrs))["accuracy"]) == [], text
    # The item's own age is still compared.
    res = run(_draft("A fun costume for ages 8 and up.", attrs))["accuracy"]
    assert rules(res) == ["age_mismatch"]


def test_roles_read_past_a_decimal_point(run: Check) -> None:
    attrs = {"Item Weight": "10 pounds"}
    assert rules(run(_draft("Rated for a 20.5 kg load capacity.", attrs))["accuracy"]) == []
    res = run(_draft("The chair weighs 20.5 kg.", attrs))["accuracy"]
    assert rules(res, "error") == ["quantity_mismatch"]


def test_a_letter_before_a_number_alone_makes_no_dimension_group() -> None:
    # "L" or "W" only labels a number inside an "A x B" group: "size L 10" is no size.
    assert [f.kind for f in text_facts("Size L 10 for kids")] == []
    assert [f.low for f in text_facts("L 10 x W 8 cm")] == pytest.approx([0.1, 0.08])


def test_kitchen_dimensions_in_the_text_give_its_size(run: Check) -> None:
    # The standard's home and kitchen facts: "dimensions or capacity"; either one gives it.
    bin_ = Product(
        sku="k1",
        title="Acme Bread Bin",
        category=("Kitchen & Dining", "Storage", "Containers"),
        attributes={"Brand": "Acme", "Material": "Steel"},
    )
    text = "A steel bread bin for the kitchen counter. Dimensions: 10 L x 10 W x 10 H inches."
    res = run(Draft("default", bin_, text))["completeness"]
    [f] = [f for f in res.findings if f.rule == "missing_attribute"]
    assert f.severity == "info" and "10 L x 10 W x 10 H inches" in f.message
    vague = "A steel bread bin for the kitchen counter with a bamboo lid."
    res = run(Draft("default", bin_, vague))["completeness"]
    assert [f.severity for f in res.findings if f.rule == "missing_attribute"] == ["warning"]
    with_attr = dict(bin_.attributes, Dimensions="10 x 10 x 10 inches")
    res = run(Draft("default", bin_, vague), attributes=with_attr)["completeness"]
    assert "missing_attribute" not in rules(res)
