"""The public contract: the webhook body in, the verdict and submission out, and their links;
the monitoring report out.

Validated with pydantic; the OpenAPI document is generated from these models, so the docs cannot
drift from the code. The one serializer of the `*Out` models is here too (`verdict_out`,
`submission_out`): the API's submission view, the callback body and `qualitygate score` all build
their verdict JSON with it, so the three cannot drift apart (tests/callbacks/test_one_contract.py
compares them for one version). So are the public URLs handed to the CMS, the writer's signed,
expiring feedback link among them.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from itsdangerous import URLSafeTimedSerializer
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    field_validator,
)
from pydantic_core import PydanticCustomError
from sqlalchemy import select
from sqlalchemy.orm import Session

from qualitygate import limits
from qualitygate.domain import Draft, Finding, build_draft
from qualitygate.models import CallbackAttempt, FindingRow, Submission, Verdict
from qualitygate.settings import Settings

if TYPE_CHECKING:
    from qualitygate.pipeline.gate import GateVerdict

# Control characters other than tab and newline carry no meaning in copy and break offsets.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates reorder what a reader sees ("Trojan Source"):
# the text checked would not be the text shown.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def normalize_text(value: str) -> str:
    """NFC-normalise and strip control characters (CRLF becomes LF)."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", value)


def has_bidi_controls(value: str) -> bool:
    """True when `value` holds a bidirectional embedding, override or isolate character."""
    return _BIDI_CONTROL.search(value) is not None


def _no_bidi_controls(value: str) -> str:
    if has_bidi_controls(value):
        raise ValueError("must not contain bidirectional override or isolate characters")
    return value


def _no_controls(value: str) -> str:
    """No control characters (NUL included) other than tab and line breaks, no bidi controls."""
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return _no_bidi_controls(value)


def _one_line(value: str) -> str:
    if any(c in value for c in "\t\n\r"):
        raise ValueError("must be one line without tabs")
    return _no_controls(value)


def _visible(value: str) -> str:
    """Something a reader can see: not only spaces, zero-width or other format characters."""
    if all(unicodedata.category(c)[0] in "CZ" for c in value):
        raise ValueError("must not be blank")
    return value


# String fields with their limits (qualitygate/limits.py); each refusal is a 422 naming the field.
EventId = Annotated[
    str, Field(min_length=1, max_length=limits.MAX_EVENT_ID_CHARS), AfterValidator(_one_line)
]
Sku = Annotated[
    str, Field(min_length=1, max_length=limits.MAX_SKU_CHARS), AfterValidator(_one_line)
]
Category = Annotated[str, Field(max_length=limits.MAX_CATEGORY_CHARS), AfterValidator(_one_line)]
Keyword = Annotated[str, Field(max_length=limits.MAX_KEYWORD_CHARS), AfterValidator(_one_line)]
AttributeName = Annotated[
    str,
    Field(min_length=1, max_length=limits.MAX_ATTRIBUTE_NAME_CHARS),
    AfterValidator(_one_line),
    AfterValidator(_visible),
]


def _attribute_value(value: object, handler: ValidatorFunctionWrapHandler) -> object:
    """A string, number or boolean; strings capped and free of control characters, numbers
    finite. Checked after the type, so a refusal is one error on the attribute's own path."""
    value = handler(value)
    if isinstance(value, str):
        if len(value) > limits.MAX_ATTRIBUTE_VALUE_CHARS:
            raise PydanticCustomError(
                "string_too_long",
                "String should have at most {max_length} characters",
                {"max_length": limits.MAX_ATTRIBUTE_VALUE_CHARS},
            )
        _no_controls(value)
    elif isinstance(value, float) and not math.isfinite(value):
        # JSON has no NaN or Infinity (the reader refuses the literals); 1e999 reads as infinity.
        raise PydanticCustomError("finite_number", "Input should be a finite number")
    return value


AttributeValue = Annotated[
    str | int | float | bool,
    WrapValidator(_attribute_value),
    # The OpenAPI document states the cap the wrap validator enforces.
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "maxLength": limits.MAX_ATTRIBUTE_VALUE_CHARS},
                {"type": "integer"},
                {"type": "number"},
                {"type": "boolean"},
            ]
        }
    ),
]
Locale = Annotated[str, Field(max_length=limits.MAX_LOCALE_CHARS), AfterValidator(_one_line)]
Author = Annotated[str, Field(max_length=limits.MAX_AUTHOR_CHARS), AfterValidator(_one_line)]
CallbackUrl = Annotated[
    str,
    Field(max_length=limits.MAX_CALLBACK_URL_CHARS, pattern=r"^https?://\S+$"),
    AfterValidator(_one_line),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class ProductIn(_Strict):
    sku: Sku
    title: str = Field(min_length=1, max_length=limits.MAX_TITLE_CHARS)
    category: list[Category] = Field(default_factory=list, max_length=limits.MAX_CATEGORIES)
    attributes: dict[AttributeName, AttributeValue] = Field(
        default_factory=dict, max_length=limits.MAX_ATTRIBUTES
    )
    keywords: list[Keyword] = Field(default_factory=list, max_length=limits.MAX_KEYWORDS)

    def attribute_strings(self) -> dict[str, str]:
        """Attribute values as stored and checked: numbers as written, booleans as Yes/No."""
        return {k: _attr(v) for k, v in self.attributes.items()}

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, v: str) -> str:
        v = normalize_text(v).strip()
        return _no_bidi_controls(_visible(v))


