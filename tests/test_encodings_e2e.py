"""Every kind of encoding in the seeds comes out of the real flow with the text the journalist wrote.

Reads the session's real run over the seeds (`seeds_run`): the files under `seeds/encodings/`
are raw samples in Windows-1252, Latin-1, UTF-16 with a BOM, UTF-8 with a BOM and UTF-8 with a
few invalid bytes; `seeds_with_bad_files` adds a binary and an empty file.
"""

from __future__ import annotations

import json
from collections import Counter

import polars as pl
import pytest

from flows.quality.summary import artifact_markdown, terminal_table
from tests.helpers import read_table, summary_of

pytestmark = pytest.mark.slow

EURO = "\u20ac"
DASH = "\u2014"
EN_DASH = "\u2013"
LEFT, RIGHT, APOSTROPHE = "\u201c", "\u201d", "\u2019"

# source path -> (encoding, fixes, paragraphs exactly as published)
EXPECTED = {
    "encodings/euro-factory-output-cp1252.txt": (
        "cp1252",
        ["crlf"],
        [
            "Euro Zone Factory Output Rises for Third Month",
            "Factory output across the euro zone rose for a third straight month in October, "
            "according to figures published by Eurostat in Luxembourg on Tuesday.",
            f"Analysts at Société Générale said the rebound was {LEFT}broader than expected{RIGHT}, "
            "with Germany and France both reporting gains of more than 0.5%.",
            f"The European Central Bank{APOSTROPHE}s president, Christine Lagarde, warned that "
            f"energy costs {EN_DASH} still above {EURO}80 a megawatt-hour {EN_DASH} could weigh "
            "on the recovery.",
            f"{LEFT}We are not out of the woods yet,{RIGHT} said Renée Dubois, an economist in Paris.",
        ],
    ),
    # Latin-1 bytes 0xA0-0xFF are the same characters in Windows-1252, which is what is reported.
    "encodings/lisbon-ferry-strike-latin1.txt": (
        "cp1252",
        [],
        [
            "Ferry Strike Halts Crossings in Lisbon",
            "Ferry crossings between Lisbon and Barreiro were suspended on Wednesday after crew "
            "members walked out over pay, the operator said.",
            "Commuters queued at Cais do Sodré from 6am, and some waited more than an hour at "
            "12 °C for replacement buses.",
            "«Não há barcos hoje», read a handwritten sign at the terminal.",
            "A union spokesman, João Conceição, said crews would return if the company offered a "
            "rise of 4½%.",
            "The company's director, Inês Araújo, apologised and said tickets for the day would be "
            "refunded.",
        ],
    ),
    "encodings/harbour-reopens-utf16.txt": (
        "utf-16",
        [],
        [
            "Harbour Reopens After Storm",
            "The port of Gdańsk reopened on Sunday after storm Ciarán forced a two-day closure, "
            "the harbour authority said.",
            "Ships queued in the Baltic Sea overnight while crews in Poland cleared debris from "
            "the quays.",
            "Officials in Warsaw praised the rescue teams, saying no one had been seriously hurt.",
        ],
    ),
    "encodings/markets-close-utf8-bom.txt": (
        "utf-8",
        ["utf8_bom_removed"],
        [
            "Markets Close Higher in Frankfurt and Warsaw",
            "European shares closed higher on Friday as investors welcomed lower inflation "
            "figures from Germany and Poland.",
            f"The DAX in Frankfurt rose 1.2%, while the WIG index in Warsaw gained 0.8% {DASH} its "
            "best day since March.",
            f"{LEFT}The figures surprised almost everyone,{RIGHT} said Zofia Wiśniewska, an analyst "
            "in Kraków.",
            f"The euro edged up to $1.09, and Brent crude traded at {EURO}74 a barrel.",
        ],
    ),
    # Two Windows-1252 bytes pasted into UTF-8 (`Caf\xe9`, `caf\xe9\x92s`): read as such, and
    # the rest of the document kept.
    "encodings/council-vote-broken-utf8.txt": (
        "utf-8",
        ["invalid_utf8_bytes"],
        [
            "Council Votes to Keep Riverside Café Open",
            "Councillors in Cork voted on Tuesday to keep the riverside café open for another "
            "year, overturning a plan to close it in May.",
            f"The café{APOSTROPHE}s owner, Séamus Ó Briain, thanked the 2,300 residents who signed "
            f"a petition {DASH} {LEFT}a remarkable show of support{RIGHT}, he said.",
            f"The council{APOSTROPHE}s finance chief, Aoife Ní Mhurchú, said the decision would "
            f"cost about {EURO}40,000.",
        ],
    ),
}


@pytest.fixture(scope="module")
def run(seeds_run):
    output, state = seeds_run
    assert state.is_completed(), state.message
    return output, summary_of(state)


@pytest.fixture(scope="module")
def documents(run) -> pl.DataFrame:
    return read_table(run[0], "documents")


@pytest.mark.parametrize("source_path", sorted(EXPECTED))
def test_each_encoding_is_published_with_the_right_text(run, documents, source_path: str):
    encoding, fixes, paragraphs = EXPECTED[source_path]
    row = documents.filter(pl.col("source_path") == source_path)
    assert row.height == 1
    assert row["encoding"][0] == encoding
    assert sorted(row["fixes"][0]) == sorted(fixes)
    published = (
        read_table(run[0], "paragraphs")
        .filter(pl.col("doc_id") == row["doc_id"][0])
        .sort("paragraph_index")["text"]
        .to_list()
    )
    assert published == paragraphs


def test_binary_and_empty_files_are_rejected_with_reasons(run):
    rejects = read_table(run[0], "rejects")
    reasons = dict(zip(rejects["source_path"], rejects["reason"], strict=True))
    assert reasons["bad/photo.jpg"] == "the file is a JPEG image, not text"
    assert reasons["bad/empty.txt"] == "the file is empty"


def test_the_run_summary_counts_documents_per_repair(run, documents):
    output, summary = run
    per_repair = Counter(fix for fixes in documents["fixes"].to_list() for fix in fixes)
    assert summary.fixes == dict(per_repair)
    assert summary.fixes["utf8_bom_removed"] == 1
    assert summary.fixes["invalid_utf8_bytes"] == 1
    assert summary.fixes["lost_nbsp"] == 1  # the seed article's `Marine.Â`
    record = json.loads((output / "validation" / "runs" / f"{summary.run_id}.json").read_text())
    assert record["fixes"] == summary.fixes


def test_terminal_and_artifact_show_documents_per_repair(run):
    summary = run[1]
    table, markdown = terminal_table(summary), artifact_markdown(summary)
    for name, count in summary.fixes.items():
        assert f"repair {name:<28} {count:>6} documents" in table
        assert f"| {name} | {count} |" in markdown
