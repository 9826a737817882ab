"""The writer's feedback page, reached by the signed, expiring link in `links.feedback`.

No login: the token is the credential. GET shows the verdict with every finding highlighted in
place; POST stores the edited text as a new version (committed), then queues it for scoring and
redirects back; GET .../status is what the page's script polls until the new verdict is in.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from itsdangerous import BadSignature, SignatureExpired
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from qualitygate import db
from qualitygate.api.errors import error_response
from qualitygate.errors import ApiError, BadRequest
from qualitygate.logs import submission_id_var
from qualitygate.models import Submission
from qualitygate.schemas import read_feedback_token
from qualitygate.services import revisions, submissions
from qualitygate.settings import Settings
from qualitygate.tasks.celery_app import enqueue_score
from qualitygate.web import pages
from qualitygate.web.security import protect

log = logging.getLogger(__name__)
bp = Blueprint("feedback", __name__)
bp.before_request(protect)


class LinkError(Exception):
    """A feedback link that is expired (410) or not authentic (403)."""

    def __init__(self, status: int, title: str, explanation: str) -> None:
        super().__init__(title)
        self.status, self.title, self.explanation = status, title, explanation


def _settings() -> Settings:
    settings: Settings = current_app.config["QG_SETTINGS"]
    return settings


def _submission(token: str) -> Submission:
    settings = _settings()
    try:
        submission_id = read_feedback_token(settings, token)
    except SignatureExpired:
        raise LinkError(
            410,
            "This feedback link has expired",
            f"Feedback links stay valid for {settings.feedback_link_ttl_days} days. Ask your "
            "editor for a fresh link to this description; nothing you submitted is lost.",
        ) from None
    except BadSignature:
        raise LinkError(
            403,
            "This feedback link is not valid",
            "The link may have been cut short or changed when it was copied. Open it again "
            "from the original message, or ask your editor to send it again.",
        ) from None
    submission_id_var.set(submission_id)
    return submissions.get(db.session(), submission_id)


@bp.errorhandler(LinkError)
def _link_error(exc: LinkError) -> tuple[str, int]:
    log.warning("feedback link refused (%s): %s", exc.status, exc.title)
    return pages.error_page(exc.status, exc.title, exc.explanation)


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError) -> tuple[str, int]:
    log.warning("%s: %s", exc.code, exc.message)
    return pages.error_page(exc.status, "We could not find this description", exc.message)


@bp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError) -> tuple[str, int]:
    log.warning("csrf: %s", exc.description)
    return pages.error_page(
        400,
        "Your form could not be accepted",
        "The page was open in an old browser session. Copy your text, reload the page and "
        "submit again.",
    )


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> tuple[str, int]:
    return pages.error_page(exc.code or 500, exc.name, exc.description or "")


@bp.get("/<token>")
def page(token: str) -> str:
    sub = _submission(token)
    return _render(sub, token)


@bp.post("/<token>")
def resubmit(token: str) -> Response | tuple[str, int]:
    sub = _submission(token)
    text = request.form.get("text", "")
    try:
        base = _base_version(request.form.get("base_version"))
        version = revisions.resubmit(db.session(), sub, text, base_version=base)
    except ApiError as exc:
        # Show the page again with the writer's text kept and the problem explained.
        return _render(sub, token, draft=text, problem=exc.message), exc.status
    enqueue_score(version.id)  # after the commit: the worker must find the version
    log.info("version %s of %s queued for scoring", version.number, sub.id)
    return redirect(url_for(".page", token=token, _anchor="verdict"), code=303)


def _base_version(raw: str | None) -> int | None:
    """The version number the writer edited; a value that is not one is refused, never ignored
    (ignoring it would skip the check that protects a newer version)."""
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        raise BadRequest(f"base_version must be a version number, got {raw[:20]!r}")
    return int(raw)


@bp.get("/<token>/status")
def status(token: str) -> Response | dict[str, Any]:
    try:
        sub = _submission(token)
    except LinkError as exc:
        return error_response(exc.status, "invalid_link", exc.title)
    return revisions.status_dict(sub)


def _render(
    sub: Submission, token: str, draft: str | None = None, problem: str | None = None
) -> str:
    versions = list(sub.versions)
    latest = versions[-1]
    views = pages.history(versions)
    shown = views[0]
    # While the newest version is being scored, its predecessor's verdict still explains a lot.
    previous = next((v for v in views[1:] if v.verdict is not None), None)
    return render_template(
        "web/feedback.html",
        sub=sub,
        token=token,
        current=shown,
        previous=previous,
        history=views,
        pending=latest.verdict is None and sub.status in ("queued", "scoring"),
        draft=latest.text if draft is None else draft,
        problem=problem,
        status_url=url_for(".status", token=token),
    )
