"""Serve a trained model: load once per process, batch by length, predict P(meets the standard)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import torch

from qualitygate.domain import DIMENSIONS, Dimension, Draft
from qualitygate.ml.artifacts import Manifest, read_manifest, resolve_base
from qualitygate.ml.features import pair_text

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 32


def load_model(model_dir: Path, manifest: Manifest) -> tuple[Any, Any]:
    """Build (tokenizer, model) from a model directory: full weights, or base + LoRA adapter."""
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
        model = AutoModelForSequenceClassification.from_pretrained(
            str(model_dir), local_files_only=True, **label_kwargs
        )
        tokenizer_dir = (
            model_dir if manifest.tokenizer == "self" else resolve_base(manifest.base_model)
        )
    else:
        from peft import PeftModel

        base_dir = resolve_base(manifest.base_model)
        base = AutoModelForSequenceClassification.from_pretrained(
            str(base_dir), local_files_only=True, **label_kwargs
        )
        # adapter_config.json records an absolute base path; we load the base ourselves instead.
        model = PeftModel.from_pretrained(base, str(model_dir))
        tokenizer_dir = base_dir
    tokenizer = AutoTokenizer.from_pretrained(str(tokenizer_dir), local_files_only=True)
    model.eval()
    return tokenizer, model


class Predictor:
    """A loaded classifier. `predict` returns one {dimension: P(meets the standard)} per draft."""

    def __init__(
        self,
        tokenizer: Any,
        model: Any,
        manifest: Manifest,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        self._tokenizer = tokenizer
        self._model = model
        self._manifest = manifest
        self._batch_size = batch_size
        self._columns = [manifest.labels.index(dim) for dim in DIMENSIONS]

    @property
    def version(self) -> str:
        return self._manifest.version

    @property
    def thresholds(self) -> Mapping[Dimension, float]:
        return self._manifest.dimension_thresholds()

    @property
    def model_thresholds(self) -> Mapping[Dimension, float]:
        """Thresholds for the model's probability alone (the gate uses `thresholds`)."""
        return self._manifest.dimension_model_thresholds()

    @property
    def manifest(self) -> Manifest:
        return self._manifest

    def predict(self, drafts: Sequence[Draft]) -> list[dict[Dimension, float]]:
        """Score drafts; inputs are sorted by length for batching and the order is restored."""
        pairs = [pair_text(d) for d in drafts]
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        results: list[dict[Dimension, float]] = [{} for _ in pairs]
        with torch.inference_mode():
            for start in range(0, len(order), self._batch_size):
                idx = order[start : start + self._batch_size]
                probs = self.predict_pairs([pairs[i] for i in idx])
                for row, i in zip(probs, idx, strict=True):
                    results[i] = {
                        dim: float(row[c]) for dim, c in zip(DIMENSIONS, self._columns, strict=True)
                    }
        return results

    def predict_pairs(self, pairs: Sequence[tuple[str, str]]) -> list[list[float]]:
        """Probabilities for one batch of (attributes, description) pairs, manifest label order."""
        encoded = self._tokenizer(
            [a for a, _ in pairs],
            [t for _, t in pairs],
            truncation="longest_first",
            max_length=self._manifest.max_length,
            padding=True,
            return_tensors="pt",
        )
        with torch.inference_mode():
            logits = self._model(**encoded).logits
        probs: list[list[float]] = torch.sigmoid(logits.float()).tolist()
        return probs


def load_predictor(model_dir: str | Path, batch_size: int = DEFAULT_BATCH_SIZE) -> Predictor:
    """Load a model directory once (reads manifest.json); see the package docstring."""
    model_dir = Path(model_dir)
    manifest = read_manifest(model_dir)
    tokenizer, model = load_model(model_dir, manifest)
    logger.info("loaded model %s (%s) from %s", manifest.version, manifest.mode, model_dir)
    return Predictor(tokenizer, model, manifest, batch_size=batch_size)
