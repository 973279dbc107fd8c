"""The entity tables an analyst would count, on the BBC corpus: top entities and known identities.

Runs the product's per-document code in this process (decode, clean and split with
`transforms.records.prepare_document`; NER with the model loaded as the flow loads it; then
`resolve_entities`), builds the catalogue (`build_catalogue`) over all 2,225 articles, and
prints:

- counts, and the invariants the validation report warns about (`transforms.entity_checks`);
- the README's "most-mentioned people" example, grouped by catalogue entity;
- the top 50 catalogue entities of each label, by mentions;
- the hand-checked list `evals/bbc_entities_checks.tsv` (known identities, labels, ISO codes and
  known errors that must not come back), each line passed or failed, and the score.

    .venv/bin/python evals/bbc_entities.py [--corpus DIR] [--model NAME|PATH] [--mentions FILE]

`--mentions FILE` keeps the model's mentions in a pickle and reuses them on the next run (NER is
most of the time, and the rules are what one changes). The corpus is read from
`../shared/corpora/bbc` and never copied.
"""

from __future__ import annotations

import argparse
import csv
import pickle
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from spacy_ner import DEFAULT_MODEL, find_mentions, load_ner, read_bbc

from transforms.entities import Entity, resolve_entities
from transforms.entity_catalogue import (
    Catalogue,
    CatalogueRow,
    build_catalogue,
    document_aggregates,
)
from transforms.entity_checks import (
    amounts_without_unit,
    labels_disagreeing,
    spans_across_sentences,
    split_people,
    titled_canonicals,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc"
CHECKS = Path(__file__).with_name("bbc_entities_checks.tsv")
TOP = 50
LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")


def model_mentions(documents: Sequence[tuple[str, list[str]]], model: str, cache: Path | None):
    """The model's mentions per document, from the cache when it holds this corpus and model."""
    if cache is not None and cache.exists():
        stored = pickle.loads(cache.read_bytes())
        if stored["model"] == model and stored.get("documents") == list(documents):
            return stored["mentions"], stored["seconds"]
    started = time.perf_counter()
    mentions = find_mentions(load_ner(model), [paragraphs for _, paragraphs in documents])
    seconds = time.perf_counter() - started
    if cache is not None:
        payload = {"model": model, "documents": list(documents), "mentions": mentions}
        payload["seconds"] = seconds
        cache.write_bytes(pickle.dumps(payload))
    return mentions, seconds


def entity_rows(name: str, entities: Sequence[Entity], catalogue: Catalogue) -> list[dict]:
    """Rows as the `entities` table will hold them, with `entity_id` from the catalogue."""
    return [
        asdict(e) | {"doc_id": name, "entity_id": catalogue.entity_id(name, e.canonical, e.label)}
        for e in entities
    ]


def print_invariants(rows: list[dict], paragraphs: dict, catalogue: Catalogue) -> None:
    labels = {row.entity_id: row.label for row in catalogue.rows}
    findings = {
        "PERSON canonical names with a title": titled_canonicals(rows),
        "a surname and its full name as two canonicals in one document": split_people(rows),
        "amounts without their currency or percent sign": amounts_without_unit(rows),
        "mentions across a sentence boundary": spans_across_sentences(rows, paragraphs),
        "mentions whose label differs from the catalogue's": labels_disagreeing(rows, labels),
    }
    print("\n## Invariants (warnings in the validation report)\n")
    for what, found in findings.items():
        examples = [_short(item) for item in found[:4]]
        print(f"- {what}: {len(found)}" + (f"  e.g. {'; '.join(examples)}" if examples else ""))
    documents = {
        row[0] for row in findings["a surname and its full name as two canonicals in one document"]
    }
    print(f"  (documents with a surname and its full name apart: {len(documents)})")


def _short(item) -> str:
    if isinstance(item, dict):
        return f"{item['doc_id']} {item['text']!r} {item['label']} -> {item['canonical']!r}"
    return " ".join(map(str, item))


def print_readme_people(rows: list[dict], catalogue: Catalogue) -> None:
    """The README's first query (most-mentioned people), grouped by catalogue entity."""
    names = {row.entity_id: row for row in catalogue.rows}
    counts = Counter(row["entity_id"] for row in rows if row["label"] == "PERSON")
    print("\n## README example: the most-mentioned people\n")
    for entity, mentions in counts.most_common(10):
        print(f"- {names[entity].name} ({names[entity].label}): {mentions} mentions")


def print_top(catalogue: Catalogue) -> None:
    by_label: dict[str, list[CatalogueRow]] = defaultdict(list)
    for row in catalogue.rows:
        by_label[row.label].append(row)
    for label in LABELS:
        top = sorted(by_label[label], key=lambda row: (-row.mentions, row.name))[:TOP]
        print(f"\n## Top {len(top)} {label} ({len(by_label[label])} entities)\n")
        for rank, row in enumerate(top, 1):
            aliases = ", ".join(f"{text} {count}" for text, count in row.aliases[:4])
            codes = f" [{row.iso_alpha2}/{row.iso_alpha3}]" if row.iso_alpha2 else ""
            print(
                f"{rank:>3}. {row.name}{codes}: {row.mentions} mentions, {row.documents} documents ({aliases})"
            )


def run_checks(catalogue: Catalogue, path: Path = CHECKS) -> tuple[int, int]:
    """Evaluate the hand-checked list; print each failure and the score."""
    context = _CheckContext(catalogue)
    with path.open(encoding="utf-8", newline="") as lines:
        rows = [r for r in csv.reader(lines, delimiter="\t") if r and not r[0].startswith("#")]
    header, checks = rows[0], rows[1:]
    assert header[:2] == ["check", "subject"], header
    passed = 0
    print(f"\n## Hand-checked identities and errors ({path.name})\n")
    for check in checks:
        kind, subject, *args = check
        ok = CHECK_KINDS[kind](context, subject, *args)
        passed += ok
        if not ok:
            print(f"- FAILED {kind} {subject} {' '.join(args)}: {context.describe(subject)}")
    print(f"\nscore: {passed}/{len(checks)} ({passed / len(checks):.1%})")
    return passed, len(checks)


class _CheckContext:
    def __init__(self, catalogue: Catalogue) -> None:
        self.rows = catalogue.rows
        self.by_name = {row.name: row for row in catalogue.rows}

    def describe(self, name: str) -> str:
        row = self.by_name.get(name)
        if row is None:
            holders = [r.name for r in self.rows if any(a == name for a, _ in r.aliases)][:5]
            return f"no entity of that name; the spelling is an alias of {holders}"
        return f"{row.label}, {row.mentions} mentions, aliases {row.aliases[:6]}"

    def top(self, label: str, count: int) -> list[str]:
        rows = sorted(
            (r for r in self.rows if r.label == label), key=lambda r: (-r.mentions, r.name)
        )
        return [r.name for r in rows[:count]]


def _entity(c: _CheckContext, name: str, label: str, aliases: str = "") -> bool:
    row = c.by_name.get(name)
    wanted = [a for a in aliases.split("|") if a]
    return row is not None and row.label == label and all(a in dict(row.aliases) for a in wanted)


def _not_alias(c: _CheckContext, name: str, alias: str) -> bool:
    row = c.by_name.get(name)
    return row is None or alias not in dict(row.aliases)


def _no_entity(c: _CheckContext, name: str) -> bool:
    return name not in c.by_name


def _alias_of(c: _CheckContext, alias: str, name: str) -> bool:
    """Most mentions written `alias` belong to entity `name`."""
    counts = {r.name: dict(r.aliases).get(alias, 0) for r in c.rows}
    total = sum(counts.values())
    return total > 0 and counts.get(name, 0) >= 0.9 * total


def _iso(c: _CheckContext, name: str, iso2: str) -> bool:
    row = c.by_name.get(name)
    return row is not None and row.iso_alpha2 == iso2


def _in_top(c: _CheckContext, name: str, label: str, count: str) -> bool:
    return name in c.top(label, int(count))


def _not_in_top(c: _CheckContext, name: str, label: str, count: str) -> bool:
    return name not in c.top(label, int(count))


CHECK_KINDS: dict[str, Callable[..., bool]] = {
    "entity": _entity,
    "alias_of": _alias_of,
    "not_alias": _not_alias,
    "no_entity": _no_entity,
    "iso": _iso,
    "in_top": _in_top,
    "not_in_top": _not_in_top,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--mentions", type=Path, help="cache of the model's mentions (pickle)")
    parser.add_argument("--checks", type=Path, default=CHECKS)
    args = parser.parse_args()

    documents = read_bbc(args.corpus)
    mentions, ner_seconds = model_mentions(documents, args.model, args.mentions)
    started = time.perf_counter()
    resolved = [
        resolve_entities(ps, found) for (_, ps), found in zip(documents, mentions, strict=True)
    ]
    resolve_seconds = time.perf_counter() - started
    started = time.perf_counter()
    aggregates = [
        a
        for (name, _), entities in zip(documents, resolved, strict=True)
        for a in document_aggregates(name, entities)
    ]
    catalogue = build_catalogue(aggregates)
    catalogue_seconds = time.perf_counter() - started

    rows = [
        r
        for (name, _), es in zip(documents, resolved, strict=True)
        for r in entity_rows(name, es, catalogue)
    ]
    paragraphs = {(name, i): p for name, ps in documents for i, p in enumerate(ps)}
    print(f"# BBC entities, model {args.model}\n")
    print(
        f"{len(documents)} documents, {len(paragraphs)} paragraphs, {len(rows)} mentions, "
        f"{sum(1 for r in rows if r['entity_id'])} in the catalogue, {len(catalogue.rows)} catalogue entities"
    )
    print(
        f"NER {ner_seconds:.1f} s (when measured in this run: not from the cache); "
        f"resolve_entities {resolve_seconds:.1f} s; aggregates + catalogue {catalogue_seconds:.1f} s"
    )
    print_invariants(rows, paragraphs, catalogue)
    print_readme_people(rows, catalogue)
    print_top(catalogue)
    run_checks(catalogue, args.checks)


if __name__ == "__main__":
    main()
