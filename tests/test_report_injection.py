"""Article text that fails an expectation is shown in the report as text, never run as code.

Every payload of `tests/golden/injection.jsonl` (script tags, event handlers, `javascript:` URLs,
SVG, HTML entities, Jinja and Markdown syntax) would mark the page's root element with
`data-pwned` if it ran. The payloads go into values that fail expectations, so that Great
Expectations lists them on its result pages; each page is then opened in headless Chromium.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from flows.contract.runs import RunInfo
from flows.contract.settings import Settings
from flows.contract.tables import TABLES
from flows.processing.batches import stamp
from flows.quality.expectations import audit_frames
from flows.quality.validation import ValidationReport, validate_frames
from tests.browser import parse, render
from tests.helpers import golden_cases
from transforms.rows import DocumentRow, EntityRow, EntityToneRow, ParagraphRow, RejectRow

pytestmark = pytest.mark.slow

PAYLOADS = [case["payload"] for case in golden_cases("injection")]
DOC_ID = "d" * 24
NAME = "Iran"
RUN = RunInfo("run-1", datetime(2025, 3, 1, 6, tzinfo=UTC))


def paragraph(index: int, text: str) -> ParagraphRow:
    return ParagraphRow(DOC_ID, index, text, -0.1, 0.0, 0.9, 0.1, "neutral", -0.1)


def injected_tables() -> dict[str, pa.Table]:
    """One document whose paragraphs and entity labels carry the payloads, each failing a check.

    A paragraph with U+FFFD fails the mojibake warning; a label outside the OntoNotes set fails
    the label check of `entities` and `entity_sentiment`.
    """
    texts = [f"{NAME} {payload} \ufffd" for payload in PAYLOADS]
    rows = {
        "documents": [
            DocumentRow(
                doc_id=DOC_ID,
                source_path="world/<b>bold</b>.txt",
                content_sha256="0" * 64,
                encoding="utf-8",
                fixes=[],
                n_paragraphs=len(texts),
                n_bytes=1,
                sentiment_mean=-0.1,
                sentiment_min=-0.1,
                sentiment_max=-0.1,
                negative_share=0.0,
                previous_doc_id=None,
            )
        ],
        "paragraphs": [paragraph(i, text) for i, text in enumerate(texts)],
        "entities": [
            EntityRow(DOC_ID, i, 0, len(NAME), NAME, payload, NAME)
            for i, payload in enumerate(PAYLOADS)
        ],
        "entity_sentiment": [
            EntityToneRow(DOC_ID, NAME, payload, 1, 1, -0.1, 0.0, i)
            for i, payload in enumerate(PAYLOADS)
        ],
        "rejects": [RejectRow("bad/<svg onload=alert(1)>.bin", "<b>", None)],
    }
    unstamped = {name: table.rows_to_arrow(rows[name]) for name, table in TABLES.items()}
    return stamp(unstamped, RUN)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> ValidationReport:
    output = tmp_path_factory.mktemp("output")
    return validate_frames(audit_frames(injected_tables()), output, RUN.run_id, Settings())


@pytest.fixture(scope="module")
def site(report: ValidationReport) -> Path:
    return report.report_path.parent


def result_pages(site: Path) -> list[Path]:
    return sorted(site.glob(f"validations/*/*/{RUN.run_id}/*/*.html"))


def test_the_payloads_fail_expectations_and_reach_the_result_pages(report, site: Path):
    failed = {(o.table, o.column) for o in report.outcomes if not o.success}
    assert {("paragraphs", "text"), ("entities", "label"), ("entity_sentiment", "label")} <= failed
    pages = "".join(page.read_text(encoding="utf-8") for page in result_pages(site))
    assert "data-pwned" in pages, "the payloads are shown"


def test_no_payload_runs_in_a_browser(site: Path, tmp_path: Path):
    pages = result_pages(site)
    assert len(pages) >= 5
    for number, page in enumerate([site / "index.html", *pages]):
        document = parse(render(page, tmp_path / f"profile-{number}"))
        (html,) = document.iter("html")
        assert "data-pwned" not in html.attrs, (page, html.attrs.get("data-pwned"))
        injected = [s for s in document.iter("script") if "data-pwned" in s.text()]
        assert injected == [], page
        links = [a.attrs["href"] for a in document.iter("a") if "href" in a.attrs]
        assert not [href for href in links if "pwned" in href], page


def test_every_page_forbids_inline_script_from_data(site: Path):
    for page in sorted(site.rglob("*.html")):
        document = parse(page.read_text(encoding="utf-8"))
        policies = [
            meta.attrs["content"]
            for meta in document.iter("meta")
            if meta.attrs.get("http-equiv", "").lower() == "content-security-policy"
        ]
        assert len(policies) == 1, page
        directives = dict(
            (part.split()[0], part.split()[1:]) for part in policies[0].split(";") if part.strip()
        )
        assert "'unsafe-inline'" not in directives["script-src"], page
        assert directives["object-src"] == ["'none'"]
        assert directives["base-uri"] == ["'none'"]
    for page in result_pages(site):
        document = parse(page.read_text(encoding="utf-8"))
        assert not [s for s in document.iter("script") if "src" not in s.attrs], page
        handlers = [name for e in document.iter() for name in e.attrs if name.startswith("on")]
        assert handlers == [], page
