"""Data for decoding and cleaning: byte signatures, character classes and repair preferences.

Kept apart from the logic in `decoding.py` and `cleaning.py` so that a table can be read,
reviewed and extended without touching a fixer.
"""

from __future__ import annotations

import re

# --- decoding -------------------------------------------------------------------------------

# Leading bytes of common binary formats, with the name a person would recognise.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office/EPUB file)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office document"),
    (b"PAR1", "a Parquet file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 audio file"),
    (b"RIFF", "a RIFF media file (WAV/AVI/WebP)"),
)

# Legacy code pages charset-normalizer may choose from, Western and Central European first (ties
# go to the earlier). The Hebrew, Arabic, Thai, Chinese, Japanese and Korean ones are chosen only
# for text mostly in their own scripts (`CODEPAGE_SCRIPTS`). Mac Roman and the DOS code pages 437
# and 850 come last: Western text in them reads in Windows-1252 or a Cyrillic or Arabic code page
# as a word with a stray capital or a letter of another script (`ZŸrich`, `MЃnchen`, `Zںrich`), so
# they win on plausibility and known words, never on a tie.
LEGACY_CODEPAGES: tuple[str, ...] = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1255",
    "cp1256",
    "cp874",
    "gb18030",
    "big5",
    "cp932",
    "euc_jp",
    "cp949",
    "mac_roman",
    "cp437",
    "cp850",
)
# Code pages whose reading is always scored beside charset-normalizer's choices: it stops at the
# first code page that reads without chaos, and Windows-1250 reads DOS or Mac text so
# (`infla‡Ćo`, `SĆo` for `inflação`, `São`).
ALWAYS_SCORED_CODEPAGES: tuple[str, ...] = ("mac_roman", "cp437", "cp850")

# Code pages for scripts other than Latin, Greek and Cyrillic, with the scripts they write (the
# first word of a character's Unicode name). Windows-1256 also has the French letters, so a French
# text with one stray byte reads in it as French plus one Arabic letter: a code page is chosen
# only when most of the letters it gives beyond ASCII are of its scripts.
CODEPAGE_SCRIPTS: dict[str, tuple[str, ...]] = {
    "cp1255": ("HEBREW",),
    "cp1256": ("ARABIC",),
    "cp874": ("THAI",),
    "gb18030": ("CJK",),
    "big5": ("CJK",),
    "cp932": ("CJK", "HIRAGANA", "KATAKANA"),
    "euc_jp": ("CJK", "HIRAGANA", "KATAKANA"),
    "cp949": ("HANGUL", "CJK"),
}

# Scripts a code page's text never holds: GB2312 and Big5 have kana, but Chinese does not write
# them, so Japanese read in a Chinese code page keeps its kana and garbles its kanji.
CODEPAGE_FOREIGN_SCRIPTS: dict[str, tuple[str, ...]] = {
    "gb18030": ("HIRAGANA", "KATAKANA"),
    "big5": ("HIRAGANA", "KATAKANA"),
}
# Languages (wordfreq codes) of the scripts whose readings are told apart by known words when
# nothing else does: Hebrew read as Windows-1251 is tidy Cyrillic, but no Russian word.
SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    # Western European text in Windows-1252, Mac Roman or a DOS code page can read tidily in
    # several of them (`Zürich`, `ZŸrich`): only one spells known words.
    "LATIN": (
        "en",
        "de",
        "fr",
        "es",
        "pt",
        "it",
        "nl",
        "sv",
        "da",
        "nb",
        "fi",
        "is",
        "ca",
        "pl",
        "cs",
        "sk",
        "hu",
        "ro",
        "sh",
        "sl",
        "tr",
        "lt",
        "lv",
    ),
    "CYRILLIC": ("ru", "uk", "bg", "mk"),
    "GREEK": ("el",),
    "HEBREW": ("he",),
    "ARABIC": ("ar", "fa", "ur"),
}

