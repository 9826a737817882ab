"""Evaluate a trained model on the test split beside two baselines and the combined gate.

    qualitygate evaluate --model models/default --data training/data/demo.jsonl [--amazon]

Systems: (a) TF-IDF + logistic regression trained on the train split, (b) the rules alone,
(c) the fine-tuned model alone, (d) the combined gate (`pipeline.gate.decide`, the production
policy). Writes metrics.json, report.md, pr_curves.png and calibration.png.
The optional Amazon section applies the same defect injection to the held-out Amazon texts
(evaluation only; nothing is fitted or tuned on them) to show the domain shift.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualitygate.domain import DIMENSIONS
from training import baselines
from training.baselines import SystemOutput, labels_of
from training.labels import LabelledDraft, read_label_file
from training.metrics import all_metrics
from training.splits import assign_splits

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Evaluation:
    model_version: str
    test_size: int
    systems: dict[str, dict[str, Any]]
    amazon: dict[str, dict[str, Any]] = field(default_factory=dict)
    amazon_size: int = 0
    files: list[str] = field(default_factory=list)


def score_systems(
    predictor: Any,
    rows: Sequence[LabelledDraft],
    train: Sequence[LabelledDraft] | None,
    validation: Sequence[LabelledDraft] | None,
) -> list[SystemOutput]:
    """Run all four systems on `rows` (the TF-IDF baseline only when train data is given)."""
    drafts = [r.draft for r in rows]
    rules = baselines.rule_results(drafts)
    probs = predictor.predict(drafts)
    systems = []
    if train is not None and validation is not None:
        systems.append(baselines.tfidf_logreg(train, validation, rows))
    systems.append(baselines.rules_only(rules))
    systems.append(baselines.model_only(probs, predictor.model_thresholds))
    manifest = predictor.manifest
    systems.append(
        baselines.combined_gate(
            rules,
            probs,
            predictor.thresholds,
            predictor.version,
            manifest.dimension_rule_weights(),
            manifest.dimension_rule_vetoes(),
        )
    )
    return systems


def metrics_for(rows: Sequence[LabelledDraft], systems: list[SystemOutput]) -> dict[str, Any]:
    y = labels_of(rows)
    return {s.name: all_metrics(y, s.passed, s.scores) for s in systems}


def amazon_rows(seed: int = 13) -> list[LabelledDraft]:
    """The demo generator applied to the held-out Amazon file (evaluation only)."""
    from training.build_dataset import product_examples
    from training.sources import HELD_OUT_FILE, load_records, record_to_draft, shared_data_dir

    records = load_records(shared_data_dir() / HELD_OUT_FILE, for_evaluation=True)
    rows: list[LabelledDraft] = []
    for record in records:
        rows.extend(ex for ex, _ in product_examples(record_to_draft(record), seed))
    return rows


def evaluate(
    model_dir: Path, data: Path, out_dir: Path | None = None, amazon: bool = False
) -> Evaluation:
    from qualitygate.ml import load_predictor
    from training.plots import calibration, pr_curves

    out_dir = out_dir or model_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    splits = assign_splits(read_label_file(data))
    predictor = load_predictor(model_dir)
    test = splits["test"]
    systems = score_systems(predictor, test, splits["train"], splits["validation"])
    result = Evaluation(predictor.version, len(test), metrics_for(test, systems))
    y = labels_of(test)
    result.files.append(str(pr_curves(out_dir / "pr_curves.png", y, systems)))
    result.files.append(str(calibration(out_dir / "calibration.png", y, systems[-2:])))
    if amazon:
        rows = amazon_rows()
        result.amazon = metrics_for(rows, score_systems(predictor, rows, None, None))
        result.amazon_size = len(rows)
    (out_dir / "metrics.json").write_text(
        json.dumps(_jsonable(result), indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    (out_dir / "report.md").write_text(render_report(result, data), encoding="utf-8")
    result.files += [str(out_dir / "metrics.json"), str(out_dir / "report.md")]
    return result


def _jsonable(result: Evaluation) -> dict[str, Any]:
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, float) and math.isnan(value):
            return None
        return value

    return {
        "model_version": result.model_version,
        "test_size": result.test_size,
        "systems": clean(result.systems),
        "amazon_size": result.amazon_size,
        "amazon": clean(result.amazon),
    }


def comparison_table(systems: dict[str, dict[str, Any]]) -> str:
    """One table: rows = dimension x metric, columns = systems."""
    names = list(systems)
    lines = [
        "| dimension | metric | " + " | ".join(names) + " |",
        "| --- | --- |" + " --- |" * len(names),
    ]
    for dim in DIMENSIONS:
        for metric in ("accuracy", "precision", "recall", "f1", "roc_auc", "flag_rate"):
            cells = [systems[n]["dimensions"][dim][metric] for n in names]
            lines.append(f"| {dim} | {metric} | " + " | ".join(_fmt(c) for c in cells) + " |")
    for summary in ("macro_f1", "min_accuracy", "mean_accuracy"):
        cells = [systems[n][summary] for n in names]
        lines.append(f"| **all** | **{summary}** | " + " | ".join(_fmt(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.3f}"


def render_report(result: Evaluation, data: Path) -> str:
    true_rates = {d: result.systems["model"]["dimensions"][d]["true_flag_rate"] for d in DIMENSIONS}
    truth = ", ".join(f"{d} {r:.1%}" for d, r in true_rates.items())
    text = f"""# Evaluation of `{result.model_version}`

Test split of `{data}`: {result.test_size} descriptions (products never seen in training).
True flag rates: {truth}.

Precision, recall and F1 are for the **flag** class (the description fails the dimension);
ROC-AUC ranks by the system's score; flag rate is the share of descriptions the system flags.
`macro_f1` is the mean of the five flag-class F1s.

- `tfidf_logreg`: word 1-2-gram + char 2-5-gram TF-IDF over the same attribute+description pair,
  one class-balanced logistic regression per dimension, thresholds chosen on validation.
- `rules_only`: `qualitygate.checks.RuleEngine`; a dimension passes at score >= 0.5 with no error.
- `model`: the fine-tuned classifier with the manifest's validation-chosen thresholds.
- `combined_gate`: `qualitygate.pipeline.gate.decide` as served (w x rule score + (1 - w) x model
  probability against the manifest threshold, w = the manifest's per-dimension `rule_weights`;
  any rule error fails the dimension).

{comparison_table(result.systems)}
Charts: `pr_curves.png` (flag-class precision-recall, all systems), `calibration.png`
(P(pass) reliability of the model and the combined gate).
"""
    if result.amazon:
        text += f"""
## Domain shift: held-out Amazon file (evaluation only)

The same generator (weak labels + defect injection, same seed) applied to the PromptCloud Amazon
2020 sample: {result.amazon_size} descriptions. Nothing was trained or tuned on these. The labels
share the Flipkart set's construction, so this measures shift in texts, attributes and categories
(71% toys, logistics-only attributes), not shift in how people judge quality.

{comparison_table(result.amazon)}"""
    return text
