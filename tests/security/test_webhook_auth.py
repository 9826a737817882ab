"""Webhooks are signed per tenant: HMAC-SHA256 over "<timestamp>.<raw body>", 5-minute window."""

from __future__ import annotations

import json
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualitygate.models import Submission
from qualitygate.security.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER
from qualitygate.services import tenants
from qualitygate.services.tenants import Credentials
from tests.conftest import sample_body
from tests.security.conftest import add_tenant, signed

URL = "/api/v1/submissions"


def _refused(resp, reason: str) -> None:
    assert resp.status_code == 401, resp.get_data(as_text=True)
    assert resp.get_json() == {
        "error": {"code": reason, "message": resp.get_json()["error"]["message"], "details": None}
    }


def test_a_correctly_signed_webhook_is_accepted(secure_client: FlaskClient, acme: Credentials):
    resp = secure_client.post(URL, **signed(acme.webhook_secret, sample_body(brand="acme")))
    assert resp.status_code == 202
    assert resp.get_json()["status"] == "queued"


def test_unsigned_webhook_is_refused_when_auth_is_required(secure_client, acme):
    _refused(secure_client.post(URL, json=sample_body(brand="acme")), "signature_missing")


@pytest.mark.parametrize("keep", [TIMESTAMP_HEADER, SIGNATURE_HEADER])
def test_half_a_signature_is_missing(secure_client, acme, keep):
    kwargs = signed(acme.webhook_secret, sample_body(brand="acme"))
    kwargs["headers"] = {keep: kwargs["headers"][keep]}
    _refused(secure_client.post(URL, **kwargs), "signature_missing")


def test_wrong_secret_is_invalid(secure_client, acme, zeta):
    # zeta's secret, acme's brand: a tenant cannot write for another brand.
    resp = secure_client.post(URL, **signed(zeta.webhook_secret, sample_body(brand="acme")))
    _refused(resp, "signature_invalid")


def test_a_body_changed_after_signing_is_invalid(secure_client, acme):
    kwargs = signed(acme.webhook_secret, sample_body(brand="acme"))
    kwargs["data"] = kwargs["data"].replace(b"writer-42", b"writer-43")
    _refused(secure_client.post(URL, **kwargs), "signature_invalid")


def test_the_signature_covers_the_raw_bytes_not_a_reserialisation(secure_client, acme):
    # Whitespace the JSON parser ignores still changes the signed bytes.
    kwargs = signed(acme.webhook_secret, sample_body(brand="acme"))
    kwargs["data"] = kwargs["data"] + b" "
    _refused(secure_client.post(URL, **kwargs), "signature_invalid")


@pytest.mark.parametrize("skew", [-301, 301])
def test_outside_the_five_minute_window_is_stale(secure_client, acme, skew):
    body = sample_body(brand="acme")
    _refused(
        secure_client.post(URL, **signed(acme.webhook_secret, body, now=time.time() + skew)),
        "signature_stale",
    )


def test_within_the_window_is_fresh(secure_client, acme):
    body = sample_body(brand="acme")
    resp = secure_client.post(URL, **signed(acme.webhook_secret, body, now=time.time() - 250))
    assert resp.status_code == 202


def test_a_timestamp_that_is_not_unix_seconds_is_invalid(secure_client, acme):
    raw = json.dumps(sample_body(brand="acme")).encode()
    headers = {TIMESTAMP_HEADER: "yesterday", SIGNATURE_HEADER: "v1=00"}
    resp = secure_client.post(URL, data=raw, content_type="application/json", headers=headers)
    _refused(resp, "signature_invalid")


def test_a_brand_without_a_tenant_is_unknown(secure_client, acme):
    resp = secure_client.post(URL, **signed(acme.webhook_secret, sample_body(brand="nobody")))
    _refused(resp, "unknown_tenant")


def test_a_deactivated_tenant_is_unknown(secure_app: Flask, secure_client, acme):
    with Session(secure_app.extensions["qg_engine"]) as session:
        tenants.set_active(session, "acme", False)
    resp = secure_client.post(URL, **signed(acme.webhook_secret, sample_body(brand="acme")))
    _refused(resp, "unknown_tenant")


def test_rotating_the_secret_retires_the_old_one(secure_app: Flask, secure_client, acme):
    with Session(secure_app.extensions["qg_engine"]) as session:
        new = tenants.rotate_secret(session, "acme")
    old = secure_client.post(URL, **signed(acme.webhook_secret, sample_body(brand="acme")))
    _refused(old, "signature_invalid")
    assert secure_client.post(URL, **signed(new, sample_body(brand="acme"))).status_code == 202


def test_nothing_is_stored_for_a_refused_webhook(secure_app: Flask, secure_client, acme):
    secure_client.post(URL, **signed("not-the-secret", sample_body(brand="acme")))
    with Session(secure_app.extensions["qg_engine"]) as session:
        assert session.query(Submission).count() == 0


def test_a_replay_inside_the_window_is_idempotent(secure_client, acme):
    kwargs = signed(acme.webhook_secret, sample_body(brand="acme"))
    first = secure_client.post(URL, **kwargs)
    again = secure_client.post(URL, **kwargs)
    assert (first.status_code, again.status_code) == (202, 200)
    assert first.get_json()["submission_id"] == again.get_json()["submission_id"]


# ---- QG_AUTH=optional: no credentials pass, presented ones are verified ----------------------


def test_optional_mode_accepts_unsigned_webhooks(client: FlaskClient):
    assert client.post(URL, json=sample_body()).status_code == 202


def test_optional_mode_still_refuses_a_wrong_signature(app: Flask, client: FlaskClient):
    creds = add_tenant(app, "acme")
    resp = client.post(URL, **signed(creds.webhook_secret + "x", sample_body(brand="acme")))
    _refused(resp, "signature_invalid")
    stale = signed(creds.webhook_secret, sample_body(brand="acme"), now=time.time() - 3600)
    _refused(client.post(URL, **stale), "signature_stale")
    good = client.post(URL, **signed(creds.webhook_secret, sample_body(brand="acme")))
    assert good.status_code == 202
