"""Each table is declared once, and what builds and publishes its rows follows the declaration."""

from __future__ import annotations

import dataclasses

import pyarrow as pa
import pytest

from flows.contract.runs import RUN_COLUMNS
from flows.contract.settings import Settings
from flows.contract.tables import PUBLISH_ORDER, TABLES, Table, column
from flows.quality.expectations import rules_for
from transforms.entities import Entity, EntityTone
from transforms.records import (
    document_row,
    entity_rows,
    entity_tone_rows,
    paragraph_rows,
    prepare_document,
    reject_row,
)
from transforms.rows import ParagraphRow
from transforms.sentiment import document_tone, score_paragraph

ARTICLE = "Leaders Meet in Geneva\nThe leaders of France and Germany met in Geneva.\n"


def built_rows() -> dict[str, list]:
    """One document's rows of every table, made by the builders the pipeline uses."""
    doc = prepare_document("world/summit.txt", ARTICLE.encode())
    sentiments = [score_paragraph(text) for text in doc.paragraphs]
    entity = Entity(1, 35, 41, "Geneva", "GPE", "Geneva")
    tone = EntityTone("Geneva", "GPE", 1, 1, 0.0, 0.0, 1)
    return {
        "documents": [document_row(doc, document_tone(sentiments), None)],
        "paragraphs": paragraph_rows(doc, sentiments),
        "entities": entity_rows(doc, [entity]),
        "entity_sentiment": entity_tone_rows(doc, [tone]),
        "rejects": [reject_row("bad.bin", b"\0\0", "the file is binary, not text")],
    }


@pytest.mark.parametrize("name", list(TABLES))
def test_every_row_builder_fills_exactly_its_tables_columns(name: str):
    table = TABLES[name]
    rows = built_rows()[name]
    arrow = table.rows_to_arrow(rows)
    assert arrow.schema.equals(table.row_schema)
    assert set(table.row_schema.names) | RUN_COLUMNS >= set(table.schema.names)
    for field in table.row_schema:
        if not field.nullable:
            assert arrow.column(field.name).null_count == 0, f"{name}.{field.name}"


def test_a_misspelt_field_in_a_row_record_fails_at_declaration():
    @dataclasses.dataclass(frozen=True)
    class Misspelt:
        doc_id: str
        paragraph_indx: int

    with pytest.raises(
        TypeError, match=r"missing \['paragraph_index'\], unknown \['paragraph_indx'\]"
    ):
        Table(
            name="broken",
            description="a table whose record misspells a column",
            columns=(
                column("doc_id", pa.string(), "The document."),
                column("paragraph_index", pa.int64(), "Its position."),
            ),
            key=("doc_id", "paragraph_index"),
            row=Misspelt,
        )


def test_a_key_naming_a_missing_column_fails_at_declaration():
    with pytest.raises(TypeError, match="names columns it lacks"):
        dataclasses.replace(TABLES["paragraphs"], key=("doc_id", "paragraph"))


def test_rows_of_another_table_are_refused():
    rows = built_rows()["entities"]
    with pytest.raises(TypeError, match="takes ParagraphRow"):
        TABLES["paragraphs"].rows_to_arrow(rows)
    assert TABLES["paragraphs"].row is ParagraphRow


def test_children_are_published_before_their_parents():
    for name, table in TABLES.items():
        if table.parent is not None:
            assert PUBLISH_ORDER.index(name) < PUBLISH_ORDER.index(table.parent), name
    assert PUBLISH_ORDER[-1] == "documents"


@pytest.mark.parametrize("name", list(TABLES))
def test_the_key_expectation_comes_from_the_declared_key(name: str):
    key = list(TABLES[name].key)
    kwargs = [rule.kwargs for rule in rules_for(name, Settings()) if "Unique" in rule.expectation]
    expected = {"column": key[0]} if len(key) == 1 else {"column_list": key}
    assert kwargs == [expected]
