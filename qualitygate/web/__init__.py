"""Pages for people: the writer's feedback page and the reviewers' queue.

Server-rendered Jinja (autoescaped: descriptions, titles and attributes are untrusted), a little
plain JavaScript in static files, a CSP without inline script, and CSRF protection on every form
of these blueprints (the JSON API is not cookie-authenticated and stays exempt).
"""

from __future__ import annotations

from flask import Blueprint, Flask

from qualitygate.settings import Settings
from qualitygate.web import feedback, review
from qualitygate.web.security import csrf, security_headers

# Templates and static files shared by the pages; assets under /assets (no clash with /static).
assets = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)


def init_app(app: Flask) -> None:
    settings: Settings = app.config["QG_SETTINGS"]
    app.config.update(
        # Only the page blueprints call csrf.protect(); the webhook API must not need a token.
        WTF_CSRF_CHECK_DEFAULT=False,
        # Tokens are bound to the session cookie (which ends with the browser session); a time
        # limit would throw away a writer's long edit.
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=settings.base_url.startswith("https://"),
    )
    csrf.init_app(app)
    app.register_blueprint(assets)
    app.register_blueprint(feedback.bp, url_prefix="/feedback")
    app.register_blueprint(review.bp, url_prefix="/review")
    app.after_request(security_headers)
