"""What the pipeline needs of a served model, as types: `ml.Predictor` is the one implementation.

The scorer and its cache are typed against these protocols, so `mypy --strict` checks the hot path
without importing torch (a rules-only process never loads it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from qualitygate.domain import Dimension, Draft
from qualitygate.ml.artifacts import Manifest


class ServedAdapter(Protocol):
    """One servable model over the shared base: the default or a brand's LoRA adapter."""

    @property
    def name(self) -> str: ...  # what a verdict records

    @property
    def thresholds(self) -> Mapping[Dimension, float]: ...

    @property
    def rule_weights(self) -> Mapping[Dimension, float]: ...

    @property
    def rule_vetoes(self) -> Mapping[Dimension, bool]: ...


class ServedModel(Protocol):
    """A loaded classifier: the default adapter, brand adapters, and P(meets the standard)."""

    @property
    def version(self) -> str: ...

    @property
    def default(self) -> ServedAdapter: ...

    @property
    def thresholds(self) -> Mapping[Dimension, float]: ...

    def adapter_for(self, brand: str) -> ServedAdapter: ...

    def predict(self, drafts: Sequence[Draft]) -> list[dict[Dimension, float]]: ...

    def can_share_base(self, manifest: Manifest) -> bool: ...

    def set_default(self, model_dir: str | Path, name: str | None = None) -> ServedAdapter: ...

    def add_adapter(
        self, model_dir: str | Path, name: str | None = None, brand: str | None = None
    ) -> ServedAdapter: ...

    def remove_adapter(self, brand: str) -> None: ...
