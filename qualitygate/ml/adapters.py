"""LoRA adapters over one shared base model, switched by writing weights in place.

A worker serves one base model and many adapters: the default and one per brand. Each adapter is
read from its directory into small tensors (LoRA A and B per targeted weight, plus the trained
copies of the pooler and the classification head; ~1.2 MB for r=16 on query/value). The
`AdapterSwitch` keeps a pristine copy of every base weight an adapter touches (12 matrices of
384 x 384 for query/value in six layers, ~7 MB) and switches adapter X in with

    W = W_base + scaling * B_X @ A_X         (torch.add into the parameter, no allocation)

and X's pooler and head copied over. The forward pass then runs on plain merged weights: no
adapter matmuls, so the default path keeps the speed of a merged model under bf16 autocast.

Why not peft's alternatives: `merge_and_unload` + `unmerge` adds and subtracts the same delta,
which drifts in floating point after many switches; `load_adapter`/`set_adapter` keeps the
adapters unmerged, paying their matmuls on every forward pass. Writing from the pristine copy is
exact (the same bits as peft's merge of that adapter into a freshly loaded base: W + (B @ A) * s)
and cheap (0.1-1 ms per switch here), so the predictor may switch freely between batches.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from qualitygate.domain import DIMENSIONS, Dimension
from qualitygate.ml.artifacts import ArtifactError, Manifest

ADAPTER_WEIGHTS = "adapter_model.safetensors"
ADAPTER_CONFIG = "adapter_config.json"
# peft saves keys as `base_model.model.<the base model's parameter path>`.
PEFT_PREFIX = "base_model.model."
HEAD = "classifier.weight"


@dataclass(frozen=True, slots=True)
class LoraDelta:
    """W += scaling * b @ a for one base weight."""

    a: torch.Tensor  # (r, in_features)
    b: torch.Tensor  # (out_features, r)
    scaling: float


@dataclass(slots=True, eq=False)
class Adapter:
    """One servable model over the shared base: a LoRA adapter, or (empty) the weights as loaded.

    `name` is what a verdict records: the registry name, or the manifest's version.
    """

    name: str
    manifest: Manifest
    deltas: dict[str, LoraDelta] = field(default_factory=dict)
    replaced: dict[str, torch.Tensor] = field(default_factory=dict)

    @property
    def brand(self) -> str | None:
        return self.manifest.brand

    @property
    def parameters(self) -> set[str]:
        """Base parameter names this adapter writes."""
        return set(self.deltas) | set(self.replaced)

    @property
    def thresholds(self) -> dict[Dimension, float]:
        return self.manifest.dimension_thresholds()

    @property
    def rule_weights(self) -> dict[Dimension, float]:
        """The gate's per-dimension rule weights chosen with `thresholds` (may be empty)."""
        return self.manifest.dimension_rule_weights()

    @property
    def rule_vetoes(self) -> dict[Dimension, bool]:
        """Per dimension, whether a rule error fails it outright (may be empty: all veto)."""
        return self.manifest.dimension_rule_vetoes()

    @property
    def columns(self) -> list[int]:
        """Logit column of each dimension (in DIMENSIONS order) in this adapter's head."""
        return [self.manifest.labels.index(dim) for dim in DIMENSIONS]

    @property
    def nbytes(self) -> int:
        tensors = [*self.replaced.values(), *(t for d in self.deltas.values() for t in (d.a, d.b))]
        return sum(t.numel() * t.element_size() for t in tensors)


def _scaling(config: dict[str, Any], path: Path) -> float:
    """alpha / r (alpha / sqrt(r) with rsLoRA); refuses what a plain merge cannot express."""
    if config.get("peft_type", "LORA") != "LORA":
        raise ArtifactError(f"{path}: peft_type {config.get('peft_type')!r} is not LORA")
    unsupported = {
        "use_dora": bool(config.get("use_dora")),
        "lora_bias": bool(config.get("lora_bias")),
        "bias": config.get("bias", "none") != "none",
        "fan_in_fan_out": bool(config.get("fan_in_fan_out")),
        "rank_pattern": bool(config.get("rank_pattern")),
        "alpha_pattern": bool(config.get("alpha_pattern")),
    }
    bad = sorted(k for k, v in unsupported.items() if v)
    if bad:
        raise ArtifactError(f"{path}: adapter options not supported for serving: {bad}")
    r, alpha = int(config["r"]), float(config["lora_alpha"])
    return alpha / math.sqrt(r) if config.get("use_rslora") else alpha / r


