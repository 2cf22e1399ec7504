"""A full disk: captures get 507 with a JSON error saying so, nothing is half-written, and the
server still stops cleanly."""

import base64
import os
import subprocess

import pytest
import requests

CAPTURE = {"text": "A sentence for a full disk", "url": "https://example.org/full"}


def _incompressible_html(size: int) -> str:
    # base64 of random bytes: zlib cannot shrink it much, so it really needs the space.
    return "<p>" + base64.b64encode(os.urandom(size * 3 // 4)).decode() + "</p>"


def test_a_full_database_answers_507_in_json(app, client):
    assert client.post("/api/quotes", json=CAPTURE).status_code == 201
    conn = app.extensions["quotebank"].store.conn  # this thread's connection: the client's too
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now fails as on a full disk
    capture = {**CAPTURE, "text": "Another one", "html": _incompressible_html(2_000_000)}
    response = client.post("/api/quotes", json=capture)
    assert response.status_code == 507
    error = response.json["error"]
    assert error["code"] == "disk_full"
    assert "the disk is full" in error["message"]
    assert client.get("/api/quotes").json["total"] == 1  # nothing half-written; reads still work


@pytest.fixture
def tiny_disk(tmp_path):
    """A 4 MB tmpfs: a real full disk (ENOSPC). Needs root, as CI and the dev machines have."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_real_server_on_a_full_disk_answers_507_and_stops_cleanly(
    server_factory, tiny_disk, tmp_path
):
    server = server_factory(tiny_disk / "data")
    server.log_path = tmp_path / "server.log"  # not on the full disk
    server.start()
    statuses = []
    for number in range(40):  # 40 x 300 KB is three times the disk
        capture = {**CAPTURE, "text": f"Quote {number}", "html": _incompressible_html(300_000)}
        response = requests.post(
            f"{server.url}/api/quotes", json=capture, headers=server.headers, timeout=30
        )
        statuses.append(response.status_code)
        if response.status_code != 201:
            break
    assert statuses[0] == 201 and statuses[-1] == 507, statuses
    error = response.json()["error"]
    assert error["code"] == "disk_full" and "the disk is full" in error["message"]
    saved = requests.get(f"{server.url}/api/quotes", headers=server.headers, timeout=30).json()
    assert saved["total"] == statuses.count(201)
    assert server.stop() == 0
    log = server.log()
    assert "Stopped cleanly." in log
    assert "Traceback" not in log