# How a Python codec name is reported in `Decoded.encoding`.
ENCODING_LABELS: dict[str, str] = {
    "latin_1": "latin-1",
    "iso8859_15": "iso-8859-15",
    "iso8859_2": "iso-8859-2",
    "koi8_r": "koi8-r",
    "cp932": "shift_jis",
    "euc_jp": "euc-jp",
    "cp949": "euc-kr",
    "mac_roman": "mac-roman",
}

# The letters beyond ASCII that each language writes (lowercase). A legacy code page that reads
# a text as letters no single language uses together (`rozpoèet øekl` from Czech Windows-1250
# read as Windows-1252) is less plausible than one that reads it as one language's alphabet.
LANGUAGE_ALPHABETS: dict[str, str] = {
    "french": "àâæçéèêëîïôœùûüÿ",
    "german": "äöüß",
    "spanish": "áéíñóúü",
    "portuguese": "áâãàçéêíóôõú",
    "italian": "àèéìíîòóùú",
    "catalan": "àçéèíïòóúü",
    "dutch": "áéèëïóöü",
    "danish_norwegian": "æøåéó",
    "swedish_finnish": "åäöéšž",
    "icelandic": "áðéíóúýþæö",
    "polish": "ąćęłńóśźż",
    "czech": "áčďéěíňóřšťúůýž",
    "slovak": "áäčďéíĺľňóôŕšťúýž",
    "hungarian": "áéíóöőúüű",
    "romanian": "ăâîșțşţ",
    "croatian_slovene": "čćđšž",
    "turkish": "çğıöşüâî",
    "lithuanian": "ąčęėįšųūž",
    "latvian": "āčēģīķļņšūž",
    "estonian": "äöõüšž",
    "albanian": "çë",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς",
    "russian": "абвгдежзийклмнопрстуфхцчшщъыьэюяё",
    "ukrainian": "абвгдежзийклмнопрстуфхцчшщьюяіїєґ",
    "belarusian": "абвгдежзйклмнопрстуўфхцчшыьэюяёі",
    "serbian_macedonian": "абвгдђежзијклљмнњопрстћуфхцчџшѓѕќ",
    "bulgarian": "абвгдежзийклмнопрстуфхцчшщъьюя",
}

# The scripts (first word of a letter's Unicode name) whose alphabets are listed above.
ALPHABET_SCRIPTS = frozenset({"LATIN", "GREEK", "CYRILLIC"})

# Latin-1 symbols that real text hardly uses: where they appear, another code page (ISO-8859-15:
# € Š š Ž ž) is more likely meant. Fractions are common, but not at the start of a word.
RARE_SYMBOLS: str = "\u00a4\u00a6\u00a8\u00b4\u00b8"  # ¤ ¦ ¨ acute cedilla
FRACTIONS: str = "¼½¾"

# A word of a decoded text that has a non-ASCII character: letters, digits and the symbols a
# wrong code page puts inside words.
NON_ASCII_WORD = re.compile(r"[^\s\"'()\[\]{},.;:!?/-]*[^\x00-\x7f\s][^\s\"'()\[\]{},.;:!?/-]*")

# --- mojibake ---------------------------------------------------------------------------------

# Bytes Windows-1252 leaves undefined. A decoder that skips them drops them from the text.
CP1252_UNDEFINED: bytes = bytes((0x81, 0x8D, 0x8F, 0x90, 0x9D))

