"""Shared helpers for the article tests: the fixtures and the BBC corpus beside the repository."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from transforms.articles.model import ArticleRecord, RecordReject
from transforms.articles.paths import parse_patterns, path_fields
from transforms.articles.prepare import PreparedArticle, prepare_article
from transforms.articles.readers import read_articles

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
BBC = ROOT.parent / "shared" / "corpora" / "bbc"
BBC_PATTERN = parse_patterns("{source}_{section}_{n}.txt")


def fixture_files() -> list[str]:
    """Every article fixture, relative to the fixtures folder (the builder's own files aside)."""
    skipped = {"build.py", "texts.py", "expected.json"}
    return sorted(
        p.relative_to(FIXTURES).as_posix()
        for p in FIXTURES.rglob("*")
        if p.is_file() and p.name not in skipped and "__pycache__" not in p.parts
    )


def read_fixture(rel: str) -> list[ArticleRecord | RecordReject]:
    return list(read_articles(rel, (FIXTURES / rel).read_bytes()))


@cache
def prepared_fixtures() -> dict[str, PreparedArticle]:
    """Every fixture article prepared, by source path (gzip copies included)."""
    prepared = {}
    for rel in fixture_files():
        for result in read_fixture(rel):
            if isinstance(result, ArticleRecord):
                prepared[result.source_path] = prepare_article(result, path_fields(rel))
    return prepared


@cache
def expectations() -> list[dict]:
    return json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def bbc_files() -> list[Path]:
    return sorted(BBC.glob("bbc_*.txt")) if BBC.is_dir() else []
