"""Turn raw bytes into text, recording which encoding the bytes were read as.

The order matters: a byte-order mark is the strongest evidence, then the pattern of zero bytes
of UTF-16/UTF-32 without a BOM, then strict UTF-8 (valid UTF-8 is almost never an accident), then
UTF-8 with a few bad bytes, and only then a legacy code page chosen by charset-normalizer. A file
that mixes Windows-1252 and UTF-8 (two sources pasted together) is read byte by byte as UTF-8
with a Windows-1252 fallback when that reads more plausibly than any one code page.

What is rejected with `NotTextError`, and why:

* empty or whitespace-only files: nothing to publish;
* files starting with the signature of a known binary format (PDF, ZIP, PNG, gzip...);
* NUL bytes outside UTF-16/UTF-32: text never contains them in quantity. UTF-16 without a BOM is
  recognised by its zero bytes falling on every other byte (ASCII-range text), and accepted; NULs
  elsewhere are tolerated up to one in a hundred bytes (the cleaner removes them), not beyond;
* decoded text in which more than 5% of the characters are control characters or U+FFFD;
* bytes no known encoding reads.

`Decoded.encoding` is `utf-8`, `utf-16`/`utf-32` (with a BOM), `utf-16-le`/`utf-16-be`/
`utf-32-le`/`utf-32-be` (without one, detected from the zero bytes), or the legacy code page:
`cp1252`, `latin-1`, `cp1250`, `cp1251`, `koi8-r`, `cp1253`, `cp1255`, `cp1256`, `gb18030`,
`big5`, `shift_jis`, `euc-jp`, `euc-kr`, `mac-roman`, `cp437`, `cp850`... Text that reads the same in Windows-1252 as in the code
page charset-normalizer names is reported as `cp1252`. Among code pages that read the bytes about
as tidily, the one with fewer implausible words wins, then the one that spells more known words
(wordfreq), then the more common one.

Fix names (stable) recorded in `Decoded.fixes`, from `REPAIRS` (a test keeps this table equal
to it):

| name               | repair                                                          |
|--------------------|-----------------------------------------------------------------|
| utf8_bom_removed   | a UTF-8 byte-order mark at the start of the file was dropped    |
| invalid_utf8_bytes | bytes invalid in otherwise UTF-8 text were read as Windows-1252 |
"""

from __future__ import annotations

import codecs
import itertools
import unicodedata
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from ftfy.badness import badness

from transforms import mojibake_tables as tables
from transforms.repairs import Repair

# The repairs decoding can record, in the order `_decode` considers them (decisions about bytes,
# so no `str -> str` fixer).
REPAIRS: tuple[Repair, ...] = (
    Repair(
        "utf8_bom_removed",
        "a UTF-8 byte-order mark at the start of the file was dropped",
        "decoding",
    ),
    Repair(
        "invalid_utf8_bytes",
        "bytes invalid in otherwise UTF-8 text were read as Windows-1252",
        "decoding",
    ),
)
FIX_DESCRIPTIONS: dict[str, str] = {repair.name: repair.description for repair in REPAIRS}
FIX_NAMES: tuple[str, ...] = tuple(FIX_DESCRIPTIONS)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_NUL_TOLERANCE = 0.01
_CHAOS_TIE = 0.15
_NON_TEXT_TOLERANCE = 0.05
_MIXED_UTF8_RATIO = 4
# Share of UTF-16/UTF-32 code units whose high bytes are zero, for text without a BOM.
_WIDE_ZERO_SHARE = 0.3


