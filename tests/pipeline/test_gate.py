"""The decision policy, as tables: error findings override the model; threshold edges."""

from __future__ import annotations

import pytest

from qualitygate.domain import DIMENSIONS, CheckResult, Dimension, Finding
from qualitygate.pipeline.gate import DEFAULT_THRESHOLD, GatePolicy, decide, resolve_thresholds
from qualitygate.schemas import verdict_json

HALF = dict.fromkeys(DIMENSIONS, 0.5)


def _rules(score: float = 1.0, **overrides: CheckResult) -> dict[Dimension, CheckResult]:
    out: dict[Dimension, CheckResult] = {d: CheckResult(d, score) for d in DIMENSIONS}
    out.update(overrides)  # type: ignore[arg-type]
    return out


def _finding(dim: Dimension, severity: str) -> Finding:
    return Finding(dim, "r", severity, "m")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule_score", "model_prob", "severity", "passed"),
    [
        (1.0, 1.0, None, True),
        (1.0, 1.0, "warning", True),
        (1.0, 1.0, "error", False),  # an error finding fails whatever the model says
        (0.0, 0.0, None, False),
        (0.6, 0.4, None, True),  # 0.5 blend == threshold: passes (>=)
        (0.6, 0.38, None, False),  # 0.49 < 0.5
        (0.2, 0.9, None, True),  # 0.55: the model can rescue a low rule score ...
        (0.2, 0.9, "error", False),  # ... but never an error finding
    ],
)
def test_accuracy_dimension_table(rule_score, model_prob, severity, passed):
    findings = (_finding("accuracy", severity),) if severity else ()
    rules = _rules(accuracy=CheckResult("accuracy", rule_score, findings))
    model = {**dict.fromkeys(DIMENSIONS, 1.0), "accuracy": model_prob}
    verdict = decide(rules, model, HALF, model_version="m1")
    assert verdict.dimensions["accuracy"].passed is passed
    assert verdict.status == ("pass" if passed else "flag")
    assert verdict.model_version == "m1"


def test_rules_only_uses_the_rule_score_and_says_so():
    verdict = decide(_rules(0.49), None, HALF, model_version="ignored")
    assert verdict.status == "flag" and verdict.model_version == "rules-only"
    assert all(d.model_score is None and d.score == 0.49 for d in verdict.dimensions.values())


def test_flag_when_any_dimension_fails_and_findings_are_collected():
    rules = _rules(seo=CheckResult("seo", 0.9, (_finding("seo", "error"),)))
    verdict = decide(rules, dict.fromkeys(DIMENSIONS, 0.9), HALF)
    assert verdict.status == "flag"
    assert [d for d, v in verdict.dimensions.items() if not v.passed] == ["seo"]
    assert [f.dimension for f in verdict.findings] == ["seo"]
    assert (
        verdict_json(verdict, None, "e")["dimensions"]["seo"]["findings"][0]["severity"] == "error"
    )


@pytest.mark.parametrize(
    ("score", "low_confidence"), [(0.52, True), (0.48, True), (0.56, False), (0.44, False)]
)
def test_scores_near_the_threshold_are_low_confidence(score, low_confidence):
    rules = _rules(1.0, readability=CheckResult("readability", score))
    verdict = decide(rules, None, HALF, policy=GatePolicy(margin=0.05))
    assert verdict.low_confidence is low_confidence


def test_weights_blend_rule_and_model():
    rules = _rules(1.0)
    verdict = decide(
        rules, dict.fromkeys(DIMENSIONS, 0.0), HALF, policy=GatePolicy(rule_weight=0.8)
    )
    assert all(d.score == pytest.approx(0.8) for d in verdict.dimensions.values())


def test_thresholds_brand_over_manifest_over_default():
    got = resolve_thresholds({"seo": 0.4, "accuracy": 0.7}, {"seo": 0.6})
    assert got["seo"] == 0.6 and got["accuracy"] == 0.7
    assert got["completeness"] == DEFAULT_THRESHOLD


def test_per_dimension_rule_weights_from_the_manifest_override_the_policy() -> None:
    rules = {d: CheckResult(d, 1.0, ()) for d in DIMENSIONS}
    model = dict.fromkeys(DIMENSIONS, 0.0)
    # accuracy trusts the rules fully, readability the model fully; the rest use the policy's 0.5.
    verdict = decide(rules, model, HALF, rule_weights={"accuracy": 1.0, "readability": 0.0})
    assert verdict.dimensions["accuracy"].score == 1.0 and verdict.dimensions["accuracy"].passed
    assert verdict.dimensions["readability"].score == 0.0
    assert not verdict.dimensions["readability"].passed
    assert verdict.dimensions["seo"].score == 0.5
