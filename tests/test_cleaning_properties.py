"""Properties of `clean_text`: stable, harmless on clean text, and it undoes each corruption."""

from __future__ import annotations

import html

import ftfy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from transforms.cleaning import clean_text
from transforms.mojibake_tables import CP1252_UNDEFINED, MISREAD_BYTE_CHARS

LATIN = [
    "café",
    "naïve",
    "Zürich",
    "São",
    "Paulo",
    "Łódź",
    "Gdańsk",
    "señor",
    "crème",
    "brûlée",
    "façade",
    "Dvořák",
    "Müller",
    "élève",
    "déjà",
    "Straße",
    "Kraków",
    "İstanbul",
    "Ærøskøbing",
    "Ålesund",
    "Besançon",
    "Jürgen",
    "Ñandú",
    "Plzeň",
    "Škoda",
    "Žižek",
    "Türkiye",
    "Reykjavík",
    "Þórður",
    "Brasília",
    "Bogotá",
    "Göteborg",
    "Curaçao",
    "Malmö",
    "Piñera",
    "Wałęsa",
    "Orbán",
    "Erdoğan",
]
GREEK = ["Αθήνα", "Ελλάδα", "κυβέρνηση", "πρωθυπουργός", "εκλογές", "σήμερα", "είπε", "οικονομία"]
CYRILLIC = [
    "Москва",
    "Россия",
    "правительство",
    "президент",
    "выборы",
    "сегодня",
    "сказал",
    "экономика",
]
CJK = ["北京", "中国", "東京", "日本", "首都", "新聞", "記者", "政府", "经济"]
ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz"
PUNCTUATION = [".", ",", ";", ":", "!", "?", "\u2026"]
TOKENS = ["\u2014", "\u2013", "5%", "€20", "£3.5bn", "12", "2024"]
QUOTES = [("\u201c", "\u201d"), ("\u2018", "\u2019"), ('"', '"'), ("(", ")")]


def _no_lost_byte(text: str) -> bool:
    return not any(byte in CP1252_UNDEFINED for byte in text.encode())


@st.composite
def _word(draw: st.DrawFn, vocabulary: list[str]) -> str:
    if draw(st.booleans()):
        return draw(st.text(st.sampled_from(ASCII_LOWER), min_size=1, max_size=9))
    return draw(st.sampled_from(vocabulary))


def _no_lost_byte_in_two_layers(text: str) -> bool:
    return _no_lost_byte(text) and _no_lost_byte(_as_cp1252(text, keep_undefined=True))


@st.composite
def news_text(draw: st.DrawFn, lossless: int = 0, lossy: bool = False) -> str:
    """Sentences of real words in Latin, Greek, Cyrillic or CJK script, with ASCII words,
    punctuation, dashes, figures and curly quotes.

    `lossless` (1 or 2 layers of mojibake) keeps to characters whose UTF-8 bytes Windows-1252
    all defines in every layer, plus `”`: when a byte is dropped, only those can be restored
    without guessing between letters (the ambiguous letters are golden cases marked as known
    failures). `lossy` keeps to the scripts whose lost bytes can be restored at all (not CJK).
    At least three words: like ftfy, cleaning needs some context to call a line mojibake.
    """
    scripts = [LATIN, GREEK, CYRILLIC] if lossy else [LATIN, GREEK, CYRILLIC, CJK]
    keep = {1: _no_lost_byte, 2: _no_lost_byte_in_two_layers}.get(lossless)
    if keep:
        scripts = [[word for word in script if keep(word)] or ["x"] for script in scripts]
    words = []
    for _ in range(draw(st.integers(3, 12))):
        word = draw(_word(draw(st.sampled_from(scripts))))
        if draw(st.integers(0, 4)) == 0:
            opening, closing = draw(st.sampled_from(QUOTES))
            word = opening + word + closing
        if draw(st.integers(0, 3)) == 0:
            word += draw(st.sampled_from(PUNCTUATION))
        words.append(word)
        if draw(st.integers(0, 5)) == 0:
            words.append(draw(st.sampled_from(TOKENS)))
    return " ".join(words)


