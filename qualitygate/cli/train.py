"""`qualitygate train` and `qualitygate evaluate` (owned by the training pipeline)."""

from __future__ import annotations

import click


@click.command("train")
def train_cmd() -> None:
    """Fine-tune the classifier (not yet built)."""
    raise click.ClickException("training is not built yet")


@click.command("evaluate")
def evaluate_cmd() -> None:
    """Evaluate a model on the test split (not yet built)."""
    raise click.ClickException("evaluation is not built yet")
