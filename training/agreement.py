"""What a content lead asks of a gate, computed against human judgments.

- `kappa`: Cohen's kappa between two raters on one dimension (the gate and the judges, or two
  judges: the latter is the ceiling any model can reach on these labels);
- `acceptance`: the field case's headline. A description is *acceptable* when the judges say it
  meets the standard on all five dimensions. Of what the gate passes, how much is acceptable
  (first-pass acceptance), against the share acceptable with no gate at all; how much the gate
  filters back; and of its flags, how many were real (the description was unacceptable).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score

from qualitygate.domain import DIMENSIONS, Dimension

Array = np.ndarray[Any, Any]


def kappa(a: Sequence[int] | Array, b: Sequence[int] | Array) -> float:
    """Cohen's kappa of two 0/1 raters; NaN when it is undefined (both raters constant)."""
    a, b = np.asarray(a, dtype=int), np.asarray(b, dtype=int)
    if len(a) == 0:
        return float("nan")
    if len(set(a.tolist()) | set(b.tolist())) < 2:
        return float("nan")
    return float(cohen_kappa_score(a, b))


def acceptable(y: Mapping[Dimension, Array]) -> Array:
    """1 where the judges say a description meets the standard on every dimension."""
    stacked = np.stack([np.asarray(y[d], dtype=int) for d in DIMENSIONS])
    out: Array = np.all(stacked, axis=0).astype(int)
    return out


def acceptance(y: Mapping[Dimension, Array], passed: Mapping[Dimension, Array]) -> dict[str, Any]:
    """The headline figures for a gate whose per-dimension decisions are `passed` (1 = pass)."""
    good = acceptable(y)
    gate_pass = acceptable(passed)
    n = len(good)
    n_pass = int(gate_pass.sum())
    n_flag = n - n_pass
    return {
        "n": n,
        "filter_rate": n_flag / n if n else float("nan"),
        "judge_reject_rate": 1 - good.mean() if n else float("nan"),
        "acceptance_no_gate": float(good.mean()) if n else float("nan"),
        "acceptance_among_passed": float(good[gate_pass == 1].mean()) if n_pass else float("nan"),
        "flags_real": float(1 - good[gate_pass == 0].mean()) if n_flag else float("nan"),
        "passed": n_pass,
        "flagged": n_flag,
    }


def kappas(y: Mapping[Dimension, Array], passed: Mapping[Dimension, Array]) -> dict[str, float]:
    """Per-dimension kappa of a system's decisions with the judges' labels."""
    return {d: kappa(y[d], passed[d]) for d in DIMENSIONS}


def inter_judge(pairs: Mapping[str, Sequence[tuple[int, int]]]) -> dict[str, Any]:
    """Kappa and raw agreement between the first and second judge, per dimension."""
    out: dict[str, Any] = {}
    for dim in DIMENSIONS:
        rows = list(pairs.get(dim) or [])
        a = np.array([p[0] for p in rows], dtype=int)
        b = np.array([p[1] for p in rows], dtype=int)
        out[dim] = {
            "n": len(rows),
            "kappa": kappa(a, b),
            "agreement": float((a == b).mean()) if rows else float("nan"),
        }
    return out
