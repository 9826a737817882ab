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
from qualitygate.gate import DimensionVerdict, GateVerdict

Predict = Callable[[Sequence[Draft]], Sequence[Mapping[Dimension, float]]]

# A passage must raise P(meets) by this much when left out to be named as the cause.
MIN_EFFECT = 0.03
# Among passages, the shortest whose effect is at least this share of the largest is named.
SHARE_OF_BEST = 0.75
# At most this many texts with a passage left out are scored per explained draft.
MAX_VARIANTS = 16
# A sentence longer than this is cut into pieces of CHUNK_WORDS words.
LONG_SENTENCE_WORDS = 40
CHUNK_WORDS = 25
_WORD = re.compile(r"\S+")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")

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


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence-like piece of `text`, trailing spaces excluded."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def passages(text: str) -> list[tuple[int, int]]:
    """Spans to leave out, most specific first: sentences (long ones in ~25-word pieces), then
    adjacent pairs; at most MAX_VARIANTS."""
    pieces: list[tuple[int, int]] = []
    for a, b in sentence_spans(text):
        words = list(_WORD.finditer(text, a, b))
        if len(words) <= LONG_SENTENCE_WORDS:
            pieces.append((a, b))
            continue
        for i in range(0, len(words), CHUNK_WORDS):
            chunk = words[i : i + CHUNK_WORDS]
            pieces.append((chunk[0].start(), chunk[-1].end()))
    pairs = [(x[0], y[1]) for x, y in zip(pieces, pieces[1:], strict=False)]
    return (pieces + pairs)[:MAX_VARIANTS]


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
    """Verdicts where every failing dimension carries a located finding or awaits a reviewer."""
    todo = [i for i, v in enumerate(verdicts) if unexplained(v)]
    if not todo:
        return list(verdicts)
    pieces = {i: passages(drafts[i].text) for i in todo}
    variants: list[Draft] = []
    owners: list[tuple[int, tuple[int, int]]] = []
    if predict is not None:
        for i in todo:
            for a, b in pieces[i]:
                text = drafts[i].text
                variants.append(replace(drafts[i], text=(text[:a] + text[b:]).strip()))
                owners.append((i, (a, b)))
    probs = list(predict(variants)) if predict is not None and variants else []
    out = list(verdicts)
    for i in todo:
        occluded = [(span, p) for (owner, span), p in zip(owners, probs, strict=True) if owner == i]
        out[i] = _explained(verdicts[i], occluded)
    return out


def _explained(
    verdict: GateVerdict, occluded: list[tuple[tuple[int, int], Mapping[Dimension, float]]]
) -> GateVerdict:
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
        else:
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
