"""The JSON reader's edges: what it must still accept next to what it refuses."""

from __future__ import annotations

import pytest

from qualitygate import jsonbody, limits


def test_brackets_inside_strings_do_not_count_towards_the_depth() -> None:
    text = '"' + "[{" * 5000 + '\\"' + '"'
    assert jsonbody.load(f'{{"a": {text}}}'.encode()) == {"a": "[{" * 5000 + '"'}


def test_the_depth_limit_is_exact() -> None:
    depth = limits.MAX_JSON_DEPTH
    at = "[" * depth + "]" * depth
    assert jsonbody.load(at.encode()) is not None
    with pytest.raises(jsonbody.BodyError) as over:
        jsonbody.load(("[" + at + "]").encode())
    assert over.value.code == "json_too_deep"


def test_a_surrogate_pair_is_an_emoji_not_an_error() -> None:
    assert jsonbody.load(b'{"t": "\\ud83d\\ude00 and \\u00e9"}') == {"t": "\U0001f600 and \u00e9"}


def test_numbers_up_to_the_limit_are_read() -> None:
    digits = "9" * limits.MAX_NUMBER_CHARS
    assert jsonbody.load(f'{{"n": {digits}}}'.encode()) == {"n": int(digits)}
    with pytest.raises(jsonbody.BodyError) as over:
        jsonbody.load(f'{{"n": {digits}9}}'.encode())
    assert over.value.code == "number_too_long"
