"""SEO: the brief's keywords, or without one the product named early; density, length,
repetition, boilerplate, text to index."""

from __future__ import annotations

from qualitygate.checks.seo import product_types, target_keywords
from qualitygate.checks.text import count_words
from qualitygate.domain import Draft, Product
from tests.checks.conftest import rules

GOOD = (
    "These red bellies have a patent leather upper and a cushioned footbed. Wear them to "
    "work or out with friends; the slim wedge heel adds a little height without pinching. "
    "Wipe the upper with a dry cloth and store the pair in the shoe bag."
)


def test_no_keywords_are_invented_without_a_brief(run, by_title) -> None:
    draft = by_title("Alisha Solid")
    assert target_keywords(draft.product) == []
    # What the product is comes from the title and the category, for the naming rules only.
    assert product_types(draft.product) == ["cycling shorts", "shorts"]
    assert product_types(by_title("AW Bellies").product) == ["bellies", "ballerinas"]
    assert target_keywords(by_title("Freelance Vacuum").product) == []
    res = run(by_title("AW Bellies"), text=GOOD)["seo"]
    assert not {"keyword_missing", "keyword_not_early", "title_keyword"} & set(rules(res))


def test_clean_copy_passes(run, by_title) -> None:
    assert rules(run(by_title("AW Bellies"), text=GOOD)["seo"]) == []


def test_keyword_not_early_and_missing(run, by_title) -> None:
    draft = by_title("AW Bellies")
    late = "A patent leather upper and a cushioned footbed. " * 4 + "These bellies suit work."
    res = run(draft, text=late, keywords=("bellies",))["seo"]
    [f] = [f for f in res.findings if f.rule == "keyword_not_early"]
    assert late[f.span[0] : f.span[1]] == "bellies" and "'bellies'" in f.message
    res = run(draft, text=GOOD, keywords=("ankle boots",))["seo"]
    assert {"keyword_missing", "title_keyword"} <= set(rules(res))


def test_without_a_brief_the_product_is_named_early(run, by_title) -> None:
    draft = by_title("AW Bellies")
    late = (
        "A patent leather upper and a cushioned footbed. The slim wedge heel adds height. "
        "Wipe the upper with a dry cloth. These bellies suit work and weekends alike, and they "
        "pack flat in a suitcase for a trip."
    )
    [f] = [f for f in run(draft, text=late)["seo"].findings if f.severity == "error"]
    assert f.rule == "product_named_late"
    assert late[f.span[0] : f.span[1]] == "bellies"
    never = "A patent leather upper and a cushioned footbed for long days at work and weekends."
    res = run(draft, text=never * 3)["seo"]
    assert rules(res, "error") == ["product_not_named"]
    # Loosely: singular for plural, or the category's word (ballerinas); "shoes" is neither.
    for text in ("This belly is", "These ballerinas are"):
        body = f"{text} light and flexible. " + GOOD.split(". ", 1)[1]
        assert "product_not_named" not in rules(run(draft, text=body)["seo"]), text
    body = "These shoes are light and flexible. " + GOOD.split(". ", 1)[1]
    assert "product_not_named" in rules(run(draft, text=body)["seo"])
    # "shorts for cycling" names "Cycling Shorts" in another word order.
    shorts = by_title("Alisha Solid")
    text = "Comfortable shorts for cycling, in stretch cotton that moves with you on the road."
    assert not {"product_not_named", "product_named_late"} & set(
        rules(run(shorts, text=text)["seo"])
    )


def test_a_shop_template_leaves_nothing_to_index(run, by_title) -> None:
    res = run(by_title("Cobra Paris"))["seo"]
    assert "no_product_text" in rules(res, "error")
    assert "no_product_text" not in rules(run(by_title("AW Bellies"), text=GOOD)["seo"])


def test_stuffing_counts_for_short_copy(run, by_title) -> None:
    stuffed = "Red bellies. Buy bellies, bellies for women, best bellies, cheap bellies, bellies."
    res = run(by_title("AW Bellies"), text=stuffed + " " + GOOD)["seo"]
    assert "keyword_stuffing" in rules(res)
    assert "keyword_stuffing" not in rules(run(by_title("AW Bellies"), text=GOOD)["seo"])


