"""The verification example in docs/callbacks.md actually verifies a real signed request."""

from __future__ import annotations

import re

from requests.structures import CaseInsensitiveDict

from qualitygate import db
from qualitygate.services import callbacks
from qualitygate.settings import PROJECT_ROOT
from tests.callbacks.conftest import Receiver, make_verdict

DOC = PROJECT_ROOT / "docs" / "callbacks.md"


def _snippet() -> str:
    text = DOC.read_text()
    section = text.split("## Verifying a callback (Python)", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, flags=re.S)
    assert match, "no python block under 'Verifying a callback (Python)'"
    return match.group(1)


def test_the_documented_snippet_verifies_a_real_callback(client, fast, receiver: Receiver):
    namespace: dict[str, object] = {}
    exec(compile(_snippet(), str(DOC), "exec"), namespace)  # noqa: S102 - our own doc
    verify_callback = namespace["verify_callback"]

    results: list[tuple[bool, bool, bool]] = []

    def check(req) -> None:
        # What a receiver does with the request exactly as it came off the wire.
        h = CaseInsensitiveDict(req.headers)
        results.append(
            (
                verify_callback(fast.callback_secret, h, req.body),
                verify_callback("wrong-secret", h, req.body),
                verify_callback(fast.callback_secret, h, req.body.replace(b"flag", b"pass")),
            )
        )

    receiver.on_request = check
    verdict = make_verdict(receiver.url)
    callbacks.mark_due(db.session(), verdict)
    assert callbacks.deliver(db.session(), fast, verdict.id).status == "delivered"
    assert results == [(True, False, False)]


def test_the_documented_snippet_refuses_a_stale_timestamp(fast):
    namespace: dict[str, object] = {}
    exec(compile(_snippet(), str(DOC), "exec"), namespace)  # noqa: S102
    from qualitygate.security import signing

    body = b'{"status":"pass"}'
    old = signing.signed_headers(fast.callback_secret, body, now=1_000_000_000)
    assert namespace["verify_callback"](fast.callback_secret, old, body) is False
    fresh = signing.signed_headers(fast.callback_secret, body)
    assert namespace["verify_callback"](fast.callback_secret, fresh, body) is True
