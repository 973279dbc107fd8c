"""Hostile input and tampered state: nothing outside the input folder is read, nothing outside the
output folder is touched, and the rest of the run publishes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.storage import layout
from flows.storage.publish import UnsafeJournalError, recover
from tests.helpers import CLEAN_ARTICLES, read_table, summary_of, write_articles

SECRET = "root:x:0:0:SECRET-LINE-THAT-MUST-NOT-BE-PUBLISHED:/root:/bin/bash\n"


# --- links out of the input folder ------------------------------------------------------------


@pytest.fixture
def linked_input(tmp_path: Path) -> Path:
    """Articles, plus links to a secret file and folder outside the input folder and one inside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text(SECRET)
    (outside / "folder").mkdir()
    (outside / "folder" / "more.txt").write_text(SECRET)
    root = write_articles(tmp_path / "in", CLEAN_ARTICLES)
    (root / "passwd.txt").symlink_to(outside / "passwd")
    (root / "relative.txt").symlink_to(Path("..") / "outside" / "passwd")
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere")
    (root / "elsewhere").symlink_to(outside / "folder", target_is_directory=True)
    (root / "same-story.txt").symlink_to(root / "world" / "summit.txt")
    (root / "world-again").symlink_to(root / "world", target_is_directory=True)
    return root


@pytest.mark.slow
def test_links_out_of_the_input_folder_are_rejected_and_never_read(
    run_flow, linked_input: Path, tmp_path: Path
):
    output = tmp_path / "out"
    state = run_flow(linked_input, output)

    assert state.is_completed(), state.message
    paragraphs = read_table(output, "paragraphs")
    assert not paragraphs["text"].str.contains("SECRET").any()
    rejects = read_table(output, "rejects").sort("source_path")
    assert rejects["source_path"].to_list() == [
        "dangling.txt", "elsewhere", "passwd.txt", "relative.txt",
    ]  # fmt: skip
    assert rejects["content_sha256"].null_count() == rejects.height
    assert all("outside the input folder" in reason for reason in rejects["reason"])
    documents = read_table(output, "documents")
    # A link inside the input folder is read under its own path; a linked folder is not walked.
    assert sorted(documents["source_path"]) == sorted([*CLEAN_ARTICLES, "same-story.txt"])

    again = run_flow(linked_input, output)
    assert again.is_completed(), again.message
    assert summary_of(again).rejected == 0, "a rejected link is not rejected again"
    assert read_table(output, "rejects").height == rejects.height


# --- a tampered publish journal ----------------------------------------------------------------


def plant_journal(output: Path, run_id: str, **plan: list) -> Path:
    journal = layout.journal_file(output, run_id)
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text(json.dumps({"run_id": run_id, "moves": [], "deletions": [], **plan}))
    return journal


@pytest.mark.parametrize(
    "plan",
    [
        {"deletions": ["../victim"]},
        {"deletions": ["tables/../../victim"]},
        {"deletions": ["/tmp/victim"]},
        {"deletions": ["validation/index.html"]},
        {"moves": [["_staging/evil/x", "../victim"]]},
        {"moves": [["../victim", "tables/documents/x.parquet"]]},
        {"moves": [["_staging/other-run/x", "tables/documents/x.parquet"]]},
        {"run_id": "../.."},
    ],
    ids=lambda plan: json.dumps(plan),
)
def test_recovery_refuses_a_journal_that_names_paths_outside_its_folders(
    tmp_path: Path, plan: dict
):
    output = tmp_path / "out"
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    (output / "validation").mkdir(parents=True)
    (output / "validation" / "index.html").write_text("report")
    run_id = plan.pop("run_id", "evil")
    journal = plant_journal(output, "evil", **plan)
    if run_id != "evil":
        journal.write_text(json.dumps({"run_id": run_id, "moves": [], "deletions": []}))

    with pytest.raises(UnsafeJournalError, match=r"remove .*evil\.json|another run"):
        recover(output)

    assert victim.read_text() == "keep me"
    assert (output / "validation" / "index.html").read_text() == "report"


def test_recovery_refuses_a_path_that_leaves_through_a_link_in_the_output(tmp_path: Path):
    output = tmp_path / "out"
    outside = tmp_path / "outside"
    (outside / "documents").mkdir(parents=True)
    victim = outside / "documents" / "part-1.parquet"
    victim.write_text("keep me")
    output.mkdir()
    (output / "tables").symlink_to(outside, target_is_directory=True)
    plant_journal(output, "evil", deletions=["tables/documents/part-1.parquet"])

    with pytest.raises(UnsafeJournalError):
        recover(output)
    assert victim.read_text() == "keep me"


def test_recovery_refuses_a_journal_that_is_not_one(tmp_path: Path):
    output = tmp_path / "out"
    journal = layout.journal_file(output, "broken")
    journal.parent.mkdir(parents=True)
    journal.write_text('{"run_id": "broken", "moves": "everything"}')
    with pytest.raises(UnsafeJournalError, match="is not a publish journal"):
        recover(output)


@pytest.mark.slow
def test_a_run_over_a_tampered_journal_fails_naming_it_and_touches_nothing(
    run_flow, tmp_path: Path
):
    source = write_articles(tmp_path / "in", CLEAN_ARTICLES)
    output = tmp_path / "out"
    assert run_flow(source, output).is_completed()
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    journal = plant_journal(output, "evil", deletions=["../victim"])
    documents = read_table(output, "documents")

    state = run_flow(source, output)

    assert state.is_failed()
    assert "outside the output's own folders" in state.message
    assert str(journal) in state.message
    assert victim.read_text() == "keep me"
    assert read_table(output, "documents").equals(documents)
