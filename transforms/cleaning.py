"""Repair encoding glitches in decoded text and report which repairs were applied.

`clean_text` runs named, pure `str -> str` fixers in a fixed order, in the manner of ftfy, and
repeats the whole sequence until the text stops changing (one repair can expose another, and a
fixed point makes cleaning idempotent). ftfy's mojibake detection is the baseline; the fixers here
handle what it leaves broken: bytes Windows-1252 does not define that a decoder dropped, a stray
`Â` where a non-breaking space was lost, a name or symbol misread alone in a clean line
(`ErdoÄŸan`, `â„¢`), UTF-8 read as KOI8-R, entities pasted into plain text, invisible characters.
ftfy's rule holds throughout: when a repair is unsure, the text stays as it is (stylised
capitals, prose quoting mojibake, a garble no reading makes tidy), and on ftfy's own test cases
cleaning does no worse than ftfy (`tests/test_ftfy_cases.py`).

Policy on typography: correct text is returned exactly as written. Curly quotes, dashes, accents,
ligatures, full-width forms and every script are kept. Two things are normalised by default:

* line ends become `\\n` (CRLF, CR, U+2028/U+2029, vertical tab and form feed);
* every Unicode space separator (NBSP, thin, narrow, figure, em, ideographic space...) becomes an
  ordinary space. Non-breaking spaces carry layout, not meaning, and differing spaces would split
  the same name into different strings for search and NER. `CleaningOptions(normalize_spaces=
  False)` keeps them.

`CleaningOptions(uncurl_quotes=True)` also turns curly quotes into ASCII ones; it is off by default.
Text is put in Unicode NFC form, the canonical composition of accents.

Zero-width joiner and non-joiner (U+200D, U+200C) and the bidirectional marks are kept: they are
part of correct emoji, Persian, Indic and Arabic/Hebrew text. The zero-width space and word joiner
are removed.

Fix names (stable), from `REPAIRS` in the order they are applied (a test keeps this table equal
to it; the `mojibake` entries are what `repair_mojibake` names, see `transforms.repairs`):

| name                | repair                                                                    |
|---------------------|---------------------------------------------------------------------------|
| crlf                | CRLF and lone CR line ends became LF                                      |
| line_separators     | Unicode line/paragraph separators, vertical tabs and form feeds became LF |
| terminal_escapes    | ANSI terminal escape codes were removed                                   |
| html_entities       | HTML entities and numeric character references were decoded               |
| lost_nbsp           | a stray 'Â' left by a lost non-breaking space was removed                 |
| mojibake_cp1252     | UTF-8 text that had been read as Windows-1252 was decoded again           |
| mojibake_latin1     | UTF-8 text that had been read as Latin-1 was decoded again                |
| mojibake_other      | UTF-8 text that had been read as another code page was decoded again      |
| wrong_codepage      | Windows-1251/1250/... text that had been read as Windows-1252 was re-read |
| mojibake_lost_bytes | mojibake missing the bytes Windows-1252 does not define was restored      |
| double_mojibake     | text mis-decoded two or more times was repaired layer by layer            |
| c1_controls         | C1 control characters were replaced by the Windows-1252 characters meant  |
| surrogates          | UTF-16 surrogate code points were joined or replaced                      |
| bom_in_text         | byte-order marks inside the text were removed                             |
| zero_width_chars    | zero-width spaces and word joiners were removed                           |
| soft_hyphens        | soft hyphens were removed                                                 |
| control_chars       | control characters and NULs were removed                                  |
| exotic_spaces       | non-breaking and other special spaces became ordinary spaces              |
| uncurled_quotes     | curly quotes became ASCII quotes                                          |
| unicode_nfc         | the text was put in Unicode NFC form                                      |
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import ftfy
import ftfy.fixes

from transforms import mojibake_tables as tables
from transforms.decoding import alphabet_misfit, implausibility, known_word_share, mixes_scripts
from transforms.repairs import Repair

Fixer = Callable[[str], str]

_MAX_ROUNDS = 4
_MAX_MOJIBAKE_ROUNDS = 12
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)


@dataclass(frozen=True)
class CleaningOptions:
    """Typography settings. The defaults keep correct typography and normalise spaces."""

    normalize_spaces: bool = True
    uncurl_quotes: bool = False


@dataclass(frozen=True)
class Cleaned:
    text: str
    fixes: tuple[str, ...]


# --- line ends and markup ----------------------------------------------------------------------


def normalize_line_endings(text: str) -> str:
    """CRLF (Windows) and lone CR (old Mac) become LF, so line-based rules see one kind of line."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalize_line_separators(text: str) -> str:
    """U+2028/U+2029, vertical tab and form feed are line breaks that most tools do not see."""
    return tables.LINE_SEPARATORS.sub("\n", text)


def remove_terminal_escapes(text: str) -> str:
    """Colour codes from a terminal log (`ESC[31m`) are not text anyone wrote."""
    return ftfy.fixes.remove_terminal_escapes(text)


def unescape_html_entities(text: str) -> str:
    """`&amp;`, `&#8217;`, `&eacute;` pasted into plain text stand for one character each.

    Only complete references (with their `;`) are decoded, repeatedly, so `&amp;eacute;` becomes
    `é` and the result is stable. Unknown names stay as written.
    """
    for _ in range(_MAX_ROUNDS):
        unescaped = tables.HTML_ENTITY.sub(lambda m: html.unescape(m.group()), text)
        if unescaped == text:
            break
        text = unescaped
    return text


