"""The index against crashes, damage and concurrency: SQLite is the record, the index follows."""

import multiprocessing
import os
import sqlite3
import threading
import traceback
from pathlib import Path

import pytest

from indexer import paths
from indexer.bank import QuoteBank
from indexer.index import VERSION_FILE, IndexLock, QuoteIndex, build_index
from indexer.store import Store
from tests.factories import StubExtractor, make_quote, seed


def open_bank(folder: Path, **options) -> QuoteBank:
    return QuoteBank(folder, extractor=StubExtractor(), **options)


def queued_jobs(folder: Path) -> int:
    with sqlite3.connect(paths.database_path(folder)) as conn:
        return conn.execute("SELECT count(*) FROM index_jobs").fetchone()[0]


def index_files(folder: Path) -> list[Path]:
    return sorted(paths.index_path(folder).iterdir())


def store_without_indexing(folder: Path, n: int) -> list[str]:
    """What a crash right after COMMIT leaves: rows and their index jobs, no index update."""
    store = Store(paths.database_path(folder))
    try:
        ids = []
        for _ in range(n):
            capture = make_quote(html=None, title=None, context=None)
            quote, _ = store.insert_capture(capture, capture["url"])
            ids.append(quote["id"])
        return ids
    finally:
        store.close()


# -- crash between store and index ------------------------------------------------------------


def test_rows_stored_but_not_indexed_are_indexed_on_reopen(data_dir):
    with open_bank(data_dir) as bank:
        seed(bank, 2)
    store_without_indexing(data_dir, 3)
    assert queued_jobs(data_dir) == 3
    with open_bank(data_dir) as bank:
        assert bank.search("resilient")[0] == 5
        assert bank.index.doc_count() == 5
    assert queued_jobs(data_dir) == 0


def test_a_crash_after_the_index_commit_but_before_the_jobs_are_cleared_adds_no_duplicate(
    data_dir,
):
    with open_bank(data_dir) as bank:
        [quote] = seed(bank, 1)
        bank.store.update(quote["id"], {"note": "lighthouse"})  # queued, not yet applied
        with bank.index.exclusive(1.0):
            bank.index.apply([bank.store.get(quote["id"])])  # applied, job not cleared: "crash"
    # close() applied the job again: still one document, with the note.
    with open_bank(data_dir) as bank:
        assert bank.search("lighthouse")[0] == 1
        assert bank.index.doc_count() == 1


def test_the_server_mode_indexes_leftovers_in_the_background(data_dir):
    store_without_indexing(data_dir, 3)
    with open_bank(data_dir, background=True) as bank:
        deadline = 200
        while bank.status()["pending_index"] and deadline:
            threading.Event().wait(0.05)
            deadline -= 1
        assert bank.search("resilient")[0] == 3


# -- a missing or damaged index ---------------------------------------------------------------


def _remove_folder(folder: Path) -> None:
    for path in index_files(folder):
        path.unlink()
    paths.index_path(folder).rmdir()


def _empty_folder(folder: Path) -> None:
    for path in index_files(folder):
        path.unlink()


def _garbage_everywhere(folder: Path) -> None:
    for path in index_files(folder):
        path.write_bytes(os.urandom(200) + b"\x00garbage" * 64)


def _garbage_toc(folder: Path) -> None:
    for path in index_files(folder):
        if path.suffix == ".toc":
            path.write_bytes(b"\x00garbage" * 64)


def _garbage_segments(folder: Path) -> None:
    for path in index_files(folder):
        if path.suffix in (".trm", ".pst", ".col"):
            path.write_bytes(os.urandom(path.stat().st_size or 16))


def _truncated_segments(folder: Path) -> None:
    for path in index_files(folder):
        if path.suffix in (".trm", ".pst"):
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _one_segment_file_lost(folder: Path) -> None:
    [postings, *_] = [path for path in index_files(folder) if path.suffix == ".pst"]
    postings.unlink()


