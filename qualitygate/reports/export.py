"""One week's export: CSV, JSON and the HTML report, written atomically to the export folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from qualitygate.reports import html, writers
from qualitygate.reports.metrics import ALL, BrandMetrics, WeeklyReport
from qualitygate.reports.weekly import build_report
from qualitygate.reports.weeks import IsoWeek
from qualitygate.settings import Settings

HISTORY_WEEKS = 12


@dataclass(frozen=True)
class ExportResult:
    week: str
    report: WeeklyReport
    files: list[Path]  # csv, json, html


def history(
    session: Session, report: WeeklyReport, week: IsoWeek, tz: str, brand: str | None
) -> list[tuple[str, BrandMetrics]]:
    """The report's brand (or ALL) over the last HISTORY_WEEKS weeks, oldest first."""
    key = brand or ALL
    out = []
    for back in range(HISTORY_WEEKS - 1, 0, -1):
        w = week.shift(-back)
        out.append((w.label, build_report(session, w, tz, brand, per_brand=False).brands[key]))
    out.append((week.label, report.brands[key]))
    return out


def export_week(
    session: Session, week: IsoWeek, tz: str, out_dir: Path, brand: str | None = None
) -> ExportResult:
    """Compute the week and (re)write its three files; a re-run writes identical bytes."""
    report = build_report(session, week, tz, brand)
    page = html.render(report, history(session, report, week, tz, brand))
    stem = writers.file_stem(week.label, brand)
    outputs = {
        out_dir / f"{stem}.csv": writers.to_csv(report),
        out_dir / f"{stem}.json": writers.to_json(report),
        out_dir / f"{stem}.html": page,
    }
    for path, data in outputs.items():
        writers.atomic_write(path, data)
    return ExportResult(week.label, report, list(outputs))


def export_configured(
    session: Session, settings: Settings, now: datetime, week: str | None = None
) -> ExportResult:
    """The scheduled export: `week` (default: the previous full week at `now`) to QG_EXPORT_DIR."""
    iso = IsoWeek.parse(week) if week else IsoWeek.previous_full(now, settings.timezone)
    return export_week(session, iso, settings.timezone, settings.exports_dir)
