"""Every number of one week's report on a small hand-built history (SQLite, ORM rows)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from qualitygate.domain import DIMENSIONS
from qualitygate.reports.metrics import ALL, bucket_labels, nested
from qualitygate.reports.weekly import build_report
from qualitygate.reports.weeks import IsoWeek
from tests.reports import factories as f

W47 = IsoWeek(2026, 47)
T = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)  # Tuesday of 2026-W47
H = 3600.0


@pytest.fixture
def week(session):
    """Four descriptions in W47 (one received in W46), one in W48 that must not count."""
    rv = f.reviewer(session)
    a = f.submission(session, T, "acme", "w1", "ai")
    f.verdict(
        session, a.versions[0], 2, ["completeness"], [("completeness", "missing", "No colour")]
    )
    a2 = f.revise(session, a, T + timedelta(hours=1))
    f.verdict(session, a2, 4)
    f.review(session, rv, a2, "accepted", T + timedelta(hours=5), {"seo": True})

    b = f.submission(session, T, "acme", "w2", "freelance")
    f.verdict(session, b.versions[0], 1)
    f.review(session, rv, b.versions[0], "rejected", T + timedelta(hours=2), {"completeness": True})
    b2 = f.revise(session, b, T + timedelta(hours=3))
    f.verdict(session, b2, 3)
    f.review(session, rv, b2, "accepted_with_edits", T + timedelta(hours=6))

    c = f.submission(session, T, "zeta", None, None)
    seo = [("seo", "kw_missing", "First keyword missing"), ("seo", "kw_missing", "Second one")]
    f.verdict(
        session, c.versions[0], 10, ["seo", "brand_voice"],
        [*seo, ("brand_voice", "banned", "Banned word")], model="bert-v1",
    )  # fmt: skip
    f.review(
        session, rv, c.versions[0], "accepted", T + timedelta(hours=4),
        {"seo": True, "brand_voice": False}, override=True,
    )  # fmt: skip

    late = datetime(2026, 11, 15, 23, 59, 59, tzinfo=UTC)  # received Sunday of W46
    d = f.submission(session, late, "zeta", "w3", "in-house")
    f.verdict(session, d.versions[0], 6)  # verdict Monday 00:00:05 of W47

    e = f.submission(session, T + timedelta(days=7), "acme", "w1", "ai")  # W48
    f.verdict(session, e.versions[0], 1, ["seo"])
    f.review(session, rv, e.versions[0], "rejected", T + timedelta(days=7, hours=1))
    session.commit()
    return nested(build_report(session, W47, "UTC"))


def test_volume_and_pass_rates(week):
    m = week["brands"][ALL]
    assert m["submissions_received"] == 3
    assert m["versions_received"] == {
        "total": 5,
        "by_author": {"(none)": 1, "w1": 2, "w2": 2},
        "by_source": {"(none)": 1, "ai": 2, "freelance": 2},
    }
    assert m["scored"]["total"] == 6
    assert m["scored"]["by_model_version"] == {"bert-v1": 1, "rules-only": 5}
    assert m["passed"]["total"] == 4 and m["flagged"]["total"] == 2
    assert m["flagged"]["by_source"] == {"(none)": 1, "ai": 1}
    assert m["pass_rate"]["total"] == round(4 / 6, 4)
    assert m["pass_rate"]["by_source"] == {
        "(none)": 0.0,
        "ai": 0.5,
        "freelance": 1.0,
        "in-house": 1.0,
    }
    assert m["queue_avoided_share"] == round(2 / 6, 4)


def test_dimensions_and_findings(week):
    m = week["brands"][ALL]
    assert m["dimension_flagged"] == {**dict.fromkeys(DIMENSIONS, 0), "completeness": 1,
                                      "seo": 1, "brand_voice": 1}  # fmt: skip
    assert m["dimension_flag_rate"]["seo"] == round(1 / 6, 4)
    assert m["top_findings"] == [
        {"dimension": "seo", "rule": "kw_missing", "count": 2, "example": "First keyword missing"},
        {"dimension": "brand_voice", "rule": "banned", "count": 1, "example": "Banned word"},
        {"dimension": "completeness", "rule": "missing", "count": 1, "example": "No colour"},
    ]


def test_revisions_and_turnaround(week):
    m = week["brands"][ALL]
    assert m["descriptions_passed"] == 3
    assert m["versions_until_pass"] == {"1": 2, "2": 1}
    assert m["versions_until_pass_mean"] == round(4 / 3, 4)
    assert m["first_versions_scored"] == 4
    assert m["first_submission_pass_share"] == 0.5
    latencies = [2, 4, 1, 3, 10, 6]
    assert m["verdict_latency_p50_seconds"] == pytest.approx(np.percentile(latencies, 50))
    assert m["verdict_latency_p95_seconds"] == pytest.approx(np.percentile(latencies, 95))
    hist = dict.fromkeys(bucket_labels(), 0) | {"1-2s": 1, "2-5s": 3, "5-10s": 1, "10-30s": 1}
    assert m["verdict_latency_histogram"] == hist
    accepted = [5 * H, 6 * H, 4 * H]
    assert m["acceptance_time_p50_seconds"] == pytest.approx(np.percentile(accepted, 50))
    assert m["acceptance_time_p95_seconds"] == pytest.approx(np.percentile(accepted, 95))


def test_human_review(week):
    m = week["brands"][ALL]
    assert m["reviews"] == {
        "total": 4,
        "by_decision": {"accepted": 2, "accepted_with_edits": 1, "rejected": 1},
    }
    assert m["review_overrides"] == 1
    assert m["first_reviews"] == 3
    assert m["first_pass_acceptance_rate"] == round(2 / 3, 4)
    assert m["gate_false_flags"] == {**dict.fromkeys(DIMENSIONS, 0), "seo": 1}
    assert m["gate_misses"] == {**dict.fromkeys(DIMENSIONS, 0), "seo": 1, "completeness": 1}


def test_brands_split_the_totals(week):
    assert list(week["brands"]) == [ALL, "acme", "zeta"]
    acme, zeta = week["brands"]["acme"], week["brands"]["zeta"]
    assert (acme["scored"]["total"], zeta["scored"]["total"]) == (4, 2)
    assert (acme["submissions_received"], zeta["submissions_received"]) == (2, 1)
    assert zeta["verdict_latency_p50_seconds"] == pytest.approx(8.0)
    assert acme["first_pass_acceptance_rate"] == 0.5
    assert zeta["gate_false_flags"]["seo"] == 1 and acme["gate_false_flags"]["seo"] == 0


def test_brand_filter_gives_only_that_brand(session, week):
    only = nested(build_report(session, W47, "UTC", brand="zeta"))
    assert list(only["brands"]) == ["zeta"]
    assert only["brands"]["zeta"] == week["brands"]["zeta"]
    nobody = nested(build_report(session, W47, "UTC", brand="nobody"))
    assert nobody["brands"]["nobody"]["scored"] == {"total": 0}
