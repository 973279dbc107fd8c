"""Cost of the entity post-processing next to the NER it follows.

Runs NER (`flows.processing.nlp.find_mentions`) over N BBC articles (title line, then one paragraph a line),
then times the extra work per document: `resolve_entities` and `entity_tones` (paragraph sentiment
is scored beforehand and not counted; it is its own step of the pipeline). The word and country
tables are loaded once per process; that one-off load is reported apart.

    .venv/bin/python bench/bench_entities.py [--corpus DIR] [--docs N] [--model NAME]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from flows.processing.nlp import DEFAULT_MODEL, find_mentions, forget_paragraphs, load_model
from transforms.entities import Mention, entity_tones, resolve_entities
from transforms.sentiment import ParagraphSentiment, score_paragraph

BUDGET = 0.10


def read_articles(corpus: Path, count: int) -> list[list[str]]:
    """`count` articles spread evenly over the corpus's sorted files, as lists of paragraphs."""
    files = sorted(corpus.glob("*.txt"))
    step = max(len(files) // count, 1)
    chosen = files[::step][:count]
    return [
        [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for path in chosen
    ]


def warm_up() -> float:
    """Load the word-frequency and country tables once, as a long-running worker would."""
    started = time.perf_counter()
    resolve_entities(["Supreme Leader of the U.S."], [Mention(0, 0, 7, "Supreme", "ORG")])
    return time.perf_counter() - started


def extra_processing(
    documents: Sequence[Sequence[str]],
    mentions: Sequence[Sequence[Mention]],
    sentiments: Sequence[Sequence[ParagraphSentiment]],
) -> tuple[float, int, int]:
    """Seconds for resolve_entities + entity_tones over all documents, entity and tone counts."""
    started = time.perf_counter()
    n_entities = n_tones = 0
    for paragraphs, found, scored in zip(documents, mentions, sentiments, strict=True):
        entities = resolve_entities(paragraphs, found)
        n_entities += len(entities)
        n_tones += len(entity_tones(entities, scored))
    return time.perf_counter() - started, n_entities, n_tones


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc",
    )
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()

    documents = read_articles(args.corpus, args.docs)
    nlp = load_model(args.model)
    find_mentions(nlp, [["Warm-up text about Paris."]])
    forget_paragraphs()  # time the model, not look-ups of paragraphs seen in the warm-up
    started = time.perf_counter()
    mentions = find_mentions(nlp, documents)
    ner_seconds = time.perf_counter() - started
    sentiments = [[score_paragraph(p) for p in paragraphs] for paragraphs in documents]

    load_seconds = warm_up()
    runs = [extra_processing(documents, mentions, sentiments) for _ in range(3)]
    extra_seconds, n_entities, n_tones = min(runs)
    ratio = extra_seconds / ner_seconds

    n_paragraphs = sum(map(len, documents))
    n_mentions = sum(map(len, mentions))
    print(f"{len(documents)} documents, {n_paragraphs} paragraphs, model {args.model}")
    print(f"NER (find_mentions)             {ner_seconds:8.2f} s  {n_mentions} mentions")
    print(
        f"resolve_entities + entity_tones {extra_seconds:8.3f} s  {n_entities} entities, "
        f"{n_tones} tone rows (best of 3)"
    )
    print(f"one-off table load              {load_seconds:8.3f} s")
    print(
        f"extra / NER                     {ratio:8.1%}  (budget {BUDGET:.0%}: "
        f"{'within' if ratio <= BUDGET else 'OVER'})"
    )


if __name__ == "__main__":
    main()
