"""Range and consistency properties of paragraph sentiment over generated text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from transforms.sentences import split_sentences
from transforms.sentiment import default_model, document_tone, score_paragraph
from transforms.sentiment_features import vader_scores

WORDS = [
    "good",
    "bad",
    "not",
    "never",
    "terrible",
    "wonderful",
    "war",
    "peace",
    "Mr.",
    "U.S.",
    "Dr.",
    "the",
    "a",
    "killed",
    "won",
    "3.5",
    "happy",
    "sad",
    "crisis",
    "success",
    "nobody",
    "failure",
    "very",
    "extremely",
]
PUNCTUATION = [".", "!", "?", "...", '."', ",", ""]

sentence = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
    st.sampled_from(PUNCTUATION),
)
paragraph = st.one_of(
    st.lists(sentence, max_size=8).map(" ".join),
    st.text(max_size=200),
)


@settings(max_examples=150, deadline=None)
@given(paragraph)
def test_scores_are_in_range_and_consistent(text: str) -> None:
    result = score_paragraph(text)
    model = default_model()
    assert -1.0 <= result.compound <= 1.0
    assert -1.0 <= result.vader_compound <= 1.0
    shares = (result.positive, result.neutral, result.negative)
    assert all(0.0 <= s <= 1.0 for s in shares)
    assert abs(sum(shares) - 1.0) < 1e-9
    assert result.label == model.label(result.compound)
    if result.label == "negative":
        assert result.compound <= model.negative_threshold
    elif result.label == "positive":
        assert result.compound >= model.positive_threshold
    else:
        assert model.negative_threshold < result.compound < model.positive_threshold


@settings(max_examples=150, deadline=None)
@given(paragraph)
def test_sentence_spans_lie_inside_and_in_order(text: str) -> None:
    result = score_paragraph(text)
    previous_end = 0
    for tone in result.sentences:
        assert previous_end <= tone.start < tone.end <= len(text)
        assert text[tone.start : tone.end].strip() == text[tone.start : tone.end]
        assert -1.0 <= tone.compound <= 1.0
        previous_end = tone.end
    covered = "".join(text[t.start : t.end] for t in result.sentences)
    assert "".join(covered.split()) == "".join(text.split())


@settings(max_examples=100, deadline=None)
@given(paragraph)
def test_scoring_is_deterministic(text: str) -> None:
    assert score_paragraph(text) == score_paragraph(text)
    assert split_sentences(text) == split_sentences(text)


@settings(max_examples=50, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=6))
def test_document_tone_bounds(texts: list[str]) -> None:
    sentiments = [score_paragraph(t) for t in texts]
    tone = document_tone(sentiments)
    assert tone.minimum - 1e-12 <= tone.mean <= tone.maximum + 1e-12
    assert 0.0 <= tone.share_negative <= 1.0


PLAIN_VADER = SentimentIntensityAnalyzer()
# Words that set off VADER's rules: boosters and dampeners, negations (also "n't"), "no", "least",
# "but", "kind of", idioms and special cases, capitals, emoticons and emoji, with lexicon words.
VADER_RULE_WORDS = [
    *["good", "bad", "great", "horrible", "love", "hate", "GOOD", "Bad", "nice", "ugly", "ok"],
    *["very", "VERY", "extremely", "so", "this", "kind", "of", "sort", "kinda", "barely"],
    *["not", "NOT", "isn't", "never", "no", "nor", "or", "without", "doubt", "least", "at"],
    *["but", "BUT", "the", "shit", "bomb", "bus", "stop", "yeah", "right", "die", "for", "to"],
    *["cut", "mustard", "bad", "ass", "kiss", "death", ":)", ":(", ":-D", "😁", "💔", "!", "?"],
    *["news", "said", "on", "Monday", "the", "a", "GOVERNMENT", "war", "peace", "wonderful"],
]
vader_text = st.lists(
    st.tuples(st.sampled_from(VADER_RULE_WORDS), st.sampled_from(["", ",", ".", "!", "?", "!!"])),
    max_size=40,
).map(lambda pairs: " ".join(word + mark for word, mark in pairs))


@settings(max_examples=200, deadline=None)
@given(st.one_of(paragraph, vader_text))
def test_vader_scores_equal_plain_vader(text: str) -> None:
    assert vader_scores(text) == PLAIN_VADER.polarity_scores(text)
