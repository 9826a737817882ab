"""`make bench`: run every benchmark and write BENCHMARKS.md (machine, versions, commands, output).

Benchmarks are not tests: each script prints its own medians and spreads against its baseline.
Run one alone with its own command (listed in BENCHMARKS.md) to iterate on it.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHES: list[tuple[str, list[str]]] = [
    ("Model inference vs the pipeline() baseline", ["bench/bench_inference.py"]),
    ("Rules throughput (one core)", ["bench/bench_checks.py"]),
    ("Training, LoRA, 1,200 examples x 3 epochs", ["bench/bench_training.py", "--mode", "lora"]),
    ("Training, full, 1,200 examples x 3 epochs", ["bench/bench_training.py", "--mode", "full"]),
    (
        "Training, LoRA without autocast (fp32 baseline), 1,200 examples x 3 epochs",
        ["bench/bench_training.py", "--mode", "lora", "--precision", "fp32"],
    ),
    ("Weekly export of 100,000 submissions (PostgreSQL)", ["bench/bench_export.py"]),
    ("Brand adapters: 15 against the default alone", ["bench/bench_adapters.py"]),
    ("Whole gate per worker process (rules + model)", ["bench/bench_gate.py"]),
    ("Explanations: the scorer with and without them", ["bench/bench_explain.py"]),
    ("Retraining a brand's adapter from 300 new reviews", ["bench/bench_retrain.py"]),
    ("End to end: gunicorn + workers on PostgreSQL + Redis", ["bench/bench_e2e.py"]),
    ("Cold start: worker process start to first verdict", ["bench/bench_coldstart.py"]),
]


def machine() -> list[str]:
    cpu = (
        next(
            (
                ln.split(":", 1)[1].strip()
                for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    libs = ", ".join(
        f"{p} {version(p)}"
        for p in ("torch", "transformers", "peft", "spacy", "sqlalchemy", "celery")
    )
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; memory {mem:.0f} GiB",
        f"- Python {platform.python_version()} on {platform.platform()}",
        f"- {libs}",
    ]


def main() -> None:
    out = [
        "# Benchmarks",
        "",
        f"Run with `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "## Machine",
        "",
        *machine(),
        "",
    ]
    for title, argv in BENCHES:
        cmd = [sys.executable, *argv]
        print(f"== {title}: {' '.join(argv)}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        took = time.perf_counter() - started
        body = proc.stdout.strip() or "(no output)"
        if proc.returncode:
            body += f"\n\nexit {proc.returncode}:\n{proc.stderr.strip()[-2000:]}"
        out += [
            f"## {title}",
            "",
            f"`.venv/bin/python {' '.join(argv)}` ({took:.0f} s)",
            "",
            "```",
            body,
            "```",
            "",
        ]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(out), encoding="utf-8")
    print("wrote BENCHMARKS.md", file=sys.stderr)


if __name__ == "__main__":
    main()
