"""Completeness: payload fields, category templates, mentions, template-only copy."""

from __future__ import annotations

from pathlib import Path

from qualitygate.checks import RuleEngine, packaged_config_dir
from qualitygate.checks.guidelines import load_categories
from qualitygate.domain import Draft, Product
from tests.checks.conftest import rules


def test_real_copy_with_substance_has_no_errors(run, by_title) -> None:
    for title in ("AW Bellies", "Eurospa", "Packman", "Eternal Gandhi", "FabHomeDecor"):
        assert rules(run(by_title(title))["completeness"], "error") == [], title


def test_marketplace_templates_are_errors(run, by_title) -> None:
    for title in ("Cobra Paris", "Lyc White", "TEN TEN"):
        res = run(by_title(title))["completeness"]
        assert rules(res, "error") == ["template_only"], title
        assert res.findings[-1].span is not None


def test_empty_description(run, by_title) -> None:
    res = run(by_title("AW Bellies"), text="   ")["completeness"]
    assert rules(res, "error") == ["empty_description"]
    assert res.score <= 0.4


def test_missing_payload_fields(run, by_title) -> None:
    draft = by_title("AW Bellies")
    res = run(draft, title="", category=(), attributes={})["completeness"]
    assert {"missing_title", "missing_category", "missing_attributes"} <= set(rules(res))
    # No category is a data gap, not a fault of the text: an unscored note.
    [f] = [f for f in res.findings if f.rule == "missing_category"]
    assert f.severity == "info"
    with_category = run(draft, title="", attributes={})["completeness"]
    assert "missing_category" not in rules(with_category)
    assert res.score == with_category.score


def test_category_template_required_attributes(run, by_title) -> None:
    draft = by_title("AW Bellies")  # footwear: outer material, colour, ideal for all present
    assert "missing_attribute" not in rules(run(draft)["completeness"])
    attrs = {k: v for k, v in draft.product.attributes.items() if k != "Color"}
    text = "Patent leather bellies for women with a cushioned footbed and a slim wedge heel."
    res = run(draft, text=text, attributes=attrs)["completeness"]
    [f] = [f for f in res.findings if f.rule == "missing_attribute"]
    assert "colour" in f.message and f.span is None and f.severity == "warning"


def test_a_required_fact_the_text_states_is_not_missing(run, by_title) -> None:
    # The standard judges the facts the shopper gets: the Flipkart copy says "red" and "women",
    # so a missing Color or Ideal For attribute is only an info note (the filters need it).
    draft = by_title("AW Bellies")
    attrs = {k: v for k, v in draft.product.attributes.items() if k not in ("Color", "Ideal For")}
    res = run(draft, attributes=attrs)["completeness"]
    notes = {f.message: f.severity for f in res.findings if f.rule == "missing_attribute"}
    assert len(notes) == 2 and set(notes.values()) == {"info"}
    assert any("colour" in m and "('red')" in m.lower() for m in notes)
    assert rules(res, "warning") == rules(run(draft)["completeness"], "warning")
    # No attributes at all still fails, whatever the text says.
    assert rules(run(draft, attributes={})["completeness"], "error") == ["missing_attributes"]


def test_category_paths_match_any_level_case_insensitively() -> None:
    cats = load_categories(packaged_config_dir())
    assert cats.for_path(("Footwear", "Women's Footwear", "Ballerinas")).name == "footwear"
    assert cats.for_path(("Vishudh Printed Women's Straight Kurta",)).name == "apparel"
    assert cats.for_path(("clothing",)).name == "apparel"
    assert cats.for_path(("Watches", "Wrist Watches")).name == "watches"
    assert cats.for_path(("Pet Supplies", "Grooming")).name == "general"
    assert cats.for_path(()).name == "general"


