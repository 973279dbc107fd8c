"""Golden cases and unit tests for `transforms.cleaning`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transforms import cleaning, mojibake_tables
from transforms.cleaning import FIX_DESCRIPTIONS, FIX_NAMES, CleaningOptions, clean_text
from transforms.repairs import markdown_table

GOLDEN = Path(__file__).parent / "golden" / "cleaning.jsonl"
# One case per "\n"-terminated line; str.splitlines would also split at U+2028 inside a case.
GOLDEN_CASES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").split("\n") if line]


def _golden_params() -> list[pytest.param]:
    params = []
    for number, case in enumerate(GOLDEN_CASES):
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        params.append(pytest.param(case, id=f"{number}-{case['label']}", marks=marks))
    return params


@pytest.mark.parametrize("case", _golden_params())
def test_golden_case(case: dict) -> None:
    cleaned = clean_text(case["input"])
    assert cleaned.text == case["expected"]
    if "fixes" in case:
        assert sorted(cleaned.fixes) == sorted(case["fixes"])
    assert clean_text(cleaned.text).text == cleaned.text


def test_golden_file_covers_every_class() -> None:
    labels = [case["label"] for case in GOLDEN_CASES]
    assert len(labels) >= 150
    assert labels.count("negative") >= 40
    for label in (
        "lost_nbsp",
        "mojibake_cp1252",
        "mojibake_lost_bytes",
        "double_mojibake",
        "html_entities",
        "control_chars",
        "exotic_spaces",
    ):
        assert labels.count(label) >= 5, label


def test_negative_golden_cases_report_no_fixes() -> None:
    for case in GOLDEN_CASES:
        if case["label"] == "negative" and "xfail" not in case:
            assert clean_text(case["input"]).fixes == (), case["input"]


def test_golden_labels_and_fixes_are_registered_repairs() -> None:
    for case in GOLDEN_CASES:
        assert case["label"] in {"negative", *FIX_NAMES}, case
        assert set(case.get("fixes", ())) <= set(FIX_NAMES), case
        assert set(clean_text(case["input"]).fixes) <= set(FIX_NAMES), case


def test_fix_names_and_docstring_table_come_from_the_registry() -> None:
    assert tuple(repair.name for repair in cleaning.REPAIRS) == FIX_NAMES
    assert {repair.name: repair.description for repair in cleaning.REPAIRS} == FIX_DESCRIPTIONS
    assert markdown_table(cleaning.REPAIRS) in cleaning.__doc__


def test_every_registered_fixer_has_a_unit_test() -> None:
    tested = {fixer for fixer, *_ in FIXER_CASES}
    for repair in cleaning.REPAIRS:
        assert repair.fixer is None or repair.fixer in tested, repair.name


def test_seed_article_paragraph_ends_are_repaired() -> None:
    text = "officer and U.S. Marine.Â\nAndrew Tabler, a former US official, said TürkiyeÂ would."
    cleaned = clean_text(text)
    assert cleaned.text == (
        "officer and U.S. Marine.\nAndrew Tabler, a former US official, said Türkiye would."
    )
    assert cleaned.fixes == ("lost_nbsp",)


# --- options ----------------------------------------------------------------------------------


def test_exotic_spaces_can_be_kept() -> None:
    text = "Tom\u00a0Jones won 10\u202f000 votes"
    assert clean_text(text, CleaningOptions(normalize_spaces=False)) == cleaning.Cleaned(text, ())


def test_quotes_are_uncurled_only_on_request() -> None:
    text = "\u201cIt\u2019s fine,\u201d she said."
    assert clean_text(text).text == text
    uncurled = clean_text(text, CleaningOptions(uncurl_quotes=True))
    assert uncurled == cleaning.Cleaned('"It\'s fine," she said.', ("uncurled_quotes",))


# --- each named fixer ---------------------------------------------------------------------------


FIXER_CASES = [
    (cleaning.normalize_line_endings, "a\r\nb\rc\n", "a\nb\nc\n"),
    (cleaning.normalize_line_separators, "a\u2028b\u2029c\x0bd\x0ce", "a\nb\nc\nd\ne"),
    (cleaning.remove_terminal_escapes, "\x1b[1;31mALERT\x1b[0m", "ALERT"),
    (cleaning.unescape_html_entities, "Q&amp;A &#8220;x&#x201D; &amp;amp;", "Q&A “x” &"),
    (cleaning.fix_lost_nbsp, "TürkiyeÂ would\nMarine.Â", "Türkiye would\nMarine."),
    (cleaning.restore_lost_bytes, "said â€œyesâ€ and â€œnoâ€", "said “yes” and “no”"),
    (
        cleaning.fix_lone_mojibake,
        "ErdoÄŸan, GdaÅ„sk, iPhoneâ„¢, ERDOÄžAN",
        "Erdoğan, Gdańsk, iPhone™, ERDOĞAN",
    ),
    (cleaning.fix_wrong_codepage, "Ïðåçèäåíò Ðîññèè çàÿâèë", "Президент России заявил"),
    (cleaning.fix_utf8_read_as_koi8, "п▓я▀я│п╬я┌п╟ п╢п╬п╪п╟", "Высота дома"),
    (cleaning.fix_surrogates, "x\ud83d\ude00y", "x😀y"),
    (cleaning.remove_bom_in_text, "a\ufeffb", "ab"),
    (cleaning.remove_zero_width_chars, "a\u200bb\u2060c", "abc"),
    (cleaning.remove_soft_hyphens, "hy\u00adphen", "hyphen"),
    (cleaning.remove_control_chars, "a\x00b\x07c\x7fd\x85e\tf\ng", "abcde\tf\ng"),
    (cleaning.normalize_spaces, "a\u00a0b\u2009c\u3000d\u202fe", "a b c d e"),
    (cleaning.uncurl_quotes, "\u201ca\u201d \u2018b\u2019", "\"a\" 'b'"),
    (cleaning.normalize_unicode, "e\u0301", "é"),
]


@pytest.mark.parametrize(("fixer", "broken", "repaired"), FIXER_CASES)
def test_fixer_repairs_its_glitch_and_is_stable(fixer, broken: str, repaired: str) -> None:
    assert fixer(broken) == repaired
    assert fixer(repaired) == repaired


@pytest.mark.parametrize(
    "fixer",
    [
        cleaning.normalize_line_endings,
        cleaning.normalize_line_separators,
        cleaning.remove_terminal_escapes,
        cleaning.unescape_html_entities,
        cleaning.fix_lost_nbsp,
        cleaning.restore_lost_bytes,
        cleaning.fix_lone_mojibake,
        cleaning.fix_wrong_codepage,
        cleaning.fix_utf8_read_as_koi8,
        cleaning.fix_surrogates,
        cleaning.remove_bom_in_text,
        cleaning.remove_zero_width_chars,
        cleaning.remove_soft_hyphens,
        cleaning.remove_control_chars,
        cleaning.normalize_spaces,
        cleaning.normalize_unicode,
    ],
)
def test_fixer_leaves_correct_text_alone(fixer) -> None:
    text = "NÃO, São Paulo — “ROMÂNIA” ÎN À É © ® ± € 5 & Москва Αθήνα 北京 👨‍👩‍👧 می‌خواهم\tok"
    assert fixer(text) == text


def test_lost_nbsp_keeps_a_hat_after_capitals_and_alone() -> None:
    assert cleaning.fix_lost_nbsp("CHÂ ok") == "CHÂ ok"
    assert cleaning.fix_lost_nbsp("a Â b") == "a Â b"
    assert cleaning.fix_lost_nbsp("its \u00e2\u201a\u00acÂ end") == "its \u00e2\u201a\u00acÂ end"
    # `â€` is short of a byte itself, so the `Â` after it cannot continue it.
    assert cleaning.fix_lost_nbsp("its â€Â end") == "its â€ end"
    assert cleaning.fix_lost_nbsp("film unit\u2019Â\nNext") == "film unit\u2019\nNext"


def test_lost_nbsp_after_capitals_when_the_text_shows_the_glitch_elsewhere() -> None:
    assert cleaning.fix_lost_nbsp("Boss leaves EADSÂ\nHe quit.Â") == "Boss leaves EADS\nHe quit."
    assert cleaning.fix_lost_nbsp("Boss leaves EADSÂ\nHe quit.") == "Boss leaves EADSÂ\nHe quit."


def test_html_entities_without_semicolon_are_left_alone() -> None:
    text = "https://x.org/?a=1&copy=2&para=3 and &unknown;"
    assert cleaning.unescape_html_entities(text) == text


def test_restore_lost_bytes_needs_evidence_in_the_line() -> None:
    assert cleaning.restore_lost_bytes("NÃO and Ñandú or Åsa") == "NÃO and Ñandú or Åsa"
    # `Ã` before a small letter is evidence by itself: no word is written that way.
    assert cleaning.restore_lost_bytes("NÃO and Ãlvaro") == "NÃO and Álvaro"
    assert cleaning.restore_lost_bytes("Ãlvaro said â€œnoâ€") == "Álvaro said “no”"
    assert cleaning.restore_lost_bytes("NÃO said â€œnoâ€") == "NÃO said “no”"


def test_restore_lost_bytes_needs_a_real_multibyte_sequence_as_evidence() -> None:
    # Ç and Ã are both lead bytes, but side by side they are Portuguese capitals, not mojibake.
    assert cleaning.restore_lost_bytes("INFORMAÇÃO E EDUCAÇÃO") == "INFORMAÇÃO E EDUCAÇÃO"
    assert cleaning.restore_lost_bytes("AÇÃO said â€œnoâ€") == "AÇÃO said “no”"


def test_decoded_letters_are_not_taken_for_lost_bytes_in_a_later_round() -> None:
    double = "Ärger über Åsa".encode().decode("cp1252").encode().decode("cp1252")
    assert clean_text(double).text == "Ärger über Åsa"


def test_lone_mojibake_needs_a_word_around_a_single_letter() -> None:
    # A capital then a symbol is correct text far more often than a misread letter.
    apostrophe = "\u2019"
    for text in ("«CAFÉ»", "NÃO…", f"ESPAÑA{apostrophe}s", f"ÅSA{apostrophe}s", "the letter Å…"):
        assert cleaning.fix_lone_mojibake(text) == text
    assert cleaning.fix_lone_mojibake("Ã…lesund and ÃŽle") == "Ålesund and Île"
    misread = "Αθήνα".encode().decode("cp1252")
    assert cleaning.fix_lone_mojibake(f"a misread {misread} word") == "a misread Αθήνα word"


def test_wrong_codepage_rereads_only_a_line_that_is_one_language_in_another_code_page() -> None:
    russian = "Президент России заявил в среду."
    misread = russian.encode("cp1251").decode("cp1252")
    assert cleaning.fix_wrong_codepage(f"Moscow\n{misread}") == f"Moscow\n{russian}"
    for text in ("Þórður and Guðrún in Reykjavík", "Søren, Hélène and Peña in Zürich"):
        assert cleaning.fix_wrong_codepage(text) == text


def test_restore_lost_bytes_never_guesses_unlikely_characters() -> None:
    # é» could be E9 BB + a lost byte, which would be a CJK character: not a plausible loss.
    assert cleaning.restore_lost_bytes("«café» â€ ok") == "«café» ” ok"
    assert cleaning.restore_lost_bytes("café»") == "café»"


def test_repair_mojibake_names_layers() -> None:
    double = "â€œquotedâ€".encode().decode("cp1252")
    text, names = cleaning.repair_mojibake(double)
    assert text == "“quoted”"
    assert "double_mojibake" in names
    assert "mojibake_lost_bytes" in names


def test_likely_restorations_all_lost_a_cp1252_undefined_byte() -> None:
    for char in mojibake_tables.LIKELY_RESTORATIONS + mojibake_tables.LIKELY_INNER_LEADS:
        encoded = char.encode("utf-8")
        assert any(byte in mojibake_tables.CP1252_UNDEFINED for byte in encoded), char
