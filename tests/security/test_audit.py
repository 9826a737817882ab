"""`make audit` reads pip-audit's report: findings fail, an unreachable service is a loud skip."""

from __future__ import annotations

import pytest

from qualitygate.security.audit import _report

VULN = {"id": "GHSA-xxxx-yyyy", "fix_versions": ["3.1.4"], "aliases": [], "description": ""}


def test_a_known_vulnerability_fails(capsys: pytest.CaptureFixture[str]):
    doc = {
        "dependencies": [
            {"name": "flask", "version": "3.1.3", "vulns": [VULN]},
            {"name": "celery", "version": "5.7.0", "vulns": []},
            {"name": "torch", "version": "2.13.0+cpu", "skip_reason": "not found on PyPI"},
        ]
    }
    assert _report(doc) == 1
    out = capsys.readouterr().out
    assert "flask 3.1.3: GHSA-xxxx-yyyy (fixed in: 3.1.4)" in out
    assert "2 packages audited, 1 with known vulnerabilities, 1 not found" in out


def test_clean_passes(capsys: pytest.CaptureFixture[str]):
    doc = {"dependencies": [{"name": "celery", "version": "5.7.0", "vulns": []}]}
    assert _report(doc) == 0
    assert "1 packages audited, 0 with known" in capsys.readouterr().out


def test_an_index_that_answers_for_nothing_is_a_skip_not_a_pass(capsys: pytest.CaptureFixture[str]):
    doc = {"dependencies": [{"name": "celery", "version": "5.7.0", "skip_reason": "not found"}]}
    assert _report(doc) == 0
    assert "SKIPPED" in capsys.readouterr().out
