"""The scoring pipeline shared by the worker and `qualitygate score`: checks + model -> gate.

A `Scorer` is built once per process (it holds spaCy and the model) and scores drafts in batches.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualitygate.domain import Draft
from qualitygate.gate import GatePolicy, GateVerdict, decide, resolve_thresholds
from qualitygate.settings import Settings

if TYPE_CHECKING:
    from qualitygate.checks import RuleEngine

log = logging.getLogger(__name__)


class Scorer:
    def __init__(
        self,
        rules: RuleEngine,
        predictor: Any | None = None,
        policy: GatePolicy | None = None,
        model_name: str | None = None,
    ) -> None:
        self.rules = rules
        self.predictor = predictor
        self.policy = policy or GatePolicy()
        self._model_name = model_name

    @property
    def model_version(self) -> str:
        """The registry name if the model came from the registry, else the manifest's version."""
        if self.predictor is None:
            return "rules-only"
        return self._model_name or str(self.predictor.version)

    @classmethod
    def from_settings(cls, settings: Settings) -> Scorer:
        """Load the rule engine and, when enabled and present, the model (once per process)."""
        # Imported here, not at module level: the API processes never score and need no spaCy.
        from qualitygate.checks import RuleEngine

        rules = RuleEngine(config_dir=settings.config_dir)
        predictor = None
        if settings.model_enabled:
            predictor = load_model(settings.model_dir, settings.inference_precision)
        return cls(rules, predictor)

    def score_many(self, drafts: Sequence[Draft]) -> list[GateVerdict]:
        if not drafts:
            return []
        rule_results = self.rules.check_many(drafts)
        probs = self.predictor.predict(drafts) if self.predictor is not None else None
        manifest_thresholds = self.predictor.thresholds if self.predictor is not None else None
        verdicts = []
        for i, draft in enumerate(drafts):
            brand_thresholds = self.rules.guidelines(draft.brand).thresholds
            thresholds = resolve_thresholds(manifest_thresholds, brand_thresholds)
            verdicts.append(
                decide(
                    rule_results[i],
                    None if probs is None else probs[i],
                    thresholds,
                    model_version=self.model_version,
                    policy=self.policy,
                )
            )
        return verdicts


def load_model(model_dir: Path, precision: str = "auto") -> Any | None:
    """Load the classifier at `model_dir`, or None (rules only) when no model is there."""
    if not (model_dir / "manifest.json").is_file():
        log.warning("no model at %s: scoring with rules only", model_dir)
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qualitygate.ml import load_predictor  # heavy import: torch + transformers

    return load_predictor(model_dir, precision=precision)  # type: ignore[arg-type]
