"""`qualitygate train` and `qualitygate evaluate` (owned by the training pipeline).

Thin: parse options, call `training.train.train` / `training.evaluate.evaluate`, print a summary.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from qualitygate.domain import DIMENSIONS

DEFAULT_DATA = Path("training/data/demo.jsonl")
DEFAULT_MODEL = Path("models/default")


BRAND = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")  # as the webhook accepts it (schemas.py)


def _check_brand(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not BRAND.match(value):
        raise click.BadParameter(f"{value!r} is not a brand key (lowercase letters, digits, - _)")
    return value


@click.command("train")
@click.option(
    "--data",
    "data",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="Labelled .jsonl or .csv file.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Model directory to write, e.g. models/NAME.",
)
@click.option("--mode", type=click.Choice(["lora", "full"]), default="lora", show_default=True)
@click.option("--epochs", type=click.IntRange(min=1), default=3, show_default=True)
@click.option(
    "--brand",
    default=None,
    callback=_check_brand,
    help="Train a LoRA adapter for this brand, on its rows only (the manifest records it).",
)
@click.option(
    "--init-from",
    "init_from",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Start from this LoRA model's weights (e.g. models/default) instead of a fresh adapter.",
)
@click.option(
    "--lr",
    "learning_rate",
    type=float,
    default=None,
    help="Learning rate (default 3e-3 for LoRA, 5e-5 for full).",
)
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True)
@click.option("--max-length", type=click.IntRange(min=32, max=512), default=256, show_default=True)
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--threads", type=click.IntRange(min=1), default=2, show_default=True)
@click.option("--version", "version", default=None, help="Version string (default: derived).")
@click.option("--lora-r", type=click.IntRange(min=1), default=16, show_default=True)
@click.option(
    "--lora-layers",
    default="all",
    show_default=True,
    help="Comma-separated layer indices that get adapters, or 'all'.",
)
@click.option(
    "--time-budget",
    "time_budget_s",
    type=float,
    default=None,
    help="Seconds of training after which no new epoch starts.",
)
@click.option(
    "--precision",
    type=click.Choice(["auto", "fp32", "bf16"]),
    default="auto",
    show_default=True,
    help="Autocast for training's forward passes; auto = bf16 where the CPU has native bf16.",
)
def train_cmd(
    data: Path,
    out: Path,
    mode: str,
    epochs: int,
    brand: str | None,
    init_from: Path | None,
    learning_rate: float | None,
    batch_size: int,
    max_length: int,
    seed: int,
    threads: int,
    version: str | None,
    lora_r: int,
    lora_layers: str,
    time_budget_s: float | None,
    precision: str,
) -> None:
    """Fine-tune the classifier on a labelled file and write a versioned model directory.

    With --brand, the result is that brand's LoRA adapter over the same shared base as the
    default; `qualitygate model register DIR --activate` then serves it for that brand only.
    """
    from training.config import TrainConfig
    from training.labels import LabelFileError
    from training.train import train

    if mode == "full" and (brand or init_from):
        raise click.UsageError(
            "--brand and --init-from train LoRA adapters over the shared base; use --mode lora"
        )
    cfg = TrainConfig(
        data=str(data),
        out=str(out),
        mode="full" if mode == "full" else "lora",
        epochs=epochs,
        brand=brand,
        init_from=str(init_from) if init_from is not None else None,
        learning_rate=learning_rate,
        batch_size=batch_size,
        max_length=max_length,
        seed=seed,
        num_threads=threads,
        version=version,
        lora_r=lora_r,
        lora_alpha=2 * lora_r,
        lora_layers=None if lora_layers == "all" else tuple(int(x) for x in lora_layers.split(",")),
        time_budget_s=time_budget_s,
        precision=precision,
    )
    try:
        result = train(cfg)
    except (LabelFileError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    scope = f" (adapter for brand {brand})" if brand else ""
    click.echo(f"\nmodel {result.version}{scope} written to {result.out_dir}")
    click.echo(
        f"data: {result.sizes}; epochs run {result.epochs_run} (best {result.best_epoch});"
        f" wall time {result.wall_time_s:.0f} s"
    )
    for name, metrics in (("validation", result.validation), ("test", result.test)):
        if metrics:
            click.echo(
                f"{name}: macro-F1 {metrics['macro_f1']:.3f}, "
                f"lowest accuracy {metrics['min_accuracy']:.3f}"
            )
    click.echo("thresholds: " + ", ".join(f"{d} {result.thresholds[d]:.2f}" for d in DIMENSIONS))


@click.command("evaluate")
@click.option(
    "--model",
    "model_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_MODEL,
    show_default=True,
)
@click.option(
    "--data",
    "data",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write metrics.json, report.md and plots (default: the model dir).",
)
@click.option(
    "--amazon/--no-amazon",
    default=False,
    show_default=True,
    help="Also report domain shift on the held-out Amazon file (evaluation only).",
)
@click.option(
    "--compare",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Judged data only: a previously shipped model to compare side by side.",
)
@click.option(
    "--generated",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Judged data only: also report agreement with this generated label file.",
)
def evaluate_cmd(
    model_dir: Path,
    data: Path,
    out_dir: Path | None,
    amazon: bool,
    compare: Path | None,
    generated: Path | None,
) -> None:
    """Evaluate a model on the test split beside the TF-IDF and rules baselines and the gate.

    On judged data (rows that carry the judges' provenance) the report is the content lead's:
    kappa with the judges, flag precision and recall, first-pass acceptance, inter-judge ceiling.
    """
    from training.evaluate import comparison_table, evaluate
    from training.judged_eval import evaluate_judged, headline_table, is_judged
    from training.labels import LabelFileError

    if is_judged(data):
        try:
            judged = evaluate_judged(model_dir, data, out_dir, compare, generated)
        except LabelFileError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"model {judged.model_version}, judged test split: {judged.test_size}\n")
        click.echo(headline_table(judged.systems))
        click.echo("wrote " + ", ".join(judged.files))
        return
    if compare is not None or generated is not None:
        raise click.UsageError("--compare and --generated need judged data (rows with judgments)")
    try:
        result = evaluate(model_dir, data, out_dir, amazon=amazon)
    except LabelFileError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"model {result.model_version}, test split: {result.test_size} descriptions\n")
    click.echo(comparison_table(result.systems))
    click.echo("wrote " + ", ".join(result.files))
