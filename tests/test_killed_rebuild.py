"""A `quotebank reindex` killed with kill -9 leaves nothing running and nothing behind: its
children exit with it, and the next start removes its half-built folders."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil

from indexer import paths
from indexer.bank import QuoteBank
from indexer.index import IndexLock


def wait_until(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_the_next_start_removes_the_folders_of_a_killed_rebuild(data_dir: Path):
    QuoteBank.open(data_dir).close()
    index = paths.index_path(data_dir)
    leftovers = [
        index.with_name("index.building-0a1b2c3d-0"),
        index.with_name("index.building-0a1b2c3d-1"),
        index.with_name("index.old-9f8e7d6c"),
    ]
    for folder in leftovers:
        folder.mkdir()
        (folder / "_MAIN_1.toc").write_bytes(b"half written")
    with QuoteBank.open(data_dir) as bank:
        assert bank.index.doc_count() == 0
    assert [folder for folder in leftovers if folder.exists()] == []
    assert index.is_dir()


def test_a_start_leaves_the_folders_of_a_rebuild_that_is_running(data_dir: Path):
    QuoteBank.open(data_dir).close()
    index = paths.index_path(data_dir)
    building = index.with_name("index.building-12345678-0")
    building.mkdir()
    # Another process rebuilding holds the lock; a start must not delete its work.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import sys, time
                from pathlib import Path
                from indexer.index import IndexLock
                with IndexLock(Path({str(index)!r})).hold(5):
                    print("held", flush=True)
                    time.sleep(30)
            """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        QuoteBank.open(data_dir).close()
        assert building.is_dir()
    finally:
        holder.kill()
        holder.wait()
    assert IndexLock(index).path.exists()


CHILD_OF_CHILD = textwrap.dedent("""
    import multiprocessing, sys, time
    from indexer.pipeline import exit_with_parent

    def grandchild():
        exit_with_parent()
        time.sleep(120)

    if __name__ == "__main__":
        process = multiprocessing.get_context("spawn").Process(target=grandchild, daemon=True)
        process.start()
        print(process.pid, flush=True)
        time.sleep(120)
""")


def test_a_spawned_child_exits_when_its_parent_is_killed(tmp_path: Path):
    script = tmp_path / "parent.py"
    script.write_text(CHILD_OF_CHILD)
    parent = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    child = psutil.Process(int(parent.stdout.readline()))
    assert child.is_running()
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert wait_until(lambda: not child.is_running() or child.status() == psutil.STATUS_ZOMBIE)


REINDEX_IN_PARTS = textwrap.dedent("""
    import sys
    import indexer.pipeline
    from server.cli import main

    indexer.pipeline.PARALLEL_FROM = 10  # build in child processes, as from 10,000 quotes on
    main(["reindex", "--quiet", "--data-dir", sys.argv[1]])
""")


def test_kill_9_of_reindex_leaves_no_child_and_no_folder_after_the_next_start(tmp_path: Path):
    from tests.seed import generate

    data = tmp_path / "data"
    with QuoteBank.open(data) as bank:
        bank.import_records(generate(3_000))
    index = paths.index_path(data)
    reindex = subprocess.Popen([sys.executable, "-c", REINDEX_IN_PARTS, str(data)])
    parent = psutil.Process(reindex.pid)
    try:
        assert wait_until(lambda: any(index.parent.glob("index.building-*")))
        children = parent.children(recursive=True)
        assert children, "the rebuild ran in this process: nothing to test"
    finally:
        os.kill(reindex.pid, signal.SIGKILL)
        reindex.wait()

    def all_gone() -> bool:
        return all(
            not child.is_running() or child.status() == psutil.STATUS_ZOMBIE for child in children
        )

    assert wait_until(all_gone), [child.pid for child in children if child.is_running()]
    with QuoteBank.open(data) as bank:
        assert bank.index.doc_count() == 3_000
    assert list(index.parent.glob("index.building-*")) == []
    assert list(index.parent.glob("index.old-*")) == []
