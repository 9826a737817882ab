"""One brand's health in one window: drift against its model's reference plus live accuracy.

`brand_health` is what the CLI, the API, the weekly export, the gauges and the alert task call.
The status is the worse of the two parts (`insufficient` only when both are).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from qualitygate.monitoring import live
from qualitygate.monitoring.accuracy import LiveAccuracy, live_accuracy
from qualitygate.monitoring.descriptors import PieceCounter
from qualitygate.monitoring.drift import STATUS_ORDER, DriftResult, Status, compare
from qualitygate.monitoring.live import Window
from qualitygate.monitoring.reference import Reference, ReferenceError, load_reference
from qualitygate.pipeline.verdicts import active_models
from qualitygate.schemas import BrandHealthOut, WindowOut
from qualitygate.settings import Settings


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The configurable part of the verdict (QG_MONITOR_* settings)."""

    accuracy_floor: float = 0.80
    min_reviews: int = 30
    min_verdicts: int = 50

    @classmethod
    def from_settings(cls, settings: Settings) -> Thresholds:
        return cls(
            settings.live_accuracy_floor,
            settings.monitor_min_reviews,
            settings.monitor_min_verdicts,
        )


@dataclass(frozen=True, slots=True)
class BrandHealth:
    brand: str
    window: Window
    status: Status
    drift: DriftResult
    accuracy: LiveAccuracy
    reference_model: str | None
    models: dict[str, int] = field(default_factory=dict)

    def to_out(self) -> BrandHealthOut:
        """The report in its published shape (`schemas.BrandHealthOut`, in the OpenAPI document)."""
        return BrandHealthOut(
            brand=self.brand,
            window=WindowOut(
                label=self.window.label,
                start=self.window.start.isoformat(),
                end=self.window.end.isoformat(),
            ),
            status=self.status,
            reference_model=self.reference_model,
            models=dict(sorted(self.models.items())),
            drift=self.drift.to_out(),
            live_accuracy=self.accuracy.to_out(),
        )

    def to_dict(self) -> dict[str, Any]:
        """`to_out` as JSON-ready data: the API's brand object, `qualitygate drift --json`'s and
        the alert body's `report`."""
        return self.to_out().model_dump(mode="json")


def reference_dir(session: Session, brand: str, default_dir: Path) -> Path:
    """The model serving `brand`: its own active adapter, else the active default, else
    QG_MODEL_DIR (as the worker chooses)."""
    active = active_models(session)
    chosen = active.get(brand) or active.get(None)
    return chosen.path if chosen is not None else default_dir


def brand_health(
    session: Session,
    brand: str,
    window: Window,
    default_model_dir: Path,
    thresholds: Thresholds | None = None,
    pieces: PieceCounter | None = None,
) -> BrandHealth:
    limits = thresholds or Thresholds()
    ref: Reference | None
    try:
        ref = load_reference(reference_dir(session, brand, default_model_dir))
    except ReferenceError as exc:
        ref, missing = None, str(exc)
    sample, models = live.verdict_sample(session, brand, window, pieces)
    if ref is None:
        drift = DriftResult("insufficient", sample.size, [], missing)
    else:
        drift = compare(ref, sample, limits.min_verdicts)
    accuracy = live_accuracy(
        live.review_facts(session, brand, window), limits.accuracy_floor, limits.min_reviews
    )
    status = max((drift.status, accuracy.status), key=lambda s: STATUS_ORDER[s])
    return BrandHealth(brand, window, status, drift, accuracy, ref.model if ref else None, models)


def all_brands(
    session: Session,
    window: Window,
    default_model_dir: Path,
    thresholds: Thresholds | None = None,
    brand: str | None = None,
) -> list[BrandHealth]:
    names = [brand] if brand else live.brands(session, window)
    return [brand_health(session, b, window, default_model_dir, thresholds) for b in names]


def render_text(report: BrandHealth) -> str:
    """The CLI's block for one brand: status first, then the evidence."""
    lines = [f"{report.brand}: {report.status.upper()}  ({report.window.label})"]
    d = report.drift
    lines.append(
        f"  drift: {d.status} over {d.size} verdicts"
        + (f" against reference {report.reference_model}" if report.reference_model else "")
    )
    if d.note:
        lines.append(f"    {d.note}")
    for s in d.worst(6):
        lines.append(
            f"    {s.status:8} {s.signal:28} PSI {s.psi:5.2f}  p {s.p_value:.2g}"
            f"  reference {s.reference}  ->  now {s.live}"
        )
    if d.signals and not d.worst(1):
        top = max(d.signals, key=lambda s: s.psi)
        lines.append(f"    every signal within bounds (largest PSI {top.psi:.2f}, {top.signal})")
    a = report.accuracy
    lines.append(f"  live accuracy: {a.status} over {a.reviews} reviews; {a.note}")
    for dim, r in a.accuracy.items():
        lines.append(
            f"    {dim:12} {100 * r.value:5.1f}%  (95% CI {100 * r.low:.1f}-{100 * r.high:.1f}%)"
            f"  {a.dimension_status[dim]}"
        )
    if a.override_rate is not None:
        o = a.override_rate
        lines.append(
            f"    override rate {100 * o.value:.1f}% (95% CI {100 * o.low:.1f}-{100 * o.high:.1f}%)"
        )
    return "\n".join(lines)
