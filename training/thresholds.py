"""Per-dimension thresholds, chosen on the validation split.

Two sets are stored in the manifest:
- `model_thresholds`: on the model's P(pass) alone;
- `thresholds`: on the score the gate actually compares (`qualitygate.gate.decide`:
  0.5 x rule score + 0.5 x model probability, any rule error fails the dimension). The worker
  passes `predictor.thresholds` to the gate, so these are the ones that decide in production.

Criterion for both: maximise the F1 of the flag class (ties: the threshold nearest 0.5).

    python -m training.thresholds --model models/default --data training/data/demo.jsonl
re-tunes an existing model directory (updates manifest.json and README.md).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from qualitygate.domain import DIMENSIONS, CheckResult, Dimension
from training.metrics import choose_threshold

CRITERION = (
    "max F1 of the fail class on validation; `thresholds` apply to the gate's combined score "
    "(0.5 x rule + 0.5 x model, rule errors fail), `model_thresholds` to the model alone"
)


def model_thresholds(
    y: Mapping[Dimension, Any], p_pass: Mapping[Dimension, Any]
) -> dict[str, float]:
    return {d: choose_threshold(np.asarray(y[d]), np.asarray(p_pass[d])) for d in DIMENSIONS}


def gate_thresholds(
    y: Mapping[Dimension, Any],
    rules: Sequence[Mapping[Dimension, CheckResult]],
    probs: Sequence[Mapping[Dimension, float]],
) -> dict[str, float]:
    """Thresholds for the combined score; rows with a rule error are flagged whatever the score."""
    from qualitygate.gate import decide

    neutral: dict[Dimension, float] = dict.fromkeys(DIMENSIONS, 0.5)
    verdicts = [decide(r, p, neutral) for r, p in zip(rules, probs, strict=True)]
    out: dict[str, float] = {}
    for dim in DIMENSIONS:
        score = np.array([v.dimensions[dim].score for v in verdicts])
        error = np.array(
            [any(f.severity == "error" for f in v.dimensions[dim].findings) for v in verdicts]
        )
        # An erroring row is flagged at any threshold: give it a score no threshold passes.
        out[dim] = choose_threshold(np.asarray(y[dim]), np.where(error, -1.0, score))
    return out


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
    manifest.thresholds = gate_thresholds(y, rule_results(drafts), probs)
    manifest.threshold_criterion = CRITERION
    manifest.save(model_dir)
    (model_dir / "README.md").write_text(render_model_card(manifest), encoding="utf-8")
    return {"thresholds": manifest.thresholds, "model_thresholds": manifest.model_thresholds}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Re-tune a model's thresholds on validation.")
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=Path("training/data/demo.jsonl"))
    args = parser.parse_args(argv)
    print(retune(args.model, args.data))


if __name__ == "__main__":
    main()
