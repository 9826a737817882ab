"""Writers and reviewers in a real browser, against a real worker scoring with the rule checks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests
from click.testing import CliRunner
from playwright.sync_api import Page, expect

from qualitygate import db
from qualitygate.cli import main
from qualitygate.models import Submission
from qualitygate.services import reviews
from tests.conftest import sample_body
from tests.e2e.conftest import Console, screenshot
from tests.integration.conftest import Stack
from tests.support.services import wait_for
from tests.web.conftest import add_verdict, make_submission

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# Rule checks flag this one on accuracy ("pack of 2" vs the attribute's 3) and brand voice.
FLAGGED = (
    "Alisha Solid Women's Cycling Shorts in red cotton lycra, a pack of 2. These are the best "
    "shorts ever, at unbeatable prices!!! The soft, stretchy fabric moves with you on the bike "
    "and at the gym. Machine wash cold and dry flat to keep the colour bright."
)
FIXED = (
    "Alisha Solid Women's Cycling Shorts in red cotton lycra, a pack of 3. The soft, stretchy "
    "fabric moves with you on the bike, on a run and at the gym, and the flat waistband stays "
    "put. Machine wash cold and dry flat to keep the colour bright for many rides."
)
XSS = (
    "Alisha Solid Women's Cycling Shorts <script>window.__xss=1;alert(1)</script> "
    '<img src=x onerror="window.__xss=2;alert(2)"> in red cotton lycra, a pack of 3. The soft, '
    "stretchy fabric moves with you on the bike and at the gym. Machine wash cold and dry flat "
    "to keep the colour bright."
)
PASSWORD = "e2e-password-1"
WAIT = 120  # seconds: the worker shares two loaded CPUs with the rest of the suite


def _submit(stack: Stack, text: str, **overrides: object) -> tuple[str, str]:
    body = sample_body(**overrides)
    body["description"] = {**body["description"], "text": text}  # type: ignore[dict-item]
    resp = requests.post(f"{stack.url}/api/v1/submissions", json=body, timeout=10)
    assert resp.status_code == 202, resp.text
    data = resp.json()
    # The link is built for the configured public URL; the test server listens elsewhere.
    return data["submission_id"], stack.url + urlparse(data["links"]["feedback"]).path


def _product(title: str) -> dict[str, object]:
    product = sample_body()["product"]
    assert isinstance(product, dict)
    return {**product, "title": title, "sku": "SKU-" + title.split()[0].upper()}


def _wait_status(stack: Stack, submission_id: str, *wanted: str) -> str:
    def current() -> str | None:
        with stack.session() as s:
            sub = s.get(Submission, submission_id)
            return sub.status if sub is not None and sub.status in wanted else None

    return str(wait_for(current, WAIT, f"{wanted}; worker log:\n{stack.worker.log()[-2000:]}"))


def test_writer_sees_highlights_fixes_the_text_and_the_verdict_turns_to_pass(
    stack: Stack, page: Page
) -> None:
    sub_id, link = _submit(stack, FLAGGED)
    assert _wait_status(stack, sub_id, "flagged", "passed") == "flagged"
    console = Console(page)

    page.goto(link)
    expect(page.locator("#live-status")).to_contain_text("Flagged.")
    expect(page.locator("#live-status")).to_contain_text("Accuracy")
    marks = page.locator("mark.hl")
    expect(marks.first).to_have_text("pack of 2")
    assert marks.count() >= 3
    # Keyboard: the first highlight is reachable with Tab and explains itself when focused.
    page.locator("#main").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "MARK":
            break
    focused = page.locator("mark:focus")
    expect(focused).to_have_text("pack of 2")
    tip = focused.evaluate("el => getComputedStyle(el, '::after').content")
    assert "Accuracy (error)" in tip and "Pack of is '3'" in tip
    described = focused.get_attribute("aria-describedby") or ""
    expect(page.locator(f"#{described.split()[0]}")).to_contain_text("Correct the text")
    screenshot(page, "feedback.png", docs=True)

    page.fill("#text", FIXED)
    page.click("text=Resubmit for scoring")
    # No reload by the test: the page's script polls and shows the new verdict by itself.
    expect(page.locator("#live-status")).to_contain_text("Passed.", timeout=WAIT * 1000)
    expect(page.locator(".history > li")).to_have_count(2)
    expect(page.locator(".history > li").first).to_contain_text("pass")
    expect(page.locator(".history .diff").first.locator("ins").first).to_be_visible()
    assert page.locator("mark.hl").count() == 0
    screenshot(page, "feedback-passed.png")
    assert console.errors == [] and console.dialogs == []


def test_page_updates_itself_when_the_verdict_arrives(stack: Stack, page: Page) -> None:
    # Stored but never queued, so the verdict arrives exactly when this test writes it.
    sub = make_submission(text=FIXED, scored=False, event_id="evt-live")
    from qualitygate.schemas import feedback_token

    link = f"{stack.url}/feedback/{feedback_token(stack.settings, sub.id)}"
    console = Console(page)
    page.goto(link)
    expect(page.locator("#live-status")).to_contain_text("Scoring version 1")
    expect(page.locator(".spinner")).to_be_visible()
    add_verdict(db.session.get(Submission, sub.id), failed=["seo"])  # type: ignore[arg-type]
    expect(page.locator("#live-status")).to_contain_text("Flagged.", timeout=30_000)
    expect(page.locator(".scores .dim-fail")).to_contain_text("SEO")
    assert console.errors == []


def test_reviewer_accepts_an_item_and_the_label_export_contains_it(
    stack: Stack, page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with stack.session() as s:
        reviews.create_reviewer(s, "rita", PASSWORD)
    # An unconfigured brand is scored with the default house style: the same pass, its own filter.
    sub_id, _ = _submit(stack, FIXED, event_id="evt-to-review", brand="acme")
    assert _wait_status(stack, sub_id, "flagged", "passed") == "passed"
    # A few more items so the queue (and its screenshot) shows ordering and brands.
    make_submission(
        brand="aurelia",
        low_confidence=True,
        event_id="evt-unsure",
        product=_product("Aurelia Silk Scarf"),
    )
    make_submission(
        brand="voltix",
        event_id="evt-charger",
        product=_product("Voltix 65 W USB-C Charger"),
    )
    console = Console(page)

    page.goto(f"{stack.url}/review/")
    expect(page).to_have_url(re.compile(r"/review/login"))
    page.fill("#username", "rita")
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    expect(page.locator("h1")).to_have_text("Review queue")
    rows = page.locator("table.queue tbody tr")
    expect(rows.first).to_contain_text("Aurelia Silk Scarf")
    expect(rows.first).to_contain_text("low confidence")
    screenshot(page, "review-queue.png", docs=True)

    page.select_option("#brand", "acme")
    page.click("text=Filter")
    expect(rows).to_have_count(1)
    page.click("table.queue a")
    expect(page.locator("h2#review-title")).to_have_text("Your review")
    page.check("input[name=decision][value=accepted]")
    screenshot(page, "review-item.png")
    page.click("text=Record review")
    expect(page.locator(".flash")).to_contain_text("accept as is")
    expect(page.locator("table.queue")).to_have_count(0)  # the filtered queue is empty now
    assert console.errors == []

    out = tmp_path / "labels.jsonl"
    monkeypatch.setenv("QG_DATA_DIR", str(stack.settings.data_dir))
    monkeypatch.setenv("QG_DATABASE_URL", stack.settings.database_url)
    result = CliRunner().invoke(main, ["labels", "export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows_out = [json.loads(line) for line in out.read_text().splitlines()]
    mine = [r for r in rows_out if r["event_id"] == "evt-to-review"]
    assert len(mine) == 1 and mine[0]["description"]["text"] == FIXED
    assert [
        mine[0][d] for d in ("completeness", "readability", "accuracy", "brand_voice", "seo")
    ] == [1] * 5


def test_script_and_event_handler_payloads_render_as_text(stack: Stack, page: Page) -> None:
    sub_id, link = _submit(stack, XSS, product=_product("<img src=x onerror=alert(3)>Shorts"))
    _wait_status(stack, sub_id, "flagged", "passed")
    console = Console(page)

    page.goto(link)
    expect(page.locator(".description").first).to_contain_text(
        "<script>window.__xss=1;alert(1)</script>"
    )
    expect(page.locator(".description").first).to_contain_text('onerror="window.__xss=2;alert(2)"')
    expect(page.locator(".subtitle")).to_contain_text("<img src=x onerror=alert(3)>Shorts")
    page.wait_for_timeout(500)  # give any injected handler the chance to fire
    assert page.evaluate("window.__xss") is None
    assert page.locator(".description img, .description script, .subtitle img").count() == 0
    assert console.dialogs == []


# A writer's copy from the judged data, judged to fail SEO: mood copy that crowds out what a
# shopper searches for. No SEO rule fires on it; the model's score fails it.
BANGLES = (
    "Every woman deserves a little sparkle. From busy workdays to festive evenings and family "
    "weddings, these Aadyaa Collections bangles bring a golden glow to your wrists and a smile to "
    "your face. Pair them with a saree, a kurta or even your favourite jeans."
)


def test_a_model_driven_fail_shows_the_passage_that_drives_it(stack: Stack, page: Page) -> None:
    from qualitygate.checks import RuleEngine
    from qualitygate.pipeline.gate import Scorer
    from qualitygate.pipeline.verdicts import load_model, score_versions
    from qualitygate.schemas import feedback_token
    from qualitygate.settings import PROJECT_ROOT

    judged = PROJECT_ROOT / "training" / "data" / "judged.jsonl"
    row = next(
        json.loads(line)
        for line in judged.read_text(encoding="utf-8").splitlines()
        if '"w-BBAEFYZ9HC3R7CSS"' in line
    )
    assert row["description"]["text"] == BANGLES and row["seo"] == 0
    product = row["product"]
    sub = make_submission(text=BANGLES, scored=False, event_id="evt-bangles", product=product)
    # Scored in this process by the served scorer with the shipped model (the stack's worker
    # runs rules only), through the same service call the worker makes.
    scorer = Scorer(RuleEngine(), load_model(PROJECT_ROOT / "models" / "default"))
    (verdict,) = score_versions(db.session(), scorer, [sub.latest.id]).values()
    seo = [f for f in verdict.findings if f.dimension == "seo"]
    assert verdict.status == "flag" and "model_sentence" in [f.rule for f in seo]
    (finding,) = [f for f in seo if f.rule == "model_sentence"]
    passage = BANGLES[finding.span_start : finding.span_end]

    console = Console(page)
    page.goto(f"{stack.url}/feedback/{feedback_token(stack.settings, sub.id)}")
    expect(page.locator("#live-status")).to_contain_text("Flagged.")
    expect(page.locator("#live-status")).to_contain_text("SEO")
    expect(page.locator("mark.hl").filter(has_text=passage[:40])).to_have_count(1)
    expect(page.locator("aside")).to_contain_text("crowds out what shoppers search for")
    expect(page.locator("aside")).to_contain_text("Name the product type early")
    screenshot(page, "feedback-model-finding.png")
    assert console.errors == []
