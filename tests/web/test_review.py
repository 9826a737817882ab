"""Reviewers: sign-in with CSRF, the queue's order and filters, and recorded decisions."""

from __future__ import annotations

import re
from datetime import timedelta

from flask.testing import FlaskClient

from qualitygate import db
from qualitygate.models import Review, Reviewer
from qualitygate.models._types import utcnow
from qualitygate.services import revisions
from tests.web.conftest import csrf_from, make_reviewer, make_submission, sign_in


def _titles(page: str) -> list[str]:
    return re.findall(r'<a href="/review/items/[0-9a-f]+">([^<]+)</a>', page)


def _product(title: str) -> dict[str, object]:
    return {"sku": title.upper(), "title": title, "category": ["Clothing"], "attributes": {}}


def test_queue_needs_sign_in_and_remembers_where_to_go(client: FlaskClient, reviewer: Reviewer):
    resp = client.get("/review/?brand=default")
    assert resp.status_code == 302 and "/review/login?next=" in resp.headers["Location"]
    page = client.get(resp.headers["Location"]).text
    resp = client.post(
        "/review/login",
        data={
            "username": "rita",
            "password": "correct horse battery",
            "next": "/review/?brand=default",
            "csrf_token": csrf_from(page),
        },
    )
    assert resp.status_code == 303 and resp.headers["Location"] == "/review/?brand=default"


def test_sign_in_refuses_wrong_password_missing_csrf_and_foreign_next(
    client: FlaskClient, reviewer: Reviewer
):
    wrong = sign_in(client, password="not the password")
    assert wrong.status_code == 401 and "wrong password" in wrong.text
    unknown = sign_in(client, username="nobody")
    assert unknown.status_code == 401
    no_token = client.post(
        "/review/login", data={"username": "rita", "password": "correct horse battery"}
    )
    assert no_token.status_code == 400 and "security token" in no_token.text
    assert client.get("/review/").status_code == 302  # still signed out
    page = client.get("/review/login").text
    resp = client.post(
        "/review/login",
        data={
            "username": "rita",
            "password": "correct horse battery",
            "next": "//evil.example/",
            "csrf_token": csrf_from(page),
        },
    )
    assert resp.status_code == 303 and resp.headers["Location"] == "/review/"


def test_queue_orders_low_confidence_first_then_oldest(signed_in: FlaskClient):
    now = utcnow()
    make_submission(product=_product("Newest sure"), created_at=now - timedelta(hours=1))
    make_submission(product=_product("Oldest sure"), created_at=now - timedelta(days=3))
    make_submission(
        product=_product("Unsure"), created_at=now - timedelta(hours=2), low_confidence=True
    )
    make_submission(product=_product("Flagged one"), failed=["seo"])
    make_submission(product=_product("Still scoring"), scored=False)
    page = signed_in.get("/review/").text
    assert _titles(page) == ["Unsure", "Oldest sure", "Newest sure"]
    assert "low confidence" in page
    assert _titles(signed_in.get("/review/?kind=flagged").text) == ["Flagged one"]


def test_queue_filters_by_brand_and_age(signed_in: FlaskClient):
    now = utcnow()
    old, recent = now - timedelta(days=9), now - timedelta(hours=2)
    make_submission(product=_product("Aurelia old"), brand="aurelia", created_at=old)
    make_submission(product=_product("Aurelia new"), brand="aurelia", created_at=recent)
    make_submission(product=_product("Voltix new"), brand="voltix", created_at=now)
    assert _titles(signed_in.get("/review/?brand=aurelia").text) == ["Aurelia old", "Aurelia new"]
    assert _titles(signed_in.get("/review/?age=24h").text) == ["Aurelia new", "Voltix new"]
    assert _titles(signed_in.get("/review/?age=older-7d").text) == ["Aurelia old"]
    assert _titles(signed_in.get("/review/?brand=voltix&age=7d").text) == ["Voltix new"]
    page = signed_in.get("/review/?brand=voltix").text
    assert '<option value="aurelia" >aurelia</option>' in page
    assert '<option value="voltix" selected>voltix</option>' in page


