"""Paragraph sentiment.

`score_paragraph` returns the contract's columns for one paragraph of cleaned text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05


@dataclass(frozen=True)
class SentenceTone:
    """Sentiment of one sentence; `start`/`end` are offsets into the paragraph text."""

    start: int
    end: int
    compound: float


@dataclass(frozen=True)
class ParagraphSentiment:
    compound: float
    positive: float
    neutral: float
    negative: float
    label: str
    vader_compound: float
    sentences: tuple[SentenceTone, ...]


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def label_for(compound: float) -> str:
    """Map a compound score to `negative`, `neutral` or `positive` (VADER's thresholds)."""
    if compound >= POSITIVE_THRESHOLD:
        return "positive"
    if compound <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def score_paragraph(text: str) -> ParagraphSentiment:
    """Score one paragraph with VADER."""
    scores = _analyzer().polarity_scores(text)
    compound = scores["compound"]
    return ParagraphSentiment(
        compound=compound,
        positive=scores["pos"],
        neutral=scores["neu"],
        negative=scores["neg"],
        label=label_for(compound),
        vader_compound=compound,
        sentences=(SentenceTone(0, len(text), compound),),
    )
