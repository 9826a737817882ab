"""The probes: /readyz reports the model manifest when a model is enabled (informational)."""

from __future__ import annotations

import json


def test_readyz_reports_a_missing_model_without_failing(client, app, monkeypatch, tmp_path):
    settings = app.config["QG_SETTINGS"]
    enabled = settings.model_copy(update={"model_enabled": True, "model_dir": tmp_path})
    monkeypatch.setitem(app.config, "QG_SETTINGS", enabled)
    resp = client.get("/readyz")
    assert resp.status_code == 200
    assert resp.get_json()["checks"] == {"database": "ok", "broker": "ok", "model": "missing"}

    (tmp_path / "manifest.json").write_text(json.dumps({"version": "m1"}))
    assert client.get("/readyz").get_json()["checks"]["model"] == "ok"


def test_readyz_leaves_the_model_out_when_scoring_is_rules_only(client):
    assert "model" not in client.get("/readyz").get_json()["checks"]
