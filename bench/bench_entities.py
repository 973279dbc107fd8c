"""Cost of the whole entity stage next to the NER it follows, on the BBC corpus.

Runs NER over the articles (title line, then one paragraph a line, decoded, cleaned and split
as the pipeline does) with the model loaded as the flow loads it (only what NER needs), then
times the entity stage: per document `resolve_entities` (spans, titles, amounts, labels with
evidence, canonical names) and `entity_tones`, then `document_aggregates` and `build_catalogue`
over all the documents (one catalogue for the corpus, as a full refresh builds it). Paragraph
sentiment is scored beforehand and not counted; it is its own step of the pipeline. The curated
tables and word lists are loaded once per process; that one-off load is reported apart.

    .venv/bin/python bench/bench_entities.py [--corpus DIR] [--docs N] [--model NAME|PATH]

`--docs N` takes N articles spread over the corpus (default: all 2,225).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evals"))

from spacy_ner import DEFAULT_MODEL, find_mentions, load_ner, model_name, read_bbc

from transforms.entities import Mention, entity_tones, resolve_entities
from transforms.entity_catalogue import build_catalogue, document_aggregates
from transforms.sentiment import ParagraphSentiment, score_paragraph

BUDGET = 0.15


def warm_up() -> float:
    """Load the tables and word lists once, as a long-running worker would."""
    started = time.perf_counter()
    paragraphs = [
        "Mr Blair met the EU in Turkey; shares in Yukos rose 5% to $3m.",
        "Norwich 1 Leeds 0",
    ]
    entities = resolve_entities(paragraphs, [Mention(0, 3, 8, "Blair", "PERSON")])
    build_catalogue(document_aggregates("warm-up", entities))
    return time.perf_counter() - started


def entity_stage(
    names: Sequence[str],
    documents: Sequence[Sequence[str]],
    mentions: Sequence[Sequence[Mention]],
    sentiments: Sequence[Sequence[ParagraphSentiment]],
) -> tuple[float, float, int, int, int]:
    """Seconds for the per-document rules and for the catalogue; entity, tone and row counts."""
    started = time.perf_counter()
    aggregates, n_entities, n_tones = [], 0, 0
    for name, paragraphs, found, scored in zip(names, documents, mentions, sentiments, strict=True):
        entities = resolve_entities(paragraphs, found)
        n_entities += len(entities)
        n_tones += len(entity_tones(entities, scored))
        aggregates += document_aggregates(name, entities)
    rules = time.perf_counter() - started
    started = time.perf_counter()
    catalogue = build_catalogue(aggregates)
    return rules, time.perf_counter() - started, n_entities, n_tones, len(catalogue.rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc",
    )
    parser.add_argument("--docs", type=int, default=None)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    articles = read_bbc(args.corpus, args.docs)
    names = [name for name, _ in articles]
    documents = [paragraphs for _, paragraphs in articles]
    nlp = load_ner(args.model)
    find_mentions(nlp, [["Warm-up text about Paris."]])
    started = time.perf_counter()
    mentions = find_mentions(nlp, documents)
    ner_seconds = time.perf_counter() - started
    sentiments = [[score_paragraph(p) for p in paragraphs] for paragraphs in documents]

    load_seconds = warm_up()
    runs = [entity_stage(names, documents, mentions, sentiments) for _ in range(args.repeat)]
    rules, catalogue, n_entities, n_tones, n_rows = min(runs, key=lambda run: run[0] + run[1])
    ratio = (rules + catalogue) / ner_seconds

    n_paragraphs = sum(map(len, documents))
    n_mentions = sum(map(len, mentions))
    print(f"{len(documents)} documents, {n_paragraphs} paragraphs, model {model_name(nlp)}")
    print(f"NER (find_mentions)                    {ner_seconds:8.2f} s  {n_mentions} mentions")
    print(
        f"resolve_entities + entity_tones        {rules:8.3f} s  {n_entities} entities, "
        f"{n_tones} tone rows (best of {args.repeat})"
    )
    print(f"document_aggregates + build_catalogue  {catalogue:8.3f} s  {n_rows} catalogue entities")
    print(f"one-off table load                     {load_seconds:8.3f} s")
    print(
        f"entity stage / NER                     {ratio:8.1%}  (budget {BUDGET:.0%}: "
        f"{'within' if ratio <= BUDGET else 'OVER'})"
    )


if __name__ == "__main__":
    main()
