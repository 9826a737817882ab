"""Readability: sentence measures with spans and fix suggestions; formulas only where valid."""

from __future__ import annotations

from qualitygate.checks.common import score
from tests.checks.conftest import rules

LONG = (
    "These lightweight bellies are made with a cushioned footbed that keeps you comfortable "
    "through long days at the office and they pair easily with jeans, skirts and dresses "
    "because the simple red finish never clashes with prints or bold colours."
)


def test_spec_table_and_feature_list_are_not_judged(run, by_title) -> None:
    for title in ("Alisha Solid", "Vermello", "SANTOSH ROYAL FASHION"):
        assert rules(run(by_title(title))["readability"], "warning") == [], title


def test_long_sentence_is_an_unscored_tip_that_suggests_a_split(run, by_title) -> None:
    # The standard: a long sentence that is grammatical is fine; the split point is advice only.
    res = run(by_title("AW Bellies"), text=LONG)["readability"]
    [f] = [f for f in res.findings if f.rule == "long_sentence"]
    assert f.severity == "info"
    assert res.score == score(g for g in res.findings if g.rule != "long_sentence")
    assert f.span == (0, len(LONG))
    assert f.suggestion is not None and f.suggestion.startswith("Split this 40-word sentence")
    assert "'and'" in f.suggestion or "','" in f.suggestion


def test_short_copy_is_not_failed_on_a_formula(run, by_title) -> None:
    text = "Sophisticated, contemporary, architectural silhouette. Extraordinarily comfortable."
    res = run(by_title("AW Bellies"), text=text)["readability"]
    assert all(f.severity == "info" for f in res.findings if f.rule == "grade_level")


def test_passive_voice_is_found_by_the_parser(run, by_title) -> None:
    text = "The upper is made from patent leather. The sole was stitched by hand. It is red."
    res = run(by_title("AW Bellies"), text=text)["readability"]
    passive = [text[f.span[0] : f.span[1]] for f in res.findings if f.rule == "passive_voice"]
    assert passive == ["The upper is made from patent leather.", "The sole was stitched by hand."]
    assert "passive_share" in rules(res)
    # The standard never mentions the passive voice: both are unscored tips.
    assert {f.severity for f in res.findings if f.rule.startswith("passive")} == {"info"}
    assert res.score == 1.0
    active = "The upper uses patent leather. A cobbler stitches the sole by hand. It is red."
    assert not {"passive_voice", "passive_share"} & set(
        rules(run(by_title("AW Bellies"), text=active)["readability"])
    )


# About 180 words of plain but long-winded copy (grade 13.5: above the default band 6-10) and
# of legalese (grade 30+: the standard's "far above the brand's reading level").
ABOVE_BAND = " ".join(
    [
        "These comfortable leather bellies are designed for everyday wear, and a cushioned "
        "footbed, a flexible rubber sole and a breathable lining keep your feet relaxed from "
        "the morning commute until the evening."
    ]
    * 4
    + [
        "The rounded toe leaves enough room for wider feet, and the padded collar prevents "
        "uncomfortable rubbing at the back of the ankle during long afternoons."
    ]
    * 2
)
LEGALESE = " ".join(
    [
        "Notwithstanding the aforementioned specifications, the manufacturer's contractual "
        "obligations regarding merchantability, fitness for particular purposes and "
        "non-infringement are hereby categorically disclaimed, indemnification being "
        "exclusively contingent upon documentary substantiation satisfactory to the "
        "distributor's authorised representatives."
    ]
    * 4
)


def test_grade_level_warns_only_far_above_the_band(run, by_title) -> None:
    draft = by_title("AW Bellies")
    res = run(draft, text=ABOVE_BAND)["readability"]
    [f] = [f for f in res.findings if f.rule == "grade_level"]
    assert f.severity == "info" and "far above" in f.message
    res = run(draft, text=LEGALESE)["readability"]
    [f] = [f for f in res.findings if f.rule == "grade_level"]
    assert f.severity == "warning" and f.message.startswith("Reads at grade")


def test_brand_band_changes_sentence_limit(run, by_title) -> None:
    text = (
        "These bellies have a soft cushioned footbed and a flexible sole that bends with "
        "every step."
    )
    text += " You can wear them all day at work, at college and out with friends in the city."
    draft = by_title("AW Bellies")
    assert "long_sentence" not in rules(run(draft, text=text)["readability"])
    assert "long_sentence" not in rules(run(draft, text=text, brand="bubblepop")["readability"])
    longer = text.replace(" in the city.", " in the city on any weekend with jeans.")
    assert "long_sentence" in rules(run(draft, text=longer, brand="bubblepop")["readability"])


