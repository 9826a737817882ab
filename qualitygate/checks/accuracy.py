"""Accuracy: what the text claims against what the attributes say.

Placeholder for the first milestone: pack counts only.
"""

from __future__ import annotations

import re

from qualitygate.checks.common import CheckInput, attribute, result
from qualitygate.domain import CheckResult, Dimension, Finding

DIM: Dimension = "accuracy"
_PACK_RE = re.compile(r"\b(?:pack|set|combo) of (\d+)\b", re.IGNORECASE)
PACK_KEYS = ("pack of", "number of contents in sales package")


def check(inp: CheckInput) -> CheckResult:
    """All accuracy rules for one draft."""
    findings: list[Finding] = []
    attr = attribute(inp.draft, PACK_KEYS)
    if attr is not None:
        want = re.findall(r"\d+", attr[1])
        for m in _PACK_RE.finditer(inp.text):
            if want and m.group(1) not in want:
                findings.append(
                    Finding(
                        DIM,
                        "pack_count",
                        "error",
                        f"Text says '{m.group(0)}', attribute {attr[0]} is '{attr[1]}'.",
                        span=(m.start(), m.end()),
                        suggestion=f"Make them agree ({attr[1]}).",
                    )
                )
    return result(DIM, findings)
