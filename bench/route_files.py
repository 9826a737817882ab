"""Which qualitygate files one submission's route runs: webhook -> verdict row -> callback.

    .venv/bin/python -m bench.route_files [--rules-only] [--json]

One real submission, end to end, in this process: a signed `POST /api/v1/submissions` through the
Flask test client (QG_AUTH=required), a real Celery worker (`celery.contrib.testing.worker`,
solo pool, kombu's filesystem transport) scoring it with the real rules and model
(`models/default`; `--rules-only` leaves the model out), its verdict committed to SQLite, and the
callback delivered to a real HTTP server on loopback. A profile hook (`sys.setprofile` and
`threading.setprofile`, so the worker's thread too) records every file of the package in which a
function is called.

Start-up is not the route: a first submission goes the whole way unrecorded (the worker loads
spaCy and the model, caches fill), then a second one is recorded. The worker looks at the model
registry before every task (`QG_MODEL_CHECK_INTERVAL_S=0`), as it does whenever its interval has
passed, so the registry lookup is on the route.

The files are printed in the order the route first calls them, split into the route and the
foundations every path uses (FOUNDATIONS below: database, models, settings, logging, errors,
input limits, the JSON reader, security, metrics, the app's response class, and the computation
itself: checks/, ml/ and the sentence splitter they share). tests/test_route.py runs this script
and holds the route to at most ROUTE_TARGET files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "qualitygate"
# Issue 19: at most half the files of the route before the redesign (18 measured by this script
# at 75a0721, the main before issue 19 was merged; 19 counted by hand).
ROUTE_TARGET = 9

# Files every path uses, not counted as the route (paths under qualitygate/, a trailing "/" is
# a whole package). Beyond the foundations issue 19 named: db_app.py (the session teardown),
# web/response.py (the response class) and web/security.py (the security headers) run on every
# request; infra/fs_transport.py is the embedded broker (Redis in production), as db.py is the
# database; sentences.py is the sentence splitter the checks share.
FOUNDATIONS = (
    "db.py",
    "db_app.py",
    "models/",
    "domain.py",
    "settings.py",
    "logs.py",
    "errors.py",
    "limits.py",
    "jsonbody.py",
    "security/",
    "observability.py",
    "api/metrics_prom.py",
    "web/response.py",
    "web/security.py",
    "infra/fs_transport.py",
    "checks/",
    "ml/",
    "sentences.py",
    "__init__.py",  # qualitygate/__init__.py: the version string
)


def is_foundation(rel: str) -> bool:
    return any(rel == f or (f.endswith("/") and rel.startswith(f)) for f in FOUNDATIONS)


class Recorder:
    """Files of the package in which a function was called, in first-call order, while on."""

    def __init__(self) -> None:
        self.on = False
        self.files: dict[str, None] = {}
        self._prefix = str(PACKAGE) + os.sep

    def hook(self, frame: FrameType, event: str, _arg: object) -> None:
        if event == "call" and self.on:
            name = frame.f_code.co_filename
            if name.startswith(self._prefix) and name not in self.files:
                self.files[name] = None

    def install(self) -> None:
        sys.setprofile(self.hook)
        threading.setprofile(self.hook)  # threads started from now on: the worker's

    def remove(self) -> None:
        sys.setprofile(None)
        threading.setprofile(None)

    def relative(self) -> list[str]:
        return [Path(f).relative_to(PACKAGE).as_posix() for f in self.files]


@contextmanager
def receiver() -> Iterator[tuple[str, list[bytes]]]:
    """A CMS on loopback that answers every callback 200 and keeps the bodies."""
    bodies: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            bodies.append(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hooks/quality", bodies
    finally:
        server.shutdown()
        server.server_close()


def body(n: int, callback_url: str) -> dict[str, Any]:
    """A webhook body on a real Flipkart product (PromptCloud, CC BY-SA 4.0), as the tests use."""
    return {
        "event_id": f"route-{n}",
        "brand": "default",
        "product": {
            "sku": "SRTEH2FF9KEDEFGF",
            "title": "Alisha Solid Women's Cycling Shorts",
            "category": ["Clothing", "Women's Clothing", "Lingerie, Sleep & Swimwear", "Shorts"],
            "attributes": {"Color": "Red", "Fabric": "Cotton Lycra", "Pack of": "3"},
            "keywords": ["cycling shorts"],
        },
        "description": {
            "text": "Alisha Solid Women's Cycling Shorts in red cotton lycra, a pack of 3. "
            "The soft, stretchy fabric moves with you on the bike and at the gym. "
            f"Machine wash cold and dry flat to keep the colour bright ({n}).",
            "locale": "en-US",
        },
        "callback_url": callback_url,
    }


def follow(rules_only: bool) -> list[str]:
    """Drive one warm-up and one recorded submission; the recorded files, route order."""
    os.environ.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    from celery.contrib.testing.worker import start_worker

    from qualitygate import db, migrate
    from qualitygate.app import create_app
    from qualitygate.models import Verdict
    from qualitygate.security.signing import signed_headers
    from qualitygate.services import tenants
    from qualitygate.settings import load_settings

    recorder = Recorder()
    with tempfile.TemporaryDirectory() as tmp, receiver() as (url, delivered):
        # From the environment, so an app that any module builds for itself gets the same.
        os.environ.update(
            QG_ENV="test",
            QG_DATA_DIR=tmp,
            QG_DATABASE_URL="",
            QG_BROKER_URL="filesystem://",
            QG_AUTH="required",
            QG_MODEL_ENABLED="false" if rules_only else "true",
            QG_MODEL_CHECK_INTERVAL_S="0",
            QG_PUBLIC_BASE_URL="http://testserver",
            QG_LOG_LEVEL="WARNING",
        )
        settings = load_settings()
        migrate.upgrade(settings.sqlalchemy_url)
        app = create_app(settings)
        with app.app_context():
            secret = tenants.create(db.session(), "default").webhook_secret
            db.session.remove()
        client = app.test_client()

        def submit(n: int) -> None:
            raw = json.dumps(body(n, url)).encode()
            headers = {"Content-Type": "application/json", **signed_headers(secret, raw)}
            resp = client.post("/api/v1/submissions", data=raw, headers=headers)
            if resp.status_code != 202:
                raise SystemExit(f"webhook answered {resp.status_code}: {resp.get_data(True)}")
            wait_delivered(n)

        def wait_delivered(n: int, timeout: float = 300.0) -> None:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                with app.app_context():
                    status = [v.callback_status for v in db.session().query(Verdict)]
                    db.session.remove()
                if len(delivered) >= n and status.count("delivered") >= n:
                    return
                time.sleep(0.05)
            raise SystemExit(f"submission {n}: no delivered callback after {timeout:.0f} s")

        recorder.install()  # before the worker's thread starts, so it carries the hook
        try:
            celery = app.extensions["celery"]
            with start_worker(celery, pool="solo", perform_ping_check=False, loglevel="WARNING"):
                submit(1)  # start-up: spaCy, the model and every cache load here
                recorder.on = True
                submit(2)
                recorder.on = False
        finally:
            recorder.remove()
    return recorder.relative()


def report(files: list[str]) -> dict[str, list[str]]:
    return {
        "route": [f for f in files if not is_foundation(f)],
        "foundations": [f for f in files if is_foundation(f)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rules-only", action="store_true", help="score without the model")
    parser.add_argument("--json", action="store_true", help="print the lists as JSON")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    groups = report(follow(args.rules_only))
    if args.json:
        print(json.dumps(groups))
        return 0
    for name, files in groups.items():
        print(f"{name} ({len(files)} files):")
        for f in files:
            print(f"  qualitygate/{f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
