"""The worker's Scorer applies the gate policy of the model that scored the draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualitygate.checks import RuleEngine
from qualitygate.domain import DIMENSIONS
from qualitygate.pipeline.gate import Scorer
from qualitygate.pipeline.verdicts import load_model
from training.labels import read_label_file

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "default"


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(RuleEngine(), load_model(MODEL))


def test_manifest_rule_weights_and_thresholds_decide(scorer: Scorer) -> None:
    weights = scorer.predictor.default.rule_weights
    assert any(w != 0.5 for w in weights.values())  # the shipped policy is not the fallback
    rows = read_label_file(ROOT / "training" / "data" / "demo.jsonl")
    rows = [r for r in rows if r.split == "test"][:4]
    drafts = [r.draft for r in rows]
    verdicts = scorer.score_many(drafts)
    probs = scorer.predictor.predict(drafts)
    for verdict, p in zip(verdicts, probs, strict=True):
        for dim in DIMENSIONS:
            d = verdict.dimensions[dim]
            expected = weights[dim] * d.rule_score + (1 - weights[dim]) * p[dim]
            assert d.score == pytest.approx(min(1.0, max(0.0, expected)), abs=1e-9)
            assert d.threshold == scorer.predictor.thresholds[dim]
