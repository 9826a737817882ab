"""Writers' revisions: a new description version for a submission, and what changed between two.

The caller commits nothing itself: `resubmit` commits the new version, and only then may the view
enqueue scoring for it (commit, then enqueue).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualitygate.errors import Conflict, Unprocessable
from qualitygate.limits import MAX_TEXT_CHARS as MAX_TEXT  # the webhook's limit
from qualitygate.models import DescriptionVersion, Submission, SubmissionStatus
from qualitygate.schemas import has_bidi_controls, normalize_text

# Words, runs of punctuation and runs of whitespace: joined back together they are the text.
_TOKENS = re.compile(r"\w+|[^\w\s]+|\s+")

DiffOp = Literal["equal", "insert", "delete"]


@dataclass(frozen=True, slots=True)
class DiffPiece:
    op: DiffOp
    text: str


def resubmit(
    session: Session, submission: Submission, text: str, base_version: int | None = None
) -> DescriptionVersion:
    """Store `text` as the submission's next version (status back to queued) and commit.

    `base_version` is the version number the writer edited; if a newer one exists meanwhile the
    edit would silently discard it, so that is a Conflict.
    """
    text = normalize_text(text)
    if not text.strip():
        raise Unprocessable("the description is empty", details=[{"field": "text"}])
    if has_bidi_controls(text):
        raise Unprocessable(
            "the description contains bidirectional override characters, which make the text "
            "read differently from how it is checked; remove them",
            details=[{"field": "text"}],
        )
    if len(text) > MAX_TEXT:
        raise Unprocessable(
            f"the description is longer than {MAX_TEXT:,} characters", details=[{"field": "text"}]
        )
    latest = submission.latest
    if base_version is not None and base_version != latest.number:
        raise Conflict(
            f"version {latest.number} was submitted after the version {base_version} you edited",
            code="stale_version",
        )
    if text == latest.text:
        raise Unprocessable(
            "the text is unchanged; edit it before resubmitting", details=[{"field": "text"}]
        )
    version = DescriptionVersion(
        number=latest.number + 1,
        text=text,
        locale=latest.locale,
        author=latest.author,
        source=latest.source,
    )
    submission.versions.append(version)
    submission.status = SubmissionStatus.QUEUED
    submission.error = None
    try:
        session.commit()
    except IntegrityError:
        # Another resubmit of the same version committed number N+1 first (two tabs, a double
        # click): theirs stands, and this edit was made on a version that is no longer the latest.
        session.rollback()
        raise Conflict(
            f"version {latest.number + 1} was submitted while you were editing version "
            f"{latest.number}",
            code="stale_version",
        ) from None
    return version


def status_dict(submission: Submission) -> dict[str, Any]:
    """What the feedback page polls for: the latest version's state and verdict, if any."""
    latest = submission.latest
    return {
        "submission_id": submission.id,
        "status": submission.status,
        "version": latest.number,
        "verdict": latest.verdict.status if latest.verdict is not None else None,
        "error": submission.error,
    }


def word_diff(old: str, new: str) -> list[DiffPiece]:
    """A word-level diff of two texts: pieces whose `equal` and `insert` parts make `new`."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pieces: list[DiffPiece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(pieces, "equal", "".join(a[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _append(pieces, "delete", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _append(pieces, "insert", "".join(b[j1:j2]))
    return pieces


def _append(pieces: list[DiffPiece], op: DiffOp, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].op == op:
        pieces[-1] = DiffPiece(op, pieces[-1].text + text)
    else:
        pieces.append(DiffPiece(op, text))


def diff_counts(pieces: list[DiffPiece]) -> tuple[int, int]:
    """(words added, words removed) in a diff, for the history's one-line summary."""
    added = sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.op == "insert")
    removed = sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.op == "delete")
    return added, removed
