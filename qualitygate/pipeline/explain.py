"""No unexplained flag: every failing dimension tells the writer what to fix and where.

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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Literal

from qualitygate.domain import Dimension, Draft, Finding
from qualitygate.pipeline.gate import DimensionVerdict, GateVerdict
from qualitygate.sentences import sentence_spans

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