def test_long_on_topic_text_and_lists_get_no_warning(run, by_title) -> None:
    # The standard fails a wall of text only for pasted unrelated material, and calls a few long
    # sentences or a list fine: neither 150+ words of on-topic prose nor long sentences lower it.
    draft = by_title("AW Bellies")
    on_topic = (
        "These red bellies have a soft footbed that keeps your feet comfortable all day. The "
        "smooth synthetic leather upper has a small bow at the toe. A rubber sole "
        "grips well on tiles, wet pavements and polished office floors. The heel is flat, so "
        "you can walk to the station without aching calves. Slip them on with jeans, a cotton "
        "kurta or a summer dress. The lining is breathable fabric that stays cool in warm "
        "weather. Each pair weighs little and folds flat into a travel bag. Wipe the upper "
        "with a damp cloth and let it dry in the shade. Keep them away from direct heat, which "
        "can curl the edges. Sizes run true, so order your usual size. The toe is rounded and "
        "roomy for wider feet. A padded collar stops rubbing at the back of the ankle. The "
        "stitching is double along the sides for a longer life. They come in a cardboard box "
        "with tissue paper."
    )
    res = run(draft, text=on_topic)["readability"]
    assert res.score == 1.0 and rules(res, "warning") == []
    res = run(draft, text=LONG)["readability"]
    assert rules(res, "warning") == [] and rules(res, "error") == []
    listing = (
        "In the box you get a pair of bellies, a cotton dust bag, two spare heel caps, a shoe "
        "horn, a cleaning cloth, a care card, a tin of neutral polish, a pair of insoles, a "
        "spare set of laces and a small brush for the suede trim."
    )
    res = run(draft, text=listing)["readability"]
    assert rules(res, "warning") == [] and rules(res, "error") == []


def test_run_on_is_comma_spliced_clauses_not_a_long_sentence(run, by_title) -> None:
    draft = by_title("AW Bellies")
    run_on = (
        "These bellies are made of soft patent leather, the footbed is cushioned for long days, "
        "the sole grips well on wet floors, the wedge heel adds a little height, they suit work "
        "and weekends, you can wipe them clean with a damp cloth in a minute."
    )
    res = run(draft, text=run_on)["readability"]
    [f] = [f for f in res.findings if f.rule == "run_on"]
    assert f.severity == "error" and f.span == (0, len(run_on))
    assert f.message.startswith(f"A run-on sentence: {len(run_on.split())} words")
    # As long, but one grammatical sentence that joins its clauses properly: only long.
    joined = (
        "These bellies are made of soft patent leather with a cushioned footbed that keeps you "
        "comfortable through long days at the office and a grippy rubber sole that holds well "
        "on wet floors while the slim wedge heel adds a little height without pinching your toes."
    )
    res = run(draft, text=joined)["readability"]
    assert "run_on" not in rules(res) and rules(res, "error") == []


def test_a_clause_followed_by_a_list_of_contents_is_not_a_run_on(run, by_title) -> None:
    # The standard: "a list of contents is fine". Three short spliced clauses and a long list:
    # the clauses are 15 words, not the 40 of a run-on.
    draft = by_title("AW Bellies")
    for text in (
        "The pack is light, it fits under an airline seat, you get two side pockets, a padded "
        "laptop sleeve, a key clip, a bottle holder, a rain cover, a chest strap, a hip belt, "
        "compression straps and a reflective patch.",
        "This starter kit has everything a young painter needs, it comes in a sturdy box you can "
        "carry anywhere: twelve acrylic paints, three round brushes, two flat brushes, a mixing "
        "palette, a water cup, an apron, a sponge, four canvas boards, an easel and a booklet of "
        "projects.",
    ):
        assert "run_on" not in rules(run(draft, text=text)["readability"]), text


def test_a_bang_inside_a_product_name_does_not_split_a_sentence(run, by_title) -> None:
    # "Zoom! Zoom! Racers" is a name from the title: the sentence around it is counted whole.
    draft = by_title("AW Bellies")
    title = "Acme Zoom! Zoom! Racers Loop Garage Playset"
    text = (
        "Drive into the Zoom! Zoom! Racers Loop Garage Playset by Acme, "
        "where young drivers roll their cars through the loop and park them on the upper deck."
    )
    [f] = [
        f
        for f in run(draft, text=text, title=title)["readability"].findings
        if f.rule == "long_sentence"
    ]
    assert f.span == (0, len(text))
    # Without the name in the title, "Zoom!" followed by a capital ends a sentence.
    other = run(draft, text=text, title="Acme Garage Playset")["readability"]
    assert "long_sentence" not in rules(other)
