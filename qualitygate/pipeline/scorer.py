"""The scoring pipeline shared by the worker and `qualitygate score`: checks + model -> gate.

A `Scorer` is built once per process (it holds spaCy and the model) and scores drafts in batches.
Each draft is scored by its brand's LoRA adapter where one is loaded, else by the default model;
its verdict records that model's version and uses that model's thresholds.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from qualitygate.domain import Dimension, Draft
from qualitygate.ml.protocol import ServedModel
from qualitygate.pipeline.explain import explain
from qualitygate.pipeline.gate import (
    RULES_ONLY,
    GatePolicy,
    GateVerdict,
    decide,
    resolve_thresholds,
)
from qualitygate.settings import Settings

if TYPE_CHECKING:
    from qualitygate.checks import RuleEngine

log = logging.getLogger(__name__)


class Scorer:
    def __init__(
        self,
        rules: RuleEngine,
        predictor: ServedModel | None = None,
        policy: GatePolicy | None = None,
        model_name: str | None = None,
    ) -> None:
        self.rules = rules
        self.predictor = predictor
        self.policy = policy or GatePolicy()
        self._model_name = model_name

    @property
    def model_version(self) -> str:
        """The default model: its registry name if it came from the registry, else its version."""
        if self.predictor is None:
            return RULES_ONLY
        return self._model_name or self.predictor.version

    def model_for(self, brand: str) -> tuple[str, Mapping[Dimension, float] | None]:
        """(version recorded on the verdict, model thresholds) for a brand's drafts.

        A brand with its own adapter gets the adapter's name and thresholds, others the default's.
        """
        if self.predictor is None:
            return RULES_ONLY, None
        adapter = self.predictor.adapter_for(brand)
        if adapter is self.predictor.default:
            return self.model_version, self.predictor.thresholds
        return adapter.name, adapter.thresholds

    def policy_for(
        self, brand: str
    ) -> tuple[Mapping[Dimension, float] | None, Mapping[Dimension, bool] | None]:
        """(rule weights, rule vetoes) from the manifest of the model scoring `brand`."""
        if self.predictor is None:
            return None, None
        adapter = self.predictor.adapter_for(brand)
        return adapter.rule_weights, adapter.rule_vetoes

    @classmethod
    def from_settings(cls, settings: Settings) -> Scorer:
        """Load the rule engine and, when enabled and present, the model (once per process)."""
        # Imported here, not at module level: the API processes never score and need no spaCy.
        from qualitygate.checks import RuleEngine

        rules = RuleEngine(config_dir=settings.config_dir)
        predictor = None
        if settings.model_enabled:
            predictor = load_model(
                settings.model_dir,
                settings.inference_precision,
                pad_to_multiple_of=settings.inference_pad_to_multiple_of,
            )
        return cls(rules, predictor)

    def score_many(self, drafts: Sequence[Draft]) -> list[GateVerdict]:
        if not drafts:
            return []
        rule_results = self.rules.check_many(drafts)
        # The predictor groups the drafts by brand adapter itself (one weight switch per adapter).
        probs = self.predictor.predict(drafts) if self.predictor is not None else None
        verdicts: list[GateVerdict] = []
        for i, draft in enumerate(drafts):
            version, model_thresholds = self.model_for(draft.brand)
            brand_thresholds = self.rules.guidelines(draft.brand).thresholds
            thresholds = resolve_thresholds(model_thresholds, brand_thresholds)
            weights, vetoes = self.policy_for(draft.brand)
            verdicts.append(
                decide(
                    rule_results[i],
                    None if probs is None else probs[i],
                    thresholds,
                    model_version=version,
                    policy=self.policy,
                    rule_weights=weights,
                    rule_vetoes=vetoes,
                )
            )
        # A dimension failed by the model alone gets the sentence that drives its score, or
        # goes to a reviewer: never a bare "fails" (pipeline/explain.py).
        predict = self.predictor.predict if self.predictor is not None else None
        return explain(verdicts, drafts, predict)


def load_model(
    model_dir: Path,
    precision: Literal["auto", "bf16", "fp32"] = "auto",
    name: str | None = None,
    pad_to_multiple_of: int | None = None,
) -> ServedModel | None:
    """Load the classifier at `model_dir`, or None (rules only) when no model is there.

    The one loader of a served model: the worker's cache, `qualitygate score`, the benchmarks and
    the tests call it (`ml.load_predictor` is what it calls once it has found a manifest).

    `pad_to_multiple_of` None: the predictor's default (QG_INFERENCE_PAD_TO_MULTIPLE_OF's).
    """
    if not (model_dir / "manifest.json").is_file():
        log.warning("no model at %s: scoring with rules only", model_dir)
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qualitygate.ml import load_predictor  # heavy import: torch + transformers

    if pad_to_multiple_of is None:
        return load_predictor(model_dir, precision=precision, name=name)
    return load_predictor(
        model_dir, precision=precision, name=name, pad_to_multiple_of=pad_to_multiple_of
    )
