"""Language: per document and per paragraph, ISO 639-1 codes, and the English-only NLP gate."""

from __future__ import annotations

import pytest

from tests.articles_support import bbc_files, expectations, prepared_fixtures
from transforms.articles.language import (
    UNKNOWN,
    document_language,
    identify,
    is_english,
    nlp_skipped_reason,
    paragraph_languages,
)
from transforms.articles.prepare import analysable_paragraphs
from transforms.paragraphs import split_paragraphs


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


@pytest.mark.skipif(not bbc_files(), reason="the BBC corpus is not beside the repository")
def test_bbc_corpus_is_all_english_documents_and_paragraphs():
    wrong = []
    for path in bbc_files():
        paragraphs = split_paragraphs(path.read_text(encoding="utf-8"))
        guess = document_language("\n".join(paragraphs))
        languages = set(paragraph_languages(paragraphs, guess.language))
        if guess.language != "en" or languages != {"en"}:
            wrong.append(path.name)
    assert wrong == []
    assert len(bbc_files()) == 2225
