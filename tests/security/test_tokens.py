"""Read tokens: a tenant sees its own submissions and metrics, and nothing of anyone else's."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qualitygate.services.tenants import Credentials
from tests.conftest import sample_body
from tests.security.conftest import add_tenant, bearer, signed

URL = "/api/v1/submissions"


def _submit(client: FlaskClient, creds: Credentials, brand: str) -> str:
    resp = client.post(URL, **signed(creds.webhook_secret, sample_body(brand=brand)))
    assert resp.status_code == 202
    return str(resp.get_json()["submission_id"])


def test_a_tenant_reads_its_own_submission(secure_client, acme):
    sid = _submit(secure_client, acme, "acme")
    resp = secure_client.get(f"{URL}/{sid}", headers=bearer(acme.read_token))
    assert resp.status_code == 200 and resp.get_json()["brand"] == "acme"


def test_another_tenants_submission_is_404_exactly_like_a_missing_one(secure_client, acme, zeta):
    sid = _submit(secure_client, acme, "acme")
    theirs = secure_client.get(f"{URL}/{sid}", headers=bearer(zeta.read_token))
    missing = secure_client.get(f"{URL}/{'0' * 32}", headers=bearer(zeta.read_token))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.get_json()["error"]["code"] == "not_found"
    assert theirs.get_json()["error"]["message"] == f"no submission with id {sid!r}"


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "token_missing"),
        ({"Authorization": "Bearer qgt_not-a-token"}, "token_invalid"),
        ({"Authorization": "Bearer "}, "token_invalid"),
        ({"Authorization": "Basic YWNtZTpzZWNyZXQ="}, "token_invalid"),
    ],
)
def test_without_a_valid_token_401(secure_client, acme, headers, reason):
    sid = _submit(secure_client, acme, "acme")
    resp = secure_client.get(f"{URL}/{sid}", headers=headers)
    assert resp.status_code == 401
    assert resp.get_json()["error"]["code"] == reason
    assert set(resp.get_json()["error"]) == {"code", "message", "details"}
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_webhook_secret_is_not_a_read_token(secure_client, acme):
    sid = _submit(secure_client, acme, "acme")
    resp = secure_client.get(f"{URL}/{sid}", headers=bearer(acme.webhook_secret))
    assert resp.status_code == 401


def test_a_deactivated_tenants_token_stops_working(secure_app, secure_client, acme):
    from sqlalchemy.orm import Session

    from qualitygate.services import tenants

    sid = _submit(secure_client, acme, "acme")
    with Session(secure_app.extensions["qg_engine"]) as session:
        tenants.set_active(session, "acme", False)
    assert secure_client.get(f"{URL}/{sid}", headers=bearer(acme.read_token)).status_code == 401


def test_optional_mode_reads_without_a_token_but_scopes_with_one(app: Flask, client: FlaskClient):
    acme, zeta = add_tenant(app, "acme"), add_tenant(app, "zeta")
    sid = _submit(client, acme, "acme")
    assert client.get(f"{URL}/{sid}").status_code == 200  # as before tenants existed
    assert client.get(f"{URL}/{sid}", headers=bearer(acme.read_token)).status_code == 200
    assert client.get(f"{URL}/{sid}", headers=bearer(zeta.read_token)).status_code == 404
    wrong = client.get(f"{URL}/{sid}", headers=bearer("qgt_wrong"))
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "token_invalid"


# ---- weekly metrics: the global QG_METRICS_TOKEN, or a tenant token for its brand ------------

METRICS = "/api/v1/metrics/weekly?week=2026-W47"


def test_a_tenant_token_reads_its_brands_metrics_only(secure_client, acme):
    doc = secure_client.get(METRICS, headers=bearer(acme.read_token)).get_json()
    assert list(doc["brands"]) == ["acme"]
    same = secure_client.get(METRICS + "&brand=acme", headers=bearer(acme.read_token))
    assert same.status_code == 200
    other = secure_client.get(METRICS + "&brand=zeta", headers=bearer(acme.read_token))
    assert other.status_code == 404 and other.get_json()["error"]["code"] == "not_found"


def test_metrics_without_a_token_or_with_a_wrong_one_stay_401(secure_client, acme):
    for headers in ({}, bearer("qgt_wrong"), bearer(acme.webhook_secret)):
        resp = secure_client.get(METRICS, headers=headers)
        assert resp.status_code == 401 and resp.get_json()["error"]["code"] == "unauthorized"
