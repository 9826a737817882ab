"""Brand adapters: worker RSS and model latency with the default alone vs 15 brand adapters.

    .venv/bin/python bench/bench_adapters.py [--adapters 15] [--repeat 3] [--retrain]

The field scenario: an agency with 15 clients, each brand with its own LoRA adapter. The adapters
are trained by the project's own `train()` (1 epoch, 100 training + 30 validation rows of
training/data/demo.jsonl each, brand field set) and cached under var/bench/adapters (gitignored).

Each side runs in a fresh process that does what a worker does: an SQLite registry with the
adapters registered and activated per brand, `ScorerCache.get()` (the rule engine with spaCy, the
one base model, the adapters), then `predictor.predict` on batches of 16 (QG_SCORE_BATCH_SIZE)
of the demo test split (real Flipkart texts), each draft given one of the 15 brands at random:

- default only: no adapter registered, so every brand is scored by the default (the baseline);
- 15 adapters, default-brand batches: the default path with the adapters loaded;
- 15 adapters, mixed batches: 16 drafts of random brands, as the agency's CMS sends them;
- 15 adapters, brand-grouped batches: 16 drafts of one brand each.

RSS is the process's resident set (VmRSS) after loading and after scoring, and its peak (VmHWM).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "training" / "data" / "demo.jsonl"
CACHE = ROOT / "var" / "bench" / "adapters"
BATCH = 16
TARGET_RSS_MB = 800


def brand(i: int) -> str:
    return f"client-{i + 1:02d}"


def train_adapters(n: int, out: Path, retrain: bool) -> list[Path]:
    """n brand adapters on disjoint slices of the demo set (cached; --retrain rebuilds)."""
    from training.config import TrainConfig
    from training.train import train

    rows = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    train_rows = [r for r in rows if r["split"] == "train"]
    val_rows = [r for r in rows if r["split"] == "validation"]
    dirs = []
    for i in range(n):
        target = out / brand(i)
        dirs.append(target)
        if (target / "manifest.json").is_file() and not retrain:
            continue
        start = (i * 19) % (len(val_rows) - 30)
        picked = train_rows[i * 100 : i * 100 + 100] + val_rows[start : start + 30]
        data = out / f"{brand(i)}.jsonl"
        data.parent.mkdir(parents=True, exist_ok=True)
        data.write_text(
            "".join(json.dumps({**r, "brand": brand(i)}) + "\n" for r in picked), encoding="utf-8"
        )
        started = time.perf_counter()
        cfg = TrainConfig(
            data=str(data),
            out=str(target),
            brand=brand(i),
            epochs=1,
            progress=False,
            gate_thresholds=False,
            version=f"{brand(i)}-bench",
        )
        with contextlib.redirect_stdout(sys.stderr):  # stdout is the report (make bench)
            train(cfg)
        print(f"trained {brand(i)} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return dirs


def rss_mb() -> dict[str, float]:
    status = Path("/proc/self/status").read_text().splitlines()
    kb = {
        ln.split(":")[0]: int(ln.split()[1]) for ln in status if ln.startswith(("VmRSS", "VmHWM"))
    }
    return {"rss": kb["VmRSS"] / 1024, "peak": kb["VmHWM"] / 1024}


def child(adapter_dirs: list[Path], repeat: int) -> dict[str, Any]:
    """One worker-like process: registry -> ScorerCache -> timed batches."""
    from qualitygate import db, migrate
    from qualitygate.ml import Predictor
    from qualitygate.pipeline.verdicts import ScorerCache
    from qualitygate.services import model_registry
    from qualitygate.settings import load_settings
    from training.labels import read_label_file
    from training.splits import assign_splits

    before = rss_mb()
    settings = load_settings(data_dir=Path(tempfile.mkdtemp(prefix="qg-bench-")))
    migrate.upgrade(settings.sqlalchemy_url)
    db.configure(settings.sqlalchemy_url)
    session = db.session()
    for d in adapter_dirs:
        model_registry.activate(session, model_registry.register(session, d).name)
    started = time.perf_counter()
    predictor = ScorerCache(settings).get(session).predictor
    load_s = time.perf_counter() - started
    # The adapter figures below (memory, switch time) read the concrete Predictor's internals.
    if not isinstance(predictor, Predictor):
        raise SystemExit(f"expected the served model to be a Predictor, got {predictor!r}")
    loaded = rss_mb()

    rng = random.Random(7)
    clients = [brand(i) for i in range(15)]
    drafts = [r.draft for r in assign_splits(read_label_file(DEMO))["test"]]
    drafts = [replace(d, brand=rng.choice(clients)) for d in drafts]
    chunk = [drafts[i : i + BATCH] for i in range(0, len(drafts), BATCH)]
    by_brand = sorted(drafts, key=lambda d: d.brand)
    grouped = [by_brand[i : i + BATCH] for i in range(0, len(by_brand), BATCH)]
    as_default = [[replace(d, brand="default") for d in b] for b in chunk]
    scenarios = {"default-brand batches": as_default}
    if adapter_dirs:
        scenarios |= {"mixed batches": chunk, "brand-grouped batches": grouped}
    else:
        scenarios |= {"mixed batches": chunk}

    results: dict[str, Any] = {}
    predictor.predict(chunk[0])  # warm-up
    for name, batches in scenarios.items():
        walls, calls = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            for b in batches:
                t1 = time.perf_counter()
                predictor.predict(b)
                calls.append(time.perf_counter() - t1)
            walls.append(time.perf_counter() - t0)
        n = sum(len(b) for b in batches)
        calls.sort()
        results[name] = {
            "n": n,
            "desc_s": n / statistics.median(walls),
            "range": [n / max(walls), n / min(walls)],
            "p50_ms": 1000 * calls[len(calls) // 2],
            "p95_ms": 1000 * calls[int(0.95 * (len(calls) - 1))],
            "ms_per_desc": 1000 * statistics.median(walls) / n,
            "rss_mb": rss_mb()["rss"],
        }
    switch_ms = None
    if len(adapter_dirs) >= 2:
        first, second = (predictor.adapter_for(brand(i)) for i in range(2))
        times = []
        for _ in range(100):
            t0 = time.perf_counter()
            predictor._switch.apply(first if predictor._switch.current is not first else second)
            times.append(time.perf_counter() - t0)
        switch_ms = 1000 * statistics.median(times)
    after = rss_mb()
    adapters = [predictor.adapter_for(brand(i)) for i in range(len(adapter_dirs))]
    return {
        "adapters": len(predictor.brands),
        "load_s": load_s,
        "rss_start_mb": before["rss"],
        "rss_loaded_mb": loaded["rss"],
        "rss_after_mb": after["rss"],
        "peak_mb": after["peak"],
        "adapter_mb": sum(x.nbytes for x in adapters) / 2**20,
        "pristine_mb": predictor._switch.pristine_bytes / 2**20,
        "switch_ms": switch_ms,
        "scenarios": results,
    }


def run_child(dirs: list[Path], repeat: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", "--repeat", str(repeat), *map(str, dirs)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"child failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def report(base: dict[str, Any], many: dict[str, Any]) -> None:
    print(f"load average before: {os.getloadavg()[0]:.2f}; torch threads: default")
    print()
    print("| process | adapters | RSS loaded MB | RSS after scoring MB | peak MB | load s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, r in (("default only", base), (f"{many['adapters']} brand adapters", many)):
        print(
            f"| {label} | {r['adapters']} | {r['rss_loaded_mb']:.0f} | {r['rss_after_mb']:.0f}"
            f" | {r['peak_mb']:.0f} | {r['load_s']:.1f} |"
        )
    print()
    print(
        "| process | batches of 16 | desc/s (median) | range | p50 ms/batch | p95 ms/batch"
        " | ms/desc | vs default only |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    ref = base["scenarios"]["mixed batches"]["desc_s"]
    for label, r in (("default only", base), (f"{many['adapters']} adapters", many)):
        for name, s in r["scenarios"].items():
            print(
                f"| {label} | {name} | {s['desc_s']:.1f} | {s['range'][0]:.1f}–{s['range'][1]:.1f}"
                f" | {s['p50_ms']:.0f} | {s['p95_ms']:.0f} | {s['ms_per_desc']:.2f}"
                f" | {s['desc_s'] / ref:.2f}× |"
            )
    print()
    extra = many["rss_after_mb"] - base["rss_after_mb"]
    print(
        f"Adapters in memory: {many['adapter_mb']:.1f} MB ({many['adapters']} adapters) + "
        f"{many['pristine_mb']:.1f} MB of pristine base weights; RSS difference after scoring "
        f"{extra:+.0f} MB. One switch (12 LoRA products written into q/v, pooler and head "
        f"copied): {many['switch_ms']:.2f} ms (median of 100)."
    )
    peak = max(base["peak_mb"], many["peak_mb"])
    verdict = "met" if peak <= TARGET_RSS_MB else "NOT met"
    print(f"Target RSS <= {TARGET_RSS_MB} MB with 15 adapters: {verdict} (peak {peak:.0f} MB).")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--adapters", type=int, default=15)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--retrain", action="store_true")
    ap.add_argument("--out", type=Path, default=CACHE)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("dirs", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.dirs, args.repeat)))
        return
    dirs = train_adapters(args.adapters, args.out, args.retrain)
    base = run_child([], args.repeat)
    many = run_child(dirs, args.repeat)
    report(base, many)


if __name__ == "__main__":
    main()
