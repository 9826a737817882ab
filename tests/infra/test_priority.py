"""`QG_WORKER_NICE`: a scoring worker lowers its CPU priority, and its session's when it leads one.

Each case runs in a child process, so this test process keeps its own priority.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from qualitygate.infra.priority import autogroup_nice, autogroups_on, yield_cpu

PROBE = """
import dataclasses, json, os, sys
from qualitygate.infra.priority import yield_cpu
done = yield_cpu(int(sys.argv[1]))
print(json.dumps({**dataclasses.asdict(done), "nice": os.getpriority(os.PRIO_PROCESS, 0),
                  "sid_is_pid": os.getsid(0) == os.getpid()}))
"""


def probe(nice: int, *, new_session: bool, start_nice: int = 0) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(nice)],
        capture_output=True,
        text=True,
        check=True,
        start_new_session=new_session,
        preexec_fn=(lambda: os.nice(start_nice)) if start_nice else None,
        timeout=60,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def own_nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)  # children start from it (`nice make test`)


def test_zero_changes_nothing() -> None:
    got = probe(0, new_session=True)
    assert got["nice"] == own_nice()
    assert got["autogroup_nice"] is None


def test_the_process_niceness_is_lowered_and_never_raised() -> None:
    assert probe(7, new_session=False)["nice"] == max(7, own_nice())
    # Already nicer than asked (an operator's `nice -n 15`): left as it is.
    assert probe(5, new_session=False, start_nice=15)["nice"] == min(19, own_nice() + 15)


def test_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="0-19"):
        yield_cpu(20)
    with pytest.raises(ValueError, match="0-19"):
        yield_cpu(-1)


@pytest.mark.skipif(not autogroups_on(), reason="this kernel does not group the CPU by session")
def test_a_session_leader_lowers_its_sessions_autogroup() -> None:
    before = autogroup_nice()
    got = probe(9, new_session=True)
    assert got["sid_is_pid"] is True
    assert got["autogroup_nice"] == 9, got["reason"]
    assert got["reason"] == ""
    assert autogroup_nice() == before  # another session: this one is untouched


@pytest.mark.skipif(not autogroups_on(), reason="this kernel does not group the CPU by session")
def test_a_process_sharing_its_session_leaves_the_autogroup_alone() -> None:
    # Lowering a shared session would slow whatever else runs in it (the API, a shell).
    before = autogroup_nice()
    got = probe(9, new_session=False)
    assert got["autogroup_nice"] is None
    assert "does not lead its own session" in str(got["reason"])
    assert got["nice"] == max(9, own_nice())
    assert autogroup_nice() == before
