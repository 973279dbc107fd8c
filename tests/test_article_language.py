"""Language: per document and per paragraph, ISO 639-1 codes, and the English-only NLP gate.

The BBC corpus (every document and paragraph English) is checked in `test_articles_e2e.py`.
"""

from __future__ import annotations

from tests.articles_support import expectations, prepared_fixtures
from transforms.articles.language import (
    UNKNOWN,
    document_language,
    identify,
    is_english,
    nlp_skipped_reason,
    paragraph_languages,
)
from transforms.articles.prepare import analysable_paragraphs


def test_fixture_languages_all_correct():
    """Every fixture article in its expected language (17 languages, 9 scripts)."""
    prepared = prepared_fixtures()
    expected = {e["source_path"]: e["language"] for e in expectations()}
    wrong = {
        path: prepared[path].language
        for path, lang in expected.items()
        if prepared[path].language != lang
    }
    assert wrong == {}
    non_english = [lang for lang in expected.values() if lang != "en"]
    assert len(set(non_english)) >= 8


def test_no_english_nlp_on_non_english_fixtures():
    for article in prepared_fixtures().values():
        for language, analysed in zip(
            article.paragraph_languages, analysable_paragraphs(article), strict=True
        ):
            assert analysed == (language == "en")
        if article.language != "en":
            assert not any(analysable_paragraphs(article))


def test_mixed_document_has_a_german_paragraph():
    article = prepared_fixtures()["jsonl/newspaper.jsonl#line=10"]
    assert article.language == "en"
    assert article.paragraph_languages == ("en", "en", "en", "de", "en")
    assert analysable_paragraphs(article) == [True, True, True, False, True]


def test_codes_are_iso_639_1():
    assert identify("廣東話係香港同澳門嘅主要語言\uff0c好多人日常都用。" * 2).language == "zh"
    assert (
        identify("Kwenye mkutano huo, viongozi walikubaliana kuimarisha ushirikiano").language
        == "sw"
    )


def test_too_little_text_is_unknown_unless_declared():
    assert identify("BBC News") == UNKNOWN
    assert document_language("BBC News", declared="en").language == "en"
    assert document_language("BBC News").language is None


def test_short_lines_inherit_the_document_language():
    assert paragraph_languages(["Arsenal 2-1 Chelsea", "Blair backs Brown"], "en") == ["en", "en"]


def test_short_line_in_another_script_is_identified():
    assert paragraph_languages(["Путин заявил, что Россия готова."], "en") == ["ru"]


def test_gate_and_reason():
    assert is_english("en")
    assert not is_english("de")
    assert nlp_skipped_reason("en") is None
    assert "not English (de)" in nlp_skipped_reason("de")
    assert "unknown" in nlp_skipped_reason(None)