def test_the_most_specific_level_decides_and_an_ambiguous_one_never_guesses() -> None:
    cats = load_categories(packaged_config_dir())
    shirt = ("Clothing, Shoes & Jewelry", "Men", "Clothing", "Shirts", "T-Shirts")
    assert cats.for_path(shirt).name == "apparel"
    boots = ("Clothing, Shoes & Jewelry", "Women", "Shoes", "Boots")
    assert cats.for_path(boots).name == "footwear"
    # A broad level naming three templates decides nothing: no level decides -> general.
    assert cats.for_path(("Clothing, Shoes & Jewelry",)).name == "general"
    assert cats.for_path(("Pet Supplies", "Learning & Education", "Sorting")).name == "general"
    assert cats.for_path(("Kitchen & Dining", "Coffee Mugs", "Mugs")).name == "kitchen"


def test_a_level_joining_two_domains_decides_nothing() -> None:
    # The standard: an unknown category falls back to the general template, never a wrong one.
    # "Home & Kitchen" is a department of two domains, not a kitchen category.
    cats = load_categories(packaged_config_dir())
    assert cats.for_path(("Home & Kitchen",)).name == "general"
    assert cats.for_path(("Home & Kitchen", "Home Décor", "Figurines")).name == "general"
    assert cats.for_path(("Home & Kitchen", "Bedding", "Quilts & Sets")).name == "home furnishing"
    assert cats.for_path(("Home & Kitchen", "Kitchen & Dining", "Mugs")).name == "kitchen"
    assert cats.for_path(("Patio, Lawn & Garden", "Kitchen")).name == "kitchen"
    # A joined level of one domain still decides; a product name with a comma is no department.
    assert cats.for_path(("Bags, Wallets & Belts",)).name == "bags"
    assert cats.for_path(("Beauty and Personal Care",)).name == "beauty"
    assert cats.for_path(("Sports & Outdoors", "Sports Shoes")).name == "footwear"
    assert cats.for_path(("Kraasa Sports Running Shoes, Cycling Shoes",)).name == "footwear"


def test_toy_paths_get_the_toy_template_never_a_kitchen_or_electronics_one() -> None:
    cats = load_categories(packaged_config_dir())
    figure = ("Toys & Games", "Action Figures & Statues", "Action Figures")
    assert cats.for_path(figure).name == "toys"
    # "Kitchen Toys" names two templates: the broader "Toys & Games" decides.
    assert cats.for_path(("Toys & Games", "Pretend Play", "Kitchen Toys")).name == "toys"
    toys = cats.for_path(("Toys & Games",))
    assert toys.required == () and "capacity" not in toys.mentions


def test_bedding_under_home_and_kitchen_is_not_asked_for_a_capacity(run, by_title) -> None:
    draft = by_title("AW Bellies")
    text = "A soft cotton quilt for a double bed, with a floral print and a matching pillow cover."
    for path in (
        ("Home & Kitchen", "Bedding", "Quilts & Sets", "Quilts"),
        ("Home & Kitchen", "Home Décor", "Collectible Figurines"),
        ("Toys & Games", "Action Figures & Statues", "Action Figures"),
    ):
        res = run(draft, text=text, category=path, attributes={"Brand": "Acme"})["completeness"]
        missing = " ".join(f.message for f in res.findings if f.rule == "missing_attribute")
        assert "capacity" not in missing and "kitchen" not in missing, path


def test_no_attributes_is_the_worst_case_of_missing_fields(run, by_title) -> None:
    draft = by_title("AW Bellies")  # footwear: outer material, colour, ideal for required
    full = run(draft)["completeness"]
    some = {k: v for k, v in draft.product.attributes.items() if k != "Color"}
    partial = run(draft, attributes=some)["completeness"]
    empty = run(draft, attributes={})["completeness"]
    missing = [f.message for f in empty.findings if f.rule == "missing_attribute"]
    assert len(missing) == 3 and rules(empty, "error") == ["missing_attributes"]
    assert empty.score < partial.score < full.score


def test_required_attributes_under_another_catalogue_s_names(run, by_title) -> None:
    draft = by_title("AW Bellies")
    attrs = {k: v for k, v in draft.product.attributes.items() if k != "Color"}
    res = run(draft, attributes={**attrs, "Color Name": "Red"})["completeness"]
    assert "missing_attribute" not in rules(res)


