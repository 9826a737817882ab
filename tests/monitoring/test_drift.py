"""Drift per brand and week: a stream like the reference stays ok, a shifted one drifts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from qualitygate.monitoring.drift import psi
from qualitygate.monitoring.health import brand_health
from qualitygate.monitoring.live import Window
from qualitygate.monitoring.reference import load_reference
from qualitygate.reports.weeks import IsoWeek
from tests.monitoring import streams

WEEK = IsoWeek.parse("2026-W47")
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    return streams.write_model_dir(tmp_path / "model", streams.reference())


def _health(session: Session, model_dir: Path, brand: str = "acme"):  # type: ignore[no-untyped-def]
    return brand_health(session, brand, Window.week(WEEK, "UTC"), model_dir)


def test_reference_round_trips_and_keeps_the_shape(model_dir: Path) -> None:
    ref = load_reference(model_dir)
    assert ref.size == len(streams.halves()[0])
    assert sum(ref.numeric["text_length"].counts) == ref.size
    assert set(ref.categorical["flag.seo"].counts) == {"pass", "flag"}
    assert ref.categorical["language"].counts.get("en", 0) > ref.size / 2
    assert (model_dir / "reference.json").stat().st_size < 20_000


def test_a_stream_drawn_like_the_reference_stays_ok(session: Session, model_dir: Path) -> None:
    streams.seed(session, streams.halves()[1], "acme", MONDAY)
    report = _health(session, model_dir)
    assert report.drift.size == len(streams.halves()[1])
    assert report.drift.status == "ok", [s.to_out() for s in report.drift.worst()]
    assert report.drift.signals  # evidence is there even when all is well


def test_descriptions_twice_as_long_drift(session: Session, model_dir: Path) -> None:
    streams.seed(session, streams.halves()[1], "acme", MONDAY, mutate=streams.doubled)
    report = _health(session, model_dir)
    assert report.drift.status == "drifting"
    assert report.status == "drifting"
    length = next(s for s in report.drift.signals if s.signal == "text_length")
    assert length.status == "drifting"
    assert length.psi >= 0.25 and length.p_value < 0.001
    # The scores were drawn as in the reference: they are not blamed.
    assert next(s for s in report.drift.signals if s.signal == "gate.seo").status == "ok"


def test_another_category_mix_drifts(session: Session, model_dir: Path) -> None:
    pool = streams.halves()[1] + streams.drafts("train")
    top = load_reference(model_dir).categorical["category"].counts
    rare = [d for d in pool if d.product.category and d.product.category[0] not in top]
    assert len(rare) >= 60
    streams.seed(session, rare[:120], "acme", MONDAY)
    report = _health(session, model_dir)
    category = next(s for s in report.drift.signals if s.signal == "category")
    assert category.status == "drifting"
    assert report.status == "drifting"


def test_a_lower_model_score_drifts_on_that_score(session: Session, model_dir: Path) -> None:
    streams.seed(session, streams.halves()[1], "acme", MONDAY, model_shift=0.3)
    report = _health(session, model_dir)
    assert next(s for s in report.drift.signals if s.signal == "model.accuracy").status == (
        "drifting"
    )
    assert next(s for s in report.drift.signals if s.signal == "text_length").status == "ok"


def test_brands_are_judged_apart_and_a_small_week_is_insufficient(
    session: Session, model_dir: Path
) -> None:
    streams.seed(session, streams.halves()[1], "acme", MONDAY)
    streams.seed(session, streams.halves()[1][:20], "tiny", MONDAY, mutate=streams.doubled)
    assert _health(session, model_dir, "acme").status == "ok"
    tiny = _health(session, model_dir, "tiny")
    assert tiny.drift.status == "insufficient"
    assert "too few verdicts" in tiny.drift.note


def test_a_week_outside_the_window_is_not_counted(session: Session, model_dir: Path) -> None:
    before = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)  # the week before W47
    streams.seed(session, streams.halves()[1], "acme", before, mutate=streams.doubled)
    report = _health(session, model_dir)
    assert report.drift.size == 0
    assert report.status == "insufficient"


def test_missing_reference_is_said(session: Session, tmp_path: Path) -> None:
    streams.seed(session, streams.halves()[1][:60], "acme", MONDAY)
    report = _health(session, tmp_path / "no-model")
    assert report.drift.status == "insufficient"
    assert "no reference" in report.drift.note


def test_psi_is_zero_for_equal_and_grows_with_the_shift() -> None:
    assert psi([10, 20, 30], [10, 20, 30]) == pytest.approx(0.0)
    assert psi([100, 200, 300], [10, 20, 30]) < 0.01  # only the smoothing's half counts
    assert psi([10, 20, 30], [30, 20, 10]) > psi([10, 20, 30], [15, 20, 25]) > 0