def test_length_bounds(run, by_title) -> None:
    res = run(by_title("AW Bellies"), text="Red bellies for women.")["seo"]
    assert "too_short" in rules(res)
    res = run(by_title("AW Bellies"), text=GOOD, brand="voltix")["seo"]  # voltix wants 60
    assert "too_short" in rules(res)


def test_repeated_copy_and_boilerplate(run, by_title) -> None:
    res = run(by_title("Salt N Pepper 13-019"))["seo"]
    assert "repeated_text" in rules(res)
    res = run(by_title("Cobra Paris"))["seo"]
    [f] = [f for f in res.findings if f.rule == "marketplace_boilerplate"]
    assert f.severity == "warning" and f.span is not None
    res = run(by_title("AW Bellies"))["seo"]
    assert rules(res) == ["price_in_text"]  # "Price: Rs. 499" is only info


def test_each_keyword_from_the_brief_is_required(run, by_title) -> None:
    draft = by_title("AW Bellies")
    res = run(draft, text=GOOD, keywords=("bellies", "gift for her"))["seo"]
    [f] = [f for f in res.findings if f.rule == "keyword_missing"]
    assert f.severity == "error" and "'gift for her'" in f.message
    # Only the head noun of a two-word keyword: still missing, and the message says why.
    res = run(draft, text=GOOD, keywords=("red bellies", "ankle bellies"))["seo"]
    [f] = [f for f in res.findings if f.rule == "keyword_missing"]
    assert "'ankle bellies'" in f.message and "only its last word" in f.message
    assert "keyword_missing" not in rules(run(draft, text=GOOD, keywords=("red bellies",))["seo"])


def test_stuffing_past_the_standard_fails_the_dimension(run, by_title) -> None:
    draft = by_title("AW Bellies")
    # 4 uses in 57 words (7%): over the bar of 4 uses and 6% of the words.
    text = GOOD + " Bellies for work, bellies for play, bellies for every day."
    brief = ("bellies",)
    res = run(draft, text=text, keywords=brief)["seo"]
    [f] = [f for f in res.findings if f.rule == "keyword_stuffing"]
    assert f.severity == "error" and "4 times" in f.message
    # Without a brief the product's type repeated is only a warning: nobody asked for it.
    [f] = [f for f in run(draft, text=text)["seo"].findings if f.rule == "keyword_stuffing"]
    assert f.severity == "warning"
    # The same four uses in copy four times longer are 2%: no finding.
    long = " ".join([GOOD] * 3) + " Bellies for work."  # 4 uses in 157 words
    assert "keyword_stuffing" not in rules(run(draft, text=long, keywords=brief)["seo"])


def test_stuffing_message_says_what_was_counted(run, by_title) -> None:
    draft = by_title("AW Bellies")
    text = GOOD + " Red bellies for work, red bellies for play, red bellies every day."
    # The whole phrase occurs: the message counts the phrase, and its share counts both words.
    res = run(draft, text=text, keywords=("red bellies",))["seo"]
    [f] = [f for f in res.findings if f.rule == "keyword_stuffing"]
    n = len(text.split())
    assert f.message.startswith(f"The keyword 'red bellies' appears 4 times in {n} words of copy")
    assert f"{8 / n:.0%} of those words" in f.message
    # Only the last word occurs: the message names that word, not the phrase, and its true count.
    res = run(draft, text=text, keywords=("ankle bellies",))["seo"]
    [f] = [f for f in res.findings if f.rule == "keyword_stuffing"]
    assert text.lower().count("bellies") == 4
    assert f.message.startswith(
        "'bellies' (the last word of the keyword 'ankle bellies') appears 4 times"
    )
    assert f"{4 / n:.0%} of those words" in f.message
    # Without a brief nobody asked for a keyword: the message says "the phrase".
    res = run(draft, text=GOOD + " Bellies for work, bellies for play, bellies for every day.")
    [f] = [f for f in res["seo"].findings if f.rule == "keyword_stuffing"]
    assert f.message.startswith("The phrase 'bellies' appears 4 times")
    assert "keyword" not in f.message