# --- mojibake ------------------------------------------------------------------------------------


def fix_lost_nbsp(text: str) -> str:
    """Remove the `Â` that remains when a UTF-8 non-breaking space was read as Windows-1252.

    NBSP is C2 A0 in UTF-8, which Windows-1252 shows as `Â` + NBSP. When the NBSP is later
    turned into a space or stripped at a line end, a lone `Â` is left after the word: `TürkiyeÂ
    would`, `Marine.Â`. After an uppercase letter `Â` may be a real letter, so it is kept there,
    unless the text shows the glitch elsewhere (a stray `Â` after a small letter, a digit or a
    full stop): then `EADSÂ` and `USÂ` lost a space too. After a run of mojibake that reads as
    whole UTF-8 characters (`Ã¢Â`, in the outer layer of a double misreading) it is more likely
    a lead byte whose own continuation was lost, so it is kept; after a run that is itself short
    of a byte (`â€Â`, a closing quote that lost 9D) it cannot continue that run and is the lost
    space's `Â`.
    """
    if "Â" not in text:
        return text
    kinds = [_stray_a_hat(match) for match in _LOST_NBSP.finditer(text)]
    dropped = {"lost_space", "after_capital"} if "lost_space" in kinds else {"lost_space"}
    return _LOST_NBSP.sub(lambda m: "" if _stray_a_hat(m) in dropped else m.group(), text)


_LOST_NBSP = re.compile(r"(?<=\S)Â(?=[ \t]|$)", re.MULTILINE)
_RUN_BEFORE = re.compile(f"[{re.escape(tables.MISREAD_BYTE_CHARS)}]+$")


def _stray_a_hat(match: re.Match[str]) -> str:
    """What a word-final `Â` is: `lead_byte` of mojibake, `after_capital`, or `lost_space`."""
    before = match.string[max(match.start() - 16, 0) : match.start()]
    run = _RUN_BEFORE.search(before)
    if run and len(run.group()) > 1 and _decode_sequence(_run_bytes(run.group())) is not None:
        return "lead_byte"
    return "after_capital" if before[-1].isupper() else "lost_space"


def restore_lost_bytes(text: str) -> str:
    """Decode UTF-8 mojibake from which the bytes Windows-1252 does not define were lost.

    A decoder that skips undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) leaves sequences ftfy
    cannot decode: `”` (E2 80 9D) becomes `â€`, Cyrillic es (D1 81) becomes `Ñ`; a lossy one
    writes U+FFFD in their place (`â€\ufffd`); byte A0 may have become a space as well (`Ã  `
    for `à `). A run of misread-byte characters is decoded as
    UTF-8 with the missing byte put back. Where it could have been several characters, the one
    that makes the most frequent word wins (wordfreq: `заявил`, not `засвил`), else the most
    likely one (`LIKELY_RESTORATIONS`). Only a line that shows it is mojibake is changed: a run
    that needs a byte restored and holds a real multi-byte sequence (`â€` is E2 80, two
    characters for one), or an `Ã` before a small letter (`Ãlvaro`: Portuguese writes `Ã` only
    among capitals). Runs of lone capitals such as `ÇÃ` in Portuguese `AÇÃO` are no evidence,
    and a lone letter (`Ã` in `NÃO`) is restored only in a line with evidence and only when no
    space or capital follows it. Text that was already decoded is never searched again for lost
    bytes: its `Ä` or `Ñ` before a small letter is a real letter (`Ärger`, `Ñandú`).
    """
    lines = text.split("\n")
    last = _last_line_with_text(lines)
    return "\n".join(_restore_line(line, at_end=i == last) for i, line in enumerate(lines))


def _last_line_with_text(lines: list[str]) -> int:
    return max((i for i, line in enumerate(lines) if line.strip()), default=len(lines) - 1)


@dataclass(frozen=True)
class _Reading:
    """A run of misread bytes decoded as UTF-8, with the bytes it had to restore.

    `choices` holds, for each restored character whose byte could have been several, its index
    in `text` and every candidate, most likely first (`text` has the first).
    """

    text: str
    restored: int
    choices: tuple[tuple[int, tuple[str, ...]], ...] = ()


def _restore_line(line: str, at_end: bool = False) -> str:
    """Restore lost bytes in one line that shows evidence of them."""
    return _restore_line_counting(line, at_end)[0]


def _restore_line_counting(original: str, at_end: bool = False) -> tuple[str, int]:
    """The line with lost bytes restored, and how many were.

    `at_end`: the line ends the text, where a sequence short of its last byte may have been cut
    off rather than have lost a byte: it is completed only when that closes a quotation opened
    in the line or ends a known word (`\u201cdone\u201d`, `Россия`), never to a guess
    (`1950 â€`).
    """
    if original.isascii():
        return original, 0
    line = _question_marks_as_lost_bytes(original)
    runs = list(tables.LOST_BYTE_RUN.finditer(line))
    if not any(_is_evidence(match) or _lead_before_small_letter(match) for match in runs):
        return original, 0
    if tables.A0_AS_SPACE.search(line):
        line = tables.A0_AS_SPACE.sub("\xa0", line)
        runs = list(tables.LOST_BYTE_RUN.finditer(line))
    replacements = [
        (match, reading)
        for match in runs
        if (reading := _decode_run(match.group(), lenient=True)) is not None
        and _may_replace(line, match, reading.text, reading.restored)
    ]
    cut_off = at_end and replacements and _cut_off(line, *replacements[-1])
    if cut_off and not _completes_text(_rebuild(line, replacements)):
        replacements.pop()
    restored = sum(reading.restored for _, reading in replacements)
    return _rebuild(line, replacements), restored


