"""The validation report opens offline in a real browser (headless Chromium) and shows every suite.

The index page's tables of results and suites are filled in by JavaScript (bootstrap-table); in
the static HTML they are empty. Reading the DOM Chromium rendered therefore shows whether the
scripts loaded, without internet, from the site's own copies.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from flows.contract.settings import Settings
from flows.contract.tables import TABLES
from flows.quality.expectations import audit_frames
from flows.quality.report_site import localise_assets, remote_assets
from flows.quality.validation import ValidationReport, rules_by_severity, validate_frames
from tests.browser import Element, parse, render

pytestmark = pytest.mark.slow

TABLE_NAMES = tuple(TABLES)
# One suite per table and severity, as the report shows them.
SUITES = tuple(
    f"{table}.{severity}"
    for table in TABLE_NAMES
    for severity in rules_by_severity(table, Settings())
)
RESULTS_TABLE = "section-1-content-block-2-1-body-table"
SUITES_TABLE = "section-1-content-block-2-2-body-table"
STATUS_ICONS = {"ge-success-icon": "Success", "ge-failed-icon": "Failed"}
OUT_OF_RANGE_SENTIMENT = 5.0
PARAGRAPHS = [
    "Iran has withdrawn most of its forces from eastern Syria after a decade-long intervention.",
    "Many of the Iranian and proxy fighters fled across the border to Iraq.",
]


def _tables() -> dict[str, pa.Table]:
    """One small, valid run, except one paragraph whose sentiment is out of range."""
    started = datetime(2025, 3, 1, 6, 0, tzinfo=UTC)
    raw = "\n".join(PARAGRAPHS).encode()
    doc_id = hashlib.sha256(b"world/iran.txt" + raw).hexdigest()
    paragraphs = [
        {
            "doc_id": doc_id,
            "paragraph_index": index,
            "text": text,
            "sentiment_compound": compound,
            "sentiment_positive": 0.0,
            "sentiment_neutral": 0.8,
            "sentiment_negative": 0.2,
            "sentiment_label": "negative",
            "vader_compound": -0.3,
        }
        for index, (text, compound) in enumerate(
            zip(PARAGRAPHS, [-0.3, OUT_OF_RANGE_SENTIMENT], strict=True)
        )
    ]
    entities = [
        {
            "doc_id": doc_id,
            "paragraph_index": 0,
            "start_char": PARAGRAPHS[0].index(name),
            "end_char": PARAGRAPHS[0].index(name) + len(name),
            "text": name,
            "label": "GPE",
            "canonical": name,
        }
        for name in ("Iran", "Syria")
    ]
    tones = [
        {
            "doc_id": doc_id,
            "canonical": name,
            "label": "GPE",
            "mentions": 1,
            "sentences": 1,
            "mean_sentiment": -0.3,
            "negative_share": 1.0,
            "first_paragraph": 0,
        }
        for name in ("Iran", "Syria")
    ]
    document = {
        "doc_id": doc_id,
        "source_path": "world/iran.txt",
        "content_sha256": hashlib.sha256(raw).hexdigest(),
        "encoding": "utf-8",
        "fixes": [],
        "n_paragraphs": len(PARAGRAPHS),
        "n_bytes": len(raw),
        "ingested_at": started,
        "run_id": "run-1",
    }
    reject = {
        "source_path": "bad/photo.jpg",
        "reason": "not text: the file holds binary data",
        "detected_at": started,
        "content_sha256": hashlib.sha256(b"\xff\xd8").hexdigest(),
        "run_id": "run-1",
    }
    rows = {
        "documents": [document],
        "paragraphs": paragraphs,
        "entities": entities,
        "entity_sentiment": tones,
        "rejects": [reject],
    }
    return {
        name: pa.Table.from_pylist(rows[name], schema=TABLES[name].schema) for name in TABLE_NAMES
    }


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> ValidationReport:
    """A real Great Expectations report of one run, with the site's assets localised."""
    output = tmp_path_factory.mktemp("output")
    return validate_frames(audit_frames(_tables()), output, "run-1", Settings())


@pytest.fixture(scope="module")
def site(report: ValidationReport) -> Path:
    return report.report_path.parent


def body_rows(document: Element, table_id: str) -> list[Element]:
    """The rows of a table's body (none when it has no body yet)."""
    return [row for body in document.by_id(table_id).iter("tbody") for row in body.iter("tr")]


def status(row: Element) -> str:
    icons = {STATUS_ICONS[c] for i in row.iter("i") for c in STATUS_ICONS if i.has_class(c)}
    assert len(icons) == 1, row.text()
    return icons.pop()


def expected_statuses(report: ValidationReport) -> dict[str, str]:
    failed = {f"{o.table}.{o.severity}" for o in report.outcomes if not o.success}
    return {suite: "Failed" if suite in failed else "Success" for suite in SUITES}


def test_static_index_has_no_result_rows_until_scripts_run(site: Path):
    # What the browser test below relies on: the rows exist only once bootstrap-table has run.
    static = parse(site.joinpath("index.html").read_text(encoding="utf-8"))
    assert body_rows(static, RESULTS_TABLE) == []
    assert body_rows(static, SUITES_TABLE) == []


def test_index_shows_every_suite_and_its_result_in_a_browser(site: Path, report, tmp_path: Path):
    expected = expected_statuses(report)
    assert expected["paragraphs.critical"] == "Failed"
    assert "Success" in expected.values()

    rendered = parse(render(site / "index.html", tmp_path / "profile"))

    results = body_rows(rendered, RESULTS_TABLE)
    shown = {
        next(
            a for a in row.iter("a") if a.has_class("ge-index-page-table-expectation-suite-link")
        ).text(): status(row)
        for row in results
    }
    assert len(results) == len(SUITES)
    assert shown == expected
    suites = {row.text() for row in body_rows(rendered, SUITES_TABLE)}
    assert suites == set(SUITES)


def test_validation_result_page_shows_the_failed_expectation(site: Path, tmp_path: Path):
    (page,) = site.glob("validations/paragraphs/critical/run-1/*/*.html")

    rendered = parse(render(page, tmp_path / "profile"))

    # bootstrap-table wraps each table once its script ran, from four folders below the site root.
    assert any(div.has_class("bootstrap-table") for div in rendered.iter("div"))
    failed = [
        row.text()
        for row in rendered.iter("tr")
        if any(i.has_class("fa-times") and i.has_class("text-danger") for i in row.iter("i"))
    ]
    assert len(failed) == 1
    assert "-1.0 and less than or equal to 1.0" in failed[0]
    assert "1 unexpected values found" in failed[0]
    assert str(OUT_OF_RANGE_SENTIMENT) in failed[0]


def test_pages_load_every_script_and_style_from_the_site(site: Path):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 1 + 2 * len(SUITES)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert remote_assets(html) == set(), page
        document = parse(html)
        local = [s.attrs["src"] for s in document.iter("script") if "src" in s.attrs]
        local += [
            link.attrs["href"]
            for link in document.iter("link")
            if link.attrs.get("rel") == "stylesheet"
        ]
        assert len(local) >= 10, page
        for address in local:
            assert (page.parent / address).resolve().is_file(), (page, address)


def test_localising_again_changes_nothing(site: Path):
    def snapshot() -> dict[Path, tuple[bytes, int]]:
        files = (p for p in site.rglob("*") if p.is_file() and "_store" not in p.parts)
        return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}

    before = snapshot()
    localise_assets(site)
    assert snapshot() == before
    assert not [p for p in before if p.name.endswith(".tmp")]
