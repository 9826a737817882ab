"""Fuzz the API from its own OpenAPI document (schemathesis): no 5xx, every error in one shape.

The webhook also gets bodies that break the schema outright (raw bytes, deep nesting, huge
numbers, NUL, lone surrogates, bidi and zero-width characters), signed and unsigned, under
QG_AUTH=required: no 5xx there either (`test_schema_breaking_bodies_never_get_a_5xx`).

Each operation gets up to 50 generated requests, valid and invalid, through the WSGI test client
of an app with QG_AUTH=optional, twice: with working credentials (so generated bodies and queries
reach validation rather than stopping at 401) and with generated credential headers. Checks: no
server error, the status and content type are documented for the operation, the body matches
the documented schema, and every 4xx is {"error": {"code", "message", "details"}}.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (  # type: ignore[attr-defined]  (resolved by the registry)
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from qualitygate.api.openapi import build_document
from qualitygate.security.signing import signed_headers
from tests.conftest import sample_body
from tests.security.conftest import add_tenant, bearer

# The operations, known at collection time from the document itself (no app needed).
OPERATIONS = [
    (path, method)
    for path, item in build_document()["paths"].items()
    for method in item
    if path != "/metrics"  # Prometheus text, not JSON; covered by tests/observability
]


def error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx/5xx answer is the one documented error object."""
    if response.status_code < 400:
        return None
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str)
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    error_shape,
]


@pytest.mark.parametrize("credentials", ["valid", "generated"])
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_api_answers_every_generated_request_as_documented(
    app: Flask, client: FlaskClient, path: str, method: str, credentials: str
) -> None:
    # client: the tables are emptied afterwards. (schemathesis's own pytest plugin does not run
    # on pytest 9, so the operation's hypothesis strategy is driven here directly.)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {}
    if credentials == "valid":
        # Reads carry a real tenant token and webhooks go unsigned (optional mode), so generated
        # requests get past authentication into validation; "generated" fuzzes the credential
        # headers themselves (signatures, tokens), which must all end in a clean 401.
        schema.config.generation.update(with_security_parameters=False)
        # A tenant of its own per test: the session app's rate-limit counters outlive a test.
        headers = bearer(add_tenant(app, f"fuzz-{uuid.uuid4().hex[:8]}").read_token)
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=50,
        deadline=None,
        derandomize=True,  # the same requests every run: a failure here is reproducible
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case: Any) -> None:
        case.call_and_validate(checks=CHECKS, headers=headers if method == "get" else None)

    answers_as_documented()


# ---- bodies that break the schema: the JSON reader and the validators, signed and unsigned -----

NASTY_CHARS = ["\u0000", "\ud83d", "\udc00", "\u202e", "\u2066", "\u200b", "\ufeff", "\x1b"]
FIELDS = [
    ("event_id",),
    ("product", "sku"),
    ("product", "title"),
    ("product", "attributes", "Color"),
    ("product", "keywords", 0),
    ("product", "category", 0),
    ("description", "text"),
    ("description", "author"),
    ("description", "locale"),
    ("callback_url",),
]


def _set(body: dict[str, Any], path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    node: Any = body
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return body


def _nasty_field(field: tuple[str | int, ...], text: str, chars: list[str]) -> bytes:
    value = "".join(c + text for c in chars) or text
    return json.dumps(_set(sample_body(brand="acme"), field, value)).encode()


def _nested(depth: int) -> bytes:
    return b'{"brand": "acme", "x": ' + b"[" * depth + b"]" * depth + b"}"


def _big_number(digits: int, where: tuple[str | int, ...]) -> bytes:
    marker = "__number__"
    raw = json.dumps(_set(sample_body(brand="acme"), where, marker))
    return raw.replace(f'"{marker}"', "9" * digits).encode()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
HOSTILE_BODIES = st.one_of(
    st.binary(max_size=300),
    # The interesting sizes straddle the limits and Python's own (recursion, 4,300 digits).
    (st.sampled_from([31, 32, 33, 1000, 5000]) | st.integers(1, 3000)).map(_nested),
    st.builds(
        _big_number,
        st.sampled_from([100, 101, 4300, 4301, 5000]) | st.integers(50, 6000),
        st.sampled_from(FIELDS[:4] + [("x",)]),
    ),
    st.builds(
        _nasty_field,
        st.sampled_from(FIELDS),
        st.text(max_size=30),
        st.lists(st.sampled_from(NASTY_CHARS), max_size=3),
    ),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.sampled_from([b"", b"NaN", b'{"brand": "acme", "x": Infinity}', b'"\\ud83d"', b"\xff"]),
)


@pytest.mark.parametrize("signing", ["tenant", "forged", "unsigned"])
def test_schema_breaking_bodies_never_get_a_5xx(secure_app: Flask, signing: str) -> None:
    """QG_AUTH=required: signed with the tenant's secret (so bodies reach validation), with a
    forged secret, and unsigned. Every answer is below 500 and, when an error, the one shape."""
    client = secure_app.test_client()
    secret = add_tenant(secure_app, "acme").webhook_secret

    @given(raw=HOSTILE_BODIES)
    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_cleanly(raw: bytes) -> None:
        headers = {}
        if signing != "unsigned":
            headers = signed_headers(secret if signing == "tenant" else "forged", raw)
        resp = client.post(
            "/api/v1/submissions", data=raw, content_type="application/json", headers=headers
        )
        assert resp.status_code < 500, (resp.status_code, raw[:200])
        if resp.status_code >= 400:
            body = resp.get_json()
            assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
        if signing != "tenant":
            assert resp.status_code in (400, 401), resp.status_code

    answers_cleanly()
