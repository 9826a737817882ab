"""Public URLs handed to the CMS, including the writer's signed, expiring feedback link."""

from __future__ import annotations

from itsdangerous import URLSafeTimedSerializer

from qualitygate.settings import Settings

_SALT = "feedback-link"


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=_SALT)


def feedback_token(settings: Settings, submission_id: str) -> str:
    return _serializer(settings).dumps(submission_id)


def read_feedback_token(settings: Settings, token: str) -> str:
    """The submission id in a feedback token; raises itsdangerous errors if expired or tampered."""
    max_age = settings.feedback_link_ttl_days * 86400
    return str(_serializer(settings).loads(token, max_age=max_age))


def submission_links(settings: Settings, submission_id: str) -> dict[str, str]:
    base = settings.base_url
    return {
        "self": f"{base}/api/v1/submissions/{submission_id}",
        "feedback": f"{base}/feedback/{feedback_token(settings, submission_id)}",
    }
