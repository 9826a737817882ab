"""A private database per monitoring test: SQLite always, PostgreSQL too where it runs here."""

from tests.callbacks.conftest import receiver  # noqa: F401 - the real loopback HTTP receiver
from tests.support.databases import session  # noqa: F401 - the fixture
