"""The CMS webhook and the submission read API."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from qualitygate import db, responses
from qualitygate.api import auth
from qualitygate.api._request import parse_json
from qualitygate.api.metrics_prom import record_received
from qualitygate.errors import ApiError
from qualitygate.links import submission_links
from qualitygate.logs import submission_id_var
from qualitygate.schemas import SubmissionIn
from qualitygate.services import callbacks, submissions
from qualitygate.tasks import enqueue

bp = Blueprint("submissions", __name__)


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
        enqueue.score(accepted.version_id)
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
    return responses.submission_json(db.session(), current_app.config["QG_SETTINGS"], sub)
