"""Properties of the readers: line framing is exact, and no input makes a reader raise."""

from __future__ import annotations

import gzip

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.articles.compression import chunked, iter_lines
from transforms.articles.model import ArticleRecord, RecordReject
from transforms.articles.readers import read_articles, stream_articles


@given(st.binary(max_size=300), st.integers(min_value=1, max_value=40))
def test_lines_in_any_chunking_are_the_lines_of_the_whole(data, size):
    expected = data.split(b"\n")
    if expected[-1] == b"":
        expected.pop()
    expected = [line.removesuffix(b"\r") for line in expected]
    got = [line.data for line in iter_lines(chunked(data, size))]
    assert got == expected


json_text = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["text", "title", "date", "url", "authors", "id"]), children, max_size=5
        )
    ),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(st.binary(max_size=400), json_text.map(lambda v: repr(v).encode())),
    st.sampled_from(["a.txt", "a.json", "a.jsonl", "a.html", "a.jsonl.gz"]),
    st.booleans(),
)
def test_readers_never_raise(raw, name, compress):
    if compress:
        raw = gzip.compress(raw, mtime=0)
    for result in read_articles(name, raw):
        assert isinstance(result, ArticleRecord | RecordReject)
        assert result.source_path.startswith(name)
    for result in stream_articles(name, chunked(raw, 17)):
        assert isinstance(result, ArticleRecord | RecordReject)
