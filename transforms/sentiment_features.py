"""Lexicon and rule features of one sentence, the inputs of the calibrated sentiment model.

Each lexicon sees sentiment differently: VADER handles negation, intensifiers and punctuation;
AFINN and the Hu-Liu opinion lexicon cover evaluative words VADER lacks; labMT rates everyday
words (`war`, `cancer`, `prison`) whose tone news readers feel although no opinion is stated.
A linear model over all of them (fitted by `evals/fit_sentiment.py`) agrees with human readers
better than any one of them. The lexicons ship inside their PyPI packages (`vadersentiment`,
`afinn`, `labmtsimple`) and are read once per process as package data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer, SentiText

FEATURE_NAMES: tuple[str, ...] = (
    "vader_compound",
    "vader_positive",
    "vader_negative",
    "vader_neutral",
    "afinn_net",
    "afinn_squashed",
    "afinn_positive",
    "afinn_negative",
    "labmt_mean",
    "labmt_net",
    "labmt_min",
    "opinion_net",
    "negations",
    "log_words",
    "exclamations",
    "shouted_words",
)

NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "nowhere",
        "cannot",
        "without",
        "hardly",
        "barely",
    ]
)
# labMT scores words 1..9 with 5 neutral; words within this distance of 5 are treated as neutral
# in `labmt_net`, as labMT's authors recommend, so common words do not dilute the signal.
LABMT_STOP_WINDOW = 1.0
AFINN_SQUASH = 5.0
NEGATION_WINDOW = 3  # a negator reverses lexicon words up to this many words after it

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")


@dataclass(frozen=True)
class SentenceFeatures:
    """The model's input for one sentence, plus VADER's shares reused for the share columns."""

    values: tuple[float, ...]
    n_words: int
    positive: float
    neutral: float
    negative: float


@dataclass(frozen=True)
class _Lexicons:
    afinn: dict[str, float]
    labmt: dict[str, float]
    opinion: dict[str, int]


class _WindowedVader(SentimentIntensityAnalyzer):
    """Plain VADER with the same scores, in time linear in the text's length and with less of it.

    VADER's negation and idiom checks lower-case every word of the text for each sentiment word,
    yet read only the three words before it (and two after); handing them just that window keeps
    VADER linear in the length of the text, which matters for whole paragraphs (the
    `vader_compound` column). Both are called only with at least three words before the item
    (or exactly the words they read), so no index falls outside the window.

    `polarity_scores` also skips two costs for text without emoji: VADER's character-by-character
    emoji pass, and its rule checks for words that are not in its lexicon, which all score 0.
    """

    def polarity_scores(self, text: str) -> dict[str, float]:
        if not self._emoji_characters().isdisjoint(text):
            return super().polarity_scores(text)
        text = text.strip()  # all that VADER's emoji pass does to text without emoji
        sentitext = SentiText(text)
        words = sentitext.words_and_emoticons
        lowered = [word.lower() for word in words]
        sentiments: list[float] = []
        for i, word in enumerate(lowered):
            kind_of = word == "kind" and i < len(words) - 1 and lowered[i + 1] == "of"
            if word in BOOSTER_DICT or kind_of or word not in self.lexicon:
                sentiments.append(0)
            else:
                sentiments = self.sentiment_valence(0, sentitext, words[i], i, sentiments)
        sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text)

    def _emoji_characters(self) -> frozenset[str]:
        """The emoji VADER's emoji pass replaces (it looks at one character at a time)."""
        if not hasattr(self, "_emoji_chars"):
            self._emoji_chars = frozenset(key for key in self.emojis if len(key) == 1)
        return self._emoji_chars

    @staticmethod
    def _special_idioms_check(valence: float, words_and_emoticons: list[str], i: int) -> float:
        low = max(0, i - 3)
        window = words_and_emoticons[low : i + 3]
        return SentimentIntensityAnalyzer._special_idioms_check(valence, window, i - low)

    @staticmethod
    def _negation_check(
        valence: float, words_and_emoticons: list[str], start_i: int, i: int
    ) -> float:
        low = max(0, i - 3)
        window = words_and_emoticons[low : i + 1]
        return SentimentIntensityAnalyzer._negation_check(valence, window, start_i, i - low)


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return _WindowedVader()


@lru_cache(maxsize=1)
def _lexicons() -> _Lexicons:
    return _Lexicons(afinn=_load_afinn(), labmt=_load_labmt(), opinion=_load_opinion())


