"""CSV and JSON renderings of a report, and atomic file writes.

Both are deterministic: fixed row and key order, fixed float precision, no generation timestamp,
so re-exporting a week writes byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from qualitygate.reports.metrics import COLUMNS, Value, WeeklyReport, nested, rows


def file_stem(week: str, brand: str | None = None) -> str:
    """`qualitygate-metrics-2026-W47` (all brands) or `qualitygate-metrics-2026-W47-acme`."""
    return f"qualitygate-metrics-{week}" + (f"-{brand}" if brand else "")


def _cell(value: Value) -> str:
    return "" if value is None else repr(value)


def to_csv(report: WeeklyReport) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows(report):
        writer.writerow(
            [r.week, r.brand, r.metric, r.breakdown, r.key, r.dimension, _cell(r.value), r.example]
        )
    return buf.getvalue().encode()


def to_json(report: WeeklyReport) -> bytes:
    return (json.dumps(nested(report), indent=2, ensure_ascii=False) + "\n").encode()


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    A reader (or the webhook's consumer) sees the old file or the new one, never half of one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