def _as_cp1252(text: str, keep_undefined: bool = False) -> str:
    """Misread UTF-8 as Windows-1252; undefined bytes are dropped or kept as C1 controls."""
    return "".join(
        bytes([b]).decode("cp1252") if b not in CP1252_UNDEFINED else chr(b) * keep_undefined
        for b in text.encode()
    )


def _as_latin1(text: str) -> str:
    return text.encode().decode("latin-1")


FAST = settings(max_examples=100, deadline=None)


@FAST
@given(news_text())
def test_clean_text_is_unchanged(text: str) -> None:
    assert clean_text(text).text == text
    assert clean_text(text).fixes == ()


GLITCH_PIECES = [*"\n\r\x00\u200b\ufeff\u00a0\u2028ÂÃ©€â\x81\x9d\u201dÐÑ", "&amp;", "&#8217;"]


@FAST
@given(st.lists(st.sampled_from([*ASCII_LOWER, *"éüñαβжд北", " ", *GLITCH_PIECES]), max_size=40))
def test_cleaning_is_idempotent(pieces: list[str]) -> None:
    once = clean_text("".join(pieces)).text
    assert clean_text(once).text == once


@FAST
@given(news_text())
def test_cp1252_mojibake_is_undone(text: str) -> None:
    assert clean_text(_as_cp1252(text, keep_undefined=True)).text == text


@FAST
@given(news_text(lossless=1))
def test_cp1252_mojibake_with_dropped_bytes_is_undone(text: str) -> None:
    assert clean_text(_as_cp1252(text)).text == text


@FAST
@given(news_text())
def test_latin1_mojibake_is_undone(text: str) -> None:
    assert clean_text(_as_latin1(text)).text == text


@FAST
@given(news_text(lossless=2))
def test_double_mojibake_is_undone(text: str) -> None:
    assert clean_text(_as_cp1252(_as_cp1252(text))).text == text


@FAST
@given(news_text())
def test_html_escaping_is_undone(text: str) -> None:
    escaped = html.escape(text).replace("\u2019", "&rsquo;").replace("\u201c", "&#8220;")
    assert clean_text(escaped).text == text


def _may_lose_nbsp(word: str) -> bool:
    """After a capital, or two characters that look like mojibake, `Â` may be meant."""
    return not word[-1].isupper() and not all(c in MISREAD_BYTE_CHARS for c in word[-2:])


@FAST
@given(news_text(), st.data())
def test_lost_nbsp_is_undone(text: str, data: st.DataObject) -> None:
    words = text.split(" ")
    glitched = [
        word + "Â" if _may_lose_nbsp(word) and data.draw(st.booleans()) else word for word in words
    ]
    assert clean_text(" ".join(glitched)).text == text


@FAST
@given(news_text(), st.data())
def test_one_misread_word_among_clean_ones_is_undone(text: str, data: st.DataObject) -> None:
    """A name pasted from a mis-decoded source (`ErdoÄŸan`) into otherwise correct text."""
    words = text.split(" ")
    index = data.draw(st.integers(0, len(words) - 1))
    words[index] = _as_cp1252(words[index], keep_undefined=True)
    assert clean_text(" ".join(words)).text == text


@st.composite
def cyrillic_news_text(draw: st.DrawFn) -> str:
    """Sentences of Russian words with some ASCII words, figures and Windows-1251 punctuation."""
    words = draw(st.lists(st.sampled_from(CYRILLIC), min_size=2, max_size=8))
    for _ in range(draw(st.integers(0, 3))):
        extra = draw(st.sampled_from(["\u2014", "\u2013", "5%", "12", "BBC", "EU", "said"]))
        words.insert(draw(st.integers(0, len(words))), extra)
    return (
        draw(st.sampled_from(["", "\u201c"])) + " ".join(words) + draw(st.sampled_from(PUNCTUATION))
    )


@FAST
@given(cyrillic_news_text())
def test_windows_1251_read_as_windows_1252_is_undone(text: str) -> None:
    assert clean_text(text.encode("cp1251").decode("cp1252")).text == text


