"""What the writer's and the reviewer's pages share: how a version and its verdict are shown, and
the HTML error page (the JSON error shape stays the API's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import render_template

from qualitygate.domain import DIMENSIONS
from qualitygate.models import DescriptionVersion, Verdict
from qualitygate.models._types import utcnow
from qualitygate.services.revisions import DiffPiece, diff_counts, word_diff
from qualitygate.web.highlight import DIMENSION_LABELS, Note, Segment, notes_for, segments


@dataclass(frozen=True, slots=True)
class DimensionRow:
    name: str
    label: str
    score: float
    threshold: float
    passed: bool
    findings: int

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def threshold_percent(self) -> int:
        return round(self.threshold * 100)


@dataclass(frozen=True, slots=True)
class VersionView:
    """One description version ready to render: scores, highlighted text, change from the last."""

    version: DescriptionVersion
    verdict: Verdict | None
    dimensions: list[DimensionRow] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    diff: list[DiffPiece] = field(default_factory=list)
    added: int = 0
    removed: int = 0

    @property
    def failed(self) -> list[DimensionRow]:
        return [d for d in self.dimensions if not d.passed]


def version_view(
    version: DescriptionVersion, previous: DescriptionVersion | None = None
) -> VersionView:
    verdict = version.verdict
    dims: list[DimensionRow] = []
    notes: list[Note] = []
    if verdict is not None:
        by_dim = {d.dimension: d for d in verdict.dimensions}
        for name in DIMENSIONS:
            d = by_dim.get(name)
            if d is None:
                continue
            count = sum(1 for f in verdict.findings if f.dimension == name)
            dims.append(
                DimensionRow(name, DIMENSION_LABELS[name], d.score, d.threshold, d.passed, count)
            )
        notes = notes_for(version.text, verdict.findings, prefix=f"v{version.number}-finding")
    diff = word_diff(previous.text, version.text) if previous is not None else []
    added, removed = diff_counts(diff)
    return VersionView(
        version=version,
        verdict=verdict,
        dimensions=dims,
        notes=notes,
        segments=segments(version.text, notes),
        diff=diff,
        added=added,
        removed=removed,
    )


def history(versions: list[DescriptionVersion]) -> list[VersionView]:
    """Every version, newest first, each with its diff from the one before."""
    views = [version_view(v, versions[i - 1] if i else None) for i, v in enumerate(versions)]
    return list(reversed(views))


def ago(moment: datetime, now: datetime | None = None) -> str:
    """'3 h ago'-style age for the queue (SQLite hands back naive UTC datetimes)."""
    now = now or utcnow()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=now.tzinfo)
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 3600:
        return f"{max(1, seconds // 60)} min ago"
    if seconds < 86400 * 2:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def error_page(status: int, title: str, explanation: str) -> tuple[str, int]:
    return render_template(
        "web/error.html", status=status, title=title, explanation=explanation
    ), status