class NotTextError(ValueError):
    """The bytes are not text; `reason` says why in words a person can act on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    fixes: tuple[str, ...] = field(default=())


def decode_bytes(raw: bytes) -> Decoded:
    """Decode `raw` (BOM, wide Unicode, UTF-8, legacy code page) or raise `NotTextError`."""
    if not raw:
        raise NotTextError("the file is empty")
    _reject_binary_signature(raw)
    decoded = _decode(raw)
    _reject_non_text(decoded.text)
    return decoded


def _decode(raw: bytes) -> Decoded:
    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            fixes = ("utf8_bom_removed",) if label == "utf-8" else ()
            return Decoded(_strict(raw[len(bom) :], codec, label), label, fixes)
    if wide := _wide_unicode_codec(raw):
        return Decoded(_strict(raw, wide, wide), wide)
    if raw.count(0) > _NUL_TOLERANCE * len(raw):
        raise NotTextError(
            f"the file has {raw.count(0)} NUL bytes in {len(raw)} bytes: it is binary, not text"
        )
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    multibyte, invalid = _utf8_counts(raw)
    mixed = Decoded(decode_utf8_with_cp1252_fallback(raw), "utf-8", ("invalid_utf8_bytes",))
    # A few stray bytes in plenty of UTF-8. (Chinese or Japanese in a legacy encoding also holds
    # some byte pairs that happen to be valid UTF-8, but not many for each invalid byte.)
    if multibyte and invalid * _MIXED_UTF8_RATIO <= multibyte:
        return mixed
    legacy = _decode_legacy(raw)
    # A Windows-1252 file with UTF-8 pasted in: the legacy reading turns that part into mojibake.
    if multibyte and (legacy is None or implausibility(mixed.text) < implausibility(legacy.text)):
        return mixed
    if legacy is None:
        raise NotTextError(
            "the bytes are neither UTF-8 nor any known legacy code page: the file is binary"
        )
    return legacy


def _strict(raw: bytes, codec: str, label: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as error:
        raise NotTextError(
            f"the file starts like {label} text but byte {error.start} is not valid {label}"
        ) from error


def _wide_unicode_codec(raw: bytes) -> str | None:
    """`utf-16-le` etc. when the zero bytes fall where ASCII-range UTF-16/32 puts them."""
    for width, codec, zero_lanes in (
        (4, "utf-32-le", (1, 2, 3)),
        (4, "utf-32-be", (0, 1, 2)),
        (2, "utf-16-le", (1,)),
        (2, "utf-16-be", (0,)),
    ):
        units = len(raw) // width
        if units == 0 or len(raw) % width:
            continue
        lanes = [raw[lane::width].count(0) / units for lane in range(width)]
        zero_share = min(lanes[lane] for lane in zero_lanes)
        other_share = max(
            (lanes[lane] for lane in range(width) if lane not in zero_lanes), default=0
        )
        if zero_share >= _WIDE_ZERO_SHARE and other_share < _NUL_TOLERANCE:
            return codec
    return None


def _utf8_counts(raw: bytes) -> tuple[int, int]:
    """How many valid multi-byte UTF-8 sequences, and how many invalid bytes, `raw` holds."""
    text = raw.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - raw.count("\ufffd".encode())
    multibyte = sum(1 for char in text if not char.isascii()) - text.count("\ufffd")
    return multibyte, invalid


def decode_utf8_with_cp1252_fallback(raw: bytes) -> str:
    """Decode UTF-8, reading each invalid byte as Windows-1252 (U+FFFD where that is undefined).

    A lone Windows-1252 byte pasted into UTF-8 text (`caf\\xe9`) is the usual cause; reading only
    that byte differently keeps the rest of the document instead of rejecting or garbling it.
    A file cut off inside a character ends in the start of a UTF-8 sequence (`E2 80` of `”`, a dash
    or `…`): that is one lost character, written U+FFFD, not the Windows-1252 text `â€` that
    cleaning would take for mojibake and complete with a guess. A lone last byte (`caf\\xe9`)
    is still read as Windows-1252.
    """
    pieces, pos = [], 0
    while pos < len(raw):
        try:
            pieces.append(raw[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            bad_start, bad_end = pos + error.start, pos + error.end
            pieces.append(raw[pos:bad_start].decode("utf-8"))
            if _cut_off_sequence(error, bad_end - bad_start):
                pieces.append(tables.LOST_BYTE_MARK)
            else:
                pieces.append(raw[bad_start:bad_end].decode("cp1252", errors="replace"))
            pos = bad_end
    return "".join(pieces)


def _cut_off_sequence(error: UnicodeDecodeError, length: int) -> bool:
    """Whether the bytes that failed are a UTF-8 sequence begun but cut off by the end of data."""
    return error.reason == "unexpected end of data" and length > 1


def _decode_legacy(raw: bytes) -> Decoded | None:
    """The legacy code page that reads `raw` most plausibly (None when none reads it).

    charset-normalizer rules out code pages that give chaotic text; on short news texts several
    remain close (its chaos measure differs by a few hundredths for a French `«`), so every code
    page near the least chaotic, and the Mac and DOS ones (`ALWAYS_SCORED_CODEPAGES`), is scored
    by implausible words and by letters no one language writes together, then by known words,
    then by `LEGACY_CODEPAGES` order.
    """
    matches = [
        match
        for match in from_bytes(raw, cp_isolation=list(tables.LEGACY_CODEPAGES))
        if _writes_its_scripts(str(match), match.encoding)
    ]
    if not matches:
        return None
    least_chaos = min(match.chaos for match in matches)
    tied = {
        codec
        for match in matches
        if match.chaos <= least_chaos + _CHAOS_TIE
        for codec in (match.encoding, *match.could_be_from_charset)
        if codec in tables.LEGACY_CODEPAGES
    }
    readings = {codec: raw.decode(codec) for codec in tied}
    readings |= {
        codec: text
        for codec in tables.ALWAYS_SCORED_CODEPAGES
        if codec not in readings and (text := _decode_or_none(raw, codec)) is not None
    }
    readings = {codec: text for codec, text in readings.items() if _writes_its_scripts(text, codec)}
    codec = min(readings, key=lambda c: _legacy_rank(readings[c], c))
    return Decoded(readings[codec], tables.ENCODING_LABELS.get(codec, codec))


def _decode_or_none(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def _legacy_rank(text: str, codec: str) -> tuple[int, float, int]:
    """Lower is likelier: implausibility, then a larger share of known words, then the order."""
    known = round(known_word_share(text), 1)
    return implausibility(text), -known, tables.LEGACY_CODEPAGES.index(codec)


def _writes_its_scripts(text: str, codec: str) -> bool:
    """Whether the letters beyond ASCII fit `codec` (CODEPAGE_SCRIPTS, CODEPAGE_FOREIGN_SCRIPTS)."""
    letters = [char for char in text if char.isalpha() and not char.isascii()]
    foreign = tables.CODEPAGE_FOREIGN_SCRIPTS.get(codec, ())
    if any(_script(char) in foreign for char in letters):
        return False
    scripts = tables.CODEPAGE_SCRIPTS.get(codec)
    if scripts is None:
        return True
    own = sum(1 for char in letters if _script(char) in scripts)
    return 2 * own > len(letters)


def known_word_share(text: str, sample: int = 60) -> float:
    """Share of the first `sample` words beyond ASCII that are known words of their script.

    Readings in two code pages can both look tidy (Hebrew read as Windows-1251 is lowercase
    Cyrillic throughout, Mac Roman `Zürich` read as Windows-1252 is `ZŸrich`); only the right one
    spells words of its languages (wordfreq, `SCRIPT_LANGUAGES`).
    """
    words = [
        (word, languages)
        for word in tables.NON_ASCII_WORD.findall(text)
        if (languages := tables.SCRIPT_LANGUAGES.get(_first_script(word), ()))
    ][:sample]
    if not words:
        return 0.0
    from wordfreq import zipf_frequency

    known = sum(
        1 for word, languages in words if max(zipf_frequency(word, lang) for lang in languages)
    )
    return known / len(words)


def implausibility(text: str) -> int:
    """Words mixing scripts, capitals after small letters, symbols inside words, ftfy badness,
    and letters that no single language writes together."""
    odd_words = sum(1 for word in tables.NON_ASCII_WORD.findall(text) if _odd_word(word))
    return odd_words + badness(text) + alphabet_misfit(text)


def alphabet_misfit(text: str) -> int:
    """How many distinct non-ASCII letters of `text` the best-fitting language does not write.

    Czech read as Windows-1252 (`rozpoèet, øekl, danì`) mixes French `è`, Danish `ø` and
    Italian `ì`: no language has all three, while the Windows-1250 reading (`rozpočet, řekl,
    daně`) is all Czech. Names from several languages in one text can also mix alphabets, so
    this only adds to the other signs and breaks ties between code pages. Only Latin, Greek and
    Cyrillic letters are counted: the alphabets listed are theirs.
    """
    letters = {
        char
        for char in text.lower()
        if char.isalpha() and not char.isascii() and _script(char) in tables.ALPHABET_SCRIPTS
    }
    if not letters:
        return 0
    return min(len(letters - set(alphabet)) for alphabet in tables.LANGUAGE_ALPHABETS.values())


def _script(char: str) -> str:
    """The first word of the character's Unicode name: LATIN, CYRILLIC, CJK, HIRAGANA..."""
    return unicodedata.name(char, "?").split(" ")[0]


