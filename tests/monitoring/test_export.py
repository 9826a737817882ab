"""The weekly export's HTML carries the week's drift and live accuracy section."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from qualitygate.monitoring.health import Thresholds
from qualitygate.reports.export import Monitoring, export_week
from qualitygate.reports.weeks import IsoWeek
from tests.monitoring import streams

MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def test_export_html_has_the_drift_section(session: Session, tmp_path: Path) -> None:
    streams.seed(session, streams.halves()[1], "steady", MONDAY)
    streams.seed(session, streams.halves()[1], "longer", MONDAY, mutate=streams.doubled)
    model = streams.write_model_dir(tmp_path / "model", streams.reference())
    monitoring = Monitoring(model, Thresholds())
    week = IsoWeek.parse("2026-W47")

    first = export_week(session, week, "UTC", tmp_path / "out", monitoring=monitoring)
    page = first.files[2].read_text(encoding="utf-8")
    section = page[page.index('id="drift"') :]
    assert section.index("<td>longer</td>") < section.index("<td>steady</td>")
    longer_row = section[section.index("<td>longer</td>") :].split("</tr>")[0]
    assert "drifting" in longer_row and "text_length PSI" in longer_row
    steady_row = section[section.index("<td>steady</td>") :].split("</tr>")[0]
    assert "<b>ok</b>" in steady_row and "too few reviews" in steady_row
    assert section.count("data:image/png;base64,") >= 2

    again = export_week(session, week, "UTC", tmp_path / "out", monitoring=monitoring)
    assert again.files[2].read_bytes() == first.files[2].read_bytes()  # byte-identical re-run


def test_without_monitoring_the_page_has_no_section(session: Session, tmp_path: Path) -> None:
    result = export_week(session, IsoWeek.parse("2026-W47"), "UTC", tmp_path)
    assert 'id="drift"' not in result.files[2].read_text(encoding="utf-8")
