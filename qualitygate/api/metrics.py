"""Weekly quality metrics over HTTP: `GET /api/v1/metrics/weekly`, bearer-token protected.

Two tokens open it: `QG_METRICS_TOKEN` (every brand) or a tenant's read token (its brand only).
"""

from __future__ import annotations

import hmac
import re
from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, request

from qualitygate import db
from qualitygate.api import auth
from qualitygate.errors import NotFound, Unauthorized, Unprocessable
from qualitygate.models import Tenant
from qualitygate.reports import writers
from qualitygate.reports.weekly import build_report
from qualitygate.reports.weeks import IsoWeek, WeekError
from qualitygate.settings import Settings

bp = Blueprint("metrics", __name__)

_BRAND = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
FORMATS = ("json", "csv")


def _authorize(token: str) -> None:
    """401 unless `Authorization: Bearer <QG_METRICS_TOKEN>`; no token configured: always 401."""
    given = auth.bearer_token()
    ok = (
        bool(token)
        and given is not None
        # Constant time: the comparison must not tell an attacker how much of the token matched.
        and hmac.compare_digest(given.encode(), token.encode())
    )
    if not ok:
        raise Unauthorized("a valid bearer token is required (Authorization: Bearer <token>)")


def invalid_query(field: str, message: str) -> Unprocessable:
    """422 naming the query parameter that is wrong."""
    detail = {"field": field, "message": message, "type": "value_error"}
    return Unprocessable("the query is invalid", details=[detail])


def authorize_reader(settings: Settings) -> Tenant | None:
    """The tenant whose read token opened the view, or None for `QG_METRICS_TOKEN` (else 401)."""
    tenant = auth.current_tenant()
    if tenant is None:
        _authorize(settings.metrics_token)
    return tenant


def requested_brand(tenant: Tenant | None) -> str | None:
    """The `brand` query parameter, checked; a tenant's token reads its own brand only (404)."""
    brand = request.args.get("brand") or None
    if brand is not None and not _BRAND.match(brand):
        raise invalid_query("brand", "brand must be a lower-case slug")
    if tenant is not None:
        if brand not in (None, tenant.slug):
            raise NotFound(f"no brand {brand!r} for this token")
        brand = tenant.slug
    return brand


@bp.get("/metrics/weekly")
@auth.tenant_or_metrics_token
def weekly() -> Response:
    settings: Settings = current_app.config["QG_SETTINGS"]
    tenant = authorize_reader(settings)
    fmt = request.args.get("format", "json")
    if fmt not in FORMATS:
        raise invalid_query("format", f"format must be one of {', '.join(FORMATS)}")
    brand = requested_brand(tenant)
    label = request.args.get("week")
    try:
        week = (
            IsoWeek.parse(label)
            if label
            else IsoWeek.previous_full(datetime.now(UTC), settings.timezone)
        )
    except WeekError as exc:
        raise invalid_query("week", str(exc)) from exc
    report = build_report(db.session(), week, settings.timezone, brand)
    if fmt == "csv":
        name = writers.file_stem(week.label, brand) + ".csv"
        return Response(
            writers.to_csv(report),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return Response(writers.to_json(report), mimetype="application/json")
