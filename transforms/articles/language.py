"""Which language a document and each of its paragraphs is written in, and whether to run NLP.

The identifier is py3langid (BSD-3-Clause; a maintained, numpy-only fork of langid.py whose
model ships inside the package, so nothing is downloaded), restricted to the languages that have
an ISO 639-1 code; dialect labels with an ISO 639-1 macrolanguage are folded into it
(`tables.LANGUAGE_FOLDS`). Its confidence is a probability calibrated for text length.

Rules:

* A document's language is identified from the first `DOCUMENT_SAMPLE_CHARS` characters of its
  title and body (py3langid reads text byte by byte in Python, so its cost grows with the length
  read, and a few hundred characters of one language leave no doubt); a declared language
  (a record's `language`, a page's `lang`) is used only when the text says too little: fewer than
  `MIN_LETTERS` letters, or a confidence below `MIN_CONFIDENCE`. Declared languages are often a
  site-wide default, wrong for the article at hand.
* A paragraph has the document's language unless it says otherwise clearly: at least
  `PARAGRAPH_MIN_LETTERS` letters and its own language identified with confidence at least
  `PARAGRAPH_MIN_CONFIDENCE`, or written mostly in a script the document's language is not
  written in (Cyrillic in an English article). Short lines (scores, names, captions) are too
  little evidence to overrule the document. A paragraph in which at least `COMMON_WORD_SHARE` of
  the words are among the document language's 100 commonest (wordfreq's lists, kept in
  `transforms/data/common_words.json`) is taken to be
  in that language without running the identifier: that settles almost every paragraph of a
  one-language article at the cost of a set look-up per word.
* English NLP (spaCy NER and the sentiment model, both trained on English only) runs on a
  paragraph only when that paragraph's language is English (`is_english`). Others keep their
  text and language, with empty NLP columns and `NLP_SKIPPED` as the reason.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from transforms.articles.tables import LANGUAGE_FOLDS

ENGLISH = "en"
COMMON_WORDS_FILE = Path(__file__).resolve().parents[1] / "data" / "common_words.json"
MIN_LETTERS = 20
DOCUMENT_SAMPLE_CHARS = 400
PARAGRAPH_SAMPLE_CHARS = 400
COMMON_WORD_SHARE = 0.25
MIN_CONFIDENCE = 0.5
PARAGRAPH_MIN_LETTERS = 60
PARAGRAPH_MIN_CONFIDENCE = 0.95
# A paragraph in a script (Unicode script of its letters) that its document's language is not
# written in, by at least this share of its letters, is identified on its own whatever its length.
FOREIGN_SCRIPT_SHARE = 0.6
NLP_SKIPPED = "not English ({language}): the NER and sentiment models read English only"
UNKNOWN_LANGUAGE_SKIPPED = "language unknown: too little text to tell, and NLP reads English only"


@dataclass(frozen=True)
class LanguageGuess:
    """An ISO 639-1 code (or `None` when there is too little text) and its probability."""

    language: str | None
    confidence: float


UNKNOWN = LanguageGuess(None, 0.0)


def identify(text: str) -> LanguageGuess:
    """The language of `text` by py3langid; `UNKNOWN` when it has under `MIN_LETTERS` letters."""
    if letter_count(text) < MIN_LETTERS:
        return UNKNOWN
    identifier = _identifier()
    label, confidence = identifier.classify(text)
    language = LANGUAGE_FOLDS.get(label, label)
    if language in _FOLDED_INTO:
        # A macrolanguage's probability is the sum of its own and its dialects'.
        confidence = sum(
            score
            for other, score in identifier.rank(text)
            if LANGUAGE_FOLDS.get(other, other) == language
        )
    return LanguageGuess(language, round(float(confidence), 4))


_FOLDED_INTO = frozenset(LANGUAGE_FOLDS.values())


def document_language(text: str, declared: str | None = None) -> LanguageGuess:
    """The document's language: identified, or the declared one when the text says too little."""
    guess = identify(text[:DOCUMENT_SAMPLE_CHARS])
    if declared and (guess.language is None or guess.confidence < MIN_CONFIDENCE):
        return LanguageGuess(declared, guess.confidence if guess.language == declared else 0.0)
    return guess


