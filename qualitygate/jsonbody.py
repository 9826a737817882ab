"""Reading an untrusted JSON body: bounded depth and number size, Unicode text only.

Every request body goes through `load()` before anything else reads it (authentication looks for
the `brand`, the view validates the rest), so a body that would exhaust the parser's recursion,
trip Python's integer-string limit or carry text that cannot be stored is refused once, as a
`400` in the one error shape, without a traceback.
"""

from __future__ import annotations

import json
import re
from typing import Any

from qualitygate.errors import BadRequest
from qualitygate.limits import MAX_JSON_DEPTH, MAX_NUMBER_CHARS

# String literals (escapes included) are skipped when counting brackets.
_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")
# Strict UTF-8 cannot carry a surrogate: only a \uD800-\uDFFF escape can make one.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class BodyError(BadRequest):
    """A body that is not acceptable JSON (400)."""


def load(raw: bytes) -> Any:
    """The parsed body, or a BodyError saying what is wrong with it."""
    if not raw.strip():
        raise BodyError("the body is empty; a JSON object is expected", code="malformed_json")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BodyError(
            f"the body is not valid UTF-8 (byte {exc.start})", code="malformed_json"
        ) from None
    _check_depth(raw)
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BodyError(f"the body is not valid JSON: {exc}", code="malformed_json") from None
    if _SURROGATE_ESCAPE.search(raw):  # pairs are fine; the walk finds a lone one
        _check_text(data, "")
    return data


def _check_depth(raw: bytes) -> None:
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return  # too few brackets to nest too deep (the common case: no scan)
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b"", raw)):
        if bracket in b"[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                raise BodyError(
                    f"the body nests deeper than {MAX_JSON_DEPTH} levels",
                    code="json_too_deep",
                    details={"limit": MAX_JSON_DEPTH},
                )
        else:
            depth -= 1


def _number_too_long(literal: str) -> BodyError:
    return BodyError(
        f"a number in the body has {len(literal):,} characters; at most {MAX_NUMBER_CHARS} "
        "are accepted",
        code="number_too_long",
        details={"limit": MAX_NUMBER_CHARS},
    )


def _int(literal: str) -> int:
    if len(literal) > MAX_NUMBER_CHARS:
        raise _number_too_long(literal)
    return int(literal)


def _float(literal: str) -> float:
    if len(literal) > MAX_NUMBER_CHARS:
        raise _number_too_long(literal)
    return float(literal)


def _no_constant(name: str) -> float:
    # Python's json reads NaN and Infinity; JSON (RFC 8259) has no such numbers.
    raise BodyError(f"{name} is not a JSON number", code="malformed_json")


def _check_text(value: Any, path: str) -> None:
    """Refuse lone surrogates (`"\\ud83d"`): not Unicode text, so nothing can store or show them."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            _bad_text(path or "(body)")
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if _SURROGATE.search(key):
                _bad_text(f"{path}.(key)" if path else "(key)")
            _check_text(item, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_text(item, f"{path}.{i}" if path else str(i))


def _bad_text(field: str) -> None:
    raise BodyError(
        "the body contains an unpaired UTF-16 surrogate escape, which is not Unicode text",
        code="malformed_json",
        details=[{"field": field, "message": "unpaired surrogate", "type": "invalid_unicode"}],
    )
