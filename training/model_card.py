"""The model card (README.md) written beside every trained model, from its manifest."""

from __future__ import annotations

from typing import Any

from qualitygate.domain import DIMENSIONS
from qualitygate.ml.artifacts import Manifest


def metrics_table(metrics: dict[str, Any]) -> str:
    if not metrics:
        return "_not computed_\n"
    rows = [
        "| dimension | accuracy | precision | recall | F1 | ROC-AUC | flag rate (true) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for dim in DIMENSIONS:
        m = metrics["dimensions"][dim]
        rows.append(
            f"| {dim} | {m['accuracy']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | "
            f"{m['f1']:.3f} | {m['roc_auc']:.3f} | "
            f"{m['flag_rate']:.3f} ({m['true_flag_rate']:.3f}) |"
        )
    rows.append(
        f"\nmacro-F1 {metrics['macro_f1']:.3f}; lowest accuracy {metrics['min_accuracy']:.3f}"
    )
    return "\n".join(rows) + "\n"


def render_model_card(manifest: Manifest) -> str:
    cfg = manifest.training_config
    sizes = manifest.data.get("sizes", {})
    data_hash = str(manifest.data.get("sha256", ""))[:16]
    thresholds = ", ".join(f"{d} {manifest.thresholds[d]:.2f}" for d in DIMENSIONS)
    model_thr = getattr(manifest, "model_thresholds", None) or manifest.thresholds
    model_thresholds = ", ".join(f"{d} {model_thr[d]:.2f}" for d in DIMENSIONS)
    weights = manifest.dimension_rule_weights()
    rule_weights = ", ".join(f"{d} {weights.get(d, 0.5):.1f}" for d in DIMENSIONS)
    vetoes = manifest.dimension_rule_vetoes()
    no_veto = [d for d in DIMENSIONS if not vetoes.get(d, True)]
    veto_text = (
        "A rule error fails its dimension outright except on " + ", ".join(no_veto) + ", where "
        "the rules fought the judges on validation and only lower the score"
        if no_veto
        else "A rule error fails its dimension outright"
    )
    passes = int(sizes.get("train", 0) or 0) * int(cfg.get("epochs_run") or 0)
    rate = passes / manifest.train_wall_time_s if manifest.train_wall_time_s else 0.0
    speed = (
        f"{rate:.1f} training examples/s over the whole run (load, validation and saving "
        f"included), i.e. about {3600 / rate / 60:.1f} min for 1,200 examples x 3 epochs "
        "(budget 6 min; measured directly by bench/bench_training.py, see BENCHMARKS.md)"
        if rate
        else "not recorded"
    )
    how = (
        "LoRA adapter (r={lora_r}, alpha={lora_alpha}, on {targets}) + classification head, "
        "applied to the packaged base at load time".format(
            lora_r=cfg.get("lora_r"),
            lora_alpha=cfg.get("lora_alpha"),
            targets=", ".join(cfg.get("lora_targets", [])),
        )
        if manifest.mode == "lora"
        else "full fine-tune (all weights saved as model.safetensors)"
    )
    return f"""# QualityGate classifier `{manifest.version}`

Five-way multi-label classifier: for a product description and its product's attributes, the
probability that the description **meets the standard** on completeness, readability, accuracy,
brand voice and SEO. Served by `qualitygate.ml.load_predictor(<this dir>)`.

- **Base model**: `{manifest.base_model}` (sentence-transformers/all-MiniLM-L6-v2: 6 layers,
  hidden 384, Apache-2.0), loaded offline.
- **Weights**: {how}.
- **Input**: `[CLS] attributes [SEP] description [SEP]`, max {manifest.max_length} tokens
  (`qualitygate/ml/features.py`).
- **Training data**: `{manifest.data.get("path")}` (sha256 `{data_hash}…`),
  {sizes.get("train", "?")} train / {sizes.get("validation", "?")} validation /
  {sizes.get("test", "?")} test descriptions, split by product. Texts derive from the PromptCloud
  "Flipkart Products" crawl (CC BY-SA 4.0); see docs/dataset.md for how they were labelled
  (`training/data/judged.jsonl`: blind human-style judgments against docs/quality-standard.md).
- **Training**: {cfg.get("epochs_run")} epoch(s) run of {cfg.get("epochs")} (best epoch
  {cfg.get("best_epoch")}), lr {cfg.get("learning_rate")}, batch {cfg.get("batch_size")},
  seed {cfg.get("seed")}; wall time **{manifest.train_wall_time_s:.0f} s** on
  {cfg.get("num_threads")} CPU threads. Code version `{manifest.code_version}`.
- **Speed**: {speed}.
- **Thresholds** ({manifest.threshold_criterion}): gate {thresholds}; model alone
  {model_thresholds}. Gate rule weights (share of the rule score in the combined score):
  {rule_weights}. A score below the threshold flags the dimension. {veto_text}.
- **Precision**: forward passes under {cfg.get("precision", "fp32")} autocast in training
  (`auto` = bf16 where the CPU multiplies bf16 natively); weights saved in fp32.

## Validation split

{metrics_table(manifest.metrics.get("validation", {}))}
## Test split (model alone)

{metrics_table(manifest.metrics.get("test", {}))}
Precision, recall and F1 are for the **flag** class (fails the standard). What "meets the
standard" means: docs/quality-standard.md. Comparisons with the baselines, the inter-judge
ceiling and the combined gate are in `judged_report.md` (judged data) or `report.md` when
`qualitygate evaluate` has been run.

## Limitations

- One shop's 2016 catalogue, mostly clothing, footwear and jewellery, plus writers' copy for the
  same products; expect lower figures on other catalogues.
- Descriptions longer than the token window are truncated from the end; defects past it are unseen.
- English only. Brand voice is the default house style, not a particular client's.
"""
