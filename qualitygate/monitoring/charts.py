"""Charts of brand health as PNG bytes (matplotlib Agg, no pyplot state), for the weekly export
and docs/monitoring.md."""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.figure import Figure

from qualitygate.domain import DIMENSIONS
from qualitygate.monitoring.drift import PSI_DRIFTING, PSI_WATCH
from qualitygate.monitoring.health import BrandHealth

_COLOURS = {"ok": "#2e8b57", "watch": "#e6a700", "drifting": "#c0392b", "insufficient": "#9aa4b1"}
TOP_SIGNALS = 8


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


def drift_chart(reports: Sequence[BrandHealth]) -> bytes:
    """Per brand, the signals that moved most: PSI bars coloured by status, with the watch and
    drifting levels as lines."""
    shown = [r for r in reports if r.drift.signals] or list(reports[:1])
    fig = Figure(figsize=(9, 1.2 + 2.4 * max(1, len(shown))))
    axes = fig.subplots(max(1, len(shown)), 1, squeeze=False)[:, 0]
    for ax, r in zip(axes, shown, strict=False):
        top = sorted(r.drift.signals, key=lambda s: -s.psi)[:TOP_SIGNALS][::-1]
        ax.barh(
            [s.signal for s in top],
            [s.psi for s in top],
            color=[_COLOURS[s.status] for s in top],
        )
        for level, style in ((PSI_WATCH, ":"), (PSI_DRIFTING, "--")):
            ax.axvline(level, color="#5b6675", ls=style, lw=1)
        ax.set_xlim(0, max([PSI_DRIFTING * 1.6, *(s.psi * 1.1 for s in top)]))
        ax.set_title(
            f"{r.brand}: {r.drift.status} ({r.drift.size} verdicts this week)",
            loc="left",
            fontsize=11,
            fontweight="bold",
            color=_COLOURS[r.drift.status],
        )
        ax.tick_params(labelsize=8)
    axes[-1].set_xlabel(
        "PSI against the model's reference (dotted: watch 0.10, dashed: drifting 0.25)"
    )
    fig.tight_layout()
    return _png(fig)


def accuracy_chart(reports: Sequence[BrandHealth], floor: float) -> bytes:
    """Live accuracy per dimension and brand with the Wilson 95% interval, against the floor."""
    fig = Figure(figsize=(9, 3.6))
    ax = fig.subplots()
    measured = [r for r in reports if r.accuracy.accuracy]
    width = 0.8 / max(1, len(measured))
    for i, r in enumerate(measured):
        xs = [j + i * width for j in range(len(DIMENSIONS))]
        rates = [r.accuracy.accuracy[d] for d in DIMENSIONS]
        ax.errorbar(
            xs,
            [100 * x.value for x in rates],
            yerr=[
                [100 * (x.value - x.low) for x in rates],
                [100 * (x.high - x.value) for x in rates],
            ],
            fmt="o",
            capsize=4,
            label=f"{r.brand} ({r.accuracy.reviews} reviews)",
        )
    ax.axhline(100 * floor, color="#c0392b", ls="--", lw=1, label=f"floor {floor:.0%}")
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(DIMENSIONS))])
    ax.set_xticklabels([d.replace("_", " ") for d in DIMENSIONS])
    ax.set_ylim(0, 102)
    ax.set_ylabel("reviewed verdicts not marked wrong, %")
    few = [r.brand for r in reports if not r.accuracy.accuracy]
    title = "Live accuracy from reviewers (95% intervals)"
    if few:
        title += f"; too few reviews: {', '.join(few[:4])}{'…' if len(few) > 4 else ''}"
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    if measured:
        ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return _png(fig)
