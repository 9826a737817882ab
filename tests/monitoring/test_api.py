"""GET /api/v1/monitoring/drift: tenant-scoped, the error shape, the OpenAPI entry."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qualitygate import db
from qualitygate.services import tenants
from tests.monitoring import streams

TOKEN = "s3cret-metrics-token"
URL = "/api/v1/monitoring/drift"
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


@pytest.fixture
def api(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> tuple[FlaskClient, str]:
    model = streams.write_model_dir(tmp_path / "model", streams.reference())
    settings = app.config["QG_SETTINGS"].model_copy(
        update={"metrics_token": TOKEN, "model_dir": model}
    )
    monkeypatch.setitem(app.config, "QG_SETTINGS", settings)
    with app.app_context():
        s = db.session()
        streams.seed(s, streams.halves()[1][:80], "steady", MONDAY)
        streams.seed(s, streams.halves()[1][:80], "longer", MONDAY, mutate=streams.doubled)
        token = tenants.create(s, "longer").read_token
    return client, token


def test_metrics_token_reads_every_brand(api: tuple[FlaskClient, str]) -> None:
    client, _ = api
    resp = client.get(f"{URL}?week=2026-W47", headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 200
    doc = resp.get_json()
    assert doc["window"] == "2026-W47"
    status = {b["brand"]: b["status"] for b in doc["brands"]}
    assert status == {"longer": "drifting", "steady": "ok"}
    longer = next(b for b in doc["brands"] if b["brand"] == "longer")
    signal = next(s for s in longer["drift"]["signals"] if s["signal"] == "text_length")
    assert signal["status"] == "drifting" and signal["live_n"] == 80
    assert longer["live_accuracy"]["note"].startswith("too few reviews")


def test_a_tenant_reads_its_own_brand_only(api: tuple[FlaskClient, str]) -> None:
    client, token = api
    auth = {"Authorization": f"Bearer {token}"}
    resp = client.get(f"{URL}?week=2026-W47", headers=auth)
    assert resp.status_code == 200
    assert [b["brand"] for b in resp.get_json()["brands"]] == ["longer"]
    other = client.get(f"{URL}?week=2026-W47&brand=steady", headers=auth)
    assert other.status_code == 404 and other.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("query", "field"), [("week=2026-W99", "week"), ("brand=Not%20A%20Slug", "brand")]
)
def test_bad_query_is_422_naming_the_field(
    api: tuple[FlaskClient, str], query: str, field: str
) -> None:
    client, _ = api
    resp = client.get(f"{URL}?{query}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 422
    assert resp.get_json()["error"]["details"][0]["field"] == field


def test_without_a_token_401(api: tuple[FlaskClient, str]) -> None:
    client, _ = api
    resp = client.get(URL)
    assert resp.status_code == 401 and resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_openapi_documents_the_endpoint(client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").get_json()
    op = doc["paths"][URL]["get"]
    assert {p["name"] for p in op["parameters"]} == {"week", "brand"}
    assert set(op["responses"]) == {"200", "401", "404", "422", "429"}
