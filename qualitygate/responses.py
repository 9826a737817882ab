"""The one serializer of the public contract: verdicts and submissions as the `*Out` models.

The API's submission view, the callback body and `qualitygate score` all build their verdict JSON
here, from the pydantic models of schemas.py that the OpenAPI document is generated from, so the
three cannot drift apart (tests/test_responses.py compares them for one version).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualitygate.domain import Finding
from qualitygate.links import submission_links
from qualitygate.models import CallbackAttempt, FindingRow, Submission, Verdict
from qualitygate.pipeline.gate import GateVerdict
from qualitygate.schemas import (
    CallbackAttemptOut,
    CallbackOut,
    DimensionOut,
    FindingOut,
    Links,
    ProductOut,
    SubmissionOut,
    VerdictOut,
    VersionOut,
)
from qualitygate.settings import Settings


def verdict_out(
    verdict: Verdict | GateVerdict, submission_id: str | None, event_id: str
) -> VerdictOut:
    """A stored verdict, or one just decided (`qualitygate score`), in the documented shape."""
    scores = verdict.dimensions.values() if isinstance(verdict, GateVerdict) else verdict.dimensions
    dims = [(d.dimension, d.score, d.passed, d.threshold) for d in scores]
    findings = _findings_out(verdict.findings)
    return VerdictOut(
        submission_id=submission_id,
        event_id=event_id,
        status=verdict.status,
        model_version=verdict.model_version,
        low_confidence=verdict.low_confidence,
        dimensions={
            name: DimensionOut(
                score=round(score, 4),
                passed=passed,
                threshold=threshold,
                findings=[f for f in findings if f.dimension == name],
            )
            for name, score, passed, threshold in dims
        },
        findings=findings,
    )


def verdict_json(
    verdict: Verdict | GateVerdict, submission_id: str | None, event_id: str
) -> dict[str, Any]:
    """`verdict_out` as JSON-ready data (keys in the documented order)."""
    return verdict_out(verdict, submission_id, event_id).model_dump(mode="json")


def _findings_out(findings: Iterable[Finding | FindingRow]) -> list[FindingOut]:
    """Findings just decided or read back from their rows, in the documented shape."""
    return [
        FindingOut(
            dimension=f.dimension,
            rule=f.rule,
            severity=f.severity,
            message=f.message,
            span=f.span,
            suggestion=f.suggestion,
        )
        for f in findings
    ]


def callback_out(session: Session, verdict: Verdict | None) -> CallbackOut:
    """The `callback` object of the submission view: status and every attempt, oldest first."""
    if verdict is None:
        return CallbackOut(status=None, attempts=[])
    stmt = (
        select(CallbackAttempt)
        .where(CallbackAttempt.verdict_id == verdict.id)
        .order_by(CallbackAttempt.attempt, CallbackAttempt.id)
    )
    return CallbackOut(
        status=verdict.callback_status,
        attempts=[
            CallbackAttemptOut(
                attempt=a.attempt,
                outcome=a.outcome,
                http_status=a.http_status,
                error=a.error,
                at=a.created_at.isoformat(),
            )
            for a in session.scalars(stmt)
        ],
    )


def submission_out(session: Session, settings: Settings, sub: Submission) -> SubmissionOut:
    """A submission with every version and its verdict, the latest verdict's callback, links."""
    versions = [
        VersionOut(
            number=v.number,
            text=v.text,
            locale=v.locale,
            author=v.author,
            source=v.source,
            created_at=v.created_at.isoformat(),
            verdict=verdict_out(v.verdict, sub.id, sub.event_id) if v.verdict else None,
        )
        for v in sub.versions
    ]
    latest = sub.versions[-1].verdict if sub.versions else None
    return SubmissionOut(
        submission_id=sub.id,
        event_id=sub.event_id,
        brand=sub.brand,
        status=sub.status,
        error=sub.error,
        product=ProductOut.model_validate(sub.product_dict()),
        callback_url=sub.callback_url,
        created_at=sub.created_at.isoformat(),
        updated_at=sub.updated_at.isoformat(),
        verdict=versions[-1].verdict if versions else None,
        callback=callback_out(session, latest),
        versions=versions,
        links=Links(**submission_links(settings, sub.id)),
    )


def submission_json(session: Session, settings: Settings, sub: Submission) -> dict[str, Any]:
    """`submission_out` as JSON-ready data."""
    return submission_out(session, settings, sub).model_dump(mode="json")