def test_description_must_mention_what_shoppers_need(run, by_title) -> None:
    draft = by_title("AW Bellies")  # footwear mentions: material, colour
    text = (
        "Slip these on for a casual day out with friends. They are light, flexible and easy to "
        "carry when travelling, and the cushioned footbed keeps every step comfortable at work."
    )
    res = run(draft, text=text)["completeness"]
    facets = [f.message for f in res.findings if f.rule == "not_mentioned"]
    assert any("material" in m and "Patent Leather" in m for m in facets)
    assert any("colour" in m and "Red" in m for m in facets)
    fixed = text + " The red patent leather upper wipes clean."
    assert "not_mentioned" not in rules(run(draft, text=fixed)["completeness"])


def test_feature_list_only_is_flagged(run, by_title) -> None:
    assert "no_prose" in rules(run(by_title("Alisha Solid"))["completeness"])


def test_config_dir_override(tmp_path: Path, by_title) -> None:
    (tmp_path / "brands").mkdir()
    (tmp_path / "brands" / "default.yaml").write_text("name: default\nseo: {min_words: 5}\n")
    (tmp_path / "categories.yaml").write_text(
        "general: {required: [{name: gtin, keys: [gtin]}], mentions: []}\ncategories: []\n"
    )
    engine = RuleEngine(config_dir=tmp_path)
    res = engine.check(by_title("AW Bellies"))["completeness"]
    assert [f.message for f in res.findings if f.rule == "missing_attribute"] == [
        "Category 'general' needs gtin, but no attribute (Gtin) is set and the description does "
        "not state it."
    ]
    assert engine.guidelines("anything").min_words == 5


def test_thin_description_is_about_missing_facts_not_a_word_count(run, by_title) -> None:
    # The standard fails completeness when fewer than half the category's defining facts are
    # given, not for being short. Footwear: material, colour, who it is for, a measure.
    draft = by_title("AW Bellies")
    short_but_complete = "Red patent leather flats for women, UK size 5."
    res = run(draft, text=short_but_complete)["completeness"]
    assert "thin_description" not in rules(res)
    short_and_empty = "A lovely pair for a nice day out with friends."
    [f] = [
        f
        for f in run(draft, text=short_and_empty)["completeness"].findings
        if f.rule == "thin_description"
    ]
    assert f.severity == "warning" and "0 of the category's 4 defining facts" in f.message
    # A toy figure that gives its size and contents is complete however short.
    figure = Product(
        sku="f1",
        title="Acme Zap! Pals Robot Vinyl Figure",
        category=("Toys & Games", "Action Figures & Statues", "Action Figures"),
        attributes={"Brand": "Acme"},
    )
    text = "A 4 inch vinyl robot that comes with a display box."
    res = run(Draft(brand="default", product=figure, text=text))["completeness"]
    assert "thin_description" not in rules(res)


def _complete(run, title: str, category: tuple[str, ...], text: str, **attrs: str):  # type: ignore[no-untyped-def]
    product = Product(
        sku="c", title=title, category=category, attributes={"Brand": "Acme", **attrs}
    )
    return run(Draft(brand="default", product=product, text=text))["completeness"]


def test_materials_and_textiles_from_a_general_list_are_stated_facts(run) -> None:
    dress = ("Clothing", "Girls", "Dresses")
    text = "A twirly party dress in lilac tulle for girls, with a satin sash."
    res = _complete(run, "Acme Party Dress", dress, text)
    [f] = [f for f in res.findings if "fabric" in f.message]
    assert f.severity == "info" and "('tulle')" in f.message
    ball = ("Toys & Games", "Sports & Outdoor Play", "Balls")
    res = _complete(run, "Acme Ball", ball, "An inflatable PVC beach ball, 16 inches across.")
    assert "not_mentioned" not in rules(res)
    # "felt" as a verb is no material.
    res = _complete(
        run, "Acme Party Dress", dress, "She felt lovely in this pink party dress for girls."
    )
    assert any(f.severity == "warning" and "fabric" in f.message for f in res.findings)


