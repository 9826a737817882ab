"""Prometheus metrics: counted where they happen in the API, computed from the database otherwise.

Why two sources. The API counts what only it sees (webhooks received, replayed, rejected) in an
ordinary in-process counter. Everything the workers do (verdicts, scoring latency, callbacks) and
the queue depth is already in the database, so `DatabaseCollector` computes those series at scrape
time with a few aggregate queries. That is exact across any number of worker processes on any
number of hosts, survives restarts, and needs no prometheus_client multiprocess directory shared
between the API and the workers (which only works on one host, and only if PROMETHEUS_MULTIPROC_DIR
is set before prometheus_client is first imported). The price is one GROUP BY per family and
scrape, over tables that only grow; see docs/operations.md.

Several gunicorn workers each keep their own `submissions_received` counter, and a scrape reaches
one of them at random. For a multi-process API server, set PROMETHEUS_MULTIPROC_DIR (an empty
folder, wiped at each start) in the environment before gunicorn starts: prometheus_client then
keeps every process's counter in that folder and `/metrics` sums them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Literal

from prometheus_client import CollectorRegistry, Counter
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector
from sqlalchemy import Engine, case, func, select
from sqlalchemy.orm import Session

from qualitygate.models import (
    CallbackAttempt,
    DescriptionVersion,
    DimensionScore,
    Submission,
    SubmissionStatus,
    Verdict,
)

log = logging.getLogger(__name__)

LATENCY_BUCKETS_S = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
Outcome = Literal["accepted", "replayed", "rejected"]


class DatabaseCollector(Collector):
    """Series computed from the database on each scrape (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def describe(self) -> Iterator[Metric]:
        # Without describe(), registering runs collect(): every database query of a scrape inside
        # create_app(), in every API and worker process (and a traceback on an unmigrated DB).
        return iter(())

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "qualitygate_metrics_database_up",
            "1 when the database answered this scrape's queries, else 0",
        )
        try:
            with Session(self.engine) as session:
                families = list(_database_families(session))
        except Exception:  # a scrape must answer even when the database does not
            log.exception("metrics: database queries failed")
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families


def _database_families(session: Session) -> Iterator[Metric]:
    verdicts = CounterMetricFamily(
        "qualitygate_verdicts", "Verdicts recorded, by brand and status", labels=["brand", "status"]
    )
    stmt = (
        select(Submission.brand, Verdict.status, func.count())
        .select_from(Verdict)
        .join(DescriptionVersion, Verdict.version_id == DescriptionVersion.id)
        .join(Submission, DescriptionVersion.submission_id == Submission.id)
        .group_by(Submission.brand, Verdict.status)
    )
    for brand, status, n in session.execute(stmt):
        verdicts.add_metric([brand, status], n)
    yield verdicts

    dims = CounterMetricFamily(
        "qualitygate_dimension_results",
        "Per-dimension outcomes of every verdict (pass or fail)",
        labels=["dimension", "result"],
    )
    stmt2 = select(DimensionScore.dimension, DimensionScore.passed, func.count()).group_by(
        DimensionScore.dimension, DimensionScore.passed
    )
    for dimension, passed, n in session.execute(stmt2):
        dims.add_metric([dimension, "pass" if passed else "fail"], n)
    yield dims

    yield _latency(session)

    depth = GaugeMetricFamily(
        "qualitygate_queue_depth",
        "Submissions waiting for or in scoring, by status",
        labels=["status"],
    )
    waiting = (SubmissionStatus.QUEUED, SubmissionStatus.SCORING)
    counts = dict.fromkeys((s.value for s in waiting), 0)
    stmt3 = (
        select(Submission.status, func.count())
        .where(Submission.status.in_([s.value for s in waiting]))
        .group_by(Submission.status)
    )
    counts.update({status: n for status, n in session.execute(stmt3)})
    for status, n in counts.items():
        depth.add_metric([status], n)
    yield depth

    yield from _callbacks(session)


def _latency(session: Session) -> Metric:
    """Scoring time of each verdict (`Verdict.scoring_ms`) as a cumulative histogram."""
    seconds = Verdict.scoring_ms / 1000.0
    columns = [func.sum(case((seconds <= b, 1), else_=0)) for b in LATENCY_BUCKETS_S]
    row = session.execute(select(func.count(), func.sum(seconds), *columns)).one()
    total, total_s, *cumulative = row
    buckets = [(str(b), float(c or 0)) for b, c in zip(LATENCY_BUCKETS_S, cumulative, strict=True)]
    buckets.append(("+Inf", float(total or 0)))
    hist = HistogramMetricFamily(
        "qualitygate_scoring_seconds", "Time the worker spent scoring one description version"
    )
    hist.add_metric([], buckets, float(total_s or 0.0))
    return hist


def _callbacks(session: Session) -> Iterator[Metric]:
    failures = CounterMetricFamily(
        "qualitygate_callback_failures",
        "Callback delivery attempts that did not get a 2xx (failed: will retry; dead: gave up)",
        labels=["outcome"],
    )
    counts = {"failed": 0, "dead": 0}
    stmt = (
        select(CallbackAttempt.outcome, func.count())
        .where(CallbackAttempt.outcome.in_(list(counts)))
        .group_by(CallbackAttempt.outcome)
    )
    counts.update({outcome: n for outcome, n in session.execute(stmt)})
    for outcome, n in counts.items():
        failures.add_metric([outcome], n)
    yield failures

    states = GaugeMetricFamily(
        "qualitygate_callbacks", "Verdicts by callback state", labels=["status"]
    )
    by_state = dict.fromkeys(("pending", "delivered", "dead"), 0)
    stmt2 = (
        select(Verdict.callback_status, func.count())
        .where(Verdict.callback_status.is_not(None))
        .group_by(Verdict.callback_status)
    )
    by_state.update({str(status): n for status, n in session.execute(stmt2)})
    for status, n in by_state.items():
        states.add_metric([status], n)
    yield states


class Metrics:
    """One app's metrics: the API's own counter plus the database collector."""

    def __init__(self, engine: Engine) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.received = Counter(
            "qualitygate_submissions_received",
            "Webhook requests received, by brand and outcome (accepted, replayed, rejected)",
            ["brand", "outcome"],
            registry=self.registry,
        )
        self.database = DatabaseCollector(engine)
        self.registry.register(self.database)
        self.extra: list[Collector] = []

    def add_collector(self, collector: Collector) -> None:
        """Another family computed at scrape time (the monitoring gauges)."""
        self.extra.append(collector)
        self.registry.register(collector)

    def record_received(self, brand: str | None, outcome: Outcome) -> None:
        self.received.labels(brand=brand or "unknown", outcome=outcome).inc()

    def exposition(self, accept: str | None = None) -> tuple[bytes, str]:
        """Every series, encoded as the scraper's Accept header asks; returns (body, type)."""
        encode, content_type = choose_encoder(accept or "")
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            registry.register(self.database)
            for collector in self.extra:
                registry.register(collector)
            return encode(registry), content_type
        return encode(self.registry), content_type
