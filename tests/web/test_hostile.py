"""The pages against a careless or hostile browser, through a real HTTP server on SQLite:
redirects stay on the site, signing out revokes the cookie, racing resubmits and forged form
fields get a clear 4xx, and a row stored with text that cannot be encoded still renders."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from qualitygate import db
from qualitygate.models import DescriptionVersion, Submission
from tests.support.services import LiveServer
from tests.web.conftest import PASSWORD, csrf_from, link_for, make_reviewer, make_submission


@pytest.fixture
def live(app: Flask, client: FlaskClient) -> Iterator[str]:
    # client: the tables are emptied afterwards.
    server = LiveServer(app)
    try:
        yield server.url
    finally:
        server.stop()


def _sign_in(live: str, next_url: str | None = None) -> tuple[requests.Session, requests.Response]:
    browser = requests.Session()
    page = browser.get(f"{live}/review/login", timeout=30)
    data = {"username": "rita", "password": PASSWORD, "csrf_token": csrf_from(page.text)}
    if next_url is not None:
        data["next"] = next_url
    resp = browser.post(f"{live}/review/login", data=data, allow_redirects=False, timeout=30)
    return browser, resp


@pytest.mark.parametrize(
    "next_url",
    [
        "/\t/127.0.0.1:8124/pwned",  # the issue's /%09/127.0.0.1:8124/pwned, decoded
        "/\n/evil.example/",
        "/\r\n/evil.example/",
        "/ /evil.example/",
        "/\\evil.example/",
        "//evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\x00/evil.example/",
    ],
)
def test_sign_in_never_redirects_off_site(live: str, next_url: str) -> None:
    make_reviewer()
    _, resp = _sign_in(live, next_url)
    assert resp.status_code == 303
    target = urlsplit(resp.headers["Location"])
    assert target.netloc in ("", urlsplit(live).netloc) and target.path == "/review/"


def test_the_issues_percent_encoded_tab_from_the_query_string(live: str) -> None:
    make_reviewer()
    browser = requests.Session()
    page = browser.get(f"{live}/review/login?next=/%09/127.0.0.1:8124/pwned", timeout=30)
    resp = browser.post(
        f"{live}/review/login?next=/%09/127.0.0.1:8124/pwned",
        data={"username": "rita", "password": PASSWORD, "csrf_token": csrf_from(page.text)},
        allow_redirects=False,
        timeout=30,
    )
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/review/")
    assert "127.0.0.1:8124" not in resp.headers["Location"]


def test_a_path_on_the_site_is_still_followed(live: str) -> None:
    make_reviewer()
    _, resp = _sign_in(live, "/review/?kind=flagged&brand=default")
    assert resp.headers["Location"].endswith("/review/?kind=flagged&brand=default")


def test_a_session_cookie_kept_from_before_sign_out_no_longer_works(live: str) -> None:
    make_reviewer()
    browser, resp = _sign_in(live)
    assert resp.status_code == 303
    kept = browser.cookies.get_dict()  # what an attacker copied, or a shared machine kept
    page = browser.get(f"{live}/review/", allow_redirects=False, timeout=30)
    assert page.status_code == 200
    out = browser.post(
        f"{live}/review/logout",
        data={"csrf_token": csrf_from(page.text)},
        allow_redirects=False,
        timeout=30,
    )
    assert out.status_code == 303
    replay = requests.get(f"{live}/review/", cookies=kept, allow_redirects=False, timeout=30)
    assert replay.status_code == 302 and "/review/login" in replay.headers["Location"]
    # Signing in again works, with a new session.
    again, resp = _sign_in(live)
    assert again.get(f"{live}/review/", allow_redirects=False, timeout=30).status_code == 200


def _versions(sub_id: str) -> list[int]:
    db.session.remove()
    rows = db.session().query(DescriptionVersion).filter_by(submission_id=sub_id)
    return sorted(v.number for v in rows)


def test_twelve_concurrent_resubmits_of_one_version_give_one_303_and_eleven_409(
    app: Flask, live: str
) -> None:
    sub = make_submission(text="Red cycling shorts, pack of 3.")
    url = live + link_for(app, sub)
    browser = requests.Session()
    token = csrf_from(browser.get(url, timeout=30).text)
    cookies = browser.cookies.get_dict()

    def resubmit(i: int) -> int:
        data = {"text": f"Red cycling shorts, pack of 3. Edit {i}.", "base_version": "1"}
        resp = requests.post(
            url,
            data={**data, "csrf_token": token},
            cookies=cookies,
            allow_redirects=False,
            timeout=60,
        )
        return resp.status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        codes = sorted(pool.map(resubmit, range(12)))
    assert codes == [303] + [409] * 11
    assert _versions(sub.id) == [1, 2]


@pytest.mark.parametrize("base", ["abc", "-1", "1.0", "99999999999999999999", "\u0661"])
def test_a_base_version_that_is_not_a_number_is_400_and_stores_nothing(
    app: Flask, live: str, base: str
) -> None:
    sub = make_submission(text="Red cycling shorts, pack of 3.")
    url = live + link_for(app, sub)
    browser = requests.Session()
    token = csrf_from(browser.get(url, timeout=30).text)
    resp = browser.post(
        url,
        data={"text": "An edited text.", "base_version": base, "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    assert resp.status_code == 400 and "base_version must be a version number" in resp.text
    assert "An edited text.</textarea>" in resp.text  # the writer's edit is kept on the page
    assert _versions(sub.id) == [1]


def test_a_stored_lone_surrogate_renders_instead_of_a_500(app: Flask, live: str) -> None:
    # Stored before the API refused lone surrogates (SQLite took them inside the JSON columns).
    sub = make_submission(text="Red cycling shorts, pack of 3.")
    stored = db.session.get(Submission, sub.id)
    assert stored is not None
    stored.attributes = {**stored.attributes, "\ud83d": "x", "Color": "Red \udc00"}
    stored.keywords = ["\ud83d shorts"]
    db.session.commit()
    url = live + link_for(app, sub)
    assert requests.get(url, timeout=30).status_code == 200
    assert requests.get(url + "/status", timeout=30).status_code == 200
    make_reviewer()
    browser, _ = _sign_in(live)
    item = browser.get(f"{live}/review/items/{sub.id}", timeout=30)
    assert item.status_code == 200 and "Red ?" in item.text
    assert browser.get(f"{live}/review/?kind=passed", timeout=30).status_code == 200
    assert requests.get(f"{live}/api/v1/submissions/{sub.id}", timeout=30).status_code == 200


def test_a_resubmit_with_bidi_override_characters_is_422_and_stores_nothing(
    app: Flask, live: str
) -> None:
    sub = make_submission(text="Red cycling shorts, pack of 3.")
    url = live + link_for(app, sub)
    browser = requests.Session()
    token = csrf_from(browser.get(url, timeout=30).text)
    resp = browser.post(
        url,
        data={"text": "Red \u202eshorts\u202c.", "base_version": "1", "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    assert resp.status_code == 422 and "bidirectional override" in resp.text
    assert _versions(sub.id) == [1]
