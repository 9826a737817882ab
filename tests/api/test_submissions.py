"""The CMS webhook contract: every documented status, against a real SQLite DB and broker folder."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from qualitygate import db
from qualitygate.models import DescriptionVersion, Submission
from tests.conftest import queued_messages, sample_body

URL = "/api/v1/submissions"


def _count(model: type) -> int:
    return db.session().scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _assert_error(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.get_data(as_text=True)
    body = resp.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_accepts_with_202_after_commit_and_queues_one_task(client: FlaskClient, app: Flask):
    body = sample_body()
    resp = client.post(URL, json=body)
    assert resp.status_code == 202
    data = resp.get_json()
    assert data["status"] == "queued"
    assert data["links"]["self"] == f"http://testserver/api/v1/submissions/{data['submission_id']}"
    assert data["links"]["feedback"].startswith("http://testserver/feedback/")
    # Committed: a fresh session (another connection) sees it.
    db.session.remove()
    stored = db.session().get(Submission, data["submission_id"])
    assert stored is not None and stored.event_id == body["event_id"]
    assert [v.text for v in stored.versions] == [body["description"]["text"]]
    messages = queued_messages(app.config["QG_SETTINGS"])
    assert len(messages) == 1
    payload = json.loads(messages[0].read_text())
    assert payload["headers"]["task"] == "qualitygate.score_version"


def test_replay_with_same_body_answers_200_without_second_row_or_task(client, app):
    body = sample_body()
    first = client.post(URL, json=body)
    # Same content, different key order and whitespace: still the same event.
    replay = client.post(
        URL, data=json.dumps(body, indent=2, sort_keys=True), content_type="application/json"
    )
    assert first.status_code == 202 and replay.status_code == 200
    assert replay.get_json()["submission_id"] == first.get_json()["submission_id"]
    assert _count(Submission) == 1 and _count(DescriptionVersion) == 1
    assert len(queued_messages(app.config["QG_SETTINGS"])) == 1


def test_same_event_with_different_body_is_409(client, app):
    body = sample_body()
    client.post(URL, json=body)
    changed = {**body, "description": {**body["description"], "text": "Different text."}}
    err = _assert_error(client.post(URL, json=changed), 409, "idempotency_conflict")
    assert err["details"]["submission_id"]
    assert _count(Submission) == 1


def test_same_event_id_for_another_brand_is_a_new_submission(client):
    body = sample_body()
    assert client.post(URL, json=body).status_code == 202
    assert client.post(URL, json={**body, "brand": "acme"}).status_code == 202
    assert _count(Submission) == 2


def test_malformed_json_is_400(client):
    resp = client.post(URL, data='{"event_id": "x",', content_type="application/json")
    _assert_error(resp, 400, "malformed_json")
    assert _count(Submission) == 0


def test_wrong_content_type_is_415(client):
    resp = client.post(URL, data=json.dumps(sample_body()), content_type="text/plain")
    err = _assert_error(resp, 415, "unsupported_media_type")
    assert "application/json" in err["message"]


def test_invalid_field_is_422_with_its_path(client):
    body = sample_body()
    body["product"] = {**body["product"], "sku": ""}  # type: ignore[dict-item]
    body["description"] = {**body["description"], "source": "robot"}  # type: ignore[dict-item]
    err = _assert_error(client.post(URL, json=body), 422, "validation_failed")
    fields = {d["field"] for d in err["details"]}
    assert fields == {"product.sku", "description.source"}
    assert all(d["message"] for d in err["details"])


def test_missing_required_fields_are_listed(client):
    err = _assert_error(client.post(URL, json={"brand": "default"}), 422, "validation_failed")
    assert {d["field"] for d in err["details"]} == {"event_id", "product", "description"}


def test_body_that_is_not_an_object_is_422(client):
    err = _assert_error(client.post(URL, json=[1, 2]), 422, "validation_failed")
    assert err["details"][0]["field"] == "(body)"


def test_oversize_body_is_413_and_nothing_stored(client, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = sample_body()
    body["description"] = {**body["description"], "text": "x" * (limit + 10)}  # type: ignore[dict-item]
    _assert_error(client.post(URL, json=body), 413, "payload_too_large")
    assert _count(Submission) == 0


def test_get_submission_shows_queued_status(client):
    created = client.post(URL, json=sample_body()).get_json()
    resp = client.get(f"{URL}/{created['submission_id']}")
    assert resp.status_code == 200
    data = resp.get_json()
    assert data["status"] == "queued"
    assert data["verdict"] is None
    assert data["product"]["attributes"]["Color"] == "Red"
    assert [v["number"] for v in data["versions"]] == [1]


def test_unknown_submission_is_404(client):
    _assert_error(client.get(f"{URL}/does-not-exist"), 404, "not_found")


def test_wrong_method_is_405_in_the_error_shape(client):
    _assert_error(client.delete(URL), 405, "method_not_allowed")


def test_text_is_normalised_before_storage(client):
    body = sample_body()
    body["description"] = {**body["description"], "text": "Cafe\u0301 shorts\x07 in red.\r\nSoft."}  # type: ignore[dict-item]
    sid = client.post(URL, json=body).get_json()["submission_id"]
    stored = client.get(f"{URL}/{sid}").get_json()["versions"][0]["text"]
    assert stored == "Caf\u00e9 shorts in red.\nSoft."
