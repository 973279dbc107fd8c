"""Paragraph and document sentiment, calibrated against human ratings.

How a paragraph is scored:

1. The paragraph is split into sentences (`transforms.sentences`).
2. Each sentence gets lexicon and rule features (`transforms.sentiment_features`: VADER, AFINN,
   labMT, the Hu-Liu opinion lexicon, negations, length, emphasis).
3. A linear model fitted on human-rated sentences (`evals/fit_sentiment.py`, coefficients and
   provenance in `transforms/data/sentiment_model.json`) predicts the mean human rating on the
   raters' -4..4 scale; the sentence compound is that prediction divided by 4, clipped to [-1, 1].
4. The paragraph compound is the mean of its sentence compounds weighted by their word counts,
   so a long paragraph is an average of its sentences instead of a sum that saturates at +-1.
5. The positive/neutral/negative shares are VADER's per-sentence shares, weighted the same way;
   they lie in [0, 1] and sum to 1.
6. The label compares the compound with thresholds tuned for 3-class macro-F1 on the rated sets
   (stored with the model).

`vader_compound` is plain VADER over the whole paragraph, kept for comparison.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from transforms.sentences import split_sentences
from transforms.sentiment_features import (
    FEATURE_NAMES,
    SentenceFeatures,
    sentence_features,
    vader_scores,
)

MODEL_RESOURCE = "data/sentiment_model.json"
RATING_SCALE = 4.0  # human ratings run from -4 to 4


@dataclass(frozen=True)
class SentenceTone:
    """Sentiment of one sentence; `start`/`end` are offsets into the paragraph text."""

    start: int
    end: int
    compound: float


@dataclass(frozen=True)
class ParagraphSentiment:
    """The sentiment columns of one paragraph, and its sentences for per-entity tone."""

    compound: float
    positive: float
    neutral: float
    negative: float
    label: str
    vader_compound: float
    sentences: tuple[SentenceTone, ...]


@dataclass(frozen=True)
class DocumentTone:
    """Summary of a document's paragraph sentiment (all zero for a document without paragraphs)."""

    mean: float
    minimum: float
    maximum: float
    share_negative: float


@dataclass(frozen=True)
class SentimentModel:
    """Linear model over `FEATURE_NAMES`: rating = offset + sum(weights * features)."""

    weights: tuple[float, ...]
    offset: float
    negative_threshold: float
    positive_threshold: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SentimentModel:
        """Build from the JSON written by `evals/fit_sentiment.py` (standardised coefficients)."""
        if tuple(data["features"]) != FEATURE_NAMES:
            raise ValueError("sentiment model was fitted on other features; refit it")
        weights = [c / s for c, s in zip(data["coefficients"], data["scale"], strict=True)]
        offset = data["intercept"] - sum(
            w * m for w, m in zip(weights, data["center"], strict=True)
        )
        thresholds = data["label_thresholds"]
        return cls(tuple(weights), offset, thresholds["negative"], thresholds["positive"])

    def compound(self, features: Sequence[float]) -> float:
        """Predicted rating of one sentence, scaled to [-1, 1]."""
        rating = self.offset + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return max(-1.0, min(1.0, rating / RATING_SCALE))

    def label(self, compound: float) -> str:
        """`negative`, `neutral` or `positive` by this model's thresholds."""
        if compound <= self.negative_threshold:
            return "negative"
        if compound >= self.positive_threshold:
            return "positive"
        return "neutral"


@lru_cache(maxsize=1)
def model_document() -> dict[str, Any]:
    """The shipped model file (coefficients, thresholds, provenance, cross-validated scores)."""
    text = resources.files("transforms").joinpath(MODEL_RESOURCE).read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def default_model() -> SentimentModel:
    """The shipped model, loaded once per process."""
    return SentimentModel.from_dict(model_document())


def label_for(compound: float) -> str:
    """Map a compound score to `negative`, `neutral` or `positive` (the shipped thresholds)."""
    return default_model().label(compound)


def score_paragraph(text: str) -> ParagraphSentiment:
    """Score one paragraph of cleaned text with the shipped model."""
    return score_with(default_model(), text)


def score_paragraphs(texts: Sequence[str]) -> list[ParagraphSentiment]:
    """Score several paragraphs; the same as `score_paragraph` on each (no batching gain)."""
    model = default_model()
    return [score_with(model, text) for text in texts]


def score_with(model: SentimentModel, text: str) -> ParagraphSentiment:
    """Score one paragraph with `model` (used by the evaluation to score cross-validation folds)."""
    parts = sentence_parts(text)
    return aggregate(model, parts, whole_text_vader(text, parts))


def whole_text_vader(text: str, parts: Sequence[tuple[int, int, SentenceFeatures]]) -> float:
    """Plain VADER's compound for the whole paragraph.

    VADER strips the text it scores, so a paragraph of one sentence already has it among that
    sentence's features.
    """
    if len(parts) == 1:
        start, end, features = parts[0]
        if text[start:end].strip() == text.strip():
            return features.values[_VADER_COMPOUND]
    return vader_scores(text)["compound"]


_VADER_COMPOUND = FEATURE_NAMES.index("vader_compound")


def sentence_parts(text: str) -> list[tuple[int, int, SentenceFeatures]]:
    """Each sentence's span and features; the model-independent, costly part of scoring."""
    return [
        (start, end, sentence_features(text[start:end])) for start, end in split_sentences(text)
    ]


def aggregate(
    model: SentimentModel,
    parts: Sequence[tuple[int, int, SentenceFeatures]],
    vader_compound: float,
) -> ParagraphSentiment:
    """Combine sentence scores into the paragraph's columns, weighting sentences by length."""
    sentences = tuple(SentenceTone(s, e, model.compound(f.values)) for s, e, f in parts)
    weights = [max(f.n_words, 1) for _, _, f in parts]
    total = sum(weights)
    if total == 0:
        return ParagraphSentiment(0.0, 0.0, 1.0, 0.0, model.label(0.0), vader_compound, ())

    def weighted(values: Sequence[float]) -> float:
        return sum(w * v for w, v in zip(weights, values, strict=True)) / total

    compound = max(-1.0, min(1.0, weighted([s.compound for s in sentences])))
    positive = weighted([f.positive for _, _, f in parts])
    negative = weighted([f.negative for _, _, f in parts])
    neutral = max(0.0, 1.0 - positive - negative)
    return ParagraphSentiment(
        compound=compound,
        positive=positive,
        neutral=neutral,
        negative=negative,
        label=model.label(compound),
        vader_compound=vader_compound,
        sentences=sentences,
    )


def document_tone(sentiments: Sequence[ParagraphSentiment]) -> DocumentTone:
    """Mean, minimum and maximum paragraph compound, and the share of negative paragraphs.

    Paragraphs count equally: a document's tone is what its paragraphs say on average, and the
    extremes show a strongly worded paragraph that the mean would hide.
    """
    if not sentiments:
        return DocumentTone(0.0, 0.0, 0.0, 0.0)
    compounds = [s.compound for s in sentiments]
    negatives = sum(1 for s in sentiments if s.label == "negative")
    return DocumentTone(
        mean=sum(compounds) / len(compounds),
        minimum=min(compounds),
        maximum=max(compounds),
        share_negative=negatives / len(sentiments),
    )
