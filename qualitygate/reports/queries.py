"""The week's numbers, each one SQL aggregate (GROUP BY in the database, never rows in Python).

Every function takes a `Scope` and returns {brand key: value}. A scope either groups by
`Submission.brand` or puts everything under `ALL`; the week's window applies to the timestamp of
the event being counted (see docs/metrics.md):
  received  DescriptionVersion.created_at      verdicts  Verdict.created_at
  reviews   Review.created_at                  new submissions  Submission.created_at
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    func,
    literal_column,
    select,
    true,
)
from sqlalchemy.orm import aliased

from qualitygate.domain import DIMENSIONS
from qualitygate.models import (
    DescriptionVersion,
    DimensionScore,
    FindingRow,
    Review,
    Submission,
    Verdict,
)
from qualitygate.reports.metrics import (
    ACCEPTED_DECISIONS,
    ALL,
    LATENCY_EDGES,
    TOP_FINDINGS,
    FindingStat,
    bucket_labels,
)
from qualitygate.reports.sql import percentiles, seconds_between

Dv = DescriptionVersion


@dataclass(frozen=True)
class Scope:
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive
    per_brand: bool  # group by brand, or everything under ALL
    brand: str | None = None  # keep only this brand
    dialect: str = "sqlite"

    @property
    def key(self) -> ColumnElement[str]:
        # Labelled, so that a subquery over these rows has a named first column.
        if self.per_brand:
            return Submission.brand.label("brand")
        return literal_column(f"'{ALL}'", String).label("brand")

    def within(self, column: Any) -> ColumnElement[bool]:
        cond = and_(column >= self.start, column < self.end)
        if self.brand is not None:
            cond = and_(cond, Submission.brand == self.brand)
        return cond

    def group(self, stmt: Any, *columns: Any) -> Any:
        return stmt.group_by(*([Submission.brand] if self.per_brand else []), *columns)


def _verdicts(scope: Scope, *columns: Any) -> Any:
    """SELECT ... FROM verdicts of the week joined to their version and submission."""
    return (
        select(scope.key, *columns)
        .select_from(Verdict)
        .join(Dv, Dv.id == Verdict.version_id)
        .join(Submission, Submission.id == Dv.submission_id)
        .where(scope.within(Verdict.created_at))
    )


def new_submissions(session: Any, scope: Scope) -> dict[str, int]:
    stmt = select(scope.key, func.count()).where(scope.within(Submission.created_at))
    return {b: n for b, n in session.execute(scope.group(stmt))}


def received(session: Any, scope: Scope) -> list[tuple[str, str | None, str | None, int]]:
    """(brand, source, author, versions received)."""
    stmt = (
        select(scope.key, Dv.source, Dv.author, func.count())
        .select_from(Dv)
        .join(Submission, Submission.id == Dv.submission_id)
        .where(scope.within(Dv.created_at))
    )
    return [tuple(r) for r in session.execute(scope.group(stmt, Dv.source, Dv.author))]


def verdicts(session: Any, scope: Scope) -> list[tuple[str, str, str, str | None, str | None, int]]:
    """(brand, status, model_version, source, author, verdicts)."""
    cols = (Verdict.status, Verdict.model_version, Dv.source, Dv.author)
    stmt = scope.group(_verdicts(scope, *cols, func.count()), *cols)
    return [tuple(r) for r in session.execute(stmt)]


def dimension_flags(session: Any, scope: Scope) -> dict[str, dict[str, int]]:
    failed = func.sum(case((DimensionScore.passed.is_(False), 1), else_=0))
    stmt = _verdicts(scope, DimensionScore.dimension, failed).join(
        DimensionScore, DimensionScore.verdict_id == Verdict.id
    )
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for b, dim, n in session.execute(scope.group(stmt, DimensionScore.dimension)):
        out[b][dim] = int(n or 0)
    return out


def top_findings(session: Any, scope: Scope) -> dict[str, list[FindingStat]]:
    """The most frequent (dimension, rule) per brand, with the week's first finding as example."""
    cols = (FindingRow.dimension, FindingRow.rule)
    stmt = _verdicts(scope, *cols, func.count(), func.min(FindingRow.id)).join(
        FindingRow, FindingRow.verdict_id == Verdict.id
    )
    groups: dict[str, list[tuple[int, str, str, int]]] = defaultdict(list)
    for b, dim, rule, n, first_id in session.execute(scope.group(stmt, *cols)):
        groups[b].append((int(n), dim, rule, int(first_id)))
    by_count = {b: sorted(g, key=lambda t: (-t[0], t[1], t[2])) for b, g in groups.items()}
    top = {b: g[:TOP_FINDINGS] for b, g in by_count.items()}
    ids = [t[3] for g in top.values() for t in g]
    examples: dict[int, str] = {}
    if ids:
        stmt2 = select(FindingRow.id, FindingRow.message).where(FindingRow.id.in_(ids))
        examples = {fid: message for fid, message in session.execute(stmt2)}
    return {
        b: [FindingStat(dim, rule, n, examples.get(fid, "")) for n, dim, rule, fid in g]
        for b, g in top.items()
    }


def _passed_this_week(scope: Scope) -> Any:
    """Submissions with a passing verdict in the week: only they can have their first pass in
    it, so the ranking below never has to rank the whole history."""
    v2 = aliased(Dv)
    return (
        select(v2.submission_id)
        .join(Verdict, Verdict.version_id == v2.id)
        .where(Verdict.status == "pass", Verdict.created_at >= scope.start)
        .where(Verdict.created_at < scope.end)
    )


