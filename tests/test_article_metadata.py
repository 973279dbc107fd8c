"""Metadata from text and path: dates, path patterns, headline rule, roles, counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from transforms.articles.counts import char_count, word_count
from transforms.articles.dates import parse_date
from transforms.articles.paths import PathPatternError, parse_patterns, path_fields
from transforms.articles.roles import (
    assign_roles,
    byline_names,
    date_line_value,
    find_dateline,
    looks_like_headline,
    title_by_rule,
)

MARCH_5 = datetime(2024, 3, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected", "note"),
    [
        ("2024-03-05", MARCH_5, None),
        ("2024-03-05T10:32:00Z", MARCH_5.replace(hour=10, minute=32), None),
        ("2024-03-05T11:32:00+01:00", MARCH_5.replace(hour=10, minute=32), None),
        ("2024-03-05 10:32:00", MARCH_5.replace(hour=10, minute=32), "date_without_timezone"),
        ("Tue, 05 Mar 2024 10:32:00 GMT", MARCH_5.replace(hour=10, minute=32), None),
        ("5 March 2024", MARCH_5, None),
        ("5. März 2024", MARCH_5, None),
        ("5 марта 2024", MARCH_5, None),
        ("2024年3月5日", MARCH_5, None),
        (1709634720, MARCH_5.replace(hour=10, minute=32), None),
        (1709634720000, MARCH_5.replace(hour=10, minute=32), None),
        (None, None, None),
        ("", None, None),
        ("sometime last spring", None, "date_unparseable"),
        ("yesterday", None, "date_unparseable"),
        ("March 5", None, "date_unparseable"),
        ("1850-01-01", None, "date_out_of_range"),
        (["2024"], None, "date_unparseable"),
    ],
)
def test_parse_date(value, expected, note):
    parsed = parse_date(value)
    assert parsed.value == expected
    assert parsed.note == note
    if parsed.value is not None:
        assert parsed.value.tzinfo is UTC


def test_naive_datetime_is_read_as_utc_with_a_note():
    parsed = parse_date(datetime(2024, 3, 5, 10, 0))
    assert parsed.value == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert parsed.note == "date_without_timezone"


@pytest.mark.parametrize(
    ("setting", "path", "source", "section"),
    [
        ("{source}_{section}_{n}.txt", "bbc_sport_042.txt", "bbc", "sport"),
        ("{source}_{section}_{n}.txt", "deep/er/bbc_tech_001.txt.gz", "bbc", "tech"),
        ("{source}/{section}/{name}", "corpus/guardian/politics/a.html", "guardian", "politics"),
        ("{source}/{section}/{name}", "source=bbc/section=sport/a.txt", "bbc", "sport"),
        ("{source}/{section}/{name}", "feed.jsonl#line=3", None, None),
        ("", "source=bbc/section=sport/x/a.txt", "bbc", "sport"),
        ("{source}/*/{name}", "reuters/2024/a.json#item=7", "reuters", None),
    ],
)
def test_path_patterns(setting, path, source, section):
    fields = path_fields(path, parse_patterns(setting))
    assert (fields.source, fields.section) == (source, section)


def test_first_matching_pattern_wins_and_dates_from_paths():
    patterns = parse_patterns("{year}/{month}/{day}/{name}.json, {source}/{name}")
    fields = path_fields("2024/3/05/a.json", patterns)
    assert fields.published_at == MARCH_5
    assert path_fields("lemonde/a.json", patterns).source == "lemonde"
    assert path_fields("date=2024-03-05/language=fr/a.txt").published_at == MARCH_5
    assert path_fields("date=2024-03-05/language=fr/a.txt").language == "fr"


def test_bad_pattern_is_refused():
    with pytest.raises(PathPatternError):
        parse_patterns("{a}/{a}")


@pytest.mark.parametrize(
    "line",
    [
        "Ad sales boost Time Warner profit",
        "Could Yukos be a blessing in disguise?",
        "£1.8m indecency fine for Viacom",
        "'We will win', says coach",
        "Obama visits the U.S.",
        "Waiting for news...",
        "Bahnstreik legt Fernverkehr in ganz Deutschland lahm",
        "城市地铁新线路正式开通运营",
    ],
)
def test_headlines(line):
    assert looks_like_headline(line)


@pytest.mark.parametrize(
    "line",
    [
        "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn.",
        "In a statement, the company said:",
        "By Jane Smith",
        "Published: 5 March 2024",
        "- a list item",
        " ".join(["word"] * 30),
    ],
)
def test_not_headlines(line):
    assert not looks_like_headline(line)


def test_headline_needs_a_paragraph_after_it():
    assert not title_by_rule(["Just one line"])
    assert title_by_rule(["A headline", "And its text."])


def test_bylines():
    assert byline_names("By Jane Smith") == ["Jane Smith"]
    assert byline_names("By Jane Holloway and Ravi Menon, Reuters") == [
        "Jane Holloway",
        "Ravi Menon",
    ]
    assert byline_names("Von Anna Weber") == ["Anna Weber"]
    assert byline_names("By the time the results came in, the party had left.") is None
    assert byline_names("by") is None


def test_date_lines():
    assert date_line_value("Published: 5 March 2024") == MARCH_5
    assert date_line_value("Updated 10:32 GMT, 5 March 2024") == MARCH_5.replace(hour=10, minute=32)
    assert date_line_value("5 марта 2024") == MARCH_5
    assert date_line_value("Shares fell 3% in 2024 as the market turned.") is None
    assert date_line_value("Chelsea 2-1 Arsenal") is None


def test_datelines():
    found = find_dateline("WASHINGTON, March 5, 2024 (Reuters) - The Fed held rates.")
    assert (found.place, found.published_at, found.agency) == ("Washington", MARCH_5, "Reuters")
    found = find_dateline("BERLIN (dpa) -- Die Regierung hat beschlossen")
    assert (found.place, found.published_at, found.agency) == ("Berlin", None, "dpa")
    assert find_dateline("LONDON - Shares fell.").place == "London"
    assert find_dateline("The UK economy grew - slowly.") is None


def test_roles_only_in_front_matter():
    paragraphs = [
        "Title",
        "By Jane Smith",
        "5 March 2024",
        "Body one.",
        "By the way.",
        "By Tom Aird",
    ]
    assert assign_roles(paragraphs, has_title=True) == [
        "title",
        "byline",
        "date",
        "body",
        "body",
        "body",
    ]
    assert assign_roles(["Body only.", "More."], has_title=False) == ["body", "body"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Don't stop the Nord-Stream, 3.5% up 1,200!", 7),
        ("", 0),
        ("Путин заявил, что", 3),
        ("東京都は本日", 6),
        ("정부, 청년 주거 지원 대책 발표", 6),
    ],
)
def test_word_count(text, words):
    assert word_count(text) == words


def test_char_count_leaves_out_breaks():
    assert char_count(["abc", "de"]) == 5
