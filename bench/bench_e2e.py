"""End to end on PostgreSQL + Redis: gunicorn serving the API, Celery workers, real HTTP.

    .venv/bin/python bench/bench_e2e.py [--n 1000] [--rate 10] [--rate-seconds 30] [--workers 1,2]
                                        [--worker-threads auto] [--worker-nice N]
                                        [--api-workers 2] [--api-threads 4]

The production stack on this machine (bench/_stack.py): a fresh PostgreSQL database, Redis queues of
its own, `QG_ENV=production` (signed webhooks, tenant rate limit in Redis), gunicorn as
docker/entrypoint.sh runs it (2 gthread workers x 4 threads), and 1 then 2 `celery worker` processes
(solo pool, the model on, the cores split between them), started afresh for each count.
Bodies are real Flipkart products and descriptions, each signed with the tenant's secret.
The load generator (bench/_loadgen.py) runs in this process: asyncio, raw HTTP/1.1, requests
prepared as bytes beforehand, loopback only, bounded by a count and a deadline.

For each number of worker processes:
- burst: `--n` webhooks over `--concurrency` connections as fast as the API answers. Ingress
  requests/s (202s over the time to answer them all), the time until every verdict is in the
  database (from the first request), and the sustained verdicts/s (verdicts over the span of their
  timestamps, i.e. while the queue was never empty);
- (`--workers 0`: the burst's ingress with no worker running, the API alone;)
- fixed rate: `--rate` webhooks/s for `--rate-seconds` (open loop: each leaves on schedule whatever
  the server does); per submission, webhook sent -> verdict row written, p50/p95/max.

Is the generator the bottleneck? Before the phases it runs the same closed loop against `/healthz`
(the same gunicorn, no database): if it gets far more requests/s there than the webhook's
ingress, it is not what limits ingress. It also reports its own CPU time during the burst.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time
from typing import Any

import _loadgen
from _stack import Stack, wait_for


def webhook_bodies(prefix: str, n: int) -> list[bytes]:
    from training.sources import flipkart_drafts

    drafts = [d for d in flipkart_drafts() if d.text.strip() and d.product.title.strip()]
    out = []
    for i in range(n):
        d = drafts[i % len(drafts)]
        p = d.product
        body = {
            "event_id": f"{prefix}{i}",
            "brand": "default",
            "product": {
                "sku": p.sku,
                "title": p.title,
                "category": list(p.category)[:20],
                "attributes": dict(list(p.attributes.items())[:200]),
                "keywords": list(p.keywords),
            },
            "description": {"text": d.text, "locale": d.locale, "source": "freelance"},
        }
        out.append(json.dumps(body).encode())
    return out


def signed_requests(port: int, secret: str, bodies: list[bytes]) -> list[bytes]:
    from qualitygate.security.signing import signed_headers

    now = time.time()
    return [
        _loadgen.request_bytes(
            "POST",
            "/api/v1/submissions",
            port,
            {"Content-Type": "application/json", **signed_headers(secret, body, now)},
            body,
        )
        for body in bodies
    ]


def verdict_times(stack: Stack, prefix: str) -> dict[str, float]:
    """event_id -> when its verdict row was written (Unix seconds), for one phase's submissions."""
    import sqlalchemy as sa

    from qualitygate.models import DescriptionVersion, Submission, Verdict

    stmt = (
        sa.select(Submission.event_id, Verdict.created_at)
        .join(DescriptionVersion, DescriptionVersion.submission_id == Submission.id)
        .join(Verdict, Verdict.version_id == DescriptionVersion.id)
        .where(Submission.event_id.like(f"{prefix}%"))
    )
    with stack.engine.connect() as conn:
        return {e: c.timestamp() for e, c in conn.execute(stmt)}


