"""The whole gate per worker process: rules + model as the worker's scorer runs them, batched.

    .venv/bin/python bench/bench_gate.py [--n 400] [--repeat 3] [--batch 16]

Inputs: `--n` Flipkart descriptions (real texts, every k-th of the file), cut into batches of
`--batch` (default QG_SCORE_BATCH_SIZE, 16: what one scoring task claims) in arrival order. The gate
is `Scorer.score_many`, the call `pipeline.verdicts.score_versions` makes (checks, model, policy).
The baseline, measured in the same process on the same batches: the rules alone
(`RuleEngine.check_many`) and the model alone (`Predictor.predict`). Their times added predict the
gate, 1 / (1/rules + 1/model); the gate's own figure shows what the combination costs on top.

Thread pools are fixed when a process starts, so each setting runs in a child process:
- `1 thread`: OMP/MKL/OpenBLAS and torch pinned to one thread (what each of N worker processes on
  N cores should get);
- `default`: torch's own choice, one thread per core (what a lone worker gets);
- `2 processes x 1 thread`: two such children scoring the gate at the same time; their summed
  desc/s is the ceiling of two worker processes on this machine, before any database or broker.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def sample(n: int) -> list[Any]:
    from training.sources import flipkart_drafts

    drafts = [d for d in flipkart_drafts() if d.text.strip()]
    step = max(1, len(drafts) // n)
    return drafts[::step][:n]


def batches(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def time_batches(fn: Callable[[Sequence[Any]], object], chunks: list[Sequence[Any]]) -> list[float]:
    """Seconds per batch, in order."""
    out = []
    for chunk in chunks:
        t0 = time.perf_counter()
        fn(chunk)
        out.append(time.perf_counter() - t0)
    return out


def child(args: argparse.Namespace) -> None:
    """One process, one thread setting: rules, model and gate, `repeat` times each, as JSON."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    from qualitygate.pipeline.verdicts import load_scorer
    from qualitygate.settings import load_settings

    if args.threads:
        torch.set_num_threads(args.threads)
    scorer = load_scorer(load_settings())
    if scorer.predictor is None:
        raise SystemExit("no model at QG_MODEL_DIR: the gate would be rules only")
    drafts = sample(args.n)
    chunks = batches(drafts, args.batch)
    stages: dict[str, Callable[[Sequence[Any]], object]] = {
        "rules": scorer.rules.check_many,
        "model": scorer.predictor.predict,
        "gate": scorer.score_many,
    }
    if args.only:
        stages = {args.only: stages[args.only]}
    for fn in stages.values():  # warm-up: lazy tables, caches, first-call allocations
        fn(chunks[0])
    walls: dict[str, list[float]] = {k: [] for k in stages}
    calls: dict[str, list[float]] = {k: [] for k in stages}
    if args.start_at:  # concurrent children start measuring together
        time.sleep(max(0.0, args.start_at - time.time()))
    for _ in range(args.repeat):
        for name, fn in stages.items():
            per_batch = time_batches(fn, chunks)
            walls[name].append(sum(per_batch))
            calls[name] = per_batch
    print(
        json.dumps(
            {
                "n": len(drafts),
                "words": statistics.mean(len(d.text.split()) for d in drafts),
                "threads": torch.get_num_threads(),
                "walls": walls,
                "calls": calls,
            }
        )
    )


def spawn(args: argparse.Namespace, threads: int, *extra: str) -> subprocess.Popen[str]:
    env = dict(os.environ)
    for var in THREAD_VARS:
        env.pop(var, None)
        if threads:
            env[var] = str(threads)
    argv = [sys.executable, __file__, "--child", "--threads", str(threads)]
    argv += ["--n", str(args.n), "--repeat", str(args.repeat), "--batch", str(args.batch), *extra]
    return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


def collect(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = proc.communicate(timeout=600)
    if proc.returncode:
        raise SystemExit(f"child exited {proc.returncode}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def rate(n: int, walls: list[float]) -> tuple[float, float, float]:
    """desc/s: median, slowest, fastest."""
    return n / statistics.median(walls), n / max(walls), n / min(walls)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def row(label: str, stage: str, n: int, walls: list[float], calls: list[float], note: str) -> str:
    med, lo, hi = rate(n, walls)
    return (
        f"| {label} | {stage} | {med:.1f} | {lo:.1f}–{hi:.1f} "
        f"| {1000 * statistics.median(calls):.0f} | {1000 * pct(calls, 0.95):.0f} | {note} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--threads", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--only", default="", help=argparse.SUPPRESS)
    ap.add_argument("--start-at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return

    started = time.perf_counter()
    results = {"1 thread": collect(spawn(args, 1)), "default": collect(spawn(args, 0))}
    start_at = f"{time.time() + 25:.3f}"  # both children loaded (~10 s each, sharing 2 cores)
    pair = [spawn(args, 1, "--only", "gate", "--start-at", start_at) for _ in range(2)]
    together = [collect(p) for p in pair]

    first = results["1 thread"]
    n = first["n"]
    print(
        f"{n} Flipkart descriptions ({first['words']:.0f} words on average), batches of "
        f"{args.batch}, median over {args.repeat} runs; {os.cpu_count()} cores\n"
    )
    print("| threads | stage | desc/s (median) | range | p50 ms/batch | p95 ms/batch | note |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, res in results.items():
        walls, calls = res["walls"], res["calls"]
        r_rules = rate(n, walls["rules"])[0]
        r_model = rate(n, walls["model"])[0]
        predicted = 1 / (1 / r_rules + 1 / r_model)
        r_gate = rate(n, walls["gate"])[0]
        tag = f"{label} ({res['threads']})"
        print(row(tag, "rules", n, walls["rules"], calls["rules"], "baseline: rules alone"))
        print(row(tag, "model", n, walls["model"], calls["model"], "baseline: model alone"))
        print(f"| {tag} | rules + model, times added | {predicted:.1f} | | | | predicted gate |")
        gate_note = f"{r_gate / predicted:.2f}× the predicted"
        print(row(tag, "gate (Scorer.score_many)", n, walls["gate"], calls["gate"], gate_note))
    # Two processes measured over the same window: the sum of their medians.
    both = sum(rate(n, t["walls"]["gate"])[0] for t in together)
    alone = rate(n, results["1 thread"]["walls"]["gate"])[0]
    per = ", ".join(f"{rate(n, t['walls']['gate'])[0]:.1f}" for t in together)
    print(
        f"| 2 processes × 1 thread, at once | gate | {both:.1f} | ({per}) | | | "
        f"{both / alone:.2f}× one process of 1 thread; "
        f"{both / rate(n, results['default']['walls']['gate'])[0]:.2f}× one of default threads |"
    )
    print(f"\n(total {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
