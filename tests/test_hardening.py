"""Small defences found by attacking the server from outside: the token file and what other
sites can load."""

import logging
import os
import subprocess
import sys

import pytest

from server import tokens

STATIC = ["/static/favicon.svg", "/static/css/page.css", "/static/js/main.js", "/static/error.css"]


@pytest.mark.parametrize("path", [*STATIC, "/", "/api/health", "/twitter-text/tlds.txt"])
def test_nothing_loads_cross_origin(anon_client, path):
    response = anon_client.get(path)
    assert response.status_code == 200, path
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_errors_carry_the_resource_policy_too(anon_client):
    response = anon_client.get("/static/nothing-here.css")
    assert response.status_code == 404
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_a_world_readable_token_file_is_made_private_with_a_warning(data_dir, caplog):
    first = tokens.load_or_create(data_dir)
    path = data_dir / "token"
    os.chmod(path, 0o644)
    with caplog.at_level(logging.WARNING, logger="quotebank"):
        again = tokens.load_or_create(data_dir)
    assert again == first  # the same token: only its mode was wrong
    assert path.stat().st_mode & 0o777 == 0o600
    assert "readable by others" in caplog.text and "--rotate" in caplog.text


def test_a_private_token_file_loads_without_a_word(data_dir, caplog):
    tokens.load_or_create(data_dir)
    with caplog.at_level(logging.WARNING, logger="quotebank"):
        tokens.load_or_create(data_dir)
    assert caplog.text == ""


def test_a_short_token_is_replaced_aloud(data_dir, caplog):
    path = data_dir / "token"
    path.write_text("short\n")
    with caplog.at_level(logging.WARNING, logger="quotebank"):
        token = tokens.load_or_create(data_dir)
    assert token != "short" and len(token) >= tokens.MIN_LENGTH
    assert path.read_text().strip() == token
    assert "too short" in caplog.text and "a new one was made" in caplog.text


def test_the_token_command_says_when_it_fixed_the_mode(data_dir):
    command = [sys.executable, "-m", "server", "token", "--data-dir", str(data_dir)]
    first = subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    os.chmod(data_dir / "token", 0o604)
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == first
    assert "readable by others" in result.stderr
    assert (data_dir / "token").stat().st_mode & 0o777 == 0o600
