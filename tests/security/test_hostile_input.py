"""Hostile bodies through a real HTTP server (QG_AUTH=required): a clear 4xx, never a 5xx.

Each test first has one submission accepted, then sends the bad request, and checks the answer's
status and code, that no traceback was logged, and that the accepted submission is still there
and nothing was added. Bodies that PostgreSQL cannot store (NUL, lone surrogates) also run there.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from qualitygate import limits
from qualitygate.models import Submission
from qualitygate.security.signing import signed_headers
from qualitygate.services.tenants import Credentials
from tests.conftest import sample_body
from tests.security.conftest import add_tenant, bearer, make_app
from tests.support.services import LiveServer


@dataclass
class Live:
    app: Flask
    url: str
    acme: Credentials
    accepted: str  # the submission accepted before the hostile request

    def post(self, raw: bytes, *, sign: str | None = "acme") -> requests.Response:
        headers = {"Content-Type": "application/json"}
        if sign == "acme":
            headers |= signed_headers(self.acme.webhook_secret, raw)
        elif sign == "forged":
            headers |= signed_headers("not-the-secret", raw)
        return requests.post(
            f"{self.url}/api/v1/submissions", data=raw, headers=headers, timeout=30
        )

    def post_body(self, body: dict[str, Any]) -> requests.Response:
        return self.post(json.dumps(body).encode())

    def nothing_lost(self) -> None:
        """The submission accepted before is intact, and nothing else was stored."""
        with Session(self.app.extensions["qg_engine"]) as s:
            assert s.scalars(sa.select(Submission.id)).all() == [self.accepted]
        resp = requests.get(
            f"{self.url}/api/v1/submissions/{self.accepted}",
            headers=bearer(self.acme.read_token),
            timeout=30,
        )
        assert resp.status_code == 200 and resp.json()["event_id"] == "evt-before"


def _live(tmp_path: Path, **overrides: Any) -> Iterator[Live]:
    for app in make_app(tmp_path, auth="required", **overrides):
        acme = add_tenant(app, "acme")
        server = LiveServer(app)
        try:
            live = Live(app, server.url, acme, "")
            first = live.post_body(sample_body(brand="acme", event_id="evt-before"))
            assert first.status_code == 202, first.text
            live.accepted = first.json()["submission_id"]
            yield live
        finally:
            server.stop()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    yield from _live(tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def live_any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Live]:
    url = "" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    yield from _live(tmp_path, database_url=url)


@pytest.fixture
def live_pg(tmp_path: Path, pg_url: str) -> Iterator[Live]:
    yield from _live(tmp_path, database_url=pg_url)


def _error(resp: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code, body
    error: dict[str, Any] = body["error"]
    return error


def _no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


DEEP = b'{"brand":"acme","x":' + b"[" * 1000 + b"]" * 1000 + b"}"
HUGE = json.dumps(sample_body(brand="acme")).replace('"3"', "1" * 5000).encode()


@pytest.mark.parametrize("sign", ["acme", "forged", None])
@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (DEEP, "json_too_deep"),
        (HUGE, "number_too_long"),
        (b'{"brand": "acme", "n": 1.' + b"5" * 5000 + b"}", "number_too_long"),
        (b"", "malformed_json"),
        (b"{not json", "malformed_json"),
        (b'{"brand": "acme", "x": "\xff\xfe"}', "malformed_json"),
        (b'{"brand": "acme", "x": NaN}', "malformed_json"),
        (b'{"brand": "acme", "x": -Infinity}', "malformed_json"),
    ],
    ids=["deep", "5000-digit-int", "5000-digit-float", "empty", "syntax", "utf8", "nan", "inf"],
)
def test_a_body_that_is_not_usable_json_is_400_before_authentication(
    live: Live, caplog: pytest.LogCaptureFixture, raw: bytes, code: str, sign: str | None
) -> None:
    caplog.set_level(logging.INFO)
    error = _error(live.post(raw, sign=sign), 400, code)
    if code == "json_too_deep":
        assert error["details"] == {"limit": limits.MAX_JSON_DEPTH}
    _no_traceback(caplog)
    live.nothing_lost()


def _with(path: str, value: Any, *, key: bool = False) -> dict[str, Any]:
    """The sample body with `value` at dotted `path` (or, with key=True, as an attribute name)."""
    body = copy.deepcopy(sample_body(brand="acme"))
    if key:
        body["product"]["attributes"][value] = "x"  # type: ignore[index]
        return body
    *parents, last = path.split(".")
    node: Any = body
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return body


@pytest.mark.parametrize(
    "body",
    [
        _with("product.attributes.Color", "Red \ud83d"),
        _with("", "\ud83d", key=True),
        _with("product.keywords.0", "\udc00 shorts"),
        _with("description.text", "Lovely \ud83d shorts."),
    ],
    ids=["attribute-value", "attribute-key", "keyword", "text"],
)
def test_a_lone_surrogate_is_400_on_both_databases(live_any_db: Live, body: dict[str, Any]):
    # json.dumps writes the surrogate as the escape "\ud83d", exactly what a careless CMS sends.
    error = _error(live_any_db.post_body(body), 400, "malformed_json")
    [detail] = error["details"]
    assert detail["type"] == "invalid_unicode" and detail["field"]
    live_any_db.nothing_lost()


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("event_id", "event_id"),
        ("product.sku", "product.sku"),
        ("product.attributes.Color", "product.attributes.Color"),
        ("product.keywords.0", "product.keywords.0"),
        ("product.category.0", "product.category.0"),
        ("description.author", "description.author"),
        ("description.locale", "description.locale"),
    ],
)
def test_a_nul_character_is_refused_naming_its_field_on_postgresql(
    live_pg: Live, path: str, field: str
) -> None:
    error = _error(live_pg.post_body(_with(path, "abc\u0000def")), 422, "validation_failed")
    assert [d["field"] for d in error["details"]] == [field]
    live_pg.nothing_lost()


def test_a_nul_in_an_attribute_name_is_refused_on_postgresql(live_pg: Live) -> None:
    error = _error(live_pg.post_body(_with("", "Col\u0000or", key=True)), 422, "validation_failed")
    assert error["details"][0]["field"].startswith("product.attributes")
    live_pg.nothing_lost()


@pytest.mark.parametrize(
    ("path", "value", "field", "kind"),
    [
        ("product.title", "\u200b\u200c\u200d\ufeff", "product.title", "value_error"),
        ("product.title", "Shorts \u202eetihw\u202c", "product.title", "value_error"),
        ("description.text", "Red \u2066shorts\u2069.", "description.text", "value_error"),
        ("product.attributes.Color", "\u202dRed", "product.attributes.Color", "value_error"),
        (
            "product.attributes.Color",
            "x" * (limits.MAX_ATTRIBUTE_VALUE_CHARS + 1),
            "product.attributes.Color",
            "string_too_long",
        ),
        (
            "product.keywords.0",
            "k" * (limits.MAX_KEYWORD_CHARS + 1),
            "product.keywords.0",
            "string_too_long",
        ),
    ],
    ids=["zero-width-title", "bidi-title", "bidi-text", "bidi-attr", "long-attr", "long-keyword"],
)
def test_meaningless_fields_are_422_naming_the_field(
    live: Live, path: str, value: str, field: str, kind: str
) -> None:
    error = _error(live.post_body(_with(path, value)), 422, "validation_failed")
    assert [(d["field"], d["type"]) for d in error["details"]] == [(field, kind)]
    live.nothing_lost()


def test_an_attribute_number_that_overflows_to_infinity_is_422(live: Live) -> None:
    raw = json.dumps(sample_body(brand="acme")).replace('"3"', "1e999").encode()
    error = _error(live.post(raw), 422, "validation_failed")
    assert [(d["field"], d["type"]) for d in error["details"]] == [
        ("product.attributes.Pack of", "finite_number")
    ]
    live.nothing_lost()


def test_limits_that_real_catalogues_meet_are_accepted(live: Live) -> None:
    body = _with("product.attributes.Color", "x" * limits.MAX_ATTRIBUTE_VALUE_CHARS)
    body["product"]["keywords"] = ["k" * limits.MAX_KEYWORD_CHARS]
    body["event_id"] = "evt-at-the-limits"
    body["product"]["title"] = "Shorts \u200b"  # a zero-width space beside visible text is fine
    assert live.post_body(body).status_code == 202


@pytest.mark.parametrize("week", ["9999-W52", "1999-W52", "0001-W01"])
def test_a_week_outside_the_supported_years_is_422_not_a_500(live: Live, week: str) -> None:
    resp = requests.get(
        f"{live.url}/api/v1/metrics/weekly?week={week}",
        headers=bearer(live.acme.read_token),
        timeout=30,
    )
    error = _error(resp, 422, "validation_failed")
    assert error["details"][0]["field"] == "week"
    assert str(limits.MAX_WEEK_YEAR) in error["details"][0]["message"]
    live.nothing_lost()
