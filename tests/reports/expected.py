"""The weekly metrics recomputed in plain Python from the raw rows, to check the SQL export.

Deliberately written from the definitions in docs/metrics.md, sharing no code with
qualitygate.reports except the bucket labels and constants.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from qualitygate.domain import DIMENSIONS
from qualitygate.models import (
    DescriptionVersion,
    DimensionScore,
    FindingRow,
    Review,
    Submission,
    Verdict,
)
from qualitygate.reports.metrics import ALL, LATENCY_EDGES, bucket_labels

ACCEPTED = {"accepted", "accepted_with_edits"}
NONE = "(none)"


def utc(ts: datetime) -> datetime:
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def week_of(ts: datetime) -> str:
    iso = utc(ts).isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


@dataclass
class Raw:
    subs: dict[str, Submission]
    versions: dict[int, DescriptionVersion]
    verdicts: list[Verdict]
    dims: dict[int, dict[str, bool]]  # verdict id -> dimension -> passed
    findings: list[FindingRow]
    reviews: list[Review]

    @classmethod
    def load(cls, s: Session) -> Raw:
        dims: dict[int, dict[str, bool]] = defaultdict(dict)
        for d in s.scalars(select(DimensionScore)):
            dims[d.verdict_id][d.dimension] = d.passed
        return cls(
            {x.id: x for x in s.scalars(select(Submission))},
            {x.id: x for x in s.scalars(select(DescriptionVersion))},
            list(s.scalars(select(Verdict))),
            dims,
            list(s.scalars(select(FindingRow).order_by(FindingRow.id))),
            list(s.scalars(select(Review))),
        )

    def brand_of_version(self, version_id: int) -> str:
        return self.subs[self.versions[version_id].submission_id].brand


def _ratio(a: int, b: int) -> float | None:
    return None if b == 0 else round(a / b, 4)


def _pcts(xs: list[float]) -> tuple[float | None, float | None]:
    if not xs:
        return None, None
    return float(np.percentile(xs, 50)), float(np.percentile(xs, 95))


def _counts(items: list[tuple[str | None, str | None, str | None]], with_model: bool) -> dict:
    out: dict[str, Any] = {"total": len(items)}
    names = ("source", "author", "model_version") if with_model else ("source", "author")
    for i, name in enumerate(names):
        c = Counter(NONE if t[i] is None else t[i] for t in items)
        if c:
            out[f"by_{name}"] = dict(c)
    return out


def expected(raw: Raw, week: str) -> dict[str, dict[str, Any]]:
    """{brand: metrics} for `week` (UTC weeks), in the JSON export's nested shape."""
    in_week = [v for v in raw.verdicts if week_of(v.created_at) == week]
    brands = {ALL}
    brands |= {x.brand for x in raw.subs.values() if week_of(x.created_at) == week}
    brands |= {
        raw.brand_of_version(v.id) for v in raw.versions.values() if week_of(v.created_at) == week
    }
    brands |= {raw.brand_of_version(v.version_id) for v in in_week}
    brands |= {
        raw.subs[r.submission_id].brand for r in raw.reviews if week_of(r.created_at) == week
    }
    return {b: _brand(raw, week, b) for b in brands}


