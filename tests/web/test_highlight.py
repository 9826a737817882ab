"""Cutting a description at finding boundaries, and the word-level diff between versions."""

from __future__ import annotations

from qualitygate.services.revisions import diff_counts, word_diff
from qualitygate.web.highlight import Note, segments


def _note(anchor: str, span: tuple[int, int] | None, severity: str = "warning") -> Note:
    return Note(anchor, "seo", "r", severity, "m", None, span, None)


def _pieces(text: str, notes: list[Note]) -> list[tuple[str, list[str]]]:
    return [(s.text, [n.anchor for n in s.notes]) for s in segments(text, notes)]


def test_no_findings_is_one_plain_segment() -> None:
    assert _pieces("plain text", []) == [("plain text", [])]
    assert _pieces("", []) == []


def test_crossing_spans_are_cut_at_every_boundary() -> None:
    text = "abcdefghij"
    notes = [_note("a", (1, 5)), _note("b", (3, 8))]
    assert _pieces(text, notes) == [
        ("a", []),
        ("bc", ["a"]),
        ("de", ["a", "b"]),
        ("fgh", ["b"]),
        ("ij", []),
    ]


def test_nested_and_identical_spans_and_the_most_severe_note_first() -> None:
    text = "0123456789"
    notes = [
        _note("outer", (0, 10), "info"),
        _note("inner", (2, 4), "error"),
        _note("twin", (2, 4)),
    ]
    segs = segments(text, notes)
    assert [s.text for s in segs] == ["01", "23", "456789"]
    assert [n.anchor for n in segs[1].notes] == ["inner", "twin", "outer"]
    assert segs[1].primary.severity == "error"
    assert segs[1].anchors == "inner twin outer"
    assert "".join(s.text for s in segs) == text


def test_notes_without_a_span_are_not_highlighted() -> None:
    assert _pieces("abc", [_note("whole", None)]) == [("abc", [])]


def test_word_diff_keeps_both_texts_recoverable() -> None:
    old = "Red shorts, pack of 2. Best prices!"
    new = "Red cycling shorts, pack of 3."
    pieces = word_diff(old, new)
    assert "".join(p.text for p in pieces if p.op != "delete") == new
    assert "".join(p.text for p in pieces if p.op != "insert") == old
    assert ("insert", " cycling") in [(p.op, p.text) for p in pieces]
    added, removed = diff_counts(pieces)
    assert (added, removed) == (2, 3)  # +cycling +3 ; -2 -Best -prices
