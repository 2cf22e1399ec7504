"""The first run as `make run` does it: every command the app prints works as printed, and a new
data folder's start says what happens without anything that reads like an error."""

import html
import logging
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from indexer.bank import QuoteBank
from tests.support.server import free_port

VENV_SCRIPT = Path(sys.executable).parent / "quotebank"  # what `make run` starts


def bare_path() -> str:
    """A PATH without this environment's bin/: as a shell is after `make run`."""
    keep = [p for p in os.environ["PATH"].split(os.pathsep) if Path(p) != VENV_SCRIPT.parent]
    return os.pathsep.join(keep)


@pytest.fixture
def served(tmp_path: Path):
    """`.venv/bin/quotebank serve` on a fresh folder, with the venv not on the PATH."""
    if not VENV_SCRIPT.is_file():
        pytest.skip("no quotebank script beside this Python (not an installed environment)")
    data, port, log = tmp_path / "data", free_port(), tmp_path / "serve.log"
    env = {**os.environ, "PATH": bare_path(), "PYTHONUNBUFFERED": "1"}
    env.pop("QUOTEBANK_DATA_DIR", None)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(VENV_SCRIPT), "serve", "--port", str(port), "--data-dir", str(data)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + 60
        while "Press Ctrl-C" not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", data, log.read_text(), env
    finally:
        process.terminate()
        process.wait(30)


def run_printed(command: str, env: dict, data: Path) -> subprocess.CompletedProcess:
    """Run a command exactly as the app printed it (in the data folder's environment)."""
    return subprocess.run(
        shlex.split(command),
        env={**env, "QUOTEBANK_DATA_DIR": str(data)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_commands_printed_at_start_run_as_printed(served):
    _, data, output, env = served
    token = (data / "token").read_text().strip()
    (line,) = [line for line in output.splitlines() if line.strip().startswith("commands:")]
    printed = re.findall(r"\(e\.g\. (.+)\)", line)[0]
    result = run_printed(printed, env, data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == token
    help_command = line.split("commands:", 1)[1].split("  (", 1)[0].strip()
    assert "Usage:" in run_printed(help_command, env, data).stdout


def test_the_token_hint_of_a_401_runs_as_printed(served):
    url, data, _, env = served
    message = requests.get(f"{url}/api/status", timeout=10).json()["error"]["message"]
    printed = re.findall(r"run '([^']+)' to see it", message)[0]
    assert printed != "quotebank token"  # the venv is not on this PATH
    result = run_printed(printed, env, data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (data / "token").read_text().strip()


def test_the_rotate_hint_runs_as_printed(tmp_path: Path):
    if not VENV_SCRIPT.is_file():
        pytest.skip("no quotebank script beside this Python")
    env = {**os.environ, "PATH": bare_path()}
    result = run_printed(f"{shlex.quote(str(VENV_SCRIPT))} token --rotate", env, tmp_path)
    printed = re.findall(r"restart '([^']+)'", result.stderr)[0]
    assert shlex.split(printed)[0] == str(VENV_SCRIPT)
    assert run_printed(printed.replace("serve", "--help"), env, tmp_path).returncode == 0


def test_the_bare_name_is_printed_when_the_path_finds_this_installation(tmp_path: Path):
    if not VENV_SCRIPT.is_file():
        pytest.skip("no quotebank script beside this Python")
    env = {**os.environ, "PATH": f"{VENV_SCRIPT.parent}{os.pathsep}{bare_path()}"}
    result = run_printed(f"{shlex.quote(str(VENV_SCRIPT))} token --rotate", env, tmp_path)
    assert "restart 'quotebank serve'" in result.stderr


def test_a_fresh_start_says_it_creates_the_index_and_nothing_like_an_error(served):
    _, _, output, _ = served
    assert "creating the search index" in output
    for alarming in ("Error", "error", "cannot", "FileNotFoundError", "WARNING", "rebuilding"):
        assert alarming not in output, output


def test_a_new_folder_logs_creating_not_rebuilding(tmp_path: Path, caplog):
    with caplog.at_level(logging.INFO, logger="indexer.bank"):
        QuoteBank.open(tmp_path / "new").close()
    assert [r.getMessage() for r in caplog.records] == [
        f"creating the search index in {tmp_path / 'new' / 'index'}"
    ]
    assert all(record.levelno == logging.INFO for record in caplog.records)


def test_the_page_names_the_command_as_it_runs_here(served):
    url, data, _, env = served
    page = requests.get(url + "/", timeout=10).text
    command = html.unescape(
        re.findall(r'<meta name="quotebank-command" content="([^"]*)">', page)[0]
    )
    assert f"<code>{html.escape(command)} search WORDS</code>" in page
    result = run_printed(f"{command} token", env, data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (data / "token").read_text().strip()
