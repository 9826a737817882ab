"""Browser tests: headless system Chromium driven by Playwright against a whole running stack
(migrated SQLite, filesystem broker, a real worker process, a real HTTP server)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualitygate.settings import PROJECT_ROOT
from tests.integration.conftest import Stack, start_stack

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
DOCS_IMG = PROJECT_ROOT / "docs" / "img"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM}: "
        "apt-get install -y --no-install-recommends chromium (make test does this when it can)",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One stack for the module; rules only (QG_MODEL_ENABLED=false) so pass/fail is certain."""
    previous = os.environ.get("QG_MODEL_ENABLED")
    os.environ["QG_MODEL_ENABLED"] = "false"  # read by the worker process and by load_settings
    try:
        yield from start_stack(tmp_path_factory.mktemp("e2e"), "", "filesystem://")
    finally:
        if previous is None:
            os.environ.pop("QG_MODEL_ENABLED", None)
        else:
            os.environ["QG_MODEL_ENABLED"] = previous


class Console:
    """Errors the page logged (a CSP violation shows up here) and dialogs it tried to open."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def screenshot(page: Page, name: str, docs: bool = False) -> None:
    """Save under test-artifacts/ (git-ignored). With UPDATE_DOC_SCREENSHOTS=1, `docs` shots also
    replace docs/img/<name> (opt-in, so a test run leaves the tracked images alone)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    if docs and os.environ.get("UPDATE_DOC_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_IMG / name), full_page=True)
