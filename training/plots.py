"""Evaluation charts as PNG: precision-recall curves (flag class) and calibration of P(pass)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qualitygate.domain import DIMENSIONS, Dimension
from training.baselines import Array, SystemOutput


def _figure(n: int) -> tuple[Any, list[Any]]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, n, figsize=(4 * n, 3.8), squeeze=False)
    return fig, list(axes[0])


def pr_curves(path: Path, y: Mapping[Dimension, Array], systems: Sequence[SystemOutput]) -> Path:
    from sklearn.metrics import average_precision_score, precision_recall_curve

    fig, axes = _figure(len(DIMENSIONS))
    for ax, dim in zip(axes, DIMENSIONS, strict=True):
        y_flag = 1 - y[dim]
        for system in systems:
            flag_score = 1 - system.scores[dim]
            precision, recall, _ = precision_recall_curve(y_flag, flag_score)
            ap = average_precision_score(y_flag, flag_score)
            ax.plot(recall, precision, label=f"{system.name} (AP {ap:.2f})")
        ax.set_title(f"{dim}: flag class")
        ax.set_xlabel("recall")
        ax.set_ylabel("precision")
        ax.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    return path


def calibration(path: Path, y: Mapping[Dimension, Array], systems: Sequence[SystemOutput]) -> Path:
    from sklearn.calibration import calibration_curve

    fig, axes = _figure(len(DIMENSIONS))
    for ax, dim in zip(axes, DIMENSIONS, strict=True):
        ax.plot([0, 1], [0, 1], "k:", label="perfect")
        for system in systems:
            frac, mean = calibration_curve(y[dim], system.scores[dim].clip(0, 1), n_bins=10)
            ax.plot(mean, frac, marker="o", label=system.name)
        ax.set_title(f"{dim}: P(pass) calibration")
        ax.set_xlabel("predicted")
        ax.set_ylabel("observed pass rate")
        ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    return path


def bars(path: Path, groups: list[str], series: Mapping[str, Sequence[float]], title: str) -> Path:
    """Grouped bars: one group per label in `groups`, one bar per series (NaN bars are left out)."""
    import math

    fig, axes = _figure(1)
    ax = axes[0]
    fig.set_size_inches(max(6.0, 1.6 * len(groups) + 2), 3.8)
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series.items()):
        xs = [g + i * width for g in range(len(groups))]
        ys = [0.0 if math.isnan(v) else v for v in values]
        ax.bar(xs, ys, width, label=name)
    ax.set_xticks([g + 0.4 - width / 2 for g in range(len(groups))], groups)
    ax.set_ylim(min(0.0, *(min(v) for v in series.values() if v)) - 0.05, 1.05)
    ax.axhline(0, color="k", linewidth=0.6)
    ax.set_title(title)
    ax.legend(fontsize=7, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False)
    fig.set_size_inches(fig.get_size_inches()[0], 4.6)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    return path
