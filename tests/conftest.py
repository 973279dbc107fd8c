"""Shared fixtures: a real Prefect test server for the session, and one real pipeline run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.prefect_server.runtime import apply_defaults
from tests.helpers import BINARY_BYTES, SEEDS

apply_defaults()


@pytest.fixture(scope="session")
def prefect_server():
    """A real (temporary) Prefect server for every flow run of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def seeds_with_bad_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus a binary file and an empty file, which must be rejected."""
    root = tmp_path_factory.mktemp("input")
    shutil.copytree(SEEDS, root, dirs_exist_ok=True)
    (root / "bad").mkdir()
    (root / "bad" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + BINARY_BYTES)
    (root / "bad" / "empty.txt").write_bytes(b"")
    return root


@pytest.fixture(scope="session")
def seeds_run(prefect_server, seeds_with_bad_files: Path, tmp_path_factory: pytest.TempPathFactory):
    """One real run of the flow over the seeds; returns (output folder, final state)."""
    from flows.orchestration.pipeline import newsflow_run

    output = tmp_path_factory.mktemp("output")
    state = newsflow_run(input_dir=seeds_with_bad_files, output_dir=output, return_state=True)
    return output, state


@pytest.fixture
def run_flow(prefect_server):
    """Run the real flow; returns its final state (see `summary_of`)."""
    from flows.orchestration.pipeline import newsflow_run

    def run(input_dir: Path, output_dir: Path, **options):
        return newsflow_run(
            input_dir=input_dir, output_dir=output_dir, return_state=True, **options
        )

    return run
