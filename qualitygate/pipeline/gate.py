"""The gate: drafts -> verdicts. The checks and the model score a batch (`Scorer`), the policy
decides each dimension (`decide`), and a fail the rules do not explain gets the passage that
drives it (`explain`). Plain Python: no database, no settings, no framework.

## The policy
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

## No unexplained flag
The rules explain their own fails with findings. A dimension can also fail on the model's score
alone, with no warning or error finding; the writer would then be told "fails" and nothing to
fix. For those, `explain` scores the text again with each passage left out (occlusion, a
model-agnostic attribution): the passage whose removal raises the dimension's probability the
most is the one that drives the fail, and it becomes a located finding worded for a writer.
Passages are sentences (crawl text without full stops is cut into ~25-word pieces) and pairs of
adjacent sentences, so a passage pasted twice or a spec table spread over two can be pointed at.

Where no passage moves the probability by at least `MIN_EFFECT`, the gate cannot point at
anything. That dimension is then not sent back to the writer: it is marked passed with an `info`
finding saying a reviewer decides, and the verdict is low-confidence so reviewers see it first.
A verdict whose only fails were of that kind therefore passes to the reviewers' queue.

## The scorer
A `Scorer` holds the rule engine (spaCy) and the served model and scores drafts in batches. Each
draft is scored by its brand's LoRA adapter where one is loaded, else by the default model; its
verdict records that model's version and uses that model's thresholds. Which scorer a process
serves, and loading it, is pipeline/verdicts.py's business.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from qualitygate.domain import DIMENSIONS, CheckResult, Dimension, Draft, Finding
from qualitygate.ml.protocol import ServedModel
from qualitygate.sentences import sentence_spans

if TYPE_CHECKING:
    from qualitygate.checks import RuleEngine

log = logging.getLogger(__name__)

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


# ---- explanations: the passage behind a fail the rules do not explain ----------------------

Predict = Callable[[Sequence[Draft]], Sequence[Mapping[Dimension, float]]]

# A passage must raise P(meets) by this much when left out to be named as the cause.
MIN_EFFECT = 0.03
# Among passages, the shortest whose effect is at least this share of the largest is named.
SHARE_OF_BEST = 0.75
# At most this many single passages, then adjacent pairs, are left out per explained draft.
MAX_SINGLES = 8
MAX_PAIRS = 6
# The model reads 256 tokens of attributes and text: passages starting after about this many
# words of text are outside its window.
WINDOW_WORDS = 180
# A sentence longer than this is cut into pieces of CHUNK_WORDS words.
LONG_SENTENCE_WORDS = 40
CHUNK_WORDS = 25
_WORD = re.compile(r"\S+")

ADVICE: dict[str, tuple[str, str]] = {
    "completeness": (
        "This passage tells the shopper little about the product.",
        "Say what the product is and give its defining facts (material, size, what is included).",
    ),
    "readability": (
        "This passage is hard to read as it stands.",
        "Rewrite it as clean prose: no pasted headers, spec tables, run-ons or repeats.",
    ),
    "accuracy": (
        "This passage may contradict the product's own data.",
        "Check every fact in it against the product's attributes and title.",
    ),
    "brand_voice": (
        "This passage's tone is off-brand.",
        "Drop superlatives, guarantees, slang and capitals; keep it friendly and plain.",
    ),
    "seo": (
        "This passage crowds out what shoppers search for.",
        "Name the product type early and do not repeat the title or keywords as filler.",
    ),
}
HELD_FOR_REVIEW = "model_held_for_review"
MODEL_SENTENCE = "model_sentence"


def passages(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(single passages, adjacent pairs) to leave out: sentences, long ones in ~25-word pieces;
    at most MAX_SINGLES singles and MAX_PAIRS pairs."""
    pieces: list[tuple[int, int]] = []
    for a, b in sentence_spans(text):
        if len(_WORD.findall(text, 0, a)) > WINDOW_WORDS:
            break  # past what the model reads: leaving it out cannot change its score
        words = list(_WORD.finditer(text, a, b))
        if len(words) <= LONG_SENTENCE_WORDS:
            pieces.append((a, b))
            continue
        for k in range(0, len(words), CHUNK_WORDS):
            chunk = words[k : k + CHUNK_WORDS]
            pieces.append((chunk[0].start(), chunk[-1].end()))
    pieces = pieces[:MAX_SINGLES]
    pairs = [(x[0], y[1]) for x, y in zip(pieces, pieces[1:], strict=False)]
    return pieces, pairs[:MAX_PAIRS]