# Characters that stand for one byte 0x80-0xFF of misread UTF-8: what Windows-1252 gives those
# bytes, plus U+0080-U+00FF for what Latin-1 (or a lenient Windows-1252) gives them.
CP1252_HIGH_CHARS: str = bytes(b for b in range(0x80, 0x100) if b not in CP1252_UNDEFINED).decode(
    "cp1252"
)
MISREAD_BYTE_CHARS: str = "".join(
    sorted(set(CP1252_HIGH_CHARS) | set(map(chr, range(0x80, 0x100))))
)
MISREAD_BYTE_RUN = re.compile(f"[{re.escape(MISREAD_BYTE_CHARS)}]+")
# A lossy decoder may have written U+FFFD where it met a byte it does not define; inside a run of
# misread bytes it stands for that one byte, whose value is then guessed like a dropped one.
LOST_BYTE_MARK = "\ufffd"
LOST_BYTE_RUN = re.compile(f"[{re.escape(MISREAD_BYTE_CHARS + LOST_BYTE_MARK)}]+")
# A run of misread bytes followed by `?`, which a decoder may have written for a byte it could not
# read (`â€?` for `”`); the `?` is taken for the lost byte only after a sequence short of one.
RUN_BEFORE_QUESTION_MARK = re.compile(f"([{re.escape(MISREAD_BYTE_CHARS)}]+)\\?")
# Punctuation a closing quotation mark follows (`said.”`), where a sequence cut off at the end of
# a text is completed as one.
SENTENCE_ENDS = ".,!?;:\u2026"
# The word that ends a text, for telling a restored last letter from a guess.
LAST_WORD = re.compile(r"[^\W\d_]+$")
# A character that neither Windows-1252 nor Latin-1 has: only a line holding one can be UTF-8
# misread in another code page (Windows-1250's `Ă`, Mac Roman's `√`).
BEYOND_WINDOWS_1252 = re.compile(f"[^\\x00-\\x7f{re.escape(MISREAD_BYTE_CHARS + LOST_BYTE_MARK)}]")
# Characters of the decoded text that make a file look binary rather than textual: C0 controls
# other than tab and line/page breaks, DEL, and the replacement character, except where it follows
# a character of misread UTF-8 (`SlovenÄ\ufffdina`): there it stands for one byte a lossy decoder
# could not read, a sign of text, and a name of a few letters must not be rejected for it.
CONTROL_OR_MARK = re.compile(f"[\x00-\x08\x0e-\x1f\x7f{LOST_BYTE_MARK}]")  # a quick first look
NON_TEXT_CHARS = re.compile(
    # The mark is matched first and then looked behind: a look-behind at every character is slow.
    f"[\x00-\x08\x0e-\x1f\x7f]|{LOST_BYTE_MARK}(?<![{re.escape(MISREAD_BYTE_CHARS)}]{LOST_BYTE_MARK})"
)
# Byte A0 of a sequence (Cyrillic er is D0 A0, `à` C3 A0) is often turned into a plain space
# along with the no-break spaces it resembles. After a lead byte of this set (ftfy's, for its
# `restore_byte_a0`) and before a misread byte or another space, a space is put back to A0 in a
# line known to be mojibake.
A0_AS_SPACE = re.compile(f"(?<=[ÂÃÅÎÐÙ]) (?=[ {re.escape(MISREAD_BYTE_CHARS)}])")
# What Windows-1252 shows for UTF-8 continuation bytes 0x80-0xBF.
CONTINUATION_CHARS: str = bytes(b for b in range(0x80, 0xC0) if b not in CP1252_UNDEFINED).decode(
    "cp1252"
)

