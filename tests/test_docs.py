"""The README documents every setting, and nothing that no longer exists."""

from __future__ import annotations

import re

from qualitygate.settings import PROJECT_ROOT, Settings


def test_readme_settings_table_matches_settings_class() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `(QG_[A-Z_]+)` \|", readme, flags=re.M))
    expected = {f"QG_{name.upper()}" for name in Settings.model_fields}
    assert documented == expected


def test_ci_runs_the_readme_test_command() -> None:
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "make test" in ci and "`make test`" in readme
