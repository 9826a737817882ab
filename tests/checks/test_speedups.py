"""The parse shortcuts give exactly what the slow paths give (bench/bench_checks.py times them)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from qualitygate.checks import RuleEngine, voice_standard
from qualitygate.checks.caseblind import CaseBlind, find_all_ci
from qualitygate.checks.lexicons import BOILERPLATE, CLAIMS, COLOURS, HYPE, MATERIALS
from qualitygate.checks.nlp.ruler_index import RulerIndex, speed_up
from qualitygate.checks.text import (
    Phrases,
    Tok,
    analyse_many,
    boilerplate_spans,
    phrase_words,
)

# Words the attribute_ruler's exceptions are about: contractions, "not", "ai n't", "nothin'",
# auxiliaries, subordinators, spaces, and two-token patterns.
TRICKY = [
    "I ain't sure, but it's nothin' you can't wash: we'd say it isn't, don't you think?",
    "It has been made to last; that is why we've kept it.  Whether or not you 'll like it...",
    "Gonna be gr8 - 'cause it wasn't cheap & I'd buy it again\n\nif it were on sale.",
    "They are, am I, have you ... 's  coz  tho  w/out  becuse N'T nt",
]


def _texts(records: list[dict[str, Any]]) -> list[str]:
    return [r.get("description") or "" for r in records] + TRICKY


def _ruler(engine: RuleEngine) -> AttributeRuler:
    ruler = engine.nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    return ruler


def test_the_engine_uses_the_indexed_ruler(engine: RuleEngine) -> None:
    assert "match" in vars(_ruler(engine))


def test_indexed_ruler_finds_the_matchers_matches(engine: RuleEngine, records) -> None:
    ruler = _ruler(engine)
    docs = list(engine.nlp.pipe(_texts(records), disable=["attribute_ruler", "lemmatizer"]))
    total = 0
    for doc in docs:
        fast = ruler.match(doc)
        assert fast == AttributeRuler.match(ruler, doc), doc.text[:60]
        total += len(fast)
    assert total > sum(len(d) for d in docs)  # every token has its tag-map match, and more


def test_patterns_the_index_cannot_read_keep_the_matcher(engine: RuleEngine) -> None:
    ruler = AttributeRuler(engine.nlp.vocab)
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"LEMMA": "very"})
    assert RulerIndex.build(ruler) is None
    assert not speed_up(ruler)
    assert "match" not in vars(ruler)
    ruler = AttributeRuler(engine.nlp.vocab)
    ruler.add([[{"LOWER": {"REGEX": "^ver"}}, {"TAG": {"NOT_IN": ["JJ"]}}]], {"LEMMA": "v"})
    ruler.add([[{"IS_SPACE": True}]], {"POS": "SPACE"})
    assert speed_up(ruler)
    doc = engine.nlp.make_doc("very  well, verily it is")
    assert ruler.match(doc) == AttributeRuler.match(ruler, doc)


def test_memoised_lemmas_equal_the_lemmatizers(engine: RuleEngine, records) -> None:
    lemmatizer = engine.nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer) and "pipe" in vars(lemmatizer)
    texts = _texts(records)
    fast = list(engine.nlp.pipe(texts))
    slow = [
        Lemmatizer.__call__(lemmatizer, d) for d in engine.nlp.pipe(texts, disable=["lemmatizer"])
    ]
    for a, b in zip(fast, slow, strict=True):
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b], a.text[:60]
    assert "not" in {t.lemma_ for t in fast[-4]}  # "n't": the attribute_ruler's lemma is kept


def _slow_tokens(doc: Doc) -> list[Tok]:
    """How Analysis read tokens through spaCy's Python API before TokenMemo."""
    return [
        Tok(
            i=t.i,
            text=t.text,
            lower=t.lower_,
            lemma=t.lemma_.lower(),
            start=t.idx,
            end=t.idx + len(t.text),
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            is_word=(t.is_alpha or t.like_num or any(c.isalnum() for c in t.text)),
            ws=bool(t.whitespace_),
        )
        for t in doc
    ]


def test_token_rows_equal_the_token_api(engine: RuleEngine, records) -> None:
    whole = 0
    texts = _texts(records)
    for text, analysis in zip(texts, analyse_many(engine.nlp, texts), strict=True):
        if analysis.doc.text == text:  # no spec table or boilerplate split off unparsed
            assert analysis.tokens == _slow_tokens(engine.nlp(text)), text[:60]
            whole += 1
    assert whole >= 10


def test_spec_table_tokens_are_tokenized_only(engine: RuleEngine) -> None:
    text = "Soft shorts, Specifications of Shorts Color: Red Fabric: Cotton"
    (analysis,) = analyse_many(engine.nlp, [text])
    tail = [t for t in analysis.tokens if t.start >= text.index("Specifications")]
    assert [t.text for t in tail][:3] == ["Specifications", "of", "Shorts"]
    assert all(t.pos == t.tag == t.dep == "" and t.head == t.i for t in tail)
    assert tail[0].lemma == "specifications"
    assert [text[t.start : t.end] for t in analysis.tokens] == [t.text for t in analysis.tokens]


