"""`qualitygate retrain`: reviewer labels since the champion's cutoff -> a challenger, compared
with the champion on the same sets; activated only with --activate-if-better and a win."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.orm import Session

from qualitygate import db
from qualitygate.cli.db import needs_migrated_database
from qualitygate.cli.train import _check_brand
from qualitygate.errors import ApiError
from qualitygate.settings import load_settings


@click.command("retrain")
@click.option("--brand", default=None, callback=_check_brand, help="Retrain this brand's adapter.")
@click.option(
    "--activate-if-better",
    is_flag=True,
    help="Activate the challenger when it wins (default: register it and leave it inactive).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Challenger directory (default: models/retrain-<scope>-<timestamp>).",
)
@click.option(
    "--base-data",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("training/data/judged.jsonl"),
    show_default=True,
)
@click.option("--epochs", type=click.IntRange(min=1), default=2, show_default=True)
@click.option("--max-steps", type=click.IntRange(min=1), default=None)
@click.option("--max-length", type=click.IntRange(min=32, max=512), default=256, show_default=True)
@click.option(
    "--base-rows",
    type=click.IntRange(min=0),
    default=None,
    help="Train on a seeded sample of this many base rows (default: all) beside the reviews.",
)
@click.option("--holdout-share", type=click.FloatRange(0, 0.9), default=0.2, show_default=True)
@click.option("--margin", type=click.FloatRange(0, 1), default=0.02, show_default=True)
@needs_migrated_database
def retrain_cmd(
    brand: str | None,
    activate_if_better: bool,
    out: Path | None,
    base_data: Path,
    epochs: int,
    max_steps: int | None,
    max_length: int,
    base_rows: int | None,
    holdout_share: float,
    margin: float,
) -> None:
    """Train a challenger on the base judged data plus reviewer labels since the active model's
    data cutoff; compare it with the champion on the frozen test split and on held-back recent
    reviews; register it; activate it only with --activate-if-better when it is not worse on
    any dimension beyond the margin and better overall. Writes comparison.md/.json/.png."""
    import datetime as dt

    from training.labels import LabelFileError
    from training.retrain import NothingToLearn, RetrainConfig, retrain

    settings = load_settings()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    out = out or Path("models") / f"retrain-{brand or 'default'}-{stamp}"
    cfg = RetrainConfig(
        out=out,
        brand=brand,
        base_data=base_data,
        holdout_share=holdout_share,
        base_rows=base_rows,
        epochs=epochs,
        max_steps=max_steps,
        max_length=max_length,
        margin=margin,
        activate_if_better=activate_if_better,
    )
    engine = db.make_engine(settings.sqlalchemy_url)
    try:
        with Session(engine) as session:
            result = retrain(session, cfg, settings.model_dir)
    except (NothingToLearn, LabelFileError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    except ApiError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        engine.dispose()
    click.echo(
        f"{result.new_reviews} reviews since {result.cutoff}: {result.trained_on} trained on, "
        f"{result.held_back} held back for evaluation, {result.left_out} left out (products of "
        "the frozen evaluation set)"
    )
    click.echo(
        f"champion {result.champion}; challenger {result.challenger} in {result.challenger_dir}"
    )
    for reason in result.decision.reasons:
        click.echo(f"  {reason}")
    if result.activated:
        click.echo(f"activated {result.challenger}")
    elif result.decision.promote:
        click.echo(
            f"the challenger wins; activate it with: qualitygate model activate {result.challenger}"
        )
    else:
        click.echo(
            f"kept the champion {result.champion}; {result.challenger} is registered, inactive"
        )
    click.echo("report: " + ", ".join(str(p) for p in result.files))
