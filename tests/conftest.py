"""Fixtures shared by every test. No test may touch the user's real data folder."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from hypothesis import settings

from server.app import close_app, create_app
from tests.support.server import ServerProcess

TEST_PORT = 8765

# On a developer machine hypothesis explores new examples every run (and remembers failures in
# .hypothesis/); in CI it replays a fixed sequence, so a submission's verdict does not depend on
# the luck of the draw. Either way every property runs its full number of examples.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Point QUOTEBANK_DATA_DIR at a fresh temporary folder for every test."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("QUOTEBANK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def data_dir(_isolated_data_dir) -> Path:
    return _isolated_data_dir


class LoopbackClient(FlaskClient):
    """A test client whose requests carry an allowed Host (127.0.0.1:TEST_PORT) by default."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", f"http://127.0.0.1:{TEST_PORT}")
        return super().open(*args, **kwargs)


@pytest.fixture
def app(data_dir):
    """The Flask app over a fresh data folder; extraction and indexing run inline (no threads)."""
    app = create_app({"DATA_DIR": str(data_dir), "PORT": TEST_PORT, "BACKGROUND": False})
    app.config["TESTING"] = True
    app.test_client_class = LoopbackClient
    yield app
    close_app(app)


@pytest.fixture
def anon_client(app):
    """A client on an allowed Host, without the token."""
    return app.test_client()


@pytest.fixture
def client(app, anon_client):
    """A client that sends the token, as the extension and the search page do."""
    anon_client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {app.config['QUOTEBANK_TOKEN']}"
    return anon_client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def server_factory(tmp_path) -> Iterator:
    """Make real servers (child processes on loopback ports); all are stopped at teardown."""
    started: list[ServerProcess] = []

    def make(data_dir: Path | None = None, *args: str) -> ServerProcess:
        folder = data_dir or tmp_path / f"server-data-{len(started)}"
        server = ServerProcess(folder, None, *args)
        started.append(server)
        return server

    yield make
    for server in started:
        server.kill()


@pytest.fixture
def live_server(server_factory) -> ServerProcess:
    """One real `quotebank serve` on a free loopback port, with its own data folder."""
    return server_factory().start()