def _rebuild(line: str, replacements: list[tuple[re.Match[str], _Reading]]) -> str:
    """`line` with each run replaced by its reading, ambiguous letters chosen by known words."""
    pieces: list[str] = []
    choices: list[tuple[int, tuple[str, ...]]] = []
    pos = length = 0
    for match, reading in replacements:
        offset = length + match.start() - pos
        pieces += [line[pos : match.start()], reading.text]
        choices += [(offset + index, candidates) for index, candidates in reading.choices]
        pos, length = match.end(), offset + len(reading.text)
    return _choose_by_word_frequency("".join([*pieces, line[pos:]]), choices)


def _question_marks_as_lost_bytes(line: str) -> str:
    """`â€?`: a decoder that writes `?` for a byte it cannot read leaves it after a sequence
    begun but short of one byte, as ftfy reads it. Such a decoder does so every time, so the `?`
    is taken for the lost byte only where every sequence of the line short of its last byte is
    followed by one, and at least two are: a single `”?` is as likely a question after a quote.
    """
    if "?" not in line:
        return line
    marked = [
        m for m in tables.RUN_BEFORE_QUESTION_MARK.finditer(line) if _short_of_last_byte(m[1])
    ]
    short = [m for m in tables.MISREAD_BYTE_RUN.finditer(line) if _short_of_last_byte(m.group())]
    if len(marked) < 2 or len(short) > len(marked):
        return line
    return tables.RUN_BEFORE_QUESTION_MARK.sub(
        lambda m: m[1] + tables.LOST_BYTE_MARK if _short_of_last_byte(m[1]) else m.group(), line
    )


def _short_of_last_byte(run: str) -> bool:
    """Whether `run` ends in a UTF-8 sequence with at least one continuation, short of one byte
    that can be restored (`â€`, not the `Ã` of Portuguese `IRMÃ?`)."""
    lead = _last_lead_short_of_one(run)
    if lead is None or lead == len(run) - 1:
        return False
    reading = _decode_run(run[lead:] + tables.LOST_BYTE_MARK)
    return reading is not None and reading.restored == 1


def _last_lead_short_of_one(run: str) -> int | None:
    """Where the UTF-8 sequence that ends `run` begins, if it is short of exactly one byte."""
    data = _run_bytes(run)
    lead = max((i for i, byte in enumerate(data) if _continuation_count(byte)), default=None)
    if lead is None or _sequence_end(data, lead) != len(data):
        return None
    return lead if _continuation_count(data[lead]) - (len(data) - lead - 1) == 1 else None


def _cut_off(line: str, match: re.Match[str], reading: _Reading) -> bool:
    """A run at the end of `line` whose last sequence is short of a byte, unmarked."""
    return (
        not line[match.end() :].strip()
        and tables.LOST_BYTE_MARK not in match.group()
        and reading.restored > 0
        and _last_lead_short_of_one(match.group()) is not None
    )


def _completes_text(text: str) -> bool:
    """Whether a restored last character closes an open quotation, ends a known word, or
    completes a sequence of an inner layer of mojibake (`â€”` of a dash misread twice)."""
    text = text.rstrip()
    inner = tables.MISREAD_BYTE_RUN.search(text[-4:])
    if inner and inner.end() == len(text[-4:]) and _is_inner_layer(inner.group()):
        return True
    if text.endswith("\u201d"):
        return _closes_quotation(text)
    word = tables.LAST_WORD.search(text)
    return bool(word) and _word_frequency(word.group(), text[-1]) > 0


def _closes_quotation(text: str) -> bool:
    """A `”` ending `text` right after a word or a sentence's end, in a line that quotes or after
    a full stop (`numbers.”`); not after a space (`1950 ”`) nor a bare word (`then”` for `…`)."""
    before = text[-2:-1]
    if not before or before.isspace():
        return False
    quotes = sum(text.count(quote) for quote in '\u201c\u201d\u201e"') - 1
    return quotes > 0 or before in tables.SENTENCE_ENDS


def _is_inner_layer(run: str) -> bool:
    """Whether `run` ends in a whole UTF-8 sequence misread as Windows-1252."""
    return any(
        (reading := _decode_run(run[start:])) is not None
        and reading.restored == 0
        and len(reading.text) < len(run) - start
        for start in range(len(run) - 1)
    )


def _is_evidence(match: re.Match[str]) -> bool:
    """A run that reads as UTF-8 only with a byte restored, with a multi-byte sequence in it,
    whose letters take the case of the word around it."""
    run = match.group()
    strict = _decode_run(run) if len(run) > 1 else None
    return (
        strict is not None
        and strict.restored > 0
        and len(strict.text) < len(run)
        and _fits_case(match, strict.text)
    )