def test_trailing_boilerplate_is_tokenized_only_and_split_at_capitals(engine: RuleEngine) -> None:
    text = (
        "A soft cotton top for warm days. Buy Red Top For Only Rs. 600 Online in India. "
        "Only Genuine Products. 30 Day Replacement Guarantee. Free Shipping, "
        "Specifications of Top Color: Red"
    )
    (analysis,) = analyse_many(engine.nlp, [text])
    plain_start = text.index("Buy")
    assert analysis.doc.text == text[:plain_start]
    plain = [t for t in analysis.tokens if plain_start <= t.start < text.index("Specifications")]
    assert all(t.pos == t.tag == t.dep == "" and t.head == t.i for t in plain)
    assert [text[t.start : t.end] for t in analysis.tokens] == [t.text for t in analysis.tokens]
    assert [text[s.start : s.end] for s in analysis.sentences][1:5] == [
        "Buy Red Top For Only Rs. 600 Online in India.",  # "Rs. 600" goes on
        "Only Genuine Products.",
        "30 Day Replacement Guarantee.",
        "Free Shipping,",
    ]
    assert analysis.boilerplate == boilerplate_spans(text)


def test_boilerplate_inside_the_copy_is_parsed(engine: RuleEngine) -> None:
    text = "Free Shipping. A soft cotton top, cut loose, for warm days."
    (analysis,) = analyse_many(engine.nlp, [text])
    assert analysis.doc.text == text
    assert all(t.pos for t in analysis.tokens)


@pytest.mark.parametrize(
    ("needle", "text"),
    [
        ("Cycling Shorts", "cycling shorts and CYCLING SHORTS, Cycling Shorts"),
        ("aa", "aaaaa"),
        ("Straße", "STRASSE strasse Straße"),
        ("k", "K\u212a k"),
        ("x", ""),
    ],
)
def test_find_all_ci_is_a_case_insensitive_finditer(needle: str, text: str) -> None:
    expected = [m.span() for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]
    assert find_all_ci(needle, text) == expected


def test_phrases_find_what_find_phrase_finds(engine: RuleEngine, records) -> None:
    lexicon = [*COLOURS, *MATERIALS, *HYPE, *(f for forms, _ in CLAIMS.values() for f in forms)]
    lexicon += ["world class", "worldclass", "anti-skid", "easy to use", "cotton"]  # dup: cotton
    phrases = Phrases(lexicon)
    texts = [*_texts(records), "A world-class, worldclass anti skid mat. Easy to use!", ""]
    hits = 0
    for analysis in analyse_many(engine.nlp, texts):
        slow = [
            (n, s) for n, p in enumerate(lexicon) if (s := analysis.find_phrase(phrase_words(p)))
        ]
        assert phrases.spans(analysis) == slow, analysis.text[:60]
        hits += len(slow)
    assert hits > 100


BOILERPLATE_EXAMPLES = [
    "ONLY GENUINE PRODUCTS. 30 Day Replacement Guarantee. Free Shipping. Cash On Delivery!",
    "Buy Alisha Shorts for Rs. 1,299 online. Alisha Shorts online in India from Flipkart.com.",
    "Only at Flipkart.com. Shop Online for Shorts, Tops & more. Huge collection of Shorts.",
    "Price: Rs. 499. Best Prices online! Great Discounts. Caf\u00e9 FREE SHIPPING \u212a",
]


def test_boilerplate_cues_skip_only_patterns_that_cannot_match(records) -> None:
    texts = [*_texts(records), *BOILERPLATE_EXAMPLES, *(t.upper() for t in BOILERPLATE_EXAMPLES)]
    matched = set()
    for text in texts:
        for n, pattern in enumerate(BOILERPLATE):
            for m in pattern.blind.finditer(text):
                matched.add(n)
                if m.group().isascii():
                    assert pattern.cue is not None and pattern.cue in m.group().lower(), m.group()
        every = sorted(m.span() for p in BOILERPLATE for m in p.blind.finditer(text))
        merged: list[tuple[int, int]] = []
        for a, b in every:
            if merged and a <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        assert boilerplate_spans(text) == merged
    assert matched == set(range(len(BOILERPLATE)))


CASE_EXAMPLES = [
    "The BEST mug! Unbeatable, GUARANTEED. omg sooo gr8!! Unlike Other Sellers, #1 in class.",
    "Caf\u00e9 au lait: the best Stra\u00dfe mug, \u212aids LOVE it, lol \u2013 no cap!!",
    "",
]


@pytest.mark.parametrize("pattern", [p for p, *_ in voice_standard.RULES])
def test_case_blind_patterns_find_what_ignorecase_finds(pattern: CaseBlind, records) -> None:
    hits = 0
    for text in [*_texts(records), *CASE_EXAMPLES, *(t.upper() for t in CASE_EXAMPLES)]:
        expected = [m.span() for m in pattern.blind.finditer(text)]
        assert pattern.spans(text) == expected, text[:60]
        hits += len(expected)
    assert hits > 0


def test_case_blind_patterns_are_written_in_lower_case() -> None:
    with pytest.raises(ValueError, match="lower case"):
        CaseBlind(r"\bBest\b")
    with pytest.raises(ValueError, match="lower case"):
        CaseBlind(r"\W+")  # \W is not \w: upper case means something else in a pattern


SAFETY_EXAMPLES = [
    "WARNING: CHOKING HAZARD -- Small parts. Not for children under 3 yrs.",
    "Caution - hot surface. Keep away from kids.",
    "Not suitable for ages under 3. Prop 65 notice applies.",
    "DANGER Flammable. Not intended for infants.",
    "Not recommended for children. California Proposition 65.",
    "A soft cotton shirt for every day.",
]


def test_safety_cues_skip_only_texts_without_a_warning(records) -> None:
    found = 0
    for text in [*_texts(records), *SAFETY_EXAMPLES, *(t.upper() for t in SAFETY_EXAMPLES)]:
        starts = [m.group() for m in voice_standard._SAFETY_START.finditer(text)]
        for start in starts:
            if start.isascii():
                assert any(cue in start.lower() for cue in voice_standard._SAFETY_CUES), start
        found += bool(starts)
        assert bool(voice_standard.safety_passages(text)) == bool(starts), text[:60]
    assert found >= 10