def _first_script(word: str) -> str:
    return next((_script(char) for char in word if char.isalpha() and not char.isascii()), "")


def mixes_scripts(word: str) -> bool:
    """Whether the letters of `word` come from more than one script (`Zںrich`, `A£Δ`)."""
    return len({_script(c) for c in word if c.isalpha()}) > 1


def _odd_word(word: str) -> bool:
    case_flip = any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))
    symbol_inside = any(not c.isalpha() for c in word[1:-1])
    # `½uvre`, `5 ¤`: ISO-8859-15's œ and € read as Windows-1252 or Latin-1.
    stray_symbol = any(c in tables.RARE_SYMBOLS for c in word) or (
        word[0] in tables.FRACTIONS and word[1:2].isalpha()
    )
    return mixes_scripts(word) or case_flip or symbol_inside or stray_symbol


def _reject_binary_signature(raw: bytes) -> None:
    for signature, kind in tables.BINARY_SIGNATURES:
        if raw.startswith(signature):
            raise NotTextError(f"the file is {kind}, not text")


def _reject_non_text(text: str) -> None:
    if not text.strip():
        raise NotTextError("the file holds only white space")
    if not tables.CONTROL_OR_MARK.search(text):
        return
    non_text = len(tables.NON_TEXT_CHARS.findall(text))
    if non_text > _NON_TEXT_TOLERANCE * len(text):
        raise NotTextError(
            f"{non_text} of {len(text)} characters are control characters or undecodable bytes: "
            "the file is binary, not text"
        )
