"""Secrets: production needs real ones and QG_AUTH=required; none is ever logged; CLI shows once."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from qualitygate.cli import main
from qualitygate.settings import load_settings
from tests.conftest import sample_body
from tests.security.conftest import bearer, signed

PROD = {
    "env": "production",
    "secret_key": "k" * 32,
    "callback_secret": "c" * 32,
    "database_url": "postgresql+psycopg://db/qualitygate",
}


def test_production_requires_auth_and_defaults_to_it():
    assert load_settings(**PROD).auth == "required"
    with pytest.raises(ValidationError, match="QG_AUTH must be 'required'"):
        load_settings(**{**PROD, "auth": "optional"})


def test_development_and_test_default_to_optional():
    assert load_settings(env="development").auth == "optional"
    assert load_settings(env="test", auth="required").auth_required


@pytest.mark.parametrize("default", ["secret_key", "callback_secret"])
def test_production_refuses_a_default_secret(default):
    settings = dict(PROD)
    del settings[default]
    with pytest.raises(ValidationError, match="must be set to a real secret"):
        load_settings(**settings)


def test_no_secret_or_token_reaches_the_logs(secure_client, acme, zeta, caplog):
    caplog.set_level(logging.DEBUG)
    url = "/api/v1/submissions"
    ok = secure_client.post(url, **signed(acme.webhook_secret, sample_body(brand="acme")))
    sid = ok.get_json()["submission_id"]
    secure_client.post(url, **signed(zeta.webhook_secret, sample_body(brand="acme")))
    secure_client.get(f"{url}/{sid}", headers=bearer(acme.read_token))
    secure_client.get(f"{url}/{sid}", headers=bearer(zeta.read_token))
    secure_client.get(f"{url}/{sid}", headers=bearer(acme.read_token + "x"))
    logged = caplog.text
    assert "signature_invalid" in logged and "token_invalid" in logged  # refusals are logged
    for secret in (acme.webhook_secret, zeta.webhook_secret, acme.read_token, zeta.read_token):
        assert secret not in logged
    assert "v1=" not in logged  # nor the signatures made with them


def test_cli_creates_lists_and_rotates_tenants(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("QG_DATA_DIR", str(tmp_path))
    from qualitygate import migrate

    migrate.upgrade(load_settings().sqlalchemy_url)
    runner = CliRunner()
    created = runner.invoke(main, ["tenant", "create", "acme"])
    assert created.exit_code == 0, created.output
    secret = next(w for w in created.output.split() if w.startswith("qgs_"))
    token = next(w for w in created.output.split() if w.startswith("qgt_"))
    assert len(secret) == 68 and len(token) > 40

    listed = runner.invoke(main, ["tenant", "list"])
    assert listed.exit_code == 0 and listed.output.startswith("acme\tactive\t")
    assert secret not in listed.output and token not in listed.output

    again = runner.invoke(main, ["tenant", "create", "acme"])
    assert again.exit_code == 1 and "already exists" in again.output
    bad = runner.invoke(main, ["tenant", "create", "Not A Slug"])
    assert bad.exit_code == 1 and "not a brand slug" in bad.output

    rotated = runner.invoke(main, ["tenant", "rotate-secret", "acme"])
    assert rotated.exit_code == 0 and "qgs_" in rotated.output and secret not in rotated.output
    missing = runner.invoke(main, ["tenant", "rotate-token", "nobody"])
    assert missing.exit_code == 1 and "no tenant 'nobody'" in missing.output
    assert runner.invoke(main, ["tenant", "deactivate", "acme"]).exit_code == 0
    assert "acme\tinactive" in runner.invoke(main, ["tenant", "list"]).output
