"""Every fixture file through reader and preparation: every field as expected; and the BBC corpus."""

from __future__ import annotations

import pytest

from tests.articles_support import (
    BBC_PATTERN,
    bbc_files,
    expectations,
    fixture_files,
    prepared_fixtures,
    read_fixture,
)
from transforms.articles.duplicates import DuplicateIndex
from transforms.articles.model import ArticleRecord, RecordReject
from transforms.articles.paths import path_fields
from transforms.articles.prepare import NoTextError, body_tone, prepare_article
from transforms.articles.readers import read_articles
from transforms.articles.roles import BODY, TITLE
from transforms.cleaning import clean_text
from transforms.paragraphs import split_paragraphs
from transforms.sentiment import score_paragraph

FIELDS = ("title", "language", "published_at", "source", "section", "url", "authors", "encoding")


@pytest.mark.parametrize("expected", expectations(), ids=lambda e: e["source_path"])
def test_fixture_article_fields(expected):
    article = prepared_fixtures()[expected["source_path"]]
    for name in FIELDS:
        if name in expected:
            value = getattr(article, name)
            if name == "published_at":
                value = value.isoformat() if value else None
            if name == "authors":
                value = list(value)
            assert value == expected[name], name
    for note in expected.get("notes", ()):
        assert note in article.notes
    if "roles" in expected:
        assert list(article.roles) == expected["roles"]
    if "dateline" in expected:
        assert article.dateline == expected["dateline"]
    assert article.paragraphs[0] == expected["title"]
    assert article.roles[0] == TITLE
    assert article.language_confidence >= 0.9
    assert article.n_words > 0
    assert article.n_chars == sum(len(p) for p in article.body)
    assert len(article.paragraphs) == len(article.roles) == len(article.paragraph_languages)


def test_every_fixture_file_gives_articles_or_named_rejects():
    total = rejected = 0
    for rel in fixture_files():
        for result in read_fixture(rel):
            total += 1
            assert result.source_path.startswith(rel)
            if isinstance(result, RecordReject):
                rejected += 1
                assert result.reason
    # cookie wall, bad feed item, malformed line, record without text: plain and gzip each.
    assert rejected == 8
    assert total - rejected == 2 * len(expectations())


def test_gzip_records_are_the_same_documents_under_their_own_path():
    prepared = prepared_fixtures()
    plain = prepared["jsonl/newspaper.jsonl#line=2"]
    packed = prepared["jsonl/newspaper.jsonl.gz#line=2"]
    assert plain.text_sha256 == packed.text_sha256
    assert plain.doc_id != packed.doc_id


def test_record_source_paths_carry_position_or_id():
    paths = set(prepared_fixtures())
    assert "jsonl/newsplease.jsonl#line=14" in paths
    assert "json/feed.json#item=2" in paths
    assert "html/harbour-storm.html" in paths


def test_title_from_metadata_is_paragraph_zero_once():
    article = prepared_fixtures()["html/harbour-storm.html"]
    assert article.paragraphs.count(article.title) == 1
    assert "title_in_text" in article.notes
    record = prepared_fixtures()["jsonl/newsplease.jsonl#line=2"]
    assert record.paragraphs[0] == record.title
    assert record.roles[1:] == (BODY,) * (len(record.roles) - 1)


def test_whitespace_only_record_text_cannot_be_prepared():
    record = ArticleRecord("f.jsonl#line=1", "jsonl", " \u200b \n ", "h", 3)
    with pytest.raises(NoTextError):
        prepare_article(record)


def test_body_tone_leaves_the_title_out():
    article = prepared_fixtures()["jsonl/newsplease.jsonl#line=1"]
    sentiments = [score_paragraph(p) for p in article.paragraphs]
    tone = body_tone(article, sentiments)
    body_scores = [s.compound for s, r in zip(sentiments, article.roles, strict=True) if r == BODY]
    assert tone.body.mean == pytest.approx(sum(body_scores) / len(body_scores))
    assert tone.title == sentiments[0].compound
    german = prepared_fixtures()["jsonl/newsplease.jsonl#line=2"]
    assert body_tone(german, [None] * len(german.paragraphs)).body is None


@pytest.mark.skipif(not bbc_files(), reason="the BBC corpus is not beside the repository")
def test_bbc_titles_sections_and_copies():
    """Every article's title is its first line (as cleaned), its section is read from the file
    name, it and each of its paragraphs are English, and the 98 byte-identical copies carry
    `duplicate_of`."""
    index = DuplicateIndex()
    copies = 0
    for path in bbc_files():
        raw = path.read_bytes()
        (record,) = read_articles(path.name, raw)
        fields = path_fields(path.name, BBC_PATTERN)
        article = prepare_article(record, fields)
        headline = split_paragraphs(clean_text(raw.decode("utf-8")).text)[0]
        assert article.title == headline, path.name
        assert article.roles[0] == TITLE and set(article.roles[1:]) == {BODY}, path.name
        assert (article.source, article.section) == ("bbc", path.name.split("_")[1])
        assert article.published_at is None
        assert article.language == "en", path.name
        assert set(article.paragraph_languages) == {"en"}, path.name
        verdict = index.observe(article.doc_id, article.source_path, article.text_sha256, None)
        copies += verdict.duplicate_of is not None
    assert copies == 98
