"""The standard's copy-paste defects (readability) and explicit brand-voice fails, with spans.

Examples are Flipkart texts (PromptCloud, CC BY-SA 4.0) or written for the test.
"""

from __future__ import annotations

import pytest

from qualitygate.checks import artefacts, voice_standard


def _rules(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.rule for f in findings]


@pytest.mark.parametrize(
    ("text", "rule", "junk"),
    [
        (
            "Key Features of MASARA Solid Women's Straight Kurta Pink Straight, MASARA Solid",
            "crawl_header",
            "Key Features of",
        ),
        (
            "Soft cotton fabric. Specifications of Alisha Solid Women's Cycling Shorts",
            "crawl_header",
            "Specifications of",
        ),
        ("A pretty top. Color:Pink Style:750 for parties.", "field_prefix", "Color:"),
        (
            "MASARA Solid Women's Straight Kurta Price: Rs. 599 The knee length kurti",
            "field_prefix",
            "Price: Rs.",
        ),
        ("Soft &amp; stretchy shorts.<br>Machine wash.", "html", "&amp;"),
        ("It exceeds your expectations.This Blue tie is silk.", "run_together", "expectations."),
    ],
)
def test_each_artefact_is_an_error_at_its_span(text: str, rule: str, junk: str) -> None:
    findings = [f for f in artefacts.find(text) if f.rule == rule]
    assert findings, artefacts.find(text)
    first = findings[0]
    assert first.severity == "error" and first.dimension == "readability"
    assert first.span is not None and text[slice(*first.span)] == junk
    assert first.suggestion


def test_a_sentence_pasted_twice_is_flagged_at_the_second_copy() -> None:
    once = "This tie is made of pure silk and comes with a pocket square."
    text = f"{once} Dry clean only. {once}"
    (finding,) = artefacts.find(text)
    assert finding.rule == "repeated_passage"
    assert finding.span == (len(text) - len(once), len(text))
    # Short repeats ("Dry clean only.") are normal copy, not a pasted passage.
    assert artefacts.find("Dry clean only. Soft. Dry clean only.") == []


def test_clean_copy_and_ordinary_punctuation_pass() -> None:
    text = (
        "A red cotton lycra cycling short for women, in a pack of 3. Sizes: S, M and L. "
        "Made by Alisha, e.g. for the gym. Visit Flipkart.com for more."
    )
    assert artefacts.find(text) == []


@pytest.mark.parametrize(
    ("text", "rule", "words"),
    [
        ("The best shorts you can buy.", "superiority_claim", "The best"),
        ("India's No. 1 brand of watches.", "superiority_claim", "No. 1"),
        ("Unbeatable comfort for every ride.", "superiority_claim", "Unbeatable"),
        ("Satisfaction guaranteed or your money back.", "superiority_claim", "guaranteed"),
        ("omg these are sooo comfy", "slang", "omg"),
        ("You're gonna love it.", "slang", "gonna"),
        ("Buy now!!", "shouting", "!!"),
        ("Forget the cheap copies other sellers push.", "disparagement", "cheap copies"),
        ("Sturdier than what other sellers offer.", "disparagement", "other sellers"),
    ],
)
def test_explicit_brand_voice_fails(text: str, rule: str, words: str) -> None:
    findings = [f for f in voice_standard.find(text) if f.rule == rule]
    assert findings and findings[0].severity == "error"
    assert text[slice(*findings[0].span)] == words  # type: ignore[misc]


def test_exclamations_fail_only_above_a_third_of_the_sentences() -> None:
    one_in_three = "Meet your new tee! It is soft cotton. It comes in red."
    assert "exclamation_share" not in _rules(voice_standard.find(one_in_three))
    two_in_three = "Meet your new tee! It is soft cotton! It comes in red."
    (finding,) = [f for f in voice_standard.find(two_in_three) if f.rule == "exclamation_share"]
    assert two_in_three[slice(*finding.span)] == "Meet your new tee!"  # type: ignore[misc]
    # A brand whose guidelines allow more enthusiasm sets its own limit.
    assert voice_standard.find(two_in_three, max_exclamations=2) == []


def test_warmth_and_a_shop_returns_policy_are_not_fails() -> None:
    text = (
        "An amazing, premium cotton kurta you will love. Only Genuine Products. "
        "30 Day Replacement Guarantee. The best way to style it is with leggings."
    )
    assert voice_standard.find(text) == []


def test_the_rule_engine_reports_them_once(engine) -> None:  # type: ignore[no-untyped-def]
    from qualitygate.domain import Draft, Product

    draft = Draft(
        brand="default",
        product=Product(sku="s", title="Alisha Solid Women's Cycling Shorts"),
        text="omg the best shorts ever!! Key Features of Alisha Shorts.",
    )
    result = engine.check(draft)
    voice = _rules(list(result["brand_voice"].findings))
    assert {"slang", "superiority_claim", "shouting"} <= set(voice)
    # The softer built-in slang finding on the same word is not repeated beside the error.
    assert voice.count("slang") == 1
    assert "crawl_header" in _rules(list(result["readability"].findings))


def test_one_exclamation_mark_in_playful_copy_is_fine() -> None:
    # The standard: "one exclamation mark in playful copy is fine", even in two sentences.
    two = "Meet your new favourite tee! It is soft cotton and comes in red."
    assert "exclamation_share" not in _rules(voice_standard.find(two))
    assert "exclamation_share" in _rules(voice_standard.find("Soft tee! Bright red! Pure cotton."))


def test_a_list_of_names_is_no_sentence_to_repeat() -> None:
    names = "Batman, Robin, Joker, Bane, Penguin and Riddler."
    text = f"Six heroes and villains to collect.\n{names}\nSet includes:\n{names}"
    assert "repeated_passage" not in _rules(artefacts.find(text))
    # A sentence of short comma pieces is still a sentence (Flipkart copy).
    hindi = "In Hindi, '9' means 'Nav' and '5' means 'Punch'."
    assert "repeated_passage" in _rules(artefacts.find(f"{hindi} Wear it. {hindi}"))
    sentence = "Each figure stands four inches tall with movable arms."
    assert "repeated_passage" in _rules(artefacts.find(f"{sentence} Great gift. {sentence}"))


def test_the_best_said_of_an_activity_is_no_superiority_claim() -> None:
    names = frozenset({"ACME", "STACKING", "BLOCKS"})
    other = "Reading aloud is the best way to end a day. Sleep is the best medicine."
    assert voice_standard.find(other, names=names) == []
    for claim in ("These blocks are the best.", "It's the best toy.", "Acme is the best brand."):
        assert _rules(voice_standard.find(claim, names=names)) == ["superiority_claim"], claim
    assert _rules(voice_standard.find("Give them the best gift.", names=names)) == [
        "superiority_claim"
    ]


def test_a_safety_warning_is_one_passage() -> None:
    text = (
        "Stack them high. WARNING: CHOKING HAZARD -- Small parts. Not for children under 3 years. "
        "Build a tower."
    )
    [(a, b)] = voice_standard.safety_passages(text)
    assert text[a:b] == "WARNING: CHOKING HAZARD -- Small parts. Not for children under 3 years."
    assert voice_standard.safety_passages("No danger of spills with this cup.") == []
