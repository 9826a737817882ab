"""A small HTTP load generator: asyncio, raw HTTP/1.1, requests prepared as bytes beforehand.

Loopback only (the caller passes 127.0.0.1). Bounded: a fixed list of requests and a deadline
after which whatever is still open is cancelled. Each request opens its own connection, as a CMS
does and as gunicorn's sync workers require (they answer `Connection: close`).

Two shapes: `closed_loop` (C connections, each sends its next request when the previous one is
answered: the server's capacity) and `open_loop` (request i leaves at t0 + i / rate whatever the
server does: latency at a fixed offered rate).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any


@dataclass
class Result:
    status: int  # 0: failed (connection error or deadline)
    sent: float  # time.time() when the request left
    done: float


def request_bytes(method: str, path: str, port: int, headers: dict[str, str], body: bytes) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _one(port: int, raw: bytes) -> Result:
    sent = time.time()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(raw)
            await writer.drain()
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
        finally:
            writer.close()
    except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
        return Result(0, sent, time.time())
    return Result(status, sent, time.time())


async def _closed(port: int, raws: list[bytes], concurrency: int) -> list[Result]:
    results: list[Result | None] = [None] * len(raws)
    next_index = iter(range(len(raws)))

    async def lane() -> None:
        for i in next_index:
            results[i] = await _one(port, raws[i])

    await asyncio.gather(*(lane() for _ in range(concurrency)))
    return [r for r in results if r is not None]


async def _open(port: int, raws: list[bytes], rate: float) -> list[Result]:
    t0 = time.monotonic()
    tasks = []
    for i, raw in enumerate(raws):
        delay = t0 + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_one(port, raw)))
    return list(await asyncio.gather(*tasks))


def run(coro: Coroutine[Any, Any, list[Result]], deadline_s: float) -> list[Result]:
    async def bounded() -> list[Result]:
        return await asyncio.wait_for(coro, deadline_s)

    return asyncio.run(bounded())


def closed_loop(port: int, raws: list[bytes], concurrency: int, deadline_s: float) -> list[Result]:
    return run(_closed(port, raws, concurrency), deadline_s)


def open_loop(port: int, raws: list[bytes], rate: float, deadline_s: float) -> list[Result]:
    return run(_open(port, raws, rate), deadline_s)
