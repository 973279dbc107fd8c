"""ftfy's own test cases through newsflow's cleaning: at least as many right as ftfy, per file.

The cases are ftfy's public test-case files, vendored unchanged in `tests/golden/ftfy/` (see its
README for source and licence). For each case:

* ftfy is right when it passes ftfy's own test: `ftfy.fix_text(original) == fixed` and
  `ftfy.fix_encoding(original) == fixed-encoding` (which defaults to `fixed`).
* newsflow is right when `clean_text(original)` is ftfy's expected encoding repair under
  newsflow's documented typography (special spaces become spaces, control characters go, NFC;
  curly quotes, ligatures and full-width forms are kept, so `fixed-encoding` is the reference,
  or `fixed` where the original holds HTML entities, which only `fix_text` decodes), or the text
  the case is a misreading of, where `ftfy_intended.jsonl` proves that (ftfy writes U+FFFD for a
  byte it cannot restore; newsflow restores it).

`tests/golden/ftfy_comparison.md` lists the counts and every case where the two differ; the test
fails when it is out of date. Regenerate it with
`.venv/bin/python tests/test_ftfy_cases.py > tests/golden/ftfy_comparison.md`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ftfy
import ftfy.fixes
import pytest

from transforms import cleaning, mojibake_tables
from transforms.cleaning import clean_text

GOLDEN = Path(__file__).parent / "golden"
FTFY_FILES = sorted((GOLDEN / "ftfy").rglob("*.json"))
INTENDED = GOLDEN / "ftfy_intended.jsonl"
COMPARISON = GOLDEN / "ftfy_comparison.md"
# newsflow's typography, applied to ftfy's expected text: the repairs that are not mojibake.
TYPOGRAPHY = ("crlf", "line_separators", "terminal_escapes", "html_entities", "surrogates",
              "bom_in_text", "zero_width_chars", "soft_hyphens", "control_chars", "exotic_spaces",
              "unicode_nfc")  # fmt: skip
# How the original of an intended case was produced from the intended text.
MISREADINGS = {
    "utf-8 as windows-1252, lost bytes as U+FFFD": lambda text: text.encode().decode(
        "cp1252", errors="replace"
    ),
    "utf-8 as windows-1252, lost bytes as ?": lambda text: (
        text.encode().decode("cp1252", errors="replace").replace("\ufffd", "?")
    ),
    "utf-8 as windows-1252, lost bytes as U+FFFD, no-break spaces as spaces": lambda text: (
        text.encode().decode("cp1252", errors="replace").replace("\xa0", " ")
    ),
    "utf-8 as windows-1252 twice, lost bytes as U+FFFD": lambda text: (
        text.encode().decode("cp1252", errors="replace").encode().decode("cp1252", errors="replace")
    ),
    "utf-8 as latin-1": lambda text: text.encode().decode("latin-1"),
}


@dataclass(frozen=True)
class Outcome:
    file: str
    label: str
    original: str
    reference: str
    newsflow: str
    ftfy_right: bool
    newsflow_right: bool
    intended: bool


@cache
def intended_texts() -> dict[str, dict]:
    lines = INTENDED.read_text(encoding="utf-8").split("\n")
    return {case["original"]: case for case in map(json.loads, filter(None, lines))}


def typography(text: str) -> str:
    for repair in cleaning.REPAIRS:
        if repair.name in TYPOGRAPHY and repair.fixer is not None:
            text = repair.fixer(text)
    return text


def reference(case: dict) -> str:
    """ftfy's expected encoding repair, in newsflow's typography."""
    has_entities = mojibake_tables.HTML_ENTITY.search(case["original"])
    expected = case["fixed"] if has_entities else case.get("fixed-encoding", case["fixed"])
    return typography(expected)


def newsflow_right(case: dict, output: str, expected: str) -> tuple[bool, bool]:
    """Whether newsflow's output is right, and whether by the intended text."""
    if output == expected:
        return True, False
    # `fixed` alone is `fix_text`'s result, which uncurls quotes; newsflow keeps them.
    if "fixed-encoding" not in case and ftfy.fixes.uncurl_quotes(output) == expected:
        return True, False
    intended = intended_texts().get(case["original"])
    return (intended is not None and output == intended["intended"]), intended is not None


def outcomes(path: Path) -> list[Outcome]:
    results = []
    for case in json.loads(path.read_text(encoding="utf-8")):
        original, fixed = case["original"], case["fixed"]
        ftfy_right = ftfy.fix_text(original) == fixed and ftfy.fix_encoding(original) == case.get(
            "fixed-encoding", fixed
        )
        expected = reference(case)
        output = clean_text(original).text
        right, by_intent = newsflow_right(case, output, expected)
        file = str(path.relative_to(GOLDEN / "ftfy"))
        results.append(
            Outcome(file, case["label"], original, expected, output, ftfy_right, right, by_intent)
        )
    return results


def comparison_markdown() -> str:
    lines = [
        "# ftfy's test cases: ftfy 6.3.1 and newsflow's cleaning",
        "",
        "Generated by `tests/test_ftfy_cases.py` (see its docstring for what counts as right).",
        "",
        "| file | cases | ftfy right | newsflow right |",
        "|---|---|---|---|",
    ]
    differing: list[Outcome] = []
    for path in FTFY_FILES:
        results = outcomes(path)
        ftfy_count = sum(r.ftfy_right for r in results)
        newsflow_count = sum(r.newsflow_right for r in results)
        lines.append(f"| {results[0].file} | {len(results)} | {ftfy_count} | {newsflow_count} |")
        differing += [r for r in results if r.ftfy_right != r.newsflow_right or r.intended]
    lines += ["", "## Cases where they differ", ""]
    lines += ["| file | case | ftfy | newsflow | newsflow's output |", "|---|---|---|---|---|"]
    for r in differing:
        ftfy_mark = "right" if r.ftfy_right else "wrong"
        newsflow_mark = ("right (intended text)" if r.intended else "right") if r.newsflow_right \
            else "wrong"  # fmt: skip
        output = json.dumps(r.newsflow, ensure_ascii=False).replace("|", "\\|")
        lines.append(f"| {r.file} | {r.label} | {ftfy_mark} | {newsflow_mark} | {output} |")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("path", FTFY_FILES, ids=lambda path: path.name)
def test_newsflow_gets_at_least_as_many_ftfy_cases_right_as_ftfy(path: Path) -> None:
    results = outcomes(path)
    ftfy_count = sum(r.ftfy_right for r in results)
    newsflow_count = sum(r.newsflow_right for r in results)
    assert newsflow_count >= ftfy_count, [r for r in results if r.ftfy_right > r.newsflow_right]


def test_every_intended_text_is_what_the_case_misreads() -> None:
    """An intended text is accepted only where misreading it reproduces the case's original."""
    originals = {
        case["original"] for path in FTFY_FILES for case in json.loads(path.read_text("utf-8"))
    }
    for original, case in intended_texts().items():
        assert original in originals
        span = case.get("span", case["intended"])  # the part of the text that was misread
        misread = case["intended"].replace(span, MISREADINGS[case["via"]](span))
        assert misread == original, case
        assert case["reason"]


def test_the_comparison_table_is_up_to_date() -> None:
    assert COMPARISON.read_text(encoding="utf-8") == comparison_markdown()


if __name__ == "__main__":
    print(comparison_markdown(), end="")
