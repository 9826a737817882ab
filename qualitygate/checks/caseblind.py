"""Case-blind patterns at case-sensitive speed: on ASCII text, scan the lower-cased text.

Python's IGNORECASE compares each character folded, which made the brand-voice and boilerplate
patterns the costliest of the rules' scans (bench/bench_checks.py); `find_all_ci` finds a title
or name the same way. On ASCII text IGNORECASE is
exactly `str.lower`, and lower-casing keeps every offset, so a pattern written in lower case finds
the same spans in `text.lower()` without it. Other text keeps the IGNORECASE scan: Unicode case
folding has exceptions ("\u212a", the Kelvin sign, matches "k").
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=4)  # several patterns ask, one after the other, per draft
def lowered(text: str) -> str:
    """`text.lower()`, computed once per draft."""
    return text.lower()


class CaseBlind:
    """A case-insensitive pattern that, on ASCII text, runs case-sensitively over the lower-cased
    text: the same spans (`str.lower` keeps ASCII offsets, and IGNORECASE is exactly `str.lower`
    there) at about half the cost of scanning with IGNORECASE. `source` is written in lower case.
    `cue`, if given, is a lower-case piece of every match: an ASCII text without it is not
    scanned at all (one substring test; most patterns find nothing in most texts).
    """

    def __init__(self, source: str, cue: str | None = None) -> None:
        if source != source.lower() or (cue is not None and cue != cue.lower()):
            raise ValueError(f"a CaseBlind pattern is written in lower case: {source!r}")
        self.cue = cue
        self.lowered = re.compile(source)
        self.blind = re.compile(source, re.IGNORECASE)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """[start, end) of each match in `text`, as `re.finditer(source, text, re.I)` finds them."""
        if not text.isascii():
            return [m.span() for m in self.blind.finditer(text)]
        low = lowered(text)
        if self.cue is not None and self.cue not in low:
            return []
        return [m.span() for m in self.lowered.finditer(low)]


def find_all_ci(needle: str, text: str) -> list[tuple[int, int]]:
    """Spans of `re.finditer(re.escape(needle), text, re.IGNORECASE)`, without compiling a regex
    per needle (titles differ per draft and flushed `re`'s cache) when both are ASCII."""
    if not (needle and needle.isascii() and text.isascii()):
        return [m.span() for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]
    low, key, n = lowered(text), needle.lower(), len(needle)
    spans = []
    i = low.find(key)
    while i >= 0:
        spans.append((i, i + n))
        i = low.find(key, i + n)
    return spans
