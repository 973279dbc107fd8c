"""Golden byte-level cases and unit tests for `transforms.decoding`."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from transforms import decoding
from transforms.cleaning import clean_text
from transforms.decoding import FIX_DESCRIPTIONS, FIX_NAMES, NotTextError, decode_bytes
from transforms.repairs import markdown_table

GOLDEN = Path(__file__).parent / "golden" / "decoding.jsonl"
GOLDEN_CASES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").split("\n") if line]


def _golden_params() -> list[pytest.param]:
    params = []
    for number, case in enumerate(GOLDEN_CASES):
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        params.append(pytest.param(case, id=f"{number}-{case['label']}", marks=marks))
    return params


@pytest.mark.parametrize("case", _golden_params())
def test_golden_case(case: dict) -> None:
    raw = bytes.fromhex(case["hex"])
    if "reject" in case:
        with pytest.raises(NotTextError) as error:
            decode_bytes(raw)
        assert case["reject"].lower() in error.value.reason.lower()
        return
    decoded = decode_bytes(raw)
    assert (decoded.text, decoded.encoding) == (case["text"], case["encoding"])
    if "fixes" in case:
        assert list(decoded.fixes) == case["fixes"]


def test_golden_file_has_rejects_and_every_unicode_form() -> None:
    labels = {case["label"] for case in GOLDEN_CASES}
    assert {"utf8", "utf8_bom", "utf16_bom", "utf16_no_bom", "utf32_bom", "cp1252"} <= labels
    assert sum("reject" in case for case in GOLDEN_CASES) >= 8


def test_fix_names_and_docstring_table_come_from_the_registry() -> None:
    assert tuple(repair.name for repair in decoding.REPAIRS) == FIX_NAMES
    assert {repair.name: repair.description for repair in decoding.REPAIRS} == FIX_DESCRIPTIONS
    assert markdown_table(decoding.REPAIRS) in decoding.__doc__


def test_golden_fixes_are_registered_repairs() -> None:
    for case in GOLDEN_CASES:
        assert set(case.get("fixes", ())) <= set(FIX_NAMES), case


def test_utf8_bom_is_dropped_and_recorded() -> None:
    decoded = decode_bytes(codecs.BOM_UTF8 + "Zürich".encode())
    assert decoded == decoding.Decoded("Zürich", "utf-8", ("utf8_bom_removed",))


def test_invalid_utf8_keeps_the_rest_of_the_document() -> None:
    raw = "“Every” word — kept".encode() + b" caf\xe9 \x9d"
    decoded = decode_bytes(raw)
    assert decoded.text == "“Every” word — kept café \ufffd"
    assert decoded.fixes == ("invalid_utf8_bytes",)


def test_fallback_reads_each_invalid_byte_as_cp1252() -> None:
    assert decoding.decode_utf8_with_cp1252_fallback(b"\x93a\x94 \xc3\xa9 \x81") == "“a” é \ufffd"


def test_utf16_without_bom_is_told_from_binary_by_its_zero_bytes() -> None:
    assert decode_bytes("News text".encode("utf-16-le")).encoding == "utf-16-le"
    with pytest.raises(NotTextError, match="NUL"):
        decode_bytes(b"\x00\x00\x00\x01\x00\x02" * 50)


def test_rejection_reasons_are_readable() -> None:
    with pytest.raises(NotTextError) as error:
        decode_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert error.value.reason == "the file is a PNG image, not text"
    with pytest.raises(NotTextError, match="white space"):
        decode_bytes(b" \r\n\t ")
    with pytest.raises(NotTextError, match="control characters"):
        decode_bytes(bytes(range(1, 32)) * 10 + b"abc")


def test_a_few_nuls_in_real_text_are_left_for_the_cleaner() -> None:
    raw = b"An ordinary paragraph of news text with one stray NUL\x00 byte. " + b"More text. " * 20
    assert decode_bytes(raw).text == raw.decode()


def test_alphabet_misfit_prefers_one_language_per_reading() -> None:
    czech = "rozpočet, řekl, daně".encode("cp1250")
    assert decoding.alphabet_misfit(czech.decode("cp1250")) == 0
    assert decoding.alphabet_misfit(czech.decode("cp1252")) == 1  # Italian è ì, but not ø
    assert decoding.alphabet_misfit("Zürich and Москва") == 1
    assert decoding.alphabet_misfit("plain ASCII") == 0


def test_central_european_and_turkish_code_pages_beat_windows_1252() -> None:
    for text, codec in [
        ("Vláda schválila rozpočet; ministr řekl, že daně se nezmění.", "cp1250"),
        ("Erdoğan konuşmada ekonominin güçlü olduğunu söyledi, Beşiktaş.", "cp1254"),
    ]:
        assert decode_bytes(text.encode(codec)) == decoding.Decoded(text, codec)


def test_mac_roman_and_dos_text_is_not_read_as_arabic_or_cyrillic() -> None:
    # Before: `Zںrich` (Windows-1256), `MЃnchen` (Windows-1251), and French Mac Roman rejected.
    assert decode_bytes("Zürich".encode("mac_roman")) == decoding.Decoded("Zürich", "mac-roman")
    assert decode_bytes("München".encode("cp437")) == decoding.Decoded("München", "cp437")
    french = "Crème brûlée à la française, déjà vu"
    assert decode_bytes(french.encode("mac_roman")).text == french
    portuguese = "O ministro disse em Lisboa que a inflação caiu. São Paulo e Brasília também."
    assert decode_bytes(portuguese.encode("cp850")) == decoding.Decoded(portuguese, "cp850")


def test_a_file_cut_off_inside_a_character_gets_no_invented_letter() -> None:
    # Before: the cut-off `E2 80` was read as Windows-1252 `â€`, which cleaning completed as `”`.
    for text in (
        "He said \u201cwe will not back down\u2026",
        "Prices rose \u2013 to \u2018more\u2019",
    ):
        decoded = decode_bytes(text.encode()[:-1])
        assert decoded.text == text[:-1] + "\ufffd"
        assert clean_text(decoded.text).text == text[:-1] + "\ufffd"
    # A lone last byte is still one Windows-1252 character.
    assert decode_bytes("“Quoted” café".encode()[:-2] + b"\xe9").text == "“Quoted” café"


def test_a_short_name_whose_lost_byte_is_marked_is_text_not_binary() -> None:
    # Before: one U+FFFD in a seven-letter name was more than 5% of it: "the file is binary".
    for name in ("Slovenčina", "Álvaro", "Íñigo", "Ðorđe", "Русский", "Нью-Йорк"):
        lossy = name.encode().decode("cp1252", errors="replace")
        assert decode_bytes(lossy.encode()).text == lossy
        # Ð (C3 90) and Á (C3 81) differ in the lost byte alone, and wordfreq knows no Ðorđe.
        assert clean_text(lossy).text == name or name == "Ðorđe"
    with pytest.raises(NotTextError, match="binary"):
        decode_bytes("abc \ufffd\ufffd def".encode())
