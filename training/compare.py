"""Champion against challenger: the same evaluation sets, one pure promotion rule, a report.

`promotion` is the decision (the shape of `qualitygate.gate.decide`: plain inputs, its rule in
the docstring): the CLI, the retrain loop and the tests all call it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from qualitygate.domain import DIMENSIONS, CheckResult, Dimension
from training.labels import LabelledDraft

# A challenger may lose at most this much accuracy on any dimension of any evaluation set.
MARGIN = 0.02
Scores = dict[str, dict[str, float]]  # evaluation set -> dimension -> accuracy


@dataclass(frozen=True, slots=True)
class Promotion:
    promote: bool
    reasons: list[str]
    champion_overall: float
    challenger_overall: float
    worse: list[str] = field(default_factory=list)  # "set/dimension" beyond the margin


def overall(scores: Scores) -> float:
    """Mean over the evaluation sets of each set's mean accuracy over the five dimensions."""
    sets = [s for s in scores.values() if s]
    return float(np.mean([np.mean([s[d] for d in DIMENSIONS]) for s in sets])) if sets else 0.0


def promotion(champion: Scores, challenger: Scores, margin: float = MARGIN) -> Promotion:
    """Promote only when the challenger is not worse than the champion by more than `margin`
    on any dimension of any evaluation set, AND better overall (`overall`, strictly)."""
    worse = [
        f"{name}/{d}"
        for name, dims in champion.items()
        for d in DIMENSIONS
        if dims and challenger[name][d] < dims[d] - margin
    ]
    champ, chall = overall(champion), overall(challenger)
    reasons = []
    for key in worse:
        name, d = key.split("/")
        reasons.append(
            f"worse on {d} ({name}): {challenger[name][d]:.3f} against {champion[name][d]:.3f}"
            f", beyond the margin of {margin:.2f}"
        )
    if chall <= champ:
        reasons.append(f"not better overall: {chall:.4f} against the champion's {champ:.4f}")
    if not reasons:
        reasons.append(
            f"better overall ({chall:.4f} against {champ:.4f}) and within {margin:.2f} of the "
            "champion on every dimension"
        )
    return Promotion(not worse and chall > champ, reasons, champ, chall, worse)


def gate_accuracy(
    model_dir: Path,
    rows: Sequence[LabelledDraft],
    rules: Sequence[Mapping[Dimension, CheckResult]],
) -> dict[str, float]:
    """Per dimension, the share of rows where the model's gate (its manifest's policy over the
    rules) agrees with the labels."""
    from qualitygate.ml import load_predictor
    from training.baselines import combined_gate, labels_of

    if not rows:
        return {}
    predictor = load_predictor(model_dir, precision="fp32")
    probs = predictor.predict([r.draft for r in rows])
    m = predictor.manifest
    gate = combined_gate(
        rules,
        probs,
        m.dimension_thresholds(),
        m.version,
        m.dimension_rule_weights(),
        m.dimension_rule_vetoes(),
    )
    truth = labels_of(rows)
    return {d: float(np.mean(gate.passed[d] == truth[d])) for d in DIMENSIONS}


def report_markdown(
    champion: tuple[str, Scores],
    challenger: tuple[str, Scores],
    sizes: Mapping[str, int],
    decision: Promotion,
) -> str:
    (champ_name, champ), (chall_name, chall) = champion, challenger
    lines = [
        "# Champion against challenger",
        "",
        f"- champion: `{champ_name}`",
        f"- challenger: `{chall_name}`",
        f"- decision: **{'promote' if decision.promote else 'keep the champion'}** — "
        + "; ".join(decision.reasons),
        "",
        "Gate accuracy (share of decisions that agree with the labels) per dimension:",
        "",
        "| set | rows | dimension | champion | challenger | change |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, dims in champ.items():
        if not dims:
            lines.append(f"| {name} | 0 | — | — | — | no rows |")
            continue
        for d in DIMENSIONS:
            delta = chall[name][d] - dims[d]
            flag = " ⚠" if f"{name}/{d}" in decision.worse else ""
            lines.append(
                f"| {name} | {sizes[name]} | {d} | {dims[d]:.3f} | {chall[name][d]:.3f} "
                f"| {delta:+.3f}{flag} |"
            )
    lines += [
        "",
        f"Overall (mean over sets of the mean over dimensions): champion "
        f"{decision.champion_overall:.4f}, challenger {decision.challenger_overall:.4f}.",
        "",
        "![champion against challenger](comparison.png)",
        "",
    ]
    return "\n".join(lines)


def comparison_chart(champ: Scores, chall: Scores, title: str) -> bytes:
    import io

    from matplotlib.figure import Figure

    sets = [name for name, dims in champ.items() if dims]
    fig = Figure(figsize=(9, 3.2 * max(1, len(sets))))
    axes = fig.subplots(max(1, len(sets)), 1, squeeze=False)[:, 0]
    xs = np.arange(len(DIMENSIONS))
    for ax, name in zip(axes, sets, strict=False):
        ax.bar(xs - 0.2, [100 * champ[name][d] for d in DIMENSIONS], 0.4, label="champion")
        ax.bar(xs + 0.2, [100 * chall[name][d] for d in DIMENSIONS], 0.4, label="challenger")
        ax.set_xticks(xs, [d.replace("_", " ") for d in DIMENSIONS])
        ax.set_ylim(0, 105)
        ax.set_ylabel("gate accuracy %")
        ax.set_title(name, loc="left", fontsize=10)
        ax.legend(fontsize=8, loc="lower right")
    axes[0].set_title(f"{sets[0] if sets else ''}\n{title}", loc="left", fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


def save_report(
    out_dir: Path,
    champion: tuple[str, Scores],
    challenger: tuple[str, Scores],
    sizes: Mapping[str, int],
    decision: Promotion,
) -> list[Path]:
    """comparison.md, comparison.json and comparison.png in the challenger's directory."""
    md = out_dir / "comparison.md"
    md.write_text(report_markdown(champion, challenger, sizes, decision), encoding="utf-8")
    data: dict[str, Any] = {
        "champion": {"name": champion[0], "accuracy": champion[1]},
        "challenger": {"name": challenger[0], "accuracy": challenger[1]},
        "sizes": dict(sizes),
        "promote": decision.promote,
        "reasons": decision.reasons,
        "overall": {
            "champion": decision.champion_overall,
            "challenger": decision.challenger_overall,
        },
    }
    js = out_dir / "comparison.json"
    js.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    png = out_dir / "comparison.png"
    verdict = "promote" if decision.promote else "keep the champion"
    png.write_bytes(comparison_chart(champion[1], challenger[1], f"decision: {verdict}"))
    return [md, js, png]
