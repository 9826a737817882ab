"""A private database per monitoring test: SQLite always, PostgreSQL too where it runs here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from qualitygate import db
from qualitygate.db import Base


@pytest.fixture(params=["sqlite", "postgresql"])
def session(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'monitoring.db'}"
    else:
        url = request.getfixturevalue("pg_url")  # skips when PostgreSQL is not running
    engine = db.make_engine(url)
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s
    engine.dispose()


from tests.callbacks.conftest import receiver  # noqa: E402,F401 - the real loopback HTTP receiver
