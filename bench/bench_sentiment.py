"""Time paragraph sentiment against NER over the same BBC paragraphs.

Sentiment must cost at most 10% of the NER time. Reads ~400 BBC articles from the shared corpus
(title line, then one paragraph a line; sampled evenly over the sorted file list, so the five
sections are all present), warms both up, then times NER (`flows.processing.nlp.find_mentions`, one
`nlp.pipe` stream) and `transforms.sentiment.score_paragraphs` over the same paragraphs.

    .venv/bin/python bench/bench_sentiment.py [--corpus DIR] [--docs 400] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from flows.processing.nlp import find_mentions, forget_paragraphs, load_model
from transforms.sentiment import score_paragraphs

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc"
BUDGET = 0.10


def load_documents(corpus: Path, count: int) -> list[list[str]]:
    """Paragraphs of `count` articles spread evenly over the corpus; the title is paragraph 0."""
    files = sorted(corpus.glob("*.txt"))
    step = max(1, len(files) // count)
    chosen = files[::step][:count]
    return [
        [
            line.strip()
            for line in f.read_text(encoding="utf-8", errors="replace").splitlines()
            if line.strip()
        ]
        for f in chosen
    ]


def best_time(run: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs, in seconds (the least disturbed by other processes)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    documents = load_documents(args.corpus, args.docs)
    paragraphs = [p for doc in documents for p in doc]
    nlp = load_model()
    find_mentions(nlp, documents[:5])
    score_paragraphs(paragraphs[:50])
    ner = best_time(lambda: forget_paragraphs() or find_mentions(nlp, documents), args.repeat)
    sentiment = best_time(lambda: score_paragraphs(paragraphs), args.repeat)
    ratio = sentiment / ner
    print(f"documents: {len(documents)}  paragraphs: {len(paragraphs)}")
    print(f"NER:        {ner:7.2f} s  ({1000 * ner / len(paragraphs):.2f} ms/paragraph)")
    print(
        f"sentiment:  {sentiment:7.2f} s  ({1000 * sentiment / len(paragraphs):.2f} ms/paragraph)"
    )
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"ratio:      {ratio:7.1%}  ({verdict} the {BUDGET:.0%} budget)")


if __name__ == "__main__":
    main()
