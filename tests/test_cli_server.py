"""The `serve` and `token` commands."""

import socket
import subprocess
import sys

import requests
from click.testing import CliRunner

from indexer import paths
from indexer.bank import QuoteBank
from indexer.index import VERSION_FILE
from server.app import close_app, create_app
from server.cli import main
from server.commands.progress import RebuildProgress
from tests.factories import StubExtractor, seed


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "server", *args], capture_output=True, text=True, timeout=60
    )


def test_token_is_made_once_and_kept(data_dir):
    runner = CliRunner()
    first = runner.invoke(main, ["token"])
    second = runner.invoke(main, ["token", "--data-dir", str(data_dir)])
    assert first.exit_code == second.exit_code == 0
    assert first.output == second.output
    assert len(first.output.strip()) >= 32
    assert (data_dir / "token").stat().st_mode & 0o777 == 0o600


def test_token_rotate_replaces_it(data_dir):
    runner = CliRunner()
    old = runner.invoke(main, ["token"]).output.strip()
    rotated = runner.invoke(main, ["token", "--rotate"])
    assert rotated.exit_code == 0
    new = rotated.stdout.strip()
    assert new != old
    assert runner.invoke(main, ["token"]).output.strip() == new
    assert "restart" in rotated.stderr


def test_serve_announces_address_token_and_extension(live_server):
    log = live_server.log()
    assert f"http://127.0.0.1:{live_server.port}/" in log
    assert live_server.token in log
    assert "extension" in log


def test_serve_on_a_busy_port_says_which_and_how_to_fix(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port), "--data-dir", str(tmp_path / "d"))
    assert result.returncode != 0
    error = result.stderr.strip().splitlines()
    assert len(error) == 1
    assert f"port {port}" in error[0] and "--port" in error[0]


def test_serve_refuses_a_public_address_without_the_flag(tmp_path):
    result = run_cli("serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 2
    assert "--allow-remote" in result.stderr


def test_serve_on_another_loopback_address_answers_to_that_name(server_factory):
    """`--host 127.0.0.2` is a loopback address; its own name is a Host the server accepts."""
    server = server_factory(None, "--host", "127.0.0.2").start()
    listed = requests.get(f"{server.url}/api/quotes", headers=server.headers, timeout=10)
    assert listed.status_code == 200, listed.text
    other = {**server.headers, "Host": f"rebound.example:{server.port}"}
    assert requests.get(f"{server.url}/api/quotes", headers=other, timeout=10).status_code == 403


def test_help_lists_the_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "token", "extract"):
        assert command in result.output
    serve_help = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "--port" in serve_help and "--data-dir" in serve_help


def test_a_rebuild_on_start_reports_its_progress(data_dir):
    # What an upgrade to a new index version does on the first `quotebank serve`.
    with QuoteBank(data_dir, extractor=StubExtractor()) as bank:
        seed(bank, 7)
    (paths.index_path(data_dir) / VERSION_FILE).write_text("quotebank-index-0\n")
    seen: list[int] = []
    app = create_app(
        {"DATA_DIR": str(data_dir), "BACKGROUND": False, "INDEX_PROGRESS": seen.append}
    )
    try:
        assert sum(seen) == 7
        assert app.extensions["quotebank"].rebuilt_on_open
    finally:
        close_app(app)


def test_the_rebuild_progress_bar_appears_only_when_a_rebuild_reports(data_dir):
    with QuoteBank(data_dir, extractor=StubExtractor()) as bank:
        seed(bank, 3)
    progress = RebuildProgress(data_dir, quiet=True)
    progress.close()  # nothing reported: no bar was made
    assert progress._bar is None
    progress(2)
    bar = progress._bar
    progress(1)
    assert progress._bar is bar and bar.total == 3  # one bar, over every quote
    progress.close()
