"""What the explanation step costs a worker: the scorer with and without `gate.explain`.

    .venv/bin/python bench/bench_explain.py [--n 160] [--batch 16] [--repeat 3]

Inputs: every 4th non-empty Flipkart description (real crawl copy: long texts and many fails the
model alone drives, the worst case), in batches of `--batch` as a scoring task claims them. One
torch thread, as each of N worker processes on N cores gets. The baseline, in the same process on
the same batches: `Scorer.score_many` with the explanation step replaced by the identity (rules +
model + policy). Not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import torch

from qualitygate.checks import RuleEngine
from qualitygate.pipeline import gate as gate_module
from qualitygate.pipeline.gate import HELD_FOR_REVIEW, MODEL_SENTENCE, GateVerdict, Scorer
from qualitygate.pipeline.verdicts import load_model
from training.sources import flipkart_drafts

ROOT = Path(__file__).resolve().parents[1]


def timed(
    run: Callable[[], list[GateVerdict]], n: int, repeat: int
) -> tuple[float, list[GateVerdict]]:
    times, out = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - started)
    return n / statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=160)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    drafts = [d for d in flipkart_drafts() if d.text.strip()][::4][: args.n]
    batches = [drafts[i : i + args.batch] for i in range(0, len(drafts), args.batch)]
    scorer = Scorer(RuleEngine(), load_model(ROOT / "models" / "default"))
    scorer.score_many(batches[0])  # warm up

    def run() -> list[GateVerdict]:
        return [v for batch in batches for v in scorer.score_many(batch)]

    real = gate_module.explain
    gate_module.explain = lambda verdicts, drafts, predict: list(verdicts)
    baseline, _ = timed(run, len(drafts), args.repeat)
    gate_module.explain = real
    explained, verdicts = timed(run, len(drafts), args.repeat)
    touched = sum(
        1
        for v in verdicts
        for d in v.dimensions.values()
        if any(f.rule in (MODEL_SENTENCE, HELD_FOR_REVIEW) for f in d.findings)
    )
    print(
        f"{len(drafts)} Flipkart descriptions in batches of {args.batch}; median of {args.repeat}"
    )
    print(f"rules + model + policy (baseline): {baseline:.1f} desc/s")
    print(
        f"+ explanations:                    {explained:.1f} desc/s ({explained / baseline:.2f}x)"
    )
    print(f"dimensions explained or held by the model step: {touched} in {len(verdicts)} verdicts")


if __name__ == "__main__":
    main()
