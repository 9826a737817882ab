"""The classifier as the worker serves it.

CONTRACT (the gate and the worker rely on it):

    predictor = load_predictor(model_dir)        # once per process; reads manifest.json
    predictor.version -> str                     # the default model's, recorded on verdicts
    predictor.thresholds -> Mapping[Dimension, float]   # chosen on validation (manifest)
    predictor.add_adapter(dir, name=None)        # a brand's LoRA adapter over the same base
    predictor.adapter_for(brand) -> Adapter      # .name, .thresholds: what scores that brand
    predictor.predict(drafts) -> list[dict[Dimension, float]]   # P(meets the standard)

Importing this package is cheap: torch and transformers load only when `load_predictor` runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualitygate.ml.predictor import Predictor, load_predictor

__all__ = ["Predictor", "load_predictor"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from qualitygate.ml import predictor

        return getattr(predictor, name)
    raise AttributeError(name)
