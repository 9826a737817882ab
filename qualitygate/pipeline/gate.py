"""The decision policy: rule results (+ model probabilities) -> a pass/flag verdict.

Per dimension:
  score   = w * rule_score + (1 - w) * model_probability   (rule score alone when no model is
            loaded); w is the dimension's rule weight from the model manifest (chosen on
            validation with the thresholds), else `GatePolicy.rule_weight` (0.5)
  passed  = score >= threshold and, where the rules hold a veto on the dimension, no rule finding
            of severity "error" for it. The veto is per dimension (`rule_vetoes` in the model
            manifest, chosen on judged validation rows): a dimension where the rules agree with
            the judges keeps it, one where they fight the judges loses it, and its rule errors
            then only lower the rule score. Missing from the manifest: the rules keep the veto.
A description is flagged when any dimension fails. A dimension whose score lies within `margin` of
its threshold makes the verdict low-confidence, so reviewers see it first.
Thresholds come from the brand's guidelines when set there, else the model manifest, else 0.5.
See docs/gate.md for a worked example.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from qualitygate.domain import DIMENSIONS, CheckResult, Dimension, Finding

DEFAULT_THRESHOLD = 0.5
RULES_ONLY = "rules-only"


@dataclass(frozen=True, slots=True)
class GatePolicy:
    rule_weight: float = 0.5
    margin: float = 0.05


@dataclass(frozen=True, slots=True)
class DimensionVerdict:
    dimension: Dimension
    score: float
    passed: bool
    threshold: float
    rule_score: float
    model_score: float | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class GateVerdict:
    status: Literal["pass", "flag"]
    dimensions: Mapping[Dimension, DimensionVerdict]
    model_version: str
    low_confidence: bool

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.dimensions.values() for f in d.findings]


def resolve_thresholds(
    manifest: Mapping[Dimension, float] | None, brand: Mapping[Dimension, float] | None
) -> dict[Dimension, float]:
    """Brand file overrides the model manifest, which overrides the default."""
    out: dict[Dimension, float] = {}
    for dim in DIMENSIONS:
        value = DEFAULT_THRESHOLD
        if manifest and dim in manifest:
            value = float(manifest[dim])
        if brand and dim in brand:
            value = float(brand[dim])
        out[dim] = value
    return out


def decide(
    rules: Mapping[Dimension, CheckResult],
    model: Mapping[Dimension, float] | None,
    thresholds: Mapping[Dimension, float],
    *,
    model_version: str = RULES_ONLY,
    policy: GatePolicy | None = None,
    rule_weights: Mapping[Dimension, float] | None = None,
    rule_vetoes: Mapping[Dimension, bool] | None = None,
) -> GateVerdict:
    """Combine one draft's rule results and model probabilities into a verdict."""
    policy = policy or GatePolicy()
    weights = rule_weights or {}
    vetoes = rule_vetoes or {}
    dims: dict[Dimension, DimensionVerdict] = {}
    low_confidence = False
    for dim in DIMENSIONS:
        result = rules[dim]
        model_score = None if model is None else float(model[dim])
        if model_score is None:
            score = result.score
        else:
            w = float(weights.get(dim, policy.rule_weight))
            score = w * result.score + (1 - w) * model_score
        threshold = thresholds[dim]
        has_error = vetoes.get(dim, True) and any(f.severity == "error" for f in result.findings)
        passed = score >= threshold and not has_error
        if not has_error and abs(score - threshold) < policy.margin:
            low_confidence = True
        dims[dim] = DimensionVerdict(
            dimension=dim,
            score=min(1.0, max(0.0, score)),
            passed=passed,
            threshold=threshold,
            rule_score=result.score,
            model_score=model_score,
            findings=result.findings,
        )
    status: Literal["pass", "flag"] = "pass" if all(d.passed for d in dims.values()) else "flag"
    return GateVerdict(
        status, dims, model_version if model is not None else RULES_ONLY, low_confidence
    )
