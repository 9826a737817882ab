"""A webhook accepted while the broker is down is not lost: the sweeper queues it later."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from qualitygate import db
from qualitygate.models import Submission
from qualitygate.services.sweeper import stale_versions
from qualitygate.settings import load_settings
from qualitygate.tasks.sweeper import sweep_queued
from tests.conftest import queued_messages, sample_body
from tests.support.apps import second_app


def test_broker_down_at_enqueue_still_commits_then_sweeper_requeues(client, app: Flask, tmp_path):
    settings = app.config["QG_SETTINGS"]
    # Same database, but a broker nobody listens on.
    down = load_settings(
        env="test",
        data_dir=settings.data_dir,
        model_enabled=False,
        broker_url="redis://127.0.0.1:1/0",
    )
    with second_app(down) as down_app:
        resp = down_app.test_client().post("/api/v1/submissions", json=sample_body())
    assert resp.status_code == 202
    sid = resp.get_json()["submission_id"]
    assert db.session().get(Submission, sid).status == "queued"
    assert queued_messages(settings) == []

    # Too young to sweep yet; then, seen from the future, it is stale.
    session = db.session()
    assert stale_versions(session, timedelta(minutes=2)) == []
    assert len(stale_versions(session, timedelta(seconds=-1))) == 1

    # The broker is back (the test app's filesystem broker): beat's sweep re-enqueues it.
    settings_now = settings.model_copy(update={"sweep_after_s": -1.0})
    app.config["QG_SETTINGS"] = settings_now
    try:
        with app.app_context():
            assert sweep_queued.run() == 1
    finally:
        app.config["QG_SETTINGS"] = settings
    assert len(queued_messages(settings)) == 1
