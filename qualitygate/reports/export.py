"""One week's export: CSV, JSON and the HTML report, written atomically to the export folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from qualitygate.monitoring.health import Thresholds, all_brands
from qualitygate.monitoring.live import Window
from qualitygate.reports import html, writers
from qualitygate.reports.metrics import ALL, BrandMetrics, WeeklyReport
from qualitygate.reports.weekly import build_report
from qualitygate.reports.weeks import IsoWeek
from qualitygate.settings import Settings

HISTORY_WEEKS = 12


@dataclass(frozen=True)
class Monitoring:
    """Where the serving model's reference is, and the thresholds to judge against."""

    model_dir: Path
    thresholds: Thresholds

    @classmethod
    def from_settings(cls, settings: Settings) -> Monitoring:
        return cls(settings.model_dir, Thresholds.from_settings(settings))


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
    session: Session,
    week: IsoWeek,
    tz: str,
    out_dir: Path,
    brand: str | None = None,
    monitoring: Monitoring | None = None,
) -> ExportResult:
    """Compute the week and (re)write its three files; a re-run writes identical bytes.

    With `monitoring`, the HTML adds the week's drift and live accuracy per brand."""
    report = build_report(session, week, tz, brand)
    health = None
    if monitoring is not None:
        window = Window.week(week, tz)
        health = all_brands(session, window, monitoring.model_dir, monitoring.thresholds, brand)
    floor = monitoring.thresholds.accuracy_floor if monitoring else 0.8
    page = html.render(report, history(session, report, week, tz, brand), health, floor)
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
    return export_week(
        session,
        iso,
        settings.timezone,
        settings.exports_dir,
        monitoring=Monitoring.from_settings(settings),
    )
