"""The writer's feedback page: links, highlights, escaping, resubmission and the status poll."""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient

from qualitygate import db
from qualitygate.models import DescriptionVersion, Submission
from qualitygate.schemas import feedback_token
from tests.conftest import queued_messages
from tests.web.conftest import csrf_from, expired_link_for, link_for, make_submission

TEXT = "Red cycling shorts, pack of 2. The best shorts ever made for the gym."


def _span(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


PACK = _span("pack of 2")
HYPE = _span("The best shorts ever made for the gym")
BEST = _span("best shorts eve")  # overlaps HYPE


def _flagged() -> Submission:
    return make_submission(
        text=TEXT,
        failed=["accuracy"],
        findings=[
            ("accuracy", "error", "Text says 'pack of 2', but attribute Pack of is '3'.", PACK),
            ("brand_voice", "warning", "Unverifiable claim.", HYPE),
            ("seo", "info", "Superlative without a fact.", BEST),
            ("completeness", "warning", "Needs a size attribute.", None),
        ],
    )


def test_page_shows_product_verdict_scores_and_highlights(app: Flask, client: FlaskClient):
    sub = _flagged()
    resp = client.get(link_for(app, sub))
    assert resp.status_code == 200
    page = resp.text
    assert "Alisha Solid Women&#39;s Cycling Shorts" in page
    assert '<th scope="row">Fabric</th><td>Cotton Lycra</td>' in page
    assert "Flagged." in page and "needs work on 1 of 5 dimensions: Accuracy" in page
    assert page.count('class="bar-fill bar-fail"') == 1 and page.count("bar-fill bar-pass") == 4
    # Each finding is explained in the list beside the text, with its fix.
    for message in ("pack of 2", "Unverifiable claim.", "Needs a size attribute."):
        assert message in html.unescape(page)
    assert "Fix the accuracy problem." in page


def test_overlapping_spans_become_focusable_marks_that_cover_the_text(
    app: Flask, client: FlaskClient
):
    sub = _flagged()
    page = client.get(link_for(app, sub)).text
    marks = re.findall(
        r"<mark tabindex=\"0\" class=\"([^\"]+)\" data-tip=\"([^\"]*)\" "
        r"aria-describedby=\"([^\"]+)\">([^<]*)</mark>",
        page,
    )
    texts = [html.unescape(m[3]) for m in marks]
    # HYPE [31,68) and BEST [35,50) overlap: cut into three pieces, the middle one under both.
    assert texts == ["pack of 2", "The ", "best shorts eve", "r made for the gym"]
    assert marks[0][0].startswith("hl dim-accuracy sev-error")
    assert "hl-multi" in marks[2][0] and "hl-multi" not in marks[1][0]
    assert len(marks[2][2].split()) == 2  # described by both findings
    for anchor in marks[2][2].split():
        assert f'id="{anchor}"' in page
    tip = html.unescape(marks[0][1])
    assert "Accuracy (error)" in tip and "Fix: Fix the accuracy problem." in tip
    # Nothing of the text is lost or duplicated by the cutting.
    block = re.search(r'<div class="description" id="v1-text">(.*?)</div>', page, re.S)
    assert block is not None
    assert html.unescape(re.sub(r"<[^>]+>", "", block.group(1))) == TEXT


def test_untrusted_text_title_and_attributes_render_inert(app: Flask, client: FlaskClient):
    evil = 'Nice <script>alert("x")</script> shorts <img src=x onerror=alert(1)> here.'
    sub = make_submission(
        text=evil,
        failed=["seo"],
        findings=[("seo", "warning", "Odd markup '<img src=x onerror=alert(1)>'", (34, 59))],
        product={
            "sku": "SKU-<b>",
            "title": "<script>alert('title')</script>",
            "category": ["<i>Cat</i>"],
            "attributes": {"<b>Colour</b>": '"><svg onload=alert(3)>'},
            "keywords": [],
        },
    )
    resp = client.get(link_for(app, sub))
    page = resp.text
    assert resp.status_code == 200
    assert "<script>alert" not in page and "<img src=x" not in page and "<svg onload" not in page
    assert "<b>" not in page and "<i>Cat" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    # The only scripts are our own static file; the policy forbids inline ones.
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/assets/feedback.js" defer>']
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "same-origin"
    assert resp.headers["Cache-Control"] == "no-store"


def test_expired_and_tampered_links_get_explained_pages(app: Flask, client: FlaskClient):
    sub = _flagged()
    expired = client.get(expired_link_for(app, sub))
    assert expired.status_code == 410
    assert "text/html" in expired.content_type and "has expired" in expired.text
    assert "Traceback" not in expired.text

    good = link_for(app, sub)
    tampered = client.get(good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb"))
    assert tampered.status_code == 403 and "not valid" in tampered.text

    status = client.get(good[:-3] + "xyz/status")
    assert status.status_code == 403 and status.json["error"]["code"] == "invalid_link"

    # A well-formed token for this submission, signed with another key.
    other = app.config["QG_SETTINGS"].model_copy(update={"secret_key": "someone-else"})
    forged = client.get("/feedback/" + feedback_token(other, sub.id))
    assert forged.status_code == 403


def test_resubmission_stores_version_2_queues_it_and_redirects(app: Flask, client: FlaskClient):
    sub = _flagged()
    link = link_for(app, sub)
    before = len(queued_messages(app.config["QG_SETTINGS"]))
    token = csrf_from(client.get(link).text)
    fixed = TEXT.replace("pack of 2", "pack of 3")

    resp = client.post(link, data={"text": fixed, "base_version": "1", "csrf_token": token})

    assert resp.status_code == 303 and resp.headers["Location"].endswith(link + "#verdict")
    db.session.expire_all()
    stored = db.session.get(Submission, sub.id)
    assert stored is not None and stored.status == "queued"
    assert [v.number for v in stored.versions] == [1, 2]
    assert stored.latest.text == fixed and stored.latest.author == "writer-42"
    assert len(queued_messages(app.config["QG_SETTINGS"])) == before + 1
    # The page now says it is scoring, keeps the last verdict, and shows what changed.
    page = client.get(link).text
    assert 'data-poll="1"' in page and "Scoring version 2" in page
    assert "version 1, the last one scored" in page
    assert "<del>2</del><ins>3</ins>" in page
    assert client.get(link + "/status").json == {
        "submission_id": sub.id,
        "status": "queued",
        "version": 2,
        "verdict": None,
        "error": None,
    }


def test_resubmission_without_csrf_token_is_refused(app: Flask, client: FlaskClient):
    sub = _flagged()
    link = link_for(app, sub)
    client.get(link)
    resp = client.post(link, data={"text": "A new text.", "base_version": "1"})
    assert resp.status_code == 400 and "could not be accepted" in resp.text
    resp = client.post(link, data={"text": "A new text.", "csrf_token": "forged"})
    assert resp.status_code == 400
    assert db.session.query(DescriptionVersion).count() == 1


def test_unchanged_empty_or_stale_text_is_explained_and_kept(app: Flask, client: FlaskClient):
    sub = _flagged()
    link = link_for(app, sub)
    token = csrf_from(client.get(link).text)
    same = client.post(link, data={"text": TEXT, "base_version": "1", "csrf_token": token})
    assert same.status_code == 422 and "unchanged" in same.text
    empty = client.post(link, data={"text": "  ", "base_version": "1", "csrf_token": token})
    assert empty.status_code == 422 and "empty" in empty.text
    stale = client.post(link, data={"text": "Edited <b>", "base_version": "0", "csrf_token": token})
    assert stale.status_code == 409 and "Edited &lt;b&gt;</textarea>" in stale.text
    assert db.session.query(DescriptionVersion).count() == 1


def test_passed_page_and_status(app: Flask, client: FlaskClient):
    sub = make_submission()
    link = link_for(app, sub)
    page = client.get(link).text
    assert "Passed." in page and 'data-poll="1"' not in page
    assert client.get(link + "/status").json["verdict"] == "pass"


def test_static_assets_are_served(client: FlaskClient):
    for name in ("qualitygate.css", "feedback.js"):
        resp = client.get(f"/assets/{name}")
        assert resp.status_code == 200 and resp.headers["X-Content-Type-Options"] == "nosniff"
        resp.close()