def _fits_case(match: re.Match[str], decoded: str) -> bool:
    """False for small letters decoded inside a word of capitals: `MÄ£ÄM` is stylised capitals
    (`ÌÑÌ`, `BÄDÄÑ`), not `MģčM`; mojibake of capitals decodes to capitals (`ERDOÄžAN`)."""
    if not any(char.islower() for char in decoded):
        return True
    line, start, end = match.string, match.start(), match.end()
    while start > 0 and line[start - 1].isalpha():
        start -= 1
    while end < len(line) and line[end].isalpha():
        end += 1
    around = line[start : match.start()] + line[match.end() : end]
    return not (any(c.isupper() for c in around) and not any(c.islower() for c in around))


def _lead_before_small_letter(match: re.Match[str]) -> bool:
    """`Ãlvaro`: `Ã` begins no word written in small letters, so its second byte was lost."""
    following = match.string[match.end() : match.end() + 1]
    return match.group() in tables.NEVER_BEFORE_SMALL_LETTERS and following.islower()


def _may_replace(line: str, match: re.Match[str], decoded: str, restored: int) -> bool:
    if not _fits_case(match, decoded):
        return False
    if len(decoded) < len(match.group()):
        return True
    # Every character stood alone: only lead bytes that lost their continuation, if any.
    following = line[match.end() : match.end() + 1]
    return bool(restored) and not following.isspace() and not following.isupper()


def _run_bytes(run: str) -> bytes:
    return bytes(ord(c) if ord(c) < 0x100 else c.encode("cp1252")[0] for c in run)


def _decode_run(run: str, lenient: bool = False) -> _Reading | None:
    """The UTF-8 reading of a run of misread bytes and how many bytes it restored.

    Strictly, a run that is not entirely UTF-8 (after restoring bytes) has no reading: None.
    Leniently, for a line known to be mojibake, characters that start no sequence stay as they are.
    """
    marks = frozenset(i for i, char in enumerate(run) if char == tables.LOST_BYTE_MARK)
    # A mark takes the place of a continuation byte; its value is guessed in `_decode_one`.
    data = _run_bytes(run.replace(tables.LOST_BYTE_MARK, "\x80"))
    chars: list[str] = []
    choices: list[tuple[int, tuple[str, ...]]] = []
    restored, i = 0, 0
    while i < len(data):
        candidates, end, restored_here = _decode_one(data, i, marks)
        if not candidates and not lenient:
            return None
        if not candidates:
            candidates, end, restored_here = (run[i],), i + 1, 0
        if len(candidates) > 1:
            choices.append((len(chars), candidates))
        chars.append(candidates[0])
        restored += restored_here
        i = end
    return _Reading("".join(chars), restored, tuple(choices))


def _decode_one(data: bytes, start: int, marks: frozenset[int]) -> tuple[tuple[str, ...], int, int]:
    """The character at `start` (its candidates, most likely first), its end, bytes restored."""
    end = _sequence_end(data, start)
    if end is None:
        return (), start + 1, 0
    marked = [i - start for i in range(start + 1, end) if i in marks]
    missing = _continuation_count(data[start]) - (end - start - 1)
    if missing == 0 and not marked:
        char = _decode_sequence(data[start:end])
        return ((char,) if char else ()), end, 0
    if missing + len(marked) != 1:
        return (), end, 0
    short = data[start:end]
    if marked:  # the lost byte's place is known
        variants = [short[: marked[0]] + bytes([byte]) + short[marked[0] + 1 :] for byte in
                    tables.CP1252_UNDEFINED]  # fmt: skip
    else:
        variants = [short[:position] + bytes([byte]) + short[position:]
                    for position in range(1, len(short) + 1)
                    for byte in tables.CP1252_UNDEFINED]  # fmt: skip
    likely = _likely_restorations(variants, _next_char(data, end))
    if data[start] in tables.ANY_CONTINUATION_LEADS and end - start == 1 + len(marked):
        return (*likely, *_other_continuations(data[start], likely)), end, 1
    return likely, end, 1


def _other_continuations(lead: int, likely: tuple[str, ...]) -> tuple[str, ...]:
    """Every other character `lead` begins, small letters first (`é` before `É`)."""
    chars = (bytes((lead, byte)).decode("utf-8") for byte in range(0x80, 0xC0))
    others = [char for char in chars if char not in likely and char.isalpha()]
    return tuple(sorted(others, key=str.isupper))


def _sequence_end(data: bytes, start: int) -> int | None:
    """End of the UTF-8 sequence led by `data[start]`, possibly short of bytes; None if no lead."""
    need = _continuation_count(data[start])
    if not need:
        return None
    end = start + 1
    while end < len(data) and end - start - 1 < need and 0x80 <= data[end] <= 0xBF:
        end += 1
    return end


