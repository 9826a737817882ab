"""The reference: what "normal" looked like for a model, stored beside its manifest.

`reference.json` holds, per signal, a binned distribution of the validation data the model was
tuned on: the gate's, the model's and the rules' score per dimension, each dimension's pass/flag
share (the flag rate), and the input descriptors (`descriptors.py`). Numeric signals keep the
cut points of their reference deciles and the count in each bin; categorical ones keep counts
per value. That is all drift needs (`drift.py`), and it stays small (a few kB).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from qualitygate.domain import DIMENSIONS
from qualitygate.monitoring.descriptors import (
    CATEGORICAL_DESCRIPTORS,
    NUMERIC_DESCRIPTORS,
    Descriptors,
)

REFERENCE = "reference.json"
FORMAT_VERSION = 1
BINS = 10
# Values rarer than this in the reference are pooled into OTHER: their shares are too noisy to
# compare, and live values the reference never saw land there too, so a new category mix shows
# as a growing OTHER.
MIN_CATEGORY_SHARE = 0.03
MIN_CATEGORY_COUNT = 5
OTHER = "(other)"
SCORE_KINDS = ("gate", "model", "rule")


def score_signal(kind: str, dim: str) -> str:
    return f"{kind}.{dim}"


def flag_signal(dim: str) -> str:
    return f"flag.{dim}"


@dataclass(slots=True)
class Sample:
    """Raw values per signal (numbers for numeric signals, strings for categorical ones)."""

    numeric: dict[str, list[float]] = field(default_factory=dict)
    categorical: dict[str, list[str]] = field(default_factory=dict)
    size: int = 0

    def add(
        self,
        descriptors: Descriptors,
        scores: Mapping[str, Mapping[str, float | None]],
        passed: Mapping[str, bool],
    ) -> None:
        """One scored draft: `scores[kind][dim]` (None where there was no model) and pass/fail."""
        self.size += 1
        d = descriptors.as_dict()
        for name in NUMERIC_DESCRIPTORS:
            self.numeric.setdefault(name, []).append(float(d[name]))
        for name in CATEGORICAL_DESCRIPTORS:
            self.categorical.setdefault(name, []).append(str(d[name]))
        for kind in SCORE_KINDS:
            for dim in DIMENSIONS:
                value = scores.get(kind, {}).get(dim)
                if value is not None:
                    self.numeric.setdefault(score_signal(kind, dim), []).append(float(value))
        for dim in DIMENSIONS:
            self.categorical.setdefault(flag_signal(dim), []).append(
                "pass" if passed[dim] else "flag"
            )


@dataclass(slots=True)
class NumericRef:
    edges: list[
        float
    ]  # interior cut points; len(edges) + 1 bins, a value v goes right of edges <= v
    counts: list[int]
    mean: float
    median: float

    def bin_counts(self, values: Sequence[float]) -> list[int]:
        return bin_counts(self.edges, values)


@dataclass(slots=True)
class CategoricalRef:
    counts: dict[str, int]

    def share(self, value: str) -> float:
        total = sum(self.counts.values())
        return self.counts.get(value, 0) / total if total else 0.0


@dataclass(slots=True)
class Reference:
    model: str
    source: dict[str, Any]
    size: int
    numeric: dict[str, NumericRef]
    categorical: dict[str, CategoricalRef]
    created_at: str = ""
    format_version: int = FORMAT_VERSION

    def flag_rates(self) -> dict[str, float]:
        return {d: self.categorical[flag_signal(d)].share("flag") for d in DIMENSIONS}

    def to_dict(self) -> dict[str, Any]:
        return {
            "format_version": self.format_version,
            "model": self.model,
            "created_at": self.created_at,
            "source": self.source,
            "size": self.size,
            "flag_rates": {d: round(v, 4) for d, v in self.flag_rates().items()},
            "numeric": {
                name: {
                    "edges": ref.edges,
                    "counts": ref.counts,
                    "mean": ref.mean,
                    "median": ref.median,
                }
                for name, ref in sorted(self.numeric.items())
            },
            "categorical": {
                name: {"counts": dict(sorted(ref.counts.items()))}
                for name, ref in sorted(self.categorical.items())
            },
        }

    def save(self, model_dir: Path) -> Path:
        path = Path(model_dir) / REFERENCE
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")
        return path


class ReferenceError(ValueError):
    """A reference file that is missing or cannot be read."""


def bin_counts(edges: Sequence[float], values: Iterable[float]) -> list[int]:
    idx = np.searchsorted(
        np.asarray(edges, dtype=float), np.asarray(list(values), dtype=float), side="right"
    )
    return [int(c) for c in np.bincount(idx, minlength=len(edges) + 1)]


def numeric_ref(values: Sequence[float]) -> NumericRef:
    arr = np.asarray(values, dtype=float)
    # Deciles as cut points; repeated values (a rule score of 1.0 for most drafts) collapse
    # into one edge, so a point mass keeps a bin of its own instead of being split.
    quantiles = np.quantile(arr, np.linspace(0, 1, BINS + 1)[1:-1]) if len(arr) else []
    edges = sorted({round(float(q), 6) for q in quantiles})
    if edges and len(arr) and edges[0] <= float(arr.min()):
        edges = edges[1:] if len(edges) > 1 else edges
    return NumericRef(
        edges=edges,
        counts=bin_counts(edges, arr),
        mean=round(float(arr.mean()), 6) if len(arr) else 0.0,
        median=round(float(np.median(arr)), 6) if len(arr) else 0.0,
    )


def categorical_ref(values: Sequence[str]) -> CategoricalRef:
    counts = Counter(values)
    least = max(MIN_CATEGORY_COUNT, MIN_CATEGORY_SHARE * len(values))
    kept = {k: c for k, c in counts.most_common() if c >= least}
    rest = len(values) - sum(kept.values())
    if rest:
        kept[OTHER] = kept.get(OTHER, 0) + rest
    return CategoricalRef(kept)


def build_reference(
    sample: Sample, model: str, source: Mapping[str, Any], created_at: str = ""
) -> Reference:
    return Reference(
        model=model,
        source=dict(source),
        size=sample.size,
        numeric={name: numeric_ref(v) for name, v in sample.numeric.items() if v},
        categorical={name: categorical_ref(v) for name, v in sample.categorical.items() if v},
        created_at=created_at,
    )


def load_reference(model_dir: Path) -> Reference:
    path = Path(model_dir) / REFERENCE
    if not path.is_file():
        raise ReferenceError(
            f"{path}: no reference; write one with `qualitygate model reference {model_dir}`"
        )
    raw = json.loads(path.read_text(encoding="utf-8"))
    if raw.get("format_version") != FORMAT_VERSION:
        raise ReferenceError(f"{path}: format_version {raw.get('format_version')!r} unsupported")
    return Reference(
        model=str(raw["model"]),
        source=dict(raw.get("source") or {}),
        size=int(raw["size"]),
        numeric={
            name: NumericRef(
                [float(e) for e in v["edges"]],
                [int(c) for c in v["counts"]],
                float(v["mean"]),
                float(v["median"]),
            )
            for name, v in raw["numeric"].items()
        },
        categorical={
            name: CategoricalRef({str(k): int(c) for k, c in v["counts"].items()})
            for name, v in raw["categorical"].items()
        },
        created_at=str(raw.get("created_at", "")),
    )
