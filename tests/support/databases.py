"""A private database per test, SQLite always and PostgreSQL too where it runs here.

Tables come from the metadata (no migrations) to keep these tests fast; the integration tests use
the migrated schema. A conftest that wants it imports `session`.
"""

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
        url = f"sqlite:///{tmp_path / 'private.db'}"
    else:
        url = request.getfixturevalue("pg_url")  # skips when PostgreSQL is not running
    engine = db.make_engine(url)
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s
    engine.dispose()
