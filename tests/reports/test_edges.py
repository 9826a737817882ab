"""Edge cases: an empty week, the Sunday 23:30 boundary, percentiles computed in SQL."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from qualitygate.reports.metrics import ALL, nested
from qualitygate.reports.sql import percentiles
from qualitygate.reports.weekly import build_report
from qualitygate.reports.weeks import IsoWeek
from qualitygate.reports.writers import to_csv
from tests.reports import factories as f

W47 = IsoWeek(2026, 47)


def test_an_empty_week_has_zero_rows_not_errors(session):
    report = build_report(session, W47, "Europe/Berlin")
    doc = nested(report)
    m = doc["brands"][ALL]
    assert list(doc["brands"]) == [ALL]
    assert m["submissions_received"] == 0 and m["scored"] == {"total": 0}
    assert m["dimension_flagged"]["seo"] == 0 and sum(m["verdict_latency_histogram"].values()) == 0
    # A rate with nothing to divide is absent (null / empty cell), never a misleading 0.
    assert m["pass_rate"] == {"total": None} and m["first_pass_acceptance_rate"] is None
    assert m["verdict_latency_p95_seconds"] is None and m["top_findings"] == []
    lines = to_csv(report).decode().splitlines()
    assert lines[0] == "week,brand,metric,breakdown,key,dimension,value,example"
    assert "2026-W47,ALL,submissions_received,,,,0," in lines
    assert "2026-W47,ALL,pass_rate,,,,," in lines
    assert "2026-W47,ALL,dimension_flagged,,,seo,0," in lines


def test_sunday_2330_local_belongs_to_the_local_week(session):
    ny = ZoneInfo("America/New_York")
    sunday_late = datetime(2026, 11, 22, 23, 30, tzinfo=ny)  # = Monday 04:30 UTC, W48 in UTC
    sub = f.submission(session, sunday_late.astimezone(UTC))
    f.verdict(session, sub.versions[0], 40 * 60)  # verdict Monday 00:10 local: next week
    session.commit()

    local_47 = nested(build_report(session, W47, "America/New_York"))["brands"][ALL]
    local_48 = nested(build_report(session, W47.shift(1), "America/New_York"))["brands"][ALL]
    utc_47 = nested(build_report(session, W47, "UTC"))["brands"][ALL]
    utc_48 = nested(build_report(session, W47.shift(1), "UTC"))["brands"][ALL]
    assert (local_47["versions_received"]["total"], local_47["scored"]["total"]) == (1, 0)
    assert (local_48["versions_received"]["total"], local_48["scored"]["total"]) == (0, 1)
    assert (utc_47["versions_received"]["total"], utc_48["versions_received"]["total"]) == (0, 1)
    assert utc_48["scored"]["total"] == 1


@pytest.mark.parametrize("n", [1, 2, 7, 101])
def test_percentiles_in_sql_match_percentile_cont(session, n):
    rnd = random.Random(n)
    at = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
    values = {"acme": [], "zeta": []}
    for i in range(n):
        brand = "acme" if i % 3 else "zeta"
        seconds = round(rnd.expovariate(1 / 30), 3)
        values[brand].append(seconds)
        sub = f.submission(session, at + timedelta(seconds=i), brand)
        f.verdict(session, sub.versions[0], seconds)
    session.commit()
    report = nested(build_report(session, W47, "UTC"))["brands"]
    for brand, xs in [(ALL, values["acme"] + values["zeta"]), *values.items()]:
        if not xs:
            assert brand not in report
            continue
        for p in (50, 95):
            got = report[brand][f"verdict_latency_p{p}_seconds"]
            assert got == pytest.approx(round(float(np.percentile(xs, p)), 4), abs=2e-3)


def test_percentiles_helper_ignores_groups_without_rows(session):
    from sqlalchemy import literal_column, select

    from qualitygate.models import Verdict

    rows = select(literal_column("'g'").label("g"), Verdict.scoring_ms).where(Verdict.id < 0)
    assert percentiles(session, rows, (0.5,)) == {}


def test_first_review_and_first_pass_look_back_across_weeks(session):
    """A description reviewed (rejected) in W46 and accepted in W47 is no first review in W47;
    one that first passed in W46 and passes again in W47 is no first pass in W47."""
    rv = f.reviewer(session)
    w46 = datetime(2026, 11, 12, 9, 0, tzinfo=UTC)
    sub = f.submission(session, w46)
    f.verdict(session, sub.versions[0], 2)
    f.review(session, rv, sub.versions[0], "rejected", w46 + timedelta(hours=1))
    v2 = f.revise(session, sub, w46 + timedelta(days=6))  # Wednesday of W47
    f.verdict(session, v2, 2)
    f.review(session, rv, v2, "accepted", w46 + timedelta(days=6, hours=2))
    session.commit()
    m = nested(build_report(session, W47, "UTC"))["brands"][ALL]
    assert (m["reviews"]["total"], m["first_reviews"], m["first_pass_acceptance_rate"]) == (
        1,
        0,
        None,
    )
    assert (m["scored"]["total"], m["descriptions_passed"], m["versions_until_pass"]) == (1, 0, {})
    m46 = nested(build_report(session, W47.shift(-1), "UTC"))["brands"][ALL]
    assert (m46["first_reviews"], m46["first_pass_acceptance_rate"]) == (1, 0.0)
    assert m46["versions_until_pass"] == {"1": 1}
