"""Fixtures shared by every test. No test may touch the user's real data folder."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Point QUOTEBANK_DATA_DIR at a fresh temporary folder for every test."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("QUOTEBANK_DATA_DIR", str(folder))
    return folder
