"""Mirroring the published output to an object store: a real S3 API on loopback (moto's server).

The flow runs for real (Prefect, spaCy, Great Expectations) and mirrors through pyarrow's S3 file
system; the mirror is read back with Polars, as an analyst on another machine would.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow.fs as pafs
import pytest

from flows.commands.cli import main
from flows.contract.tables import TABLES
from flows.storage import mirror
from tests.helpers import CLEAN_ARTICLES, read_table, summary_of, write_articles

pytestmark = pytest.mark.slow

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "newsflow-test", "AWS_SECRET_ACCESS_KEY": "newsflow-test"}
ARRIVAL = {
    "science/probe.txt": "Probe Reaches Mars\nThe European probe reached Mars on Friday, the "
    "agency in Paris said.\n"
}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """A real S3 API (moto's server) on a free loopback port, with test credentials set."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    with pytest.MonkeyPatch.context() as env:
        for name, value in CREDENTIALS.items():
            env.setenv(name, value)
        yield f"http://{host}:{port}"
    server.stop()


def s3_uri(endpoint: str, bucket: str, prefix: str) -> str:
    return f"s3://{bucket}/{prefix}?endpoint_override={endpoint}&region=us-east-1"


def create_bucket(endpoint: str, bucket: str) -> None:
    filesystem, _ = pafs.FileSystem.from_uri(
        f"s3://{bucket}?endpoint_override={endpoint}&region=us-east-1&allow_bucket_creation=true"
    )
    filesystem.create_dir(bucket)


def mirrored_files(uri: str) -> set[str]:
    filesystem, root = mirror.open_uri(uri)
    return set(mirror.remote_files(filesystem, root))


def read_local(output: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(f"{output}/tables/{table}/**/*.parquet", hive_partitioning=True)


def read_mirrored(endpoint: str, bucket: str, prefix: str, table: str) -> pl.DataFrame:
    options = {
        "aws_endpoint_url": endpoint,
        "aws_region": "us-east-1",
        "aws_allow_http": "true",
        "aws_access_key_id": CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    }
    path = f"s3://{bucket}/{prefix}/tables/{table}/**/*.parquet"
    return pl.read_parquet(path, storage_options=options, hive_partitioning=True)


def same_rows(name: str, mirrored: pl.DataFrame, local: pl.DataFrame) -> bool:
    key = list(TABLES[name].key)
    return mirrored.sort(key).equals(local.sort(key))


def test_copy_order_puts_children_first_and_the_report_index_last():
    paths = [
        "validation/index.html",
        "validation/validations/x.html",
        "tables/documents/ingest_date=2026-12-01/part-a.parquet",
        "quarantine/run/documents.parquet",
        "tables/entities/ingest_date=2026-12-01/part-a.parquet",
        "tables/paragraphs/ingest_date=2026-12-01/part-a.parquet",
        "tables/rejects/ingest_date=2026-12-01/part-a.parquet",
    ]
    assert sorted(paths, key=mirror.copy_rank) == [
        "tables/rejects/ingest_date=2026-12-01/part-a.parquet",
        "tables/entities/ingest_date=2026-12-01/part-a.parquet",
        "tables/paragraphs/ingest_date=2026-12-01/part-a.parquet",
        "tables/documents/ingest_date=2026-12-01/part-a.parquet",
        "quarantine/run/documents.parquet",
        "validation/validations/x.html",
        "validation/index.html",
    ]


def test_the_uri_is_redacted_in_messages():
    uri = "s3://bucket/news?access_key=AKIA&secret_key=SECRET&endpoint_override=http://h:1"
    assert mirror.redacted(uri) == "s3://bucket/news"
    assert mirror.uri_problem("nosuchscheme://bucket/news") is not None


def test_a_file_system_mirror_copies_what_changed_and_only_that(seeds_run, tmp_path: Path):
    source, _ = seeds_run
    output = tmp_path / "out"
    shutil.copytree(source, output)
    uri = (tmp_path / "mirror").as_uri()

    first = mirror.mirror_output(output, uri)

    expected = mirror.local_files(output)
    assert first.copied == len(expected) > 0 and first.deleted == 0
    for path in expected:
        assert (tmp_path / "mirror" / path).read_bytes() == (output / path).read_bytes()
    assert not any(p.name.startswith(".") for p in (tmp_path / "mirror").rglob("*"))
    assert not (tmp_path / "mirror" / "validation" / "_store").exists()
    assert mirror.mirror_output(output, uri).copied == 0
    (output / "validation" / "index.html").write_text("<html>rebuilt</html>", encoding="utf-8")
    again = mirror.mirror_output(output, uri)
    assert (again.copied, again.unchanged) == (1, len(expected) - 1)
    assert (tmp_path / "mirror" / "validation" / "index.html").read_text() == "<html>rebuilt</html>"


def test_a_run_publishes_to_s3_and_readers_there_see_its_rows(
    run_flow, s3_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    create_bucket(s3_endpoint, "newsflow-mirror")
    uri = s3_uri(s3_endpoint, "newsflow-mirror", "news")
    source = write_articles(tmp_path / "in", CLEAN_ARTICLES)
    output = tmp_path / "out"

    state = run_flow(source, output, publish_uri=uri)

    assert state.is_completed(), state.message
    assert summary_of(state).mirror.startswith("s3://newsflow-mirror/news: ")
    for name in TABLES:
        mirrored = read_mirrored(s3_endpoint, "newsflow-mirror", "news", name)
        assert same_rows(name, mirrored, read_local(output, name)), name
    files = mirrored_files(uri)
    assert files == set(mirror.local_files(output))
    assert "validation/index.html" in files
    assert not any(path.startswith("validation/_store/") for path in files)

    # A later run adds a file and compacts: the mirror drops the files compaction replaced,
    # and keeps a file this output never wrote.
    filesystem, root = mirror.open_uri(uri)
    with filesystem.open_output_stream(f"{root}/tables/notes/README.txt") as out:
        out.write(b"written by someone else")
    monkeypatch.setenv("NEWSFLOW_COMPACT_MIN_FILES", "2")
    write_articles(source, ARRIVAL)

    again = run_flow(source, output, publish_uri=uri)

    assert again.is_completed(), again.message
    assert mirrored_files(uri) == set(mirror.local_files(output)) | {"tables/notes/README.txt"}
    assert any("part-compact-" in path for path in mirrored_files(uri))
    documents = read_mirrored(s3_endpoint, "newsflow-mirror", "news", "documents")
    assert documents.height == len(CLEAN_ARTICLES) + len(ARRIVAL)
    assert same_rows("documents", documents, read_local(output, "documents"))


def test_a_failed_mirror_fails_the_run_and_the_next_run_completes_it(
    run_flow, s3_endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    uri = s3_uri(s3_endpoint, "newsflow-later", "news")
    source = write_articles(tmp_path / "in", CLEAN_ARTICLES)
    output = tmp_path / "out"

    state = run_flow(source, output, publish_uri=uri)

    assert state.is_failed()
    assert "mirroring to s3://newsflow-later/news failed" in state.message
    assert "the next run copies what is missing" in state.message
    assert read_table(output, "documents").height == len(CLEAN_ARTICLES)

    create_bucket(s3_endpoint, "newsflow-later")
    status = main(["run", "--input", str(source), "--output", str(output), "--publish-uri", uri])

    assert status == 0
    assert "mirror: s3://newsflow-later/news: " in capsys.readouterr().out
    assert mirrored_files(uri) == set(mirror.local_files(output))


def test_a_mistyped_publish_uri_stops_the_run_before_it_starts(tmp_path: Path, capsys):
    source = write_articles(tmp_path / "in", CLEAN_ARTICLES)
    output = tmp_path / "out"
    for mistyped in ("s4://bucket/news", "bucket/news"):
        status = main(
            ["run", "--input", str(source), "--output", str(output), "--publish-uri", mistyped]
        )
        assert status == 2
        assert "publish URI" in capsys.readouterr().err
    assert not output.exists()


def test_a_mirror_cut_off_mid_copy_keeps_old_files_until_the_next_run_replaces_them(
    seeds_run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    source, _ = seeds_run
    output = tmp_path / "out"
    shutil.copytree(source, output)
    uri = (tmp_path / "mirror").as_uri()
    mirror.mirror_output(output, uri)
    # Compaction's outcome, locally: one file of a partition replaced by another.
    old = next((output / "tables" / "paragraphs").rglob("*.parquet"))
    new = old.with_name("part-compact-x.parquet")
    old.rename(new)
    old_path, new_path = (str(p.relative_to(output)) for p in (old, new))

    def cut_off(*args) -> None:
        raise OSError("connection reset")

    with monkeypatch.context() as patched:
        patched.setattr(mirror, "copy_file", cut_off)
        with pytest.raises(OSError, match="connection reset"):
            mirror.mirror_output(output, uri)
    # Readers of the mirror still have every row: nothing was deleted before its replacement.
    assert (tmp_path / "mirror" / old_path).is_file()
    assert not (tmp_path / "mirror" / new_path).exists()

    resumed = mirror.mirror_output(output, uri)

    assert (resumed.copied, resumed.deleted) == (1, 1)
    assert not (tmp_path / "mirror" / old_path).exists()
    assert (tmp_path / "mirror" / new_path).read_bytes() == new.read_bytes()
