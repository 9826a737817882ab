"""The scoring process's loaded models are kept out of the cyclic garbage collector's walks.

Python's collector, at each full collection, walks every container object the process holds. A
scoring process holds about 300k of them that live as long as it does: spaCy's pipeline, its
vocabulary and the lexicons (and the model's Python objects). Walking them measured about a
tenth of spaCy's parsing time (`bench/bench_checks.py`: parse 310 to 335 desc/s with them
frozen). `freeze_loaded` moves everything alive at that moment into the collector's permanent
generation (`gc.freeze`); objects freed by their reference count are still freed as before.

It is a process-wide setting, so only what owns a scoring process calls it, once it has loaded
what it serves: the worker's process start (`tasks.celery_app`) and the throughput benchmark,
which measures what the worker does. Library code (the rule engine, the scorer cache) never
freezes. `thaw` undoes it when the process swaps its model for another: frozen reference
cycles of the old model would never be collected otherwise.
"""

from __future__ import annotations

import gc


def freeze_loaded() -> None:
    """Collect what is garbage now, then exempt everything still alive from future walks."""
    gc.collect()
    gc.freeze()


def thaw() -> None:
    """Give frozen objects back to the collector (a no-op where nothing was frozen)."""
    gc.unfreeze()
