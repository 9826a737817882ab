"""Beat proposes a retrain once enough reviews exist since the model's cutoff, never more."""

from __future__ import annotations

import json
import logging
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from qualitygate.monitoring.proposals import data_cutoff, proposals
from qualitygate.services import model_registry
from tests.monitoring import streams

DEFAULT = Path(__file__).resolve().parents[2] / "models" / "default"


def _model(tmp: Path, name: str, brand: str | None, cutoff: str) -> Path:
    out = tmp / name
    out.mkdir()
    manifest = json.loads((DEFAULT / "manifest.json").read_text())
    manifest.update(version=name, brand=brand, created_at="2026-10-01T00:00:00+00:00")
    manifest["data"] = {**manifest["data"], "labels_until": cutoff}
    (out / "manifest.json").write_text(json.dumps(manifest))
    shutil.copy(DEFAULT / "adapter_config.json", out)
    return out


def _review_all(s: Session, brand: str, start: datetime) -> None:
    """40 verdicts of `brand` from `start`, each accepted by a reviewer an hour later."""
    streams.seed_reviews(s, 40, {}, 0, brand, start)


def test_proposals_count_reviews_since_each_scope_cutoff(session: Session, tmp_path: Path) -> None:
    default = _model(tmp_path, "house-v2", None, "2026-11-10T00:00:00+00:00")
    acme = _model(tmp_path, "acme-v3", "acme", "2026-11-20T00:00:00+00:00")
    for path in (default, acme):
        row = model_registry.register(session, path)
        model_registry.activate(session, row.name)
    _review_all(session, "acme", datetime(2026, 11, 15, tzinfo=UTC))  # before acme's cutoff
    _review_all(session, "zeta", datetime(2026, 11, 16, tzinfo=UTC))

    assert data_cutoff(acme) == datetime(2026, 11, 20, tzinfo=UTC)
    [house] = proposals(session, DEFAULT, min_reviews=60)
    assert (house.brand, house.model, house.reviews) == (None, "house-v2", 80)
    assert house.command == "qualitygate retrain"
    assert proposals(session, DEFAULT, min_reviews=81) == []
    assert proposals(session, DEFAULT, min_reviews=0) == []  # off
    # acme's 40 reviews predate its adapter's cutoff: nothing new for acme.
    assert all(p.brand != "acme" for p in proposals(session, DEFAULT, min_reviews=1))


def test_the_task_logs_and_never_activates(
    app,
    client,
    caplog: pytest.LogCaptureFixture,  # type: ignore[no-untyped-def]
) -> None:
    from qualitygate import db
    from qualitygate.tasks.monitoring import propose_retrain

    settings = app.config["QG_SETTINGS"]
    with app.app_context():
        s = db.session()
        _review_all(s, "acme", datetime.now(UTC) - timedelta(hours=2))
        before = [(m.name, m.active) for m in model_registry.list_versions(s)]
        app.config["QG_SETTINGS"] = settings.model_copy(update={"retrain_min_reviews": 40})
        try:
            with caplog.at_level(logging.WARNING, logger="qualitygate.tasks.monitoring"):
                [proposal] = propose_retrain.run()
        finally:
            app.config["QG_SETTINGS"] = settings
        assert proposal == {"brand": None, "reviews": 40, "command": "qualitygate retrain"}
        assert "retrain proposed for the default model: 40 reviews" in caplog.text
        assert [(m.name, m.active) for m in model_registry.list_versions(s)] == before
        db.session.remove()
