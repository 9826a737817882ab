"""The response class of the app: text that cannot be encoded is replaced, not a 500.

Lone UTF-16 surrogates are refused at the API now (qualitygate/jsonbody.py), but rows stored
before that may still hold one; a page that shows such a row must render, with "?" in its
place, rather than fail while encoding.
"""

from __future__ import annotations

from typing import Any

from flask import Response as FlaskResponse


class Response(FlaskResponse):
    def set_data(self, value: Any) -> None:
        if isinstance(value, str):
            value = value.encode("utf-8", "replace")
        super().set_data(value)
