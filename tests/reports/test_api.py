"""GET /api/v1/metrics/weekly: bearer token, formats, the error shape, the OpenAPI entry."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from qualitygate import db
from qualitygate.reports.weeks import IsoWeek
from tests.reports import factories as f

TOKEN = "s3cret-metrics-token"
URL = "/api/v1/metrics/weekly"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def api(app, client, monkeypatch):
    settings = app.config["QG_SETTINGS"].model_copy(update={"metrics_token": TOKEN})
    monkeypatch.setitem(app.config, "QG_SETTINGS", settings)
    with app.app_context():
        s = db.session()
        for brand, failed in [("acme", []), ("acme", ["seo"]), ("zeta", [])]:
            sub = f.submission(s, datetime(2026, 11, 18, 8, tzinfo=UTC), brand)
            f.verdict(s, sub.versions[0], 2.0, failed)
        s.commit()
    return client


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": "Basic x"}],
)
def test_without_the_right_token_401_in_the_error_shape(api, headers):
    resp = api.get(f"{URL}?week=2026-W47", headers=headers)
    assert resp.status_code == 401
    assert resp.get_json()["error"]["code"] == "unauthorized"
    assert set(resp.get_json()["error"]) == {"code", "message", "details"}
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_no_configured_token_keeps_the_endpoint_closed(client):
    resp = client.get(f"{URL}?week=2026-W47", headers={"Authorization": "Bearer "})
    assert resp.status_code == 401


def test_json_for_a_week(api):
    resp = api.get(f"{URL}?week=2026-W47", headers=AUTH)
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    doc = resp.get_json()
    assert doc["week"] == "2026-W47" and list(doc["brands"]) == ["ALL", "acme", "zeta"]
    assert doc["brands"]["ALL"]["scored"]["total"] == 3
    assert doc["brands"]["acme"]["pass_rate"]["total"] == 0.5


def test_csv_for_one_brand(api):
    resp = api.get(f"{URL}?week=2026-W47&format=csv&brand=zeta", headers=AUTH)
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert 'filename="qualitygate-metrics-2026-W47-zeta.csv"' in resp.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    assert {r["brand"] for r in rows} == {"zeta"}
    scored = [r for r in rows if r["metric"] == "scored" and not r["breakdown"]]
    assert [r["value"] for r in scored] == ["1"]


def test_default_week_is_the_previous_full_week(api):
    doc = api.get(URL, headers=AUTH).get_json()
    assert doc["week"] == IsoWeek.previous_full(datetime.now(UTC), "UTC").label


@pytest.mark.parametrize(
    ("query", "field"),
    [("week=2026-47", "week"), ("week=2025-W53", "week"), ("format=xml", "format"),
     ("brand=Not%20A%20Slug", "brand")],
)  # fmt: skip
def test_invalid_query_422(api, query, field):
    resp = api.get(f"{URL}?{query}", headers=AUTH)
    assert resp.status_code == 422
    err = resp.get_json()["error"]
    assert err["code"] == "validation_failed" and err["details"][0]["field"] == field


def test_openapi_documents_the_endpoint(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    op = doc["paths"][URL]["get"]
    assert {p["name"] for p in op["parameters"]} == {"week", "format", "brand"}
    assert set(op["responses"]) == {"200", "401", "404", "422", "429"}
    assert op["security"] == [{"metricsToken": []}, {"tenantToken": []}]
    assert doc["components"]["securitySchemes"]["metricsToken"]["scheme"] == "bearer"
