"""No unexplained flag: a model-driven fail names its sentence, or goes to a reviewer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from qualitygate.domain import DIMENSIONS, CheckResult, Dimension, Draft, Finding, Product
from qualitygate.pipeline.gate import (
    HELD_FOR_REVIEW,
    MIN_EFFECT,
    MODEL_SENTENCE,
    decide,
    explain,
    unexplained,
)
from qualitygate.sentences import sentence_spans

TEXT = "A red cotton top for women. It is THE BEST TOP EVER. Machine wash cold."
PRODUCT = Product(sku="s", title="Alibi Solid Women's Top", attributes={"Color": "Red"})
DRAFT = Draft(brand="default", product=PRODUCT, text=TEXT)
HALF = dict.fromkeys(DIMENSIONS, 0.5)


def test_sentence_spans_cover_each_sentence_without_spaces() -> None:
    spans = sentence_spans(TEXT)
    assert [TEXT[a:b] for a, b in spans] == [
        "A red cotton top for women.",
        "It is THE BEST TOP EVER.",
        "Machine wash cold.",
    ]
    assert sentence_spans("no stop at the end") == [(0, 18)]
    assert sentence_spans("   ") == []


def _verdict(brand_voice: float, findings: tuple[Finding, ...] = ()):  # type: ignore[no-untyped-def]
    rules = {d: CheckResult(d, 1.0, findings if d == "brand_voice" else ()) for d in DIMENSIONS}
    model = {**dict.fromkeys(DIMENSIONS, 0.95), "brand_voice": brand_voice}
    return decide(
        rules, model, HALF, model_version="m", rule_weights=dict.fromkeys(DIMENSIONS, 0.0)
    )


def _model(shouting: float) -> object:
    """P(meets) per dimension: brand voice is `shouting` while the capitals are in the text."""

    def predict(drafts: Sequence[Draft]) -> list[Mapping[Dimension, float]]:
        return [
            {
                **dict.fromkeys(DIMENSIONS, 0.95),
                "brand_voice": shouting if "BEST" in d.text else 0.9,
            }
            for d in drafts
        ]

    return predict


def test_a_model_driven_fail_names_the_sentence_that_drives_it() -> None:
    verdict = _verdict(0.2)
    assert unexplained(verdict) == ["brand_voice"]
    (explained,) = explain([verdict], [DRAFT], _model(0.2))  # type: ignore[arg-type]
    d = explained.dimensions["brand_voice"]
    assert explained.status == "flag" and not d.passed
    (finding,) = d.findings
    assert finding.rule == MODEL_SENTENCE and finding.severity == "warning"
    assert finding.span is not None and TEXT[slice(*finding.span)] == "It is THE BEST TOP EVER."
    assert "from 20% to 90%" in finding.message and finding.suggestion
    assert unexplained(explained) == []


def test_with_no_sentence_to_point_at_the_verdict_goes_to_a_reviewer() -> None:
    verdict = _verdict(0.2)

    def flat(drafts: Sequence[Draft]) -> list[Mapping[Dimension, float]]:
        return [{**dict.fromkeys(DIMENSIONS, 0.95), "brand_voice": 0.2 + MIN_EFFECT / 2}] * len(
            drafts
        )

    (held,) = explain([verdict], [DRAFT], flat)
    d = held.dimensions["brand_voice"]
    # Not sent back to the writer: the only fail is held, so the verdict passes to review first.
    assert held.status == "pass" and held.low_confidence and d.passed
    assert [f.rule for f in d.findings] == [HELD_FOR_REVIEW] and d.findings[0].severity == "info"
    assert d.score < d.threshold  # the score is shown as it is


def test_rule_explained_fails_and_passes_are_left_alone() -> None:
    finding = Finding("brand_voice", "shouting", "error", "capitals", span=(6, 23))
    ruled = _verdict(0.2, (finding,))
    passing = _verdict(0.9)
    calls: list[int] = []

    def predict(drafts: Sequence[Draft]) -> list[Mapping[Dimension, float]]:
        calls.append(len(drafts))
        return []

    assert explain([ruled, passing], [DRAFT, DRAFT], predict) == [ruled, passing]
    assert calls == []  # nothing to explain: no extra inference


def test_without_a_model_an_unexplained_rule_fail_is_held() -> None:
    rules = {d: CheckResult(d, 0.2 if d == "seo" else 1.0) for d in DIMENSIONS}
    verdict = decide(rules, None, HALF)
    (held,) = explain([verdict], [DRAFT], None)
    assert held.status == "pass" and held.dimensions["seo"].findings[0].rule == HELD_FOR_REVIEW


@pytest.mark.slow
def test_the_served_scorer_leaves_no_failing_dimension_unexplained() -> None:
    from qualitygate.checks import RuleEngine
    from qualitygate.pipeline.gate import Scorer
    from qualitygate.pipeline.verdicts import load_model
    from training.judging import products

    model = load_model(Path(__file__).parents[2] / "models" / "default")
    scorer = Scorer(RuleEngine(), model)
    drafts = [
        Draft(
            brand="default",
            product=Product(sku=p["sku"], title=p["title"], attributes=p["attributes"]),
            text=p["text"],
        )
        for p in products()[:24]
    ]
    verdicts = scorer.score_many(drafts)
    assert any(v.status == "flag" for v in verdicts)
    for verdict in verdicts:
        for dim, d in verdict.dimensions.items():
            if not d.passed:
                assert any(f.severity in ("error", "warning") for f in d.findings), (dim, d)
            if any(f.rule == HELD_FOR_REVIEW for f in d.findings):
                assert verdict.low_confidence
