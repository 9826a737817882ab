"""Refused clearly: rate limit per tenant (429), body size (413), lengths and counts (422)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qualitygate import db
from qualitygate.models import Submission
from tests.conftest import sample_body
from tests.security.conftest import add_tenant, bearer, make_app, signed

URL = "/api/v1/submissions"


@pytest.fixture
def limited_app(tmp_path: Path) -> Iterator[Flask]:
    yield from make_app(tmp_path, auth="required", ratelimit="3/minute")


def test_a_tenant_over_its_rate_gets_429_with_retry_after(limited_app: Flask):
    client = limited_app.test_client()
    acme, zeta = add_tenant(limited_app, "acme"), add_tenant(limited_app, "zeta")
    codes = [
        client.post(URL, **signed(acme.webhook_secret, sample_body(brand="acme"))).status_code
        for _ in range(3)
    ]
    assert codes == [202] * 3
    over = client.post(URL, **signed(acme.webhook_secret, sample_body(brand="acme")))
    assert over.status_code == 429
    assert over.get_json()["error"]["code"] == "rate_limited"
    assert set(over.get_json()["error"]) == {"code", "message", "details"}
    assert 0 < int(over.headers["Retry-After"]) <= 60
    # Reads count against the same tenant; another tenant has its own allowance.
    sid = "0" * 32
    assert client.get(f"{URL}/{sid}", headers=bearer(acme.read_token)).status_code == 429
    other = client.post(URL, **signed(zeta.webhook_secret, sample_body(brand="zeta")))
    assert other.status_code == 202


def test_a_refused_signature_does_not_spend_the_tenants_allowance(limited_app: Flask):
    client = limited_app.test_client()
    acme = add_tenant(limited_app, "acme")
    for _ in range(5):
        resp = client.post(URL, **signed("forged", sample_body(brand="acme")))
        assert resp.status_code == 401
    ok = client.post(URL, **signed(acme.webhook_secret, sample_body(brand="acme")))
    assert ok.status_code == 202


def test_a_body_over_the_limit_is_413(secure_client: FlaskClient, secure_app: Flask, acme):
    body = sample_body(brand="acme")
    body["description"] = {"text": "x" * (secure_app.config["QG_SETTINGS"].max_body_bytes + 1)}
    resp = secure_client.post(URL, **signed(acme.webhook_secret, body))
    assert resp.status_code == 413
    assert resp.get_json()["error"]["code"] == "payload_too_large"


def _invalid(client: FlaskClient, **overrides: object) -> dict[str, object]:
    resp = client.post(URL, json=sample_body(**overrides))
    assert resp.status_code == 422
    error: dict[str, object] = resp.get_json()["error"]
    assert error["code"] == "validation_failed"
    return error


def test_a_description_over_50000_characters_is_422_on_its_field(client: FlaskClient):
    error = _invalid(client, description={"text": "word " * 10_001})
    assert error["details"] == [
        {
            "field": "description.text",
            "message": "String should have at most 50000 characters",
            "type": "string_too_long",
        }
    ]


def test_more_than_200_attributes_is_422_on_its_field(client: FlaskClient):
    product = sample_body()["product"]
    assert isinstance(product, dict)
    product["attributes"] = {f"Attr {i}": "x" for i in range(201)}
    error = _invalid(client, product=product)
    [detail] = error["details"]  # type: ignore[misc]
    assert detail["field"] == "product.attributes" and detail["type"] == "too_long"


def test_text_is_nfc_normalised_and_stripped_of_control_characters(client: FlaskClient):
    decomposed = "Cafe\u0301 shorts\x00 with\x1b a\u200b bell\x07.\r\nMachine wash."
    resp = client.post(URL, json=sample_body(description={"text": decomposed}))
    assert resp.status_code == 202
    stored = db.session().get(Submission, resp.get_json()["submission_id"])
    assert stored is not None
    text = stored.latest.text
    assert text == "Café shorts with a\u200b bell.\nMachine wash."
    assert unicodedata.is_normalized("NFC", text)


def test_html_in_a_description_is_kept_as_text(client: FlaskClient):
    # Analysed as text and stored verbatim; the pages escape it when they render it
    # (tests/web/test_feedback.py::test_untrusted_text_title_and_attributes_render_inert).
    evil = 'Red <script>alert("x")</script> shorts <img src=x onerror=alert(1)>.'
    resp = client.post(URL, json=sample_body(description={"text": evil}))
    assert resp.status_code == 202
    sid = resp.get_json()["submission_id"]
    assert client.get(f"{URL}/{sid}").get_json()["versions"][0]["text"] == evil