def read_adapter(model_dir: Path, manifest: Manifest, name: str | None = None) -> Adapter:
    """Read a LoRA model directory (peft's files) into an `Adapter`; its head must be saved."""
    from safetensors.torch import load_file

    model_dir = Path(model_dir)
    config_path, weights_path = model_dir / ADAPTER_CONFIG, model_dir / ADAPTER_WEIGHTS
    if not config_path.is_file() or not weights_path.is_file():
        raise ArtifactError(f"{model_dir}: no {ADAPTER_CONFIG} + {ADAPTER_WEIGHTS}")
    scaling = _scaling(json.loads(config_path.read_text(encoding="utf-8")), config_path)
    a: dict[str, torch.Tensor] = {}
    b: dict[str, torch.Tensor] = {}
    replaced: dict[str, torch.Tensor] = {}
    for key, tensor in load_file(str(weights_path)).items():
        if not key.startswith(PEFT_PREFIX):
            raise ArtifactError(f"{weights_path}: unexpected tensor {key!r}")
        path = key.removeprefix(PEFT_PREFIX)
        tensor = tensor.float()
        if path.endswith(".lora_A.weight"):
            a[path.removesuffix(".lora_A.weight") + ".weight"] = tensor
        elif path.endswith(".lora_B.weight"):
            b[path.removesuffix(".lora_B.weight") + ".weight"] = tensor
        else:
            replaced[path] = tensor
    if set(a) != set(b):
        raise ArtifactError(
            f"{weights_path}: LoRA A and B do not pair up: {sorted(set(a) ^ set(b))}"
        )
    if HEAD not in replaced:
        raise ArtifactError(
            f"{weights_path}: the classification head is not saved with the adapter"
        )
    deltas = {p: LoraDelta(a[p], b[p], scaling) for p in a}
    return Adapter(name or manifest.version, manifest, deltas, replaced)


class AdapterSwitch:
    """Writes one adapter at a time into a model's weights, always from pristine base copies."""

    def __init__(self, model: Any) -> None:
        self._params: dict[str, torch.nn.Parameter] = dict(model.named_parameters())
        self._pristine: dict[str, torch.Tensor] = {}
        self.current: Adapter | None = None

    def add(self, adapter: Adapter) -> None:
        """Check the adapter fits the model and keep pristine copies of what it will overwrite.

        A weight no adapter touched so far still holds the base value, so copying it now is safe.
        """
        for name in sorted(adapter.parameters):
            param = self._params.get(name)
            if param is None:
                raise ArtifactError(f"adapter {adapter.name}: the base has no parameter {name!r}")
            if name in adapter.deltas:
                d = adapter.deltas[name]
                shape = (d.b.shape[0], d.a.shape[1])
                if d.a.shape[0] != d.b.shape[1] or shape != tuple(param.shape):
                    raise ArtifactError(f"adapter {adapter.name}: {name} does not fit {shape}")
            elif adapter.replaced[name].shape != param.shape:
                raise ArtifactError(f"adapter {adapter.name}: {name} has the wrong shape")
        for name in adapter.parameters:
            if name not in self._pristine:
                self._pristine[name] = self._params[name].detach().clone()

    def apply(self, adapter: Adapter) -> None:
        """Make the model compute `adapter`; weights it does not touch go back to the base."""
        if adapter is self.current:
            return
        touched = adapter.parameters | (self.current.parameters if self.current else set())
        with torch.no_grad():
            for name in touched:
                param = self._params[name]
                if name in adapter.replaced:
                    param.copy_(adapter.replaced[name])
                elif name in adapter.deltas:
                    d = adapter.deltas[name]
                    # The same expression as peft's merge, so the same bits as a fresh merge.
                    torch.add(self._pristine[name], (d.b @ d.a) * d.scaling, out=param)
                else:
                    param.copy_(self._pristine[name])
        self.current = adapter

    @property
    def pristine_bytes(self) -> int:
        return sum(t.numel() * t.element_size() for t in self._pristine.values())
