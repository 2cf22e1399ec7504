"""A damaged, missing or emptied database: every command names the file and what to do (no
traceback), nothing writes into it, a store that existed is never replaced by an empty one, and
`quotebank doctor --recover` saves what can be read into a new file, keeping the old one."""

import hashlib
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.bank import QuoteBank
from indexer.errors import DamagedStore
from indexer.store import Store
from server.cli import main
from tests.factories import StubExtractor, make_quote

PAGE = 4096


def _database(folder):
    return folder / "quotebank.sqlite3"


@pytest.fixture
def store_folder(data_dir):
    """A data folder with 300 quotes (dozens of pages), closed cleanly."""
    note = "a note long enough to spread the quotes over many pages " * 3
    records = [
        make_quote(text=f"Quote {n:03d} about patient gardens.", note=note) for n in range(300)
    ]
    with QuoteBank(data_dir, extractor=StubExtractor()) as bank:
        bank.import_records(records)
    return data_dir


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damage(path, kind: str) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        if kind == "truncated":
            handle.truncate(size // 2)
        elif kind == "bad header":
            handle.write(b"Not a database!!")
        elif kind == "garbage":
            handle.write(os.urandom(size))
        elif kind == "one bad page":
            # The page that holds quote 150: a page of the quotes table, whatever the layout.
            offset = path.read_bytes().index(b"Quote 150 about")
            handle.seek(offset - offset % PAGE)
            handle.write(b"\xa5" * PAGE)


KINDS = ["truncated", "bad header", "garbage", "one bad page"]
COMMANDS = [
    ["search", "gardens"],
    ["export"],
    ["reindex", "-q"],
    ["add", "--text", "x", "--url", "https://e.org/"],
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_command_names_the_damaged_file_and_writes_nothing(store_folder, kind):
    path = _database(store_folder)
    _damage(path, kind)
    before = _digest(path)
    runner = CliRunner()
    for command in COMMANDS:
        result = runner.invoke(main, command)
        assert result.exit_code == 1, (command, result.output)
        assert str(path) in result.output and "damaged" in result.output, result.output
        assert "quotebank doctor --recover" in result.output
        assert "Traceback" not in result.output
    assert _digest(path) == before  # nothing wrote into it


def test_serve_refuses_a_damaged_page_with_one_line(store_folder):
    path = _database(store_folder)
    _damage(path, "one bad page")
    before = _digest(path)
    result = CliRunner().invoke(main, ["serve", "--port", "1"])
    assert result.exit_code == 1
    assert "damaged" in result.output and str(path) in result.output
    assert "Traceback" not in result.output
    assert _digest(path) == before


def test_a_missing_database_whose_index_is_there_is_not_replaced(store_folder):
    path = _database(store_folder)
    path.unlink()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["search", "gardens"])
    assert result.exit_code == 1
    assert "missing" in result.output and "a store existed" in result.output
    assert not path.exists()  # no empty store was made in its place


def test_a_zero_byte_database_is_not_taken_for_a_new_store(store_folder):
    path = _database(store_folder)
    path.write_bytes(b"")
    result = CliRunner().invoke(main, ["add", "--text", "x", "--url", "https://e.org/"])
    assert result.exit_code == 1
    assert "empty (0 bytes)" in result.output
    assert path.stat().st_size == 0


def test_a_new_folder_still_starts_an_empty_store(data_dir):
    result = CliRunner().invoke(main, ["search", "anything"])
    assert result.exit_code == 0, result.output


def test_damage_found_while_running_stops_every_write(app, client):
    for number in range(30):
        text = f"Quote {number} " + "with enough words to fill pages " * 10
        assert (
            client.post("/api/quotes", json={"text": text, "url": "https://e.org/"}).status_code
            == 201
        )
    path = _database(Path(app.config["DATA_DIR"]))
    store: Store = app.extensions["quotebank"].store
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = path.stat().st_size // PAGE
    with path.open("r+b") as handle:
        for page in range(2, pages):
            handle.seek(PAGE * page)
            handle.write(b"\xa5" * PAGE)
    answers = {}

    def in_a_new_thread(name, call):
        # A new thread gets a new connection, with no pages cached from before the damage.
        thread = threading.Thread(target=lambda: answers.__setitem__(name, call()))
        thread.start()
        thread.join(30)

    in_a_new_thread("read", lambda: client.get("/api/quotes?limit=500"))
    assert answers["read"].status_code == 503
    assert answers["read"].json["error"]["code"] == "store_damaged"
    before = _digest(path)
    capture = {"text": "After the damage", "url": "https://e.org/"}
    in_a_new_thread("write", lambda: client.post("/api/quotes", json=capture))
    assert answers["write"].status_code == 503
    assert "quotebank doctor --recover" in answers["write"].json["error"]["message"]
    assert _digest(path) == before
    with pytest.raises(DamagedStore):
        store.insert_capture({"text": "x", "url": "https://e.org/"}, "https://e.org/")


def test_doctor_says_whole_or_damaged(store_folder):
    runner = CliRunner()
    result = runner.invoke(main, ["doctor"])
    assert result.exit_code == 0 and "is whole" in result.output
    _damage(_database(store_folder), "one bad page")
    result = runner.invoke(main, ["doctor"])
    assert result.exit_code == 1 and "doctor --recover" in result.output


def test_doctor_recover_saves_the_readable_quotes_and_keeps_the_damaged_file(store_folder):
    path = _database(store_folder)
    _damage(path, "one bad page")
    damaged = _digest(path)
    result = CliRunner().invoke(main, ["doctor", "--recover"])
    assert result.exit_code == 0, result.output
    kept = list(store_folder.glob("quotebank.damaged-*.sqlite3"))
    assert len(kept) == 1 and _digest(kept[0]) == damaged  # the old file, untouched
    with sqlite3.connect(path) as conn:
        saved = conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 200 <= saved < 300  # what one bad page held is lost, the rest is saved
    # The recovered store opens and searches (the index is rebuilt from it).
    with QuoteBank(store_folder, extractor=StubExtractor()) as bank:
        assert bank.store.count() == saved
        assert bank.search("gardens")[0] == saved


def test_doctor_recover_leaves_an_unreadable_file_as_it_was(store_folder):
    path = _database(store_folder)
    _damage(path, "bad header")
    before = _digest(path)
    result = CliRunner().invoke(main, ["doctor", "--recover"])
    assert result.exit_code == 1
    assert _digest(path) == before
    assert not list(store_folder.glob("quotebank.recovered-*"))
