"""Fuzz the API from its own OpenAPI document (schemathesis): no 5xx, every error in one shape.

Each operation gets up to 50 generated requests, valid and invalid, through the WSGI test client
of an app with QG_AUTH=optional, twice: with working credentials (so generated bodies and queries
reach validation rather than stopping at 401) and with generated credential headers. Checks: no
server error, the status and content type are documented for the operation, the body matches
the documented schema, and every 4xx is {"error": {"code", "message", "details"}}.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (  # type: ignore[attr-defined]  (resolved by the registry)
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from qualitygate.api.openapi import build_document
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