def test_counts_and_contents_lists_say_what_is_in_the_box(run) -> None:
    party = ("Toys & Games", "Party Supplies", "Toys")
    text = "Contains 8 paper party hats and 8 matching blowers for a birthday table."
    assert "thin_description" not in rules(_complete(run, "Acme Party Hats", party, text))
    costume = ("Clothing", "Costumes")
    listed = (
        "Boys knight costume, polyester, in silver and blue; includes tunic with printed armour, "
        "hood, cape, belt and gauntlets."
    )
    res = _complete(run, "Acme Knight Costume", costume, listed, **{"Ideal For": "Boys"})
    assert "thin_description" not in rules(res)
    vague = "A fun knight outfit for parties and dressing up at home with friends."
    [f] = [
        f
        for f in _complete(run, "Acme Knight Costume", costume, vague).findings
        if f.rule == "thin_description"
    ]
    assert "given: none" in f.message and "missing: colour" in f.message


def test_electronics_need_no_model_attribute(run) -> None:
    # The standard's electronics facts: key specs, compatibility, power or battery; no model.
    chargers = ("Electronics", "Chargers")
    text = "A 20 W USB-C wall charger for phones and tablets, with a 1 year warranty."
    res = _complete(run, "Acme USB Charger", chargers, text)
    assert not any("model" in f.message for f in res.findings)


def test_templates_ask_only_facts_the_standard_lists_for_the_category() -> None:
    # The standard's lists: no warranty for electronics, no colour for home or furniture, no
    # "who it is for" for jewellery or watches, no care for apparel.
    cats = load_categories(packaged_config_dir())

    def asked(path: tuple[str, ...]) -> set[str]:
        template = cats.for_path(path)
        return {r.name for r in template.required} | set(template.mentions)

    assert not {"warranty"} & asked(("Electronics", "Chargers"))
    assert not {"colour", "warranty"} & asked(("Furniture", "Living Room Furniture"))
    assert not {"colour"} & asked(("Home Furnishing", "Cushions"))
    assert not {"ideal for", "gender"} & asked(("Jewellery", "Necklaces"))
    assert not {"ideal for", "warranty", "colour"} & asked(("Watches", "Wrist Watches"))
    assert not {"care"} & asked(("Clothing", "Kurtas"))
    # ... and still what it does list.
    assert {"base material"} <= asked(("Jewellery", "Necklaces"))
    assert {"ideal for", "colour"} <= asked(("Clothing", "Kurtas"))
    assert {"strap", "movement"} <= asked(("Watches", "Wrist Watches"))


def test_electronics_are_not_asked_for_a_warranty(run) -> None:
    chargers = ("Electronics", "Chargers")
    text = "A 20 W USB-C wall charger for phones and tablets, with a folding plug."
    res = _complete(run, "Acme USB Charger", chargers, text)
    assert not any("warranty" in f.message for f in res.findings)


def test_a_single_item_is_not_asked_how_many_pieces(run) -> None:
    # The standard: "multi-piece products: how many pieces and which"; a key ring is one piece.
    novelty = ("Toys & Games", "Novelty", "Key Chains")
    text = "A cast pewter dragon hangs from a soft PVC strap with a sturdy split ring."
    res = _complete(run, "Acme Dragon Key Ring", novelty, text)
    assert "thin_description" not in rules(res)
    assert not any("pack" in f.message for f in res.findings)
    # A set is asked what is in it, and the material it states is counted as given.
    [f] = [
        f
        for f in _complete(run, "Acme Dragon Key Ring Set", novelty, text).findings
        if f.rule == "thin_description"
    ]
    assert "given: material" in f.message and "missing: pack" in f.message
    # A pack attribute of several pieces makes it a set too; one of "1 Key Ring" does not.
    res = _complete(run, "Acme Dragon Key Ring", novelty, text, **{"Pack of": "3"})
    assert "thin_description" in rules(res)
    res = _complete(run, "Acme Dragon Key Ring", novelty, text, **{"Sales Package": "1 Key Ring"})
    assert "thin_description" not in rules(res)
