"""The detectors of entity invariants find what they describe, and nothing in clean rows."""

from __future__ import annotations

from transforms.entity_checks import (
    amounts_without_unit,
    labels_disagreeing,
    spans_across_sentences,
    split_people,
    titled_canonicals,
)


def row(doc: str, text: str, label: str, canonical: str | None = None, **extra) -> dict:
    return {
        "doc_id": doc,
        "paragraph_index": 0,
        "start_char": 0,
        "end_char": len(text),
        "text": text,
        "label": label,
        "canonical": canonical or text,
        **extra,
    }


def test_titled_canonicals() -> None:
    rows = [row("d", "Mr Blair", "PERSON"), row("d", "Prince Charles", "PERSON")]
    rows.append(row("d", "Mr Men", "WORK_OF_ART"))
    assert [r["canonical"] for r in titled_canonicals(rows)] == ["Mr Blair"]


def test_split_people_reports_a_surname_beside_its_one_full_name() -> None:
    rows = [
        row("a", "Blair", "PERSON"),
        row("a", "Tony Blair", "PERSON"),
        row("b", "Bush", "PERSON"),
        row("b", "George Bush", "PERSON"),
        row("b", "Laura Bush", "PERSON"),
        row("c", "Blair", "PERSON"),
        row("d", "Tony Blair", "PERSON"),
        row("e", "Blair", "PERSON"),
        row("e", "Mr Blair", "PERSON"),
        row("e", "Tony Blair", "PERSON"),
    ]
    assert split_people(rows) == [
        ("a", "Blair", "Tony Blair"),
        ("e", "Blair", "Tony Blair"),
        ("e", "Mr Blair", "Tony Blair"),
    ]


def test_amounts_without_unit() -> None:
    rows = [
        row("d", "76", "PERCENT"),
        row("d", "76%", "PERCENT"),
        row("d", "5 per cent", "PERCENT"),
        row("d", "500", "MONEY"),
        row("d", "$500m", "MONEY"),
        row("d", "400m euros", "MONEY"),
        row("d", "97p", "MONEY"),
    ]
    assert [r["text"] for r in amounts_without_unit(rows)] == ["76", "500"]


def test_labels_disagreeing() -> None:
    rows = [row("d", "Yukos", "PERSON", entity_id="y"), row("d", "Yukos", "ORG", entity_id="y")]
    rows.append(row("d", "76%", "PERCENT", entity_id=None))
    assert [r["label"] for r in labels_disagreeing(rows, {"y": "ORG"})] == ["PERSON"]


def test_spans_across_sentences() -> None:
    paragraph = "He joined Warner Bros. However, it failed."
    inside = row("d", "Warner Bros.", "ORG", start_char=10, end_char=22)
    across = row("d", "Warner Bros. However", "ORG", start_char=10, end_char=30)
    assert spans_across_sentences([inside, across], {("d", 0): paragraph}) == [across]
