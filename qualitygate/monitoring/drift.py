"""Drift of one brand's recent traffic against the model's reference: a pure function.

Per signal (each score, flag rate and input descriptor) two numbers, both from scipy:
- the population stability index (PSI) over the reference's bins, as the symmetric relative
  entropy `sum(rel_entr(live, ref) + rel_entr(ref, live))` = sum((live - ref) * ln(live / ref)):
  how far the distribution moved, whatever the sample size;
- the p-value of the two-sample chi-square test of homogeneity (`chi2_contingency`) on the same
  bins, adjusted over all signals with Benjamini-Hochberg (`false_discovery_control`): whether
  the move could be chance at this sample size.

A signal is `drifting` when PSI >= 0.25 and the adjusted p < 0.001, `watch` when PSI >= 0.10
and p < 0.01, else `ok` (PSI 0.1 / 0.25 are the customary "some" / "major" shift levels). Needing
both keeps a small week from crying wolf and a huge week from alarming on a trivial shift. The
brand's drift status is its worst signal's; with fewer than `min_verdicts` verdicts it is
`insufficient`: the week is too small to say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import rel_entr
from scipy.stats import chi2_contingency, false_discovery_control

from qualitygate.monitoring.reference import OTHER, Reference, Sample
from qualitygate.schemas import DriftOut, MonitorStatus, SignalDriftOut

# The four statuses are the published contract's (schemas.py): one definition for both.
Status = MonitorStatus

STATUS_ORDER: dict[str, int] = {"insufficient": 0, "ok": 1, "watch": 2, "drifting": 3}
PSI_WATCH = 0.10
PSI_DRIFTING = 0.25
P_WATCH = 0.01
P_DRIFTING = 0.001
MIN_VERDICTS = 50
# Empty bins would make PSI infinite: half a count is added to every bin on both sides.
SMOOTHING = 0.5


@dataclass(frozen=True, slots=True)
class SignalDrift:
    signal: str
    status: Status
    psi: float
    p_value: float  # adjusted over the brand's signals (Benjamini-Hochberg)
    reference: str  # a one-line summary of the reference (mean, or top shares)
    live: str
    live_n: int

    def to_out(self) -> SignalDriftOut:
        return SignalDriftOut(
            signal=self.signal,
            status=self.status,
            psi=round(self.psi, 4),
            p_value=float(f"{self.p_value:.3g}"),
            reference=self.reference,
            live=self.live,
            live_n=self.live_n,
        )


@dataclass(frozen=True, slots=True)
class DriftResult:
    status: Status
    size: int
    signals: list[SignalDrift]
    note: str = ""

    def to_out(self) -> DriftOut:
        return DriftOut(
            status=self.status,
            verdicts=self.size,
            note=self.note,
            signals=[s.to_out() for s in self.signals],
        )

    def worst(self, n: int = 3) -> list[SignalDrift]:
        ranked = sorted(self.signals, key=lambda s: (-STATUS_ORDER[s.status], -s.psi))
        return [s for s in ranked[:n] if s.status in ("watch", "drifting")]


def psi(ref_counts: Sequence[int], live_counts: Sequence[int]) -> float:
    ref = np.asarray(ref_counts, float) + SMOOTHING
    live = np.asarray(live_counts, float) + SMOOTHING
    ref, live = ref / ref.sum(), live / live.sum()
    return float(np.sum(rel_entr(live, ref) + rel_entr(ref, live)))


def homogeneity_p(ref_counts: Sequence[int], live_counts: Sequence[int]) -> float:
    table = np.array([ref_counts, live_counts], dtype=float)
    table = table[:, table.sum(axis=0) > 0]  # a bin empty on both sides carries no evidence
    if table.shape[1] < 2 or (table.sum(axis=1) == 0).any():
        return 1.0
    return float(chi2_contingency(table, correction=False).pvalue)


def classify(psi_value: float, p_value: float) -> Status:
    if psi_value >= PSI_DRIFTING and p_value < P_DRIFTING:
        return "drifting"
    if psi_value >= PSI_WATCH and p_value < P_WATCH:
        return "watch"
    return "ok"


def _categorical_counts(
    ref: dict[str, int], values: Sequence[str]
) -> tuple[list[str], list[int], list[int]]:
    keys = list(ref) if OTHER in ref else [*ref, OTHER]
    live: dict[str, int] = dict.fromkeys(keys, 0)
    for v in values:
        # A value the reference never saw (or pooled) counts as OTHER.
        key = v if v in live else OTHER
        live[key] += 1
    return keys, [ref.get(k, 0) for k in keys], [live[k] for k in keys]


def _top(keys: Sequence[str], counts: Sequence[int], n: int = 2) -> str:
    total = sum(counts) or 1
    ranked = sorted(zip(keys, counts, strict=True), key=lambda kc: -kc[1])[:n]
    return ", ".join(f"{k} {100 * c / total:.0f}%" for k, c in ranked)


def compare(reference: Reference, sample: Sample, min_verdicts: int = MIN_VERDICTS) -> DriftResult:
    """Every signal of `sample` against `reference`, with the brand's overall status."""
    rows: list[tuple[str, list[int], list[int], str, str, int]] = []
    for name, ref in sorted(reference.numeric.items()):
        values = sample.numeric.get(name) or []
        if not values:
            continue
        live_counts = ref.bin_counts(values)
        rows.append(
            (
                name,
                ref.counts,
                live_counts,
                f"mean {ref.mean:.3g}",
                f"mean {float(np.mean(values)):.3g}",
                len(values),
            )
        )
    for name, cref in sorted(reference.categorical.items()):
        cvalues = sample.categorical.get(name) or []
        if not cvalues:
            continue
        keys, ref_counts, live_counts = _categorical_counts(cref.counts, cvalues)
        rows.append(
            (
                name,
                ref_counts,
                live_counts,
                _top(keys, ref_counts),
                _top(keys, live_counts),
                len(cvalues),
            )
        )
    if not rows:
        return DriftResult("insufficient", sample.size, [], "no verdicts in this window")
    raw_p = [homogeneity_p(r[1], r[2]) for r in rows]
    adjusted = false_discovery_control(raw_p, method="bh")
    signals = []
    for (name, ref_c, live_c, ref_s, live_s, n), p in zip(rows, adjusted, strict=True):
        value = psi(ref_c, live_c)
        signals.append(
            SignalDrift(name, classify(value, float(p)), value, float(p), ref_s, live_s, n)
        )
    if sample.size < min_verdicts:
        note = f"too few verdicts to judge drift ({sample.size}; at least {min_verdicts} needed)"
        return DriftResult("insufficient", sample.size, signals, note)
    status = max((s.status for s in signals), key=lambda s: STATUS_ORDER[s])
    return DriftResult(status, sample.size, signals)
