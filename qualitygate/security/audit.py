"""`make audit`: known vulnerabilities in the installed dependencies, failing soft on an outage.

Runs pip-audit over the project's virtualenv (what `make install` resolved from pyproject.toml)
against PyPI's advisory data. Exit 1 when a dependency has a known vulnerability that is not
listed in AUDIT_IGNORE. When the advisory service cannot be reached, or answers for none of the
packages (a mirror without PyPI's JSON API), it prints a loud SKIPPED line and exits 0, so an
outage does not break `make lint`; see docs/operations.md.

Run: python -m qualitygate.security.audit [--ignore-vuln ID ...]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

TIMEOUT_S = 600
_NETWORK = re.compile(
    r"ConnectionError|NameResolutionError|Max retries exceeded|timed out|Timeout|"
    r"Temporary failure in name resolution|Name or service not known|HTTP Error 5\d\d"
)


def _skipped(reason: str) -> int:
    print(f"make audit: SKIPPED - {reason}; run `make audit` again when it is reachable.")
    return 0


def _report(doc: dict[str, Any]) -> int:
    deps = doc.get("dependencies", [])
    audited = [d for d in deps if not d.get("skip_reason")]
    if deps and not audited:
        return _skipped(f"the advisory service answered for none of {len(deps)} packages")
    vulnerable = [d for d in audited if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixed})")
    skipped = len(deps) - len(audited)
    print(
        f"make audit: {len(audited)} packages audited, {len(vulnerable)} with known "
        f"vulnerabilities, {skipped} not found on the index (not audited)"
    )
    return 1 if vulnerable else 0


def main(argv: list[str]) -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    cmd = [str(pip_audit), "--skip-editable", "--format", "json", "--progress-spinner", "off"]
    try:
        proc = subprocess.run(
            [*cmd, *argv], capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return _skipped(f"pip-audit did not finish within {TIMEOUT_S} s")
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        if _NETWORK.search(proc.stderr):
            last = proc.stderr.strip().splitlines()[-1:]
            return _skipped(f"cannot reach the advisory service ({' '.join(last)[:200]})")
        sys.stderr.write(proc.stderr)
        return proc.returncode or 2
    return _report(doc)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
