"""`qualitygate export weekly`, the Monday beat task and its webhook notification."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from flask import Flask, request
from sqlalchemy.orm import Session

from qualitygate import db, migrate
from qualitygate.cli import main
from qualitygate.reports.weeks import IsoWeek
from qualitygate.tasks.export import export_weekly
from tests.reports import factories as f
from tests.support.services import LiveServer


def test_cli_writes_the_week_in_the_configured_zone(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    migrate.upgrade(url)  # the CLI reads only a database at head
    engine = db.make_engine(url)
    with Session(engine) as s:
        sub = f.submission(s, datetime(2026, 11, 18, 8, tzinfo=UTC), "acme")
        f.verdict(s, sub.versions[0], 3.0)
        s.commit()
    engine.dispose()
    env = {
        "QG_DATABASE_URL": url,
        "QG_EXPORT_DIR": str(tmp_path / "out"),
        "QG_TIMEZONE": "Asia/Tokyo",
    }
    result = CliRunner(env=env).invoke(main, ["export", "weekly", "--week", "2026-W47"])
    assert result.exit_code == 0, result.output
    paths = result.output.split()
    assert [p.rsplit("/", 1)[1] for p in paths] == [
        f"qualitygate-metrics-2026-W47.{ext}" for ext in ("csv", "json", "html")
    ]
    doc = json.loads((tmp_path / "out" / "qualitygate-metrics-2026-W47.json").read_text())
    assert doc["timezone"] == "Asia/Tokyo" and doc["start"] == "2026-11-15T15:00:00+00:00"
    assert doc["brands"]["acme"]["passed"]["total"] == 1

    only = CliRunner(env=env).invoke(
        main, ["export", "weekly", "--week", "2026-W47", "--brand", "acme"]
    )
    assert only.exit_code == 0 and "qualitygate-metrics-2026-W47-acme.csv" in only.output
    bad = CliRunner(env=env).invoke(main, ["export", "weekly", "--week", "47"])
    assert bad.exit_code == 2 and "2026-W47" in bad.output


@pytest.fixture
def receiver():
    """A real HTTP server that records what the export webhook posts."""
    got: list[dict[str, object]] = []
    hook = Flask("receiver")
    status = {"code": 204}

    @hook.post("/hook")
    def _hook():
        got.append(request.get_json())
        return "", status["code"]

    server = LiveServer(hook)
    yield server.url + "/hook", got, status
    server.stop()


def test_task_exports_the_previous_week_and_notifies(app, client, monkeypatch, receiver):
    url, got, _ = receiver
    settings = app.config["QG_SETTINGS"].model_copy(update={"export_webhook_url": url})
    monkeypatch.setitem(app.config, "QG_SETTINGS", settings)
    result = export_weekly()  # called directly: the task body, inside the app context
    week = IsoWeek.previous_full(datetime.now(UTC), "UTC").label
    files = [f"qualitygate-metrics-{week}.{ext}" for ext in ("csv", "json", "html")]
    assert result == {"week": week, "files": files}
    assert all((settings.exports_dir / name).is_file() for name in files)
    assert got == [{"week": week, "files": files}]


def test_task_raises_for_a_failing_webhook_so_celery_retries(app, client, monkeypatch, receiver):
    import requests

    url, got, status = receiver
    status["code"] = 500
    settings = app.config["QG_SETTINGS"].model_copy(update={"export_webhook_url": url})
    monkeypatch.setitem(app.config, "QG_SETTINGS", settings)
    with pytest.raises(requests.HTTPError):
        export_weekly("2026-W47")
    assert len(got) == 1 and (settings.exports_dir / "qualitygate-metrics-2026-W47.csv").is_file()


def test_beat_schedules_the_export_on_monday_0600_in_the_zone(app):
    celery = app.extensions["celery"]
    entry = celery.conf.beat_schedule["weekly-metrics-export"]
    assert entry["task"] == "qualitygate.export_weekly" == export_weekly.name
    cron = entry["schedule"]
    assert (cron.hour, cron.minute, cron.day_of_week) == ({6}, {0}, {1})
    assert celery.conf.timezone == app.config["QG_SETTINGS"].timezone
    assert "qualitygate.tasks.export" in celery.conf.include
    route = celery.conf.task_routes["qualitygate.export_weekly"]
    assert route == {"queue": app.config["QG_SETTINGS"].export_queue}
