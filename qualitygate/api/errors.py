"""One error shape for the whole API: {"error": {"code", "message", "details"}}.

One set of handlers maps the domain's exceptions (qualitygate/errors.py, each with its HTTP
status), pydantic's validation errors and werkzeug's HTTP errors to JSON; it logs 4xx as warnings
and 5xx with the traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from qualitygate.errors import ApiError, validation_details

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str, details: Any = None) -> Response:
    resp = jsonify({"error": {"code": code, "message": message, "details": details}})
    resp.status_code = status
    return resp


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        _log(exc.status, "%s: %s", exc.code, exc.message)
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError) -> Response:
        details = validation_details(exc)
        log.warning("validation_failed: %s", [d["field"] for d in details])
        return error_response(422, "validation_failed", "the request body is invalid", details)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        status = exc.code or 500
        code = _HTTP_CODES.get(status, "http_error")
        _log(status, "%s: %s", code, exc.description)
        resp = error_response(status, code, exc.description or exc.name)
        if status == 405 and exc.get_response().headers.get("Allow"):
            resp.headers["Allow"] = exc.get_response().headers["Allow"]
        return resp

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error")
        return error_response(500, "internal_error", "an unexpected error occurred")


def _log(status: int, msg: str, *args: Any) -> None:
    if status >= 500:
        log.error(msg, *args, exc_info=True)
    else:
        log.warning(msg, *args)
