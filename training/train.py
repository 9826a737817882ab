"""Fine-tune the multi-label classifier: full fine-tuning or LoRA adapters (peft).

Reads top to bottom like transformers' run_glue_no_trainer: seed, load and split data, build the
model with `label2id` in its config, tokenize with `map(batched=True)`, length-bucketed batches,
AdamW without decay on bias/LayerNorm, linear schedule, evaluate under `no_grad` each epoch,
early-stop on validation macro-F1, choose thresholds on validation, save the artifact.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from qualitygate.domain import DIMENSIONS, CheckResult, Dimension
from qualitygate.ml.artifacts import resolve_base
from qualitygate.ml.features import pair_text
from training.config import TrainConfig
from training.labels import LabelledDraft, read_label_file
from training.metrics import all_metrics, choose_threshold
from training.splits import assign_splits
from training.thresholds import GateChoice

logger = logging.getLogger(__name__)
LABELS: list[str] = list(DIMENSIONS)


@dataclass(slots=True)
class TrainResult:
    out_dir: Path
    version: str
    wall_time_s: float
    epochs_run: int
    best_epoch: int
    thresholds: dict[str, float]
    validation: dict[str, Any]
    test: dict[str, Any]
    sizes: dict[str, int]
    model_thresholds: dict[str, float] = field(default_factory=dict)
    rule_weights: dict[str, float] = field(default_factory=dict)
    rule_vetoes: dict[str, bool] = field(default_factory=dict)
    code_version: str = "unknown"


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def load_splits(cfg: TrainConfig) -> dict[str, list[LabelledDraft]]:
    examples = read_label_file(cfg.data)
    if cfg.brand is not None:
        examples = [ex for ex in examples if ex.draft.brand == cfg.brand]
        if not examples:
            raise ValueError(f"{cfg.data} has no rows for brand {cfg.brand!r}")
    splits = assign_splits(examples)
    if cfg.limit is not None:
        splits = {name: rows[: cfg.limit] for name, rows in splits.items()}
    for name in ("train", "validation"):
        if not splits[name]:
            raise ValueError(f"{cfg.data}: the {name} split is empty")
    return splits


def build_model(cfg: TrainConfig) -> tuple[Any, Any]:
    """Tokenizer and model from the local base (offline); LoRA wraps it with peft."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    base_dir = str(resolve_base(cfg.base_model))
    tokenizer = AutoTokenizer.from_pretrained(base_dir, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        base_dir,
        local_files_only=True,
        num_labels=len(LABELS),
        problem_type="multi_label_classification",
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    if cfg.mode == "lora":
        from peft import LoraConfig, TaskType, get_peft_model

        lora = LoraConfig(
            task_type=TaskType.SEQ_CLS,
            r=cfg.lora_r,
            lora_alpha=cfg.lora_alpha,
            lora_dropout=cfg.lora_dropout,
            target_modules=list(cfg.lora_targets),
            layers_to_transform=list(cfg.lora_layers) if cfg.lora_layers is not None else None,
            # The pooler is trained too: the base was trained for mean pooling, so its
            # [CLS] pooler was never tuned for classification.
            modules_to_save=["classifier", "pooler"],
        )
        model = get_peft_model(model, lora)
        if cfg.init_from is not None:
            warm_start(model, cfg)
    return tokenizer, model


def warm_start(model: Any, cfg: TrainConfig) -> None:
    """Load another LoRA model's adapter, pooler and head as the starting point (`init_from`)."""
    import json

    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    from qualitygate.ml.artifacts import read_manifest

    source = Path(str(cfg.init_from))
    manifest = read_manifest(source)
    if manifest.mode != "lora" or manifest.base_model != cfg.base_model:
        raise ValueError(
            f"--init-from {source}: a {manifest.mode} model over {manifest.base_model!r}; "
            f"need a LoRA model over {cfg.base_model!r}"
        )
    config = json.loads((source / "adapter_config.json").read_text(encoding="utf-8"))
    if config.get("r") != cfg.lora_r or set(config.get("target_modules") or ()) != set(
        cfg.lora_targets
    ):
        raise ValueError(
            f"--init-from {source}: LoRA r={config.get('r')} on {config.get('target_modules')}, "
            f"this run r={cfg.lora_r} on {list(cfg.lora_targets)}"
        )
    weights = load_file(str(source / "adapter_model.safetensors"))
    loaded: Any = set_peft_model_state_dict(model, weights)
    if loaded.unexpected_keys:
        raise ValueError(f"--init-from {source}: weights this run has no place for")


def tokenize(tokenizer: Any, examples: Sequence[LabelledDraft], max_length: int) -> Any:
    """A `datasets.Dataset` of input ids, float label vectors and lengths (for bucketing)."""
    import datasets

    datasets.disable_progress_bars()
    pairs = [pair_text(ex.draft) for ex in examples]
    table = datasets.Dataset.from_dict(
        {
            "first": [a for a, _ in pairs],
            "second": [t for _, t in pairs],
            "labels": [[float(ex.labels[d]) for d in DIMENSIONS] for ex in examples],
        }
    )

    def encode(batch: dict[str, list[Any]]) -> Any:
        enc = tokenizer(
            batch["first"], batch["second"], truncation="longest_first", max_length=max_length
        )
        enc["length"] = [len(ids) for ids in enc["input_ids"]]
        return enc

    return table.map(encode, batched=True, remove_columns=["first", "second"])


def bucketed_batches(
    lengths: Sequence[int], batch_size: int, rng: random.Random, shuffle: bool = True
) -> list[list[int]]:
    """Batches of similar length (less padding); order of batches shuffled for training."""
    order = list(range(len(lengths)))
    if shuffle:
        rng.shuffle(order)
    chunk = batch_size * 50
    batches: list[list[int]] = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        batches.extend(part[i : i + batch_size] for i in range(0, len(part), batch_size))
    if shuffle:
        rng.shuffle(batches)
    return batches


def make_optimizer(model: Any, cfg: TrainConfig, total_steps: int) -> tuple[Any, Any]:
    from transformers import get_linear_schedule_with_warmup

    no_decay = ("bias", "LayerNorm.weight")
    params = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    groups = [
        {
            "params": [p for n, p in params if not any(nd in n for nd in no_decay)],
            "weight_decay": cfg.weight_decay,
        },
        {"params": [p for n, p in params if any(nd in n for nd in no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=cfg.lr)
    scheduler = get_linear_schedule_with_warmup(  # type: ignore[no-untyped-call]
        optimizer, int(cfg.warmup_ratio * total_steps), total_steps
    )
    return optimizer, scheduler


def iterate(data: Any, collator: Any, batches: list[list[int]]) -> Iterator[dict[str, Any]]:
    names = ("input_ids", "token_type_ids", "attention_mask", "labels")
    columns = [c for c in names if c in data.column_names]
    for idx in batches:
        rows = data[idx]
        yield collator([{c: rows[c][j] for c in columns} for j in range(len(idx))])


def predict_probs(model: Any, data: Any, collator: Any, batch_size: int) -> np.ndarray[Any, Any]:
    """P(meets the standard) per row and label, in the dataset's order."""
    model.eval()
    batches = bucketed_batches(data["length"], batch_size, random.Random(0), shuffle=False)
    out = np.zeros((len(data), len(LABELS)), dtype=np.float32)
    with torch.no_grad():
        for idx, batch in zip(batches, iterate(data, collator, batches), strict=True):
            batch.pop("labels", None)
            out[idx] = torch.sigmoid(model(**batch).logits).numpy()
    return out


def score(probs: np.ndarray[Any, Any], data: Any, thresholds: dict[str, float]) -> dict[str, Any]:
    y = np.asarray(data["labels"], dtype=int)
    truth = {d: y[:, i] for i, d in enumerate(LABELS)}
    passed = {d: (probs[:, i] >= thresholds[d]).astype(int) for i, d in enumerate(LABELS)}
    scores = {d: probs[:, i] for i, d in enumerate(LABELS)}
    return all_metrics(truth, passed, scores)  # type: ignore[arg-type]


def training_precision(cfg: TrainConfig) -> str:
    """`auto`: bf16 autocast where the CPU multiplies bf16 natively (as serving does), else fp32."""
    from qualitygate.ml.predictor import native_bf16

    if cfg.precision != "auto":
        return cfg.precision
    return "bf16" if native_bf16() else "fp32"


def fit(cfg: TrainConfig, model: Any, train: Any, val: Any, collator: Any) -> tuple[int, int]:
    """The epoch loop with early stopping; leaves the best epoch's weights in `model`."""
    from tqdm.auto import tqdm

    rng = random.Random(cfg.seed)
    steps_per_epoch = -(-len(train) // cfg.batch_size)
    total = cfg.max_steps or steps_per_epoch * cfg.epochs
    optimizer, scheduler = make_optimizer(model, cfg, total)
    half = dict.fromkeys(LABELS, 0.5)
    use_bf16 = training_precision(cfg) == "bf16"
    best_f1, best_epoch, best_state, step, epoch = -1.0, 0, None, 0, 0
    started = time.perf_counter()
    bar = tqdm(total=total, desc=f"train ({cfg.mode})", unit="step", disable=not cfg.progress)
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        batches = bucketed_batches(train["length"], cfg.batch_size, rng)
        for batch in iterate(train, collator, batches):
            # bf16 autocast runs the matmuls in bf16 (AMX) and keeps fp32 master weights.
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=use_bf16):
                loss = model(**batch).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            bar.update(1)
            bar.set_postfix(epoch=epoch, loss=f"{loss.item():.4f}")
            if step >= total:
                break
        f1 = score(predict_probs(model, val, collator, cfg.eval_batch_size), val, half)["macro_f1"]
        logger.info("epoch %d: validation macro-F1 %.4f", epoch, f1)
        bar.write(f"epoch {epoch}: validation macro-F1 (t=0.5) {f1:.4f}")
        if f1 > best_f1:
            best_f1, best_epoch = f1, epoch
            best_state = {
                n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad
            }
        elif epoch - best_epoch >= cfg.patience or step >= total:
            break
        if step >= total:
            break
        if cfg.time_budget_s is not None and time.perf_counter() - started > cfg.time_budget_s:
            bar.write(f"time budget of {cfg.time_budget_s:.0f} s spent after epoch {epoch}")
            break
    bar.close()
    if best_state is not None:
        model.load_state_dict(best_state, strict=False)
    return epoch, best_epoch


def per_row(probs: np.ndarray[Any, Any]) -> list[dict[Dimension, float]]:
    return [{d: float(probs[j, i]) for i, d in enumerate(DIMENSIONS)} for j in range(len(probs))]


def tune_gate(
    rows: Sequence[LabelledDraft],
    probs: np.ndarray[Any, Any],
    rules: Sequence[Mapping[Dimension, CheckResult]],
) -> GateChoice:
    """Rule weights, thresholds and vetoes of the gate (see training/thresholds.py)."""
    from training.baselines import labels_of
    from training.thresholds import gate_policy

    return gate_policy(labels_of(rows), rules, per_row(probs))


def save_reference(
    cfg: TrainConfig,
    rows: Sequence[LabelledDraft],
    probs: np.ndarray[Any, Any],
    rules: Sequence[Mapping[Dimension, CheckResult]],
) -> None:
    """reference.json beside the manifest: what "normal" looked like on validation."""
    from qualitygate.ml.artifacts import read_manifest
    from training.package import file_sha256
    from training.reference import reference_for

    source = {"data": str(cfg.data), "sha256": file_sha256(cfg.data), "split": "validation"}
    drafts = [r.draft for r in rows]
    reference_for(drafts, rules, per_row(probs), read_manifest(Path(cfg.out)), source).save(
        Path(cfg.out)
    )


def train(cfg: TrainConfig) -> TrainResult:
    """One complete run: data -> fine-tuned model -> thresholds -> artifact in cfg.out."""
    from transformers import DataCollatorWithPadding

    from training.baselines import rule_results
    from training.package import code_version, save_artifact

    started = time.perf_counter()
    code = code_version()  # at the start: the code that trains, not what is there at the end
    torch.set_num_threads(cfg.num_threads)
    cfg.precision = training_precision(cfg)  # the manifest records what ran, not "auto"
    set_seed(cfg.seed)
    splits = load_splits(cfg)
    tokenizer, model = build_model(cfg)
    data = {name: tokenize(tokenizer, rows, cfg.max_length) for name, rows in splits.items()}
    collator = DataCollatorWithPadding(tokenizer)
    epochs_run, best_epoch = fit(cfg, model, data["train"], data["validation"], collator)
    val_probs = predict_probs(model, data["validation"], collator, cfg.eval_batch_size)
    y_val = np.asarray(data["validation"]["labels"], dtype=int)
    model_thr = {d: choose_threshold(y_val[:, i], val_probs[:, i]) for i, d in enumerate(LABELS)}
    validation = score(val_probs, data["validation"], model_thr)
    test: dict[str, Any] = {}
    if len(data["test"]):
        test_probs = predict_probs(model, data["test"], collator, cfg.eval_batch_size)
        test = score(test_probs, data["test"], model_thr)
    gate_thr, rule_weights, rule_vetoes = model_thr, dict[str, float](), dict[str, bool]()
    val_rules = rule_results([r.draft for r in splits["validation"]])
    if cfg.gate_thresholds:
        rule_weights, gate_thr, rule_vetoes = tune_gate(splits["validation"], val_probs, val_rules)
    wall = time.perf_counter() - started
    sizes = {name: len(rows) for name, rows in splits.items()}
    result = TrainResult(
        Path(cfg.out),
        "",
        wall,
        epochs_run,
        best_epoch,
        gate_thr,
        validation,
        test,
        sizes,
        model_thresholds=model_thr,
        rule_weights=rule_weights,
        rule_vetoes=rule_vetoes,
        code_version=code,
    )
    result.version = save_artifact(cfg, model, tokenizer, result)
    save_reference(cfg, splits["validation"], val_probs, val_rules)
    return result
