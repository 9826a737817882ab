"""`qualitygate model list|register|activate`: the model registry from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.orm import Session

from qualitygate import db
from qualitygate.cli.db import needs_migrated_database
from qualitygate.errors import ApiError
from qualitygate.services import model_registry
from qualitygate.settings import load_settings


def _session() -> Session:
    db.configure(load_settings().sqlalchemy_url)
    return db.session()


@click.group("model")
def model_group() -> None:
    """List, register and activate classifier versions."""


@model_group.command("list")
@needs_migrated_database
def list_cmd() -> None:
    """Registered versions; `*` marks the active ones."""
    rows = model_registry.list_versions(_session())
    if not rows:
        click.echo("no registered models (workers serve QG_MODEL_DIR)")
    for r in rows:
        scope = f"brand={r.brand}" if r.brand else "default"
        metrics = r.manifest.get("metrics", {}).get("test", {}).get("macro_f1")
        extra = f"  test macro-F1 {metrics:.3f}" if isinstance(metrics, int | float) else ""
        click.echo(f"{'*' if r.active else ' '} {r.name:30} {scope:16} {r.path}{extra}")


@model_group.command("register")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--name", help="Version name (default: the manifest's version).")
@click.option("--brand", help="Register as the adapter of this brand (default: the manifest's).")
@click.option("--activate", "and_activate", is_flag=True, help="Activate it right away.")
@needs_migrated_database
def register_cmd(path: Path, name: str | None, brand: str | None, and_activate: bool) -> None:
    """Register the model directory PATH."""
    session = _session()
    try:
        row = model_registry.register(session, path, name=name, brand=brand)
        if and_activate:
            model_registry.activate(session, row.name)
    except ApiError as exc:
        raise click.ClickException(exc.message) from exc
    scope = f" for brand {row.brand}" if row.brand else ""
    click.echo(f"registered {row.name}{scope}{' (active)' if and_activate else ''}")


@model_group.command("activate")
@click.argument("name")
@needs_migrated_database
def activate_cmd(name: str) -> None:
    """Make NAME the version workers serve (they switch within QG_MODEL_CHECK_INTERVAL_S).

    A brand's adapter is activated for its brand only; the default keeps serving the others.
    """
    try:
        row = model_registry.activate(_session(), name)
    except ApiError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"activated {row.name} for {'brand ' + row.brand if row.brand else 'all brands'}")


@model_group.command("deactivate")
@click.argument("name")
@needs_migrated_database
def deactivate_cmd(name: str) -> None:
    """Stop serving NAME: its brand goes back to the default model."""
    try:
        row = model_registry.deactivate(_session(), name)
    except ApiError as exc:
        raise click.ClickException(exc.message) from exc
    if row.brand:
        click.echo(f"deactivated {row.name}; brand {row.brand} is scored by the default model")
    else:
        click.echo(f"deactivated {row.name}; without an active default, workers serve QG_MODEL_DIR")


@model_group.command("reference")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--data",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("training/data/judged.jsonl"),
    show_default=True,
    help="The label file the model was tuned on; its validation split is scored.",
)
def reference_cmd(path: Path, data: Path) -> None:
    """Write PATH/reference.json: what normal looked like for drift monitoring.

    `qualitygate train` writes it with every model; this computes it for an existing one.
    """
    from training.labels import LabelFileError
    from training.reference import write_reference

    try:
        out = write_reference(path, data)
    except (LabelFileError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {out}")
