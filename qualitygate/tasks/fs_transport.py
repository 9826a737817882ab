"""kombu's filesystem transport with atomic writes: the embedded broker of `make run`.

kombu writes a message straight into the queue folder under its final name, and a polling worker
can move and read the file before the write is complete: the worker then fails to decode a
half-written message and the task is lost. Here a message is written under a temporary name the
reader ignores and renamed into place (atomic within one filesystem), so a reader sees whole
messages or none.
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


class Transport(filesystem.Transport):
    Channel = Channel