def _other_version(folder: Path) -> None:
    (paths.index_path(folder) / VERSION_FILE).write_text("quotebank-index-0\n")


@pytest.mark.parametrize(
    "damage",
    [
        _remove_folder,
        _empty_folder,
        _garbage_everywhere,
        _garbage_toc,
        _garbage_segments,
        _truncated_segments,
        _one_segment_file_lost,
        _other_version,
    ],
)
def test_a_missing_or_damaged_index_is_rebuilt_on_open(data_dir, damage):
    with open_bank(data_dir) as bank:
        seed(bank, 6)
    damage(data_dir)
    with open_bank(data_dir) as bank:
        assert bank.rebuilt_on_open
        assert bank.search("resilient")[0] == 6
        assert bank.index.doc_count() == 6
        seed(bank, 1)  # and it takes new quotes
        assert bank.search("resilient")[0] == 7


def test_an_index_out_of_step_with_the_database_is_rebuilt_on_open(data_dir):
    with open_bank(data_dir) as bank:
        quotes = seed(bank, 4)
    with sqlite3.connect(paths.database_path(data_dir)) as conn:  # rows deleted behind our back
        conn.execute("DELETE FROM quotes WHERE id = ?", (quotes[0]["id"],))
    with open_bank(data_dir) as bank:
        assert bank.rebuilt_on_open
        assert bank.search("resilient")[0] == 3


def test_damage_found_while_running_is_healed_by_a_rebuild(data_dir, caplog):
    with open_bank(data_dir) as bank:
        seed(bank, 5)
        for path in index_files(data_dir):  # same files, overwritten under the open readers
            if path.suffix in (".pst", ".trm"):
                with path.open("r+b") as file:
                    file.write(os.urandom(path.stat().st_size))
        assert bank.search("resilient")[0] == 5
        assert "rebuilding it from the database" in caplog.text
        assert bank.search("resilient")[0] == 5


def test_leftovers_of_a_crashed_rebuild_are_removed(data_dir):
    with open_bank(data_dir) as bank:
        seed(bank, 2)
        leftover = paths.index_path(data_dir).with_name("index.building-deadbeef")
        leftover.mkdir()
        (leftover / "junk").write_text("x")
        assert bank.reindex() == 2
        assert not leftover.exists()


# -- rebuilding -------------------------------------------------------------------------------


def test_reindex_reports_progress_and_keeps_every_quote(data_dir):
    with open_bank(data_dir) as bank:
        seed(bank, 12)
        seen = []
        assert bank.reindex(progress=seen.append) == 12
        assert sum(seen) == 12
        assert bank.search("resilient")[0] == 12
        assert bank.status()["pending_index"] == 0


def test_another_bank_keeps_searching_through_a_rebuild_and_sees_the_new_index(data_dir):
    with open_bank(data_dir) as first, open_bank(data_dir) as second:
        seed(first, 3)
        assert second.search("resilient")[0] == 3
        old_folder_id = os.stat(paths.index_path(data_dir)).st_ino
        first.reindex()
        assert os.stat(paths.index_path(data_dir)).st_ino != old_folder_id
        seed(first, 1)
        assert second.search("resilient")[0] == 4
        seed(second, 1)
        assert first.search("resilient")[0] == 5


def test_changes_stored_during_a_rebuild_are_indexed_after_it(data_dir):
    with open_bank(data_dir) as bank:
        seed(bank, 3)
        late: list[str] = []

        def progress(_: int) -> None:
            if not late:  # another process stores a quote while the build runs
                late.extend(store_without_indexing(data_dir, 1))

        bank.reindex(progress=progress)
        assert bank.search("resilient")[0] == 4
        assert queued_jobs(data_dir) == 0


# -- concurrency ------------------------------------------------------------------------------


