"""The embedded broker never hands a worker a half-written message."""

from __future__ import annotations

import threading

from kombu import Connection

from qualitygate.infra.fs_transport import Transport


def test_concurrent_writer_and_reader_see_only_whole_messages(tmp_path):
    folder = tmp_path / "q"
    folder.mkdir()
    opts = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "control_folder": str(tmp_path / "control"),
        "polling_interval": 0.001,
    }
    big = "x" * 200_000  # large enough that a non-atomic write is seen half-done
    n = 60
    received: list[int] = []
    errors: list[BaseException] = []

    def consume() -> None:
        with Connection(transport=Transport, transport_options=opts) as conn:
            queue = conn.SimpleQueue("t")
            try:
                while len(received) < n:
                    msg = queue.get(timeout=20)
                    assert msg.payload["pad"] == big
                    received.append(msg.payload["i"])
                    msg.ack()
            except BaseException as exc:  # noqa: BLE001 - surfaced below
                errors.append(exc)

    reader = threading.Thread(target=consume)
    reader.start()
    with Connection(transport=Transport, transport_options=opts) as conn:
        queue = conn.SimpleQueue("t")
        for i in range(n):
            queue.put({"i": i, "pad": big})
    reader.join(timeout=60)
    assert not errors, errors
    assert sorted(received) == list(range(n))
    assert not list(folder.glob("*.tmp"))