def _load_afinn() -> dict[str, float]:
    text = resources.files("afinn").joinpath("data/AFINN-en-165.txt").read_text(encoding="utf-8")
    pairs = (line.rsplit("\t", 1) for line in text.splitlines() if "\t" in line)
    return {word: float(score) for word, score in pairs}


def _load_labmt() -> dict[str, float]:
    path = resources.files("labMTsimple").joinpath("data/LabMT/labMT1.txt")
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return {row[0]: float(row[2]) - 5.0 for row in rows if len(row) > 2}


def _load_opinion() -> dict[str, int]:
    folder = resources.files("labMTsimple").joinpath("data/OL")
    words: dict[str, int] = {}
    for name, polarity in (("negative-words-clean.txt", -1), ("positive-words-clean.txt", 1)):
        text = folder.joinpath(name).read_bytes().decode("latin-1")
        words.update(dict.fromkeys(text.split(), polarity))
    return words


def vader_scores(text: str) -> dict[str, float]:
    """Plain VADER scores (`compound`, `pos`, `neu`, `neg`) of `text`."""
    return _vader().polarity_scores(text)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens as the lexicons spell them (curly apostrophes straightened)."""
    return _TOKEN.findall(text.lower().replace("\u2019", "'"))


def sentence_features(sentence: str) -> SentenceFeatures:
    """Compute the features named in `FEATURE_NAMES` for one sentence."""
    vader = vader_scores(sentence)
    words = tokens(sentence)
    n_words = len(words)
    root = math.sqrt(max(n_words, 1))
    lex = _lexicons()
    flips = _negation_flips(words)
    afinn = _afinn_scores(words, flips, lex.afinn)
    afinn_pos = sum(s for s in afinn if s > 0)
    afinn_neg = -sum(s for s in afinn if s < 0)
    happiness = [lex.labmt[w] * f for w, f in zip(words, flips, strict=True) if w in lex.labmt]
    strong = [h for h in happiness if abs(h) >= LABMT_STOP_WINDOW]
    values = (
        vader["compound"],
        vader["pos"],
        vader["neg"],
        vader["neu"],
        (afinn_pos - afinn_neg) / root,
        math.tanh((afinn_pos - afinn_neg) / AFINN_SQUASH),
        afinn_pos / root,
        afinn_neg / root,
        sum(happiness) / len(happiness) if happiness else 0.0,
        sum(strong) / root,
        min(happiness, default=0.0),
        sum(lex.opinion.get(w, 0) * f for w, f in zip(words, flips, strict=True)) / root,
        float(sum(1 for w in words if _is_negator(w))),
        math.log1p(n_words),
        float(sentence.count("!")),
        float(len(_SHOUTED.findall(sentence))),
    )
    return SentenceFeatures(values, n_words, *_shares(vader))


def _is_negator(word: str) -> bool:
    return word in NEGATORS or word.endswith("n't")


def _negation_flips(words: list[str]) -> list[float]:
    """-1 for words with a negator among the `NEGATION_WINDOW` words before them, else 1.

    The lexicons list words out of context; `not a failure` should not count as a failure.
    A negator's own lexicon score is kept (it is not negated by itself).
    """
    flips = []
    last_negator = -NEGATION_WINDOW - 1
    for i, word in enumerate(words):
        flips.append(-1.0 if i - last_negator <= NEGATION_WINDOW else 1.0)
        if _is_negator(word):
            last_negator = i
    return flips


def _afinn_scores(words: list[str], flips: list[float], lexicon: dict[str, float]) -> list[float]:
    """AFINN scores of the words (negation applied), two-word entries (`fed up`) first."""
    scores: list[float] = []
    i = 0
    while i < len(words):
        pair = f"{words[i]} {words[i + 1]}" if i + 1 < len(words) else ""
        if pair in lexicon:
            scores.append(lexicon[pair] * flips[i])
            i += 2
            continue
        if words[i] in lexicon:
            scores.append(lexicon[words[i]] * flips[i])
        i += 1
    return scores


def _shares(vader: dict[str, float]) -> tuple[float, float, float]:
    """VADER's positive/neutral/negative shares, renormalised to sum to exactly 1.

    VADER rounds each share to three decimals and returns all zeros for text without words;
    such text is wholly neutral.
    """
    total = vader["pos"] + vader["neu"] + vader["neg"]
    if total <= 0:
        return 0.0, 1.0, 0.0
    return vader["pos"] / total, vader["neu"] / total, vader["neg"] / total
