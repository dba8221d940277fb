"""Shared fixtures: the bundled corpus, the gold labels beside the project, a fresh store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "pledgewatch" / "data" / "corpus"
GOLD = Path(os.environ.get("PLEDGEWATCH_GOLD", ROOT.parent / "shared" / "gold"))


@pytest.fixture
def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture
def gold_dir() -> Path:
    if not GOLD.is_dir():
        pytest.fail(f"gold labels not found at {GOLD}; set PLEDGEWATCH_GOLD")
    return GOLD


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"
