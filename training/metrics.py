"""Per-dimension metrics. The positive class is "flagged" (fails the standard): that is what the
gate exists to catch, so precision/recall/F1 are the flag class's, and ROC-AUC ranks by 1 - P(pass).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    cohen_kappa_score,
    f1_score,
    precision_recall_fscore_support,
    roc_auc_score,
)

from qualitygate.domain import DIMENSIONS, Dimension

Array = np.ndarray[Any, Any]


def dimension_metrics(y_pass: Array, passed: Array, p_pass: Array | None) -> dict[str, float]:
    """Metrics for one dimension from true labels (1 = meets), decisions and optional scores."""
    y_flag = 1 - np.asarray(y_pass, dtype=int)
    flagged = 1 - np.asarray(passed, dtype=int)
    precision, recall, f1, _ = precision_recall_fscore_support(
        y_flag, flagged, average="binary", pos_label=1, zero_division=0
    )
    out = {
        "accuracy": float(accuracy_score(y_flag, flagged)),
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
        "f1_both_classes": float(f1_score(y_flag, flagged, average="macro", zero_division=0)),
        "flag_rate": float(flagged.mean()),
        "true_flag_rate": float(y_flag.mean()),
        "roc_auc": float("nan"),
    }
    if p_pass is not None and 0 < y_flag.sum() < len(y_flag):
        out["roc_auc"] = float(roc_auc_score(y_flag, 1 - np.asarray(p_pass)))
    return out


def all_metrics(
    y: Mapping[Dimension, Array],
    passed: Mapping[Dimension, Array],
    scores: Mapping[Dimension, Array] | None,
) -> dict[str, Any]:
    """Per-dimension metrics plus `macro_f1` (mean flag-class F1) and `min_accuracy`."""
    per = {
        dim: dimension_metrics(y[dim], passed[dim], scores[dim] if scores is not None else None)
        for dim in DIMENSIONS
    }
    return {
        "dimensions": per,
        "macro_f1": float(np.mean([per[d]["f1"] for d in DIMENSIONS])),
        "min_accuracy": float(min(per[d]["accuracy"] for d in DIMENSIONS)),
        "mean_accuracy": float(np.mean([per[d]["accuracy"] for d in DIMENSIONS])),
    }


def choose_threshold(y_pass: Array, p_pass: Array, grid: Sequence[float] | None = None) -> float:
    """The threshold whose decisions agree best with the labels (Cohen's kappa; ties: nearest 0.5).

    Kappa, not the flag class's F1: where most validation rows fail, F1 of the fail class is
    maximised by flagging everything, which agrees with nobody.
    """
    grid = grid if grid is not None else [round(x, 2) for x in np.arange(0.05, 0.96, 0.01)]
    y = np.asarray(y_pass, dtype=int)
    best, best_key = 0.5, (-2.0, 0.0)
    for t in grid:
        passed = (np.asarray(p_pass) >= t).astype(int)
        key = (round(agreement_kappa(y, passed), 6), -abs(t - 0.5))
        if key > best_key:
            best, best_key = float(t), key
    return best


def agreement_kappa(y: Array, decided: Array) -> float:
    """Cohen's kappa of decisions with labels; 0 where it is undefined (one class only)."""
    y, decided = np.asarray(y, dtype=int), np.asarray(decided, dtype=int)
    if len(set(y.tolist()) | set(decided.tolist())) < 2:
        return 0.0
    return float(cohen_kappa_score(y, decided))
