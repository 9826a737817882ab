"""The training run's settings: one dataclass with a fixed default seed, saved in the manifest."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from qualitygate.ml.artifacts import PACKAGED_BASE, Mode

DEFAULT_LR: dict[str, float] = {"full": 5e-5, "lora": 3e-3}


@dataclass(slots=True)
class TrainConfig:
    data: str
    out: str
    mode: Mode = "lora"
    base_model: str = PACKAGED_BASE
    epochs: int = 3
    batch_size: int = 16
    eval_batch_size: int = 64
    learning_rate: float | None = None  # None: DEFAULT_LR[mode]
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    max_length: int = 256
    seed: int = 13
    patience: int = 2  # epochs without a better validation macro-F1 before stopping
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.1
    lora_targets: tuple[str, ...] = ("query", "value")
    # None = every layer. Top layers only (e.g. (3, 4, 5)) is ~1.5x faster on CPU, since the
    # backward pass stops there, but learned far slower here (test macro-F1 0.68 vs 0.76).
    lora_layers: tuple[int, ...] | None = None
    # A brand's LoRA adapter over the same base: trained on that brand's rows only, and the
    # manifest records the brand so the registry activates it for that brand alone.
    brand: str | None = None
    # Start from another LoRA model's weights (e.g. models/default) instead of a fresh adapter:
    # a brand with a few hundred labelled rows then refines the house model rather than
    # learning from nothing. Same base, rank and target modules required.
    init_from: str | None = None
    limit: int | None = None  # use only the first N training examples (smoke tests)
    max_steps: int | None = None  # stop after N optimiser steps (smoke tests)
    time_budget_s: float | None = None  # no new epoch starts after this much training time
    num_threads: int = 2
    # Forward passes under bf16 autocast ("auto": where the CPU has native bf16, see
    # qualitygate.ml.predictor.native_bf16); validation and the saved weights stay fp32.
    precision: str = "auto"
    gate_thresholds: bool = True  # also tune thresholds for the gate's combined score
    version: str | None = None
    progress: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def lr(self) -> float:
        return self.learning_rate if self.learning_rate is not None else DEFAULT_LR[self.mode]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["learning_rate"] = self.lr
        out["lora_targets"] = list(self.lora_targets)
        out["lora_layers"] = list(self.lora_layers) if self.lora_layers is not None else None
        return out
