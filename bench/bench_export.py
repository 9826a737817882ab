"""Benchmark: the weekly export of a week with 100,000 submissions on PostgreSQL.

    .venv/bin/python bench/bench_export.py [--rows 100000] [--admin-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

Creates a scratch database (dropped at the end), migrates it, seeds one ISO week in bulk with
`INSERT ... SELECT generate_series` (submissions, versions with revisions, verdicts, five dimension
scores each, findings, reviews), then times `build_report` (every metric, per brand and ALL) and
the full `export_week` (plus 11 history weeks, three charts, three files). Prints a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qualitygate import migrate  # noqa: E402
from qualitygate.reports.export import export_week  # noqa: E402
from qualitygate.reports.weekly import build_report  # noqa: E402
from qualitygate.reports.weeks import IsoWeek  # noqa: E402

WEEK = IsoWeek(2026, 47)
DIMS = "ARRAY['completeness','readability','accuracy','brand_voice','seo']"

SEED = [
    # Submissions spread evenly over the week, four brands.
    """INSERT INTO submission (id, event_id, brand, payload_hash, sku, title, category, attributes,
           keywords, status, created_at, updated_at)
       SELECT md5(g::text), 'evt-' || g, (ARRAY['acme','zeta','nova','orbit'])[1 + g % 4],
              repeat('0', 64), 'SKU-' || g, 'A title', '[]', '{}', '[]', 'passed',
              :start + (g * :step) * interval '1 second', :start + (g * :step) * interval '1 second'
       FROM generate_series(1, :n) AS g""",
    # Version 1 for every submission; 50 writers, three sources.
    """INSERT INTO description_version
           (submission_id, number, text, locale, author, source, created_at)
       SELECT md5(g::text), 1, 'text', 'en-US', 'writer-' || (g % 50),
              (ARRAY['ai','freelance','in-house'])[1 + g % 3],
              :start + (g * :step) * interval '1 second'
       FROM generate_series(1, :n) AS g""",
    # A revision an hour later for 30 %.
    """INSERT INTO description_version
           (submission_id, number, text, locale, author, source, created_at)
       SELECT submission_id, 2, 'text v2', locale, author, source, created_at + interval '1 hour'
       FROM description_version WHERE number = 1 AND abs(hashtext(submission_id)) % 10 < 3""",
    # A verdict per version 0.2-30 s later; revised first versions and 10 % of the rest flagged.
    """INSERT INTO verdict
           (version_id, status, model_version, low_confidence, scoring_ms, created_at)
       SELECT v.id,
              CASE WHEN v.number = 1 AND (abs(hashtext(v.submission_id)) % 10 < 3 OR v.id % 10 = 0)
                   THEN 'flag' ELSE 'pass' END,
              CASE WHEN v.id % 5 = 0 THEN 'rules-only' ELSE 'bert-2026-11' END, false, 12.5,
              v.created_at + ((200 + (v.id * 7919) % 29800) / 1000.0) * interval '1 second'
       FROM description_version v""",
    f"""INSERT INTO dimension_score (verdict_id, dimension, score, passed, threshold, rule_score)
       SELECT vd.id, d.dim, 0.8,
              NOT (vd.status = 'flag' AND d.dim = ({DIMS})[1 + vd.id % 5]), 0.5, 0.8
       FROM verdict vd CROSS JOIN unnest({DIMS}) AS d(dim)""",
    f"""INSERT INTO finding (verdict_id, dimension, rule, severity, message)
       SELECT vd.id, ({DIMS})[1 + vd.id % 5], ({DIMS})[1 + vd.id % 5] || '_rule_' || (vd.id % 4),
              'error', 'example finding ' || vd.id
       FROM verdict vd WHERE vd.status = 'flag'""",
    """INSERT INTO reviewer (username, password_hash, active, created_at)
       VALUES ('bench', 'x', true, :start)""",
    # 60 % of passing latest versions reviewed within 1-25 h; some gate_wrong marks.
    """INSERT INTO review
           (submission_id, version_id, reviewer_id, decision, override, gate_wrong, created_at)
       SELECT v.submission_id, v.id, (SELECT min(id) FROM reviewer),
              (ARRAY['accepted','accepted','accepted_with_edits','rejected'])[1 + v.id % 4], false,
              jsonb_build_object('seo', v.id % 17 = 0, 'completeness', v.id % 23 = 0),
              vd.created_at + ((1 + v.id % 24) * interval '1 hour')
       FROM description_version v JOIN verdict vd ON vd.version_id = v.id
       WHERE vd.status = 'pass' AND v.id % 10 < 6""",
]


def seed(engine: sa.Engine, n: int) -> dict[str, int]:
    start, _ = WEEK.bounds("UTC")
    step = (6.9 * 86400) / n  # the whole week, not a second beyond
    with engine.begin() as conn:
        for stmt in SEED:
            conn.execute(sa.text(stmt), {"start": start, "step": step, "n": n})
        conn.execute(sa.text("ANALYZE"))
        counts = {
            t: conn.scalar(sa.text(f"SELECT count(*) FROM {t}"))
            for t in (
                "submission",
                "description_version",
                "verdict",
                "dimension_score",
                "finding",
                "review",
            )
        }
    return {k: int(v or 0) for k, v in counts.items()}


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = ap.parse_args()

    name = f"qg_bench_export_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(args.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = args.admin_url.rsplit("/", 1)[0] + "/" + name
    engine = sa.create_engine(url)
    try:
        migrate.upgrade(url)
        t = time.perf_counter()
        counts = seed(engine, args.rows)
        seed_s = time.perf_counter() - t
        with Session(engine) as s, tempfile.TemporaryDirectory() as out:
            report_s = timed(lambda: build_report(s, WEEK, "UTC"), args.repeat)
            export_s = timed(lambda: export_week(s, WEEK, "UTC", Path(out)), args.repeat)
            doc = json.loads((Path(out) / f"qualitygate-metrics-{WEEK.label}.json").read_text())
        m = doc["brands"]["ALL"]
        print(
            json.dumps(
                {
                    "rows": counts,
                    "seed_s": round(seed_s, 1),
                    "build_report_s": {
                        "median": round(statistics.median(report_s), 3),
                        "all": [round(x, 3) for x in report_s],
                    },
                    "export_week_s": {
                        "median": round(statistics.median(export_s), 3),
                        "all": [round(x, 3) for x in export_s],
                    },
                    "check": {
                        "submissions_received": m["submissions_received"],
                        "scored": m["scored"]["total"],
                        "pass_rate": m["pass_rate"]["total"],
                        "verdict_latency_p50_seconds": m["verdict_latency_p50_seconds"],
                        "verdict_latency_p95_seconds": m["verdict_latency_p95_seconds"],
                        "first_pass_acceptance_rate": m["first_pass_acceptance_rate"],
                    },
                },
                indent=2,
            )
        )
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
