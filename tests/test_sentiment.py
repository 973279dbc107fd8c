"""Paragraph sentiment: golden sentences, aggregation, document tone and the model's fit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from evals.fit_sentiment import RatedItem, fit_model, fold_of
from transforms.sentences import split_sentences
from transforms.sentiment import (
    ParagraphSentiment,
    default_model,
    document_tone,
    label_for,
    model_document,
    score_paragraph,
    score_paragraphs,
    sentence_parts,
)
from transforms.sentiment_features import FEATURE_NAMES

GOLDEN = Path(__file__).parent / "golden" / "sentiment.jsonl"
SIGNS = {"positive": 1, "neutral": 0, "negative": -1}


def golden_cases() -> list[dict]:
    return [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("case", golden_cases(), ids=lambda c: f"{c['kind']}:{c['text'][:30]}")
def test_golden_sentence(case: dict) -> None:
    result = score_paragraph(case["text"])
    if "label" in case:
        assert result.label == case["label"]
    else:
        assert SIGNS[result.label] == case["sign"], result


def test_golden_set_covers_every_kind() -> None:
    kinds = {case["kind"] for case in golden_cases()}
    assert kinds == {"positive", "negative", "neutral", "negated", "hedged"}


def test_long_paragraph_does_not_saturate() -> None:
    good = "The team played well and the fans were happy."
    paragraph = " ".join([good] * 8)
    result = score_paragraph(paragraph)
    assert result.vader_compound > 0.99  # plain VADER saturates
    assert result.compound == pytest.approx(score_paragraph(good).compound, abs=1e-9)
    assert len(result.sentences) == 8


def test_mixed_paragraph_is_length_weighted_mean_of_sentences() -> None:
    text = "The victory was wonderful. The attack killed twelve people in the crowded market."
    result = score_paragraph(text)
    parts = sentence_parts(text)
    weights = [p[2].n_words for p in parts]
    expected = sum(w * s.compound for w, s in zip(weights, result.sentences, strict=True))
    assert result.compound == pytest.approx(expected / sum(weights))
    assert result.sentences[0].compound > 0 > result.sentences[1].compound


def test_sentence_spans_are_real_sentences() -> None:
    text = (
        'Mr. Smith met U.S. officials at 3.5 p.m. on Jan. 5. "It went well," he said. Then he left.'
    )
    spans = [text[s.start : s.end] for s in score_paragraph(text).sentences]
    assert spans == [
        "Mr. Smith met U.S. officials at 3.5 p.m. on Jan. 5.",
        '"It went well," he said.',
        "Then he left.",
    ]


def test_splitter_handles_quotes_and_number_abbreviations() -> None:
    text = "He lives at No. 10 Downing St. with staff. Really? Yes!"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "He lives at No. 10 Downing St. with staff.",
        "Really?",
        "Yes!",
    ]


def test_empty_paragraph_is_neutral_without_sentences() -> None:
    result = score_paragraph("   ")
    assert (result.compound, result.neutral, result.label, result.sentences) == (
        0.0,
        1.0,
        "neutral",
        (),
    )


def test_batch_matches_single() -> None:
    texts = ["Good news at last.", "A terrible storm hit the coast.", ""]
    assert score_paragraphs(texts) == [score_paragraph(t) for t in texts]


def test_label_for_uses_shipped_thresholds() -> None:
    model = default_model()
    assert label_for(model.negative_threshold) == "negative"
    assert label_for(model.positive_threshold) == "positive"
    assert label_for((model.negative_threshold + model.positive_threshold) / 2) == "neutral"


def test_document_tone() -> None:
    def para(compound: float, label: str) -> ParagraphSentiment:
        return ParagraphSentiment(compound, 0.0, 1.0, 0.0, label, compound, ())

    tone = document_tone([para(0.5, "positive"), para(-0.4, "negative"), para(-0.1, "negative")])
    assert tone.mean == pytest.approx(0.0)
    assert (tone.minimum, tone.maximum) == (-0.4, 0.5)
    assert tone.share_negative == pytest.approx(2 / 3)
    assert document_tone([]) == type(tone)(0.0, 0.0, 0.0, 0.0)


def test_shipped_model_file_is_complete() -> None:
    document = model_document()
    assert tuple(document["features"]) == FEATURE_NAMES
    assert len(document["coefficients"]) == len(FEATURE_NAMES)
    assert document["provenance"]["script"] == "evals/fit_sentiment.py"
    news = document["cross_validated"]["nyt_editorial_sentiment_dev"]
    assert news["model_r"] > news["vader_r"]


def _rated(texts: list[tuple[str, float]], prefix: str) -> list[RatedItem]:
    from transforms.sentiment_features import vader_scores

    return [
        RatedItem(f"{prefix}{i // 2}", rating, sentence_parts(text), vader_scores(text)["compound"])
        for i, (text, rating) in enumerate(texts)
    ]


SLICE = [
    ("A wonderful, joyful day for everyone.", 3.1),
    ("The storm destroyed homes and killed two.", -3.0),
    ("The meeting is on Monday.", 0.1),
    ("Not a good result for the team.", -1.2),
    ("Prices rose slightly in March.", -0.3),
    ("Doctors praised the brave volunteers.", 2.2),
    ("The fraud left investors angry and bitter.", -2.6),
    ("She will speak at noon in the hall.", 0.0),
]


def test_fit_is_reproducible() -> None:
    sets = {"a": _rated(SLICE, "a"), "b": _rated(SLICE[::-1], "b")}
    first, second = fit_model(sets), fit_model(sets)
    assert first == second
    assert first["coefficients"] != [0.0] * len(FEATURE_NAMES)
    folds = fold_of(sets["a"], 2, seed=7)
    assert np.array_equal(folds, fold_of(sets["a"], 2, seed=7))
    assert all(
        len({f for it, f in zip(sets["a"], folds, strict=True) if it.group == g}) == 1
        for g in {it.group for it in sets["a"]}
    )
