"""Model inference: the project's predictor against the naive `pipeline()` baseline, same model.

    .venv/bin/python bench/bench_inference.py [--model models/default] [--n 240] [--repeat 3]

Inputs are the test split of the demo set (real Flipkart texts). The baseline is what a user would
write: `transformers.pipeline("text-classification")` called one (attributes, description) pair at a
time, on the same weights (LoRA merged into the base). Every variant's pass/fail decisions (model
probability >= the manifest threshold, per dimension) are compared with fp32's. The machine's limit:
FLOPs per description (from the measured token counts) against the measured matmul peak.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch  # noqa: E402

from qualitygate.domain import DIMENSIONS, Draft  # noqa: E402
from qualitygate.ml import load_predictor  # noqa: E402
from qualitygate.ml.features import pair_text  # noqa: E402
from training.labels import read_label_file  # noqa: E402
from training.splits import assign_splits  # noqa: E402

Probs = list[list[float]]


def test_drafts(n: int) -> list[Draft]:
    rows = assign_splits(read_label_file("training/data/demo.jsonl"))["test"]
    return [r.draft for r in rows[:n]]


def encode(tok: Any, pairs: Sequence[tuple[str, str]], max_length: int) -> Any:
    return tok(
        [a for a, _ in pairs],
        [t for _, t in pairs],
        truncation="longest_first",
        max_length=max_length,
        padding=True,
        return_tensors="pt",
    )


def run_batched(
    model: Any,
    tok: Any,
    pairs: list[tuple[str, str]],
    max_length: int,
    bs: int,
    autocast: bool = False,
) -> tuple[Probs, list[float]]:
    """Length-bucketed batches; returns probabilities in input order and per-batch seconds."""
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    out: Probs = [[] for _ in pairs]
    times = []
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
        for s in range(0, len(order), bs):
            idx = order[s : s + bs]
            t0 = time.perf_counter()
            logits = model(**encode(tok, [pairs[i] for i in idx], max_length)).logits
            probs = torch.sigmoid(logits.float()).tolist()
            times.append(time.perf_counter() - t0)
            for i, p in zip(idx, probs, strict=True):
                out[i] = p
    return out, times


def timed(fn: Callable[[], tuple[Probs, list[float]]], repeat: int) -> tuple[Probs, list[float]]:
    walls: list[float] = []
    probs: Probs = []
    per_item: list[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        probs, per_item = fn()
        walls.append(time.perf_counter() - t0)
    return probs, walls + [-1.0] + per_item  # walls, separator, last run's per-call seconds


def summarize(
    name: str,
    n: int,
    result: tuple[Probs, list[float]],
    ref: Probs | None,
    thresholds: list[float],
    baseline_rate: float | None,
) -> dict[str, Any]:
    probs, times = result
    sep = times.index(-1.0)
    walls, calls = times[:sep], times[sep + 1 :]
    rate = n / statistics.median(walls)
    row = {
        "variant": name,
        "desc_s": rate,
        "spread": (n / max(walls), n / min(walls)),
        "p50_ms": 1000 * statistics.median(calls),
        "p95_ms": 1000 * sorted(calls)[int(0.95 * (len(calls) - 1))],
    }
    if ref is not None:
        same = sum(
            (p[c] >= thresholds[c]) == (r[c] >= thresholds[c])
            for p, r in zip(probs, ref, strict=True)
            for c in range(len(thresholds))
        )
        row["agree"] = same / (len(probs) * len(thresholds))
    row["speedup"] = rate / baseline_rate if baseline_rate else 1.0
    return row


def matmul_peak(dtype: torch.dtype) -> float:
    a, b = torch.randn(4096, 384, dtype=dtype), torch.randn(384, 1536, dtype=dtype)
    for _ in range(3):
        a @ b
    t0, reps = time.perf_counter(), 30
    for _ in range(reps):
        a @ b
    return 2 * 4096 * 384 * 1536 * reps / (time.perf_counter() - t0) / 1e9


def flops_per_description(model: Any, tokens: float) -> float:
    cfg = model.config
    h: int = cfg.hidden_size
    inter: int = cfg.intermediate_size
    layers: int = cfg.num_hidden_layers
    dense = layers * (4 * h * h + 2 * h * inter)  # weights multiplied per token
    return 2 * dense * tokens + layers * 4 * tokens * tokens * h  # + attention scores and mix


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="models/default")
    ap.add_argument("--n", type=int, default=240)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()
    torch.set_num_threads(os.cpu_count() or 1)

    predictor = load_predictor(Path(args.model))
    manifest, tok = predictor.manifest, predictor._tokenizer
    cols = [manifest.labels.index(d) for d in DIMENSIONS]
    thresholds = [predictor.thresholds[d] for d in DIMENSIONS]
    drafts = test_drafts(args.n)
    pairs = [pair_text(d) for d in drafts]
    n, L = len(pairs), manifest.max_length

    merged = predictor._model
    if hasattr(merged, "merge_and_unload"):
        merged = copy.deepcopy(merged).merge_and_unload()
    merged.eval()

    from transformers import pipeline

    pipe = pipeline(
        "text-classification",
        model=merged,
        tokenizer=tok,
        top_k=None,
        function_to_apply="sigmoid",
        device=-1,
    )
    label_of = {i: merged.config.id2label[c] for i, c in enumerate(cols)}

    def baseline() -> tuple[Probs, list[float]]:
        out, calls = [], []
        for a, t in pairs:
            t0 = time.perf_counter()
            scores = pipe({"text": a, "text_pair": t}, truncation="longest_first", max_length=L)
            calls.append(time.perf_counter() - t0)
            by = {s["label"]: s["score"] for s in scores}
            out.append([by[label_of[i]] for i in range(len(cols))])
        return out, calls

    def served() -> tuple[Probs, list[float]]:
        t0 = time.perf_counter()
        res = predictor.predict(drafts)
        return [[r[d] for d in DIMENSIONS] for r in res], [(time.perf_counter() - t0) / n] * n

    def served_unpadded() -> tuple[Probs, list[float]]:
        """The same, padded only to each batch's longest pair (the setting at 1)."""
        kept, predictor.pad_to_multiple_of = predictor.pad_to_multiple_of, 1
        try:
            return served()
        finally:
            predictor.pad_to_multiple_of = kept

    def reorder(res: tuple[Probs, list[float]]) -> tuple[Probs, list[float]]:
        probs, times = res
        return [[p[c] for c in cols] for p in probs], times

    # torch declares quantize_dynamic without annotations, so strict mypy refuses the call.
    int8 = torch.ao.quantization.quantize_dynamic(  # type: ignore[no-untyped-call]
        copy.deepcopy(merged), {torch.nn.Linear}, dtype=torch.qint8
    )
    bs = args.batch_size
    variants: list[tuple[str, Callable[[], tuple[Probs, list[float]]]]] = [
        (
            "predictor as served (batched, bucketed, "
            f"padded to {predictor.pad_to_multiple_of} tokens)",
            served,
        ),
        ("predictor, padded to the longest only", served_unpadded),
        ("merged fp32, batch 1", lambda: reorder(run_batched(merged, tok, pairs, L, 1))),
        (
            f"merged fp32, bucketed batches of {bs}",
            lambda: reorder(run_batched(merged, tok, pairs, L, bs)),
        ),
        (
            f"merged bf16 autocast, bucketed {bs}",
            lambda: reorder(run_batched(merged, tok, pairs, L, bs, autocast=True)),
        ),
        (
            f"merged int8 dynamic, bucketed {bs}",
            lambda: reorder(run_batched(int8, tok, pairs, L, bs)),
        ),
    ]
    base = timed(baseline, args.repeat)
    rows = [summarize("pipeline(), one at a time (baseline)", n, base, None, thresholds, None)]
    ref = reorder(run_batched(merged, tok, pairs, L, bs))[0]  # fp32 reference decisions
    rows[0]["agree"] = summarize("", n, base, ref, thresholds, None)["agree"]
    for name, fn in variants:
        rows.append(summarize(name, n, timed(fn, args.repeat), ref, thresholds, rows[0]["desc_s"]))

    tokens = statistics.mean(len(encode(tok, [p], L)["input_ids"][0]) for p in pairs)
    fpd = flops_per_description(merged, tokens)
    peak32, peak16 = matmul_peak(torch.float32), matmul_peak(torch.bfloat16)
    print(
        f"{n} test-split descriptions, mean {tokens:.0f} tokens (max_length {L}); "
        f"{torch.get_num_threads()} threads; model {manifest.version} ({manifest.mode})\n"
    )
    print(
        "| variant | desc/s (median) | range | p50 ms/call | p95 ms/call | vs baseline "
        "| decisions = fp32 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        lo, hi = r["spread"]
        print(
            f"| {r['variant']} | {r['desc_s']:.1f} | {lo:.1f}–{hi:.1f} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['speedup']:.2f}× | {100 * r['agree']:.2f}% |"
        )
    print(
        f"\nFLOPs per description: {fpd / 1e9:.2f} GFLOP. Matmul peak: fp32 {peak32:.0f} "
        f"GFLOP/s, bf16 {peak16:.0f} GFLOP/s -> ceilings {peak32 * 1e9 / fpd:.0f} (fp32) and "
        f"{peak16 * 1e9 / fpd:.0f} (bf16) desc/s."
    )
    best = max(rows[1:], key=lambda r: r["desc_s"])
    print(
        f"Best: {best['variant']} at {best['desc_s']:.1f} desc/s = "
        f"{100 * best['desc_s'] * fpd / (peak32 * 1e9):.0f}% of the fp32 and "
        f"{100 * best['desc_s'] * fpd / (peak16 * 1e9):.0f}% of the bf16 matmul ceiling "
        "(the rest: tokenizer, attention softmax, layer norms, small matmuls, Python)."
    )


if __name__ == "__main__":
    main()