def test_stuffing_is_counted_with_a_pasted_duplicate_collapsed(run, by_title) -> None:
    # A passage pasted twice is repeated text (its own finding), not twice the uses.
    draft = by_title("AW Bellies")
    once = GOOD + " Bellies for work and bellies for play."  # 3 uses in 53 words
    twice = once + " " + once
    res = run(draft, text=twice, keywords=("bellies",))["seo"]
    assert "keyword_stuffing" not in rules(res)
    assert "repeated_text" in rules(res)
    # Real filler, not a copy, is still counted.
    stuffed = once + " Bellies for the office, bellies for the weekend."
    res = run(draft, text=stuffed, keywords=("bellies",))["seo"]
    [f] = [f for f in res.findings if f.rule == "keyword_stuffing"]
    assert "5 times" in f.message


def test_word_counts_in_messages_are_a_reader_s_count(run, by_title) -> None:
    # spaCy splits "don't", "10cm" and "anti-skid" in two; a reader counts each as one word.
    text = "Don't miss these anti-skid 10cm wedge bellies. They're light, soft and red."
    assert count_words(text) == len(text.split()) == 12
    res = run(by_title("AW Bellies"), text=text)["seo"]
    [f] = [f for f in res.findings if f.rule == "too_short"]
    assert f.message.startswith("Tip: 12 words;")


def test_length_and_repeated_runs_are_unscored_tips(run, by_title) -> None:
    # The standard sets no word minimum (SEO fails only "little product text to index":
    # no_product_text) and its SEO repetition fail is stuffing: both are advice now.
    draft = by_title("AW Bellies")
    short = "Red patent leather bellies for women with a cushioned footbed and a slim wedge heel."
    res = run(draft, text=short)["seo"]
    assert [(f.rule, f.severity) for f in res.findings] == [("too_short", "info")]
    assert res.score == 1.0
    slogan = "made to walk all day in comfort and style"
    text = f"These bellies are {slogan}. The soles grip well; they are {slogan} too."
    res = run(draft, text=text)["seo"]
    assert "repeated_text" in rules(res, "info") and res.score == 1.0


def test_a_size_or_colour_in_the_title_is_not_the_product_s_type() -> None:
    def types(title: str) -> list[str]:
        return product_types(Product(sku="t", title=title, category=()))

    assert types("Acme Kids Pirate Costume, Small") == ["pirate costume"]
    assert types("Acme Boys T-Shirt One Size Black") == ["t-shirt"]
    assert types("Acme Leggings X-Large") == ["leggings"]
    assert types("Acme Toddler Tutu Dress 2T") == ["tutu dress"]


def test_named_late_says_when_the_type_never_appears(run, by_title) -> None:
    ship = Product(
        sku="s1",
        title="Acme Galaxy Voyager Rocket Ship",
        category=("Toys & Games", "Toys"),
        attributes={"Brand": "Acme"},
    )
    text = (
        "Set a course for adventure with this highly detailed model. It lights up and makes "
        "sounds. Every fan of Voyager will love it."
    )
    [f] = [f for f in run(Draft("default", ship, text))["seo"].findings if f.severity == "error"]
    assert f.rule == "product_named_late" and text[f.span[0] : f.span[1]] == "Voyager"
    assert "('rocket ship') never appears" in f.message and "('Voyager')" in f.message


def test_a_bang_inside_a_product_name_ends_no_sentence_for_the_naming_order(run) -> None:
    tower = Product(
        sku="t1",
        title="Acme Zoom! Zoom! Racers Loop Garage Playset",
        category=("Toys & Games", "Vehicles"),
        attributes={"Brand": "Acme"},
    )
    text = (
        "Drive into the Zoom! Zoom! Racers Loop Garage Playset by Acme. "
        "Kids roll cars through the loop and park them on the upper deck. Lights and sounds "
        "reward every lap."
    )
    assert "product_named_late" not in rules(run(Draft("default", tower, text))["seo"])
    # A "!" that is no part of a name still ends a sentence: named in the fourth is late.
    late = (
        "Ready! Set! Go! Kids roll cars through the loop of this garage playset and watch "
        "them race."
    )
    assert "product_named_late" in rules(run(Draft("default", tower, late))["seo"])