class DescriptionIn(_Strict):
    text: str = Field(max_length=limits.MAX_TEXT_CHARS)
    locale: Locale = "en-US"
    author: Author | None = None
    source: Literal["ai", "freelance", "in-house"] | None = None

    @field_validator("text")
    @classmethod
    def _normalize(cls, v: str) -> str:
        return _no_bidi_controls(normalize_text(v))


class SubmissionIn(_Strict):
    """The CMS webhook body."""

    event_id: EventId
    brand: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,99}$", examples=["default"])
    product: ProductIn
    description: DescriptionIn
    callback_url: CallbackUrl | None = None

    def canonical_hash(self) -> str:
        """sha256 of the validated body: key order and whitespace do not change it."""
        body = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(body.encode()).hexdigest()

    def to_draft(self) -> Draft:
        product = {**self.product.model_dump(), "attributes": self.product.attribute_strings()}
        return build_draft(self.brand, product, self.description.text, self.description.locale)


def _attr(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


# ---- responses -------------------------------------------------------------------------------


class Links(BaseModel):
    self: str
    feedback: str


class SubmissionAccepted(BaseModel):
    submission_id: str
    status: str
    links: Links


class FindingOut(BaseModel):
    dimension: str
    rule: str
    severity: Literal["error", "warning", "info"]
    message: str
    span: tuple[int, int] | None
    suggestion: str | None


class DimensionOut(BaseModel):
    score: float = Field(ge=0, le=1, description="1 = meets the standard")
    passed: bool
    threshold: float
    findings: list[FindingOut]


class VerdictOut(BaseModel):
    submission_id: str | None
    event_id: str
    status: Literal["pass", "flag"]
    model_version: str
    low_confidence: bool
    dimensions: dict[str, DimensionOut]
    findings: list[FindingOut]


class VersionOut(BaseModel):
    number: int
    text: str
    locale: str
    author: str | None
    source: str | None
    created_at: str
    verdict: VerdictOut | None


class CallbackAttemptOut(BaseModel):
    attempt: int
    outcome: Literal["failed", "delivered", "dead"]
    http_status: int | None
    error: str | None
    at: str


class CallbackOut(BaseModel):
    """Delivery of the latest verdict to `callback_url` (docs/callbacks.md)."""

    status: Literal["pending", "delivered", "dead"] | None
    attempts: list[CallbackAttemptOut]


class ProductOut(BaseModel):
    """The product as stored, answered as is.

    Input limits apply when a product arrives, not when it is read back: rows stored before a
    limit existed must stay readable."""

    sku: str
    title: str
    category: list[str]
    attributes: dict[str, str | int | float | bool]
    keywords: list[str]


class SubmissionOut(BaseModel):
    submission_id: str
    event_id: str
    brand: str
    status: Literal["queued", "scoring", "passed", "flagged", "error"]
    error: str | None
    product: ProductOut
    callback_url: str | None
    created_at: str
    updated_at: str
    verdict: VerdictOut | None
    callback: CallbackOut
    versions: list[VersionOut]
    links: Links


class ErrorBody(BaseModel):
    code: str
    message: str
    details: object | None = None


class ErrorOut(BaseModel):
    error: ErrorBody


# ---- the monitoring report: GET /api/v1/monitoring/drift, `qualitygate drift --json` ----------
# Built by the `monitoring` dataclasses' `to_out()` (docs/monitoring.md says what each number is).

MonitorStatus = Literal["ok", "watch", "drifting", "insufficient"]


class WindowOut(BaseModel):
    """[start, end) in UTC, ISO 8601 with the offset."""

    label: str = Field(examples=["2026-W47", "last 7 days"])
    start: str
    end: str


class SignalDriftOut(BaseModel):
    signal: str = Field(examples=["text_length"])
    status: MonitorStatus
    psi: float = Field(description="Population stability index over the reference's bins")
    p_value: float = Field(
        description="Chi-square homogeneity test, Benjamini-Hochberg adjusted over the "
        "brand's signals"
    )
    reference: str = Field(description="The reference in one line (mean, or top shares)")
    live: str = Field(description="The window in one line, as `reference`")
    live_n: int


class DriftOut(BaseModel):
    status: MonitorStatus
    verdicts: int = Field(description="Verdicts of the brand in the window")
    note: str = Field(description="Why the status is insufficient; empty otherwise")
    signals: list[SignalDriftOut]


class RateOut(BaseModel):
    value: float = Field(ge=0, le=1)
    ci95: tuple[float, float] = Field(description="Wilson 95% interval")
    count: int
    n: int


class LiveAccuracyOut(BaseModel):
    status: MonitorStatus
    reviews: int
    note: str
    accuracy: dict[str, RateOut] = Field(description="Per dimension; empty with too few reviews")
    dimension_status: dict[str, MonitorStatus]
    override_rate: RateOut | None


class BrandHealthOut(BaseModel):
    brand: str
    window: WindowOut
    status: MonitorStatus = Field(description="The worse of `drift` and `live_accuracy`")
    reference_model: str | None = Field(description="null when the model has no reference")
    models: dict[str, int] = Field(description="Verdicts per model version")
    drift: DriftOut
    live_accuracy: LiveAccuracyOut


class MonitoringReportOut(BaseModel):
    window: str = Field(examples=["2026-W47", "last 7 days"])
    brands: list[BrandHealthOut]


# ---- links: the public URLs handed to the CMS ------------------------------------------------

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


# ---- the serializer: verdicts and submissions as the *Out models ----------------------------


def verdict_out(
    verdict: Verdict | GateVerdict, submission_id: str | None, event_id: str
) -> VerdictOut:
    """A stored verdict, or one just decided (`qualitygate score`), in the documented shape."""
    scores = verdict.dimensions if isinstance(verdict, Verdict) else verdict.dimensions.values()
    dims = [(d.dimension, d.score, d.passed, d.threshold) for d in scores]
    findings = _findings_out(verdict.findings)
    return VerdictOut(
        submission_id=submission_id,
        event_id=event_id,
        status=verdict.status,
        model_version=verdict.model_version,
        low_confidence=verdict.low_confidence,
        dimensions={
            name: DimensionOut(
                score=round(score, 4),
                passed=passed,
                threshold=threshold,
                findings=[f for f in findings if f.dimension == name],
            )
            for name, score, passed, threshold in dims
        },
        findings=findings,
    )


def verdict_json(
    verdict: Verdict | GateVerdict, submission_id: str | None, event_id: str
) -> dict[str, Any]:
    """`verdict_out` as JSON-ready data (keys in the documented order)."""
    return verdict_out(verdict, submission_id, event_id).model_dump(mode="json")


def _findings_out(findings: Iterable[Finding | FindingRow]) -> list[FindingOut]:
    """Findings just decided or read back from their rows, in the documented shape."""
    return [
        FindingOut(
            dimension=f.dimension,
            rule=f.rule,
            severity=f.severity,
            message=f.message,
            span=f.span,
            suggestion=f.suggestion,
        )
        for f in findings
    ]


def callback_out(session: Session, verdict: Verdict | None) -> CallbackOut:
    """The `callback` object of the submission view: status and every attempt, oldest first."""
    if verdict is None:
        return CallbackOut(status=None, attempts=[])
    stmt = (
        select(CallbackAttempt)
        .where(CallbackAttempt.verdict_id == verdict.id)
        .order_by(CallbackAttempt.attempt, CallbackAttempt.id)
    )
    return CallbackOut(
        status=verdict.callback_status,
        attempts=[
            CallbackAttemptOut(
                attempt=a.attempt,
                outcome=a.outcome,
                http_status=a.http_status,
                error=a.error,
                at=a.created_at.isoformat(),
            )
            for a in session.scalars(stmt)
        ],
    )


def submission_out(session: Session, settings: Settings, sub: Submission) -> SubmissionOut:
    """A submission with every version and its verdict, the latest verdict's callback, links."""
    versions = [
        VersionOut(
            number=v.number,
            text=v.text,
            locale=v.locale,
            author=v.author,
            source=v.source,
            created_at=v.created_at.isoformat(),
            verdict=verdict_out(v.verdict, sub.id, sub.event_id) if v.verdict else None,
        )
        for v in sub.versions
    ]
    latest = sub.versions[-1].verdict if sub.versions else None
    return SubmissionOut(
        submission_id=sub.id,
        event_id=sub.event_id,
        brand=sub.brand,
        status=sub.status,
        error=sub.error,
        product=ProductOut.model_validate(sub.product_dict()),
        callback_url=sub.callback_url,
        created_at=sub.created_at.isoformat(),
        updated_at=sub.updated_at.isoformat(),
        verdict=versions[-1].verdict if versions else None,
        callback=callback_out(session, latest),
        versions=versions,
        links=Links(**submission_links(settings, sub.id)),
    )


def submission_json(session: Session, settings: Settings, sub: Submission) -> dict[str, Any]:
    """`submission_out` as JSON-ready data."""
    return submission_out(session, settings, sub).model_dump(mode="json")
