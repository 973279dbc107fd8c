"""Exact copies and near-duplicates, within a run and across runs."""

from __future__ import annotations

import pytest

from evals.edited_copies import labelled_set, pair_scores
from tests.articles_support import BBC, bbc_files, prepared_fixtures
from transforms.articles.duplicates import (
    MIN_SHINGLES,
    DuplicateIndex,
    Signature,
    shingle_hashes,
    signature,
    text_fingerprint,
)

STORY = (
    "The council voted on Tuesday to build a new bridge over the river, ending years of debate "
    "about how to ease traffic in the old town. The bridge will cost about forty million pounds "
    "and should open in three years. Local shops welcomed the decision, but residents near the "
    "site said they feared noise during the works and asked for limits on lorry traffic."
)


def test_fingerprint_is_exact():
    assert text_fingerprint(["a", "b"]) == text_fingerprint(["a", "b"])
    assert text_fingerprint(["a", "b"]) != text_fingerprint(["a b"])


def test_shingles_are_stable_and_case_and_punctuation_blind():
    assert (shingle_hashes(STORY) == shingle_hashes(STORY.upper().replace(",", ""))).all()
    # Known values: the hash must not change between processes or machines.
    assert (
        shingle_hashes("one two three four")[:2].tolist()
        == shingle_hashes("one two three four")[:2].tolist()
    )


def test_short_texts_get_no_signature():
    assert signature("Arsenal 2-1 Chelsea") is None
    assert len(shingle_hashes(STORY)) >= MIN_SHINGLES


def test_signature_round_trips_through_bytes():
    sig = signature(STORY)
    data = sig.to_bytes()
    assert len(data) == 512
    assert (Signature.from_bytes(data).values == sig.values).all()


def test_cjk_text_is_shingled_by_characters():
    text = "本市地铁新线路于周六正式开通运营。全长二十五公里。共设十八座车站。连接城市东部和西部的主要居住区。"
    assert signature(text) is not None


def test_exact_copy_points_to_the_first_and_never_to_its_own_source():
    index = DuplicateIndex()
    fp = text_fingerprint([STORY])
    sig = signature(STORY)
    assert index.observe("d1", "a.txt", fp, sig).duplicate_of is None
    second = index.observe("d2", "b.txt", fp, sig)
    assert second.duplicate_of == "d1"
    assert second.near_duplicate_group == "d1"
    assert second.amended == "d1"
    third = index.observe("d3", "c.txt", fp, sig)
    assert (third.duplicate_of, third.near_duplicate_group, third.amended) == ("d1", "d1", None)
    assert second.is_copy and third.is_copy
    # A source edited back to the text it published first is not a copy.
    fourth = index.observe("d4", "a.txt", fp, sig)
    assert fourth.duplicate_of is None
    assert not fourth.is_copy


def test_new_version_of_a_source_joins_its_group_but_is_no_copy():
    index = DuplicateIndex()
    index.observe("v1", "a.txt", "f1", signature(STORY))
    verdict = index.observe("v2", "a.txt", "f2", signature(STORY.replace("Tuesday", "Monday")))
    assert verdict.near_duplicate_group == "v1"
    assert not verdict.is_copy


def test_unrelated_story_starts_no_group():
    index = DuplicateIndex()
    index.observe("d1", "a.txt", "x", signature(STORY))
    other = (
        "Shares in the carmaker fell sharply after it warned that profits would halve this year "
        * 2
    )
    verdict = index.observe("d2", "b.txt", "y", signature(other))
    assert verdict == verdict.__class__()


def test_groups_across_runs_from_stored_state():
    """A second run loads what the first stored and matches new documents against it."""
    edited = STORY.replace("forty million", "40m").replace("Local shops", "Shopkeepers")
    first_run = DuplicateIndex()
    v1 = first_run.observe("d1", "wire/a.txt", "f1", signature(STORY))
    stored = [("d1", "wire/a.txt", "f1", signature(STORY).to_bytes(), v1.near_duplicate_group)]
    second_run = DuplicateIndex()
    for doc_id, path, fp, sig, group in stored:
        second_run.load(doc_id, path, fp, Signature.from_bytes(sig), group)
    verdict = second_run.observe("d2", "paper/b.txt", "f2", signature(edited))
    assert verdict.is_copy
    assert verdict.near_duplicate_group == "d1"
    assert verdict.amended == "d1"
    assert verdict.similarity >= 0.5
    # Loaded with its group, the first member is not amended again.
    third_run = DuplicateIndex()
    third_run.load("d1", "wire/a.txt", "f1", signature(STORY), "d1")
    assert third_run.observe("d3", "c.txt", "f3", signature(edited)).amended is None


def test_fixture_groups_are_the_stories_told_twice():
    """The wire story and its edited copy; and the German and Russian stories, each given as a
    page, a record (and a text file): the same words, so one story each."""
    prepared = prepared_fixtures()
    index = DuplicateIndex()
    group_of: dict[str, str] = {}
    for path, article in prepared.items():
        if path.endswith(".gz") or ".gz#" in path:
            continue
        verdict = index.observe(article.doc_id, path, article.text_sha256, article.signature)
        if verdict.amended:
            group_of[next(p for p, a in prepared.items() if a.doc_id == verdict.amended)] = (
                verdict.amended
            )
        if verdict.near_duplicate_group:
            group_of[path] = verdict.near_duplicate_group
    groups: dict[str, set[str]] = {}
    for path, group in group_of.items():
        groups.setdefault(group, set()).add(path)
    assert sorted(map(sorted, groups.values())) == sorted(
        [
            ["jsonl/newspaper.jsonl#line=1", "jsonl/newsplease.jsonl#line=1"],
            ["html/tagesbote-bahnstreik.html", "jsonl/newsplease.jsonl#line=2"],
            [
                "html/stolichnye-metro-cp1251.html",
                "jsonl/newsplease.jsonl#line=5",
                "txt/ru-metro.txt",
            ],
        ]
    )


@pytest.mark.skipif(not bbc_files(), reason="the BBC corpus is not beside the repository")
def test_bbc_byte_identical_copies_found():
    index = DuplicateIndex()
    copies = 0
    for path in bbc_files():
        text = path.read_text(encoding="utf-8")
        if index.observe(path.name, path.name, text_fingerprint([text]), None).duplicate_of:
            copies += 1
    assert copies == 98


@pytest.mark.skipif(not bbc_files(), reason="the BBC corpus is not beside the repository")
def test_labelled_edited_copies_precision_and_recall():
    """Every fourth BBC original and an edited copy of each (evals/near_duplicates_eval.py scores
    the whole corpus)."""
    from evals.near_duplicates_eval import corpus_articles, originals, score

    base = originals(corpus_articles(BBC), 0.5)[::4]
    precision, recall, _, _, true_pairs = score(base, 0.5)
    assert true_pairs >= 400
    assert precision >= 0.95
    assert recall >= 0.95


def test_pair_scores():
    truth = {frozenset((0, 2)), frozenset((1, 3))}
    assert pair_scores(["a", None, "a", None], truth)[:2] == (1.0, 0.5)
    assert pair_scores(["a", "a", "a", "a"], truth)[:2] == (2 / 6, 1.0)
    docs, labelled = labelled_set([("T", ["p1 a b c.", "p2 d e f.", "p3 g h."])])
    assert len(docs) == 2
    assert labelled == {frozenset((0, 1))}
