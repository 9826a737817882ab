"""The OpenAPI 3.1 document, generated from the pydantic models that validate the requests."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from pydantic import BaseModel

from qualitygate import __version__
from qualitygate.schemas import (
    ErrorOut,
    MonitoringReportOut,
    SubmissionAccepted,
    SubmissionIn,
    SubmissionOut,
)

bp = Blueprint("openapi", __name__)

_REF = "#/components/schemas/{model}"


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": _REF.format(model="ErrorOut")}}},
    }


def _json(model: type[BaseModel], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": _REF.format(model=model.__name__)}}},
    }


_METRICS = {
    "get": {
        "operationId": "prometheusMetrics",
        "summary": "Prometheus metrics (series listed in docs/operations.md)",
        "responses": {
            "200": {
                "description": "Text exposition format 0.0.4, or OpenMetrics when the Accept "
                "header asks for application/openmetrics-text",
                "content": {"text/plain": {"schema": {"type": "string"}}},
            }
        },
    }
}


_WEBHOOK_401 = (
    "Signature missing, wrong, stale (over 5 minutes) or the brand is no active tenant: code "
    "signature_missing, signature_invalid, signature_stale or unknown_tenant"
)
_TOKEN_401 = "Tenant token missing or wrong: code token_missing or token_invalid"
_RATE_LIMITED = {
    **_error("The tenant's QG_RATELIMIT is spent (code rate_limited)"),
    "headers": {
        "Retry-After": {
            "description": "Seconds until a request may succeed",
            "schema": {"type": "integer"},
        }
    },
}


def _monitoring_paths(rate_limited: dict[str, Any]) -> dict[str, Any]:
    """`GET /api/v1/monitoring/drift` (api/monitoring.py; the body is `MonitoringReportOut`)."""
    return {
        "/api/v1/monitoring/drift": {
            "get": {
                "operationId": "getDrift",
                "summary": "Drift and live accuracy per brand (ok / watch / drifting)",
                "description": "Each brand's inputs and scores against the serving model's "
                "reference, and live accuracy from reviewers (docs/monitoring.md).",
                "security": [{"metricsToken": []}, {"tenantToken": []}],
                "parameters": [
                    {
                        "name": "week",
                        "in": "query",
                        "required": False,
                        "description": "ISO week; default: the last 7 days",
                        "schema": {"type": "string", "pattern": "^\\d{4}-W\\d{2}$"},
                        "example": "2026-W47",
                    },
                    {
                        "name": "brand",
                        "in": "query",
                        "required": False,
                        "description": "only this brand (default: every brand with activity)",
                        "schema": {"type": "string"},
                    },
                ],
                "responses": {
                    "200": _json(MonitoringReportOut, "One report per brand"),
                    "401": _error("Missing or wrong bearer token (code unauthorized)"),
                    "404": _error("A tenant token asked for another brand (not_found)"),
                    "422": _error("Invalid week or brand (validation_failed)"),
                    "429": rate_limited,
                },
            }
        }
    }


def build_document() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for model in (SubmissionIn, SubmissionAccepted, SubmissionOut, MonitoringReportOut, ErrorOut):
        schema = model.model_json_schema(ref_template=_REF)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "QualityGate API",
            "version": __version__,
            "description": "Product-description quality gate. Every error has the shape "
            '{"error": {"code", "message", "details"}}.',
        },
        "paths": {
            "/api/v1/submissions": {
                "post": {
                    "operationId": "createSubmission",
                    "summary": "CMS webhook: accept a description for scoring",
                    "description": "Signed with the brand's tenant secret: HMAC-SHA256 of "
                    '"<timestamp>.<raw body>" in X-QualityGate-Signature (v1=<hex>). Required '
                    "when QG_AUTH=required; with QG_AUTH=optional an unsigned webhook is "
                    "accepted and a signed one is verified.",
                    "security": [{"webhookSignature": [], "webhookTimestamp": []}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": _REF.format(model="SubmissionIn")}
                            }
                        },
                    },
                    "responses": {
                        "202": _json(
                            SubmissionAccepted, "Accepted and committed; scoring is queued"
                        ),
                        "200": _json(SubmissionAccepted, "Replay of an event already accepted"),
                        "400": _error(
                            "Body is not usable JSON: malformed_json (empty, not JSON, not "
                            "UTF-8, NaN/Infinity, an unpaired surrogate), json_too_deep, "
                            "number_too_long (docs/operations.md lists the limits)"
                        ),
                        "409": _error("Same event_id with a different body (idempotency_conflict)"),
                        "413": _error("Body larger than QG_MAX_BODY_BYTES (payload_too_large)"),
                        "415": _error("Content-Type is not application/json"),
                        "401": _error(_WEBHOOK_401),
                        "422": _error("Validation failed; details list each field path and why"),
                        "429": _RATE_LIMITED,
                    },
                }
            },
            "/api/v1/submissions/{submission_id}": {
                "get": {
                    "operationId": "getSubmission",
                    "summary": "A submission, its status and its verdict",
                    "parameters": [
                        {
                            "name": "submission_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "security": [{"tenantToken": []}],
                    "responses": {
                        "200": _json(SubmissionOut, "The submission"),
                        "401": _error(_TOKEN_401),
                        "404": _error("No such submission, or another tenant's"),
                        "429": _RATE_LIMITED,
                    },
                }
            },
            "/api/v1/metrics/weekly": {
                "get": {
                    "operationId": "getWeeklyMetrics",
                    "summary": "One ISO week's quality metrics per brand and for ALL brands",
                    "description": "Computed on request from the database; the same content as "
                    "the files of `qualitygate export weekly` (docs/metrics.md).",
                    "security": [{"metricsToken": []}, {"tenantToken": []}],
                    "parameters": [
                        {
                            "name": "week",
                            "in": "query",
                            "required": False,
                            "description": "ISO week; default: the previous full week in "
                            "QG_TIMEZONE",
                            "schema": {"type": "string", "pattern": "^\\d{4}-W\\d{2}$"},
                            "example": "2026-W47",
                        },
                        {
                            "name": "format",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "string",
                                "enum": ["json", "csv"],
                                "default": "json",
                            },
                        },
                        {
                            "name": "brand",
                            "in": "query",
                            "required": False,
                            "description": "only this brand (its rows appear, zeros included)",
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The week's metrics",
                            "content": {
                                "application/json": {"schema": {"type": "object"}},
                                "text/csv": {"schema": {"type": "string"}},
                            },
                        },
                        "401": _error("Missing or wrong bearer token (code unauthorized)"),
                        "404": _error("A tenant token asked for another brand (not_found)"),
                        "422": _error("Invalid week, format or brand (validation_failed)"),
                        "429": _RATE_LIMITED,
                    },
                }
            },
            **_monitoring_paths(_RATE_LIMITED),
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This document",
                    "responses": {"200": {"description": "OpenAPI 3.1 document"}},
                }
            },
            "/metrics": _METRICS,
            "/healthz": {
                "get": {
                    "operationId": "healthz",
                    "summary": "Process is up",
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/readyz": {
                "get": {
                    "operationId": "readyz",
                    "summary": "Database and broker reachable",
                    "responses": {
                        "200": {"description": "ready"},
                        "503": {"description": "not ready"},
                    },
                }
            },
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "metricsToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "QG_METRICS_TOKEN",
                },
                "tenantToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A tenant's read token (`qualitygate tenant create SLUG`)",
                },
                "webhookSignature": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-QualityGate-Signature",
                    "description": 'v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">, keyed '
                    "with the brand's tenant secret",
                },
                "webhookTimestamp": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-QualityGate-Timestamp",
                    "description": "Unix seconds when signed; refused beyond 5 minutes",
                },
            },
        },
    }


@bp.get("/openapi.json")
def openapi_json() -> dict[str, Any]:
    return build_document()
