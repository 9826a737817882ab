"""Scoring a stored description version and recording its verdict exactly once."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from sqlalchemy import case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualitygate.domain import Draft, build_draft
from qualitygate.models import (
    DescriptionVersion,
    DimensionScore,
    FindingRow,
    Submission,
    SubmissionStatus,
    Verdict,
)
from qualitygate.pipeline.cache import process_scorer
from qualitygate.pipeline.gate import GateVerdict
from qualitygate.pipeline.scorer import Scorer
from qualitygate.settings import Settings

log = logging.getLogger(__name__)


def draft_of(version: DescriptionVersion) -> Draft:
    sub = version.submission
    return build_draft(sub.brand, sub.product_dict(), version.text, version.locale)


def score_with_waiting(session: Session, settings: Settings, version_id: int) -> dict[int, Verdict]:
    """Score `version_id` with the versions waiting beside it, by this process's scorer.

    Work that arrived together is scored together: one batched call of checks and model for up
    to `QG_SCORE_BATCH_SIZE` versions (`claim_waiting`), their verdicts committed by
    `score_versions`. Returns every verdict of the batch, by version id.
    """
    batch = [version_id, *claim_waiting(session, version_id, settings.score_batch_size - 1)]
    return score_versions(session, process_scorer(settings, session), batch)


def claim_waiting(session: Session, exclude: int, limit: int) -> list[int]:
    """Claim other versions still waiting for a verdict, to score them in the same batch.

    The claim is a conditional UPDATE (queued -> scoring) per submission, so two workers never
    claim the same one. Their own tasks still run later and find the verdict already there.
    Versions of the task's own brand are claimed first: a batch of one brand is scored by one
    adapter in full batches, where a mixed one splits into a small batch per brand adapter.
    """
    if limit <= 0:
        return []
    own_brand = session.scalar(
        select(Submission.brand)
        .join(DescriptionVersion, DescriptionVersion.submission_id == Submission.id)
        .where(DescriptionVersion.id == exclude)
    )
    stmt = (
        select(DescriptionVersion.id, DescriptionVersion.submission_id)
        .join(Submission, Submission.id == DescriptionVersion.submission_id)
        .outerjoin(Verdict, Verdict.version_id == DescriptionVersion.id)
        .where(
            Verdict.id.is_(None),
            Submission.status == SubmissionStatus.QUEUED,
            DescriptionVersion.id != exclude,
        )
        .order_by(case((Submission.brand == own_brand, 0), else_=1), DescriptionVersion.created_at)
        .limit(limit)
    )
    claimed = []
    for version_id, submission_id in session.execute(stmt).all():
        result = session.execute(
            update(Submission)
            .where(Submission.id == submission_id, Submission.status == SubmissionStatus.QUEUED)
            .values(status=SubmissionStatus.SCORING)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(version_id)
    session.commit()
    return claimed


def score_versions(
    session: Session, scorer: Scorer, version_ids: Sequence[int]
) -> dict[int, Verdict]:
    """Score versions in one batch (one call of the checks and the model) and commit the verdicts.

    Versions that already have a verdict keep it; missing versions are skipped. `scoring_ms` of
    each verdict is its share of the batch's time.
    """
    versions = [v for vid in version_ids if (v := session.get(DescriptionVersion, vid))]
    for missing in set(version_ids) - {v.id for v in versions}:
        log.warning("version %s does not exist; nothing to score", missing)
    # Asked of the database, not of relationships that may be stale in this session.
    existing = {
        row.version_id: row
        for row in session.scalars(select(Verdict).where(Verdict.version_id.in_(version_ids)))
    }
    out = {v.id: existing[v.id] for v in versions if v.id in existing}
    todo = [v for v in versions if v.id not in existing]
    if not todo:
        return out
    for v in todo:
        v.submission.status = SubmissionStatus.SCORING
    session.commit()

    started = time.perf_counter()
    scored = _score_isolated(session, scorer, todo)
    share_ms = (time.perf_counter() - started) * 1000 / len(todo)
    rows = []
    with session.no_autoflush:  # each verdict is attached to its version before anything flushes
        for version, result in scored:
            verdict = _verdict_row(version, result, share_ms)
            session.add(verdict)
            _settle_status(version, result.status)
            rows.append((version, verdict, result))
    try:
        session.commit()
        out.update((v.id, verdict) for v, verdict, _ in rows)
    except IntegrityError:
        # A concurrent delivery recorded some of these first: keep theirs, write the others.
        session.rollback()
        for version, verdict, result in rows:
            out[version.id] = _commit_one(session, version, verdict, result)
    return out


def _score_isolated(
    session: Session, scorer: Scorer, todo: list[DescriptionVersion]
) -> list[tuple[DescriptionVersion, GateVerdict]]:
    """Score the batch in one call; if that throws, each member alone, so one version that
    cannot be scored is marked `error` with its reason and fails no other.

    With a single version the exception propagates: the task records it (and retries what
    is worth retrying), as before batching.
    """
    if len(todo) == 1:
        return [(todo[0], scorer.score_many([draft_of(todo[0])])[0])]
    try:
        return list(zip(todo, scorer.score_many([draft_of(v) for v in todo]), strict=True))
    except Exception:  # noqa: BLE001 - which member failed, and why, is found out below
        log.warning("a batch of %d failed to score; scoring its members one by one", len(todo))
    scored = []
    for version in todo:
        try:
            scored.append((version, scorer.score_many([draft_of(version)])[0]))
        except Exception as exc:  # noqa: BLE001 - recorded on the culprit, never on the batch
            log.warning("version %s cannot be scored: %s", version.id, exc, exc_info=True)
            _mark_version_error(version, f"{type(exc).__name__}: {exc}")
    session.commit()  # the culprits' errors stand whatever happens to the others' verdicts
    return scored


def _mark_version_error(version: DescriptionVersion, reason: str) -> None:
    sub = version.submission
    if version.id == sub.latest.id:
        sub.status = SubmissionStatus.ERROR
        sub.error = reason[:2000]


def _settle_status(version: DescriptionVersion, verdict_status: str) -> None:
    """The submission shows its latest version's verdict."""
    sub = version.submission
    if version.id == sub.latest.id:
        sub.status = (
            SubmissionStatus.PASSED if verdict_status == "pass" else SubmissionStatus.FLAGGED
        )
        sub.error = None


def _commit_one(
    session: Session, version: DescriptionVersion, verdict: Verdict, result: GateVerdict
) -> Verdict:
    session.refresh(version)
    won = version.verdict
    if won is None:
        with session.no_autoflush:
            won = _verdict_row(version, result, verdict.scoring_ms)
            session.add(won)
    _settle_status(version, won.status)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        session.refresh(version)
        assert version.verdict is not None
        _settle_status(version, version.verdict.status)
        session.commit()
        return version.verdict
    return won


def mark_error(session: Session, version_id: int, reason: str) -> None:
    version = session.get(DescriptionVersion, version_id)
    if version is None:
        return
    version.submission.status = SubmissionStatus.ERROR
    version.submission.error = reason[:2000]
    session.commit()


def _verdict_row(version: DescriptionVersion, result: GateVerdict, elapsed_ms: float) -> Verdict:
    verdict = Verdict(
        version=version,
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
