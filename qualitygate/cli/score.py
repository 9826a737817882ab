"""`qualitygate score INPUT.jsonl`: back-test the gate on a catalogue export, in process.

Each line is one webhook body; the output has one verdict per line in input order. A line that is
not a valid submission yields an error record for that line, never a crash of the whole run.

The scorer is the one a worker would serve now (`pipeline.verdicts.ScorerCache`): the
registry's active default model and brand adapters, QG_MODEL_DIR when the registry has none, so
a back-test gives the verdicts production would give. Without a readable database it falls back
to QG_MODEL_DIR.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

import click
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from tqdm import tqdm

from qualitygate import db, jsonbody
from qualitygate.domain import Draft
from qualitygate.errors import validation_details
from qualitygate.logs import configure
from qualitygate.pipeline.gate import GateVerdict, Scorer
from qualitygate.pipeline.verdicts import ScorerCache, load_scorer
from qualitygate.schemas import SubmissionIn, verdict_json
from qualitygate.settings import Settings, load_settings

Parsed = tuple[int, SubmissionIn | None, dict[str, Any] | None]


@click.command("score")
@click.argument("input_file", type=click.File("r", encoding="utf-8"))
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Where to write verdicts (JSONL; default stdout).",
)
@click.option("--batch-size", default=64, show_default=True)
@click.option("--rules-only", is_flag=True, help="Do not load the model.")
def score_cmd(input_file: IO[str], output: IO[str], batch_size: int, rules_only: bool) -> None:
    """Score a JSONL file of webhook bodies through the worker's pipeline."""
    configure("WARNING")
    settings = load_settings()
    if rules_only:
        settings = settings.model_copy(update={"model_enabled": False})
    scorer = served_scorer(settings)
    total = _count_lines(input_file)
    counts = {"pass": 0, "flag": 0, "error": 0}
    with tqdm(total=total, unit="desc", file=sys.stderr, disable=total == 0) as bar:
        for batch in _batches(_parse(input_file), batch_size):
            for record in score_batch(scorer, batch):
                counts[record.get("status", "error") if "error" not in record else "error"] += 1
                output.write(json.dumps(record, ensure_ascii=False) + "\n")
            bar.update(len(batch))
    output.flush()
    click.echo(
        f"scored {sum(counts.values())} lines: {counts['pass']} pass, {counts['flag']} flag, "
        f"{counts['error']} invalid (model {scorer.model_version})",
        err=True,
    )


def served_scorer(settings: Settings) -> Scorer:
    """The scorer a worker with these settings serves now: registry models and brand adapters."""
    engine = db.make_engine(settings.sqlalchemy_url)  # its own: the process's factory stays bound
    try:
        with Session(engine) as session:
            return ScorerCache(settings).get(session)
    except SQLAlchemyError as exc:
        click.echo(f"model registry unreadable ({type(exc).__name__}): QG_MODEL_DIR", err=True)
        return load_scorer(settings)
    finally:
        engine.dispose()


def score_batch(scorer: Scorer, batch: list[Parsed]) -> list[dict[str, Any]]:
    """Verdict or error records for one batch, in input order.

    If scoring the batch throws, each line is scored alone: only the line that cannot be scored
    gets an error record (`scoring_failed`, with the reason), as in the worker.
    """
    drafts: list[Draft] = [p.to_draft() for _, p, _ in batch if p is not None]
    try:
        results: list[GateVerdict | Exception] = list(scorer.score_many(drafts))
    except Exception:  # noqa: BLE001 - which line failed, and why, is found out below
        results = [_score_one(scorer, d) for d in drafts]
    verdicts = iter(results)
    out = []
    for line_no, payload, error in batch:
        if payload is None:
            out.append({"line": line_no, **(error or {})})
            continue
        result = next(verdicts)
        if isinstance(result, Exception):
            reason = f"{type(result).__name__}: {result}"
            failed = _error("scoring_failed", "the line could not be scored", reason)
            out.append({"line": line_no, "event_id": payload.event_id, **failed})
            continue
        out.append({"line": line_no, **verdict_json(result, None, payload.event_id)})
    return out


def _score_one(scorer: Scorer, draft: Draft) -> GateVerdict | Exception:
    try:
        return scorer.score_many([draft])[0]
    except Exception as exc:  # noqa: BLE001 - reported on its line
        return exc


def _parse(lines: IO[str]) -> Iterator[Parsed]:
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = jsonbody.load(line.encode("utf-8", "surrogatepass"))
        except jsonbody.BodyError as exc:  # the limits of the webhook (qualitygate/limits.py)
            yield line_no, None, _error(exc.code, exc.message, exc.details)
            continue
        try:
            yield line_no, SubmissionIn.model_validate(data), None
        except ValidationError as exc:
            event_id = data.get("event_id") if isinstance(data, dict) else None
            err = _error("validation_failed", "not a valid submission", validation_details(exc))
            yield line_no, None, {"event_id": event_id, **err} if event_id else err


def _error(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


def _batches(items: Iterator[Parsed], size: int) -> Iterator[list[Parsed]]:
    batch: list[Parsed] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _count_lines(fh: IO[str]) -> int:
    """Lines in a seekable file (for the progress bar); 0 for a stream."""
    if not fh.seekable() or fh is sys.stdin:
        return 0
    n = sum(1 for line in fh if line.strip())
    fh.seek(0)
    return n