def count_verdicts(stack: Stack, prefix: str) -> int:
    import sqlalchemy as sa

    from qualitygate.models import DescriptionVersion, Submission, Verdict

    stmt = (
        sa.select(sa.func.count())
        .select_from(Verdict)
        .join(DescriptionVersion, Verdict.version_id == DescriptionVersion.id)
        .join(Submission, DescriptionVersion.submission_id == Submission.id)
        .where(Submission.event_id.like(f"{prefix}%"))
    )
    with stack.engine.connect() as conn:
        return int(conn.scalar(stmt) or 0)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def generator_check(stack: Stack, n: int, concurrency: int) -> float:
    raw = _loadgen.request_bytes("GET", "/healthz", stack.port, {}, b"")
    results = _loadgen.closed_loop(stack.port, [raw] * n, concurrency, 60)
    ok = [r for r in results if r.status == 200]
    return len(ok) / (max(r.done for r in ok) - min(r.sent for r in ok))


def burst(
    stack: Stack, secret: str, prefix: str, args: argparse.Namespace, wait: bool = True
) -> dict[str, Any]:
    raws = signed_requests(stack.port, secret, webhook_bodies(prefix, args.n))
    cpu0, t0 = time.process_time(), time.time()
    results = _loadgen.closed_loop(stack.port, raws, args.concurrency, args.deadline)
    cpu, wall = time.process_time() - cpu0, time.time() - t0
    accepted = [r for r in results if r.status == 202]
    ingress = len(accepted) / (max(r.done for r in results) - min(r.sent for r in results))
    if not wait:  # the API alone: nobody scores
        return {"ingress": ingress, "errors": len(results) - len(accepted), "gen_cpu": cpu / wall}
    wait_for(lambda: count_verdicts(stack, prefix) >= len(accepted), args.deadline, "verdicts", 0.2)
    all_in = time.time() - t0
    stamps = sorted(verdict_times(stack, prefix).values())
    return {
        "ingress": ingress,
        "errors": len(results) - len(accepted),
        "all_in_s": all_in,
        "sustained": (len(stamps) - 1) / (stamps[-1] - stamps[0]),
        "verdicts": len(stamps),
        "gen_cpu": cpu / wall,
    }


def fixed_rate(stack: Stack, secret: str, prefix: str, args: argparse.Namespace) -> dict[str, Any]:
    n = int(args.rate * args.rate_seconds)
    bodies = webhook_bodies(prefix, n)
    raws = signed_requests(stack.port, secret, bodies)
    results = _loadgen.open_loop(stack.port, raws, args.rate, args.deadline)
    accepted = {f"{prefix}{i}": r for i, r in enumerate(results) if r.status == 202}
    wait_for(lambda: count_verdicts(stack, prefix) >= len(accepted), args.deadline, "verdicts", 0.2)
    written = verdict_times(stack, prefix)
    latency = [1000 * (written[e] - r.sent) for e, r in accepted.items()]
    late = [r.sent - (results[0].sent + i / args.rate) for i, r in enumerate(results)]
    return {
        "n": n,
        "errors": n - len(accepted),
        "p50": statistics.median(latency),
        "p95": pct(latency, 0.95),
        "max": max(latency),
        "http_p50": 1000 * statistics.median(r.done - r.sent for r in results),
        "send_lag_max": 1000 * max(late),
    }


