"""Factories for the page tests: submissions with hand-made verdicts (exact spans), reviewers,
CSRF tokens read from the rendered forms, and feedback links signed like the real ones."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from qualitygate import db
from qualitygate.domain import DIMENSIONS
from qualitygate.models import (
    DimensionScore,
    FindingRow,
    Reviewer,
    Submission,
    SubmissionStatus,
    Verdict,
)
from qualitygate.schemas import SubmissionIn, feedback_token
from qualitygate.services import reviews, submissions
from tests.conftest import sample_body

PASSWORD = "correct horse battery"
Finding = tuple[str, str, str, tuple[int, int] | None]  # dimension, severity, message, span


def make_submission(
    *,
    text: str | None = None,
    failed: Iterable[str] = (),
    findings: Sequence[Finding] = (),
    brand: str = "default",
    low_confidence: bool = False,
    created_at: datetime | None = None,
    scored: bool = True,
    **overrides: Any,
) -> Submission:
    """A stored submission whose first version has a verdict failing exactly `failed`."""
    body = sample_body(brand=brand, **overrides)
    if text is not None:
        body["description"] = {**body["description"], "text": text}  # type: ignore[dict-item]
    session = db.session()
    sub = submissions.accept(session, SubmissionIn.model_validate(body)).submission
    if created_at is not None:
        sub.created_at = created_at
    if scored:
        add_verdict(sub, failed=failed, findings=findings, low_confidence=low_confidence)
    session.commit()
    return sub


def add_verdict(
    sub: Submission,
    *,
    failed: Iterable[str] = (),
    findings: Sequence[Finding] = (),
    low_confidence: bool = False,
) -> Verdict:
    failed = set(failed)
    version = sub.latest
    verdict = Verdict(
        version_id=version.id,
        status="flag" if failed else "pass",
        model_version="rules-only",
        low_confidence=low_confidence,
    )
    for dim in DIMENSIONS:
        score = 0.3 if dim in failed else 0.9
        verdict.dimensions.append(
            DimensionScore(
                dimension=dim,
                score=score,
                passed=dim not in failed,
                threshold=0.5,
                rule_score=score,
                model_score=None,
            )
        )
    for dim, severity, message, span in findings:
        verdict.findings.append(
            FindingRow(
                dimension=dim,
                rule=f"{dim}_rule",
                severity=severity,
                message=message,
                span_start=span[0] if span else None,
                span_end=span[1] if span else None,
                suggestion=f"Fix the {dim} problem.",
            )
        )
    db.session.add(verdict)
    sub.status = SubmissionStatus.FLAGGED if failed else SubmissionStatus.PASSED
    db.session.commit()
    return verdict


def make_reviewer(username: str = "rita") -> Reviewer:
    return reviews.create_reviewer(db.session(), username, PASSWORD)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def link_for(app: Flask, sub: Submission) -> str:
    return "/feedback/" + feedback_token(app.config["QG_SETTINGS"], sub.id)


def expired_link_for(app: Flask, sub: Submission) -> str:
    """A genuinely signed link whose timestamp lies past the TTL."""
    settings = app.config["QG_SETTINGS"]
    age = (settings.feedback_link_ttl_days + 1) * 86400

    class PastSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age

    class PastSerializer(URLSafeTimedSerializer):
        default_signer = PastSigner

    token = PastSerializer(settings.secret_key, salt="feedback-link").dumps(sub.id)
    return f"/feedback/{token}"


def sign_in(client: FlaskClient, username: str = "rita", password: str = PASSWORD) -> Any:
    page = client.get("/review/login")
    return client.post(
        "/review/login",
        data={"username": username, "password": password, "csrf_token": csrf_from(page.text)},
    )


@pytest.fixture
def reviewer(client: FlaskClient) -> Reviewer:
    return make_reviewer()


@pytest.fixture
def signed_in(client: FlaskClient, reviewer: Reviewer) -> FlaskClient:
    assert sign_in(client).status_code == 303
    return client
