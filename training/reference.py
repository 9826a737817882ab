"""The model's reference for drift monitoring (qualitygate/monitoring/reference.py), written
beside its manifest as `reference.json`.

Computed on the validation split, the data the thresholds were tuned on: per dimension the
gate's, the model's and the rules' score and the pass/flag share, plus the input descriptors.
`train()` writes it with every artifact;

    qualitygate model reference models/default --data training/data/judged.jsonl

writes it for an existing one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from qualitygate.domain import DIMENSIONS, CheckResult, Dimension, Draft
from qualitygate.ml.artifacts import Manifest, read_manifest
from qualitygate.monitoring.descriptors import describe_many
from qualitygate.monitoring.reference import Reference, Sample, build_reference
from qualitygate.pipeline.gate import decide, resolve_thresholds


def reference_for(
    drafts: Sequence[Draft],
    rules: Sequence[Mapping[Dimension, CheckResult]],
    probs: Sequence[Mapping[Dimension, float]],
    manifest: Manifest,
    source: Mapping[str, object],
) -> Reference:
    """The reference of `manifest`'s model from its scores on `drafts` (pure but for the
    tokenizer the descriptors use)."""
    thresholds = resolve_thresholds(manifest.dimension_thresholds(), None)
    sample = Sample()
    described = describe_many(drafts)
    for desc, rule, prob in zip(described, rules, probs, strict=True):
        verdict = decide(
            rule,
            prob,
            thresholds,
            rule_weights=manifest.dimension_rule_weights(),
            rule_vetoes=manifest.dimension_rule_vetoes(),
        )
        scores: dict[str, dict[str, float | None]] = {
            "gate": {d: verdict.dimensions[d].score for d in DIMENSIONS},
            "rule": {d: rule[d].score for d in DIMENSIONS},
            "model": {d: float(prob[d]) for d in DIMENSIONS},
        }
        sample.add(desc, scores, {d: verdict.dimensions[d].passed for d in DIMENSIONS})
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return build_reference(sample, manifest.version, source, created_at=now)


def write_reference(model_dir: Path, data: Path, split: str = "validation") -> Path:
    """Score `data`'s split with the artifact in `model_dir` and write its reference.json."""
    from qualitygate.ml import load_predictor
    from training.baselines import rule_results
    from training.labels import read_label_file
    from training.package import file_sha256
    from training.splits import assign_splits

    rows = assign_splits(read_label_file(data))[split]
    if not rows:
        raise ValueError(f"{data}: the {split} split is empty")
    drafts = [r.draft for r in rows]
    probs = load_predictor(model_dir).predict(drafts)
    source = {"data": str(data), "sha256": file_sha256(data), "split": split}
    ref = reference_for(drafts, rule_results(drafts), probs, read_manifest(model_dir), source)
    return ref.save(model_dir)