def versions_until_pass(session: Any, scope: Scope) -> dict[str, dict[int, int]]:
    """Per brand, {number of the first passing version: descriptions} for first passes this week."""
    ranked = (
        select(
            Dv.submission_id,
            Dv.number,
            Verdict.created_at,
            func.row_number()
            .over(partition_by=Dv.submission_id, order_by=(Dv.number, Verdict.id))
            .label("rn"),
        )
        .join(Verdict, Verdict.version_id == Dv.id)
        .where(Verdict.status == "pass", Dv.submission_id.in_(_passed_this_week(scope)))
        .subquery()
    )
    stmt = (
        select(scope.key, ranked.c.number, func.count())
        .select_from(ranked)
        .join(Submission, Submission.id == ranked.c.submission_id)
        .where(ranked.c.rn == 1, scope.within(ranked.c.created_at))
    )
    out: dict[str, dict[int, int]] = defaultdict(dict)
    for b, number, n in session.execute(scope.group(stmt, ranked.c.number)):
        out[b][int(number)] = int(n)
    return out


def first_versions(session: Any, scope: Scope) -> dict[str, tuple[int, int]]:
    """(scored, passed) among first versions whose verdict came this week."""
    passed = func.sum(case((Verdict.status == "pass", 1), else_=0))
    stmt = _verdicts(scope, func.count(), passed).where(Dv.number == 1)
    return {b: (int(n), int(p or 0)) for b, n, p in session.execute(scope.group(stmt))}


def verdict_latency(session: Any, scope: Scope) -> dict[str, list[float | None]]:
    """p50 and p95 of webhook (version created) -> verdict, in seconds."""
    secs = seconds_between(scope.dialect, Dv.created_at, Verdict.created_at)
    return percentiles(session, _verdicts(scope, secs), (0.5, 0.95))


def latency_histogram(session: Any, scope: Scope) -> dict[str, dict[str, int]]:
    secs = seconds_between(scope.dialect, Dv.created_at, Verdict.created_at)
    bucket = case(
        *[(secs < edge, i) for i, edge in enumerate(LATENCY_EDGES)], else_=len(LATENCY_EDGES)
    )
    # Group on a subquery column: PostgreSQL will not match two renderings of one CASE.
    sub = _verdicts(scope, bucket.label("bucket")).subquery()
    stmt = select(sub.c[0], sub.c.bucket, func.count()).group_by(sub.c[0], sub.c.bucket)
    labels = bucket_labels()
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for b, i, n in session.execute(stmt):
        out[b][labels[int(i)]] = int(n)
    return out


def _reviews(scope: Scope, *columns: Any) -> Any:
    return (
        select(scope.key, *columns)
        .select_from(Review)
        .join(Submission, Submission.id == Review.submission_id)
        .where(scope.within(Review.created_at))
    )


def acceptance_time(session: Any, scope: Scope) -> dict[str, list[float | None]]:
    """p50 and p95 of first submission -> human acceptance, in seconds."""
    secs = seconds_between(scope.dialect, Submission.created_at, Review.created_at)
    rows = _reviews(scope, secs).where(Review.decision.in_(ACCEPTED_DECISIONS))
    return percentiles(session, rows, (0.5, 0.95))


def reviews(session: Any, scope: Scope) -> list[tuple[str, str, int, int]]:
    """(brand, decision, reviews, overrides)."""
    overrides = func.sum(case((Review.override.is_(True), 1), else_=0))
    stmt = scope.group(_reviews(scope, Review.decision, func.count(), overrides), Review.decision)
    return [(b, d, int(n), int(o or 0)) for b, d, n, o in session.execute(stmt)]


def first_reviews(session: Any, scope: Scope) -> dict[str, tuple[int, int]]:
    """(first reviews this week, of which accepted as is or with edits), one per submission."""
    # Only submissions reviewed this week can have their first review in it.
    r2 = aliased(Review)
    reviewed = select(r2.submission_id).where(
        r2.created_at >= scope.start, r2.created_at < scope.end
    )
    ranked = (
        select(
            Review.submission_id,
            Review.decision,
            Review.created_at,
            func.row_number()
            .over(partition_by=Review.submission_id, order_by=(Review.created_at, Review.id))
            .label("rn"),
        )
        .where(Review.submission_id.in_(reviewed))
        .subquery()
    )
    accepted = func.sum(case((ranked.c.decision.in_(ACCEPTED_DECISIONS), 1), else_=0))
    stmt = (
        select(scope.key, func.count(), accepted)
        .select_from(ranked)
        .join(Submission, Submission.id == ranked.c.submission_id)
        .where(ranked.c.rn == 1, scope.within(ranked.c.created_at))
    )
    return {b: (int(n), int(a or 0)) for b, n, a in session.execute(scope.group(stmt))}


def gate_wrong(session: Any, scope: Scope) -> dict[str, dict[str, tuple[int, int]]]:
    """Per dimension, (false flags, misses): reviews marking the gate wrong on that dimension,
    split by whether the gate had failed it (false flag) or passed it (miss)."""
    wrong = case(
        *[(DimensionScore.dimension == d, Review.gate_wrong[d].as_boolean()) for d in DIMENSIONS],
        else_=None,
    )
    is_wrong = wrong.is_(true()) if scope.dialect == "postgresql" else wrong == 1
    false_flag = func.sum(case((and_(is_wrong, DimensionScore.passed.is_(False)), 1), else_=0))
    miss = func.sum(case((and_(is_wrong, DimensionScore.passed.is_(True)), 1), else_=0))
    stmt = (
        _reviews(scope, DimensionScore.dimension, false_flag, miss)
        .join(Verdict, Verdict.version_id == Review.version_id)
        .join(DimensionScore, DimensionScore.verdict_id == Verdict.id)
    )
    out: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for b, dim, ff, ms in session.execute(scope.group(stmt, DimensionScore.dimension)):
        out[b][dim] = (int(ff or 0), int(ms or 0))
    return out