def test_concurrent_writers_from_threads_lose_nothing(data_dir):
    errors: list[BaseException] = []
    with open_bank(data_dir) as bank:

        def write(n: int) -> None:
            try:
                for _ in range(15):
                    quote, _ = bank.capture(make_quote(tags=[f"thread{n}"]))
                    bank.update(quote["id"], {"note": "edited"})
                    bank.search("resilient")
            except BaseException as error:  # reported below, with the thread's traceback
                errors.append(error)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert bank.status()["quotes"] == 60
        assert bank.search("edited")[0] == 60
        assert bank.index.doc_count() == 60
        assert all(bank.search(f"tag:thread{n}")[0] == 15 for n in range(4))
    assert queued_jobs(data_dir) == 0


def test_two_banks_in_one_process_share_the_folder(data_dir):
    with open_bank(data_dir) as first, open_bank(data_dir) as second:
        threads = [threading.Thread(target=seed, args=(bank, 10)) for bank in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert first.search("resilient")[0] == second.search("resilient")[0] == 20


def _capture_in_child(folder: str, n: int, tag: str, errors) -> None:
    try:
        with QuoteBank(Path(folder), extractor=StubExtractor()) as bank:
            for _ in range(n):
                bank.capture(make_quote(tags=[tag]))
    except BaseException:
        errors.put(traceback.format_exc())


def test_concurrent_writers_from_two_processes_lose_nothing(data_dir):
    with open_bank(data_dir):
        pass  # create the database and index once, as the first run would
    context = multiprocessing.get_context("spawn")
    errors = context.Queue()
    children = [
        context.Process(target=_capture_in_child, args=(str(data_dir), 25, tag, errors))
        for tag in ("left", "right")
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
    assert [child.exitcode for child in children] == [0, 0]
    assert errors.empty(), errors.get()
    assert queued_jobs(data_dir) == 0  # every row was indexed by one process or the other
    with sqlite3.connect(paths.database_path(data_dir)) as conn:
        assert conn.execute("SELECT count(*) FROM quotes").fetchone()[0] == 50
    with open_bank(data_dir) as bank:
        assert not bank.rebuilt_on_open
        assert bank.search("tag:left")[0] == bank.search("tag:right")[0] == 25
        assert bank.index.doc_count() == 50


def test_a_busy_index_leaves_the_jobs_queued_without_failing_the_capture(data_dir, monkeypatch):
    monkeypatch.setattr("indexer.pipeline.INLINE_LOCK_WAIT", 0.1)
    with open_bank(data_dir) as bank:
        seed(bank, 1)
        other_process = IndexLock(paths.index_path(data_dir))  # its own file handle
        with other_process.hold(1.0):
            quote, created = bank.capture(make_quote(text="Captured while the index was busy."))
            assert created and bank.get(quote["id"])["text"].startswith("Captured")
            assert queued_jobs(data_dir) == 1
            assert bank.search("busy")[0] == 0
        bank.capture(make_quote())  # the next writer applies everybody's jobs
        assert bank.search("busy")[0] == 1
        assert queued_jobs(data_dir) == 0


def test_apply_refuses_to_run_without_the_lock(data_dir):
    with open_bank(data_dir) as bank, pytest.raises(RuntimeError):
        bank.index.apply([], ["x"])


def test_the_index_stores_only_the_id(data_dir):
    with open_bank(data_dir) as bank:
        seed(bank, 1, note="private words")
        index: QuoteIndex = bank.index
        with index._read_lock:
            reader = index._current().reader()
            assert next(iter(reader.all_stored_fields())).keys() == {"id"}


def test_a_search_that_catches_another_process_mid_swap_waits_and_reads_the_new_index(
    data_dir, caplog
):
    with open_bank(data_dir) as bank:
        seed(bank, 3)
        caplog.clear()
        other_process = IndexLock(paths.index_path(data_dir))
        answers: list[int] = []
        with other_process.hold(1.0):
            # The other process has renamed the old folder away and not yet renamed the new one.
            paths.index_path(data_dir).rename(data_dir / "index.old-12345678")
            searcher = threading.Thread(target=lambda: answers.append(bank.search("resilient")[0]))
            searcher.start()
            searcher.join(0.3)
            assert searcher.is_alive()  # waiting for the lock, not rebuilding
            build_index(paths.index_path(data_dir), bank.store.iter_all(), lambda _: None)
        searcher.join(10)
        assert answers == [3]
        assert "rebuilding" not in caplog.text


def test_a_large_rebuild_is_written_by_child_processes_and_joined(data_dir, monkeypatch):
    monkeypatch.setattr("indexer.pipeline.PARALLEL_FROM", 10)
    monkeypatch.setattr("indexer.pipeline.os.cpu_count", lambda: 2)
    with open_bank(data_dir) as bank:
        quotes = seed(bank, 30)
        seen: list[int] = []
        assert bank.reindex(progress=seen.append) == 30
        assert sum(seen) == 30
        names = {path.name.split(".")[0] for path in index_files(data_dir)}
        assert len({name for name in names if name.startswith("MAIN_")} - {"MAIN_WRITELOCK"}) == 2
        assert bank.search("resilient")[0] == 30
        bank.delete(quotes[0]["id"])  # and the joined index takes changes
        bank.update(quotes[1]["id"], {"note": "lighthouse"})
        assert bank.search("resilient")[0] == 29 and bank.search("lighthouse")[0] == 1
    assert not list(data_dir.glob("index.building-*"))


def test_a_bulk_import_is_indexed_by_a_rebuild(data_dir, monkeypatch, caplog):
    monkeypatch.setattr("indexer.bank.BULK_REBUILD_FROM", 10)
    records = [
        {"id": q["id"], "text": q["text"], "url": q["url"]}
        for q in (make_quote() for _ in range(25))
    ]
    with open_bank(data_dir) as bank:
        seed(bank, 2)
        folder_before = os.stat(paths.index_path(data_dir)).st_ino
        assert bank.import_records(records).added == 25
        assert os.stat(paths.index_path(data_dir)).st_ino != folder_before  # rebuilt
        assert bank.search("resilient")[0] == 27
        assert bank.import_records(records[:3]).skipped == 3


def test_quotes_stored_before_a_failing_import_are_indexed(data_dir):
    def records():
        for quote in (make_quote() for _ in range(3)):
            yield {"id": quote["id"], "text": quote["text"], "url": quote["url"]}
        raise ValueError("the file is broken here")

    with open_bank(data_dir) as bank:
        with pytest.raises(ValueError):
            bank.import_records(records())
        # one batch: nothing was stored; the generator broke before the batch was complete
        assert bank.status()["quotes"] == bank.index.doc_count()


def test_commits_never_merge_the_large_segments_of_a_rebuild(data_dir, monkeypatch):
    monkeypatch.setattr("indexer.index.building.LARGE_SEGMENT", 5)

    def segment_ids(bank: QuoteBank) -> set[str]:
        with bank.index._read_lock:
            reader = bank.index._current().reader()
            return {leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()}

    with open_bank(data_dir) as bank:
        seed(bank, 6)
        bank.reindex()
        [large] = segment_ids(bank)
        for _ in range(12):  # one commit each: Whoosh would merge everything by now
            seed(bank, 1)
        assert large in segment_ids(bank) and len(segment_ids(bank)) < 12
        assert bank.search("resilient")[0] == 18


def test_segment_names_do_not_repeat_when_the_global_random_is_reseeded(data_dir):
    """Whoosh names segments with the global `random`; reseeded (as hypothesis does per
    example), every commit once reused one name and overwrote the previous segment's files."""
    import random

    with open_bank(data_dir) as bank:
        for n in range(4):
            random.seed(1234)
            bank.capture(make_quote(text=f"Segment check number{n} here", html=None))
        assert bank.search("segment")[0] == 4
        assert {bank.search(f"number{n}")[0] for n in range(4)} == {1}