def _continuation_count(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 1
    if 0xE0 <= lead <= 0xEF:
        return 2
    if 0xF0 <= lead <= 0xF4:
        return 3
    return 0


def _next_char(data: bytes, start: int) -> str:
    end = _sequence_end(data, start) if start < len(data) else None
    return (_decode_sequence(data[start:end]) or "") if end else ""


def _decode_sequence(sequence: bytes) -> str | None:
    try:
        return sequence.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _likely_restorations(variants: list[bytes], next_char: str) -> tuple[str, ...]:
    """The characters the variants decode to that are worth restoring, most likely first."""
    decoded = {_decode_sequence(variant) for variant in variants}
    order = tables.LIKELY_RESTORATIONS
    if (
        next_char
        and next_char in tables.CONTINUATION_CHARS
        and decoded & set(tables.LIKELY_INNER_LEADS)
    ):
        order = tables.LIKELY_INNER_LEADS
    return tuple(char for char in order if char in decoded)


def _choose_by_word_frequency(line: str, choices: list[tuple[int, tuple[str, ...]]]) -> str:
    """At each restored character, the candidate that makes the most frequent word.

    The likely candidates (`LIKELY_RESTORATIONS`) come first and win ties; the others a lead byte
    could begin (`ANY_CONTINUATION_LEADS`) must make a more frequent word. Without a known word,
    the most likely character stays.
    """
    chars = list(line)
    for index, candidates in choices:
        chars[index] = _most_frequent(chars, index, candidates)
    return "".join(chars)


def _most_frequent(chars: list[str], index: int, candidates: tuple[str, ...]) -> str:
    """The candidate that makes the most frequent word, of equals the one in the case of its
    neighbours (`employés`, not `employÉs`); without a known word, the first (most likely)."""
    scored = [(_frequency_with(chars, index, candidate), candidate) for candidate in candidates]
    if not any(frequency for frequency, _ in scored):
        return candidates[0]
    fits = partial(_fits_neighbours, chars, index)
    # `max` keeps the first of equals.
    return max(scored, key=lambda pair: (pair[0], fits(pair[1])))[1]


def _fits_neighbours(chars: list[str], index: int, candidate: str) -> bool:
    """A small letter after a small letter, a capital at the start of a word or after one."""
    before = chars[index - 1] if index else ""
    return candidate.islower() == before.islower() if before.isalpha() else candidate.isupper()


def _frequency_with(chars: list[str], index: int, candidate: str) -> float:
    chars[index] = candidate
    return _word_frequency(_word_at(chars, index), candidate)


def _word_at(chars: list[str], index: int) -> str:
    start, end = index, index + 1
    while start > 0 and chars[start - 1].isalpha():
        start -= 1
    while end < len(chars) and chars[end].isalpha():
        end += 1
    return "".join(chars[start:end])


def _word_frequency(word: str, letter: str) -> float:
    """Zipf frequency of `word` in the languages that write `letter` (0 when none does)."""
    languages = tables.LOST_BYTE_LANGUAGES.get(letter) or tables.LETTER_LANGUAGES.get(
        letter.lower(), ()
    )
    if len(word) < 2 or not languages:
        return 0.0
    from wordfreq import zipf_frequency

    return max(zipf_frequency(word, language) for language in languages)


def fix_lone_mojibake(text: str) -> str:
    """Decode a character misread as Windows-1252 or Latin-1 alone among clean words.

    One mojibake character in a line (`ErdoÄŸan`, `GdaÅ„sk`, `Brandâ„¢`, `Ã…lesund`) is too
    little for ftfy's detector, yet real text never spells a European letter or a news symbol
    this way. A run of misread characters is decoded when all of it is UTF-8 and it reads as
    news symbols (`LONE_MOJIBAKE_SYMBOLS`) around a word. Two or more characters (a misread word
    in any script, a quoted letter) are evidence enough. A single letter is decoded only when it
    is one of `LONE_MOJIBAKE_LETTERS` and sits in a lowercase word (a small letter beside it, no
    capital before it) or in an all-capital word with letter continuations (`ERDOÄžAN`). A
    capital then a symbol (`«CAFÉ»`, `NÃO…`, `ESPAÑA”`) is left alone.
    """
    if text.isascii():
        return text
    return tables.MISREAD_BYTE_RUN.sub(_decode_lone_run, text)


def _decode_lone_run(match: re.Match[str]) -> str:
    run = match.group()
    decoded = _decode_sequence(_run_bytes(run)) if len(run) > 1 else None
    if decoded is None or len(decoded) == len(run):
        return run
    letters = tables.LONE_MOJIBAKE_EDGES.sub("", decoded)
    if not letters:
        # `Â` + symbol after a capital may be a word ending in Â; `â€¦` is never a word.
        return run if len(run) == 2 and _before(match).isupper() else decoded
    if not letters.isalpha():
        return run
    if len(decoded) > 1:
        return decoded  # a misread word in any script, or a quoted letter
    if _apostrophe_s(match):
        return run
    if tables.LONE_MOJIBAKE_LETTER.fullmatch(letters) and _in_a_word(match, letters):
        return decoded
    return run


def _apostrophe_s(match: re.Match[str]) -> bool:
    """`Ã\u2019s`: a letter's plural or possessive, as prose about mojibake has it, not `Òs`."""
    after = match.string[match.end() : match.end() + 2]
    return match.group().endswith("\u2019") and after[:1] == "s" and not after[1:].isalpha()


def _in_a_word(match: re.Match[str], letter: str) -> bool:
    """Whether a decoded letter sits in a word as such a letter would: `ErdoÄŸan`, `ERDOÄžAN`."""
    before, after = _before(match), match.string[match.end() : match.end() + 1]
    if letter.islower() and (before.islower() or after.islower()):
        return True
    if not before.isupper() and after.islower():
        return True
    in_capitals = (before.isupper() or after.isupper()) and not (before + after).islower()
    continuations = match.group()[1:]
    return (
        letter.isupper()
        and in_capitals
        and all(c in tables.LETTER_CONTINUATIONS for c in continuations)
    )


def _before(match: re.Match[str]) -> str:
    return match.string[match.start() - 1 : match.start()] if match.start() else ""


def fix_wrong_codepage(text: str) -> str:
    """Re-read lines that were legacy-code-page text decoded as Windows-1252.

    Not every mojibake is misread UTF-8: Russian Windows-1251 read as Windows-1252 gives
    `Ïðåçèäåíò Ðîññèè`, Polish Windows-1250 gives `rz¹d powiedzia³`. ftfy only undoes UTF-8.
    A line is tried only when it looks misread (most of its letters from Windows-1252's upper
    half, a symbol inside a word, or letters of two or more alphabets), and re-read in a code
    page of `MISREAD_CODEPAGES` only when that reading is one language's alphabet and less
    implausible than the line as it is. Correct Western text reads worse in every other code
    page, so it stays, and so does a garble that a code page would only turn into another, with
    symbols where it had letters; a re-read line must spell known words (more than half of them,
    and more than the line as it is: `où señor` is not re-read as Polish).
    """
    return "\n".join(_reread_line(line) for line in text.split("\n"))


def _reread_line(line: str) -> str:
    if line.isascii() or not _looks_misread(line):
        return line
    try:
        raw = line.encode("cp1252")
    except UnicodeEncodeError:
        return line
    best, best_score = line, implausibility(line)
    letters = _letter_count(line)
    for codec in tables.MISREAD_CODEPAGES:
        candidate = raw.decode(codec, errors="replace")
        if "\ufffd" in candidate or alphabet_misfit(candidate) or not _tidy(candidate, letters):
            continue
        if (score := implausibility(candidate)) < best_score:
            best, best_score = candidate, score
    if best == line:
        return line
    known = known_word_share(best)
    return best if known > max(tables.REREAD_KNOWN_WORD_SHARE, known_word_share(line)) else line


def _tidy(candidate: str, letters: int) -> bool:
    """A re-reading keeps its letters (box drawing is a different garble) and writes no word in
    two scripts (`A£Δ` for the stylised `A£Ä`)."""
    words = tables.NON_ASCII_WORD.findall(candidate)
    return _letter_count(candidate) >= letters and not any(map(mixes_scripts, words))


def _letter_count(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


def _looks_misread(line: str) -> bool:
    letters = sum(1 for char in line if char.isalpha())
    high = len(tables.CP1252_HIGH_LETTERS.findall(line))
    if high == 0:
        return False
    return (
        high > tables.MISREAD_LETTER_SHARE * letters
        or bool(tables.SYMBOL_IN_WORD.search(line))
        or alphabet_misfit(line) > 1
    )


def fix_utf8_read_as_koi8(text: str) -> str:
    """Decode lines of UTF-8 that were read as KOI8-R, which ftfy does not undo.

    KOI8-R shows UTF-8's continuation bytes as box-drawing signs and its Cyrillic lead bytes as
    `п` and `я` (`п∙я│п╩п╦` is `Если`). A line is decoded only when all of it is UTF-8 in KOI8-R
    and the result is tidy text in known words, so Russian that is correct KOI8-R text never is.
    """
    return "\n".join(_reread_koi8_line(line) for line in text.split("\n"))


def _reread_koi8_line(line: str) -> str:
    if not tables.KOI8_CONTINUATION_SIGNS.search(line):
        return line
    try:
        decoded = line.encode("koi8_r").decode("utf-8")
    except UnicodeError:
        return line
    tidy = _tidy(decoded, 0) and not implausibility(decoded)
    known = known_word_share(decoded) > tables.REREAD_KNOWN_WORD_SHARE
    return decoded if tidy and known else line


def repair_mojibake(text: str) -> tuple[str, tuple[str, ...]]:
    """Undo wrong decodings line by line, layer by layer, naming each kind of repair.

    Each round removes stray `Â`s and restores dropped bytes; when neither applies, ftfy undoes
    one or more decodings, and when ftfy sees too little, lone misread characters are decoded.
    Rounds repeat while the line changes, which peels double mojibake even when a layer lost
    bytes. Lines are repaired apart because one document can mix broken and correct lines.
    """
    if text.isascii():
        return text, ()
    names: dict[str, None] = {}
    # Stray `Â`s are judged over the whole text first: one line's evidence speaks for the rest.
    if (fixed := fix_lost_nbsp(text)) != text:
        text, names = fixed, {"lost_nbsp": None}
    lines = []
    all_lines = text.split("\n")
    last = _last_line_with_text(all_lines)
    for index, line in enumerate(all_lines):
        fixed, line_names = _repair_line_mojibake(line, at_end=index == last)
        lines.append(fixed)
        names.update(dict.fromkeys(line_names))
    return "\n".join(lines), tuple(names)


def _repair_line_mojibake(line: str, at_end: bool = False) -> tuple[str, list[str]]:
    names: list[str] = []
    layers = 0
    for _ in range(_MAX_MOJIBAKE_ROUNDS):
        if line.isascii():
            break
        if (fixed := fix_lost_nbsp(line)) != line:
            line, names = fixed, [*names, "lost_nbsp"]
            continue
        # Mojibake of another code page (Hebrew read as Windows-1250 holds its breve) is ftfy's
        # to undo: restoring bytes Windows-1252 lacks would misread the characters it lacks.
        steps = _ftfy_steps(line) if tables.BEYOND_WINDOWS_1252.search(line) else None
        if (
            steps
            and _read_as_other_code_page(steps)
            and (fixed := ftfy.apply_plan(line, steps)) != line
        ):
            line = fixed
            names += _names_from_ftfy(steps)
            layers += _decoding_layers(steps)
            continue
        fixed, restored = _restore_line_counting(line, at_end)
        if fixed != line:
            line, layers = fixed, layers + 1
            names += ["mojibake_cp1252", "mojibake_lost_bytes"] if restored else ["mojibake_cp1252"]
            continue
        steps = _ftfy_steps(line) if steps is None else steps
        if steps and (fixed := ftfy.apply_plan(line, steps)) != line:
            line = fixed
            names += _names_from_ftfy(steps)
            layers += _decoding_layers(steps)
            continue
        # Lone characters are not counted as a layer: they may sit apart from the rest.
        if (fixed := fix_lone_mojibake(line)) != line:
            kind = "mojibake_latin1" if tables.C1_CONTROL.search(line) else "mojibake_cp1252"
            line, names = fixed, [*names, kind]
            continue
        if (fixed := fix_utf8_read_as_koi8(line)) != line:
            line, names, layers = fixed, [*names, "mojibake_other"], layers + 1
            continue
        # Another code page is tried only on a line no UTF-8 repair explained.
        if not names and (fixed := fix_wrong_codepage(line)) != line:
            line, names = fixed, ["wrong_codepage"]
            continue
        break
    if layers > 1:
        names.append("double_mojibake")
    return line, names


def _ftfy_steps(line: str) -> list[tuple[str, str]]:
    return _first_layer(ftfy.fix_encoding_and_explain(line, _FTFY_CONFIG).explanation or [])


def _read_as_other_code_page(steps: list[tuple[str, str]]) -> bool:
    """Whether ftfy's plan undoes UTF-8 read as a code page other than Windows-1252 or Latin-1."""
    return any(action == "encode" and code not in _FTFY_ENCODINGS for action, code in steps)


def _first_layer(steps: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """ftfy's steps up to its first decoding: one layer, so lost bytes are restored in between."""
    for index, (action, _) in enumerate(steps):
        if action in ("decode", "apply"):
            return steps[: index + 1]
    return steps


def _names_from_ftfy(steps: list[tuple[str, str]]) -> list[str]:
    names = []
    followers = [*steps[1:], ("", "")]
    for (action, parameter), following in zip(steps, followers, strict=False):
        if action == "encode" and following == ("decode", "windows-1252"):
            names.append("c1_controls")
        elif action == "encode":
            names.append(_FTFY_ENCODINGS.get(parameter, "mojibake_other"))
        elif parameter in _FTFY_TRANSFORMS:
            names.append(_FTFY_TRANSFORMS[parameter])
    return names


def _decoding_layers(steps: list[tuple[str, str]]) -> int:
    return sum(
        1
        for action, parameter in steps
        if (action == "decode" and parameter.startswith("utf-8"))
        or parameter == "decode_inconsistent_utf8"
    )


_FTFY_ENCODINGS = {
    "sloppy-windows-1252": "mojibake_cp1252",
    "windows-1252": "mojibake_cp1252",
    "latin-1": "mojibake_latin1",
}
_FTFY_TRANSFORMS = {
    "restore_byte_a0": "lost_nbsp",
    "replace_lossy_sequences": "mojibake_lost_bytes",
    "decode_inconsistent_utf8": "mojibake_cp1252",
    "fix_c1_controls": "c1_controls",
}


# --- invisible characters, spaces, normal form ---------------------------------------------------


def fix_surrogates(text: str) -> str:
    """Surrogate pairs left by UTF-16 handling become their character; lone ones U+FFFD."""
    return ftfy.fixes.fix_surrogates(text)


def remove_bom_in_text(text: str) -> str:
    """A byte-order mark belongs at the start of a file; inside text it is an invisible leftover."""
    return text.replace(tables.BOM, "")


def remove_zero_width_chars(text: str) -> str:
    """Zero-width spaces and word joiners split words invisibly and break search and NER."""
    return tables.ZERO_WIDTH_CHARS.sub("", text)


def remove_soft_hyphens(text: str) -> str:
    """Soft hyphens are hyphenation hints from a layout, invisible in the text as written."""
    return text.replace(tables.SOFT_HYPHEN, "")


def remove_control_chars(text: str) -> str:
    """NULs and other control characters carry no text; tab and newline are kept.

    One that stood between two spaces (`characters \\x1a are`) is removed with one of them, and
    one at the edge of a line with the space beside it: removing it alone would leave a double
    space, or a space at the end of the line, that the text never had.
    """
    if not tables.CONTROL_CHARS.search(text):
        return text
    return tables.CONTROL_CHARS.sub("", tables.CONTROL_CHARS_WITH_SPACE.sub("", text))


def normalize_spaces(text: str) -> str:
    """Non-breaking and other special spaces become U+0020 (see the policy in the module doc)."""
    return tables.EXOTIC_SPACES.sub(" ", text)


def uncurl_quotes(text: str) -> str:
    """Curly quotes become ASCII quotes, for consumers that want plain ASCII punctuation."""
    return ftfy.fixes.uncurl_quotes(text)


def normalize_unicode(text: str) -> str:
    """NFC composes accents, so `é` is one code point whether it arrived composed or not."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


# Every repair cleaning can record, in the order `clean_text` applies them. The mojibake stage
# (`repair_mojibake`) runs between the two groups of fixers and names what it undid; its entries
# carry the function that does that repair alone, where there is one.
REPAIRS: tuple[Repair, ...] = (
    Repair(
        "crlf", "CRLF and lone CR line ends became LF", "before_mojibake", normalize_line_endings
    ),
    Repair(
        "line_separators",
        "Unicode line/paragraph separators, vertical tabs and form feeds became LF",
        "before_mojibake",
        normalize_line_separators,
    ),
    Repair(
        "terminal_escapes",
        "ANSI terminal escape codes were removed",
        "before_mojibake",
        remove_terminal_escapes,
    ),
    Repair(
        "html_entities",
        "HTML entities and numeric character references were decoded",
        "before_mojibake",
        unescape_html_entities,
    ),
    Repair(
        "lost_nbsp",
        "a stray 'Â' left by a lost non-breaking space was removed",
        "mojibake",
        fix_lost_nbsp,
    ),
    Repair(
        "mojibake_cp1252",
        "UTF-8 text that had been read as Windows-1252 was decoded again",
        "mojibake",
    ),
    Repair(
        "mojibake_latin1", "UTF-8 text that had been read as Latin-1 was decoded again", "mojibake"
    ),
    Repair(
        "mojibake_other",
        "UTF-8 text that had been read as another code page was decoded again",
        "mojibake",
    ),
    Repair(
        "wrong_codepage",
        "Windows-1251/1250/... text that had been read as Windows-1252 was re-read",
        "mojibake",
        fix_wrong_codepage,
    ),
    Repair(
        "mojibake_lost_bytes",
        "mojibake missing the bytes Windows-1252 does not define was restored",
        "mojibake",
        restore_lost_bytes,
    ),
    Repair(
        "double_mojibake",
        "text mis-decoded two or more times was repaired layer by layer",
        "mojibake",
    ),
    Repair(
        "c1_controls",
        "C1 control characters were replaced by the Windows-1252 characters meant",
        "mojibake",
    ),
    Repair(
        "surrogates",
        "UTF-16 surrogate code points were joined or replaced",
        "after_mojibake",
        fix_surrogates,
    ),
    Repair(
        "bom_in_text",
        "byte-order marks inside the text were removed",
        "after_mojibake",
        remove_bom_in_text,
    ),
    Repair(
        "zero_width_chars",
        "zero-width spaces and word joiners were removed",
        "after_mojibake",
        remove_zero_width_chars,
    ),
    Repair("soft_hyphens", "soft hyphens were removed", "after_mojibake", remove_soft_hyphens),
    Repair(
        "control_chars",
        "control characters and NULs were removed",
        "after_mojibake",
        remove_control_chars,
    ),
    Repair(
        "exotic_spaces",
        "non-breaking and other special spaces became ordinary spaces",
        "after_mojibake",
        normalize_spaces,
        option="normalize_spaces",
    ),
    Repair(
        "uncurled_quotes",
        "curly quotes became ASCII quotes",
        "after_mojibake",
        uncurl_quotes,
        option="uncurl_quotes",
    ),
    Repair(
        "unicode_nfc", "the text was put in Unicode NFC form", "after_mojibake", normalize_unicode
    ),
)
FIX_DESCRIPTIONS: dict[str, str] = {repair.name: repair.description for repair in REPAIRS}
FIX_NAMES: tuple[str, ...] = tuple(FIX_DESCRIPTIONS)


def _fixers(options: CleaningOptions, stage: str) -> tuple[tuple[str, Fixer], ...]:
    """Name and fixer of the repairs of `stage` that `options` turn on, in order."""
    return tuple(
        (repair.name, repair.fixer)
        for repair in REPAIRS
        if repair.stage == stage
        and repair.fixer is not None
        and (repair.option is None or getattr(options, repair.option))
    )


def clean_text(text: str, options: CleaningOptions | None = None) -> Cleaned:
    """Repair `text` until it is stable and name every repair applied, in order of first use."""
    options = options or CleaningOptions()
    before_mojibake = _fixers(options, "before_mojibake")
    after_mojibake = _fixers(options, "after_mojibake")
    fixes: dict[str, None] = {}
    for _ in range(_MAX_ROUNDS):
        before = text
        for name, fixer in before_mojibake:
            text = _apply(name, fixer, text, fixes)
        text, mojibake_fixes = repair_mojibake(text)
        fixes.update(dict.fromkeys(mojibake_fixes))
        for name, fixer in after_mojibake:
            text = _apply(name, fixer, text, fixes)
        if text == before:
            break
    return Cleaned(text, tuple(fixes))


def _apply(name: str, fixer: Fixer, text: str, fixes: dict[str, None]) -> str:
    fixed = fixer(text)
    if fixed != text:
        fixes[name] = None
    return fixed
