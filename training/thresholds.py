"""Per-dimension thresholds, chosen on the validation split.

Stored in the manifest:
- `model_thresholds`: on the model's P(pass) alone;
- `rule_weights`, `thresholds` and `rule_vetoes`: the gate's policy (`pipeline.gate.decide`:
  score = w x rule score + (1 - w) x model probability; where the rules hold the veto, any rule
  error fails the dimension). The worker
  passes them to the gate, so these are the ones that decide in production.

Criterion: maximise Cohen's kappa with the labels (ties: the threshold nearest 0.5). For the gate,
each dimension's w (on RULE_WEIGHTS), threshold and rule veto are searched together: choices whose
flags reach PRECISION (0.8) on validation come first, then the highest kappa (ties: keep the veto,
w nearest 0.5). Where the rules are the better judge w grows, where the model is it shrinks.

    python -m training.thresholds --model models/default --data training/data/judged.jsonl
re-tunes an existing model directory (updates manifest.json and README.md).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from qualitygate.domain import DIMENSIONS, CheckResult, Dimension
from training.metrics import agreement_kappa, choose_threshold

CRITERION = (
    "max Cohen's kappa with the labels on validation; `thresholds` apply to the gate's "
    "combined score (w x rule + (1 - w) x model with w = `rule_weights`, searched on the same "
    "split; rule errors fail where `rule_vetoes` says so), `model_thresholds` to the model alone"
)
RULE_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def model_thresholds(
    y: Mapping[Dimension, Any], p_pass: Mapping[Dimension, Any]
) -> dict[str, float]:
    return {d: choose_threshold(np.asarray(y[d]), np.asarray(p_pass[d])) for d in DIMENSIONS}


# Flag precision the gate should reach on every dimension (issue 15's target): a choice that
# reaches it on validation is preferred to one with a higher kappa that does not.
PRECISION = 0.8


def _thresholds(truth: Any, score: Any) -> list[float]:
    """Candidate thresholds: the kappa-best one and a grid above it (stricter flags are rarer)."""
    best = choose_threshold(truth, score)
    return [best, *(round(float(x), 2) for x in np.arange(0.05, 0.96, 0.05) if x < best)]


class GateChoice(NamedTuple):
    """The gate's per-dimension policy chosen on validation (stored in the manifest)."""

    rule_weights: dict[str, float]
    thresholds: dict[str, float]
    rule_vetoes: dict[str, bool]


def gate_policy(
    y: Mapping[Dimension, Any],
    rules: Sequence[Mapping[Dimension, CheckResult]],
    probs: Sequence[Mapping[Dimension, float]],
    candidates: Sequence[float] = RULE_WEIGHTS,
) -> GateChoice:
    """Rule weight, threshold and rule veto per dimension, as `decide` applies them.

    Preferred: a choice whose flags are at least PRECISION precise on validation; among those
    (or among all, when none is), the highest kappa with the labels. With the veto, rows with a
    rule error are flagged whatever the score, so they enter the threshold search with a score
    no threshold passes; without it, with their combined score.
    Ties keep the veto (the behaviour of a manifest that says nothing), then take w nearest 0.5.
    """
    from qualitygate.pipeline.gate import decide

    neutral: dict[Dimension, float] = dict.fromkeys(DIMENSIONS, 0.5)
    no_veto: dict[Dimension, bool] = dict.fromkeys(DIMENSIONS, False)
    # (meets the precision target, kappa, keeps the veto, closeness of w to 0.5)
    #   -> (w, threshold, veto)
    best: dict[Dimension, tuple[tuple[int, float, int, float], float, float, bool]] = {}
    for w in candidates:
        weights = dict.fromkeys(DIMENSIONS, w)
        verdicts = [
            decide(r, p, neutral, rule_weights=weights, rule_vetoes=no_veto)
            for r, p in zip(rules, probs, strict=True)
        ]
        for dim in DIMENSIONS:
            truth = np.asarray(y[dim], dtype=int)
            plain = np.array([v.dimensions[dim].score for v in verdicts])
            errors = np.array(
                [any(f.severity == "error" for f in v.dimensions[dim].findings) for v in verdicts]
            )
            for veto in (True, False):
                score = np.where(errors, -1.0, plain) if veto else plain
                for t in _thresholds(truth, score):
                    passed = (score >= t).astype(int)
                    flagged = passed == 0
                    precise = bool(flagged.any()) and (truth[flagged] == 0).mean() >= PRECISION
                    kappa = agreement_kappa(truth, passed)
                    key = (int(precise), round(kappa, 6), int(veto), -abs(w - 0.5))
                    if dim not in best or key > best[dim][0]:
                        best[dim] = (key, w, t, veto)
    return GateChoice(
        {d: best[d][1] for d in DIMENSIONS},
        {d: best[d][2] for d in DIMENSIONS},
        {d: best[d][3] for d in DIMENSIONS},
    )


def retune(model_dir: Path, data: Path) -> dict[str, Any]:
    """Recompute both threshold sets for an existing model and rewrite its manifest + card."""
    from qualitygate.ml import load_predictor
    from qualitygate.ml.artifacts import read_manifest
    from training.baselines import labels_of, rule_results
    from training.labels import read_label_file
    from training.model_card import render_model_card
    from training.splits import assign_splits

    validation = assign_splits(read_label_file(data))["validation"]
    drafts = [r.draft for r in validation]
    probs = load_predictor(model_dir).predict(drafts)
    y = labels_of(validation)
    p_pass = {d: np.array([p[d] for p in probs]) for d in DIMENSIONS}
    manifest = read_manifest(model_dir)
    manifest.model_thresholds = model_thresholds(y, p_pass)
    choice = gate_policy(y, rule_results(drafts), probs)
    manifest.rule_weights, manifest.thresholds = choice.rule_weights, choice.thresholds
    manifest.rule_vetoes = choice.rule_vetoes
    manifest.threshold_criterion = CRITERION
    manifest.save(model_dir)
    (model_dir / "README.md").write_text(render_model_card(manifest), encoding="utf-8")
    return {
        "rule_weights": manifest.rule_weights,
        "thresholds": manifest.thresholds,
        "rule_vetoes": manifest.rule_vetoes,
        "model_thresholds": manifest.model_thresholds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Re-tune a model's thresholds on validation.")
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=Path("training/data/judged.jsonl"))
    args = parser.parse_args(argv)
    print(retune(args.model, args.data))


if __name__ == "__main__":
    main()
