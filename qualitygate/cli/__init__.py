"""The `qualitygate` command: run the service, score files, migrate, train and evaluate."""

from __future__ import annotations

import click

from qualitygate.cli.db import db_group
from qualitygate.cli.export import export_group
from qualitygate.cli.labels import labels_group
from qualitygate.cli.model import model_group
from qualitygate.cli.monitor import drift_cmd
from qualitygate.cli.retrain import retrain_cmd
from qualitygate.cli.reviewers import reviewer_group
from qualitygate.cli.run import run_cmd, worker_cmd
from qualitygate.cli.score import score_cmd
from qualitygate.cli.tenants import tenant_group
from qualitygate.cli.train import evaluate_cmd, train_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="qualitygate")
def main() -> None:
    """QualityGate: a quality gate for product descriptions."""


main.add_command(run_cmd)
main.add_command(worker_cmd)
main.add_command(db_group)
main.add_command(export_group)
main.add_command(model_group)
main.add_command(score_cmd)
main.add_command(train_cmd)
main.add_command(evaluate_cmd)
main.add_command(reviewer_group)
main.add_command(labels_group)
main.add_command(tenant_group)
main.add_command(drift_cmd)
main.add_command(retrain_cmd)
