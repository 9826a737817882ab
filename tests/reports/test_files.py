"""The files: names, atomic replacement and byte-identical re-runs; the HTML tells the story."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from qualitygate.reports.export import HISTORY_WEEKS, export_week
from qualitygate.reports.metrics import COLUMNS
from qualitygate.reports.weeks import IsoWeek
from tests.reports import factories as f

W47 = IsoWeek(2026, 47)


def _seed(session):
    rv = f.reviewer(session)
    for weeks_back in range(3):
        at = datetime(2026, 11, 17, 12, tzinfo=UTC) - timedelta(weeks=weeks_back)
        for i in range(4):
            sub = f.submission(session, at, "acme" if i % 2 else "zeta", f"w{i}", "ai")
            failed = ["seo"] if i == 0 else []
            v = f.verdict(session, sub.versions[0], 1.5 + i, failed, [("seo", "kw", "no 'kw'")])
            if not failed:
                f.review(
                    session, rv, sub.versions[0], "accepted", v.created_at + timedelta(hours=1)
                )
    session.commit()


def test_rerunning_a_week_rewrites_identical_files(session, tmp_path):
    _seed(session)
    out = tmp_path / "exports"
    first = export_week(session, W47, "Europe/Berlin", out)
    names = sorted(p.name for p in first.files)
    assert names == [
        "qualitygate-metrics-2026-W47.csv",
        "qualitygate-metrics-2026-W47.html",
        "qualitygate-metrics-2026-W47.json",
    ]
    before = {p.name: p.read_bytes() for p in first.files}
    second = export_week(session, W47, "Europe/Berlin", out)
    assert {p.name: p.read_bytes() for p in second.files} == before
    assert sorted(p.name for p in out.iterdir()) == names  # no temporary file left behind

    rows = list(csv.DictReader(io.StringIO(before[names[0]].decode())))
    assert tuple(rows[0]) == COLUMNS and {r["week"] for r in rows} == {"2026-W47"}
    doc = json.loads(before[names[2]])
    assert doc["week"] == "2026-W47" and doc["timezone"] == "Europe/Berlin"
    assert doc["start"] == "2026-11-15T23:00:00+00:00"
    # The CSV and the JSON carry the same numbers.
    scored = next(
        r for r in rows if r["metric"] == "scored" and r["brand"] == "ALL" and not r["key"]
    )
    assert int(scored["value"]) == doc["brands"]["ALL"]["scored"]["total"] == 4


def test_brand_export_is_its_own_file(session, tmp_path):
    _seed(session)
    result = export_week(session, W47, "UTC", tmp_path, brand="acme")
    assert {p.name for p in result.files} == {
        f"qualitygate-metrics-2026-W47-acme.{ext}" for ext in ("csv", "json", "html")
    }
    doc = json.loads(result.files[1].read_bytes())
    assert list(doc["brands"]) == ["acme"] and doc["brand"] == "acme"


def test_html_report_has_headline_numbers_and_three_charts(session, tmp_path):
    _seed(session)
    page = export_week(session, W47, "UTC", tmp_path).files[2].read_text()
    assert page.count('src="data:image/png;base64,') == 3
    assert "Quality gate weekly report 2026-W47" in page
    assert "pass rate" in page and "75%" in page  # 3 of 4 passed this week
    assert f"last {HISTORY_WEEKS} weeks" in page
    assert "no &#39;kw&#39;" in page  # examples are escaped
