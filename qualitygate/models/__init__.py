"""Database models. Import from here so Alembic sees every table."""

from qualitygate.models.submission import DescriptionVersion, Submission, SubmissionStatus
from qualitygate.models.verdict import DimensionScore, FindingRow, Verdict

__all__ = [
    "DescriptionVersion",
    "DimensionScore",
    "FindingRow",
    "Submission",
    "SubmissionStatus",
    "Verdict",
]
