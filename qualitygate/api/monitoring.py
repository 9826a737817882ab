"""`GET /api/v1/monitoring/drift`: each brand's drift and live accuracy (docs/monitoring.md).

Tenant-scoped like the weekly metrics: `QG_METRICS_TOKEN` reads every brand, a tenant's read
token its own brand only (another brand answers 404). The work is `monitoring.health`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from qualitygate import db
from qualitygate.api import auth
from qualitygate.api.metrics import authorize_reader, invalid_query, requested_brand
from qualitygate.monitoring.health import Thresholds, all_brands
from qualitygate.monitoring.live import Window
from qualitygate.reports.weeks import IsoWeek, WeekError
from qualitygate.settings import Settings

bp = Blueprint("monitoring", __name__)


@bp.get("/monitoring/drift")
@auth.tenant_or_metrics_token
def drift() -> Response:
    settings: Settings = current_app.config["QG_SETTINGS"]
    brand = requested_brand(authorize_reader(settings))
    label = request.args.get("week")
    try:
        window = (
            Window.week(IsoWeek.parse(label), settings.timezone)
            if label
            else Window.last_days(datetime.now(UTC))
        )
    except WeekError as exc:
        raise invalid_query("week", str(exc)) from exc
    reports = all_brands(
        db.session(), window, settings.model_dir, Thresholds.from_settings(settings), brand
    )
    return jsonify({"window": window.label, "brands": [r.to_dict() for r in reports]})


def _error(description: str) -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


_STATUS = {"type": "string", "enum": ["ok", "watch", "drifting", "insufficient"]}
_RATE = {
    "type": "object",
    "properties": {
        "value": {"type": "number"},
        "ci95": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        "count": {"type": "integer"},
        "n": {"type": "integer"},
    },
}
_BRAND_HEALTH = {
    "type": "object",
    "required": ["brand", "status", "window", "drift", "live_accuracy"],
    "properties": {
        "brand": {"type": "string"},
        "status": _STATUS,
        "window": {"type": "object"},
        "reference_model": {"type": ["string", "null"]},
        "models": {"type": "object", "additionalProperties": {"type": "integer"}},
        "drift": {
            "type": "object",
            "properties": {
                "status": _STATUS,
                "verdicts": {"type": "integer"},
                "note": {"type": "string"},
                "signals": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "signal": {"type": "string", "example": "text_length"},
                            "status": _STATUS,
                            "psi": {"type": "number"},
                            "p_value": {"type": "number"},
                            "reference": {"type": "string"},
                            "live": {"type": "string"},
                            "live_n": {"type": "integer"},
                        },
                    },
                },
            },
        },
        "live_accuracy": {
            "type": "object",
            "properties": {
                "status": _STATUS,
                "reviews": {"type": "integer"},
                "note": {"type": "string"},
                "accuracy": {"type": "object", "additionalProperties": _RATE},
                "dimension_status": {"type": "object", "additionalProperties": _STATUS},
                "override_rate": {"oneOf": [_RATE, {"type": "null"}]},
            },
        },
    },
}


def openapi_paths(rate_limited: dict[str, Any]) -> dict[str, Any]:
    """This module's part of the OpenAPI document."""
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
                    "200": {
                        "description": "One report per brand",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "window": {"type": "string"},
                                        "brands": {"type": "array", "items": _BRAND_HEALTH},
                                    },
                                }
                            }
                        },
                    },
                    "401": _error("Missing or wrong bearer token (code unauthorized)"),
                    "404": _error("A tenant token asked for another brand (not_found)"),
                    "422": _error("Invalid week or brand (validation_failed)"),
                    "429": rate_limited,
                },
            }
        }
    }