def _brand(raw: Raw, week: str, brand: str) -> dict[str, Any]:
    def mine(sub_id: str) -> bool:
        return brand == ALL or raw.subs[sub_id].brand == brand

    def ver(version_id: int) -> DescriptionVersion:
        return raw.versions[version_id]

    verdicts = [
        v
        for v in raw.verdicts
        if week_of(v.created_at) == week and mine(ver(v.version_id).submission_id)
    ]
    received = [
        v for v in raw.versions.values() if week_of(v.created_at) == week and mine(v.submission_id)
    ]
    m: dict[str, Any] = {
        "submissions_received": sum(
            1 for x in raw.subs.values() if week_of(x.created_at) == week and mine(x.id)
        )
    }
    m["versions_received"] = _counts([(v.source, v.author, None) for v in received], False)
    keyed = [
        (ver(v.version_id).source, ver(v.version_id).author, v.model_version, v) for v in verdicts
    ]
    m["scored"] = _counts([k[:3] for k in keyed], True)
    m["passed"] = _counts([k[:3] for k in keyed if k[3].status == "pass"], False)
    m["flagged"] = _counts([k[:3] for k in keyed if k[3].status == "flag"], False)
    rate: dict[str, Any] = {"total": _ratio(m["passed"]["total"], len(verdicts))}
    for name in ("source", "author"):
        scored = m["scored"].get(f"by_{name}", {})
        passed = m["passed"].get(f"by_{name}", {})
        if scored:
            rate[f"by_{name}"] = {k: _ratio(passed.get(k, 0), n) for k, n in scored.items()}
    m["pass_rate"] = rate
    m["queue_avoided_share"] = _ratio(m["flagged"]["total"], len(verdicts))
    failed = {d: sum(1 for v in verdicts if not raw.dims[v.id][d]) for d in DIMENSIONS}
    m["dimension_flagged"] = failed
    m["dimension_flag_rate"] = {d: _ratio(n, len(verdicts)) for d, n in failed.items()}

    ids = {v.id for v in verdicts}
    groups: dict[tuple[str, str], list[FindingRow]] = defaultdict(list)
    for f in raw.findings:
        if f.verdict_id in ids:
            groups[(f.dimension, f.rule)].append(f)
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:10]
    m["top_findings"] = [
        {
            "dimension": d,
            "rule": r,
            "count": len(fs),
            "example": min(fs, key=lambda f: f.id).message,
        }
        for (d, r), fs in ranked
    ]

    first_pass: dict[str, tuple[int, Verdict]] = {}
    for v in raw.verdicts:
        version = ver(v.version_id)
        if v.status == "pass" and (
            version.submission_id not in first_pass
            or version.number < first_pass[version.submission_id][0]
        ):
            first_pass[version.submission_id] = (version.number, v)
    until = Counter(
        str(n) for sid, (n, v) in first_pass.items() if mine(sid) and week_of(v.created_at) == week
    )
    m["descriptions_passed"] = sum(until.values())
    m["versions_until_pass"] = dict(until)
    total = sum(int(k) * n for k, n in until.items())
    m["versions_until_pass_mean"] = _ratio(total, sum(until.values()))
    firsts = [v for v in verdicts if ver(v.version_id).number == 1]
    m["first_versions_scored"] = len(firsts)
    m["first_submission_pass_share"] = _ratio(sum(v.status == "pass" for v in firsts), len(firsts))

    lat = [
        round((utc(v.created_at) - utc(ver(v.version_id).created_at)).total_seconds(), 3)
        for v in verdicts
    ]
    m["verdict_latency_p50_seconds"], m["verdict_latency_p95_seconds"] = _pcts(lat)
    hist = dict.fromkeys(bucket_labels(), 0)
    for x in lat:
        i = next((i for i, edge in enumerate(LATENCY_EDGES) if x < edge), len(LATENCY_EDGES))
        hist[bucket_labels()[i]] += 1
    m["verdict_latency_histogram"] = hist

    reviews = [r for r in raw.reviews if week_of(r.created_at) == week and mine(r.submission_id)]
    acc = [
        round((utc(r.created_at) - utc(raw.subs[r.submission_id].created_at)).total_seconds(), 3)
        for r in reviews
        if r.decision in ACCEPTED
    ]
    m["acceptance_time_p50_seconds"], m["acceptance_time_p95_seconds"] = _pcts(acc)
    m["reviews"] = {"total": len(reviews)}
    if reviews:
        m["reviews"]["by_decision"] = dict(Counter(r.decision for r in reviews))
    m["review_overrides"] = sum(1 for r in reviews if r.override)
    first_review: dict[str, Review] = {}
    for r in sorted(raw.reviews, key=lambda r: (utc(r.created_at), r.id)):
        first_review.setdefault(r.submission_id, r)
    firsts_r = [
        r for r in first_review.values() if week_of(r.created_at) == week and mine(r.submission_id)
    ]
    m["first_reviews"] = len(firsts_r)
    m["first_pass_acceptance_rate"] = _ratio(
        sum(r.decision in ACCEPTED for r in firsts_r), len(firsts_r)
    )
    verdict_of = {v.version_id: v for v in raw.verdicts}
    ff = dict.fromkeys(DIMENSIONS, 0)
    miss = dict.fromkeys(DIMENSIONS, 0)
    for r in reviews:
        v = verdict_of.get(r.version_id)
        for d in DIMENSIONS:
            if v is not None and (r.gate_wrong or {}).get(d) is True:
                (miss if raw.dims[v.id][d] else ff)[d] += 1
    m["gate_false_flags"], m["gate_misses"] = ff, miss
    return m


PERCENTILE_KEYS = (
    "verdict_latency_p50_seconds",
    "verdict_latency_p95_seconds",
    "acceptance_time_p50_seconds",
    "acceptance_time_p95_seconds",
)
