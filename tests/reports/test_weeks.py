"""ISO weeks and their boundaries in the configured time zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from qualitygate.reports.weeks import IsoWeek, WeekError


def test_parse_and_label_round_trip():
    assert IsoWeek.parse("2026-W47") == IsoWeek(2026, 47)
    assert IsoWeek(2026, 3).label == "2026-W03"
    assert IsoWeek.parse("2026-W53") == IsoWeek(2026, 53)  # 2026 has 53 ISO weeks


@pytest.mark.parametrize("bad", ["2026-47", "2026-W7", "W47", "2025-W53", "2026-W00", ""])
def test_parse_refuses_what_is_not_an_iso_week(bad):
    with pytest.raises(WeekError):
        IsoWeek.parse(bad)


def test_unknown_time_zone_is_a_week_error():
    with pytest.raises(WeekError, match="Mars/Olympus"):
        IsoWeek(2026, 47).bounds("Mars/Olympus")


def test_bounds_are_local_midnights_as_utc():
    start, end = IsoWeek(2026, 47).bounds("Europe/Berlin")  # CET, UTC+1
    assert start == datetime(2026, 11, 15, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 22, 23, 0, tzinfo=UTC)


def test_a_week_with_a_dst_change_is_not_168_hours():
    # Europe/Berlin leaves summer time on Sunday 2026-10-25: that week has 169 hours.
    start, end = IsoWeek.parse("2026-W43").bounds("Europe/Berlin")
    assert (end - start).total_seconds() == 169 * 3600


def test_previous_full_week_depends_on_the_zone():
    # Monday 2026-11-23 03:00 UTC is still Sunday evening in New York.
    now = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    assert IsoWeek.previous_full(now, "UTC") == IsoWeek(2026, 47)
    assert IsoWeek.previous_full(now, "America/New_York") == IsoWeek(2026, 46)


def test_shift_crosses_years():
    assert IsoWeek(2027, 1).shift(-1) == IsoWeek(2026, 53)
    assert IsoWeek(2026, 47).shift(-11) == IsoWeek(2026, 36)
