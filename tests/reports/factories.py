"""Rows for the report tests, written with the ORM at chosen timestamps (unit tests only).

The integration test seeds through the real pipeline instead; these let unit tests put an event
at, say, Sunday 23:30 local time without waiting a week.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from qualitygate.domain import DIMENSIONS
from qualitygate.models import (
    DescriptionVersion,
    DimensionScore,
    FindingRow,
    Review,
    Reviewer,
    Submission,
    Verdict,
)

_ids = itertools.count(1)


def submission(
    s: Session,
    at: datetime,
    brand: str = "acme",
    author: str | None = "w1",
    source: str | None = "ai",
) -> Submission:
    sub = Submission(
        event_id=f"evt-{next(_ids)}",
        brand=brand,
        payload_hash="0" * 64,
        sku="SKU",
        title="A title",
        created_at=at,
    )
    sub.versions.append(
        DescriptionVersion(number=1, text="text", author=author, source=source, created_at=at)
    )
    s.add(sub)
    s.flush()
    return sub


def revise(s: Session, sub: Submission, at: datetime) -> DescriptionVersion:
    last = sub.versions[-1]
    v = DescriptionVersion(
        number=last.number + 1, text="text", author=last.author, source=last.source, created_at=at
    )
    sub.versions.append(v)
    s.flush()
    return v


def verdict(
    s: Session,
    version: DescriptionVersion,
    after: float,
    failed: Iterable[str] = (),
    findings: Iterable[tuple[str, str, str]] = (),
    model: str = "rules-only",
) -> Verdict:
    """A verdict `after` seconds after the version; flagged when any dimension failed."""
    failed = set(failed)
    v = Verdict(
        version_id=version.id,
        status="flag" if failed else "pass",
        model_version=model,
        created_at=version.created_at + timedelta(seconds=after),
    )
    for d in DIMENSIONS:
        v.dimensions.append(
            DimensionScore(
                dimension=d, score=0.9, passed=d not in failed, threshold=0.5, rule_score=0.9
            )
        )
    for dim, rule, message in findings:
        v.findings.append(FindingRow(dimension=dim, rule=rule, severity="error", message=message))
    s.add(v)
    s.flush()
    return v


def reviewer(s: Session, name: str = "rev") -> Reviewer:
    r = Reviewer(username=f"{name}-{next(_ids)}", password_hash="x")
    s.add(r)
    s.flush()
    return r


def review(
    s: Session,
    by: Reviewer,
    version: DescriptionVersion,
    decision: str,
    at: datetime,
    gate_wrong: dict[str, bool] | None = None,
    override: bool = False,
) -> Review:
    r = Review(
        submission_id=version.submission_id,
        version_id=version.id,
        reviewer_id=by.id,
        decision=decision,
        override=override,
        gate_wrong=gate_wrong or {},
        created_at=at,
    )
    s.add(r)
    s.flush()
    return r
