"""Database models. Import from here so Alembic sees every table."""

from qualitygate.models.callback import CallbackAttempt
from qualitygate.models.model_version import ModelVersion
from qualitygate.models.review import Review, ReviewDecision, Reviewer
from qualitygate.models.submission import DescriptionVersion, Submission, SubmissionStatus
from qualitygate.models.tenant import Tenant
from qualitygate.models.verdict import DimensionScore, FindingRow, Verdict

__all__ = [
    "CallbackAttempt",
    "DescriptionVersion",
    "DimensionScore",
    "FindingRow",
    "ModelVersion",
    "Review",
    "ReviewDecision",
    "Reviewer",
    "Submission",
    "SubmissionStatus",
    "Tenant",
    "Verdict",
]