# When a byte was dropped from a UTF-8 sequence, several characters could have been meant. These
# are the ones restored, most likely first; a candidate not listed here is never guessed, so text
# that merely resembles a broken sequence (a CJK character, a control) is left alone.
LIKELY_RESTORATIONS: str = (
    "\u201d"  # ” right double quotation mark: E2 80 9D, by far the most common loss
    "\u2010"  # hyphen (U+2010): E2 80 90
    "\u2764"  # ❤ heavy black heart: E2 9D A4
    "ÁÍÏÐÝ"  # C3 xx
    "čāďĐĝ"  # C4 xx
    "ŁŐōŏŝ"  # C5 xx
    "ǁǍǏǐǝ"  # C7 xx
    "ΝΏΐ"  # CE xx
    "ρύϏϐϝ"  # CF xx
    "АНЁЏЍ"  # D0 xx
    "сяэѐѝ"  # D1 xx
    "אםׁ"  # D7 xx
    "فُِ"  # D9 xx
)
# Languages (wordfreq codes) whose words may hold each restorable letter. When a lost byte could
# have been several letters, the one that makes the most frequent word in these languages wins
# (`заявил`, not `засвил`); when no word is known, the order of LIKELY_RESTORATIONS decides.
_CYRILLIC = ("ru", "uk", "bg", "mk")
LOST_BYTE_LANGUAGES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("ÁÍ", ("es", "pt", "hu", "cs", "sk", "is", "ca", "it")),
    "Ï": ("fr", "nl", "ca"),
    "Ð": ("is",),
    "Ý": ("cs", "sk", "is"),
    "č": ("cs", "sk", "sl", "sh", "lt", "lv"),
    "ā": ("lv",),
    "ď": ("cs", "sk"),
    "Đ": ("sh", "vi"),
    "Ł": ("pl",),
    "Ő": ("hu",),
    **dict.fromkeys("ΝΏΐρύϏϐϝ", ("el",)),
    **dict.fromkeys("АНЁЏЍсяэѐѝ", _CYRILLIC),
    **dict.fromkeys("אםׁ", ("he",)),
    **dict.fromkeys("فُِ", ("ar", "fa", "ur")),
}
# wordfreq's codes for the languages of `LANGUAGE_ALPHABETS` (none where wordfreq has no list).
ALPHABET_WORDFREQ: dict[str, tuple[str, ...]] = {
    "french": ("fr",),
    "german": ("de",),
    "spanish": ("es",),
    "portuguese": ("pt",),
    "italian": ("it",),
    "catalan": ("ca",),
    "dutch": ("nl",),
    "danish_norwegian": ("da", "nb"),
    "swedish_finnish": ("sv", "fi"),
    "icelandic": ("is",),
    "polish": ("pl",),
    "czech": ("cs",),
    "slovak": ("sk",),
    "hungarian": ("hu",),
    "romanian": ("ro",),
    "croatian_slovene": ("sh", "sl"),
    "turkish": ("tr",),
    "lithuanian": ("lt",),
    "latvian": ("lv",),
}
# The languages whose words may hold each Latin letter beyond ASCII (small letters).
LETTER_LANGUAGES: dict[str, tuple[str, ...]] = {
    letter: tuple(
        code
        for name, codes in ALPHABET_WORDFREQ.items()
        if letter in LANGUAGE_ALPHABETS[name]
        for code in codes
    )
    for letter in sorted(
        {letter for name in ALPHABET_WORDFREQ for letter in LANGUAGE_ALPHABETS[name]}
    )
}
# UTF-8 lead bytes whose lost second byte may have been any continuation byte, not only one that
# Windows-1252 leaves undefined: the Latin-1 letters (C3 xx), whose symbol byte a clean-up may
# have stripped as well (`employÃ©s` without its `©`). The letter that makes a known word is
# restored (`employés`, not `employÁs`); without one, the most likely of `LIKELY_RESTORATIONS`.
ANY_CONTINUATION_LEADS: bytes = bytes((0xC3,))
# In mojibake of mojibake, a lost byte inside an outer layer usually belonged to a character that
# is itself the Windows-1252 form of a UTF-8 lead byte (`Ð` for Cyrillic D0, `Ï` for Greek CF).
# These are preferred when the next character continues a sequence of the inner layer.
LIKELY_INNER_LEADS: str = "ÐÏÝÍ"
# Windows-1252 letters for UTF-8 lead bytes that no language writes before a small letter: one
# found there lost its second byte (`Ãlvaro` is `Álvaro`, C3 81). `Ä`, `Å`, `Ñ`, `Î` do begin
# words (`Ärger`, `Åsa`, `Ñandú`, `Île`) and are not listed.
NEVER_BEFORE_SMALL_LETTERS: str = "Ã"