def worker_threads(option: str, processes: int) -> int:
    if option == "auto":
        return max(1, (os.cpu_count() or 1) // processes)
    return int(option)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="webhooks per burst")
    ap.add_argument("--concurrency", type=int, default=16, help="connections of the burst")
    ap.add_argument("--rate", type=float, default=10.0, help="webhooks/s of the fixed-rate phase")
    ap.add_argument("--rate-seconds", type=float, default=30.0)
    ap.add_argument(
        "--workers", default="1,2", help="worker process counts, in order; 0: the API alone"
    )
    ap.add_argument(
        "--worker-threads",
        default="auto",
        help="threads of each worker process: auto (the cores split between the processes, as "
        "docker/entrypoint.sh does), 0 (torch's default: every core), or a number",
    )
    ap.add_argument(
        "--worker-nice",
        type=int,
        default=None,
        help="QG_WORKER_NICE of the worker processes (default: the setting's, 10); 0: the same "
        "CPU priority as the API",
    )
    ap.add_argument("--api-workers", type=int, default=2, help="gunicorn --workers")
    ap.add_argument(
        "--api-threads", type=int, default=4, help="gunicorn --threads (gthread); 1: sync workers"
    )
    ap.add_argument("--deadline", type=float, default=180.0, help="seconds any one phase may take")
    args = ap.parse_args()
    counts = [int(c) for c in args.workers.split(",")]

    started = time.perf_counter()
    stack = Stack()
    # (worker processes, burst, fixed rate); --workers 0 has no fixed-rate phase
    rows: list[tuple[int, dict[str, Any], dict[str, Any] | None]] = []
    try:
        secret = stack.create_tenant("default")
        stack.start_api(args.api_workers, args.api_threads)
        ceiling = generator_check(stack, args.n, args.concurrency)
        workers: list[subprocess.Popen[bytes]] = []
        for k in counts:
            for proc in workers:  # each count starts afresh, its processes sized for it
                stack.stop(proc)
            if k == 0:  # --workers 0: ingress of the API alone
                rows.append((0, burst(stack, secret, "burst0-", args, wait=False), None))
                continue
            threads = worker_threads(args.worker_threads, k)
            nice = {} if args.worker_nice is None else {"QG_WORKER_NICE": str(args.worker_nice)}
            workers = [stack.start_worker(f"k{k}w{i}", threads, nice) for i in range(k)]
            for i in range(k):
                stack.wait_worker_ready(f"k{k}w{i}")
            burst_row = burst(stack, secret, f"burst{k}-", args)
            rate_row = fixed_rate(stack, secret, f"rate{k}-", args)
            rows.append((k, burst_row, rate_row))
    finally:
        stack.close()

    nice_label = "10 (default)" if args.worker_nice is None else str(args.worker_nice)
    threads_label = ", ".join(
        f"{k}: {worker_threads(args.worker_threads, k) or 'default'}" for k in counts if k
    )
    print(
        f"gunicorn {args.api_workers} workers x {args.api_threads} thread(s); worker processes "
        f"solo pool, model on, threads per process ({threads_label}), QG_WORKER_NICE {nice_label}; "
        f"burst of {args.n} over "
        f"{args.concurrency} connections; {args.rate:g}/s for {args.rate_seconds:g} s\n"
    )
    print(
        "| worker processes | ingress req/s | all verdicts after | sustained verdicts/s "
        f"| at {args.rate:g}/s: p50 | p95 | max | HTTP p50 | non-2xx |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for k, b, r in rows:
        if r is None:
            print(f"| 0 (API alone) | {b['ingress']:.0f} | | | | | | | {b['errors']} |")
            continue
        print(
            f"| {k} | {b['ingress']:.0f} | {b['all_in_s']:.1f} s | {b['sustained']:.1f} "
            f"| {r['p50']:.0f} ms | {r['p95']:.0f} ms | {r['max']:.0f} ms | {r['http_p50']:.0f} ms "
            f"| {b['errors'] + r['errors']} |"
        )
    scored = [(k, b) for k, b, r in rows if r is not None]
    if len(scored) > 1:
        base = scored[0][1]["sustained"]
        scaling = ", ".join(f"{k}: {b['sustained'] / base:.2f}×" for k, b in scored)
        print(f"\nSustained verdicts/s relative to {scored[0][0]} worker process(es): {scaling}.")
    gen = max(b["gen_cpu"] for _, b, _ in rows)
    lag = max((r["send_lag_max"] for _, _, r in rows if r is not None), default=0.0)
    print(
        f"Generator: {ceiling:.0f} req/s against /healthz on the same gunicorn and connections; "
        f"at most {100 * gen:.0f}% of one core during a burst; fixed-rate sends at most "
        f"{lag:.0f} ms behind schedule."
    )
    print(f"(total {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
