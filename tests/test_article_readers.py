"""Readers: every file, record and line becomes an article or a reject that names it."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.articles_support import FIXTURES, fixture_files, read_fixture
from transforms.articles.compression import (
    CompressionError,
    chunked,
    gunzip,
    gunzip_chunks,
    inner_name,
    iter_lines,
)
from transforms.articles.jsonrecords import read_jsonl, record_hash
from transforms.articles.model import ArticleRecord, RecordReject
from transforms.articles.readers import (
    article_format,
    is_streamed,
    read_articles,
    stream_articles,
)


def articles(results):
    return [r for r in results if isinstance(r, ArticleRecord)]


def rejects(results):
    return [r for r in results if isinstance(r, RecordReject)]


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("a/b.txt", "txt"),
        ("b", "txt"),
        ("page.HTML", "html"),
        ("page.htm.gz", "html"),
        ("feed.json", "json"),
        ("feed.jsonl.gz", "jsonl"),
        ("feed.ndjson", "jsonl"),
        ("notes.md", "txt"),
    ],
)
def test_format_by_name_without_compression_suffix(path, fmt):
    assert article_format(path) == fmt
    assert is_streamed(path) == (fmt == "jsonl")


def test_inner_name_strips_only_compression():
    assert inner_name("x/feed.jsonl.gz") == "x/feed.jsonl"
    assert inner_name("x/feed.jsonl") == "x/feed.jsonl"


@pytest.mark.parametrize("rel", [f for f in fixture_files() if f.endswith(".gz")])
def test_gzip_copy_reads_like_the_original(rel):
    plain = read_fixture(rel.removesuffix(".gz"))
    packed = read_fixture(rel)
    assert len(plain) == len(packed)
    for a, b in zip(plain, packed, strict=True):
        assert type(a) is type(b)
        assert a.source_path.replace(".gz", "", 1) == b.source_path.replace(".gz", "", 1)
        if isinstance(a, ArticleRecord):
            assert (a.text, a.title, a.published_at, a.url) == (
                b.text,
                b.title,
                b.published_at,
                b.url,
            )


def test_malformed_jsonl_line_is_rejected_with_its_number_and_the_rest_read():
    results = read_fixture("jsonl/newsplease.jsonl")
    bad = [r for r in rejects(results) if "not valid JSON" in r.reason]
    assert len(bad) == 1
    assert bad[0].line == 11
    assert bad[0].source_path == "jsonl/newsplease.jsonl#line=11"
    assert "line 11" in bad[0].reason
    assert len(articles(results)) == 11


def test_record_without_text_is_rejected():
    results = read_fixture("jsonl/newsplease.jsonl")
    empty = [r for r in rejects(results) if "no article text" in r.reason]
    assert [r.line for r in empty] == [13]


def test_unparseable_date_is_null_with_a_note():
    record = next(r for r in articles(read_fixture("jsonl/newsplease.jsonl")) if r.key == "line=14")
    assert record.published_at is None
    assert "date_unparseable" in record.notes


def test_newsplease_fields():
    record = articles(read_fixture("jsonl/newsplease.jsonl"))[0]
    assert record.source_path == "jsonl/newsplease.jsonl#line=1"
    assert record.title == "Central bank holds rates as inflation cools"
    assert record.published_at.isoformat() == "2024-03-07T09:30:00+00:00"
    assert record.url == "https://www.wirewire.example/news/story-en-7"
    assert record.authors == ("Elena Varga", "Wire Desk")
    assert record.source == "www.wirewire.example"
    assert record.language_hint == "en"
    assert record.text.startswith("The Bank of Westmark kept")


def test_newspaper_fields_and_offset_dates_in_utc():
    record = articles(read_fixture("jsonl/newspaper.jsonl"))[1]
    assert record.language_hint == "it"
    assert record.published_at.isoformat() == "2024-03-10T10:15:00+00:00"
    assert record.authors == ("Redazione",)
    assert record.source == "https://www.corriere-laguna.example"


def test_feed_container_ids_and_html_content():
    results = read_fixture("json/feed.json")
    first, second = articles(results)
    assert first.source_path == "json/feed.json#item=1"
    assert first.record_id == "ledger-0001"
    assert first.source == "The Northern Ledger"
    assert first.section == "Business"
    assert second.published_at.isoformat() == "2024-03-19T08:00:00+00:00"
    assert "html_in_text" in second.notes
    assert "<p>" not in second.text
    assert "£400,000" in second.text
    (bad,) = rejects(results)
    assert bad.source_path == "json/feed.json#item=3"
    assert "not an article object" in bad.reason


def test_json_file_of_one_object_keeps_the_file_path():
    raw = json.dumps({"title": "A", "text": "Some text here."}).encode()
    (record,) = read_articles("one.json", raw)
    assert record.source_path == "one.json"
    assert record.key is None


def test_json_file_holding_json_lines_is_read_as_json_lines():
    raw = b'{"text": "first"}\n{"text": "second"}\n'
    results = list(read_articles("mislabelled.json", raw))
    assert [r.source_path for r in results] == [
        "mislabelled.json#line=1",
        "mislabelled.json#line=2",
    ]


def test_invalid_json_file_is_one_reject_with_line_and_column():
    (reject,) = read_articles("broken.json", b'{"text": "a",\n "title": }')
    assert isinstance(reject, RecordReject)
    assert reject.line == 2
    assert "not valid JSON" in reject.reason


def test_records_are_keyed_by_position_and_keep_their_id():
    raw = b'{"id": 7, "text": "a"}\n{"id": 7, "text": "b"}\n{"text": "c"}\n'
    results = list(read_articles("f.jsonl", raw))
    assert [r.source_path for r in results] == [
        "f.jsonl#line=1",
        "f.jsonl#line=2",
        "f.jsonl#line=3",
    ]
    assert [r.record_id for r in results] == ["7", "7", None]


def test_non_object_line_and_blank_lines():
    raw = b'[1, 2]\n\n   \n{"content": "text"}\n'
    results = list(read_articles("f.jsonl", raw))
    assert isinstance(results[0], RecordReject)
    assert "JSON array" in results[0].reason
    assert results[1].source_path == "f.jsonl#line=4"


def test_scraper_placeholders_count_as_missing():
    raw = json.dumps({"text": "Body.", "title": "None", "date_publish": "null", "url": ""})
    (record,) = read_articles("f.jsonl", raw.encode())
    assert (record.title, record.published_at, record.url) == (None, None, None)
    assert record.notes == ()


def test_invalid_utf8_in_a_line_is_repaired_and_named():
    (record,) = read_articles("f.jsonl", b'{"text": "caf\xe9 cr\xe8me"}\n')
    assert record.text == "café crème"
    assert record.fixes == ("invalid_utf8_bytes",)


def test_stream_in_any_chunking_gives_the_same_records():
    raw = (FIXTURES / "jsonl/newspaper.jsonl").read_bytes()
    whole = list(read_articles("n.jsonl", raw))
    for size in (1, 7, 100, 4096):
        streamed = list(stream_articles("n.jsonl", chunked(raw, size)))
        assert streamed == whole


def test_stream_of_gzip_chunks():
    raw = (FIXTURES / "jsonl/newspaper.jsonl").read_bytes()
    packed = (FIXTURES / "jsonl/newspaper.jsonl.gz").read_bytes()
    assert list(stream_articles("n.jsonl", chunked(packed, 50))) == list(
        read_articles("n.jsonl", raw)
    )


def test_skip_passes_over_known_records_without_parsing():
    raw = (FIXTURES / "jsonl/newsplease.jsonl").read_bytes()
    lines = raw.split(b"\n")
    known = {record_hash(line) for line in lines[:5] if line.strip()}
    results = list(read_articles("n.jsonl", raw, skip=known))
    assert results[0].source_path == "n.jsonl#line=6"
    # The grown file: only the appended record is new.
    grown = raw + b'{"maintext": "A new story.", "title": "New"}\n'
    every = {r.record_sha256 for r in read_articles("n.jsonl", raw)}
    new = list(read_articles("n.jsonl", grown, skip=every))
    assert [r.source_path for r in new] == ["n.jsonl#line=15"]


def test_record_hash_is_the_hash_of_the_line():
    (record,) = read_articles("f.jsonl", b'{"text": "a"}\r\n')
    assert record.record_sha256 == record_hash(b'{"text": "a"}')


def test_overlong_line_is_skipped_and_rejected():
    raw = b'{"text": "' + b"x" * 500 + b'"}\n{"text": "ok"}\n'
    results = list(read_jsonl("f.jsonl", iter_lines(chunked(raw, 64), max_line_bytes=100)))
    assert isinstance(results[0], RecordReject)
    assert results[0].line == 1
    assert results[1].text == "ok"


def test_iter_lines_numbers_lines_and_keeps_a_last_line_without_break():
    lines = list(iter_lines([b"a\nb", b"c\r\n", b"\nd"]))
    assert [(line.number, line.data) for line in lines] == [
        (1, b"a"),
        (2, b"bc"),
        (3, b""),
        (4, b"d"),
    ]


def test_gzip_members_concatenated_and_damage_detected():
    two = gzip.compress(b"one\n", mtime=0) + gzip.compress(b"two\n", mtime=0)
    assert gunzip(two) == b"one\ntwo\n"
    with pytest.raises(CompressionError, match="ends early"):
        list(gunzip_chunks([two[:20]]))
    with pytest.raises(CompressionError, match="more than"):
        gunzip(gzip.compress(b"\0" * 5000), max_bytes=1000)


def test_damaged_gzip_file_is_a_reject_not_a_crash():
    packed = (FIXTURES / "jsonl/newspaper.jsonl.gz").read_bytes()
    (reject,) = read_articles("n.jsonl.gz", packed[: len(packed) // 2])
    assert isinstance(reject, RecordReject)
    assert "cut off" in reject.reason
    streamed = list(stream_articles("n.jsonl.gz", chunked(packed[: len(packed) // 2], 64)))
    assert isinstance(streamed[-1], RecordReject)


def test_page_without_main_text_is_rejected():
    (reject,) = read_fixture("html/cookie-wall.html")
    assert isinstance(reject, RecordReject)
    assert "no main text" in reject.reason


def test_binary_file_is_rejected_as_before():
    (reject,) = read_articles("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert isinstance(reject, RecordReject)


@pytest.mark.parametrize(
    "rel",
    [
        "html/harbour-storm.html",
        "html/tagesbote-bahnstreik.html",
        "html/stolichnye-metro-cp1251.html",
    ],
)
def test_page_boilerplate_left_out(rel):
    from tests.articles_support import expectations

    (record,) = read_fixture(rel)
    expected = next(e for e in expectations() if e["source_path"] == rel)
    for phrase in expected["absent"]:
        assert phrase not in record.text, phrase
    assert len(record.text.split("\n")) >= 3


def test_page_declared_charset():
    (record,) = read_fixture("html/stolichnye-metro-cp1251.html")
    assert record.encoding == "cp1251"
    assert "метрополитена" in record.text
