"""Alerts: a warning line per brand in trouble and a signed webhook to a real HTTP receiver."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from qualitygate.monitoring.alerts import raise_alerts
from qualitygate.monitoring.health import Thresholds, all_brands
from qualitygate.monitoring.live import Window
from qualitygate.reports.weeks import IsoWeek
from qualitygate.security.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from qualitygate.settings import Settings
from tests.callbacks.conftest import Receiver
from tests.monitoring import streams

MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
WEEK = Window.week(IsoWeek.parse("2026-W47"), "UTC")


def test_a_drifting_brand_is_logged_and_posted_signed(
    session: Session,
    settings: Settings,
    receiver: Receiver,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    streams.seed(session, streams.halves()[1], "steady", MONDAY)
    streams.seed(session, streams.halves()[1], "longer", MONDAY, mutate=streams.doubled)
    model = streams.write_model_dir(tmp_path / "model", streams.reference())
    reports = all_brands(session, WEEK, model, Thresholds())
    configured = settings.model_copy(update={"drift_webhook_url": receiver.url})

    with caplog.at_level(logging.WARNING, logger="qualitygate.monitoring.alerts"):
        alerted = raise_alerts(configured, reports)

    assert [r.brand for r in alerted] == ["longer"]
    [line] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "brand longer is drifting over 2026-W47" in line.getMessage()
    assert "text_length" in line.getMessage()
    [got] = receiver.requests
    assert verify(
        settings.callback_secret,
        got.headers[TIMESTAMP_HEADER],
        got.headers[SIGNATURE_HEADER],
        got.body,
    )
    body = json.loads(got.body)
    assert body["event"] == "monitoring.alert"
    assert [b["brand"] for b in body["brands"]] == ["longer"]
    assert body["brands"][0]["report"]["drift"]["status"] == "drifting"


def test_nothing_to_say_sends_nothing(
    session: Session, settings: Settings, receiver: Receiver, tmp_path: Path
) -> None:
    streams.seed(session, streams.halves()[1], "steady", MONDAY)
    model = streams.write_model_dir(tmp_path / "model", streams.reference())
    reports = all_brands(session, WEEK, model, Thresholds())
    configured = settings.model_copy(update={"drift_webhook_url": receiver.url})
    assert raise_alerts(configured, reports) == []
    assert receiver.requests == []


def test_beat_runs_the_check_on_the_export_queue(app, client) -> None:  # type: ignore[no-untyped-def]
    # `client` empties the shared database afterwards.
    from qualitygate import db
    from qualitygate.tasks.monitoring import check_monitoring

    celery = app.extensions["celery"]
    entry = celery.conf.beat_schedule["check-monitoring"]
    assert entry["task"] == "qualitygate.check_monitoring"
    assert entry["schedule"] == app.config["QG_SETTINGS"].monitor_interval_s
    assert celery.conf.task_routes["qualitygate.check_monitoring"]["queue"] == "exports"
    with app.app_context():
        streams.seed(db.session(), streams.halves()[1][:5], "acme", datetime.now(UTC))
        assert check_monitoring.run() == {"acme": "insufficient"}
        db.session.remove()
