"""Scoring yields the CPU to the API on a shared host (`QG_WORKER_NICE`).

A webhook must be answered at once; scoring is queued work that can wait a few milliseconds. When
the API and the workers share cores (`qualitygate run`, one small host), a scoring worker lowers
its own CPU priority before it loads the model, so torch's threads, created later, inherit it.

Two levers, because Linux shares the CPU in two levels:

1. **Autogroups.** With `kernel.sched_autogroup_enabled` = 1 (the default of most desktop and many
   server kernels) processes outside any CPU cgroup are grouped by session, and the CPU is shared
   between the groups first. A process's own niceness only counts inside its group, which is why
   renicing the workers alone measured no gain here (BENCHMARKS.md, "End to end"). A worker that
   leads its own session (`setsid`: `qualitygate run` and any supervisor start it so) writes the
   niceness into `/proc/self/autogroup`, which weighs its whole session against the API's.
2. **The process's niceness** (`setpriority`): what counts without autogroups, and inside one.

In containers the cgroup's CPU weight plays this part (docker `--cpu-shares`, Kubernetes
requests), set by the operator; these writes then change nothing outside the container.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
AUTOGROUP_SWITCH = Path("/proc/sys/kernel/sched_autogroup_enabled")


@dataclass(frozen=True, slots=True)
class Yielded:
    """What `yield_cpu` did: the process's niceness, and the session's (None: not applied)."""

    process_nice: int
    autogroup_nice: int | None
    reason: str  # why the autogroup was left alone ("" when it was set)


def autogroups_on() -> bool:
    """Whether this kernel shares the CPU between sessions first (`sched_autogroup_enabled`)."""
    try:
        return AUTOGROUP_SWITCH.read_text().strip() == "1"
    except OSError:  # not Linux, or no autogroup support in this kernel
        return False


def _autogroup_file(pid: int | str) -> Path:
    return Path(f"/proc/{pid}/autogroup")


def autogroup_nice(pid: int | str = "self") -> int | None:
    """The niceness of a process's autogroup ("/autogroup-85 nice 10" -> 10); None: unknown."""
    try:
        return int(_autogroup_file(pid).read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        return None


def yield_cpu(nice: int) -> Yielded:
    """Lower this process's CPU priority to `nice` (0-19; never raises it), and its session's
    autogroup's when this process leads a session of its own. 0 changes nothing."""
    if not 0 <= nice <= 19:
        raise ValueError(f"niceness must be 0-19, got {nice}")
    current = os.getpriority(os.PRIO_PROCESS, 0)
    if nice > current:
        os.setpriority(os.PRIO_PROCESS, 0, nice)
    process_nice = max(nice, current)
    if nice == 0:
        return Yielded(process_nice, None, "QG_WORKER_NICE is 0")
    if not autogroups_on():
        return Yielded(process_nice, None, "no autogroups on this kernel")
    if os.getsid(0) != os.getpid():
        # The session may hold the API (a shell that started both): lowering it would slow both.
        return Yielded(process_nice, None, "this process does not lead its own session (setsid)")
    current_group = autogroup_nice()
    if current_group is not None and current_group >= nice:
        return Yielded(process_nice, current_group, "")
    own = _autogroup_file("self")
    try:
        own.write_text(str(nice))
    except OSError as exc:  # a read-only /proc in some sandboxes
        return Yielded(process_nice, None, f"could not write {own}: {exc.strerror}")
    return Yielded(process_nice, autogroup_nice(), "")


def yield_cpu_logged(nice: int) -> Yielded:
    done = yield_cpu(nice)
    if done.autogroup_nice is not None:
        log.info("scoring yields the CPU: niceness %s, session %s", nice, done.autogroup_nice)
    else:
        log.info("scoring yields the CPU: niceness %s (session unchanged: %s)", nice, done.reason)
    return done
