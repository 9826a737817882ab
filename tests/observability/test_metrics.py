"""`GET /metrics`: the documented series, with the right values after submissions and verdicts."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from qualitygate import db
from qualitygate.models import CallbackAttempt, Verdict
from tests.callbacks.conftest import make_verdict
from tests.conftest import sample_body

URL = "/api/v1/submissions"


def scrape(client) -> dict[tuple[str, frozenset], float]:
    resp = client.get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(resp.get_data(as_text=True)):
        for s in family.samples:
            samples[(s.name, frozenset(s.labels.items()))] = s.value
    return samples


def value(samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_submissions_received_by_brand_and_outcome(client):
    before = scrape(client)
    first = sample_body()
    assert client.post(URL, json=first).status_code == 202
    assert client.post(URL, json=sample_body(brand="aurelia")).status_code == 202
    assert client.post(URL, json=first).status_code == 200  # replay
    conflict = {**first, "description": {**first["description"], "text": "changed"}}
    assert client.post(URL, json=conflict).status_code == 409
    assert client.post(URL, json={"brand": "default"}).status_code == 422
    assert client.post(URL, data="{", content_type="application/json").status_code == 400
    after = scrape(client)

    def delta(brand: str, outcome: str) -> float:
        name = "qualitygate_submissions_received_total"
        return value(after, name, brand=brand, outcome=outcome) - value(
            before, name, brand=brand, outcome=outcome
        )

    assert delta("default", "accepted") == 1
    assert delta("aurelia", "accepted") == 1
    assert delta("default", "replayed") == 1
    assert delta("default", "rejected") == 1  # the 409: the body was valid, its brand known
    assert delta("unknown", "rejected") == 2  # 422 and 400: no valid body, no brand
    # Both accepted submissions wait in the queue (no worker runs here).
    assert value(after, "qualitygate_queue_depth", status="queued") == 2
    assert value(after, "qualitygate_queue_depth", status="scoring") == 0


def test_verdicts_dimensions_latency_and_callbacks_come_from_the_database(client):
    flagged = [make_verdict("http://127.0.0.1:9/hook") for _ in range(2)]
    make_verdict(None, status="pass")
    session = db.session()
    # One callback failed twice then was dead-lettered, one was delivered at once.
    for attempt, outcome in enumerate(["failed", "failed", "dead"], start=1):
        session.add(CallbackAttempt(verdict_id=flagged[0].id, attempt=attempt, outcome=outcome))
    session.add(CallbackAttempt(verdict_id=flagged[1].id, attempt=1, outcome="delivered"))
    session.get(Verdict, flagged[0].id).callback_status = "dead"
    session.get(Verdict, flagged[1].id).callback_status = "delivered"
    session.commit()

    samples = scrape(client)

    assert value(samples, "qualitygate_metrics_database_up") == 1
    assert value(samples, "qualitygate_verdicts_total", brand="default", status="flag") == 2
    assert value(samples, "qualitygate_verdicts_total", brand="default", status="pass") == 1
    dim = "qualitygate_dimension_results_total"
    assert value(samples, dim, dimension="accuracy", result="fail") == 2
    assert value(samples, dim, dimension="accuracy", result="pass") == 1
    for name in ("completeness", "readability", "brand_voice", "seo"):
        assert value(samples, dim, dimension=name, result="pass") == 3
        assert value(samples, dim, dimension=name, result="fail") == 0
    # Each verdict took 12.5 ms to score.
    hist = "qualitygate_scoring_seconds"
    assert value(samples, f"{hist}_count") == 3
    assert value(samples, f"{hist}_sum") == pytest.approx(0.0375)
    assert value(samples, f"{hist}_bucket", le="0.01") == 0
    assert value(samples, f"{hist}_bucket", le="0.025") == 3
    assert value(samples, f"{hist}_bucket", le="+Inf") == 3
    assert value(samples, "qualitygate_callback_failures_total", outcome="failed") == 2
    assert value(samples, "qualitygate_callback_failures_total", outcome="dead") == 1
    assert value(samples, "qualitygate_callbacks", status="dead") == 1
    assert value(samples, "qualitygate_callbacks", status="delivered") == 1
    assert value(samples, "qualitygate_callbacks", status="pending") == 0
    assert value(samples, "qualitygate_queue_depth", status="queued") == 0


def test_empty_database_still_exposes_every_family(client):
    samples = scrape(client)
    names = {name for name, _ in samples}
    assert {
        "qualitygate_metrics_database_up",
        "qualitygate_scoring_seconds_count",
        "qualitygate_queue_depth",
        "qualitygate_callback_failures_total",
        "qualitygate_callbacks",
    } <= names
    assert value(samples, "qualitygate_scoring_seconds_count") == 0


def test_openmetrics_is_served_when_the_scraper_asks_for_it(client):
    resp = client.get("/metrics", headers={"Accept": "application/openmetrics-text"})
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/openmetrics-text")
    assert resp.get_data(as_text=True).rstrip().endswith("# EOF")


def test_metrics_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "200" in paths["/metrics"]["get"]["responses"]
