"""Near-duplicate detection scored on a labelled set of edited copies of BBC articles.

The originals are the corpus's articles less its own copies: the 98 byte-identical files and the
articles the detector already groups with another (the corpus has stories published twice under
two headlines). Each original gets one edited copy (`evals/edited_copies.py`: two to four of a
new headline, words substituted, a paragraph dropped, the last sentence trimmed, two paragraphs
swapped, a credit line added; fixed seed). Every document is then observed in turn; a pair is
found when both end in one group. Precision and recall are over pairs: every (original, copy)
pair is a true pair, every other pair a false one.

    .venv/bin/python evals/near_duplicates_eval.py [--corpus DIR] [--every N] [--threshold T]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from evals.edited_copies import labelled_set, pair_scores  # noqa: E402
from transforms.articles.duplicates import (  # noqa: E402
    NEAR_DUPLICATE_THRESHOLD,
    DuplicateIndex,
    signature,
    text_fingerprint,
)
from transforms.cleaning import clean_text  # noqa: E402
from transforms.paragraphs import split_paragraphs  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"


def corpus_articles(corpus: Path) -> list[tuple[str, list[str]]]:
    """(title, body) of every article: the first line is the title (the BBC layout)."""
    articles = []
    for path in sorted(corpus.glob("*.txt")):
        paragraphs = split_paragraphs(clean_text(path.read_text(encoding="utf-8")).text)
        articles.append((paragraphs[0], paragraphs[1:]))
    return articles


def originals(articles, threshold: float) -> list[tuple[str, list[str]]]:
    """The articles that are neither a copy of another nor grouped with one."""
    index = DuplicateIndex(threshold)
    verdicts = []
    for i, (title, body) in enumerate(articles):
        verdict = index.observe(
            str(i), str(i), text_fingerprint([title, *body]), signature("\n".join(body))
        )
        verdicts.append(verdict)
    grouped = {v.near_duplicate_group for v in verdicts if v.near_duplicate_group}
    return [
        article
        for i, (article, verdict) in enumerate(zip(articles, verdicts, strict=True))
        if verdict.duplicate_of is None
        and verdict.near_duplicate_group is None
        and str(i) not in grouped
    ]


def score(base, threshold: float, seed: int = 13) -> tuple[float, float, int, int, int]:
    documents, truth = labelled_set(base, seed)
    index = DuplicateIndex(threshold)
    groups = []
    for i, (title, body) in enumerate(documents):
        verdict = index.observe(
            str(i), f"doc{i}", text_fingerprint([title, *body]), signature("\n".join(body))
        )
        groups.append(verdict.near_duplicate_group)
    # The first member of a group learns its group when its first match arrives (`amended`).
    first = {g for g in groups if g is not None}
    groups = [
        g if g is not None else (str(i) if str(i) in first else None) for i, g in enumerate(groups)
    ]
    return pair_scores(groups, truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--every", type=int, default=1, help="use every Nth original")
    parser.add_argument("--threshold", type=float, nargs="*", default=[NEAR_DUPLICATE_THRESHOLD])
    args = parser.parse_args()
    articles = corpus_articles(args.corpus)
    base = originals(articles, NEAR_DUPLICATE_THRESHOLD)[:: args.every]
    print(f"{len(articles)} articles, {len(base)} originals, {len(base)} edited copies")
    print("| threshold | precision | recall | true pairs found | pairs found | true pairs |")
    print("|---|---|---|---|---|---|")
    for threshold in args.threshold:
        precision, recall, hits, found, true = score(base, threshold)
        print(f"| {threshold} | {precision:.4f} | {recall:.4f} | {hits} | {found} | {true} |")


if __name__ == "__main__":
    main()
