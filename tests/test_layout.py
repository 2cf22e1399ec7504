"""The dependency rules of docs/architecture.md, checked on the source."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_roots(path: Path) -> set[str]:
    """The top-level packages a Python file imports."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def sources(*folders: str) -> list[Path]:
    found = [path for folder in folders for path in (ROOT / folder).rglob("*.py")]
    assert found, folders
    return found


def test_only_the_index_package_imports_whoosh():
    # Tests may: some compare our code with Whoosh's own.
    outside = [
        path.relative_to(ROOT)
        for path in sources("indexer", "server", "bench")
        if "whoosh" in imported_roots(path) and ROOT / "indexer" / "index" not in path.parents
    ]
    assert outside == []


def test_the_index_package_does_import_whoosh():
    # So that the test above is looking at the right files.
    assert any("whoosh" in imported_roots(path) for path in sources("indexer/index"))


def test_the_indexer_never_imports_flask_or_the_server():
    offending = [
        path.relative_to(ROOT)
        for path in sources("indexer")
        if imported_roots(path) & {"flask", "werkzeug", "server", "waitress"}
    ]
    assert offending == []
