"""ISO weeks in the configured time zone, and their boundaries as UTC instants."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from qualitygate.limits import MAX_WEEK_YEAR, MIN_WEEK_YEAR

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class WeekError(ValueError):
    """A week label or a time zone that cannot be understood."""


def zone(name: str) -> ZoneInfo:
    """The IANA zone `name`, or a WeekError naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise WeekError(f"unknown time zone {name!r}") from exc


@dataclass(frozen=True, order=True, slots=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, label: str) -> IsoWeek:
        """`2026-W47` -> IsoWeek(2026, 47); WeekError for anything else or a week that cannot be."""
        m = _WEEK.match(label.strip())
        if not m:
            raise WeekError(f"week must look like 2026-W47, got {label!r}")
        year, week = int(m.group(1)), int(m.group(2))
        if not MIN_WEEK_YEAR <= year <= MAX_WEEK_YEAR:
            # Outside, a week's boundaries or the weeks a report compares it with overflow.
            raise WeekError(f"week must be in the years {MIN_WEEK_YEAR} to {MAX_WEEK_YEAR}")
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError as exc:
            raise WeekError(f"{label!r} is not an ISO week of {year}") from exc
        return cls(year, week)

    @classmethod
    def containing(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def previous_full(cls, now: datetime, tz: str) -> IsoWeek:
        """The last ISO week that has fully ended at `now` in zone `tz` (the Monday default)."""
        local_day = now.astimezone(zone(tz)).date()
        return cls.containing(local_day - timedelta(days=7))

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def shift(self, weeks: int) -> IsoWeek:
        return IsoWeek.containing(self.monday + timedelta(weeks=weeks))

    def bounds(self, tz: str) -> tuple[datetime, datetime]:
        """[start, end) in UTC: Monday 00:00 to the next Monday 00:00, local wall-clock time.

        Built from dates, not by adding 7×24 h, so a week that contains a DST change is 167 or
        169 hours long, as it is on the content lead's calendar.
        """
        z = zone(tz)
        start = datetime.combine(self.monday, time(0), tzinfo=z)
        end = datetime.combine(self.monday + timedelta(days=7), time(0), tzinfo=z)
        return start.astimezone(UTC), end.astimezone(UTC)

    def __str__(self) -> str:
        return self.label