def test_only_the_latest_unreviewed_version_is_queued(signed_in: FlaskClient):
    sub = make_submission(product=_product("Revised"))
    revisions.resubmit(db.session(), sub, "A new text that is not scored yet.")
    assert _titles(signed_in.get("/review/").text) == []


def _review(client: FlaskClient, sub_id: str, **data: object):
    page = client.get(f"/review/items/{sub_id}").text
    return client.post(
        f"/review/items/{sub_id}",
        data={"version": "1", "csrf_token": csrf_from(page), **data},
    )


def test_accepting_records_the_review_and_leaves_the_queue(signed_in: FlaskClient):
    sub = make_submission(product=_product("To accept"))
    page = signed_in.get(f"/review/items/{sub.id}").text
    assert "Your review" in page and 'value="rejected"' in page
    resp = _review(signed_in, sub.id, decision="accepted", gate_wrong=["seo"])
    assert resp.status_code == 303 and resp.headers["Location"] == "/review/"
    review = db.session.query(Review).one()
    assert review.decision == "accepted" and review.override is False
    assert review.gate_wrong == {
        "completeness": False,
        "readability": False,
        "accuracy": False,
        "brand_voice": False,
        "seo": True,
    }
    assert review.reviewer.username == "rita" and review.version.number == 1
    queue = signed_in.get("/review/").text
    assert _titles(queue) == [] and "Recorded: To accept" in queue
    again = _review(signed_in, sub.id, decision="rejected")
    assert again.status_code == 409


def test_edits_are_kept_only_when_accepted_with_edits(signed_in: FlaskClient):
    sub = make_submission(product=_product("Edited"))
    _review(signed_in, sub.id, decision="accepted_with_edits", edited_text="Tidied <b>text</b>.")
    assert db.session.query(Review).one().edited_text == "Tidied <b>text</b>."


def test_overriding_a_flag_needs_a_reason_and_cannot_reject(signed_in: FlaskClient):
    sub = make_submission(product=_product("Flagged"), failed=["brand_voice", "seo"])
    page = signed_in.get(f"/review/items/{sub.id}").text
    assert "Override the gate" in page and 'value="rejected"' not in page
    assert 'value="seo" checked' in page and 'value="accuracy" checked' not in page
    no_reason = _review(signed_in, sub.id, decision="accepted", gate_wrong=["seo"])
    assert no_reason.status_code == 422 and "give a reason" in no_reason.text
    rejected = _review(signed_in, sub.id, decision="rejected", reason="bad")
    assert rejected.status_code == 422
    ok = _review(
        signed_in,
        sub.id,
        decision="accepted",
        reason="House style allows this claim.",
        gate_wrong=["brand_voice", "seo"],
    )
    assert ok.status_code == 303
    review = db.session.query(Review).one()
    assert review.override is True and review.reason == "House style allows this claim."


def test_review_without_csrf_token_is_refused(signed_in: FlaskClient):
    sub = make_submission(product=_product("Guarded"))
    resp = signed_in.post(f"/review/items/{sub.id}", data={"version": "1", "decision": "accepted"})
    assert resp.status_code == 400
    assert db.session.query(Review).count() == 0


def test_a_stale_version_or_unknown_decision_is_refused(signed_in: FlaskClient):
    sub = make_submission(product=_product("Stale"))
    assert _review(signed_in, sub.id, decision="maybe").status_code == 422
    assert _review(signed_in, sub.id, decision="accepted", version="7").status_code == 409
    assert db.session.query(Review).count() == 0


def test_sign_out_ends_the_session(signed_in: FlaskClient):
    page = signed_in.get("/review/").text
    resp = signed_in.post("/review/logout", data={"csrf_token": csrf_from(page)})
    assert resp.status_code == 303
    assert signed_in.get("/review/").status_code == 302


def test_inactive_reviewer_is_signed_out(signed_in: FlaskClient, reviewer: Reviewer):
    stored = db.session.get(Reviewer, reviewer.id)
    assert stored is not None
    stored.active = False
    db.session.commit()
    assert signed_in.get("/review/").status_code == 302


def test_pages_carry_security_headers(client: FlaskClient):
    make_reviewer("sam")
    resp = client.get("/review/login")
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert "HttpOnly" in (sign_in(client, "sam").headers.get("Set-Cookie") or "")