def _as_lossy_cp1252(text: str) -> str:
    """Misread UTF-8 as Windows-1252 the way Python's `errors="replace"` does: U+FFFD marks
    each byte Windows-1252 does not define."""
    return text.encode().decode("cp1252", errors="replace")


@FAST
@given(news_text(lossy=True))
def test_cp1252_mojibake_with_lost_bytes_is_undone(text: str) -> None:
    """Every letter, the ambiguous ones too: real words decide which byte was lost."""
    assert clean_text(_as_cp1252(text)).text == text
    assert clean_text(_as_lossy_cp1252(text)).text == text


ASCII_CAPITALS = "ABCDEGHIKLMNOPRSTUWY"
STYLISED_CAPITALS = "ÄÖÜÅÑÌÍÝÉÈÀÁÊËÎÏÒÓÔÕØÙÚÛ£$"


@st.composite
def stylised_word(draw: st.DrawFn) -> str:
    """A word of capitals with Latin-1 letters and symbols standing in for some (`MÄ£ÄM`)."""
    letters = draw(st.lists(st.sampled_from(ASCII_CAPITALS + STYLISED_CAPITALS), max_size=6))
    letters.insert(draw(st.integers(0, len(letters))), draw(st.sampled_from(ASCII_CAPITALS)))
    return "".join(letters)


@FAST
@given(st.lists(stylised_word(), min_size=1, max_size=10))
def test_stylised_capitals_are_left_alone(words: list[str]) -> None:
    """Leetspeak and metal umlauts (`MÄ£ÄM BÄDÄÑ`) are correct text: nothing is decoded inside
    a word of capitals into small letters, nor re-read in another code page. (Where ftfy itself
    reads three such capitals as Mac Roman mojibake, `AÈ£Ä`, cleaning does as ftfy does.)"""
    text = " ".join(words)
    assume(ftfy.fix_encoding(text) == text)
    assert clean_text(text).text == text


@FAST
@given(news_text(), st.sampled_from("ÃÂÄÅÐÑØ"))
def test_prose_about_mojibake_letters_is_left_alone(text: str, letter: str) -> None:
    """Prose quoting the letters of mojibake (`a lot of Ã\u2019s`) is correct text."""
    prose = f"{text} There are a lot of {letter}\u2019s in garbled text."
    assert clean_text(prose).text == prose


CONTROLS = [*map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, 0x81, 0x8D, 0x9D])]


@FAST
@given(news_text(), st.data())
def test_a_control_character_between_words_leaves_one_space(text: str, data: st.DataObject) -> None:
    words = text.split(" ")
    index = data.draw(st.integers(0, len(words)))
    control = "".join(data.draw(st.lists(st.sampled_from(CONTROLS), min_size=1, max_size=3)))
    glitched = " ".join([*words[:index], control, *words[index:]])
    assert clean_text(glitched).text == text


# Words whose Latin-1 letter, misread and short of its second byte, only one letter makes known.
LOST_LATIN1_WORDS = ["employés", "déclaré", "société", "réduction", "année", "président", "été",
                     "français", "après", "où", "señor", "años", "até", "não", "über", "größte"]  # fmt: skip


@FAST
@given(st.lists(st.sampled_from(LOST_LATIN1_WORDS), min_size=3, max_size=8), st.data())
def test_a_lost_byte_of_a_latin1_letter_restores_the_known_word(
    words: list[str], data: st.DataObject
) -> None:
    """`employÃs` is `employés` (its `©` lost), not `employÁs`: the word decides the letter."""
    text = " ".join(words)
    misread = _as_cp1252(text, keep_undefined=True)
    seconds = [
        i + 1
        for i, char in enumerate(misread[:-2])
        # Inside a word: at its start `Été` and `été` are equally likely.
        if char == "Ã" and i and misread[i - 1].isalpha() and misread[i + 2].islower()
    ]
    if seconds:
        cut = data.draw(st.sampled_from(seconds))
        misread = misread[:cut] + misread[cut + 1 :]
    assert clean_text(misread).text == text
