"""A private database per report test: SQLite always, PostgreSQL too where it runs here."""

from tests.support.databases import session  # noqa: F401 - the fixture
