"""The reviewers' pages: sign in, the queue, one item and its review form.

Sessions are Flask's signed cookie holding the reviewer's id and session version; signing out
bumps the version in the database, so the cookie stops working even if it was kept or copied.
Every form carries a CSRF token. The decisions themselves are recorded by services.reviews.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from qualitygate import db
from qualitygate.domain import DIMENSIONS
from qualitygate.errors import ApiError
from qualitygate.models import Review, ReviewDecision, Reviewer, Submission
from qualitygate.services import reviews, submissions
from qualitygate.web import pages
from qualitygate.web.highlight import DIMENSION_LABELS
from qualitygate.web.security import protect

log = logging.getLogger(__name__)
bp = Blueprint("review", __name__)
bp.before_request(protect)

F = TypeVar("F", bound=Callable[..., object])
DECISIONS = [
    (ReviewDecision.ACCEPTED.value, "Accept as is"),
    (ReviewDecision.ACCEPTED_WITH_EDITS.value, "Accept with minor edits"),
    (ReviewDecision.REJECTED.value, "Reject"),
]
AGE_CHOICES = [
    ("any", "Any age"),
    ("24h", "Last 24 hours"),
    ("7d", "Last 7 days"),
    ("older-7d", "Older than 7 days"),
]


@bp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError) -> tuple[str, int]:
    log.warning("csrf: %s", exc.description)
    return pages.error_page(
        400,
        "Your form could not be accepted",
        "It was missing its security token or came from an old session. Go back, reload the "
        "page and try again.",
    )


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError) -> tuple[str, int]:
    log.warning("%s: %s", exc.code, exc.message)
    return pages.error_page(exc.status, "This item cannot be shown", exc.message)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> tuple[str, int]:
    return pages.error_page(exc.code or 500, exc.name, exc.description or "")


def _current() -> Reviewer | None:
    reviewer_id = session.get("reviewer_id")
    if reviewer_id is None:
        return None
    reviewer = db.session().get(Reviewer, reviewer_id)
    if reviewer is None or not reviewer.active:
        return None
    # A session signed in before the reviewer last signed out was revoked then.
    return reviewer if session.get("session_version") == reviewer.session_version else None


def login_required(view: F) -> F:
    @functools.wraps(view)
    def wrapped(*args: object, **kwargs: object) -> object:
        reviewer = _current()
        if reviewer is None:
            session.pop("reviewer_id", None)
            return redirect(url_for(".login", next=request.full_path.rstrip("?")))
        g.reviewer = reviewer
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _safe_next(target: str | None) -> str:
    """`target` if it is a path on this site, else the queue: never an open redirect.

    Browsers drop tabs and line breaks from a Location and read a backslash as a slash, so
    `/<tab>/evil.example` would lead off-site: only printable, space-free paths are followed.
    """
    if (
        target
        and target.isprintable()
        and not any(c.isspace() for c in target)
        and "\\" not in target
        and target.startswith("/")
        and not target.startswith("//")
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for(".queue")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    next_url = request.values.get("next")
    if request.method == "GET":
        return render_template("web/login.html", next=next_url, problem=None, username="")
    username = request.form.get("username", "")
    reviewer = reviews.authenticate(db.session(), username, request.form.get("password", ""))
    if reviewer is None:
        log.warning("failed sign-in for %r", username[:100])
        problem = "Unknown username or wrong password."
        page = render_template("web/login.html", next=next_url, problem=problem, username=username)
        return page, 401
    session.clear()  # a fresh session (and CSRF token) on sign-in
    session["reviewer_id"] = reviewer.id
    session["session_version"] = reviewer.session_version
    log.info("reviewer %s signed in", reviewer.username)
    return redirect(_safe_next(next_url), code=303)


@bp.post("/logout")
def logout() -> Response:
    reviewer = _current()
    if reviewer is not None:  # revoke this cookie (and any copy of it) server-side
        reviewer.session_version += 1
        db.session().commit()
        log.info("reviewer %s signed out", reviewer.username)
    session.clear()
    flash("You are signed out.")
    return redirect(url_for(".login"), code=303)


@bp.get("/")
@login_required
def queue() -> str:
    kind: reviews.QueueKind = "flagged" if request.args.get("kind") == "flagged" else "passed"
    age = request.args.get("age", "any")
    flt = reviews.QueueFilter(
        kind=kind,
        brand=request.args.get("brand") or None,
        age=age if age in reviews.AGES else "any",
    )
    session["queue"] = request.full_path.rstrip("?")  # where "back" and a recorded review return to
    session_ = db.session()
    items = reviews.queue(session_, flt)
    return render_template(
        "web/queue.html",
        items=items,
        flt=flt,
        brands=reviews.brands(session_),
        ages=AGE_CHOICES,
        ago=pages.ago,
    )


@bp.get("/items/<submission_id>")
@login_required
def item(submission_id: str) -> str:
    sub = submissions.get(db.session(), submission_id)
    return _render_item(sub)


@bp.post("/items/<submission_id>")
@login_required
def record(submission_id: str) -> Response | tuple[str, int]:
    sub = submissions.get(db.session(), submission_id)
    form = request.form
    try:
        review = reviews.record_review(
            db.session(),
            reviewer=g.reviewer,
            submission=sub,
            version_number=form.get("version", type=int) or 0,
            decision=form.get("decision", ""),
            gate_wrong=form.getlist("gate_wrong"),
            reason=form.get("reason"),
            edited_text=form.get("edited_text"),
        )
    except ApiError as exc:
        db.session().rollback()
        return _render_item(sub, problem=exc.message), exc.status
    log.info("review %s recorded on %s (%s)", review.id, sub.id, review.decision)
    flash(f"Recorded: {sub.title} — {dict(DECISIONS)[review.decision].lower()}.")
    return redirect(_queue_url(), code=303)


def _queue_url() -> str:
    """The queue as the reviewer last filtered it."""
    return _safe_next(session.get("queue"))


def _render_item(sub: Submission, problem: str | None = None) -> str:
    versions = list(sub.versions)
    current = pages.version_view(versions[-1], versions[-2] if len(versions) > 1 else None)
    form = request.form if request.method == "POST" else None
    override = current.verdict is not None and current.verdict.status == "flag"
    if form is not None:
        marked = set(form.getlist("gate_wrong"))
    else:  # overriding a flag means the failed dimensions were judged wrongly: pre-mark them
        marked = {d.name for d in current.failed} if override else set()
    return render_template(
        "web/review_item.html",
        sub=sub,
        current=current,
        override=override,
        reviewed=versions[-1].id in _reviewed_ids(sub.id),
        decisions=[d for d in DECISIONS if not (override and d[0] == "rejected")],
        dimensions=[(d, DIMENSION_LABELS[d]) for d in DIMENSIONS],
        marked=marked,
        form=form,
        problem=problem,
        queue_url=_queue_url(),
    )


def _reviewed_ids(submission_id: str) -> set[int]:
    stmt = select(Review.version_id).where(Review.submission_id == submission_id)
    return set(db.session().scalars(stmt))
