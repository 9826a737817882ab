"""Cold start: a worker process's start to its first verdict, on PostgreSQL + Redis.

    .venv/bin/python bench/bench_coldstart.py [--repeat 3]

A signed webhook is accepted by the API (gunicorn) and waits in the queue; then a `celery worker`
process is started (the command `qualitygate run` starts: solo pool, warmed before it reports
ready) and the clock runs until its verdict row is written. Measured `--repeat` times, each with a
new process and a new webhook, with the model and with the rules alone (`QG_MODEL_ENABLED=false`).

Baseline in the same run: a bare `python -c "import torch, transformers"` (the reference in issue
8: ~3.3 s) and the same imports plus loading the scorer (spaCy + the model) in one process, with
no Celery, Flask or database.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

import _loadgen
from _stack import ROOT, Stack, wait_for
from bench_e2e import signed_requests, verdict_times, webhook_bodies

LOAD_SCORER = """
import time; t0 = time.perf_counter()
import torch, transformers
t1 = time.perf_counter()
from qualitygate.pipeline.verdicts import load_scorer
from qualitygate.settings import load_settings
load_scorer(load_settings())
print(t1 - t0, time.perf_counter() - t0)
"""


def python_baseline(stack: Stack) -> tuple[float, float, float]:
    """Wall seconds of: interpreter + import torch, transformers; and a script loading the scorer
    (its imports, then all of it, measured inside)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch, transformers"], check=True, env=stack.env)
    bare = time.perf_counter() - t0
    out = subprocess.run(
        [sys.executable, "-c", LOAD_SCORER],
        check=True,
        env=stack.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    return bare, float(out[-2]), float(out[-1])


def one_start(stack: Stack, secret: str, tag: str, extra_env: dict[str, str]) -> dict[str, float]:
    raws = signed_requests(stack.port, secret, webhook_bodies(f"{tag}-", 1))
    assert _loadgen.closed_loop(stack.port, raws, 1, 30)[0].status == 202
    t0 = time.time()
    proc = stack.start_worker(tag, env=extra_env)
    try:
        stack.wait_worker_ready(tag, timeout=120)
        ready = time.time() - t0
        written = wait_for(lambda: verdict_times(stack, f"{tag}-"), 60, "the verdict", 0.02)
        first = next(iter(written.values())) - t0
    finally:
        stack.stop(proc)
    return {"ready": ready, "first": first}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    started = time.perf_counter()
    stack = Stack()
    runs: dict[str, list[dict[str, float]]] = {"model": [], "rules only": []}
    try:
        secret = stack.create_tenant("default")
        stack.start_api(workers=1)
        baselines = [python_baseline(stack) for _ in range(args.repeat)]
        for i in range(args.repeat):
            runs["model"].append(one_start(stack, secret, f"m{i}", {}))
            runs["rules only"].append(
                one_start(stack, secret, f"r{i}", {"QG_MODEL_ENABLED": "false"})
            )
    finally:
        stack.close()

    def cell(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"

    print(f"median (range) of {args.repeat} starts; PostgreSQL + Redis, solo pool\n")
    print("| what | time |")
    print("| --- | --- |")
    bare = cell([b[0] for b in baselines])
    print(f"| baseline: `python -c 'import torch, transformers'` | {bare} |")
    print(f"| baseline: those imports, inside a process | {cell([b[1] for b in baselines])} |")
    print(
        f"| baseline: imports + load the scorer (spaCy + model), no Celery/Flask/DB "
        f"| {cell([b[2] for b in baselines])} |"
    )
    for name, rs in runs.items():
        print(f"| worker ({name}): start -> ready | {cell([r['ready'] for r in rs])} |")
        print(f"| worker ({name}): start -> first verdict | {cell([r['first'] for r in rs])} |")
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    print(json.dumps(runs), file=sys.stderr)


if __name__ == "__main__":
    main()
