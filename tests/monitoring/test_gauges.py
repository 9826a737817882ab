"""The monitoring gauges: a brand's status, PSI and live accuracy as Prometheus series."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session

from qualitygate import db
from qualitygate.monitoring.gauges import HealthCollector
from qualitygate.settings import Settings
from tests.monitoring import streams


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_gauges_follow_the_brand_health(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    yesterday = datetime.now(UTC) - timedelta(days=1)
    streams.seed(session, streams.halves()[1][:80], "longer", yesterday, mutate=streams.doubled)
    model = streams.write_model_dir(tmp_path / "model", streams.reference())
    engine = session.get_bind()
    collector = HealthCollector(
        engine,  # type: ignore[arg-type]
        settings.model_copy(update={"model_dir": model, "monitor_cache_s": 600}),
    )
    registry = CollectorRegistry()
    registry.register(collector)
    samples = _samples(generate_latest(registry).decode())
    assert samples[("qualitygate_monitoring_up", frozenset())] == 1
    drifting = frozenset({("brand", "longer"), ("status", "drifting")})
    ok = frozenset({("brand", "longer"), ("status", "ok")})
    assert samples[("qualitygate_brand_status", drifting)] == 1
    assert samples[("qualitygate_brand_status", ok)] == 0
    psi = samples[
        ("qualitygate_drift_psi", frozenset({("brand", "longer"), ("signal", "text_length")}))
    ]
    assert psi >= 0.25
    # Cached: rows added after the first scrape do not change the second one.
    streams.seed(session, streams.halves()[1][:80], "later", yesterday)
    again = _samples(generate_latest(registry).decode())
    assert not any(labels and ("brand", "later") in labels for _, labels in again)


def test_metrics_endpoint_carries_the_monitoring_family(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        streams.seed(db.session(), streams.halves()[1][:5], "acme", datetime.now(UTC))
    for collector in app.extensions["qg_metrics"].extra:  # an earlier scrape may be cached
        collector.invalidate()
    text = client.get("/metrics").get_data(as_text=True)
    samples = _samples(text)
    assert samples[("qualitygate_monitoring_up", frozenset())] == 1
    # Five verdicts: too few to judge, and the gauge says so rather than "ok".
    assert (
        samples[
            ("qualitygate_brand_status", frozenset({("brand", "acme"), ("status", "insufficient")}))
        ]
        == 1
    )
