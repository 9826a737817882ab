"""What one week's export holds for one brand, and its tidy rows (the CSV) and nested form (JSON).

Counts are integers. Ratios and percentiles are floats, or None when their denominator is empty:
a week without reviews has no acceptance rate, which is not the same as a rate of 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from qualitygate.domain import DIMENSIONS

ALL = "ALL"  # the brand key of the all-brands rows (brand slugs are lower-case: no clash)
NONE_KEY = "(none)"  # a version sent without author or source
TOP_FINDINGS = 10
# Webhook -> verdict latency histogram: upper bounds in seconds (the last bucket is open).
LATENCY_EDGES: tuple[float, ...] = (1, 2, 5, 10, 30, 60, 300, 900, 3600)
ACCEPTED_DECISIONS = ("accepted", "accepted_with_edits")

Value = int | float | None


def bucket_labels() -> list[str]:
    labels, lo = [], 0.0
    for hi in LATENCY_EDGES:
        labels.append(f"{_num(lo)}-{_num(hi)}s")
        lo = hi
    return [*labels, f">={_num(lo)}s"]


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@dataclass
class Counts:
    """A count and its breakdowns: {"source": {"ai": 3, ...}, "author": {...}}."""

    total: int = 0
    by: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, n: int, **keys: str | None) -> None:
        self.total += n
        for breakdown, key in keys.items():
            bucket = self.by.setdefault(breakdown, {})
            k = NONE_KEY if key is None else key
            bucket[k] = bucket.get(k, 0) + n


@dataclass(frozen=True)
class FindingStat:
    dimension: str
    rule: str
    count: int
    example: str


def _zeros(keys: list[str] | tuple[str, ...]) -> dict[str, int]:
    return dict.fromkeys(keys, 0)


@dataclass
class BrandMetrics:
    submissions_received: int = 0
    versions_received: Counts = field(default_factory=Counts)
    scored: Counts = field(default_factory=Counts)
    passed: Counts = field(default_factory=Counts)
    flagged: Counts = field(default_factory=Counts)
    dimension_flagged: dict[str, int] = field(default_factory=lambda: _zeros(DIMENSIONS))
    findings: list[FindingStat] = field(default_factory=list)
    versions_until_pass: dict[int, int] = field(default_factory=dict)
    first_versions_scored: int = 0
    first_versions_passed: int = 0
    verdict_latency: tuple[float | None, float | None] = (None, None)
    latency_histogram: dict[str, int] = field(default_factory=lambda: _zeros(bucket_labels()))
    acceptance_time: tuple[float | None, float | None] = (None, None)
    reviews: Counts = field(default_factory=Counts)
    review_overrides: int = 0
    first_reviews: int = 0
    first_reviews_accepted: int = 0
    gate_false_flags: dict[str, int] = field(default_factory=lambda: _zeros(DIMENSIONS))
    gate_misses: dict[str, int] = field(default_factory=lambda: _zeros(DIMENSIONS))

    # ---- derived -----------------------------------------------------------------------------
    @property
    def pass_rate(self) -> float | None:
        return _ratio(self.passed.total, self.scored.total)

    @property
    def queue_avoided_share(self) -> float | None:
        return _ratio(self.flagged.total, self.scored.total)

    @property
    def first_submission_pass_share(self) -> float | None:
        return _ratio(self.first_versions_passed, self.first_versions_scored)

    @property
    def first_pass_acceptance_rate(self) -> float | None:
        return _ratio(self.first_reviews_accepted, self.first_reviews)

    @property
    def versions_until_pass_mean(self) -> float | None:
        n = sum(self.versions_until_pass.values())
        total = sum(k * v for k, v in self.versions_until_pass.items())
        return _ratio(total, n)

    def dimension_flag_rate(self, dim: str) -> float | None:
        return _ratio(self.dimension_flagged[dim], self.scored.total)


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


@dataclass
class WeeklyReport:
    week: str
    timezone: str
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive
    brand: str | None  # the --brand filter, if any
    brands: dict[str, BrandMetrics]  # ALL first (when present), then by name


@dataclass(frozen=True)
class Row:
    """One tidy row: week × brand × metric (× breakdown key or × dimension)."""

    week: str
    brand: str
    metric: str
    breakdown: str
    key: str
    dimension: str
    value: Value
    example: str = ""


COLUMNS = ("week", "brand", "metric", "breakdown", "key", "dimension", "value", "example")
# Metrics that have a total row and breakdown rows; in JSON: {"total": n, "by_source": {...}}.
WITH_TOTAL = ("versions_received", "scored", "passed", "flagged", "pass_rate", "reviews")


def rows(report: WeeklyReport) -> list[Row]:
    """Every row of the report, in a fixed order (brands as listed, metrics as defined)."""
    out: list[Row] = []
    for brand, m in report.brands.items():
        out += _brand_rows(report.week, brand, m)
    return out


def _brand_rows(week: str, brand: str, m: BrandMetrics) -> list[Row]:
    out: list[Row] = []

    def add(metric: str, value: Value, breakdown: str = "", key: str = "", dim: str = "") -> None:
        out.append(Row(week, brand, metric, breakdown, key, dim, _round(value)))

    def counts(metric: str, c: Counts) -> None:
        add(metric, c.total)
        for breakdown in sorted(c.by):
            for key, n in sorted(c.by[breakdown].items()):
                add(metric, n, breakdown, key)

    add("submissions_received", m.submissions_received)
    counts("versions_received", m.versions_received)
    counts("scored", m.scored)
    counts("passed", m.passed)
    counts("flagged", m.flagged)
    add("pass_rate", m.pass_rate)
    for breakdown in ("author", "source"):
        for key, n in sorted(m.scored.by.get(breakdown, {}).items()):
            add("pass_rate", _ratio(m.passed.by.get(breakdown, {}).get(key, 0), n), breakdown, key)
    add("queue_avoided_share", m.queue_avoided_share)
    for dim in DIMENSIONS:
        add("dimension_flagged", m.dimension_flagged[dim], dim=dim)
    for dim in DIMENSIONS:
        add("dimension_flag_rate", m.dimension_flag_rate(dim), dim=dim)
    for f in m.findings:
        row = Row(week, brand, "finding_count", "rule", f.rule, f.dimension, f.count, f.example)
        out.append(row)
    add("descriptions_passed", sum(m.versions_until_pass.values()))
    for n_versions, n in sorted(m.versions_until_pass.items()):
        add("versions_until_pass", n, "versions", str(n_versions))
    add("versions_until_pass_mean", m.versions_until_pass_mean)
    add("first_versions_scored", m.first_versions_scored)
    add("first_submission_pass_share", m.first_submission_pass_share)
    add("verdict_latency_p50_seconds", m.verdict_latency[0])
    add("verdict_latency_p95_seconds", m.verdict_latency[1])
    for label, n in m.latency_histogram.items():
        add("verdict_latency_histogram", n, "bucket", label)
    add("acceptance_time_p50_seconds", m.acceptance_time[0])
    add("acceptance_time_p95_seconds", m.acceptance_time[1])
    counts("reviews", m.reviews)
    add("review_overrides", m.review_overrides)
    add("first_reviews", m.first_reviews)
    add("first_pass_acceptance_rate", m.first_pass_acceptance_rate)
    for dim in DIMENSIONS:
        add("gate_false_flags", m.gate_false_flags[dim], dim=dim)
    for dim in DIMENSIONS:
        add("gate_misses", m.gate_misses[dim], dim=dim)
    return out


def _round(value: Value) -> Value:
    # Fixed precision so a re-run writes byte-identical files.
    return round(value, 4) if isinstance(value, float) else value


def nested(report: WeeklyReport) -> dict[str, Any]:
    """The JSON document: the same numbers as the CSV, nested brand -> metric."""
    brands: dict[str, dict[str, Any]] = {}
    for r in rows(report):
        node = brands.setdefault(r.brand, {})
        if r.metric == "finding_count":
            finding = {"dimension": r.dimension, "rule": r.key, "count": r.value}
            node.setdefault("top_findings", []).append({**finding, "example": r.example})
        elif r.dimension:
            node.setdefault(r.metric, {})[r.dimension] = r.value
        elif not r.breakdown:
            if r.metric in WITH_TOTAL:
                node.setdefault(r.metric, {})["total"] = r.value
            else:
                node[r.metric] = r.value
        elif r.metric in WITH_TOTAL:
            node.setdefault(r.metric, {}).setdefault(f"by_{r.breakdown}", {})[r.key] = r.value
        else:
            node.setdefault(r.metric, {})[r.key] = r.value
    for node in brands.values():  # present even when empty, so consumers need no special case
        node.setdefault("top_findings", [])
        node.setdefault("versions_until_pass", {})
    return {
        "week": report.week,
        "timezone": report.timezone,
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "brand": report.brand,
        "brands": brands,
    }
