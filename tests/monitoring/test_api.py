"""GET /api/v1/monitoring/drift: tenant-scoped, the error shape, the OpenAPI entry, and a real
report checked against the published document."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from schemathesis.openapi.checks import JsonSchemaError

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
    body = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/MonitoringReportOut"}
    brand = doc["components"]["schemas"]["BrandHealthOut"]
    assert set(brand["required"]) == BRAND_KEYS


# The wire names, written out: renaming a field of the *Out models changes the API.
BRAND_KEYS = {"brand", "window", "status", "reference_model", "models", "drift", "live_accuracy"}
DRIFT_KEYS = {"status", "verdicts", "note", "signals"}
SIGNAL_KEYS = {"signal", "status", "psi", "p_value", "reference", "live", "live_n"}
ACCURACY_KEYS = {"status", "reviews", "note", "accuracy", "dimension_status", "override_rate"}


def test_a_real_report_conforms_to_the_published_schema(
    app: Flask,
    api: tuple[FlaskClient, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    client, _ = api
    with app.app_context():
        # 40 reviewed verdicts: too few to judge drift (insufficient, with a note), enough for
        # live accuracy (a rate per dimension and an override rate). Beside them, "steady" is ok
        # and "longer" drifting, with their signals.
        streams.seed_reviews(db.session(), 40, {"seo": 10}, 6, "reviewed", MONDAY)
    # The document the app serves, read and checked by the fuzz tests' validator.
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[URL]["GET"]
    headers = {"Authorization": f"Bearer {TOKEN}"}

    resp = client.get(f"{URL}?week=2026-W47", headers=headers)
    assert resp.status_code == 200
    operation.validate_response(resp)
    doc = resp.get_json()
    brands = {b["brand"]: b for b in doc["brands"]}
    assert {b: r["status"] for b, r in brands.items()} == {
        "longer": "drifting",
        "reviewed": "watch",
        "steady": "ok",
    }
    reviewed = brands["reviewed"]
    assert set(reviewed) == BRAND_KEYS
    assert reviewed["window"] == {
        "label": "2026-W47",
        "start": "2026-11-16T00:00:00+00:00",
        "end": "2026-11-23T00:00:00+00:00",
    }
    assert reviewed["reference_model"] == "test-model" and reviewed["models"] == {"test-model": 40}
    drift = reviewed["drift"]
    assert set(drift) == DRIFT_KEYS
    assert drift["status"] == "insufficient" and drift["note"].startswith("too few verdicts")
    assert all(set(s) == SIGNAL_KEYS for s in drift["signals"]) and drift["signals"]
    accuracy = reviewed["live_accuracy"]
    assert set(accuracy) == ACCURACY_KEYS
    assert accuracy["accuracy"]["seo"] == {
        "value": 0.75,
        "ci95": [0.5981, 0.8581],
        "count": 30,
        "n": 40,
    }
    assert accuracy["dimension_status"]["seo"] == "watch"
    assert accuracy["override_rate"] == {
        "value": 0.15,
        "ci95": [0.0706, 0.2907],
        "count": 6,
        "n": 40,
    }
    assert brands["steady"]["live_accuracy"]["override_rate"] is None

    # Without a reference: nulls and empty lists where the numbers were.
    settings = app.config["QG_SETTINGS"]
    monkeypatch.setitem(
        app.config, "QG_SETTINGS", settings.model_copy(update={"model_dir": tmp_path / "none"})
    )
    bare = client.get(f"{URL}?week=2026-W47&brand=steady", headers=headers)
    assert bare.status_code == 200
    operation.validate_response(bare)
    [steady] = bare.get_json()["brands"]
    assert steady["reference_model"] is None and steady["drift"]["signals"] == []
    assert steady["status"] == "insufficient"

    # The check bites: the same report with a number where the schema says an object fails it.
    reviewed["live_accuracy"]["override_rate"] = 0.15
    resp.set_data(json.dumps(doc))
    with pytest.raises(JsonSchemaError, match="LiveAccuracyOut/properties/override_rate"):
        operation.validate_response(resp)
