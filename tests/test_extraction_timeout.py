"""PageExtractor: extraction in a reusable child process, cut short at its time limit."""

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from indexer.extraction import PageExtractor, PageInfo, extract_page

PAGES = Path(__file__).parent / "pages"
URL = "https://blog.quietbuild.dev/shipping-small/"
# Generous: the machine is shared, and a kill plus join take a moment. The point is that the
# call returns at the limit rather than when the page is done (several seconds later).
SLACK = 2.0


@pytest.fixture
def golden() -> bytes:
    return (PAGES / "ghost_blog.html").read_bytes()


def slow_page() -> str:
    """A page whose metadata is quick but whose article readability needs several seconds."""
    head = '<head><title>Slow page</title><meta property="og:title" content="Slow page"></head>'
    return f"<html>{head}<body>" + "<p>x</p>" * 200_000 + "</body></html>"


def timed(extractor: PageExtractor, html: str | bytes, url: str = URL) -> tuple[PageInfo, float]:
    start = time.monotonic()
    info = extractor.extract(html, url)
    return info, time.monotonic() - start


def test_same_result_as_in_process(golden):
    with PageExtractor(timeout=30) as extractor:
        assert extractor.extract(golden, URL) == extract_page(golden, URL)
        assert extractor.extract(golden.decode(), URL) == extract_page(golden, URL)


def test_the_child_starts_lazily_is_reused_and_restarts_after_close(golden):
    extractor = PageExtractor(timeout=30)
    assert extractor.child_pid is None
    extractor.extract(golden, URL)
    pid = extractor.child_pid
    assert pid is not None
    extractor.extract(golden, URL)
    assert extractor.child_pid == pid
    extractor.close()
    assert extractor.child_pid is None
    assert extractor.extract(golden, URL).complete
    extractor.close()
    extractor.close()  # closing twice is harmless


def test_over_the_limit_the_metadata_is_kept_without_text(golden):
    # The test hook holds the text back in the child: deterministic, whatever the machine's speed.
    with PageExtractor(timeout=1.0, text_delay=30) as extractor:
        assert extractor.start()  # the child's start is not part of the limit
        info, elapsed = timed(extractor, golden)
    assert elapsed < 1.0 + SLACK
    assert not info.complete
    assert info.text is None
    assert (info.title, info.author, info.site_name) == (
        "Shipping small",
        "Omar Khan",
        "Quiet Build",
    )
    assert info.metadata_found()


def test_a_really_slow_page_is_cut_short_and_the_child_replaced(golden):
    with PageExtractor(timeout=2.0) as extractor:
        assert extractor.start()
        first_child = extractor.child_pid
        info, elapsed = timed(extractor, slow_page())
        assert elapsed < 2.0 + SLACK
        assert not info.complete
        assert info.text is None
        assert info.title == "Slow page"  # the metadata came before the limit
        assert extractor.child_pid is None  # killed
        after = extractor.extract(golden, URL)
        assert after.complete and after.text
        assert extractor.child_pid not in (None, first_child)


def test_when_not_even_the_metadata_arrives_the_result_is_empty():
    html = "<html><body>" + "<div><p>words, words.</p></div>" * 300_000 + "</body></html>"
    with PageExtractor(timeout=0.05) as extractor:
        assert extractor.start()
        info, elapsed = timed(extractor, html)
    assert elapsed < 0.05 + SLACK
    assert info == PageInfo(complete=False)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_child_that_died_between_pages_is_replaced(golden):
    with PageExtractor(timeout=30) as extractor:
        extractor.extract(golden, URL)
        pid = extractor.child_pid
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while extractor.child_pid == pid and time.monotonic() < deadline:
            time.sleep(0.05)
        info = extractor.extract(golden, URL)
    assert info.complete and info.title == "Shipping small"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_child_that_dies_during_a_page_gives_an_incomplete_result(golden):
    with PageExtractor(timeout=30, text_delay=30) as extractor:
        assert extractor.start()
        pid = extractor.child_pid
        killer = threading.Timer(0.5, os.kill, (pid, signal.SIGKILL))
        killer.start()
        info, elapsed = timed(extractor, golden)
        killer.join()
    assert elapsed < 10
    assert not info.complete and info.text is None
    assert info.title == "Shipping small"


def test_threads_share_one_extractor_safely():
    names = ["ghost_blog", "wordpress_blog", "news_jsonld_graph", "intranet_wiki"]
    pages = {name: (PAGES / f"{name}.html").read_bytes() for name in names}
    expected = {
        name: extract_page(html, f"https://example.org/{name}") for name, html in pages.items()
    }
    with PageExtractor(timeout=30) as extractor, ThreadPoolExecutor(max_workers=4) as pool:
        jobs = {pool.submit(extractor.extract, html, f"https://example.org/{name}"): name
                for name in names * 2 for html in [pages[name]]}  # fmt: skip
        for job, name in jobs.items():
            assert job.result() == expected[name]


def test_a_page_that_exhausts_the_childs_memory_cap_is_incomplete_not_fatal(golden):
    psutil = pytest.importorskip("psutil")
    pytest.importorskip("resource")
    with PageExtractor(timeout=30) as probe:
        probe.start()
        baseline = psutil.Process(probe.child_pid).memory_info().vms
    # Room for a small page, not for the tree of a 10 MB one and readability's copies of it.
    html = "<html><head><title>Huge</title></head><body>"
    html += (
        "<div><p>Some words, long enough to be scored by readability as text.</p></div>" * 150_000
    )
    with PageExtractor(timeout=60, memory_limit=baseline + 120 * 1024**2) as extractor:
        info = extractor.extract(html + "</body></html>", URL)
        assert info.title == "Huge"
        assert not info.complete and info.text is None
        assert extractor.extract(golden, URL).complete  # the same child goes on
