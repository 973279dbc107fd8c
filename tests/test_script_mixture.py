"""The script-mixture pattern behind the warning expectation on `paragraphs.text`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from transforms.mojibake_tables import MIXED_SCRIPT_WORD

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    json.loads(line)
    for line in (GOLDEN / "script_mixture.jsonl").read_text(encoding="utf-8").split("\n")
    if line
]


@pytest.mark.parametrize("case", CASES, ids=[case["why"][:40] for case in CASES])
def test_script_mixture_golden_case(case: dict) -> None:
    assert bool(MIXED_SCRIPT_WORD.search(case["text"])) == case["flagged"], case["why"]


def test_correct_text_of_the_cleaning_and_decoding_golden_cases_is_not_flagged() -> None:
    cleaning = [
        json.loads(line)
        for line in (GOLDEN / "cleaning.jsonl").read_text("utf-8").split("\n")
        if line
    ]
    decoding = [
        json.loads(line)
        for line in (GOLDEN / "decoding.jsonl").read_text("utf-8").split("\n")
        if line
    ]
    texts = [case["expected"] for case in cleaning if "xfail" not in case]
    texts += [case["text"] for case in decoding if "text" in case]
    assert [text for text in texts if MIXED_SCRIPT_WORD.search(text)] == []


def test_the_pattern_is_a_plain_regular_expression() -> None:
    """Great Expectations takes the pattern as a string: it must need no flags."""
    assert MIXED_SCRIPT_WORD.flags == re.UNICODE  # the default for a str pattern
    assert re.compile(MIXED_SCRIPT_WORD.pattern) == MIXED_SCRIPT_WORD