def paragraph_languages(paragraphs: Sequence[str], document: str | None) -> list[str | None]:
    """Each paragraph's language: the document's, unless the paragraph clearly says otherwise."""
    return [_paragraph_language(text, document) for text in paragraphs]


def _paragraph_language(text: str, document: str | None) -> str | None:
    if document is None:
        return identify(text).language
    if letter_count(text) >= PARAGRAPH_MIN_LETTERS:
        if _common_word_share(text, document) >= COMMON_WORD_SHARE:
            return document
        guess = identify(text[:PARAGRAPH_SAMPLE_CHARS])
        differs = guess.language is not None and guess.language != document
        if differs and (
            guess.confidence >= PARAGRAPH_MIN_CONFIDENCE or _in_foreign_script(text, document)
        ):
            return guess.language
        return document
    if _in_foreign_script(text, document):
        guess = identify(text[:PARAGRAPH_SAMPLE_CHARS])
        if guess.language is not None:
            return guess.language
    return document


def is_english(language: str | None) -> bool:
    """Whether English NER and sentiment may run on text in `language`."""
    return language == ENGLISH


def nlp_skipped_reason(language: str | None) -> str | None:
    """Why NLP did not run on text in `language` (`None` when it does run)."""
    if is_english(language):
        return None
    if language is None:
        return UNKNOWN_LANGUAGE_SKIPPED
    return NLP_SKIPPED.format(language=language)


def letter_count(text: str) -> int:
    """Letters in `text` (any script); digits, punctuation and spaces are not evidence."""
    return len(_LETTER.findall(text))


_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")


def _common_word_share(text: str, language: str) -> float:
    """Share of the words of `text` among `language`'s 100 commonest words (0 when unknown)."""
    common = _common_words(language)
    if not common:
        return 0.0
    words = _WORD.findall(text.casefold())
    return sum(1 for word in words if word in common) / len(words) if words else 0.0


def _common_words(language: str) -> frozenset[str]:
    return _common_word_table().get(language, frozenset())


@cache
def _common_word_table() -> dict[str, frozenset[str]]:
    """`transforms/data/common_words.json` (written by `evals/build_common_words.py`)."""
    data = json.loads(COMMON_WORDS_FILE.read_text(encoding="utf-8"))
    return {code: frozenset(words) for code, words in data["languages"].items()}


# The scripts each language with a non-Latin script is written in (first word of the Unicode
# character name); every other language counts as written in Latin.
_SCRIPTS = {
    "ru": "CYRILLIC",
    "uk": "CYRILLIC",
    "bg": "CYRILLIC",
    "sr": "CYRILLIC",
    "mk": "CYRILLIC",
    "be": "CYRILLIC",
    "kk": "CYRILLIC",
    "mn": "CYRILLIC",
    "el": "GREEK",
    "ar": "ARABIC",
    "fa": "ARABIC",
    "ur": "ARABIC",
    "ps": "ARABIC",
    "he": "HEBREW",
    "hi": "DEVANAGARI",
    "mr": "DEVANAGARI",
    "ne": "DEVANAGARI",
    "th": "THAI",
    "ka": "GEORGIAN",
    "hy": "ARMENIAN",
    "ko": "HANGUL",
    "zh": "CJK",
    "ja": "CJK",
}
_JAPANESE_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA"})


def _in_foreign_script(text: str, document: str) -> bool:
    """Whether most letters of `text` are in a script `document`'s language is not written in."""
    expected = _SCRIPTS.get(document, "LATIN")
    if expected == "LATIN" and text.isascii():
        return False
    allowed = _JAPANESE_SCRIPTS if document == "ja" else {expected}
    total = foreign = 0
    for char in text:
        if char.isalpha():
            total += 1
            script = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
            if script not in allowed:
                foreign += 1
    return total > 0 and foreign >= FOREIGN_SCRIPT_SHARE * total


@cache
def _identifier() -> Any:
    """py3langid's identifier with its bundled model, loaded once per process (~1-3 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    kept = [label for label in identifier.labels if len(label) == 2 or label in LANGUAGE_FOLDS]
    identifier.set_languages(kept)
    return identifier
