"""kombu's filesystem transport with atomic writes: the embedded broker of `make run`.

kombu writes a message straight into the queue folder under its final name, and a polling worker
can move and read the file before the write is complete: the worker then fails to decode a
half-written message and the task is lost. Here a message is written under a temporary name the
reader ignores and renamed into place (atomic within one filesystem), so a reader sees whole
messages or none.

The same holds for a queue's binding table in the control folder: kombu truncates it before it
locks it, so a publish that looks up the table meanwhile reads an empty file and fails. Here the
table is rewritten under a temporary name and renamed, binders taking turns on a lock file. And
kombu keeps one binding state for every connection of a process: a second connection declaring
the same queue skipped the table, and published (messages silently dropped) before the first had
written it. Here every declaration makes sure its binding is in the table before it returns.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    # kombu names the argument `payload` here and `message` in its base class.
    def _put(self, queue: Any, payload: Any, **kwargs: Any) -> None:  # type: ignore[override]
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        tmp = final + ".tmp"  # the reader only takes names ending in ".<queue>.msg"
        try:
            with open(tmp, "wb") as fh:
                fh.write(dumps(payload).encode())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except OSError as exc:
            raise ChannelError(f"cannot add {final!r} to the queue folder") from exc

    def queue_bind(
        self,
        queue: Any,
        exchange: Any = None,
        routing_key: Any = "",
        arguments: Any = None,
        **kwargs: Any,
    ) -> None:
        super().queue_bind(queue, exchange, routing_key, arguments, **kwargs)
        exchange = exchange or "amq.direct"
        meta = self.typeof(exchange).prepare_bind(queue, exchange, routing_key, arguments)
        self._queue_bind(exchange, *meta)  # a no-op when the table already has it

    def _queue_bind(self, exchange: Any, routing_key: Any, pattern: Any, queue: Any) -> None:
        table = self._exchange_file(exchange)
        self.control_folder.mkdir(exist_ok=True)
        entry = filesystem.exchange_queue_t(routing_key or "", pattern or "", queue or "")
        try:
            with open(f"{table}.lock", "ab") as guard:
                filesystem.lock(guard, filesystem.LOCK_EX)
                try:
                    queues = self.get_table(exchange)
                    if entry in queues:
                        return
                    tmp = f"{table}.{uuid.uuid4()}.tmp"
                    with open(tmp, "wb") as fh:
                        fh.write(dumps([entry, *queues]).encode())
                    os.replace(tmp, table)
                finally:
                    filesystem.unlock(guard)
        except OSError as exc:
            raise ChannelError(f"cannot bind {queue!r} in {table}") from exc


class Transport(filesystem.Transport):
    Channel = Channel
