"""Scoring a stored description version and recording its verdict exactly once."""

from __future__ import annotations

import logging
import time
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualitygate.domain import Draft, Product
from qualitygate.gate import GateVerdict
from qualitygate.models import (
    DescriptionVersion,
    DimensionScore,
    FindingRow,
    SubmissionStatus,
    Verdict,
)
from qualitygate.scoring import Scorer

log = logging.getLogger(__name__)


def draft_of(version: DescriptionVersion) -> Draft:
    sub = version.submission
    product = Product(
        sku=sub.sku,
        title=sub.title,
        category=tuple(sub.category or ()),
        attributes=dict(sub.attributes or {}),
        keywords=tuple(sub.keywords or ()),
    )
    return Draft(brand=sub.brand, product=product, text=version.text, locale=version.locale)


def score_version(session: Session, scorer: Scorer, version_id: int) -> Verdict | None:
    """Score one version and commit its verdict. Idempotent: a second call writes nothing.

    Returns the verdict (new or existing), or None when the version does not exist.
    """
    version = session.get(DescriptionVersion, version_id)
    if version is None:
        log.warning("version %s does not exist; nothing to score", version_id)
        return None
    if version.verdict is not None:
        return version.verdict
    sub = version.submission
    sub.status = SubmissionStatus.SCORING
    session.commit()

    started = time.perf_counter()
    result = scorer.score(draft_of(version))
    verdict = _verdict_row(version, result, (time.perf_counter() - started) * 1000)
    session.add(verdict)
    if version.id == sub.latest.id:
        sub.status = (
            SubmissionStatus.PASSED if result.status == "pass" else SubmissionStatus.FLAGGED
        )
        sub.error = None
    try:
        session.commit()
    except IntegrityError:
        # Another delivery of this task recorded the verdict first: keep theirs.
        session.rollback()
        session.refresh(version)
        return version.verdict
    return verdict


def mark_error(session: Session, version_id: int, reason: str) -> None:
    version = session.get(DescriptionVersion, version_id)
    if version is None:
        return
    version.submission.status = SubmissionStatus.ERROR
    version.submission.error = reason[:2000]
    session.commit()


def _verdict_row(version: DescriptionVersion, result: GateVerdict, elapsed_ms: float) -> Verdict:
    verdict = Verdict(
        version_id=version.id,
        status=result.status,
        model_version=result.model_version,
        low_confidence=result.low_confidence,
        scoring_ms=elapsed_ms,
    )
    for dim, d in result.dimensions.items():
        verdict.dimensions.append(
            DimensionScore(
                dimension=dim,
                score=d.score,
                passed=d.passed,
                threshold=d.threshold,
                rule_score=d.rule_score,
                model_score=d.model_score,
            )
        )
        for f in d.findings:
            verdict.findings.append(
                FindingRow(
                    dimension=f.dimension,
                    rule=f.rule,
                    severity=f.severity,
                    message=f.message,
                    span_start=f.span[0] if f.span else None,
                    span_end=f.span[1] if f.span else None,
                    suggestion=f.suggestion,
                )
            )
    return verdict


def verdict_dict(verdict: Verdict, submission_id: str | None, event_id: str) -> dict[str, Any]:
    """The documented verdict shape (VerdictOut)."""
    findings = [_finding_dict(f) for f in verdict.findings]
    dims: dict[str, Any] = {}
    for d in verdict.dimensions:
        dims[d.dimension] = {
            "score": round(d.score, 4),
            "passed": d.passed,
            "threshold": d.threshold,
            "findings": [f for f in findings if f["dimension"] == d.dimension],
        }
    return {
        "submission_id": submission_id,
        "event_id": event_id,
        "status": verdict.status,
        "model_version": verdict.model_version,
        "low_confidence": verdict.low_confidence,
        "dimensions": dims,
        "findings": findings,
    }


def _finding_dict(f: FindingRow) -> dict[str, Any]:
    span = [f.span_start, f.span_end] if f.span_start is not None else None
    return {
        "dimension": f.dimension,
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "span": span,
        "suggestion": f.suggestion,
    }
