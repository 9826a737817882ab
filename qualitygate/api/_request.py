"""Reading a JSON body into a pydantic model, with the documented errors."""

from __future__ import annotations

import json
from typing import TypeVar

from flask import request
from pydantic import BaseModel

from qualitygate.errors import BadRequest, UnsupportedMediaType

M = TypeVar("M", bound=BaseModel)


def parse_json(model: type[M]) -> M:
    """415 unless JSON, 400 if not parseable, 422 (via the error handler) if invalid."""
    if not request.is_json:
        raise UnsupportedMediaType(
            f"Content-Type must be application/json, got {request.mimetype or 'none'!r}"
        )
    raw = request.get_data(cache=True)  # 413 is raised here when the body is too large
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}", code="malformed_json") from exc
    return model.model_validate(data)