# A single misread character in otherwise clean text (`ErdoÄŸan`, `Brandâ„¢`) gives ftfy too
# little evidence. `fix_lone_mojibake` decodes such a character only when it reads as one of
# these: letters of the European alphabets and common news symbols. Everything else a run of two
# Latin-1 characters could spell by accident (IPA, combining marks, Syriac, CJK...) is left alone,
# and so are Vietnamese letters: `á»…` is also Spanish `está»…`, and Vietnamese words carry
# enough marks for ftfy to see them.
LONE_MOJIBAKE_LETTERS = (
    "\u00c0-\u00ff"  # Latin-1 letters: Å Î Ò é
    "\u0100-\u017f"  # Latin Extended-A: ğ ş ł ą ő Œ
    "\u01a0\u01a1\u01af\u01b0"  # Vietnamese Ơ ơ Ư ư
    "\u01cd-\u01dc"  # pinyin ǎ ǐ ǒ ǔ ǚ
    "\u0218-\u021b"  # Romanian Ș ș Ț ț
    "\u0386-\u03ce"  # Greek
    "\u0400-\u045f"  # Cyrillic (Russian, Ukrainian, Serbian, Macedonian)
)
LONE_MOJIBAKE_SYMBOLS = (
    "\u00a1-\u00bf"  # Latin-1 symbols: £ © ° ½
    "\u2010-\u2027\u2030-\u205e"  # dashes, quotes, bullets, ellipsis, per mille
    "\u20a0-\u20c0"  # currency: € ₩ ₴ ₿
    "\u2100-\u218f"  # letterlike and number forms: ™ № ℃ ⅓
    "\u2190-\u23ff"  # arrows, mathematical and technical symbols
    "\u2460-\u24ff\u25a0-\u27bf"  # enclosed numbers, shapes, symbols, dingbats: ■ ► ★ ✓
    "\U0001f300-\U0001faff"  # emoji
)
# News symbols at either end of a decoded run (quotes, dashes, bullets), around its letters.
LONE_MOJIBAKE_EDGES = re.compile(f"^[{LONE_MOJIBAKE_SYMBOLS}]+|[{LONE_MOJIBAKE_SYMBOLS}]+$")
LONE_MOJIBAKE_LETTER = re.compile(f"[{LONE_MOJIBAKE_LETTERS}]")
# Windows-1252 letters among the continuation bytes 0x80-0xBF. In an all-capital word a lone
# misread letter is decoded only when its continuation shows as one of these (`ERDOÄžAN`): a
# capital followed by a symbol (`ROMÂ»`) is too often correct text.
LETTER_CONTINUATIONS: str = "ƒŠŒŽšœžŸ"
# Legacy code pages whose text is often found read as Windows-1252 (`Ðîññèÿ` is Windows-1251
# `Россия`, `rz¹d` is Windows-1250 `rząd`), tried in this order by `fix_wrong_codepage`.
MISREAD_CODEPAGES: tuple[str, ...] = ("cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "koi8_r")
# What KOI8-R shows for UTF-8 continuation bytes 0x80-0xBF (box drawing and a few signs): a line
# of UTF-8 read as KOI8-R is full of them (`п∙я│п╩п╦`).
KOI8_CONTINUATION_SIGNS = re.compile(
    "["
    + re.escape(bytes(range(0x80, 0xC0)).decode("koi8_r").replace("ё", "").replace("Ё", ""))
    + "]"
)
# Letters of Windows-1252's upper half: a line mostly made of them is not a Western language.
CP1252_HIGH_LETTERS = re.compile("[\u00c0-\u00ff\u0160\u0161\u0152\u0153\u017d\u017e\u0178]")
# Share of a line's letters that must be such letters before another code page is tried.
MISREAD_LETTER_SHARE = 0.3
# Share of the words beyond ASCII that a re-read line must spell as known words of their script
# (wordfreq): stylised capitals (`AÁÒ`) or a garble re-read in Windows-1250 or KOI8-R spell none.
REREAD_KNOWN_WORD_SHARE = 0.5
# A Latin-1 symbol between two letters: `rz¹d`, `bud¿et` (Windows-1250 ą and ż).
SYMBOL_IN_WORD = re.compile("[^\\W\\d_][\u00a1-\u00ac\u00ae-\u00bf]+[^\\W\\d_]")

# --- script mixtures ----------------------------------------------------------------------------

# Letters of the scripts a misread code page mixes into a word (explicit ranges, so that the
# pattern below also serves as a plain regular expression for a Great Expectations rule).
LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
SMALL_LATIN_LETTERS = "a-z\u00df-\u00f6\u00f8-\u00ff"
CAPITAL_LATIN_LETTERS = "A-Z\u00c0-\u00d6\u00d8-\u00de"
CYRILLIC_LETTERS = "\u0400-\u0481\u048a-\u052f"
ARABIC_LETTERS = "\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06fa-\u06fc\u06ff"
HEBREW_LETTERS = "\u05d0-\u05ea\u05f0-\u05f2"
GREEK_LETTERS = "\u0386\u0388-\u038a\u038c\u038e-\u03a1\u03a3-\u03ce"
# A word mixing Latin letters with Cyrillic, Arabic or Hebrew ones, side by side with nothing
# between (`Zںrich`, `MЃnchen`, `Slovenдina`): no language writes that, a wrong code page does.
# Greek letters count only inside a Latin word written in small letters (`Mόnchen`, `Zόrich`):
# science writes them beside capitals and digits (IL2R gamma c, NF-kappa-B, 10 mu s, k Omega).
# Latin and Cyrillic words side by side, Serbian in either alphabet, and paragraphs in several
# languages are not matched; a homoglyph inside a word (a Cyrillic E ending `SENS`) is.
_OTHER_SCRIPTS = CYRILLIC_LETTERS + ARABIC_LETTERS + HEBREW_LETTERS
MIXED_SCRIPT_WORD = re.compile(
    f"[{LATIN_LETTERS}][{_OTHER_SCRIPTS}]|[{_OTHER_SCRIPTS}][{LATIN_LETTERS}]"
    f"|(?:[{SMALL_LATIN_LETTERS}]|\\b[{CAPITAL_LATIN_LETTERS}])[{GREEK_LETTERS}]+[{SMALL_LATIN_LETTERS}]"
)

# C1 controls: bytes 0x80-0x9F read as Latin-1 rather than Windows-1252.
C1_CONTROL = re.compile("[\x80-\x9f]")


# --- invisible and space characters -----------------------------------------------------------

LINE_SEPARATORS = re.compile("[\u2028\u2029\x0b\x0c]")
ZERO_WIDTH_CHARS = re.compile("[\u200b\u2060]")
SOFT_HYPHEN = "\u00ad"
BOM = "\ufeff"
# C0 controls except tab and newline, DEL, and C1 controls (those left after mojibake repair).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A run of them with a space or tab on both sides, or between one and the edge of a line: it stood
# where a word or a mark was, and goes with one of its spaces so that no double space is left.
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f]+"
CONTROL_CHARS_WITH_SPACE = re.compile(
    f"(?<=[ \t]){_CONTROL}[ \t]|[ \t]{_CONTROL}(?=\n|$)|^{_CONTROL}[ \t]", re.MULTILINE
)
# Every Unicode space separator but the ordinary space (category Zs).
EXOTIC_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")

# A named or numeric character reference, written in full with its semicolon. References without
# a semicolon (`&copy`) are left alone: in plain text they are usually part of a URL query.
HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
