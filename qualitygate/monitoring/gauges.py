"""Prometheus gauges of each brand's health over the last 7 days (docs/monitoring.md).

Computed at scrape time like the other database series, but at most once per
`QG_MONITOR_CACHE_S` per process: a health check reads a week of verdicts and tokenizes their
texts, far more than a scrape interval should cost. A failure answers
`qualitygate_monitoring_up 0` and no other series of this family, never a failed scrape.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from qualitygate.monitoring.health import BrandHealth, Thresholds, all_brands
from qualitygate.monitoring.live import Window
from qualitygate.settings import Settings

log = logging.getLogger(__name__)
STATUSES = ("ok", "watch", "drifting", "insufficient")


class HealthCollector(Collector):
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self._lock = threading.Lock()
        self._cached: tuple[float, list[BrandHealth]] | None = None

    def describe(self) -> Iterator[Metric]:
        return iter(())  # never run the health check at registration

    def invalidate(self) -> None:
        """Forget the cached check: the next scrape recomputes."""
        with self._lock:
            self._cached = None

    def reports(self) -> list[BrandHealth]:
        with self._lock:
            now = time.monotonic()
            if self._cached is None or now - self._cached[0] > self.settings.monitor_cache_s:
                with Session(self.engine) as session:
                    found = all_brands(
                        session,
                        Window.last_days(datetime.now(UTC)),
                        self.settings.model_dir,
                        Thresholds.from_settings(self.settings),
                    )
                self._cached = (now, found)
            return self._cached[1]

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "qualitygate_monitoring_up", "1 when the drift and live-accuracy check answered"
        )
        try:
            reports = self.reports()
        except Exception:  # a scrape must answer even when monitoring cannot
            log.exception("metrics: the drift and live-accuracy check failed")
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families(reports)


def families(reports: list[BrandHealth]) -> Iterator[Metric]:
    status = GaugeMetricFamily(
        "qualitygate_brand_status",
        "1 for the brand's current status over the last 7 days (ok, watch, drifting, insufficient)",
        labels=["brand", "status"],
    )
    psi = GaugeMetricFamily(
        "qualitygate_drift_psi",
        "Population stability index of a signal against the model's reference, last 7 days",
        labels=["brand", "signal"],
    )
    accuracy = GaugeMetricFamily(
        "qualitygate_live_accuracy",
        "Share of reviewed verdicts reviewers did not mark wrong, with its Wilson 95% bounds",
        labels=["brand", "dimension", "bound"],
    )
    overrides = GaugeMetricFamily(
        "qualitygate_override_rate", "Share of reviews that overrode a flag", labels=["brand"]
    )
    for r in reports:
        for s in STATUSES:
            status.add_metric([r.brand, s], 1.0 if r.status == s else 0.0)
        for signal in r.drift.signals:
            psi.add_metric([r.brand, signal.signal], signal.psi)
        for dim, rate in r.accuracy.accuracy.items():
            accuracy.add_metric([r.brand, dim, "estimate"], rate.value)
            accuracy.add_metric([r.brand, dim, "low"], rate.low)
            accuracy.add_metric([r.brand, dim, "high"], rate.high)
        if r.accuracy.override_rate is not None:
            overrides.add_metric([r.brand], r.accuracy.override_rate.value)
    yield from (status, psi, accuracy, overrides)
