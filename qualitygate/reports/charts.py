"""The report's charts as PNG bytes (matplotlib's Agg renderer, no pyplot global state).

Each chart answers one question and says its answer in the title, so the page reads in seconds.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from matplotlib.figure import Figure

from qualitygate.domain import DIMENSIONS
from qualitygate.reports.metrics import BrandMetrics

History = Sequence[tuple[str, BrandMetrics]]  # (week label, metrics), oldest first

_BLUE, _GREY, _GREEN = "#1f5fbf", "#9aa4b1", "#2e8b57"
_DIM_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd")


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    # No "Software" stamp: the same data gives the same bytes.
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


def _pct(x: float | None) -> float:
    return math.nan if x is None else 100 * x


def _short(label: str) -> str:
    return label.split("-", 1)[1]  # 2026-W47 -> W47


def _pct_title(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def quality_trend(history: History) -> bytes:
    """Pass rate (with volume) and per-dimension flag rates over the weeks."""
    labels = [_short(w) for w, _ in history]
    last = history[-1][1]
    fig = Figure(figsize=(9, 5.6))
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(1, 1.2))
    vol = top.twinx()
    vol.bar(labels, [m.scored.total for _, m in history], color=_GREY, alpha=0.35)
    vol.set_ylabel("verdicts", color=_GREY)
    top.set_zorder(vol.get_zorder() + 1)
    top.patch.set_visible(False)
    top.plot(labels, [_pct(m.pass_rate) for _, m in history], "-o", color=_BLUE, lw=2.5)
    top.set_ylim(0, 105)
    top.set_ylabel("pass rate %")
    top.set_title(
        f"Pass rate this week: {_pct_title(last.pass_rate)} of {last.scored.total} verdicts",
        loc="left",
        fontsize=12,
        fontweight="bold",
    )
    highest = 0.0
    for dim, colour in zip(DIMENSIONS, _DIM_COLOURS, strict=True):
        values = [_pct(m.dimension_flag_rate(dim)) for _, m in history]
        highest = max([highest, *(v for v in values if not math.isnan(v))])
        bottom.plot(labels, values, "-o", ms=3, color=colour, label=dim.replace("_", " "))
    worst = max(DIMENSIONS, key=lambda d: last.dimension_flag_rate(d) or 0.0)
    bottom.set_title(
        f"Flag rate per dimension — most flagged now: {worst.replace('_', ' ')} "
        f"({_pct_title(last.dimension_flag_rate(worst))})",
        loc="left",
        fontsize=11,
    )
    bottom.set_ylabel("flagged %")
    bottom.set_ylim(0, min(105.0, max(20.0, highest * 1.35)))  # room for the legend
    bottom.legend(ncol=5, fontsize=8, loc="upper center", frameon=False)
    for ax in (top, bottom):
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return _png(fig)


def turnaround(metrics: BrandMetrics) -> bytes:
    """Distribution of webhook -> verdict times this week, with p50 and p95."""
    labels = list(metrics.latency_histogram)
    counts = list(metrics.latency_histogram.values())
    fig = Figure(figsize=(9, 3.4))
    ax = fig.subplots()
    ax.bar(labels, counts, color=_BLUE)
    p50, p95 = metrics.verdict_latency
    ax.set_title(
        f"Webhook → verdict: half within {secs(p50)}, 95% within {secs(p95)}",
        loc="left",
        fontsize=12,
        fontweight="bold",
    )
    ax.set_ylabel("verdicts")
    ax.set_xlabel("time from webhook to verdict")
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return _png(fig)


def acceptance_trend(history: History) -> bytes:
    """First-pass acceptance rate of human review over the weeks, with review volume."""
    labels = [_short(w) for w, _ in history]
    last = history[-1][1]
    fig = Figure(figsize=(9, 3.4))
    ax = fig.subplots()
    vol = ax.twinx()
    vol.bar(labels, [m.first_reviews for _, m in history], color=_GREY, alpha=0.35)
    vol.set_ylabel("first reviews", color=_GREY)
    ax.set_zorder(vol.get_zorder() + 1)
    ax.patch.set_visible(False)
    rates = [_pct(m.first_pass_acceptance_rate) for _, m in history]
    ax.plot(labels, rates, "-o", color=_GREEN, lw=2.5)
    ax.set_ylim(0, 105)
    ax.set_ylabel("accepted on first review %")
    ax.set_title(
        f"Reviewers accept {_pct_title(last.first_pass_acceptance_rate)} on first review "
        f"({last.first_reviews} reviewed this week)",
        loc="left",
        fontsize=12,
        fontweight="bold",
    )
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return _png(fig)


def secs(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x < 60:
        return f"{x:.1f} s"
    if x < 3600:
        return f"{x / 60:.1f} min"
    return f"{x / 3600:.1f} h"
