"""Assemble one week's report from the SQL aggregates in `queries`."""

from __future__ import annotations

from sqlalchemy.orm import Session

from qualitygate.reports import queries as q
from qualitygate.reports.metrics import ALL, BrandMetrics, FindingStat, WeeklyReport
from qualitygate.reports.sql import dialect
from qualitygate.reports.weeks import IsoWeek


def build_report(
    session: Session, week: IsoWeek, tz: str, brand: str | None = None, per_brand: bool = True
) -> WeeklyReport:
    """The week's metrics for every brand with activity and for ALL brands together.

    With `brand`, only that brand's rows (present, with zero counts, even in an empty week).
    `per_brand=False` computes only the ALL rows (the 12-week history of the charts).
    """
    start, end = week.bounds(tz)
    name = dialect(session)
    if brand is not None:
        scopes = [q.Scope(start, end, per_brand=True, brand=brand, dialect=name)]
        brands: dict[str, BrandMetrics] = {brand: BrandMetrics()}
    else:
        scopes = [q.Scope(start, end, per_brand=False, dialect=name)]
        if per_brand:
            scopes.append(q.Scope(start, end, per_brand=True, dialect=name))
        brands = {ALL: BrandMetrics()}
    for scope in scopes:
        _fill(session, scope, brands)
    ordered = dict(sorted(brands.items(), key=lambda kv: (kv[0] != ALL, kv[0])))
    return WeeklyReport(week.label, tz, start, end, brand, ordered)


def _fill(session: Session, scope: q.Scope, brands: dict[str, BrandMetrics]) -> None:
    def m(b: str) -> BrandMetrics:
        return brands.setdefault(b, BrandMetrics())

    for b, n in q.new_submissions(session, scope).items():
        m(b).submissions_received = n
    for b, source, author, n in q.received(session, scope):
        m(b).versions_received.add(n, source=source, author=author)
    for b, status, model, source, author, n in q.verdicts(session, scope):
        bm = m(b)
        bm.scored.add(n, source=source, author=author, model_version=model)
        (bm.passed if status == "pass" else bm.flagged).add(n, source=source, author=author)
    for b, failed in q.dimension_flags(session, scope).items():
        m(b).dimension_flagged.update(failed)
    findings: dict[str, list[FindingStat]] = q.top_findings(session, scope)
    for b, stats in findings.items():
        m(b).findings = stats
    for b, dist in q.versions_until_pass(session, scope).items():
        m(b).versions_until_pass = dist
    for b, (scored, passed) in q.first_versions(session, scope).items():
        m(b).first_versions_scored, m(b).first_versions_passed = scored, passed
    for b, (p50, p95) in q.verdict_latency(session, scope).items():
        m(b).verdict_latency = (p50, p95)
    for b, hist in q.latency_histogram(session, scope).items():
        m(b).latency_histogram.update(hist)
    for b, (p50, p95) in q.acceptance_time(session, scope).items():
        m(b).acceptance_time = (p50, p95)
    for b, decision, n, overrides in q.reviews(session, scope):
        m(b).reviews.add(n, decision=decision)
        m(b).review_overrides += overrides
    for b, (n, accepted) in q.first_reviews(session, scope).items():
        m(b).first_reviews, m(b).first_reviews_accepted = n, accepted
    for b, dims in q.gate_wrong(session, scope).items():
        for dim, (false_flags, misses) in dims.items():
            m(b).gate_false_flags[dim] += false_flags
            m(b).gate_misses[dim] += misses
