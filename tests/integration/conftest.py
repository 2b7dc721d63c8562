import uuid

import pytest
from sqlalchemy import create_engine, text

from bot.store.db import make_engine
from tests.support.postgres import postgres_server


@pytest.fixture(scope="session")
def postgres_url():
    with postgres_server() as url:
        yield url


def _fresh_postgres_database(server_url: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        server_url.replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _fresh_postgres_database(request.getfixturevalue("postgres_url"))


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The three servers, shared by the server tests of this session."""
    from tests.support.stack import running_stack

    with running_stack(tmp_path_factory.mktemp("stack")) as running:
        yield running


@pytest.fixture(scope="session")
def demo(stack):
    from bot.store.db import make_session_factory
    from bot.store.seed import export_demo

    engine = make_engine(stack.settings.database_url)
    return export_demo(make_session_factory(engine), stack.now.date())


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (nothing downloaded)."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, FLAGS, SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()
