"""Serve a trained model: load once per process, batch by length, predict P(meets the standard).

One base model per process; the default model and each brand's LoRA adapter are switched into its
weights between batches (`qualitygate.ml.adapters`). `predict` groups drafts by the adapter that
serves their brand, so a mixed batch costs one switch per adapter, not one per draft.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import torch

from qualitygate.domain import DIMENSIONS, Dimension, Draft
from qualitygate.ml.adapters import Adapter, AdapterSwitch, read_adapter
from qualitygate.ml.artifacts import ArtifactError, Manifest, read_manifest, resolve_base
from qualitygate.ml.features import pair_text

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 32
# Batches are padded to a multiple of this many tokens. Every distinct batch shape leaves kernel
# memory behind in the bf16 CPU matmuls (oneDNN), so unpadded mixed traffic grows a worker without
# bound in practice (~1 GB); a multiple of 16 keeps the shapes few and is no slower (BENCHMARKS.md,
# "Memory"). 1 pads only to the batch's longest text.
DEFAULT_PAD_TO_MULTIPLE_OF = 16
# oneDNN keeps up to ONEDNN_PRIMITIVE_CACHE_CAPACITY (default 1024) compiled primitives, several MB
# each for the bf16 (AMX) matmuls: with padded shapes, 8 holds one forward pass's few shapes and
# bounds a worker's memory at no measured cost in speed (BENCHMARKS.md, "Memory"). The variable
# is oneDNN's own: set it in the environment to override. Read at oneDNN's first use in a process.
ONEDNN_CACHE_CAPACITY = "8"
# One forward pass holds at most this many attention scores per head (rows x width x width): a
# batch of long texts runs in row slices of equal shape. CPU SDPA materialises the scores here
# (fp32, with the padding mask), so they are a worker's memory peak: a pass of 16 x 256 tokens
# peaked ~50 MB above 8 x 256 (BENCHMARKS.md, "Memory"). Short texts keep their whole batch.
MAX_ATTENTION_SCORES = 8 * 256 * 256
Precision = Literal["fp32", "bf16"]


def load_network(
    model_dir: Path, manifest: Manifest, name: str | None = None
) -> tuple[Any, Any, Adapter]:
    """Build (tokenizer, model, adapter) from a model directory.

    Full weights: the model as saved and an empty adapter. LoRA: the base named in the manifest,
    sized for the manifest's labels, and the adapter read from the directory (not yet applied).
    """
    # Nothing may reach a model hub at run time; the base ships inside a Python package.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    labels = list(manifest.labels)
    label_kwargs: dict[str, Any] = {
        "num_labels": len(labels),
        "problem_type": "multi_label_classification",
        "id2label": dict(enumerate(labels)),
        "label2id": manifest.label2id,
    }
    if manifest.mode == "full":
        weights_dir = model_dir
        tokenizer_dir = (
            model_dir if manifest.tokenizer == "self" else resolve_base(manifest.base_model)
        )
        adapter = Adapter(name or manifest.version, manifest)
    else:
        # adapter_config.json records an absolute base path; we load the base ourselves instead.
        weights_dir = tokenizer_dir = resolve_base(manifest.base_model)
        adapter = read_adapter(model_dir, manifest, name)
    model = AutoModelForSequenceClassification.from_pretrained(
        str(weights_dir), local_files_only=True, **label_kwargs
    )
    tokenizer = AutoTokenizer.from_pretrained(str(tokenizer_dir), local_files_only=True)
    model.eval()
    model.requires_grad_(False)
    return tokenizer, model, adapter


class Predictor:
    """A loaded classifier. `predict` returns one {dimension: P(meets the standard)} per draft.

    `version`, `thresholds` and `manifest` describe the default model; `adapter_for(brand)` says
    which model scores a brand (its own adapter, else the default).
    """

    def __init__(
        self,
        tokenizer: Any,
        model: Any,
        default: Adapter,
        batch_size: int = DEFAULT_BATCH_SIZE,
        precision: Precision = "fp32",
        pad_to_multiple_of: int = DEFAULT_PAD_TO_MULTIPLE_OF,
    ) -> None:
        if pad_to_multiple_of < 1:
            raise ValueError(f"pad_to_multiple_of must be at least 1, got {pad_to_multiple_of}")
        self._tokenizer = tokenizer
        self._model = model
        self._batch_size = batch_size
        self.pad_to_multiple_of = pad_to_multiple_of
        self.precision = precision
        self._switch = AdapterSwitch(model)
        self._switch.add(default)
        self._switch.apply(default)
        self._default = default
        self._brands: dict[str, Adapter] = {}
        # Weights are rewritten between batches: one caller at a time.
        self._lock = threading.RLock()

    @property
    def version(self) -> str:
        return self._default.name

    @property
    def default(self) -> Adapter:
        return self._default

    @property
    def thresholds(self) -> Mapping[Dimension, float]:
        return self._default.manifest.dimension_thresholds()

    @property
    def model_thresholds(self) -> Mapping[Dimension, float]:
        """Thresholds for the model's probability alone (the gate uses `thresholds`)."""
        return self._default.manifest.dimension_model_thresholds()

    @property
    def manifest(self) -> Manifest:
        return self._default.manifest

    @property
    def brands(self) -> dict[str, str]:
        """Brand -> name of the adapter that serves it."""
        return {brand: a.name for brand, a in self._brands.items()}

    def adapter_for(self, brand: str) -> Adapter:
        return self._brands.get(brand, self._default)

    def _compatible(self, manifest: Manifest, what: str) -> None:
        default = self._default.manifest
        if manifest.mode != "lora" or default.mode != "lora":
            raise ArtifactError(f"{what}: brand adapters need LoRA models (default and brand)")
        if manifest.base_model != default.base_model:
            raise ArtifactError(
                f"{what}: trained over {manifest.base_model!r}, "
                f"but this process serves the base {default.base_model!r}"
            )

    def add_adapter(
        self, model_dir: str | Path, name: str | None = None, brand: str | None = None
    ) -> Adapter:
        """Load a brand's LoRA adapter over the shared base; it replaces that brand's previous one.

        The brand comes from the manifest unless given. Nothing changes if it cannot be served.
        """
        model_dir = Path(model_dir)
        manifest = read_manifest(model_dir)
        brand = brand or manifest.brand
        if not brand:
            raise ArtifactError(f"{model_dir}: no brand given and none in the manifest")
        self._compatible(manifest, str(model_dir))
        adapter = read_adapter(model_dir, manifest, name)
        with self._lock:
            self._switch.add(adapter)
            self._brands[brand] = adapter
        logger.info("brand %s: adapter %s from %s", brand, adapter.name, model_dir)
        return adapter

    def remove_adapter(self, brand: str) -> None:
        """The brand is scored by the default model again."""
        with self._lock:
            self._brands.pop(brand, None)

    def can_share_base(self, manifest: Manifest) -> bool:
        """Whether `manifest`'s model can become the default without loading another base."""
        try:
            self._compatible(manifest, manifest.version)
        except ArtifactError:
            return False
        return True

    def set_default(self, model_dir: str | Path, name: str | None = None) -> Adapter:
        """Serve another LoRA default over the same base (brand adapters stay)."""
        model_dir = Path(model_dir)
        manifest = read_manifest(model_dir)
        self._compatible(manifest, str(model_dir))
        adapter = read_adapter(model_dir, manifest, name)
        with self._lock:
            self._switch.add(adapter)
            self._default = adapter
        return adapter

    def predict(self, drafts: Sequence[Draft]) -> list[dict[Dimension, float]]:
        """Score drafts, each with its brand's adapter; order is restored after grouping/sorting."""
        results: list[dict[Dimension, float]] = [{} for _ in drafts]
        with self._lock:
            groups: dict[int, tuple[Adapter, list[int]]] = {}
            for i, draft in enumerate(drafts):
                adapter = self.adapter_for(draft.brand)
                groups.setdefault(id(adapter), (adapter, []))[1].append(i)
            # The adapter already in the weights goes first: one switch fewer.
            ordered = sorted(groups.values(), key=lambda g: g[0] is not self._switch.current)
            for adapter, idx in ordered:
                self._switch.apply(adapter)
                probs = self._predict_group([drafts[i] for i in idx], adapter)
                for i, p in zip(idx, probs, strict=True):
                    results[i] = p
        return results

    def _predict_group(
        self, drafts: Sequence[Draft], adapter: Adapter
    ) -> list[dict[Dimension, float]]:
        """Drafts of one adapter (already applied), sorted by length into batches."""
        pairs = [pair_text(d) for d in drafts]
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        columns = adapter.columns
        results: list[dict[Dimension, float]] = [{} for _ in pairs]
        for start in range(0, len(order), self._batch_size):
            idx = order[start : start + self._batch_size]
            probs = self._predict_pairs([pairs[i] for i in idx], adapter.manifest.max_length)
            for row, i in zip(probs, idx, strict=True):
                results[i] = {
                    dim: float(row[c]) for dim, c in zip(DIMENSIONS, columns, strict=True)
                }
        return results

    def _predict_pairs(
        self, pairs: Sequence[tuple[str, str]], max_length: int
    ) -> list[list[float]]:
        """Probabilities for one batch of (attributes, description) pairs, head's label order."""
        encoded = self._tokenizer(
            [a for a, _ in pairs],
            [t for _, t in pairs],
            truncation="longest_first",
            max_length=max_length,
            padding=True,
            pad_to_multiple_of=self.pad_to_multiple_of if self.pad_to_multiple_of > 1 else None,
            return_tensors="pt",
        )
        rows, width = encoded["input_ids"].shape
        step = max(1, MAX_ATTENTION_SCORES // (width * width))
        bf16 = self.precision == "bf16"
        probs: list[list[float]] = []
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            for start in range(0, rows, step):
                part = {k: v[start : start + step] for k, v in encoded.items()}
                logits = self._model(**part).logits
                probs += torch.sigmoid(logits.float()).tolist()
        return probs


def native_bf16() -> bool:
    """Whether this CPU multiplies bf16 natively (AVX512-BF16 or AMX); else bf16 only costs."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def load_predictor(
    model_dir: str | Path,
    batch_size: int = DEFAULT_BATCH_SIZE,
    precision: Precision | Literal["auto"] = "auto",
    name: str | None = None,
    pad_to_multiple_of: int = DEFAULT_PAD_TO_MULTIPLE_OF,
) -> Predictor:
    """Load a model directory once (reads manifest.json); see the package docstring.

    `name` (the registry's) is what verdicts record; default: the manifest's version.
    `auto` runs under bf16 autocast where the CPU has native bf16: measured here 130.6 desc/s,
    3.0x the naive pipeline() baseline and 2.7x batched fp32, with 99.93% of pass/fail decisions
    identical to fp32 on the test split (bench/bench_inference.py).
    """
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", ONEDNN_CACHE_CAPACITY)
    model_dir = Path(model_dir)
    manifest = read_manifest(model_dir)
    tokenizer, model, adapter = load_network(model_dir, manifest, name)
    chosen: Precision = precision if precision != "auto" else ("bf16" if native_bf16() else "fp32")
    logger.info("loaded model %s (%s, %s) from %s", adapter.name, manifest.mode, chosen, model_dir)
    return Predictor(
        tokenizer,
        model,
        adapter,
        batch_size=batch_size,
        precision=chosen,
        pad_to_multiple_of=pad_to_multiple_of,
    )