def unexplained(verdict: GateVerdict) -> list[Dimension]:
    """Failing dimensions with no warning or error finding to show the writer."""
    return [
        dim
        for dim, d in verdict.dimensions.items()
        if not d.passed and not any(f.severity in ("error", "warning") for f in d.findings)
    ]


def explain(
    verdicts: Sequence[GateVerdict], drafts: Sequence[Draft], predict: Predict | None
) -> list[GateVerdict]:
    """Verdicts where every failing dimension carries a located finding or awaits a reviewer.

    Two rounds of extra inference, both batched over all drafts: single passages first, then
    adjacent pairs only for the drafts that no single passage explains.
    """
    todo = [i for i, v in enumerate(verdicts) if unexplained(v)]
    if not todo:
        return list(verdicts)
    spans = {i: passages(drafts[i].text) for i in todo}
    occluded = _occlude(drafts, {i: spans[i][0] for i in todo}, predict)
    out = list(verdicts)
    for i in todo:
        out[i] = _explained(verdicts[i], occluded[i], final=False)
    again = [i for i in todo if unexplained(out[i])]
    more = _occlude(drafts, {i: spans[i][1] for i in again}, predict)
    for i in again:
        out[i] = _explained(verdicts[i], occluded[i] + more[i], final=True)
    return out


def _occlude(
    drafts: Sequence[Draft], spans: dict[int, list[tuple[int, int]]], predict: Predict | None
) -> dict[int, list[tuple[tuple[int, int], Mapping[Dimension, float]]]]:
    """Per draft, each span with the model's probabilities for the text without it."""
    out: dict[int, list[tuple[tuple[int, int], Mapping[Dimension, float]]]] = {i: [] for i in spans}
    if predict is None:
        return out
    variants: list[Draft] = []
    owners: list[tuple[int, tuple[int, int]]] = []
    for i, pieces in spans.items():
        for a, b in pieces:
            text = drafts[i].text
            variants.append(replace(drafts[i], text=(text[:a] + text[b:]).strip()))
            owners.append((i, (a, b)))
    probs = list(predict(variants)) if variants else []
    for (i, span), p in zip(owners, probs, strict=True):
        out[i].append((span, p))
    return out


def _explained(
    verdict: GateVerdict,
    occluded: list[tuple[tuple[int, int], Mapping[Dimension, float]]],
    *,
    final: bool,
) -> GateVerdict:
    """Name the driving passage of each unexplained fail; when `final`, hold the rest."""
    dims = dict(verdict.dimensions)
    held = False
    for dim in unexplained(verdict):
        d = dims[dim]
        best = None
        if d.model_score is not None and occluded:
            top = max(p[dim] for _, p in occluded) - d.model_score
            if top >= MIN_EFFECT:
                # The shortest passage that carries most of the effect points most precisely.
                near = [
                    (b - a, (a, b), p[dim])
                    for (a, b), p in occluded
                    if p[dim] - d.model_score >= SHARE_OF_BEST * top
                ]
                _, span, without = min(near)
                best = (span, without)
        if best is not None:
            (a, b), without = best
            message, suggestion = ADVICE[dim]
            finding = Finding(
                dim,
                MODEL_SENTENCE,
                "warning",
                f"{message} Without it the {dim.replace('_', ' ')} score rises from "
                f"{d.model_score:.0%} to {without:.0%}.",
                span=(a, b),
                suggestion=suggestion,
            )
            dims[dim] = replace(d, findings=(*d.findings, finding))
        elif final:
            held = True
            dims[dim] = _held(d)
    status: Literal["pass", "flag"] = "pass" if all(v.passed for v in dims.values()) else "flag"
    return replace(
        verdict, status=status, dimensions=dims, low_confidence=verdict.low_confidence or held
    )


def _held(d: DimensionVerdict) -> DimensionVerdict:
    finding = Finding(
        d.dimension,
        HELD_FOR_REVIEW,
        "info",
        f"The model scores {d.dimension.replace('_', ' ')} below the bar but cannot point at a "
        "passage, so a reviewer decides instead of sending it back.",
    )
    return replace(d, passed=True, findings=(*d.findings, finding))


# ---- the scorer: checks + model -> decide -> explain, for a batch of drafts -----------------


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
        # goes to a reviewer: never a bare "fails" (`explain` above).
        predict = self.predictor.predict if self.predictor is not None else None
        return explain(verdicts, drafts, predict)
