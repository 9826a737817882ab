"""Reading a JSON body into a pydantic model, with the documented errors."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import g, request
from pydantic import BaseModel

from qualitygate import jsonbody
from qualitygate.errors import UnsupportedMediaType

M = TypeVar("M", bound=BaseModel)
_PARSED = "qg_json_body"


def body_json() -> Any:
    """The request body parsed once per request (jsonbody.load: 400 when it is not usable JSON).

    413 is raised on reading when the body is too large.
    """
    if _PARSED not in g:
        setattr(g, _PARSED, jsonbody.load(request.get_data(cache=True)))
    return getattr(g, _PARSED)


def parse_json(model: type[M]) -> M:
    """415 unless JSON, 400 if not parseable, 422 (via the error handler) if invalid."""
    if not request.is_json:
        raise UnsupportedMediaType(
            f"Content-Type must be application/json, got {request.mimetype or 'none'!r}"
        )
    return model.model_validate(body_json())
