"""The SSRF guard: where callbacks may go, checked at intake and again at delivery."""

from __future__ import annotations

import pytest
import requests

from qualitygate.errors import Unprocessable
from qualitygate.security import ssrf
from qualitygate.services import callbacks
from qualitygate.settings import load_settings
from tests.callbacks.conftest import Receiver
from tests.conftest import sample_body

URL = "/api/v1/submissions"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://10.0.0.1/hook", "private"),
        ("https://192.168.1.20/hook", "private"),
        ("https://127.0.0.1/hook", "loopback"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://[::1]/hook", "loopback"),
        ("https://[fe80::1]/hook", "link-local"),
        ("https://[::ffff:10.0.0.1]/hook", "private"),
        ("https://0.0.0.0/hook", "unspecified"),
        ("https://100.64.0.1/hook", "non-public"),
        ("https://localhost/hook", "loopback"),  # a host name that resolves to loopback
    ],
)
def test_production_refuses_non_public_destinations(url, why):
    with pytest.raises(ssrf.UnsafeUrl, match=why):
        ssrf.check_destination(url, production=True)


def test_production_accepts_a_public_address():
    # A literal address: getaddrinfo answers without a DNS server.
    assert ssrf.check_destination("https://93.184.215.14/hook", production=True) == [
        "93.184.215.14"
    ]


def test_loopback_is_allowed_outside_production_but_metadata_never_is():
    assert ssrf.check_destination("http://127.0.0.1:8080/hook", production=False)
    assert ssrf.check_destination("http://localhost:8080/hook", production=False)
    for url in ("https://169.254.169.254/", "https://10.0.0.1/"):
        with pytest.raises(ssrf.UnsafeUrl):
            ssrf.check_destination(url, production=False)


@pytest.mark.parametrize(
    ("url", "production", "ok"),
    [
        ("https://cms.example/hook", True, True),
        ("http://cms.example/hook", True, False),
        ("http://127.0.0.1:8080/hook", True, False),  # http refused in production, even loopback
        ("http://127.0.0.1:8080/hook", False, True),
        ("http://[::1]:8080/hook", False, True),
        ("http://cms.example/hook", False, False),  # http only to loopback in development/test
        ("ftp://cms.example/hook", False, False),
        ("https://cms.example:99999/hook", True, False),
        ("https://:443/hook", True, False),
    ],
)
def test_scheme_rules(url, production, ok):
    if ok:
        ssrf.check_scheme(url, production=production)
    else:
        with pytest.raises(ssrf.UnsafeUrl):
            ssrf.check_scheme(url, production=production)


def test_unresolvable_host_is_a_separate_retryable_error():
    with pytest.raises(ssrf.Unresolvable, match="cannot resolve"):
        ssrf.check_destination("https://no-such-host.invalid/hook", production=True)


def test_the_connection_itself_rechecks_the_peer(receiver: Receiver):
    """DNS rebinding: even a URL that passed the check cannot reach a forbidden peer."""
    with ssrf.guarded_session(production=True) as http, pytest.raises(ssrf.UnsafeUrl):
        http.post(receiver.url, data=b"{}", timeout=5)
    assert receiver.requests == []
    with ssrf.guarded_session(production=False) as http:
        assert http.post(receiver.url, data=b"{}", timeout=5).status_code == 200
    assert len(receiver.requests) == 1


def test_guarded_session_ignores_proxy_settings(monkeypatch, receiver: Receiver):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    for name in ("NO_PROXY", "no_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    with ssrf.guarded_session(production=False) as http:
        assert http.post(receiver.url, data=b"{}", timeout=5).status_code == 200
    # Plain requests would have used the (unreachable) proxy.
    with pytest.raises(requests.ConnectionError):
        requests.post(receiver.url, data=b"{}", timeout=1)


def test_intake_refuses_non_https_in_production_with_422_on_callback_url():
    production = load_settings(
        env="production",
        secret_key="s3cret",
        callback_secret="cb-s3cret",
        database_url="postgresql+psycopg://qg@db/qg",
    )
    with pytest.raises(Unprocessable) as info:
        callbacks.check_intake(production, "http://cms.example/hooks/quality")
    assert info.value.status == 422
    assert info.value.details[0]["field"] == "callback_url"
    callbacks.check_intake(production, "https://cms.example/hooks/quality")
    callbacks.check_intake(production, None)


def test_webhook_with_unsafe_callback_url_is_422_and_nothing_is_stored(client):
    resp = client.post(URL, json=sample_body(callback_url="http://cms.example/hook"))
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert [d["field"] for d in error["details"]] == ["callback_url"]


def test_webhook_with_loopback_http_callback_is_accepted_in_test(client):
    resp = client.post(URL, json=sample_body(callback_url="http://127.0.0.1:9000/hook"))
    assert resp.status_code == 202
    view = client.get(f"{URL}/{resp.get_json()['submission_id']}").get_json()
    assert view["callback_url"] == "http://127.0.0.1:9000/hook"
    assert view["callback"] == {"status": None, "attempts": []}  # not scored yet


def test_production_settings_refuse_the_default_callback_secret():
    with pytest.raises(ValueError, match="QG_CALLBACK_SECRET"):
        load_settings(env="production", secret_key="s3cret", database_url="postgresql://x/y")
