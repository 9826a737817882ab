"""The CMS webhook and the submission read API."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import Blueprint, current_app, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException

from qualitygate import db, schemas
from qualitygate.api import auth
from qualitygate.api.metrics_prom import record_received
from qualitygate.errors import ApiError, UnsupportedMediaType
from qualitygate.logs import submission_id_var
from qualitygate.schemas import SubmissionIn, submission_links
from qualitygate.services import callbacks, submissions
from qualitygate.tasks import celery_app

bp = Blueprint("submissions", __name__)
M = TypeVar("M", bound=BaseModel)


def parse_json(model: type[M]) -> M:
    """415 unless JSON, 400 if not parseable, 422 (via the error handler) if invalid."""
    if not request.is_json:
        raise UnsupportedMediaType(
            f"Content-Type must be application/json, got {request.mimetype or 'none'!r}"
        )
    return model.model_validate(auth.body_json())  # parsed once, by the signature check


@bp.post("/submissions")
@auth.webhook_signature
def create_submission() -> tuple[dict[str, Any], int]:
    payload = None
    try:
        payload = parse_json(SubmissionIn)
        callbacks.check_intake(current_app.config["QG_SETTINGS"], payload.callback_url)
        accepted = submissions.accept(db.session(), payload)  # committed before any queueing
    except (ApiError, ValidationError, HTTPException):  # the 4xx answers; a 500 is no verdict
        record_received(payload.brand if payload else None, "rejected")
        raise
    record_received(payload.brand, "accepted" if accepted.created else "replayed")
    submission_id_var.set(accepted.submission.id)
    if accepted.created:
        celery_app.enqueue_score(accepted.version_id)
    body = {
        "submission_id": accepted.submission.id,
        "status": accepted.submission.status,
        "links": submission_links(current_app.config["QG_SETTINGS"], accepted.submission.id),
    }
    return body, 202 if accepted.created else 200


@bp.get("/submissions/<submission_id>")
@auth.tenant_token
def get_submission(submission_id: str) -> dict[str, Any]:
    sub = submissions.get(db.session(), submission_id)
    auth.check_brand(sub.brand, f"no submission with id {submission_id!r}")  # same 404 as absent
    return schemas.submission_json(db.session(), current_app.config["QG_SETTINGS"], sub)
