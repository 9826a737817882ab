"""Findings highlighted in place: the description cut into segments, each with the notes over it.

Spans are [start, end) character offsets and may overlap or nest, which HTML elements cannot
express, so the text is cut at every span boundary: each piece carries every note covering it and
is rendered as one <mark> (or as plain text when no note covers it). Plain Python; the template
does the (escaped) rendering.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qualitygate.models import FindingRow

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
DIMENSION_LABELS = {
    "completeness": "Completeness",
    "readability": "Readability",
    "accuracy": "Accuracy",
    "brand_voice": "Brand voice",
    "seo": "SEO",
}


@dataclass(frozen=True, slots=True)
class Note:
    """One finding as the pages show it; `anchor` is the id of its entry in the findings list."""

    anchor: str
    dimension: str
    rule: str
    severity: str
    message: str
    suggestion: str | None
    span: tuple[int, int] | None
    excerpt: str | None

    @property
    def dimension_label(self) -> str:
        return DIMENSION_LABELS.get(self.dimension, self.dimension)

    @property
    def explanation(self) -> str:
        fix = f" Fix: {self.suggestion}" if self.suggestion else ""
        return f"{self.dimension_label} ({self.severity}): {self.message}{fix}"


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    notes: tuple[Note, ...] = ()

    @property
    def primary(self) -> Note:
        """The note that colours the segment: the most severe one."""
        return self.notes[0]

    @property
    def anchors(self) -> str:
        return " ".join(n.anchor for n in self.notes)

    @property
    def tip(self) -> str:
        return "\n".join(n.explanation for n in self.notes)


def notes_for(text: str, findings: Iterable[FindingRow], prefix: str = "finding") -> list[Note]:
    """Findings as notes in reading order (whole-text ones first), spans clipped to the text."""
    rows = [(f, _clip(text, f.span_start, f.span_end)) for f in findings]
    rows.sort(key=lambda r: (r[1] or (-1, -1), SEVERITY_RANK.get(r[0].severity, 9)))
    return [
        Note(
            anchor=f"{prefix}-{i}",
            dimension=f.dimension,
            rule=f.rule,
            severity=f.severity,
            message=f.message,
            suggestion=f.suggestion,
            span=span,
            excerpt=text[span[0] : span[1]] if span else None,
        )
        for i, (f, span) in enumerate(rows, start=1)
    ]


def segments(text: str, notes: Sequence[Note]) -> list[Segment]:
    """Cut `text` at every span boundary; concatenating the segments' text gives `text` back."""
    spanned = [n for n in notes if n.span is not None]
    cuts = sorted({0, len(text), *(b for n in spanned for b in n.span or ())})
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(
            sorted(
                (n for n in spanned if n.span and n.span[0] <= start and end <= n.span[1]),
                key=lambda n: (SEVERITY_RANK.get(n.severity, 9), n.anchor),
            )
        )
        out.append(Segment(text[start:end], covering))
    return out


def _clip(text: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    if start is None or end is None:
        return None
    start, end = max(0, start), min(len(text), end)
    return (start, end) if start < end else None
