"""The public contract: webhook body and API responses, validated with pydantic.

The OpenAPI document is generated from these models, so the docs cannot drift from the code.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from qualitygate.domain import Draft, build_draft

# Control characters other than tab and newline carry no meaning in copy and break offsets.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalize_text(value: str) -> str:
    """NFC-normalise and strip control characters (CRLF becomes LF)."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", value)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class ProductIn(_Strict):
    sku: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=500)
    category: list[str] = Field(default_factory=list, max_length=20)
    attributes: dict[str, str | int | float | bool] = Field(default_factory=dict, max_length=200)
    keywords: list[str] = Field(default_factory=list, max_length=50)

    def attribute_strings(self) -> dict[str, str]:
        """Attribute values as stored and checked: numbers as written, booleans as Yes/No."""
        return {k: _attr(v) for k, v in self.attributes.items()}

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, v: str) -> str:
        v = normalize_text(v).strip()
        if not v:
            raise ValueError("must not be blank")
        return v


class DescriptionIn(_Strict):
    text: str = Field(max_length=50_000)
    locale: str = Field(default="en-US", max_length=20)
    author: str | None = Field(default=None, max_length=200)
    source: Literal["ai", "freelance", "in-house"] | None = None

    @field_validator("text")
    @classmethod
    def _normalize(cls, v: str) -> str:
        return normalize_text(v)


class SubmissionIn(_Strict):
    """The CMS webhook body."""

    event_id: str = Field(min_length=1, max_length=200)
    brand: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,99}$", examples=["default"])
    product: ProductIn
    description: DescriptionIn
    callback_url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://\S+$")

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


class SubmissionOut(BaseModel):
    submission_id: str
    event_id: str
    brand: str
    status: Literal["queued", "scoring", "passed", "flagged", "error"]
    error: str | None
    product: ProductIn
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
